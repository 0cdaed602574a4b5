import { newEnterprise } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

/** The receipts list as the console's 拨缴收款 table reads it: filters, orders, the payer's name and the filtered total. */
describe('money in: the receipts list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('filters by channel, dates, status and payer, sorts by date or amount, and totals every page', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const record = async (body: Record<string, unknown>) => {
      const response = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, body);
      expect(response.status).toBe(201);
      return response.body as { id: string; amount: string };
    };
    const a = await record({ receivedOn: '2025-11-03', amount: '300.00', channel: 'enterprise', enterpriseId: enterprise.id });
    const b = await record({ receivedOn: '2025-11-10', amount: '1200.50', channel: 'tax', enterpriseId: enterprise.id });
    const c = await record({ receivedOn: '2025-11-20', amount: '45.10', channel: 'enterprise', payerName: '不明汇款人' });
    const list = (query: string) => t.api.get(`${w.base}/dues-receipts?${query}`, w.accountant.token);
    const ids = (body: { items: Array<{ id: string }> }) => body.items.map((r) => r.id);

    const all = await list('');
    expect(ids(all.body)).toEqual([c.id, b.id, a.id]);
    expect(all.body).toEqual(expect.objectContaining({ total: 3, totalAmount: '1545.60' }));
    expect(all.body.items[1]).toEqual(expect.objectContaining({ enterpriseName: expect.stringContaining('测试企业'), enterpriseUscc: enterprise.uscc }));
    expect(all.body.items[0]).toEqual(expect.objectContaining({ status: 'suspense', enterpriseName: null, enterpriseUscc: null, payerName: '不明汇款人' }));

    expect(ids((await list('sort=amount')).body)).toEqual([c.id, a.id, b.id]);
    expect(ids((await list('sort=-amount')).body)).toEqual([b.id, a.id, c.id]);
    expect(ids((await list('sort=receivedOn')).body)).toEqual([a.id, b.id, c.id]);
    expect((await list('channel=tax')).body).toEqual(expect.objectContaining({ total: 1, totalAmount: '1200.50' }));
    const november = (await list('from=2025-11-04&to=2025-11-20')).body;
    expect(ids(november)).toEqual([c.id, b.id]);
    expect(november.totalAmount).toBe('1245.60');
    expect((await list('status=suspense')).body).toEqual(expect.objectContaining({ total: 1, totalAmount: '45.10' }));
    expect((await list(`enterpriseId=${enterprise.id}&channel=enterprise`)).body).toEqual(expect.objectContaining({ total: 1, totalAmount: '300.00' }));
    // the total covers every page, not only the one shown
    const paged = (await list('pageSize=1&page=2&sort=amount')).body;
    expect(paged).toEqual(expect.objectContaining({ total: 3, totalAmount: '1545.60', page: 2 }));
    expect(ids(paged)).toEqual([a.id]);
    expect((await list('from=2026-01-01')).body).toEqual(expect.objectContaining({ total: 0, totalAmount: '0.00', items: [] }));

    expectProblem(await list('sort=payer'), 400);
    expectProblem(await list('channel=cash'), 400);
    expectProblem(await list('from=2025-11-31'), 400);
  });
});
