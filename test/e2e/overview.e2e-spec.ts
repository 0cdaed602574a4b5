import { newCentre, newEnterprise, newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

/**
 * 经费概览 (GET …/overview/*): dues assessed vs. collected by month, preparation funds held by enterprise, and the
 * founding rate (建会率) by month, against figures worked out by hand from the data set up here.
 */
describe('centre overview: dues by month, preparation funds, founding rate', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof newLedgerWorld>>;
  const e: Record<'e1' | 'e2' | 'e3' | 'e4' | 'e5', { id: string; uscc: string }> = {} as never;

  beforeAll(async () => {
    t = await createTestApp();
    w = await newLedgerWorld(t, '2025-11');
    for (const period of ['2025-12', '2026-01']) {
      expect((await t.api.post(`${w.base}/periods`, w.accountant.token, { period })).status).toBe(201);
    }
    await t.sql.query(`UPDATE trade_union SET founded_on = '2019-05-01' WHERE centre_id = $1 AND id = $2`, [w.centre.id, w.unionA.id]);
    await t.sql.query(`UPDATE trade_union SET founded_on = '2025-10-20' WHERE centre_id = $1 AND id = $2`, [w.centre.id, w.unionB.id]);
    const token = w.accountant.token;
    e.e1 = await newEnterprise(t.api, token, w.centre.id, { name: '甲企业有限公司', unionId: w.unionA.id });
    e.e2 = await newEnterprise(t.api, token, w.centre.id, { name: '乙企业有限公司', unionId: w.unionB.id });
    e.e3 = await newEnterprise(t.api, token, w.centre.id, { name: '丙企业有限公司' });
    e.e4 = await newEnterprise(t.api, token, w.centre.id, { name: '丁企业有限公司' });
    e.e5 = await newEnterprise(t.api, token, w.centre.id, { name: '戊企业有限公司' });
    // registered on these days, centre time (UTC+8): e2 late on 31 October, e3 just after midnight on 1 November
    const registered: Array<[string, string]> = [
      [e.e1.id, '2025-08-10 10:00:00+08'],
      [e.e2.id, '2025-10-31 23:30:00+08'],
      [e.e3.id, '2025-11-01 00:30:00+08'],
      [e.e4.id, '2026-01-15 09:00:00+08'],
      [e.e5.id, '2026-02-01 09:00:00+08'],
    ];
    for (const [id, at] of registered) await t.sql.query('UPDATE enterprise SET created_at = $3 WHERE centre_id = $1 AND id = $2', [w.centre.id, id, at]);

    const declare = async (enterpriseId: string, period: string, totalPayroll: string) => {
      const response = await t.api.post(`${w.base}/enterprises/${enterpriseId}/payroll-declarations`, token, { period, totalPayroll });
      expect(response.status).toBe(201);
    };
    await declare(e.e1.id, '2025-11', '100000.00'); // 2000.00, corrected below
    await declare(e.e1.id, '2025-11', '120000.00'); // 2400.00
    await declare(e.e1.id, '2025-12', '50000.50'); // 1000.01
    await declare(e.e2.id, '2025-Q4', '300000.00'); // 6000.00, counted in October
    await declare(e.e3.id, '2025-11', '45000.00'); // 900.00
    await declare(e.e5.id, '2025-11', '25000.00'); // 500.00
    const receive = async (body: Record<string, unknown>) => {
      const response = await t.api.post(`${w.base}/dues-receipts`, token, { channel: 'enterprise', ...body });
      expect(response.status).toBe(201);
    };
    await receive({ receivedOn: '2025-11-15', amount: '2400.00', enterpriseId: e.e1.id });
    await receive({ receivedOn: '2025-11-20', amount: '3000.00', enterpriseId: e.e2.id });
    await receive({ receivedOn: '2025-11-20', amount: '500.00', enterpriseId: e.e5.id }); // preparation fund
    await receive({ receivedOn: '2025-12-03', amount: '900.00', enterpriseId: e.e3.id }); // preparation fund
    await receive({ receivedOn: '2025-12-10', amount: '123.45', payerName: '某商贸公司' }); // payer unknown: suspense
    await receive({ receivedOn: '2026-01-05', amount: '1000.01', enterpriseId: e.e1.id });
    const founded = await t.api.post(`${w.base}/enterprises/${e.e5.id}/found-union`, w.supervisor.token, {
      unionCode: 'WU-105', unionName: '戊企业有限公司工会', foundedOn: '2025-12-15', memberCount: 9,
    });
    expect(founded.status).toBe(201);
    expect(founded.body.held).toBe('500.00');
    // a manual entry on 21203 that names no enterprise
    expect((await w.post('2025-12-20', '建会筹备金（未指明企业）', [
      { unionId: w.street.id, accountCode: '102', debit: '10.00' },
      { unionId: w.street.id, accountCode: '21203', credit: '10.00' },
    ])).status).toBe(200);
  }, 120_000);

  afterAll(() => t.close());

  it('dues assessed by payroll period and collected by day received, month by month, corrections superseded', async () => {
    const response = await t.api.get(`${w.base}/overview/dues-by-month?year=2025`, w.supervisor.token);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.year).toBe(2025);
    expect(body.months.map((m: { month: string }) => m.month)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2025-${m}`));
    const figures = Object.fromEntries(body.months.map((m: { month: string; assessed: string; collected: string }) => [m.month, [m.assessed, m.collected]]));
    expect(figures['2025-09']).toEqual(['0.00', '0.00']);
    expect(figures['2025-10']).toEqual(['6000.00', '0.00']);
    expect(figures['2025-11']).toEqual(['3800.00', '5900.00']); // 2400 + 900 + 500; 2400 + 3000 + 500
    expect(figures['2025-12']).toEqual(['1000.01', '1023.45']); // 1000.01; 900 + 123.45 (in suspense)
    expect(body.totalAssessed).toBe('10800.01');
    expect(body.totalCollected).toBe('6923.45');

    const next = (await t.api.get(`${w.base}/overview/dues-by-month?year=2026`, w.accountant.token)).body;
    expect(next.months[0]).toEqual({ month: '2026-01', assessed: '0.00', collected: '1000.01' });
    expect([next.totalAssessed, next.totalCollected]).toEqual(['0.00', '1000.01']);
  });

  it('preparation funds held by enterprise at the end of a day, with the enterprises without a union', async () => {
    const at = async (asOf: string) => {
      const response = await t.api.get(`${w.base}/overview/preparation-funds?asOf=${asOf}`, w.supervisor.token);
      expect(response.status).toBe(200);
      return response.body;
    };
    const rows = (body: { enterprises: Array<{ enterpriseId: string; held: string; hasUnion: boolean; unionFoundedOn: string | null }> }) =>
      body.enterprises.map((r) => [r.enterpriseId, r.held, r.hasUnion, r.unionFoundedOn]);

    const november = await at('2025-11-30');
    expect(rows(november)).toEqual([
      [e.e5.id, '500.00', false, '2025-12-15'],
      [e.e3.id, '0.00', false, null], // known since its November payroll, nothing received yet
    ]);
    expect(november.enterprises[0]).toEqual(expect.objectContaining({ enterpriseName: '戊企业有限公司', uscc: e.e5.uscc }));
    expect([november.unattributed, november.totalHeld]).toEqual(['0.00', '500.00']);

    const beforeFounding = await at('2025-12-14');
    expect(rows(beforeFounding)).toEqual([
      [e.e3.id, '900.00', false, null],
      [e.e5.id, '500.00', false, '2025-12-15'],
    ]);
    expect(beforeFounding.totalHeld).toBe('1400.00');

    // e5's union was founded on the 15th: its funds moved out and it has a union
    const yearEnd = await at('2025-12-31');
    expect(rows(yearEnd)).toEqual([[e.e3.id, '900.00', false, null]]);
    expect([yearEnd.unattributed, yearEnd.totalHeld]).toEqual(['10.00', '910.00']);

    const january = await at('2026-01-31');
    expect(rows(january)).toEqual([
      [e.e3.id, '900.00', false, null],
      [e.e4.id, '0.00', false, null], // registered on 15 January
    ]);
    // today the total is the street union's 21203 balance in the books
    const { rows: [balance] } = await t.sql.query(
      `SELECT -b.balance AS held FROM ledger_balance b JOIN account a ON a.id = b.account_id WHERE b.centre_id = $1 AND b.union_id = $2 AND a.code = '21203'`,
      [w.centre.id, w.street.id],
    );
    const today = (await t.api.get(`${w.base}/overview/preparation-funds`, w.accountant.token)).body;
    expect(today.asOf).toBe(new Date().toISOString().slice(0, 10));
    expect(today.totalHeld).toBe(balance.held);
    expect(today.totalHeld).toBe('910.00');
  });

  it('the founding rate at each month’s end: enterprises known and those with a union, in per cent half up', async () => {
    const response = await t.api.get(`${w.base}/overview/founding-rate?from=2025-07&to=2026-02`, w.supervisor.token);
    expect(response.status).toBe(200);
    expect(response.body.from).toBe('2025-07');
    expect(response.body.to).toBe('2026-02');
    expect(response.body.months.map((m: { month: string; enterprises: number; withUnion: number; ratePercent: string | null }) => [m.month, m.enterprises, m.withUnion, m.ratePercent])).toEqual([
      ['2025-07', 0, 0, null],
      ['2025-08', 1, 1, '100.00'], // e1, union founded 2019
      ['2025-09', 1, 1, '100.00'],
      ['2025-10', 2, 2, '100.00'], // e2 registered 31 October (centre time), its union founded 20 October; e3 not yet
      ['2025-11', 4, 2, '50.00'], // e3 registered 1 November; e5 known from its November payroll
      ['2025-12', 4, 3, '75.00'], // e5 founded its union on 15 December
      ['2026-01', 5, 3, '60.00'], // e4 registered 15 January
      ['2026-02', 5, 3, '60.00'],
    ]);
    // left out: the twelve months up to this one
    const recent = (await t.api.get(`${w.base}/overview/founding-rate`, w.accountant.token)).body;
    expect(recent.months).toHaveLength(12);
    expect(recent.to).toBe(new Date().toISOString().slice(0, 7));
  });

  it('refuses bad ranges and reads only for the centre’s staff, the administrator and whole-centre auditors', async () => {
    expectProblem(await t.api.get(`${w.base}/overview/founding-rate?from=2026-02&to=2025-07`, w.supervisor.token), 400, 'COMMON.VALIDATION_FAILED');
    expectProblem(await t.api.get(`${w.base}/overview/founding-rate?from=2010-01&to=2025-07`, w.supervisor.token), 400, 'COMMON.VALIDATION_FAILED');
    expectProblem(await t.api.get(`${w.base}/overview/founding-rate?from=2025-13`, w.supervisor.token), 400);
    expectProblem(await t.api.get(`${w.base}/overview/dues-by-month?year=1999`, w.supervisor.token), 400);
    expectProblem(await t.api.get(`${w.base}/overview/dues-by-month`, w.supervisor.token), 400);
    expectProblem(await t.api.get(`${w.base}/overview/preparation-funds?asOf=2025-02-30`, w.supervisor.token), 400);

    expect((await t.api.get(`${w.base}/overview/dues-by-month?year=2025`, t.adminToken)).body.totalAssessed).toBe('10800.01');
    const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
    expectProblem(await t.api.get(`${w.base}/overview/dues-by-month?year=2025`, treasurer.token), 403);
    const enterprise = await newUser(t, w.centre.id, 'enterprise', { enterpriseId: e.e1.id });
    expectProblem(await t.api.get(`${w.base}/overview/preparation-funds`, enterprise.token), 403);

    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const engage = async (role: string, scope: Record<string, unknown>) => {
      const auditor = await newUser(t, w.centre.id, role);
      const opened = await t.api.post(`${w.base}/audit-engagements`, w.supervisor.token, {
        kind: 'internal', title: '经费审计', auditorUserIds: [auditor.id], periodFrom: '2025-01', periodTo: `${year}-12`,
        validFrom: today, validUntil: `${year + 1}-12-31`, ...scope,
      });
      expect(opened.status).toBe(201);
      return auditor;
    };
    const wholeCentre = await engage('internal_auditor', { allUnions: true });
    expect((await t.api.get(`${w.base}/overview/dues-by-month?year=2025`, wholeCentre.token)).body.totalCollected).toBe('6923.45');
    expect((await t.api.get(`${w.base}/overview/founding-rate?from=2025-07&to=2026-02`, wholeCentre.token)).status).toBe(200);
    expectProblem(await t.api.get(`${w.base}/overview/founding-rate?from=2024-12&to=2025-02`, wholeCentre.token), 403, 'AUTH.OUT_OF_ENGAGEMENT');
    const oneUnion = await engage('internal_auditor', { unionIds: [w.unionA.id] });
    expectProblem(await t.api.get(`${w.base}/overview/preparation-funds?asOf=2025-12-31`, oneUnion.token), 403, 'AUTH.OUT_OF_ENGAGEMENT');

    const other = await newCentre(t);
    const otherSupervisor = await newUser(t, other.id, 'centre_supervisor');
    expectProblem(await t.api.get(`${w.base}/overview/dues-by-month?year=2025`, otherSupervisor.token), 404);
  });
});
