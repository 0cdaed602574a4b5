import { DomainError } from '../common/domain-error.js';
import { chooseReach, type EngagementInForce } from './engagement-reach.js';
import { canSeeUnion, periodInScope, seesWholeCentre } from './scope.js';

const CENTRE = 'c0000000-0000-4000-8000-000000000000';
const unionA = { id: 'e1000000-0000-4000-8000-000000000001', all_unions: false, period_from: '2026-01', period_to: '2026-12', unions: ['a'] };
const unionBLastYear = { id: 'e2000000-0000-4000-8000-000000000002', all_unions: false, period_from: '2025-01', period_to: '2025-12', unions: ['b'] };
const wholeCentre = { id: 'e3000000-0000-4000-8000-000000000003', all_unions: true, period_from: '2024-01', period_to: '2024-06', unions: [] };

const request = (headers: Record<string, string | string[]> = {}, params: Record<string, string> = {}) => ({ headers, params });
const auditor = (held: EngagementInForce[], req = request(), needsNone = false) => ({
  userId: 'u', username: 'u', role: 'internal_auditor', centreId: CENTRE, unionId: null, enterpriseId: null, audit: chooseReach(held, req, needsNone),
});
const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'none';
};

describe('chooseReach: one engagement per request, never a merge of two', () => {
  it('with one engagement in force, acts under it without naming it', () => {
    const principal = auditor([unionA]);
    expect(principal.audit.engagementIds).toEqual([unionA.id]);
    expect(canSeeUnion(principal, CENTRE, 'a')).toBe(true);
    expect(periodInScope(principal, '2026-03')).toBe(true);
    expect(periodInScope(principal, '2025-03')).toBe(false);
  });

  it('with several, a request must name one; the named one alone is the reach', () => {
    expect(code(() => chooseReach([unionA, unionBLastYear], request(), false))).toBe('AUTH.ENGAGEMENT_REQUIRED');
    const underB = auditor([unionA, unionBLastYear], request({ 'x-audit-engagement': unionBLastYear.id }));
    // union A's months of last year belong to neither engagement: under B, union A is out; under A, last year is
    expect(canSeeUnion(underB, CENTRE, 'a')).toBe(false);
    expect(periodInScope(underB, '2025-06')).toBe(true);
    const underA = auditor([unionA, unionBLastYear], request({ 'x-audit-engagement': ` ${unionA.id.toUpperCase()} ` }));
    expect(canSeeUnion(underA, CENTRE, 'b')).toBe(false);
    expect(periodInScope(underA, '2025-06')).toBe(false);
    // a whole-centre engagement's breadth does not carry over to another's months
    const underWhole = auditor([unionA, wholeCentre], request({ 'x-audit-engagement': wholeCentre.id }));
    expect(seesWholeCentre(underWhole, CENTRE)).toBe(true);
    expect(periodInScope(underWhole, '2026-03')).toBe(false);
    expect(seesWholeCentre(auditor([unionA, wholeCentre], request({ 'x-audit-engagement': unionA.id })), CENTRE)).toBe(false);
  });

  it('refuses a header that names no engagement of the auditor in force, in any form', () => {
    for (const header of ['e9000000-0000-4000-8000-000000000009', 'not-a-uuid', '', [unionA.id, unionA.id], `${unionA.id},${unionBLastYear.id}`]) {
      expect(code(() => chooseReach([unionA, unionBLastYear], request({ 'x-audit-engagement': header }), false))).toBe('AUTH.ENGAGEMENT_NOT_HELD');
      expect(code(() => chooseReach([unionA], request({ 'x-audit-engagement': header }), false))).toBe('AUTH.ENGAGEMENT_NOT_HELD');
    }
  });

  it('on a route that names its engagement, acts under it; else reaches nothing', () => {
    const named = auditor([unionA, unionBLastYear], request({}, { engagementId: unionBLastYear.id }), true);
    expect(named.audit.engagementIds).toEqual([unionBLastYear.id]);
    const none = auditor([unionA, unionBLastYear], request(), true);
    expect(none.audit.engagementIds).toEqual([unionA.id, unionBLastYear.id]);
    expect(canSeeUnion(none, CENTRE, 'a')).toBe(false);
    expect(periodInScope(none, '2026-03')).toBe(false);
    expect(seesWholeCentre(none, CENTRE)).toBe(false);
  });
});
