import fc from 'fast-check';
import { AuditedWrite } from '../../src/audit/index.js';
import type { RequestContext } from '../../src/common/request-context.js';
import { formatMoney, money, type Money, ZERO } from '../../src/common/money.js';
import { LedgerService, PeriodsService, ReportsService } from '../../src/ledger/index.js';
import type { LineDraft } from '../../src/ledger/index.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Op =
  | { kind: 'receive'; union: number; fen: number }
  | { kind: 'spend'; union: number; fen: number }
  | { kind: 'withdraw'; union: number; fen: number }
  | { kind: 'shared'; fenA: number; fenB: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'close' };

const fen = fc.integer({ min: 1, max: 500_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('receive' as const), union: fc.nat(2), fen }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('spend' as const), union: fc.nat(2), fen }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), union: fc.nat(2), fen }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('shared' as const), fenA: fen, fenB: fen }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const) }) },
);

const yuan = (f: number) => money(f).dividedBy(100);

/**
 * Random sequences of postings, spendings, reversals and period closings against the real database. After every
 * sequence: the trial balance balances, every union's sub-ledger balances, no cash sub-balance is negative, the
 * kept balances equal a recomputation from the journal, and each union's cash equals what a simple model of the
 * same operations says (so every refusal was right, and every acceptance).
 */
