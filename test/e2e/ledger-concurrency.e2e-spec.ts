import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('concurrent spending from one union’s cash (invariant 3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('32 clients at once never spend more than was there, and the balance ends exactly right', async () => {
    const w = await newLedgerWorld(t);
    await w.receive(w.unionA.id, '1000.00');
    await w.receive(w.unionB.id, '1000.00'); // another union's money must not help
    // 32 approved spendings of 70.00 each, prepared before the race
    const drafts: string[] = [];
    for (let i = 0; i < 32; i += 1) {
      const draft = await t.api.post(`${w.base}/entries`, w.accountant.token, {
        date: '2025-11-20', memo: `并发支出 ${i}`,
        lines: [{ unionId: w.unionA.id, accountCode: '501', debit: '70.00' }, { unionId: w.unionA.id, accountCode: '102', credit: '70.00' }],
      });
      await t.api.post(`${w.base}/entries/${draft.body.id}/approve`, w.supervisor.token, {});
      drafts.push(draft.body.id);
    }
    const responses = await Promise.all(drafts.map((id) => t.api.post(`${w.base}/entries/${id}/post`, w.accountant.token, {})));
    const posted = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 422);
    expect(posted.length + refused.length).toBe(32);
    expect(refused.every((r) => r.body.code === 'LEDGER.CASH_INSUFFICIENT')).toBe(true);
    // 1000.00 / 70.00: 14 fit (980.00), the 15th would overdraw
    expect(posted).toHaveLength(14);
    const { rows } = await t.sql.query(
      `SELECT b.union_id, b.balance FROM ledger_balance b JOIN account a ON a.id = b.account_id WHERE b.centre_id = $1 AND a.code = '102'`,
      [w.centre.id],
    );
    const balances = new Map(rows.map((r) => [r.union_id, r.balance]));
    expect(balances.get(w.unionA.id)).toBe('20.00');
    expect(balances.get(w.unionB.id)).toBe('1000.00');
    // numbers stay gapless under the race: 2 receipts + 14 spendings
    const numbers = posted.map((r) => r.body.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 14 }, (_, i) => i + 3));
    const verify = await t.api.get(`${w.base}/audit/verify`, w.supervisor.token);
    expect(verify.body.ok).toBe(true);
  });
});
