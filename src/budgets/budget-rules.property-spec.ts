import fc from 'fast-check';
import { formatMoney, type Money, money, sumMoney, ZERO } from '../common/money.js';
import { adjustedAmount, availableOf, type BudgetLineState, checkAvailable, checkBudgetControl, type ControlledLine, entryLine } from './budget-rules.js';

/** Amounts in whole fen: integers made into money, never fractional JS numbers. */
const fenToMoney = (fen: number | bigint): Money => money(fen.toString()).dividedBy(100);
const amount = fc.integer({ min: 1, max: 2_000_000 }).map(fenToMoney);
const change = fc.integer({ min: -2_000_000, max: 2_000_000 }).map(fenToMoney);
/** Picks one of the open claims or earlier postings, whatever their number. */
const pick = fc.nat();

type Operation =
  | { kind: 'approve'; amount: Money }
  | { kind: 'post'; pick: number }
  | { kind: 'refuse'; pick: number }
  | { kind: 'spend'; amount: Money }
  | { kind: 'reverse'; pick: number }
  | { kind: 'adjust'; change: Money };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('approve' as const), amount }),
  fc.record({ kind: fc.constant('post' as const), pick }),
  fc.record({ kind: fc.constant('refuse' as const), pick }),
  fc.record({ kind: fc.constant('spend' as const), amount }),
  fc.record({ kind: fc.constant('reverse' as const), pick }),
  fc.record({ kind: fc.constant('adjust' as const), change }),
);

const lineOf = (adjusted: Money, committed = ZERO, spent = ZERO): BudgetLineState => ({
  id: 'BL1', unionId: 'A', year: 2026, budgetStatus: 'approved', kind: 'expenditure', categoryCode: '501', adjusted, committed, spent,
});

/** A reversal entry (红字冲销) of a posting on the line, as budget control sees it. */
const reversalLines = (x: Money): ControlledLine[] => [
  { at: entryLine(0), unionId: 'A', accountCode: '501', topCode: '501', category: 'expenditure', debit: x.negated(), credit: ZERO, budgetLineId: 'BL1', itemId: null, headcount: null },
  { at: entryLine(1), unionId: 'A', accountCode: '102', topCode: '102', category: 'asset', debit: ZERO, credit: x.negated(), budgetLineId: null, itemId: null, headcount: null },
];

/**
 * The budget of one line as a model: the line's state moves only by the rule functions' leave; the test keeps its own
 * books of the claims and postings behind it, and after every step the line must agree with them.
 */
class Model {
  line: BudgetLineState;
  /** Approved, unposted claims. */
  readonly openClaims: Money[] = [];
  /** Postings (from claims or direct), and whether each was reversed. */
  readonly postings: { amount: Money; reversed: boolean }[] = [];
  readonly applied: Record<Operation['kind'], number> = { approve: 0, post: 0, refuse: 0, spend: 0, reverse: 0, adjust: 0 };

  constructor(adjusted: Money) {
    this.line = lineOf(adjusted);
  }

  run(op: Operation): void {
    const line = this.line;
    switch (op.kind) {
      case 'approve': {
        if (checkAvailable(line, op.amount)) return;
        this.line = { ...line, committed: line.committed.plus(op.amount) };
        this.openClaims.push(op.amount);
        break;
      }
      case 'post': {
        if (this.openClaims.length === 0) return;
        const index = op.pick % this.openClaims.length;
        const x = this.openClaims[index];
        const released = { ...line, committed: line.committed.minus(x) };
        // the commitment made room for exactly this spending
        expect(checkAvailable(released, x)).toBeUndefined();
        this.line = { ...released, spent: released.spent.plus(x) };
        this.openClaims.splice(index, 1);
        this.postings.push({ amount: x, reversed: false });
        break;
      }
      case 'refuse': {
        if (this.openClaims.length === 0) return;
        const index = op.pick % this.openClaims.length;
        this.line = { ...line, committed: line.committed.minus(this.openClaims[index]) };
        this.openClaims.splice(index, 1);
        break;
      }
      case 'spend': {
        if (checkAvailable(line, op.amount)) return;
        this.line = { ...line, spent: line.spent.plus(op.amount) };
        this.postings.push({ amount: op.amount, reversed: false });
        break;
      }
      case 'reverse': {
        const open = this.postings.filter((p) => !p.reversed);
        if (open.length === 0) return;
        const posting = open[op.pick % open.length];
        // giving back is always accepted, by the line check and by budget control of the reversal entry
        expect(checkAvailable(line, posting.amount.negated())).toBeUndefined();
        const state = {
          exempt: true, budgetedUnions: new Set(['A']), budgetLines: new Map([['BL1', line]]), items: new Map(),
          listCategories: new Set(['501']), memberCounts: new Map(), itemUsage: new Map(), year: 2026,
        };
        expect(checkBudgetControl(reversalLines(posting.amount), state)).toBeUndefined();
        this.line = { ...line, spent: line.spent.minus(posting.amount) };
        posting.reversed = true;
        break;
      }
      case 'adjust': {
        const result = adjustedAmount(line, op.change);
        if ('error' in result) {
          expect(['BUDGET.ADJUSTMENT_BELOW_ZERO', 'BUDGET.ADJUSTMENT_BELOW_USED']).toContain(result.error.code);
          return;
        }
        this.line = { ...line, adjusted: result.amount };
        break;
      }
    }
    this.applied[op.kind] += 1;
  }

