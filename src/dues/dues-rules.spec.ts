import { formatMoney, money, sumMoney } from '../common/money.js';
import { assessDues, parseDuesPeriod, periodsOverlap, preparationTransfer, ruleInEffect, settle, splitDues, type DuesRule } from './dues-rules.js';

const rule = (id: string, effectiveFrom: string, enterpriseClass: string | null = null, retained = '0.6'): DuesRule => ({
  id, effectiveFrom, enterpriseClass, rate: money('0.02'), retainedShare: money(retained), preparationTransferShare: money('0.6'),
  upward: [{ levelName: '上级工会', share: money(1).minus(retained), payableAccountCode: '211' }],
});

describe('dues arithmetic', () => {
  it.each([
    ['2026-03', 'month', '2026-03-01', '2026-03-31'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29'],
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31'],
    ['2026-Q4', 'quarter', '2026-10-01', '2026-12-31'],
  ])('reads the period %s', (label, kind, start, end) => {
    expect(parseDuesPeriod(label)).toEqual({ label, kind, start, end });
  });

  it('refuses what is not a period', () => {
    expect(parseDuesPeriod('2026-13')).toBeUndefined();
    expect(parseDuesPeriod('2026-Q5')).toBeUndefined();
    expect(parseDuesPeriod('26-03')).toBeUndefined();
  });

  it('knows a quarter overlaps its months', () => {
    expect(periodsOverlap(parseDuesPeriod('2026-Q1')!, parseDuesPeriod('2026-02')!)).toBe(true);
    expect(periodsOverlap(parseDuesPeriod('2026-Q1')!, parseDuesPeriod('2026-04')!)).toBe(false);
  });

  it('assesses 2% of payroll, half up to the fen', () => {
    expect(formatMoney(assessDues(money('123456.78'), money('0.02')))).toBe('2469.14');
    expect(formatMoney(assessDues(money('0.25'), money('0.02')))).toBe('0.01');
    expect(formatMoney(assessDues(money('0.24'), money('0.02')))).toBe('0.00');
  });

  it('splits 60/40 so the parts make the whole', () => {
    const split = splitDues(money('0.05'), rule('r', '2000-01-01'));
    expect(formatMoney(split.retained)).toBe('0.03');
    expect(formatMoney(split.upward[0].amount)).toBe('0.02');
    const three = splitDues(money('100.00'), { retainedShare: money('0.6'), upward: [
      { levelName: '市总', share: money('0.25'), payableAccountCode: '21101' },
      { levelName: '区总', share: money('0.15'), payableAccountCode: '21102' },
    ] });
    expect([three.retained, ...three.upward.map((u) => u.amount)].map(formatMoney)).toEqual(['60.00', '25.00', '15.00']);
  });

  it('picks the rule in effect, a class-specific one first', () => {
    const rules = [rule('old', '2000-01-01'), rule('new', '2026-01-01'), rule('small', '2025-01-01', 'small_micro', '0.95')];
    expect(ruleInEffect(rules, '2025-06-01', null)?.id).toBe('old');
    expect(ruleInEffect(rules, '2026-06-01', null)?.id).toBe('new');
    expect(ruleInEffect(rules, '2026-06-01', 'small_micro')?.id).toBe('small');
    expect(ruleInEffect(rules, '2024-06-01', 'small_micro')?.id).toBe('old');
    expect(ruleInEffect(rules, '1999-06-01', null)).toBeUndefined();
  });

  it('settles the named period first, then the oldest, and keeps the rest as credit', () => {
    const owed = [
      { periodLabel: '2026-02', periodStart: '2026-02-01', owed: money('100') },
      { periodLabel: '2026-01', periodStart: '2026-01-01', owed: money('100') },
      { periodLabel: '2026-03', periodStart: '2026-03-01', owed: money('100') },
    ];
    const oldest = settle(money('150'), owed);
    expect(oldest.paid.map((p) => [p.periodLabel, formatMoney(p.amount)])).toEqual([['2026-01', '100.00'], ['2026-02', '50.00']]);
    const named = settle(money('150'), owed, '2026-03');
    expect(named.paid.map((p) => [p.periodLabel, formatMoney(p.amount)])).toEqual([['2026-03', '100.00'], ['2026-01', '50.00']]);
    const over = settle(money('350'), owed);
    expect(formatMoney(over.credit)).toBe('50.00');
    expect(formatMoney(sumMoney(over.paid.map((p) => p.amount)).plus(over.credit))).toBe('350.00');
  });

  it('moves the grassroots share of held preparation funds to the new union', () => {
    const { transferred, remainder } = preparationTransfer(money('1000.01'), money('0.6'));
    expect([formatMoney(transferred), formatMoney(remainder)]).toEqual(['600.01', '400.00']);
    expect(formatMoney(preparationTransfer(money('10'), money('1')).transferred)).toBe('10.00');
  });
});
