import fc from 'fast-check';
import { formatMoney, money, type Money, ZERO } from '../../src/common/money.js';
import { newBudgetWorld, TODAY, YEAR } from '../support/budget-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Op =
  | { kind: 'claim'; fen: number }
  | { kind: 'pay'; pick: number }
  | { kind: 'refuse'; pick: number }
  | { kind: 'spend'; fen: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'adjust'; fen: number; up: boolean };

const fen = fc.integer({ min: 1, max: 60_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('claim' as const), fen }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refuse' as const), pick: fc.nat(100) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('spend' as const), fen }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(100) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('adjust' as const), fen, up: fc.boolean() }) },
);
const yuan = (f: number) => money(f).dividedBy(100);

/**
 * Random sequences of claim approvals, payments, refusals, manual spending, reversals and budget adjustments
 * through the API, against the real database. After every step the budget line in the database equals a plain
 * model (adjusted, committed, spent), its available amount is never negative (invariant 10), and every refusal
 * and every acceptance was the one the model expects.
 */
describe('budget arithmetic under random operations (property, through the API)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('never lets committed + spent exceed the adjusted budget, and agrees with the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 10_000, max: 200_000 }), fc.array(op, { minLength: 1, maxLength: 14 }), async (budgetFen, ops) => {
        const w = await newBudgetWorld(t, '100000.00');
        const sports = await w.item({ code: 'SPORTS', name: '文体活动', categoryCode: '501' });
        const budget = await w.approvedBudget(w.federation.id, [
          { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: formatMoney(yuan(budgetFen)) },
        ]);
        const lineId = budget.lines[0].id;
        let adjusted: Money = yuan(budgetFen);
        let committed: Money = ZERO;
        let spent: Money = ZERO;
        const available = () => adjusted.minus(committed).minus(spent);
        const open: Array<{ id: string; amount: Money }> = [];
        const posted: Array<{ entryId: string; amount: Money }> = [];

        for (const o of ops) {
          if (o.kind === 'claim') {
            const amount = yuan(o.fen);
            const raised = await w.raise({ payee: '某某商店', amount: formatMoney(amount), positiveListItemId: sports.id, budgetLineId: lineId, purpose: '文体活动' });
            const fits = !amount.greaterThan(available());
            if (!fits) {
              expect(raised.body.code).toBe('BUDGET.OVERDRAWN');
              continue;
            }
            expect(raised.status).toBe(201);
            const approved = await w.approve(raised.body.id);
            expect(approved.status).toBe(200);
            committed = committed.plus(amount);
            open.push({ id: raised.body.id, amount });
          } else if (o.kind === 'pay' || o.kind === 'refuse') {
            if (open.length === 0) continue;
            const [claim] = open.splice(o.pick % open.length, 1);
            if (o.kind === 'pay') {
              const paid = await w.pay(claim.id);
              expect(paid.status).toBe(200);
              committed = committed.minus(claim.amount);
              spent = spent.plus(claim.amount);
              posted.push({ entryId: paid.body.entryId, amount: claim.amount });
            } else {
              const refused = await t.api.post(`${w.base}/spending-claims/${claim.id}/refuse`, w.accountant.token, { reason: '不予支付' });
              expect(refused.status).toBe(200);
              committed = committed.minus(claim.amount);
            }
          } else if (o.kind === 'spend') {
            const amount = yuan(o.fen);
            const result = await w.post(TODAY, '场地费', [
              { unionId: w.federation.id, accountCode: '501', debit: formatMoney(amount), budgetLineId: lineId, positiveListItemId: sports.id },
              { unionId: w.federation.id, accountCode: '102', credit: formatMoney(amount) },
            ]);
            if (amount.greaterThan(available())) {
              expect(result.body.code).toBe('BUDGET.OVERDRAWN');
              continue;
            }
            expect(result.status).toBe(200);
            spent = spent.plus(amount);
            posted.push({ entryId: result.body.id, amount });
          } else if (o.kind === 'reverse') {
            if (posted.length === 0) continue;
            const [entry] = posted.splice(o.pick % posted.length, 1);
            const reversed = await t.api.post(`${w.base}/entries/${entry.entryId}/reverse`, w.supervisor.token, { date: TODAY });
            expect(reversed.status).toBe(201);
            spent = spent.minus(entry.amount);
          } else {
            const change = o.up ? yuan(o.fen) : yuan(o.fen).negated();
            const asked = await t.api.post(`${w.base}/budgets/${budget.id}/adjustments`, w.treasurer.token, {
              reason: '预算调整', changes: [{ budgetLineId: lineId, change: formatMoney(change) }],
            });
            const after = adjusted.plus(change);
            const allowed = !after.isNegative() && !after.lessThan(committed.plus(spent));
            if (!allowed) {
              expect(['BUDGET.ADJUSTMENT_BELOW_ZERO', 'BUDGET.ADJUSTMENT_BELOW_USED']).toContain(asked.body.code);
              continue;
            }
            expect(asked.status).toBe(201);
            const decided = await t.api.post(`${w.base}/budget-adjustments/${asked.body.id}/approve`, w.supervisor.token, {});
            expect(decided.status).toBe(200);
            adjusted = after;
          }

          const [row] = (await t.sql.query('SELECT adjusted_amount, committed, spent FROM budget_line WHERE id = $1', [lineId])).rows;
          expect(row).toEqual({ adjusted_amount: formatMoney(adjusted), committed: formatMoney(committed), spent: formatMoney(spent) });
          expect(money(row.adjusted_amount).minus(row.committed).minus(row.spent).isNegative()).toBe(false);
        }

        const execution = await w.execution();
        expect(execution.lines[0]).toEqual(expect.objectContaining({
          adjustedBudget: formatMoney(adjusted), committed: formatMoney(committed), spent: formatMoney(spent), available: formatMoney(available()),
        }));
        expect(YEAR).toBe(Number(TODAY.slice(0, 4)));
      }),
      { numRuns: 25 },
    );
    // 25 random sequences through HTTP: about 40 s on a quiet machine, well over a minute on a busy one
  }, 240_000);
});
