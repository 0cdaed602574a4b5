import { newEnterprise } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Found by the bank test under faults (test/reliability): 429 deadlocks in a 5-minute run. A payment locked the
 * union's cash row and then drew its entry number (the centre's counter row), while a receipt drew its number first
 * and then moved the same cash row: opposite orders, so each waited for the other until PostgreSQL killed one a
 * second later (retried, but every such second stalls every posting of the centre). Postings now take the counter
 * before the cash rows, one order for all.
 */
describe('payments and receipts of one union at once: no deadlock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const deadlocks = async () => {
    await t.sql.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    const { rows } = await t.sql.query('SELECT pg_stat_clear_snapshot(); SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()')
      .then((r) => (Array.isArray(r) ? r[1] : r));
    return rows[0].deadlocks as number;
  };

  it('posts 12 receipts, 12 vouchers paying out and 4 remittances of the same union concurrently without one deadlock', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '930000.00' });
    expect((await w.receive(w.unionA.id, '50000.00')).status).toBe(200);
    const first = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-21', amount: '1000.00', channel: 'enterprise', enterpriseId: enterprise.id });
    expect(first.status).toBe(201); // the union owes 400.00 upward: the remittances below have a debt to pay
    // vouchers moving cash from A to B, approved beforehand so that only their postings race
    const approved: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const draft = await t.api.post(`${w.base}/entries`, w.accountant.token, {
        date: '2025-11-20', memo: `补助 ${i}`, lines: [
          { unionId: w.unionA.id, accountCode: '506', debit: '100.00' },
          { unionId: w.unionA.id, accountCode: '102', credit: '100.00' },
          { unionId: w.unionB.id, accountCode: '102', debit: '100.00' },
          { unionId: w.unionB.id, accountCode: '403', credit: '100.00' },
        ],
      });
      expect(draft.status).toBe(201);
      expect((await t.api.post(`${w.base}/entries/${draft.body.id}/approve`, w.supervisor.token, {})).status).toBe(200);
      approved.push(draft.body.id);
    }
    const before = await deadlocks();
    expect(typeof before).toBe('number');
    const answers = await Promise.all([
      ...approved.map((id) => t.api.post(`${w.base}/entries/${id}/post`, w.accountant.token, {})),
      ...Array.from({ length: 12 }, () =>
        t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-21', amount: '1000.00', channel: 'enterprise', enterpriseId: enterprise.id }),
      ),
      ...Array.from({ length: 4 }, () =>
        t.api.post(`${w.base}/remittances`, w.accountant.token, { date: '2025-11-22', lines: [{ unionId: w.unionA.id, amount: '10.00' }] }),
      ),
    ]);
    expect(answers.map((a) => a.status).filter((s) => s >= 300)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await deadlocks()).toBe(before);
  });
});
