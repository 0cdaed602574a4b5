import { newCentre, newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

describe('ledger: entries, invariants, periods and reports', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('chart of accounts', () => {
    it('is seeded from the 2021 accounting system, with cash as data', async () => {
      const w = await newLedgerWorld(t);
      const response = await t.api.get(`${w.base}/accounts`, w.accountant.token);
      expect(response.status).toBe(200);
      const byCode = new Map(response.body.map((a: { code: string }) => [a.code, a]));
      // the 40 accounts of reference/chart-of-accounts.csv and 22102 预收拨缴经费 (dues paid ahead)
      expect(response.body).toHaveLength(41);
      expect(byCode.get('102')).toEqual(expect.objectContaining({ name: '银行存款', category: 'asset', normalSide: 'debit', isCash: true, postable: true, standard: true }));
      expect(byCode.get('101')).toEqual(expect.objectContaining({ isCash: true }));
      expect(byCode.get('402')).toEqual(expect.objectContaining({ postable: false }));
      expect(byCode.get('40202')).toEqual(expect.objectContaining({ name: '税务代收工会经费', postable: true }));
      expect([...byCode.values()].filter((a) => (a as { isCash: boolean }).isCash).map((a) => (a as { code: string }).code)).toEqual(['101', '102']);
    });

    it('lets a centre add sub-accounts, never change standard ones', async () => {
      const w = await newLedgerWorld(t);
      const added = await t.api.post(`${w.base}/accounts`, w.accountant.token, { code: '21101', name: '应付上级经费-市总工会' });
      expect(added.status).toBe(201);
      expect(added.body).toEqual(expect.objectContaining({ code: '21101', category: 'liability', normalSide: 'credit', isCash: false, standard: false }));
      const chart = (await t.api.get(`${w.base}/accounts`, w.accountant.token)).body;
      expect(chart.find((a: { code: string }) => a.code === '211').postable).toBe(false);
      // another centre still posts to 211 directly
      const other = await newLedgerWorld(t);
      const otherChart = (await t.api.get(`${other.base}/accounts`, other.accountant.token)).body;
      expect(otherChart.find((a: { code: string }) => a.code === '211').postable).toBe(true);
      expectProblem(await t.api.post(`${w.base}/accounts`, w.accountant.token, { code: '21101', name: '重复' }), 409, 'LEDGER.ACCOUNT_CODE_TAKEN');
      expectProblem(await t.api.post(`${w.base}/accounts`, w.accountant.token, { code: '99901', name: '无上级' }), 422);
      expectProblem(await t.api.post(`${w.base}/accounts`, w.accountant.token, { code: '40201', name: '标准科目' }), 409);
      await expect(t.sql.query(`UPDATE account SET name = 'x' WHERE code = '102' AND centre_id IS NULL`)).rejects.toThrow(/standard account/);
      await expect(t.sql.query(`DELETE FROM account WHERE code = '501' AND centre_id IS NULL`)).rejects.toThrow(/standard account/);
    });
  });

  describe('four eyes, posting and numbering', () => {
    it('a supervisor approves and the accountant posts what the accountant prepared', async () => {
      const w = await newLedgerWorld(t);
      const draft = await t.api.post(`${w.base}/entries`, w.accountant.token, {
        date: '2025-11-05', memo: '收到企业拨缴经费',
        lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '1000' }, { unionId: w.unionA.id, accountCode: '40201', credit: '1000.00' }],
      });
      expect(draft.status).toBe(201);
      expect(draft.body).toEqual(expect.objectContaining({ status: 'draft', number: null, totalDebit: '1000.00', totalCredit: '1000.00', period: '2025-11' }));
      expect(draft.body.lines[0]).toEqual(expect.objectContaining({ accountCode: '102', accountName: '银行存款', debit: '1000.00', credit: '0.00' }));

      // not yet approved: it cannot post
      expectProblem(await t.api.post(`${w.base}/entries/${draft.body.id}/post`, w.accountant.token, {}), 409, 'LEDGER.WRONG_STATUS');
      // the preparer cannot approve, even with the supervisor role
      const supervisorDraft = await t.api.post(`${w.base}/entries`, w.supervisor.token, {
        date: '2025-11-06', memo: '主管自己编制', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '1' }, { unionId: w.unionA.id, accountCode: '40201', credit: '1' }],
      });
      expectProblem(await t.api.post(`${w.base}/entries/${supervisorDraft.body.id}/approve`, w.supervisor.token, {}), 403, 'LEDGER.FOUR_EYES');
      // an accountant has no approving role at all
      expectProblem(await t.api.post(`${w.base}/entries/${draft.body.id}/approve`, w.accountant.token, {}), 403, 'AUTH.FORBIDDEN');

      const approved = await t.api.post(`${w.base}/entries/${draft.body.id}/approve`, w.supervisor.token, {});
      expect(approved.body).toEqual(expect.objectContaining({ status: 'approved', approvedBy: w.supervisor.id }));
      const posted = await t.api.post(`${w.base}/entries/${draft.body.id}/post`, w.accountant.token, {});
      expect(posted.status).toBe(200);
      expect(posted.body).toEqual(expect.objectContaining({ status: 'posted', number: 1, postedBy: w.accountant.id, preparedBy: w.accountant.id }));

      // the database holds four eyes too
      await expect(t.sql.query(`UPDATE journal_entry SET status = 'approved', approved_by = prepared_by WHERE id = $1`, [supervisorDraft.body.id])).rejects.toThrow(/journal_entry_four_eyes/);
    });

    it('refuses a rejected entry until its preparer corrects it', async () => {
      const w = await newLedgerWorld(t);
      const draft = await t.api.post(`${w.base}/entries`, w.accountant.token, {
        date: '2025-11-05', memo: '待审', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '5' }, { unionId: w.unionA.id, accountCode: '40201', credit: '5' }],
      });
      const rejected = await t.api.post(`${w.base}/entries/${draft.body.id}/reject`, w.supervisor.token, { reason: '附件不全' });
      expect(rejected.body).toEqual(expect.objectContaining({ status: 'draft', rejectionReason: '附件不全' }));
      const otherAccountant = await newUser(t, w.centre.id, 'centre_accountant');
      const body = { date: '2025-11-07', memo: '已补附件', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '6' }, { unionId: w.unionA.id, accountCode: '40201', credit: '6' }] };
      expectProblem(await t.api.call('put', `${w.base}/entries/${draft.body.id}`, otherAccountant.token, body), 403, 'LEDGER.NOT_PREPARER');
      const corrected = await t.api.call('put', `${w.base}/entries/${draft.body.id}`, w.accountant.token, body);
      expect(corrected.body).toEqual(expect.objectContaining({ memo: '已补附件', totalDebit: '6.00', rejectionReason: null, date: '2025-11-07' }));
      expect((await t.api.delete(`${w.base}/entries/${draft.body.id}`, w.accountant.token)).status).toBe(204);
    });

    it('numbers posted entries per centre and year without gaps, even around a refused posting', async () => {
      const w = await newLedgerWorld(t);
      expect((await w.receive(w.unionA.id, '100.00')).body.number).toBe(1);
      expectProblem(await w.spend(w.unionA.id, '500.00'), 422, 'LEDGER.CASH_INSUFFICIENT');
      expect((await w.spend(w.unionA.id, '40.00')).body.number).toBe(2);
      const other = await newLedgerWorld(t);
      expect((await other.receive(other.unionA.id, '1.00')).body.number).toBe(1);
    });
  });

  describe('the voucher list', () => {
    it('sorts the whole list in the database by the key asked for, and refuses any other key', async () => {
      const w = await newLedgerWorld(t);
      for (const amount of ['10.00', '20.00', '30.00']) expect((await w.receive(w.unionA.id, amount)).body.status).toBe('posted');
      const numbers = async (sort: string) =>
        (await t.api.get(`${w.base}/entries?status=posted&pageSize=2&sort=${sort}`, w.accountant.token)).body.items.map((e: { number: number }) => e.number);
      expect(await numbers('number')).toEqual([1, 2]);
      expect(await numbers('-number')).toEqual([3, 2]);
      const page2 = await t.api.get(`${w.base}/entries?status=posted&pageSize=2&page=2&sort=-number`, w.accountant.token);
      expect(page2.body.items.map((e: { number: number }) => e.number)).toEqual([1]);
      expectProblem(await t.api.get(`${w.base}/entries?sort=memo`, w.accountant.token), 400, 'COMMON.VALIDATION_FAILED');
      expectProblem(await t.api.get(`${w.base}/entries?sort=-number%3B%20DROP%20TABLE%20journal_line`, w.accountant.token), 400);
    });
  });

  describe('invariants', () => {
    it('refuses an unbalanced entry, naming the totals', async () => {
      const w = await newLedgerWorld(t);
      const problem = expectProblem(
        await t.api.post(`${w.base}/entries`, w.accountant.token, {
          date: '2025-11-05', memo: '借贷不平', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '100' }, { unionId: w.unionA.id, accountCode: '40201', credit: '90' }],
        }),
        422, 'LEDGER.UNBALANCED',
      );
      expect(problem.detail).toContain('100.00');
      expect(problem.detail).toContain('90.00');
    });

    it('refuses an entry balanced in total but not per union (分户核算)', async () => {
      const w = await newLedgerWorld(t);
      const problem = expectProblem(
        await t.api.post(`${w.base}/entries`, w.accountant.token, {
          date: '2025-11-05', memo: '甲工会收款记到乙工会',
          lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '100' }, { unionId: w.unionB.id, accountCode: '40201', credit: '100' }],
        }),
        422, 'LEDGER.UNBALANCED_UNION',
      );
      expect(problem).toEqual(expect.objectContaining({ unionId: w.unionA.id, debit: '100.00', credit: '0.00' }));
    });

    it('holds the per-union balance in the database against SQL outside the service', async () => {
      const w = await newLedgerWorld(t);
      const client = await t.sql.connect();
      try {
        await client.query('BEGIN');
        const [{ bank }] = (await client.query(`SELECT id AS bank FROM account WHERE code = '102' AND centre_id IS NULL`)).rows;
        const [{ income }] = (await client.query(`SELECT id AS income FROM account WHERE code = '40201' AND centre_id IS NULL`)).rows;
        await client.query(
          `INSERT INTO journal_line (centre_id, entry_id, line_no, union_id, account_id, debit, credit) VALUES
             ($1, '11111111-1111-4111-8111-111111111111', 1, $2, $4, 100, 0),
             ($1, '11111111-1111-4111-8111-111111111111', 2, $3, $5, 0, 100)`,
          [w.centre.id, w.unionA.id, w.unionB.id, bank, income],
        );
        await client.query(
          `INSERT INTO journal_entry (centre_id, id, year, month, entry_date, status, source, memo) VALUES ($1, '11111111-1111-4111-8111-111111111111', 2025, 11, '2025-11-05', 'posted', 'bank', 'x')`,
          [w.centre.id],
        );
        await expect(client.query('COMMIT')).rejects.toThrow(/does not balance for union/);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    });

    it('refuses a line with both or neither sides, and amounts with more than two places', async () => {
      const w = await newLedgerWorld(t);
      const both = await t.api.post(`${w.base}/entries`, w.accountant.token, {
        date: '2025-11-05', memo: 'x', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '1', credit: '1' }, { unionId: w.unionA.id, accountCode: '40201', credit: '1' }],
      });
      expectProblem(both, 422, 'LEDGER.LINE_ONE_SIDE');
      const fraction = expectProblem(
        await t.api.post(`${w.base}/entries`, w.accountant.token, {
          date: '2025-11-05', memo: 'x', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '1.001' }, { unionId: w.unionA.id, accountCode: '40201', credit: '1.001' }],
        }),
        400,
      );
      expect(fraction.errors[0].field).toBe('lines.0.debit');
      const numeric = expectProblem(
        await t.api.post(`${w.base}/entries`, w.accountant.token, {
          date: '2025-11-05', memo: 'x', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: 1 }, { unionId: w.unionA.id, accountCode: '40201', credit: '1' }],
        }),
        400,
      );
      expect(numeric.errors[0].field).toBe('lines.0.debit');
      expectProblem(
        await t.api.post(`${w.base}/entries`, w.accountant.token, {
          date: '2025-11-05', memo: 'x', lines: [{ unionId: w.unionA.id, accountCode: '402', debit: '1' }, { unionId: w.unionA.id, accountCode: '102', credit: '1' }],
        }),
        422, 'LEDGER.ACCOUNT_NOT_POSTABLE',
      );
    });

    it('refuses at drafting an entry whose total is beyond what the books hold, though every line fits', async () => {
      const w = await newLedgerWorld(t);
      const huge = '9999999999999999.99';
      const refused = expectProblem(
        await t.api.post(`${w.base}/entries`, w.accountant.token, {
          date: '2025-11-05', memo: '超大金额',
          lines: [
            { unionId: w.unionA.id, accountCode: '102', debit: huge },
            { unionId: w.unionA.id, accountCode: '102', debit: '0.01' },
            { unionId: w.unionA.id, accountCode: '40201', credit: huge },
            { unionId: w.unionA.id, accountCode: '40201', credit: '0.01' },
          ],
        }),
        422,
        'LEDGER.TOTAL_TOO_LARGE',
      );
      expect(refused.errors).toEqual([expect.objectContaining({ field: 'lines' })]);
      expect((await t.api.get(`${w.base}/entries?status=draft`, w.accountant.token)).body.items).toEqual([]);
    });

    it('never lets a union spend more cash than it has, and names the amounts', async () => {
      const w = await newLedgerWorld(t);
      await w.receive(w.unionA.id, '300.00');
      await w.receive(w.unionB.id, '5000.00');
      const problem = expectProblem(await w.spend(w.unionA.id, '300.01'), 422, 'LEDGER.CASH_INSUFFICIENT');
      expect(problem).toEqual(expect.objectContaining({ unionId: w.unionA.id, accountCode: '102', available: '300.00', required: '300.01' }));
      expect((await w.spend(w.unionA.id, '300.00')).status).toBe(200);
      // the database refuses it too, whoever writes the entry
      const { rows } = await t.sql.query(`SELECT balance FROM ledger_balance l JOIN account a ON a.id = l.account_id WHERE l.union_id = $1 AND a.code = '102'`, [w.unionA.id]);
      expect(rows[0].balance).toBe('0.00');
    });

    it('keeps posted entries and their lines immutable', async () => {
      const w = await newLedgerWorld(t);
      const posted = (await w.receive(w.unionA.id, '10.00')).body;
      await expect(t.sql.query(`UPDATE journal_line SET debit = 20 WHERE entry_id = $1 AND line_no = 1`, [posted.id])).rejects.toThrow(/posted entry/);
      await expect(t.sql.query(`DELETE FROM journal_line WHERE entry_id = $1`, [posted.id])).rejects.toThrow(/posted entry/);
      await expect(t.sql.query(`UPDATE journal_entry SET memo = 'changed' WHERE id = $1`, [posted.id])).rejects.toThrow(/cannot be changed/);
      await expect(t.sql.query(`DELETE FROM journal_entry WHERE id = $1`, [posted.id])).rejects.toThrow(/cannot be deleted/);
      await expect(t.sql.query(`UPDATE ledger_balance SET balance = 1000000 WHERE union_id = $1`, [w.unionA.id])).rejects.toThrow(/only by posting/);
    });
  });

  describe('idempotency', () => {
    it('replays the first response for a repeated key and refuses the key with another body', async () => {
      const w = await newLedgerWorld(t);
      const body = { date: '2025-11-05', memo: '幂等', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '7' }, { unionId: w.unionA.id, accountCode: '40201', credit: '7' }] };
      const first = await t.api.post(`${w.base}/entries`, w.accountant.token, body).set('Idempotency-Key', 'create-1');
      const again = await t.api.post(`${w.base}/entries`, w.accountant.token, body).set('Idempotency-Key', 'create-1');
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM journal_entry WHERE centre_id = $1`, [w.centre.id]);
      expect(rows[0].n).toBe(1);
      expectProblem(await t.api.post(`${w.base}/entries`, w.accountant.token, { ...body, memo: '另一个' }).set('Idempotency-Key', 'create-1'), 409, 'COMMON.IDEMPOTENCY_KEY_REUSED');

      await t.api.post(`${w.base}/entries/${first.body.id}/approve`, w.supervisor.token, {});
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.api.post(`${w.base}/entries/${first.body.id}/post`, w.accountant.token, {}).set('Idempotency-Key', 'post-1')),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(results.map((r) => r.body.number))).toEqual(new Set([1]));
      const balance = await t.sql.query(`SELECT sum(balance) AS b FROM ledger_balance l JOIN account a ON a.id = l.account_id WHERE l.centre_id = $1 AND a.code = '102'`, [w.centre.id]);
      expect(balance.rows[0].b).toBe('7.00');
      expectProblem(await t.api.post(`${w.base}/entries`, w.accountant.token, body).set('Idempotency-Key', 'bad key with spaces'), 400);
    });
  });

  describe('reversal (红字冲销)', () => {
    it('posts the mirror with negative amounts, links both ways, and only once', async () => {
      const w = await newLedgerWorld(t);
      const original = (await w.receive(w.unionA.id, '250.00')).body;
      expectProblem(await t.api.post(`${w.base}/entries/${original.id}/reverse`, w.accountant.token, {}), 403);
      const reversal = await t.api.post(`${w.base}/entries/${original.id}/reverse`, w.supervisor.token, { date: '2025-11-28' });
      expect(reversal.status).toBe(201);
      expect(reversal.body).toEqual(expect.objectContaining({ source: 'reversal', reversesEntryId: original.id, status: 'posted', number: 2, totalDebit: '-250.00' }));
      expect(reversal.body.lines.map((l: { debit: string; credit: string }) => [l.debit, l.credit])).toEqual([['-250.00', '0.00'], ['0.00', '-250.00']]);
      const linked = await t.api.get(`${w.base}/entries/${original.id}`, w.accountant.token);
      expect(linked.body.reversedByEntryId).toBe(reversal.body.id);
      expectProblem(await t.api.post(`${w.base}/entries/${original.id}/reverse`, w.supervisor.token, {}), 409, 'LEDGER.ALREADY_REVERSED');
      expectProblem(await t.api.post(`${w.base}/entries/${reversal.body.id}/reverse`, w.supervisor.token, {}), 409, 'LEDGER.REVERSAL_NOT_REVERSIBLE');
      const tb = await t.api.get(`${w.base}/reports/trial-balance?from=2025-11&to=2025-11`, w.accountant.token);
      // red ink nets the period's movement (debits 250 − 250): nothing is left to show
      expect(tb.body.rows).toEqual([]);
      expect(tb.body.totals).toEqual(expect.objectContaining({ periodDebit: '0.00', periodCredit: '0.00' }));
    });

    it('refuses a reversal that would take cash below zero', async () => {
      const w = await newLedgerWorld(t);
      const receipt = (await w.receive(w.unionA.id, '100.00')).body;
      await w.spend(w.unionA.id, '80.00');
      expectProblem(await t.api.post(`${w.base}/entries/${receipt.id}/reverse`, w.supervisor.token, { date: '2025-11-29' }), 422, 'LEDGER.CASH_INSUFFICIENT');
    });
  });

  describe('periods', () => {
    it('open in order, close in order after checks, and a closed period takes no posting', async () => {
      const w = await newLedgerWorld(t);
      expectProblem(await t.api.post(`${w.base}/periods`, w.accountant.token, { period: '2026-01' }), 409, 'LEDGER.PERIOD_ORDER');
      expectProblem(await t.api.post(`${w.base}/periods`, w.accountant.token, { period: '2025-11' }), 409, 'LEDGER.PERIOD_EXISTS');
      expect((await t.api.post(`${w.base}/periods`, w.accountant.token, { period: '2025-12' })).status).toBe(201);
      await w.receive(w.unionA.id, '100.00');
      const pending = await t.api.post(`${w.base}/entries`, w.accountant.token, {
        date: '2025-11-10', memo: '未过账', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '1' }, { unionId: w.unionA.id, accountCode: '40201', credit: '1' }],
      });
      expectProblem(await t.api.post(`${w.base}/periods/2025-12/close`, w.supervisor.token, {}), 409, 'LEDGER.PERIOD_ORDER');
      expectProblem(await t.api.post(`${w.base}/periods/2025-11/close`, w.accountant.token, {}), 403);
      expectProblem(await t.api.post(`${w.base}/periods/2025-11/close`, w.supervisor.token, {}), 409, 'LEDGER.PERIOD_HAS_PENDING_ENTRIES');
      await t.api.delete(`${w.base}/entries/${pending.body.id}`, w.accountant.token);
      const closed = await t.api.post(`${w.base}/periods/2025-11/close`, w.supervisor.token, {});
      expect(closed.status).toBe(200);
      expect(closed.body.period).toEqual(expect.objectContaining({ period: '2025-11', status: 'closed' }));
      expect(closed.body.checks).toEqual(expect.arrayContaining(['the trial balance balances']));
      expectProblem(await w.receive(w.unionA.id, '5.00', '2025-11-30'), 422, 'LEDGER.PERIOD_NOT_OPEN');
      expectProblem(await t.api.post(`${w.base}/periods/2025-11/close`, w.supervisor.token, {}), 409);
      await expect(t.sql.query(`UPDATE accounting_period SET status = 'open', closed_at = NULL WHERE centre_id = $1 AND month = 11`, [w.centre.id])).rejects.toThrow(/is closed/);
    });

    it('closing December carries the year into 工会资金结余 and opens January with the right balances', async () => {
      const w = await newLedgerWorld(t, '2025-12');
      await w.receive(w.unionA.id, '1000.00', '2025-12-03');
      await w.spend(w.unionA.id, '300.00', '2025-12-10');
      await w.receive(w.unionB.id, '50.00', '2025-12-04');
      await w.spend(w.unionB.id, '50.00', '2025-12-11');
      const closed = await t.api.post(`${w.base}/periods/2025-12/close`, w.supervisor.token, {});
      expect(closed.status).toBe(200);
      expect(closed.body.nextPeriod).toEqual(expect.objectContaining({ period: '2026-01', status: 'open' }));
      expect(closed.body.closingEntries).toHaveLength(2);
      const closingA = closed.body.closingEntries.find((e: { lines: Array<{ unionId: string }> }) => e.lines[0].unionId === w.unionA.id);
      expect(closingA).toEqual(expect.objectContaining({ source: 'closing', date: '2025-12-31', memo: '2025年度收支结转' }));
      expect(closingA.lines.find((l: { accountCode: string }) => l.accountCode === '331')).toEqual(expect.objectContaining({ credit: '700.00' }));

      const tb = await t.api.get(`${w.base}/reports/trial-balance?from=2026-01&to=2026-01&unionId=${w.unionA.id}`, w.accountant.token);
      const rows = new Map(tb.body.rows.map((r: { code: string }) => [r.code, r]));
      expect(rows.get('102')).toEqual(expect.objectContaining({ openingDebit: '700.00' }));
      expect(rows.get('331')).toEqual(expect.objectContaining({ openingCredit: '700.00' }));
      expect(rows.has('402')).toBe(false);
      expect(rows.has('501')).toBe(false);

      const sheet = await t.api.get(`${w.base}/reports/balance-sheet?period=2026-01&unionId=${w.unionA.id}`, w.accountant.token);
      expect(sheet.body.balanced).toBe(true);
      expect(sheet.body.totalAssets).toEqual({ yearStart: '700.00', periodEnd: '700.00' });
      const december = await t.api.get(`${w.base}/reports/income-expenditure?period=2025-12&unionId=${w.unionA.id}`, w.accountant.token);
      expect(december.body.totalIncome).toEqual({ month: '1000.00', yearToDate: '1000.00' });
      expect(december.body.totalExpenditure).toEqual({ month: '300.00', yearToDate: '300.00' });
      expect(december.body.surplus.yearToDate).toBe('700.00');
    });
  });

  describe('reports', () => {
    it('trial balance for the centre and for one union, balanced, as JSON and CSV', async () => {
      const w = await newLedgerWorld(t);
      await w.receive(w.unionA.id, '1234.56');
      await w.receive(w.unionB.id, '100.00');
      await w.spend(w.unionA.id, '34.56');
      const centre = await t.api.get(`${w.base}/reports/trial-balance?from=2025-11&to=2025-11`, w.supervisor.token);
      expect(centre.status).toBe(200);
      expect(centre.body.balanced).toBe(true);
      expect(centre.body.totals).toEqual(expect.objectContaining({ periodDebit: '1369.12', periodCredit: '1369.12', closingDebit: '1334.56', closingCredit: '1334.56' }));
      const byCode = new Map(centre.body.rows.map((r: { code: string }) => [r.code, r]));
      expect(byCode.get('402')).toEqual(expect.objectContaining({ level: 1, periodCredit: '1334.56', closingCredit: '1334.56' }));
      expect(byCode.get('40201')).toEqual(expect.objectContaining({ level: 2, closingCredit: '1334.56' }));
      const union = await t.api.get(`${w.base}/reports/trial-balance?from=2025-11&to=2025-11&unionId=${w.unionA.id}`, w.supervisor.token);
      expect(union.body.totals).toEqual(expect.objectContaining({ closingDebit: '1234.56', closingCredit: '1234.56' }));
      const csv = await t.api.get(`${w.base}/reports/trial-balance?from=2025-11&to=2025-11&format=csv`, w.supervisor.token);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text).toContain('科目编码,科目名称');
      expect(csv.text).toContain('102,银行存款,1,0.00,0.00,1334.56,34.56,1300.00,0.00');
    });

    it('account ledger with a running balance; cash position against the unified account', async () => {
      const w = await newLedgerWorld(t);
      await w.receive(w.unionA.id, '500.00', '2025-11-02');
      await w.spend(w.unionA.id, '120.00', '2025-11-03');
      await w.receive(w.unionB.id, '80.00', '2025-11-04');
      const ledger = await t.api.get(`${w.base}/reports/account-ledger?accountCode=102&from=2025-11&to=2025-11&unionId=${w.unionA.id}`, w.accountant.token);
      expect(ledger.body.rows.map((r: { debit: string; credit: string; balance: string }) => [r.debit, r.credit, r.balance])).toEqual([
        ['500.00', '0.00', '500.00'],
        ['0.00', '120.00', '380.00'],
      ]);
      expect(ledger.body).toEqual(expect.objectContaining({ openingBalance: '0.00', closingBalance: '380.00', periodDebit: '500.00', periodCredit: '120.00' }));
      const cash = await t.api.get(`${w.base}/reports/cash-position?asOf=2025-11-03`, w.supervisor.token);
      const unions = new Map(cash.body.unions.map((u: { unionId: string; bank: string }) => [u.unionId, u.bank]));
      expect(unions.get(w.unionA.id)).toBe('380.00');
      expect(unions.get(w.unionB.id)).toBe('0.00');
      expect(cash.body.unifiedAccount.bookBalance).toBe('380.00');
      const now = await t.api.get(`${w.base}/reports/cash-position?asOf=2025-11-30`, w.supervisor.token);
      expect(now.body.unifiedAccount.bookBalance).toBe('460.00');
      const asOf = await t.api.get(`${w.base}/reports/balances?asOf=2025-11-02&unionId=${w.unionA.id}`, w.accountant.token);
      expect(asOf.body.accounts.map((a: { code: string; balance: string }) => [a.code, a.balance])).toEqual([
        ['102', '500.00'],
        ['402', '500.00'],
        ['40201', '500.00'],
      ]);
      const later = await t.api.get(`${w.base}/reports/balances?asOf=2025-11-03&unionId=${w.unionA.id}`, w.accountant.token);
      expect(later.body.accounts.find((a: { code: string }) => a.code === '501').balance).toBe('120.00');
    });

    it('a union’s treasurer reads only their union’s books', async () => {
      const w = await newLedgerWorld(t);
      await w.receive(w.unionA.id, '10.00');
      await w.receive(w.unionB.id, '20.00');
      const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
      expect((await t.api.get(`${w.base}/reports/trial-balance?from=2025-11&to=2025-11&unionId=${w.unionA.id}`, treasurer.token)).status).toBe(200);
      expectProblem(await t.api.get(`${w.base}/reports/trial-balance?from=2025-11&to=2025-11&unionId=${w.unionB.id}`, treasurer.token), 404);
      expectProblem(await t.api.get(`${w.base}/reports/trial-balance?from=2025-11&to=2025-11`, treasurer.token), 400);
      const entries = await t.api.get(`${w.base}/entries`, treasurer.token);
      expect(entries.body.items).toHaveLength(1);
      expect(entries.body.items[0].lines.every((l: { unionId: string }) => l.unionId === w.unionA.id)).toBe(true);
      expectProblem(await t.api.get(`${w.base}/reports/cash-position`, treasurer.token), 403);
      const member = await newUser(t, w.centre.id, 'member', { unionId: w.unionA.id });
      expectProblem(await t.api.get(`${w.base}/entries`, member.token), 403);
      const stranger = await newCentre(t);
      const strangerAccountant = await newUser(t, stranger.id, 'centre_accountant');
      expectProblem(await t.api.get(`${w.base}/entries`, strangerAccountant.token), 404);
    });
  });
});
