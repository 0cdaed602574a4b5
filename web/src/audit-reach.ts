import { api } from './api/client';
import { type PeriodReach, reachOf } from './report-period';
import { session } from './session';

const AUDITOR_ROLES = new Set(['internal_auditor', 'state_auditor', 'social_auditor']);
let cached: { userId: string; reach: PeriodReach | null } | null = null;

/**
 * The months an auditor may read (their engagements in force, GET audit-engagements), so that report screens open on
 * a period the API will answer; null for everyone else (they read every month) and when it cannot be read.
 */
export async function loadAuditReach(): Promise<PeriodReach | null> {
  const user = session.current?.user;
  if (!user?.centreId || !AUDITOR_ROLES.has(user.role)) return null;
  if (cached?.userId === user.id) return cached.reach;
  const { data } = await api.GET('/api/v1/centres/{centreId}/audit-engagements', { params: { path: { centreId: user.centreId } } });
  const reach = data ? reachOf(data) : null;
  cached = { userId: user.id, reach };
  return reach;
}
