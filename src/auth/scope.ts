import { CommonErrors } from '../common/domain-error.js';
import type { Principal } from '../common/request-context.js';
import { CENTRE_WIDE_ROLES, Role } from './roles.js';

/**
 * Scope rules (invariant 8). Outside one's scope an object does not exist: the answer is 404, never 403, so a
 * caller cannot learn what other centres or unions hold.
 */
export function canSeeCentre(principal: Principal, centreId: string): boolean {
  return principal.role === Role.SystemAdmin || principal.centreId === centreId;
}

export function assertCentreVisible(principal: Principal, centreId: string): void {
  if (!canSeeCentre(principal, centreId)) throw CommonErrors.notFound('Centre', centreId);
}

/** Sees every union and enterprise of the centre (staff and, until engagements narrow them, auditors). */
export function seesWholeCentre(principal: Principal, centreId: string): boolean {
  if (principal.role === Role.SystemAdmin) return true;
  return principal.centreId === centreId && (CENTRE_WIDE_ROLES as readonly string[]).includes(principal.role);
}

export function canSeeUnion(principal: Principal, centreId: string, unionId: string): boolean {
  return seesWholeCentre(principal, centreId) || (principal.centreId === centreId && principal.unionId === unionId);
}
