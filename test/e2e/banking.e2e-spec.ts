import { newEnterprise } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

describe('the unified bank account: statements, matching, reconciliation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reconciles a statement with an unmatched bank fee and a cheque in transit to a difference of zero', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '50000.00' });
    const receipt = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, {
      receivedOn: '2025-11-03', amount: '1000.00', channel: 'enterprise', enterpriseId: enterprise.id, bankReference: 'CCB-0001',
    });
    expect(receipt.status).toBe(201);
    const cheque = await w.spend(w.unionA.id, '300.00', '2025-11-27');
    expect(cheque.status).toBe(200);

    const statement = {
      sourceName: 'statement-2025-11.csv',
      lines: [
        { date: '2025-11-04', amount: '1000.00', balance: '1000.00', reference: 'CCB-0001', counterparty: enterprise.id },
        { date: '2025-11-30', amount: '-5.00', balance: '995.00', reference: 'FEE-1130', memo: '账户管理费' },
      ],
    };
    const imported = await t.api.post(`${w.base}/bank-statements`, w.accountant.token, statement);
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual(expect.objectContaining({ openingBalance: '0.00', closingBalance: '995.00', matched: 1, unmatched: 1, alreadyImported: false }));
    expect(imported.body.lines[0].matchedEntryIds).toEqual([receipt.body.entryId]);
    const again = await t.api.post(`${w.base}/bank-statements`, w.accountant.token, statement);
    expect(again.body).toEqual(expect.objectContaining({ id: imported.body.id, alreadyImported: true }));

    const report = await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=2025-11-30`, w.supervisor.token);
    expect(report.status).toBe(200);
    expect(report.body).toEqual(expect.objectContaining({
      bookBalance: '700.00', bankBalance: '995.00', adjustedBookBalance: '695.00', adjustedBankBalance: '695.00', difference: '0.00', reconciled: true,
    }));
    expect(report.body.paymentsInTransit).toEqual([expect.objectContaining({ amount: '-300.00', ref: cheque.body.id })]);
    expect(report.body.bankDebitsNotBooked).toEqual([expect.objectContaining({ amount: '-5.00', reference: 'FEE-1130' })]);
    expect(report.body.depositsInTransit).toEqual([]);

    // booking the fee and matching it by hand leaves only the cheque in transit
    const fee = await w.post('2025-11-30', '银行账户管理费', [
      { unionId: w.unionA.id, accountCode: '504', debit: '5.00' },
      { unionId: w.unionA.id, accountCode: '102', credit: '5.00' },
    ]);
    expectProblem(await t.api.post(`${w.base}/bank-statements/${imported.body.id}/lines/2/match`, w.accountant.token, { entryId: receipt.body.entryId }), 422, 'BANKING.NOT_A_BANK_MOVEMENT');
    expectProblem(await t.api.post(`${w.base}/bank-statements/${imported.body.id}/lines/1/match`, w.accountant.token, { entryId: receipt.body.entryId }), 409, 'BANKING.ALREADY_MATCHED');
    const matched = await t.api.post(`${w.base}/bank-statements/${imported.body.id}/lines/2/match`, w.accountant.token, { entryId: fee.body.id });
    expect(matched.status).toBe(200);
    const after = await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=2025-11-30`, w.supervisor.token);
    expect(after.body).toEqual(expect.objectContaining({ bookBalance: '695.00', bankDebitsNotBooked: [], difference: '0.00' }));
  });

  it('shows a difference when the book and the bank disagree', async () => {
    const w = await newLedgerWorld(t);
    await w.receive(w.unionA.id, '100.00', '2025-11-02');
    await t.api.post(`${w.base}/bank-statements`, w.accountant.token, { lines: [{ date: '2025-11-02', amount: '100.00', balance: '150.00' }] });
    const report = await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=2025-11-30`, w.supervisor.token);
    // the statement opens at 50.00 the book never saw
    expect(report.body).toEqual(expect.objectContaining({ difference: '50.00', reconciled: false }));
  });
});
