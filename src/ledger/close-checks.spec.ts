import { money } from '../common/money.js';
import { type CloseFacts, closeChecks, firstFailure } from './close-checks.js';

const facts = (overrides: Partial<CloseFacts> = {}): CloseFacts => ({
  period: '2026-03',
  status: 'open',
  closedAt: null,
  earlierOpen: [],
  drafts: 0,
  approved: 0,
  debit: money('1500.00'),
  credit: money('1500.00'),
  unionsToCarry: null,
  ...overrides,
});

describe('closeChecks', () => {
  it('passes every check of a clean month, in the order the closing makes them', () => {
    const checks = closeChecks(facts());
    expect(checks.map((c) => c.code)).toEqual(['period_open', 'earlier_closed', 'no_pending', 'trial_balance']);
    expect(checks.every((c) => c.passed)).toBe(true);
    expect(firstFailure(checks)).toBeUndefined();
    expect(checks[3].detail).toBe('截至本期末借方累计 1500.00，贷方累计 1500.00，借贷相等。');
  });

  it('names the earlier periods still open', () => {
    const checks = closeChecks(facts({ earlierOpen: ['2026-01', '2026-02'] }));
    expect(firstFailure(checks)).toEqual(expect.objectContaining({ code: 'earlier_closed', passed: false }));
    expect(checks[1].detail).toContain('2026-01、2026-02');
  });

  it('counts the drafts and the approved entries not posted', () => {
    const checks = closeChecks(facts({ drafts: 2, approved: 1 }));
    expect(firstFailure(checks)?.code).toBe('no_pending');
    expect(checks[2].detail).toBe('本期尚有 3 张凭证未记账（待审核 2 张，已审核待记账 1 张）。');
  });

  it('shows the difference when the trial balance does not balance', () => {
    const checks = closeChecks(facts({ debit: money('100.10'), credit: money('100.00') }));
    expect(firstFailure(checks)?.code).toBe('trial_balance');
    expect(checks[3].detail).toContain('相差 0.10');
  });

  it('a closed period fails first, with its closing date', () => {
    const checks = closeChecks(facts({ status: 'closed', closedAt: '2026-04-02T08:00:00.000Z' }));
    expect(firstFailure(checks)?.code).toBe('period_open');
    expect(checks[0].detail).toBe('2026-03 已结账（2026-04-02）。');
  });

  it('December adds the year-end carry-forward, which never refuses the closing', () => {
    const checks = closeChecks(facts({ period: '2026-12', unionsToCarry: 2 }));
    expect(checks.map((c) => c.code)).toEqual(['period_open', 'earlier_closed', 'no_pending', 'trial_balance', 'year_end']);
    expect(checks[4]).toEqual(expect.objectContaining({ passed: true }));
    expect(checks[4].detail).toContain('2 个工会');
    expect(checks[4].detail).toContain('2027-01');
  });
});