describe('ledger invariants under random operations (property)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('holds invariants 1, 3 and the balances after any sequence', async () => {
    const ledger = t.app.get(LedgerService);
    const periods = t.app.get(PeriodsService);
    const reports = t.app.get(ReportsService);
    const write = t.app.get(AuditedWrite);

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const w = await newLedgerWorld(t, '2025-11');
        const unions = [w.unionA.id, w.unionB.id, w.street.id];
        const principal = (user: { id: string; username: string }, role: string): RequestContext => ({
          principal: { userId: user.id, username: user.username, role, centreId: w.centre.id, unionId: null, enterpriseId: null },
          requestId: 'property',
        });
        const accountant = principal(w.accountant, 'centre_accountant');
        const supervisor = principal(w.supervisor, 'centre_supervisor');
        const actor = { userId: w.accountant.id, username: w.accountant.username, role: 'centre_accountant', requestId: 'property' };
        let year = 2025;
        let month = 11;
        const date = () => `${year}-${String(month).padStart(2, '0')}-15`;
        // the model: cash per union and account, and the posted entries that can still be reversed
        const cash = new Map<string, Money>();
        const get = (union: string, account: string) => cash.get(`${union}/${account}`) ?? ZERO;
        const move = (union: string, account: string, delta: Money) => cash.set(`${union}/${account}`, get(union, account).plus(delta));
        const reversible: Array<{ id: string; lines: LineDraft[] }> = [];

        const post = async (source: 'dues_receipt' | 'spending' | 'bank', lines: LineDraft[]) => {
          try {
            const entry = await write.run(actor, async (manager) => {
              const posted = await ledger.postEntry(manager, actor, { centreId: w.centre.id, date: date(), memo: source, source, lines });
              return { result: posted.entry, audit: posted.audit };
            });
            return entry;
          } catch (error) {
            if ((error as { code?: string }).code === 'LEDGER.CASH_INSUFFICIENT') return undefined;
            throw error;
          }
        };
        const affordable = (lines: LineDraft[]) => {
          const after = new Map<string, Money>();
          for (const l of lines) {
            if (l.accountCode !== '101' && l.accountCode !== '102') continue;
            const key = `${l.unionId}/${l.accountCode}`;
            after.set(key, (after.get(key) ?? get(l.unionId, l.accountCode)).plus(l.debit).minus(l.credit));
          }
          return [...after.values()].every((v) => !v.isNegative());
        };
        const apply = (lines: LineDraft[]) => {
          for (const l of lines) if (l.accountCode === '101' || l.accountCode === '102') move(l.unionId, l.accountCode, l.debit.minus(l.credit));
        };
        const line = (unionId: string, accountCode: string, debit: Money, credit: Money): LineDraft => ({ unionId, accountCode, debit, credit });

        for (const o of ops) {
          let lines: LineDraft[] | undefined;
          let source: 'dues_receipt' | 'spending' | 'bank' = 'bank';
          if (o.kind === 'receive') {
            source = 'dues_receipt';
            lines = [line(unions[o.union], '102', yuan(o.fen), ZERO), line(unions[o.union], '40201', ZERO, yuan(o.fen))];
          } else if (o.kind === 'spend') {
            source = 'spending';
            lines = [line(unions[o.union], '501', yuan(o.fen), ZERO), line(unions[o.union], '102', ZERO, yuan(o.fen))];
          } else if (o.kind === 'withdraw') {
            lines = [line(unions[o.union], '101', yuan(o.fen), ZERO), line(unions[o.union], '102', ZERO, yuan(o.fen))];
          } else if (o.kind === 'shared') {
            // one entry, two unions, each balanced on its own
            lines = [
              line(unions[0], '102', yuan(o.fenA), ZERO), line(unions[0], '40201', ZERO, yuan(o.fenA)),
              line(unions[1], '501', yuan(o.fenB), ZERO), line(unions[1], '102', ZERO, yuan(o.fenB)),
            ];
          } else if (o.kind === 'reverse') {
            if (reversible.length === 0) continue;
            const [target] = reversible.splice(o.pick % reversible.length, 1);
            const mirror = target.lines.map((l) => ({ ...l, debit: l.debit.negated(), credit: l.credit.negated() }));
            const expectOk = affordable(mirror);
            const outcome = await ledger.reverse(supervisor, w.centre.id, target.id, { date: date() }).then(
              () => true,
              (error: { code?: string }) => {
                if (error.code === 'LEDGER.CASH_INSUFFICIENT') return false;
                throw error;
              },
            );
            expect(outcome).toBe(expectOk);
            if (outcome) apply(mirror);
            else reversible.push(target);
            continue;
          } else {
            if (month === 12) {
              await periods.close(supervisor, w.centre.id, `${year}-12`);
              year += 1;
              month = 1;
            } else {
              await periods.open(accountant, w.centre.id, `${year}-${String(month + 1).padStart(2, '0')}`);
              await periods.close(supervisor, w.centre.id, `${year}-${String(month).padStart(2, '0')}`);
              month += 1;
            }
            reversible.length = 0; // entries of closed periods may still be reversed, but keep the model simple
            continue;
          }
          const expectOk = affordable(lines);
          const entry = await post(source, lines);
          expect(entry !== undefined).toBe(expectOk);
          if (entry) {
            apply(lines);
            reversible.push({ id: entry.id, lines });
          }
        }

        // invariant 1: every union's sub-ledger balances; the trial balance balances
        const unbalanced = await t.sql.query(
          `SELECT l.union_id FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
            WHERE l.centre_id = $1 AND e.status = 'posted' GROUP BY l.union_id HAVING sum(l.debit) <> sum(l.credit)`,
          [w.centre.id],
        );
        expect(unbalanced.rows).toEqual([]);
        const tb = await reports.trialBalance(supervisor, w.centre.id, '2025-11', date().slice(0, 7));
        expect(tb.balanced).toBe(true);
        // invariant 3: no cash sub-balance below zero
        const negative = await t.sql.query(`SELECT * FROM ledger_balance WHERE centre_id = $1 AND is_cash AND balance < 0`, [w.centre.id]);
        expect(negative.rows).toEqual([]);
        // the kept balances equal a recomputation from the journal
        const drift = await t.sql.query(
          `WITH journal AS (
             SELECT l.union_id, l.account_id, sum(l.debit - l.credit) AS balance
               FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
              WHERE l.centre_id = $1 AND e.status = 'posted' GROUP BY l.union_id, l.account_id)
           SELECT * FROM journal j FULL JOIN (SELECT * FROM ledger_balance WHERE centre_id = $1) b USING (union_id, account_id)
            WHERE coalesce(j.balance, 0) <> coalesce(b.balance, 0)`,
          [w.centre.id],
        );
        expect(drift.rows).toEqual([]);
        const periodDrift = await t.sql.query(
          `WITH journal AS (
             SELECT l.union_id, l.account_id, e.year, e.month, sum(l.debit) AS debit, sum(l.credit) AS credit
               FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
              WHERE l.centre_id = $1 AND e.status = 'posted' GROUP BY 1, 2, 3, 4)
           SELECT * FROM journal j FULL JOIN (SELECT * FROM period_balance WHERE centre_id = $1) p USING (union_id, account_id, year, month)
            WHERE coalesce(j.debit, 0) <> coalesce(p.debit, 0) OR coalesce(j.credit, 0) <> coalesce(p.credit, 0)`,
          [w.centre.id],
        );
        expect(periodDrift.rows).toEqual([]);
        // the model agrees on every union's cash
        const kept = await t.sql.query(
          `SELECT b.union_id, a.code, b.balance FROM ledger_balance b JOIN account a ON a.id = b.account_id WHERE b.centre_id = $1 AND b.is_cash`,
          [w.centre.id],
        );
        for (const row of kept.rows) expect(row.balance).toBe(formatMoney(get(row.union_id, row.code)));
        // posted entries are numbered without gaps in every year
        const gaps = await t.sql.query(
          `SELECT year FROM journal_entry WHERE centre_id = $1 AND status = 'posted' GROUP BY year HAVING max(number) <> count(*)`,
          [w.centre.id],
        );
        expect(gaps.rows).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
