import type { AuditReach } from '../common/request-context.js';
import { ENGAGEMENT_HEADER } from './access.decorators.js';
import { AuthErrors } from './auth.errors.js';

/** An engagement in force today of which the auditor is one (as the guard reads it). */
export interface EngagementInForce {
  id: string;
  all_unions: boolean;
  period_from: string;
  period_to: string;
  unions: string[];
}

/** Reaches nothing: the reach of a request whose engagement is checked elsewhere (fail closed if it were consulted). */
const NO_REACH = { allUnions: false, unionIds: [], periodFrom: '9999-12', periodTo: '0000-01' } as const;

function reachOf(engagement: EngagementInForce): AuditReach {
  return {
    engagementIds: [engagement.id],
    allUnions: engagement.all_unions,
    unionIds: engagement.unions,
    periodFrom: engagement.period_from,
    periodTo: engagement.period_to,
  };
}

/**
 * The one engagement a request is made under (四位一体: every read answers to one engagement's unions and months; two
 * engagements' unions and months are never merged, which would open one union's months granted only for another).
 * A route that names its engagement acts under it and checks it itself; otherwise the X-Audit-Engagement header names
 * it, or the auditor holds only one. `needsNone` routes (an auditor's own engagements, own account) consult no reach.
 */
export function chooseReach(
  held: EngagementInForce[],
  request: { params?: Record<string, string | string[]>; headers: Record<string, string | string[] | undefined> },
  needsNone: boolean,
): AuditReach {
  if (needsNone) {
    const named = held.find((engagement) => engagement.id === request.params?.engagementId);
    return named ? reachOf(named) : { ...NO_REACH, unionIds: [], engagementIds: held.map((engagement) => engagement.id) };
  }
  const header = request.headers[ENGAGEMENT_HEADER.toLowerCase()];
  if (header !== undefined) {
    const named = typeof header === 'string' ? held.find((engagement) => engagement.id === header.trim().toLowerCase()) : undefined;
    if (!named) throw AuthErrors.engagementNotHeld();
    return reachOf(named);
  }
  if (held.length > 1) throw AuthErrors.engagementRequired(held.length);
  return reachOf(held[0]);
}