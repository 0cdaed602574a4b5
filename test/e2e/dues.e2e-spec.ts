import { newEnterprise, newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

describe('money in: payroll, dues, receipts, remittance, preparation funds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function balances(centreId: string, unionId: string): Promise<Record<string, string>> {
    const { rows } = await t.sql.query(
      `SELECT a.code, b.balance FROM ledger_balance b JOIN account a ON a.id = b.account_id WHERE b.centre_id = $1 AND b.union_id = $2 AND b.balance <> 0`,
      [centreId, unionId],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.balance]));
  }

  it('declares, assesses 2%, receives, splits 60/40, remits, and the statement ends at zero owed', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const declared = await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '930000.00', headcount: 56 });
    expect(declared.status).toBe(201);
    expect(declared.body).toEqual(expect.objectContaining({ period: '2025-11', version: 1, amountAssessed: '18600.00', current: true }));

    const statementBefore = await t.api.get(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=2025`, w.accountant.token);
    expect(statementBefore.body.periods).toEqual([expect.objectContaining({ period: '2025-11', assessed: '18600.00', paid: '0.00', owed: '18600.00' })]);

    const receipt = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, {
      receivedOn: '2025-11-15', amount: '18600.00', channel: 'enterprise', enterpriseId: enterprise.id, bankReference: 'CCB20251115001',
    });
    expect(receipt.status).toBe(201);
    expect(receipt.body).toEqual(expect.objectContaining({ status: 'allocated', allocations: [expect.objectContaining({ period: '2025-11', kind: 'dues', amount: '18600.00' })] }));
    expect(await balances(w.centre.id, w.unionA.id)).toEqual({ '102': '18600.00', '40201': '-11160.00', '211': '-7440.00' });

    const remitted = await t.api.post(`${w.base}/remittances`, w.accountant.token, { date: '2025-11-25' });
    expect(remitted.status).toBe(201);
    expect(remitted.body.source).toBe('remittance');
    expect(await balances(w.centre.id, w.unionA.id)).toEqual({ '102': '11160.00', '40201': '-11160.00' });
    expectProblem(await t.api.post(`${w.base}/remittances`, w.accountant.token, { date: '2025-11-26' }), 422, 'DUES.NOTHING_TO_REMIT');

    const statement = await t.api.get(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=2025`, w.accountant.token);
    expect(statement.body).toEqual(expect.objectContaining({ totalAssessed: '18600.00', totalPaid: '18600.00', totalOwed: '0.00', credit: '0.00' }));
    expect(statement.body.periods[0]).toEqual(expect.objectContaining({ payrollDeclared: '930000.00', kind: 'dues', receipts: [expect.objectContaining({ receiptId: receipt.body.id, amount: '18600.00' })] }));
    // the enterprise sees its own statement, not another's
    const enterpriseUser = await newUser(t, w.centre.id, 'enterprise', { enterpriseId: enterprise.id });
    expect((await t.api.get(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=2025`, enterpriseUser.token)).status).toBe(200);
    const other = await newEnterprise(t.api, w.accountant.token, w.centre.id);
    expectProblem(await t.api.get(`${w.base}/enterprises/${other.id}/dues-statement?year=2025`, enterpriseUser.token), 404);
  });

  it('keeps a corrected declaration’s history and owes the difference', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-Q4', totalPayroll: '300000.00' });
    await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-10', amount: '6000.00', channel: 'enterprise', enterpriseId: enterprise.id });
    const corrected = await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-Q4', totalPayroll: '312345.67' });
    expect(corrected.body).toEqual(expect.objectContaining({ version: 2, amountAssessed: '6246.91' }));
    const history = await t.api.get(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token);
    expect(history.body.map((d: { version: number; current: boolean; totalPayroll: string }) => [d.version, d.current, d.totalPayroll])).toEqual([
      [1, false, '300000.00'],
      [2, true, '312345.67'],
    ]);
    const statement = await t.api.get(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=2025`, w.accountant.token);
    expect(statement.body.periods[0]).toEqual(expect.objectContaining({ assessed: '6246.91', paid: '6000.00', owed: '246.91' }));
    expectProblem(
      await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '1.00' }),
      409, 'DUES.OVERLAPPING_DECLARATION',
    );
    const arrears = await t.api.get(`${w.base}/dues/arrears?asOf=2026-01-31`, w.accountant.token);
    expect(arrears.body.items).toEqual([expect.objectContaining({ enterpriseId: enterprise.id, owed: '246.91', oldestPeriod: '2025-Q4', monthsOverdue: 1 })]);
  });

  it('settles the oldest period first, the named period when given, and holds an over-payment as credit for later', async () => {
    const w = await newLedgerWorld(t);
    await t.api.post(`${w.base}/periods`, w.accountant.token, { period: '2025-12' });
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const declare = (period: string, payroll: string, extra = {}) =>
      t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period, totalPayroll: payroll, ...extra });
    await declare('2025-10', '10000.00');
    await declare('2025-11', '10000.00');
    const named = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-20', amount: '200.00', channel: 'enterprise', enterpriseId: enterprise.id, namedPeriod: '2025-11' });
    expect(named.body.allocations.map((a: { period: string }) => a.period)).toEqual(['2025-11']);
    const over = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-21', amount: '500.00', channel: 'enterprise', enterpriseId: enterprise.id });
    expect(over.body.allocations.map((a: { period: string | null; kind: string; amount: string }) => [a.period, a.kind, a.amount])).toEqual([
      ['2025-10', 'dues', '200.00'],
      [null, 'credit', '300.00'],
    ]);
    expect((await balances(w.centre.id, w.unionA.id))['22102']).toBe('-300.00');
    // December's assessment is paid from the credit when it is declared
    const december = await declare('2025-12', '10000.00', { declaredOn: '2025-12-05' });
    expect(december.status).toBe(201);
    const statement = await t.api.get(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=2025`, w.accountant.token);
    expect(statement.body.periods.map((p: { period: string; owed: string }) => [p.period, p.owed])).toEqual([['2025-10', '0.00'], ['2025-11', '0.00'], ['2025-12', '0.00']]);
    expect(statement.body.credit).toBe('100.00');
    const books = await balances(w.centre.id, w.unionA.id);
    expect(books).toEqual({ '102': '700.00', '22102': '-100.00', '40201': '-360.00', '211': '-240.00' });
  });

  it('holds unidentified money in suspense until a person names the payer', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionB.id });
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '50000.00' });
    const unknown = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-12', amount: '1000.00', channel: 'enterprise', payerName: '某公司' });
    expect(unknown.body).toEqual(expect.objectContaining({ status: 'suspense', enterpriseId: null, allocations: [] }));
    expect(await balances(w.centre.id, w.street.id)).toEqual({ '102': '1000.00', '22101': '-1000.00' });
    const suspense = await t.api.get(`${w.base}/dues-receipts?status=suspense`, w.accountant.token);
    expect(suspense.body.items.map((r: { id: string }) => r.id)).toEqual([unknown.body.id]);
    expect(suspense.body.total).toBe(1);
    expectProblem(await t.api.get(`${w.base}/dues-receipts?status=lost`, w.accountant.token), 400);
    expectProblem(await t.api.get(`${w.base}/dues/arrears?asOf=2025-02-30`, w.accountant.token), 400);
    const assigned = await t.api.post(`${w.base}/dues-receipts/${unknown.body.id}/assign`, w.accountant.token, { enterpriseId: enterprise.id, date: '2025-11-13' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toEqual(expect.objectContaining({ status: 'allocated', enterpriseId: enterprise.id }));
    expect(await balances(w.centre.id, w.street.id)).toEqual({});
    expect(await balances(w.centre.id, w.unionB.id)).toEqual({ '102': '1000.00', '40201': '-600.00', '211': '-400.00' });
    expectProblem(await t.api.post(`${w.base}/dues-receipts/${unknown.body.id}/assign`, w.accountant.token, { enterpriseId: enterprise.id }), 409, 'DUES.RECEIPT_NOT_IN_SUSPENSE');
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-10', totalPayroll: '50.00' });
    const byUscc = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-14', amount: '1.00', channel: 'tax', uscc: enterprise.uscc.toLowerCase() });
    expect(byUscc.body.enterpriseId).toBe(enterprise.id);
    expect((await balances(w.centre.id, w.unionB.id))['40202']).toBe('-0.60');
  });

  it('records a receipt once for a repeated Idempotency-Key', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const body = { receivedOn: '2025-11-15', amount: '99.00', channel: 'enterprise', enterpriseId: enterprise.id };
    const responses = await Promise.all([1, 2, 3].map(() => t.api.post(`${w.base}/dues-receipts`, w.accountant.token, body).set('Idempotency-Key', 'receipt-7')));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM dues_receipt WHERE centre_id = $1', [w.centre.id]);
    expect(rows[0].n).toBe(1);
  });

  it('an enterprise without a union pays a preparation fund, founds its union, and the new union opens with the transfer', async () => {
    const w = await newLedgerWorld(t);
    await t.api.post(`${w.base}/periods`, w.accountant.token, { period: '2025-12' });
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id);
    for (const period of ['2025-10', '2025-11']) {
      await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period, totalPayroll: '25000.00' });
      const paid = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-18', amount: '500.00', channel: 'enterprise', enterpriseId: enterprise.id });
      expect(paid.body.allocations[0]).toEqual(expect.objectContaining({ period, kind: 'preparation', unionId: w.street.id }));
    }
    expect(await balances(w.centre.id, w.street.id)).toEqual({ '102': '1000.00', '21203': '-1000.00' });

    expectProblem(await t.api.post(`${w.base}/enterprises/${enterprise.id}/found-union`, w.accountant.token, { unionCode: 'NEW-1', unionName: '新工会', foundedOn: '2025-12-01', memberCount: 20 }), 403);
    const founded = await t.api.post(`${w.base}/enterprises/${enterprise.id}/found-union`, w.supervisor.token, {
      unionCode: 'NEW-1', unionName: '杭州拾光文化传媒有限公司工会', foundedOn: '2025-12-01', memberCount: 20,
    });
    expect(founded.status).toBe(201);
    expect(founded.body).toEqual(expect.objectContaining({ held: '1000.00', transferred: '600.00', remainder: '400.00' }));
    const newUnion = founded.body.unionId;
    expect(await balances(w.centre.id, newUnion)).toEqual({ '102': '600.00', '40201': '-600.00' });
    expect(await balances(w.centre.id, w.street.id)).toEqual({ '102': '400.00', '211': '-400.00' });
    const union = await t.api.get(`${w.base}/unions/${newUnion}`, w.accountant.token);
    expect(union.body).toEqual(expect.objectContaining({ kind: 'grassroots', parentUnionId: w.street.id, foundedOn: '2025-12-01' }));
    expect((await t.api.get(`${w.base}/enterprises/${enterprise.id}`, w.accountant.token)).body.unionId).toBe(newUnion);
    expectProblem(await t.api.post(`${w.base}/enterprises/${enterprise.id}/found-union`, w.supervisor.token, { unionCode: 'NEW-2', unionName: '又一个', foundedOn: '2025-12-02', memberCount: 1 }), 409, 'PREPARATION.ENTERPRISE_HAS_UNION');

    // after founding, dues go to the enterprise's own union; the statement runs on without a break
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-12', totalPayroll: '25000.00' });
    await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-12-15', amount: '500.00', channel: 'enterprise', enterpriseId: enterprise.id });
    const statement = await t.api.get(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=2025`, w.accountant.token);
    expect(statement.body.periods.map((p: { period: string; kind: string; owed: string; paid: string }) => [p.period, p.kind, p.paid, p.owed])).toEqual([
      ['2025-10', 'preparation', '500.00', '0.00'],
      ['2025-11', 'preparation', '500.00', '0.00'],
      ['2025-12', 'dues', '500.00', '0.00'],
    ]);
    expect(await balances(w.centre.id, newUnion)).toEqual({ '102': '1100.00', '40201': '-900.00', '211': '-200.00' });
  });

  it('applies the rule in effect, by enterprise class, with several named upward levels', async () => {
    const w = await newLedgerWorld(t);
    expect((await t.api.post(`${w.base}/accounts`, w.accountant.token, { code: '21101', name: '应付上级经费-市总工会' })).status).toBe(201);
    expect((await t.api.post(`${w.base}/accounts`, w.accountant.token, { code: '21102', name: '应付上级经费-区总工会' })).status).toBe(201);
    const rule = await t.api.post(`${w.base}/dues-rules`, w.supervisor.token, {
      effectiveFrom: '2025-01-01', rate: '0.02', retainedShare: '0.60', preparationTransferShare: '0.60',
      upwardShares: [{ levelName: '市总工会', share: '0.25', payableAccountCode: '21101' }, { levelName: '区总工会', share: '0.15', payableAccountCode: '21102' }],
    });
    expect(rule.status).toBe(201);
    const small = await t.api.post(`${w.base}/dues-rules`, w.supervisor.token, {
      effectiveFrom: '2025-01-01', enterpriseClass: 'small_micro', rate: '0.02', retainedShare: '0.95', preparationTransferShare: '1',
      upwardShares: [{ levelName: '市总工会', share: '0.05', payableAccountCode: '21101' }],
    });
    expect(small.status).toBe(201);
    expectProblem(await t.api.post(`${w.base}/dues-rules`, w.supervisor.token, {
      effectiveFrom: '2026-01-01', rate: '0.02', retainedShare: '0.60', preparationTransferShare: '0.60', upwardShares: [{ levelName: '上级', share: '0.30' }],
    }), 422, 'DUES.SHARES_NOT_WHOLE');

    const normal = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const micro = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionB.id, duesClass: 'small_micro' });
    expect(micro).toEqual(expect.objectContaining({ duesClass: 'small_micro' }));
    for (const e of [normal, micro]) {
      await t.api.post(`${w.base}/enterprises/${e.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '5000.00' });
      await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-15', amount: '100.00', channel: 'enterprise', enterpriseId: e.id });
    }
    expect(await balances(w.centre.id, w.unionA.id)).toEqual({ '102': '100.00', '40201': '-60.00', '21101': '-25.00', '21102': '-15.00' });
    expect(await balances(w.centre.id, w.unionB.id)).toEqual({ '102': '100.00', '40201': '-95.00', '21101': '-5.00' });
    const rules = await t.api.get(`${w.base}/dues-rules`, w.accountant.token);
    expect(rules.body).toHaveLength(3);
  });
});