  check(): void {
    const { line } = this;
    const show = (m: Money) => formatMoney(m);
    expect(availableOf(line).isNegative()).toBe(false);
    expect(line.adjusted.isNegative()).toBe(false);
    expect(line.committed.isNegative()).toBe(false);
    expect(line.spent.isNegative()).toBe(false);
    expect(show(line.committed)).toBe(show(sumMoney(this.openClaims)));
    const posted = sumMoney(this.postings.map((p) => p.amount));
    const reversed = sumMoney(this.postings.filter((p) => p.reversed).map((p) => p.amount));
    expect(show(line.spent)).toBe(show(posted.minus(reversed)));
    // amounts stay in whole fen
    for (const m of [line.adjusted, line.committed, line.spent]) expect(m.times(100).isInteger()).toBe(true);
  }
}

describe('budget arithmetic of one line (properties)', () => {
  it('approving, posting, refusing, spending, reversing and adjusting never overdraw the line and keep its books', () => {
    const totals: Record<Operation['kind'], number> = { approve: 0, post: 0, refuse: 0, spend: 0, reverse: 0, adjust: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }).map(fenToMoney), fc.array(operation, { maxLength: 60 }), (adjusted, ops) => {
        const model = new Model(adjusted);
        model.check();
        for (const op of ops) {
          model.run(op);
          model.check();
        }
        for (const kind of Object.keys(totals) as Operation['kind'][]) totals[kind] += model.applied[kind];
      }),
      { numRuns: 300 },
    );
    // the run exercised every operation, not only refusals
    for (const count of Object.values(totals)) expect(count).toBeGreaterThan(0);
  });

  it('an accepted commitment leaves the line at or above zero; a refusal names the amounts', () => {
    const fen = fc.bigInt({ min: 0n, max: 10n ** 15n });
    fc.assert(
      fc.property(fen, fen, fen, fc.bigInt({ min: 1n, max: 10n ** 15n }), (committedFen, spentFen, availableFen, requestedFen) => {
        const committed = fenToMoney(committedFen);
        const spent = fenToMoney(spentFen);
        const line = lineOf(fenToMoney(committedFen + spentFen + availableFen), committed, spent);
        const requested = fenToMoney(requestedFen);
        const error = checkAvailable(line, requested);
        if (error === undefined) {
          expect(availableOf({ ...line, committed: committed.plus(requested) }).isNegative()).toBe(false);
        } else {
          expect(error.code).toBe('BUDGET.OVERDRAWN');
          expect(error.extensions).toEqual({
            budgetLineId: 'BL1',
            budget: formatMoney(line.adjusted),
            spent: formatMoney(spent),
            committed: formatMoney(committed),
            available: formatMoney(availableOf(line)),
            requested: formatMoney(requested),
          });
          expect(error.extensions.available).toBe(formatMoney(fenToMoney(availableFen)));
          expect(requested.greaterThan(availableOf(line))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an exact fit is accepted and one fen more is refused', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), (c, s, a) => {
        const line = lineOf(fenToMoney(c + s + a), fenToMoney(c), fenToMoney(s));
        expect(checkAvailable(line, fenToMoney(a))).toBeUndefined();
        expect(checkAvailable(line, fenToMoney(a + 1n))?.extensions.requested).toBe(formatMoney(fenToMoney(a + 1n)));
      }),
    );
  });
});
