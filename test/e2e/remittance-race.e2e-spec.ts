import { newEnterprise } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Found by the bank test under faults (test/reliability): a remittance read what a union owes upward (211) without
 * a lock, so concurrent remittances each saw the whole debt and each paid it: the union's 211 went into debit and its
 * cash left the unified account twice. Remittances of the same debt now take turns and the later ones see it paid.
 */
describe('concurrent remittances pay a debt once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function balance(centreId: string, unionId: string, code: string): Promise<string> {
    const { rows } = await t.sql.query(
      `SELECT coalesce(sum(b.balance), 0)::text AS balance FROM ledger_balance b JOIN account a ON a.id = b.account_id
        WHERE b.centre_id = $1 AND b.union_id = $2 AND a.code = $3`,
      [centreId, unionId, code],
    );
    return rows[0].balance;
  }

  async function owingWorld() {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '930000.00' });
    const receipt = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, {
      receivedOn: '2025-11-15', amount: '18600.00', channel: 'enterprise', enterpriseId: enterprise.id,
    });
    expect(receipt.status).toBe(201);
    expect(await balance(w.centre.id, w.unionA.id, '211')).toBe('-7440.00');
    return w;
  }

  it('everything owed, asked eight times at once: paid once, the rest find nothing to remit', async () => {
    const w = await owingWorld();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.api.post(`${w.base}/remittances`, w.accountant.token, { date: '2025-11-25' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422, 422, 422, 422, 422, 422]);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.code === 'DUES.NOTHING_TO_REMIT')).toBe(true);
    expect(await balance(w.centre.id, w.unionA.id, '211')).toBe('0.00');
    expect(await balance(w.centre.id, w.unionA.id, '102')).toBe('11160.00');
  });

  it('a named amount, asked at once beyond the debt: only what is owed leaves', async () => {
    const w = await owingWorld();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.api.post(`${w.base}/remittances`, w.accountant.token, { date: '2025-11-25', lines: [{ unionId: w.unionA.id, amount: '3000.00' }] }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.code === 'DUES.REMIT_EXCEEDS_OWED')).toBe(true);
    expect(await balance(w.centre.id, w.unionA.id, '211')).toBe('-1440.00');
  });
});
