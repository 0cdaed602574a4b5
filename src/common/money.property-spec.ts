import fc from 'fast-check';
import { allocate, formatMoney, money, sumMoney } from './money.js';

const fen = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const weight = fc.integer({ min: 0, max: 1_000_000 });

describe('allocation (invariant 6, properties)', () => {
  it('parts always sum to the whole, to the fen, each within one fen of its exact share', () => {
    fc.assert(
      fc.property(fen, fc.array(weight, { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)), (totalFen, weights) => {
        const total = money(totalFen.toString()).dividedBy(100);
        const parts = allocate(total, weights.map((w) => money(w)));
        if (formatMoney(sumMoney(parts)) !== formatMoney(total)) return false;
        const weightSum = weights.reduce((a, b) => a + b, 0);
        return parts.every((part, i) => part.minus(total.times(weights[i]).dividedBy(weightSum)).abs().lessThan('0.01'));
      }),
    );
  });
});
