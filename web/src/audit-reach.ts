import { api } from './api/client';
import { engagementScope, isAuditor, loadEngagementScope, selectedEngagement } from './engagement-scope';
import { type PeriodReach, reachOf } from './report-period';

/** The auditor's engagements, read once per login (the list itself needs no engagement named). */
export function loadAuditorEngagements(): Promise<void> {
  return loadEngagementScope(async (centreId) => (await api.GET('/api/v1/centres/{centreId}/audit-engagements', { params: { path: { centreId } } })).data);
}

/**
 * The months an auditor may read: those of the engagement their screens work under (chosen in the header), so that
 * report screens open on a period the API will answer; null for everyone else (they read every month) and when no
 * engagement is in force.
 */
export async function loadAuditReach(): Promise<PeriodReach | null> {
  if (!isAuditor.value) return null;
  await loadAuditorEngagements();
  const engagement = selectedEngagement.value;
  return engagement && engagementScope.inForce.length > 0 ? reachOf([engagement]) : null;
}
