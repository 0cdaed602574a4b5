import { CommonErrors, DomainError } from '../common/domain-error.js';
import type { Principal } from '../common/request-context.js';
import { AUDITORS, CENTRE_STAFF, Role, UNION_ROLES } from './roles.js';

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

/**
 * Sees every union and enterprise of the centre: the centre's staff, and auditors whose engagement in force covers
 * the whole centre.
 */
export function seesWholeCentre(principal: Principal, centreId: string): boolean {
  if (principal.role === Role.SystemAdmin) return true;
  if (principal.centreId !== centreId) return false;
  if ((CENTRE_STAFF as readonly string[]).includes(principal.role)) return true;
  return isAuditor(principal.role) && principal.audit?.allUnions === true;
}

export function isAuditor(role: string): boolean {
  return (AUDITORS as readonly string[]).includes(role);
}

/** The unions a principal reaches in a centre: all of them, or a list (one's own union; an engagement's unions). */
export function unionsInScope(principal: Principal, centreId: string): 'all' | string[] {
  if (seesWholeCentre(principal, centreId)) return 'all';
  if (principal.centreId !== centreId) return [];
  if (isAuditor(principal.role)) return principal.audit?.unionIds ?? [];
  if ((UNION_ROLES as readonly string[]).includes(principal.role) && principal.unionId) return [principal.unionId];
  return [];
}

export function canSeeUnion(principal: Principal, centreId: string, unionId: string): boolean {
  const scope = unionsInScope(principal, centreId);
  return scope === 'all' || scope.includes(unionId);
}

/**
 * Centre-level records (the unified bank account, dues receipts and arrears of every enterprise, the whole trail)
 * belong to no one union: an auditor reads them only under an engagement of the whole centre.
 */
export function assertCentreLevelRead(principal: Principal, centreId: string): void {
  assertCentreVisible(principal, centreId);
  if (isAuditor(principal.role) && !seesWholeCentre(principal, centreId)) {
    throw new DomainError('AUTH.OUT_OF_ENGAGEMENT', 403, 'Forbidden', 'These records are the whole centre’s; your engagement covers some of its unions only.');
  }
}

/** An auditor asks for months outside the engagement. */
export function assertPeriodsInScope(principal: Principal, ...periods: string[]): void {
  const outside = periods.find((period) => !periodInScope(principal, period));
  if (outside) {
    throw new DomainError('AUTH.OUT_OF_ENGAGEMENT', 403, 'Forbidden',
      `Your engagement covers ${principal.audit!.periodFrom} to ${principal.audit!.periodTo}; ${outside} is outside it.`);
  }
}

/**
 * The day a point-in-time report (arrears, cash position, funds held) is read at: the one asked for, else today. For
 * an auditor the day must fall in the engagement's months, and when none is asked for and the engagement's months
 * ended before today, it is their last day: a later day would show what happened after the months audited.
 */
export function asOfInScope(principal: Principal, asOf: string | undefined, today = new Date().toISOString().slice(0, 10)): string {
  const days = daysInScope(principal);
  const date = asOf === undefined && days && today > days.to ? days.to : (asOf ?? today);
  assertPeriodsInScope(principal, date.slice(0, 7));
  return date;
}

/**
 * The days an auditor's engagement covers (the first of its first month to the last of its last), for lists of dated
 * records; undefined for everyone else, who reaches every day.
 */
export function daysInScope(principal: Principal): { from: string; to: string } | undefined {
  const reach = principal.audit;
  if (!reach) return undefined;
  const [year, month] = reach.periodTo.split('-').map(Number);
  return { from: `${reach.periodFrom}-01`, to: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) };
}

/** The months a principal reaches: an auditor only the engagement's; everyone else every month. */
export function periodInScope(principal: Principal, period: string): boolean {
  const reach = principal.audit;
  return !reach || (period >= reach.periodFrom && period <= reach.periodTo);
}

/** Whether any month of a year is in scope (budgets, claims and statements are yearly). */
export function yearInScope(principal: Principal, year: number): boolean {
  const reach = principal.audit;
  return !reach || (year >= Number(reach.periodFrom.slice(0, 4)) && year <= Number(reach.periodTo.slice(0, 4)));
}
