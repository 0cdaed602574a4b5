import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runImport } from '../../src/cli/import-command.js';
import { newEnterprise, validUscc } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('bulk imports (CLI): payroll, tax-collected receipts, bank statements', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'dcl-import-'));
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const quiet = { out: () => undefined };

  it('imports payroll rows, refuses bad ones with reasons, and applies nothing twice on a re-run', async () => {
    const w = await newLedgerWorld(t);
    const a = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const b = await newEnterprise(t.api, w.accountant.token, w.centre.id);
    const file = join(dir, 'payroll.csv');
    writeFileSync(
      file,
      [
        '统一社会信用代码,所属期,职工工资总额,职工人数',
        `${a.uscc},2025-10,930000.00,56`,
        `${b.uscc},2025-Q4,120000.00,`,
        `${a.uscc},2025-13,1.00,`,
        `91350100M000100Y44,2025-10,1.00,`,
        `${validUscc()},2025-10,1.00,`,
        `${a.uscc},2025-11,-5,`,
        `${a.uscc},2025-11,12.345,`,
      ].join('\n'),
    );
    const options = { kind: 'payroll' as const, file, centreCode: w.centre.code, username: w.accountant.username, ...quiet };
    const first = await runImport(t.app, options);
    expect(first).toEqual(expect.objectContaining({ rows: 7, accepted: 2, alreadyImported: 0 }));
    expect(first.refused.map((r) => [r.rowNumber, r.reason])).toEqual([
      [4, 'period must be a month YYYY-MM or a quarter YYYY-Qn'],
      [5, 'uscc is not a valid unified social credit code'],
      [6, 'no enterprise of this centre has this uscc'],
      [7, 'totalPayroll must be a non-negative amount with at most two decimals'],
      [8, 'totalPayroll must be a non-negative amount with at most two decimals'],
    ]);
    const refused = readFileSync(first.refusedFile!, 'utf8');
    expect(refused).toContain('reason');
    expect(refused).toContain('no enterprise of this centre has this uscc');
    const again = await runImport(t.app, options);
    expect(again).toEqual(expect.objectContaining({ accepted: 0, alreadyImported: 2 }));
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM payroll_declaration WHERE centre_id = $1', [w.centre.id]);
    expect(rows[0].n).toBe(2);
    const statement = await t.api.get(`${w.base}/enterprises/${a.id}/dues-statement?year=2025`, w.accountant.token);
    expect(statement.body.periods[0]).toEqual(expect.objectContaining({ period: '2025-10', assessed: '18600.00' }));
    const trail = await t.sql.query(`SELECT detail FROM audit_record WHERE centre_id = $1 AND action = 'import.payroll' ORDER BY seq`, [w.centre.id]);
    expect(trail.rows.map((r) => [r.detail.accepted, r.detail.refused])).toEqual([[2, 5], [0, 5]]);
  });

  it('imports a tax-authority bulk receipt from XLSX: its total equals what was posted, malformed lines are listed', async () => {
    const w = await newLedgerWorld(t);
    const enterprises = [];
    for (let i = 0; i < 5; i += 1) {
      const e = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: i % 2 === 0 ? w.unionA.id : w.unionB.id });
      await t.api.post(`${w.base}/enterprises/${e.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '100000.00' });
      enterprises.push(e);
    }
    const count = Number(process.env.IMPORT_TEST_LINES ?? 400);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('税务代收明细');
    sheet.addRow(['统一社会信用代码', '入库金额', '入库日期', '所属期', '票证号']);
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    let expectedTotal = 0;
    for (let i = 0; i < count; i += 1) {
      const fen = 100 + (i % 97);
      expectedTotal += fen;
      sheet.addRow([enterprises[i % 5].uscc, yuan(fen), '2025-11-20', '2025-11', `TAX-${i}`]);
    }
    sheet.addRow(['BAD-USCC', '1.00', '2025-11-20', '', 'TAX-BAD-1']);
    sheet.addRow([enterprises[0].uscc, '-1.00', '2025-11-20', '', 'TAX-BAD-2']);
    sheet.addRow([validUscc(), '1.00', '2025-11-20', '', 'TAX-BAD-3']);
    sheet.addRow([enterprises[0].uscc, '1.00', '2025-11-31', '', 'TAX-BAD-4']);
    const file = join(dir, 'tax.xlsx');
    await workbook.xlsx.writeFile(file);

    const summary = await runImport(t.app, { kind: 'receipts', channel: 'tax', file, centreCode: w.centre.code, username: w.accountant.username, ...quiet });
    expect(summary).toEqual(expect.objectContaining({ rows: count + 4, accepted: count }));
    expect(summary.refused.map((r) => r.reason)).toEqual([
      'uscc is not a valid unified social credit code',
      'amount must be a positive amount with at most two decimals',
      'no enterprise of this centre has this uscc',
      'receivedOn must be a date YYYY-MM-DD',
    ]);
    const { rows } = await t.sql.query(
      `SELECT (SELECT sum(amount) FROM dues_receipt WHERE centre_id = $1) AS received,
              (SELECT sum(amount) FROM receipt_allocation WHERE centre_id = $1) AS allocated,
              (SELECT sum(l.debit) FROM journal_line l JOIN account a ON a.id = l.account_id WHERE l.centre_id = $1 AND a.code = '102') AS banked,
              (SELECT sum(l.credit) FROM journal_line l JOIN account a ON a.id = l.account_id WHERE l.centre_id = $1 AND a.code IN ('40202', '211', '22102')) AS split`,
      [w.centre.id],
    );
    const total = yuan(expectedTotal);
    expect(rows[0]).toEqual({ received: total, allocated: total, banked: total, split: total });
    const again = await runImport(t.app, { kind: 'receipts', channel: 'tax', file, centreCode: w.centre.code, username: w.accountant.username, ...quiet });
    expect(again.alreadyImported).toBe(count);
    // the tax authority's transfer arrives as one credit of the whole batch: it clears every receipt of the batch
    const statement = await t.api.post(`${w.base}/bank-statements`, w.accountant.token, { lines: [{ date: '2025-11-21', amount: total, balance: total, reference: 'TAX-BATCH-1120' }] });
    expect(statement.body).toEqual(expect.objectContaining({ matched: 1, unmatched: 0 }));
    // a chunk of imported receipts posts as one entry per day and union
    const entries = await t.sql.query('SELECT count(DISTINCT entry_id)::int AS n, count(*) FILTER (WHERE entry_id IS NULL)::int AS unposted FROM dues_receipt WHERE centre_id = $1', [w.centre.id]);
    expect(entries.rows[0].unposted).toBe(0);
    expect(entries.rows[0].n).toBeLessThan(count / 10);
    expect(statement.body.lines[0].matchedEntryIds).toHaveLength(entries.rows[0].n);
    const report = await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=2025-11-30`, w.accountant.token);
    expect(report.body).toEqual(expect.objectContaining({ bookBalance: total, bankBalance: total, depositsInTransit: [], bankCreditsNotBooked: [], difference: '0.00' }));
  });

  it('imports the sample bank statement and reconciles against the book', async () => {
    const w = await newLedgerWorld(t);
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '930000.00' });
    await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: '2025-11-04', amount: '18600.00', channel: 'enterprise', enterpriseId: enterprise.id, bankReference: 'CCB20251104001' });
    await w.spend(w.unionA.id, '2380.00', '2025-11-10');
    const summary = await runImport(t.app, { kind: 'bank', file: 'test/fixtures/bank-statement-sample.csv', centreCode: w.centre.code, username: w.accountant.username, ...quiet });
    expect(summary).toEqual(expect.objectContaining({ rows: 3, accepted: 3 }));
    const report = await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=2025-11-30`, w.accountant.token);
    expect(report.body).toEqual(expect.objectContaining({ bookBalance: '16220.00', bankBalance: '16215.00', difference: '0.00' }));
    expect(report.body.bankDebitsNotBooked.map((l: { amount: string }) => l.amount)).toEqual(['-5.00']);
    const again = await runImport(t.app, { kind: 'bank', file: 'test/fixtures/bank-statement-sample.csv', centreCode: w.centre.code, username: w.accountant.username, ...quiet });
    expect(again).toEqual(expect.objectContaining({ accepted: 0, alreadyImported: 3 }));
  });
});
