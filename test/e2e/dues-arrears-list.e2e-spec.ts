import { newCentre, newEnterprise, newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

/**
 * The 欠缴清单 as the console's 欠缴查询 table and the dashboard read it: one row per enterprise owing, filtered,
 * sorted and paged by the API, with the count and Σ owed of every page.
 */
describe('money in: the arrears list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('filters by union, founding, months overdue and name, sorts by every key both ways, and totals every page', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = (name: string, unionId?: string) =>
      newEnterprise(t.api, w.accountant.token, w.centre.id, { name, ...(unionId ? { unionId } : {}) });
    const declare = async (enterpriseId: string, period: string, totalPayroll: string) => {
      const response = await t.api.post(`${w.base}/enterprises/${enterpriseId}/payroll-declarations`, w.accountant.token, { period, totalPayroll });
      expect(response.status).toBe(201);
    };
    const pay = async (enterpriseId: string, amount: string) => {
      const response = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-15', amount, channel: 'enterprise', enterpriseId });
      expect(response.status).toBe(201);
    };
    // every sort key tells the four apart: owed, periods, oldest period and months overdue all differ
    const a = await enterprise('A 甲方科技有限公司', w.unionA.id); // 2 periods, 400.00 from 2025-09
    await declare(a.id, '2025-09', '10000.00');
    await declare(a.id, '2025-10', '10000.00');
    const b = await enterprise('B 乙方贸易有限公司', w.unionB.id); // 1 period, 6000.00 from 2025-Q2
    await declare(b.id, '2025-Q2', '300000.00');
    const c = await enterprise('C 丙方物流有限公司'); // no union (建会筹备金): 3 periods, 300.00 from 2025-08
    for (const period of ['2025-08', '2025-09', '2025-10']) await declare(c.id, period, '5000.00');
    const d = await enterprise('D 丁方50%_餐饮有限公司', w.unionA.id); // 4 periods, 800.00 less 100.00 paid, from 2025-10
    for (const period of ['2025-10', '2025-11', '2025-12', '2026-01']) await declare(d.id, period, '10000.00');
    await pay(d.id, '100.00');
    const paidUp = await enterprise('E 戊方已缴清有限公司', w.unionA.id);
    await declare(paidUp.id, '2025-10', '10000.00');
    await pay(paidUp.id, '200.00');

    const list = (query: string) => t.api.get(`${w.base}/dues/arrears?asOf=2026-01-31&${query}`, w.accountant.token);
    const ids = (body: { items: Array<{ enterpriseId: string }> }) => body.items.map((r) => r.enterpriseId);

    const all = (await list('')).body;
    expect(all).toEqual(expect.objectContaining({ asOf: '2026-01-31', page: 1, pageSize: 50, total: 4, totalOwed: '7400.00' }));
    // oldest unpaid period first unless asked otherwise
    expect(ids(all)).toEqual([b.id, c.id, a.id, d.id]);
    expect(all.items[2]).toEqual({
      enterpriseId: a.id, enterpriseName: 'A 甲方科技有限公司', uscc: a.uscc, unionId: w.unionA.id,
      owed: '400.00', periodsOwed: 2, oldestPeriod: '2025-09', monthsOverdue: 4,
    });
    expect(all.items.map((r: { owed: string; periodsOwed: number; oldestPeriod: string; monthsOverdue: number; unionId: string | null }) =>
      [r.owed, r.periodsOwed, r.oldestPeriod, r.monthsOverdue, r.unionId])).toEqual([
      ['6000.00', 1, '2025-Q2', 7, w.unionB.id],
      ['300.00', 3, '2025-08', 5, null],
      ['400.00', 2, '2025-09', 4, w.unionA.id],
      ['700.00', 4, '2025-10', 3, w.unionA.id],
    ]);

    const orders: Record<string, string[]> = {
      enterpriseName: [a.id, b.id, c.id, d.id],
      owed: [c.id, a.id, d.id, b.id],
      periodsOwed: [b.id, a.id, c.id, d.id],
      oldestPeriod: [b.id, c.id, a.id, d.id],
      monthsOverdue: [d.id, a.id, c.id, b.id],
    };
    for (const [key, ascending] of Object.entries(orders)) {
      expect([key, ids((await list(`sort=${key}`)).body)]).toEqual([key, ascending]);
      expect([`-${key}`, ids((await list(`sort=-${key}`)).body)]).toEqual([`-${key}`, [...ascending].reverse()]);
    }

    // a page of the order, with the count and Σ owed of all pages; past the end, no rows and the same totals
    const second = (await list('sort=-owed&pageSize=3&page=2')).body;
    expect(second).toEqual(expect.objectContaining({ page: 2, pageSize: 3, total: 4, totalOwed: '7400.00' }));
    expect(ids(second)).toEqual([c.id]);
    expect(ids((await list('sort=-owed&pageSize=3&page=1')).body)).toEqual([b.id, d.id, a.id]);
    expect((await list('pageSize=3&page=3')).body).toEqual(expect.objectContaining({ items: [], total: 4, totalOwed: '7400.00' }));

    const filtered = async (query: string) => {
      const body = (await list(query)).body;
      return { ids: ids(body), total: body.total, totalOwed: body.totalOwed };
    };
    expect(await filtered(`unionId=${w.unionA.id}`)).toEqual({ ids: [a.id, d.id], total: 2, totalOwed: '1100.00' });
    expect(await filtered('hasUnion=false')).toEqual({ ids: [c.id], total: 1, totalOwed: '300.00' });
    expect(await filtered('hasUnion=true&sort=enterpriseName')).toEqual({ ids: [a.id, b.id, d.id], total: 3, totalOwed: '7100.00' });
    expect(await filtered('minMonthsOverdue=5')).toEqual({ ids: [b.id, c.id], total: 2, totalOwed: '6300.00' });
    expect(await filtered(`minMonthsOverdue=4&unionId=${w.unionA.id}`)).toEqual({ ids: [a.id], total: 1, totalOwed: '400.00' });
    expect(await filtered(`q=${encodeURIComponent('乙方')}`)).toEqual({ ids: [b.id], total: 1, totalOwed: '6000.00' });
    expect(await filtered(`q=${d.uscc.slice(4, 14).toLowerCase()}`)).toEqual({ ids: [d.id], total: 1, totalOwed: '700.00' });
    // LIKE's own characters are searched for as text: "50%_" is in one name only, "%" alone in none but that one
    expect(await filtered(`q=${encodeURIComponent('50%_')}`)).toEqual({ ids: [d.id], total: 1, totalOwed: '700.00' });
    expect(await filtered(`q=${encodeURIComponent('_方')}`)).toEqual({ ids: [], total: 0, totalOwed: '0.00' });
    expect(await filtered(`q=nobody&unionId=${w.unionB.id}`)).toEqual({ ids: [], total: 0, totalOwed: '0.00' });

    // as of an earlier day: periods ending later are not yet owed; a month is whole only on its day of the month
    const december = (await t.api.get(`${w.base}/dues/arrears?asOf=2025-12-31&sort=enterpriseName`, w.accountant.token)).body;
    expect(december).toEqual(expect.objectContaining({ asOf: '2025-12-31', total: 4, totalOwed: '7200.00' }));
    expect(december.items.map((r: { periodsOwed: number; monthsOverdue: number }) => [r.periodsOwed, r.monthsOverdue])).toEqual([[2, 3], [1, 6], [3, 4], [3, 2]]);
    const day30 = (await t.api.get(`${w.base}/dues/arrears?asOf=2026-01-30&unionId=${w.unionA.id}&sort=enterpriseName`, w.accountant.token)).body;
    expect(day30.items.map((r: { monthsOverdue: number }) => r.monthsOverdue)).toEqual([4, 2]);

    for (const bad of ['sort=uscc', 'sort=-unionId', 'sort=owed,name', 'minMonthsOverdue=-1', 'minMonthsOverdue=two', 'hasUnion=maybe',
      'unionId=not-a-uuid', 'pageSize=201', 'page=0', 'status=owing']) {
      expectProblem(await list(bad), 400);
    }
  });

  it('answers the centre’s staff and auditors of the whole centre only', async () => {
    const w = await newLedgerWorld(t);
    const owing = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    expect((await t.api.post(`${w.base}/enterprises/${owing.id}/payroll-declarations`, w.accountant.token, { period: '2025-10', totalPayroll: '1000.00' })).status).toBe(201);
    const path = `${w.base}/dues/arrears?asOf=2026-01-31&sort=-owed&pageSize=10`;
    const expected = expect.objectContaining({ total: 1, totalOwed: '20.00', items: [expect.objectContaining({ enterpriseId: owing.id })] });
    expect((await t.api.get(path, w.supervisor.token)).body).toEqual(expected);

    const today = new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const engage = async (scope: Record<string, unknown>) => {
      const auditor = await newUser(t, w.centre.id, 'internal_auditor');
      const opened = await t.api.post(`${w.base}/audit-engagements`, w.supervisor.token, {
        kind: 'internal', title: '欠缴审计', auditorUserIds: [auditor.id], periodFrom: '2025-01', periodTo: `${year}-12`,
        validFrom: today, validUntil: `${year + 1}-12-31`, ...scope,
      });
      expect(opened.status).toBe(201);
      return auditor;
    };
    expect((await t.api.get(path, (await engage({ allUnions: true })).token)).body).toEqual(expected);
    // arrears are the whole centre's: an engagement of one union reads none of them, its own union's neither
    const oneUnion = await engage({ unionIds: [w.unionA.id] });
    expectProblem(await t.api.get(`${path}&unionId=${w.unionA.id}`, oneUnion.token), 403, 'AUTH.OUT_OF_ENGAGEMENT');
    const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
    expectProblem(await t.api.get(`${path}&unionId=${w.unionA.id}`, treasurer.token), 403);
    const other = await newCentre(t);
    const otherAccountant = await newUser(t, other.id, 'centre_accountant');
    expectProblem(await t.api.get(path, otherAccountant.token), 404);
    expect((await t.api.get(`/centres/${other.id}/dues/arrears?asOf=2026-01-31`, otherAccountant.token)).body).toEqual(
      expect.objectContaining({ items: [], total: 0, totalOwed: '0.00' }),
    );
  });
});
