import fc from 'fast-check';
import { formatMoney, money, sumMoney } from '../common/money.js';
import { assessDues, preparationTransfer, settle, splitDues } from './dues-rules.js';

const shares = fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 5 });

describe('dues splits always make the whole (invariant 6, properties)', () => {
  it('for random payrolls, rates and allocation rules', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 10_000 }), shares, (payrollFen, rateBp, retainedBp, upwardWeights) => {
        const payroll = money(payrollFen.toString()).dividedBy(100);
        const assessed = assessDues(payroll, money(rateBp).dividedBy(10_000));
        // the upward weights scaled so that retained + upward = 1
        const retained = money(retainedBp).dividedBy(10_000);
        const weightSum = upwardWeights.reduce((a, b) => a + b, 0);
        const upward = upwardWeights.map((w, i) => ({ levelName: `L${i}`, payableAccountCode: '211', share: money(1).minus(retained).times(w).dividedBy(weightSum) }));
        if (retained.equals(1)) upward.length = 0;
        const split = splitDues(assessed, { retainedShare: retained, upward: upward.length ? upward : [] });
        const parts = [split.retained, ...split.upward.map((u) => u.amount)];
        return formatMoney(sumMoney(parts)) === formatMoney(assessed) && parts.every((p) => !p.isNegative());
      }),
    );
  });

  it('settling a payment never loses or invents a fen', () => {
    const owedArb = fc.array(fc.record({ month: fc.integer({ min: 1, max: 12 }), fen: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), owedArb, (paidFen, owed) => {
        const periods = owed.map((o, i) => ({ periodLabel: `P${i}`, periodStart: `2026-${String(o.month).padStart(2, '0')}-01`, owed: money(o.fen).dividedBy(100) }));
        const amount = money(paidFen).dividedBy(100);
        const { paid, credit } = settle(amount, periods);
        const settled = sumMoney(paid.map((p) => p.amount)).plus(credit);
        return formatMoney(settled) === formatMoney(amount) && !credit.isNegative() && paid.every((p, i) => !p.amount.greaterThan(periods.find((x) => x.periodLabel === p.periodLabel)!.owed) && i >= 0);
      }),
    );
  });

  it('a preparation transfer and its remainder make what was held', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 10_000 }), (heldFen, shareBp) => {
        const held = money(heldFen).dividedBy(100);
        const { transferred, remainder } = preparationTransfer(held, money(shareBp).dividedBy(10_000));
        return formatMoney(transferred.plus(remainder)) === formatMoney(held);
      }),
    );
  });
});
