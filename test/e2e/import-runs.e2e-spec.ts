import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { ImportsService } from '../../src/imports/imports.service.js';
import { newEnterprise, newUser, validUscc } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

/**
 * Imports uploaded through HTTP (the console's 数据导入): the file is checked in the request, then run in the
 * background with the CLI's code; progress, counts, the refused-rows file, re-uploads, bad files, abandoned runs.
 */
describe('imports through HTTP: upload, progress, refused rows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type World = Awaited<ReturnType<typeof newLedgerWorld>>;

  function upload(w: World, kind: string, content: Buffer | string, filename: string, extra: Record<string, string> = {}, token = w.accountant.token) {
    let request = t.api.http().post(`/api/v1${w.base}/imports`).set('Authorization', `Bearer ${token}`).field('kind', kind);
    for (const [name, value] of Object.entries(extra)) request = request.field(name, value);
    return request.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), { filename, contentType: 'application/octet-stream' });
  }

  async function untilDone(w: World, runId: string) {
    const seen: number[] = [];
    for (let i = 0; i < 600; i += 1) {
      const { status, body } = await t.api.get(`${w.base}/imports/${runId}`, w.accountant.token);
      expect(status).toBe(200);
      seen.push(body.processedRows);
      if (body.status !== 'running') return { run: body, seen };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the run did not finish');
  }

  async function refusedFile(w: World, runId: string) {
    const response = await t.api.http().get(`/api/v1${w.base}/imports/${runId}/refused`).set('Authorization', `Bearer ${w.accountant.token}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    return { bytes: response.body as Buffer, disposition: response.headers['content-disposition'] as string };
  }

  it('imports a payroll file in the background, lists the refused rows with reasons, and a re-upload applies nothing twice', async () => {
    const w = await newLedgerWorld(t);
    const a = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const b = await newEnterprise(t.api, w.accountant.token, w.centre.id);
    const file = [
      '统一社会信用代码,所属期,职工工资总额,职工人数',
      `${a.uscc},2025-10,930000.00,56`,
      `${b.uscc},2025-Q4,120000.00,`,
      `${a.uscc},2025-13,1.00,`,
      `${validUscc()},2025-10,1.00,`,
      `${a.uscc},2025-11,12.345,`,
    ].join('\r\n');

    const started = await upload(w, 'payroll', '\uFEFF' + file, '工资总额申报-2025Q4.csv');
    expect(started.status).toBe(202);
    expect(started.body).toEqual(expect.objectContaining({
      kind: 'payroll', channel: null, fileName: '工资总额申报-2025Q4.csv', totalRows: 5, startedByUsername: w.accountant.username,
    }));
    expect(started.body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    const { run } = await untilDone(w, started.body.id);
    expect(run).toEqual(expect.objectContaining({
      status: 'done', totalRows: 5, processedRows: 5, appliedRows: 2, alreadyImportedRows: 0, refusedRows: 3, error: null, finishedAt: expect.any(String),
    }));

    const { bytes, disposition } = await refusedFile(w, run.id);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('工资总额申报-2025Q4.refused.csv')}`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
      'uscc,period,totalPayroll,headcount,row,reason',
      `${a.uscc},2025-13,1.00,,4,period must be a month YYYY-MM or a quarter YYYY-Qn`,
      expect.stringMatching(/,2025-10,1\.00,,5,no enterprise of this centre has this uscc$/),
      `${a.uscc},2025-11,12.345,,6,totalPayroll must be a non-negative amount with at most two decimals`,
      '',
    ]);

    const again = await upload(w, 'payroll', '\uFEFF' + file, '工资总额申报-2025Q4.csv');
    expect(again.status).toBe(202);
    const second = (await untilDone(w, again.body.id)).run;
    expect(second).toEqual(expect.objectContaining({ status: 'done', appliedRows: 0, alreadyImportedRows: 2, refusedRows: 3 }));
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM payroll_declaration WHERE centre_id = $1', [w.centre.id]);
    expect(rows[0].n).toBe(2);

    const trail = await t.sql.query(
      `SELECT actor_username, object_id, detail FROM audit_record WHERE centre_id = $1 AND action = 'import.payroll' ORDER BY seq`,
      [w.centre.id],
    );
    expect(trail.rows.map((r) => [r.actor_username, r.object_id, r.detail.runId, r.detail.accepted, r.detail.alreadyImported, r.detail.refused, r.detail.contentHash])).toEqual([
      [w.accountant.username, '工资总额申报-2025Q4.csv', run.id, 2, 0, 3, run.fileSha256],
      [w.accountant.username, '工资总额申报-2025Q4.csv', second.id, 0, 2, 3, run.fileSha256],
    ]);

    const list = await t.api.get(`${w.base}/imports?pageSize=1`, w.accountant.token);
    expect(list.status).toBe(200);
    expect(list.body).toEqual(expect.objectContaining({ total: 2, page: 1, pageSize: 1 }));
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([second.id]);
    const filtered = await t.api.get(`${w.base}/imports?kind=receipts`, w.supervisor.token);
    expect(filtered.body.total).toBe(0);
  });

  it('imports a receipts workbook of several chunks with progress, and the refused rows say why', async () => {
    const w = await newLedgerWorld(t);
    const enterprises = [];
    for (let i = 0; i < 3; i += 1) {
      const e = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: i % 2 === 0 ? w.unionA.id : w.unionB.id });
      await t.api.post(`${w.base}/enterprises/${e.id}/payroll-declarations`, w.accountant.token, { period: '2025-11', totalPayroll: '100000.00' });
      enterprises.push(e);
    }
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('税务代收明细');
    sheet.addRow(['统一社会信用代码', '入库金额', '入库日期', '所属期', '票证号']);
    const good = 250;
    let fen = 0;
    for (let i = 0; i < good; i += 1) {
      fen += 100 + (i % 7);
      sheet.addRow([enterprises[i % 3].uscc, `${1 + Math.floor((i % 7) / 100)}.${String(i % 7).padStart(2, '0')}`, '2025-11-20', '2025-11', `TAX-${i}`]);
    }
    sheet.addRow(['BAD-USCC', '1.00', '2025-11-20', '', 'TAX-BAD-1']);
    sheet.addRow([enterprises[0].uscc, '1.00', '2025-11-31', '', 'TAX-BAD-2']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

    const started = await upload(w, 'receipts', buffer, '税务代收明细.xlsx', { channel: 'tax' });
    expect(started.status).toBe(202);
    expect(started.body).toEqual(expect.objectContaining({ kind: 'receipts', channel: 'tax', totalRows: good + 2 }));
    const { run, seen } = await untilDone(w, started.body.id);
    expect(run).toEqual(expect.objectContaining({ status: 'done', processedRows: good + 2, appliedRows: good, refusedRows: 2 }));
    expect(seen).toEqual([...seen].sort((x, y) => x - y)); // progress only moves forward
    const { rows } = await t.sql.query('SELECT sum(amount)::text AS total, count(*)::int AS n FROM dues_receipt WHERE centre_id = $1', [w.centre.id]);
    expect(rows[0]).toEqual({ n: good, total: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}` });
    const text = (await refusedFile(w, run.id)).bytes.toString('utf8');
    expect(text).toContain('BAD-USCC,1.00,2025-11-20,,TAX-BAD-1,252,uscc is not a valid unified social credit code');
    expect(text).toContain(',TAX-BAD-2,253,receivedOn must be a date YYYY-MM-DD');

    const again = await upload(w, 'receipts', buffer, '税务代收明细.xlsx');
    const second = (await untilDone(w, again.body.id)).run;
    expect(second).toEqual(expect.objectContaining({ appliedRows: 0, alreadyImportedRows: good }));
    expect((await t.sql.query('SELECT count(*)::int AS n FROM dues_receipt WHERE centre_id = $1', [w.centre.id])).rows[0].n).toBe(good);
  });

  it('imports a bank statement file', async () => {
    const w = await newLedgerWorld(t);
    const started = await upload(w, 'bank', readFileSync('test/fixtures/bank-statement-sample.csv'), 'bank-statement-sample.csv');
    expect(started.status).toBe(202);
    const { run } = await untilDone(w, started.body.id);
    expect(run).toEqual(expect.objectContaining({ status: 'done', appliedRows: 3, refusedRows: 0 }));
    const refused = (await refusedFile(w, run.id)).bytes.toString('utf8');
    expect(refused.split('\r\n')[1]).toBe('');
    const again = (await untilDone(w, (await upload(w, 'bank', readFileSync('test/fixtures/bank-statement-sample.csv'), 'x.csv')).body.id)).run;
    expect(again).toEqual(expect.objectContaining({ appliedRows: 0, alreadyImportedRows: 3 }));
  });

  it('refuses bad files with problem details, and records no run and no row', async () => {
    const w = await newLedgerWorld(t);
    const a = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const payroll = `uscc,period,totalPayroll\n${a.uscc},2025-10,1000.00\n`;

    expectProblem(await upload(w, 'payroll', '', 'empty.csv'), 400, 'IMPORTS.EMPTY_FILE');
    expectProblem(await upload(w, 'payroll', 'uscc,period,totalPayroll\n', 'header-only.csv'), 400, 'IMPORTS.EMPTY_FILE');
    const wrong = expectProblem(await upload(w, 'receipts', payroll, 'payroll.csv'), 422, 'IMPORTS.WRONG_COLUMNS');
    expect(wrong.detail).toContain('missing columns: amount, receivedOn');
    expectProblem(await upload(w, 'payroll', 'PK\u0003\u0004 not really a workbook', 'broken.xlsx'), 400, 'IMPORTS.UNREADABLE_FILE');
    expectProblem(await upload(w, 'payroll', payroll, 'fake.xlsx'), 400, 'IMPORTS.UNREADABLE_FILE');
    expectProblem(await upload(w, 'payroll', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), 'binary.csv'), 400, 'IMPORTS.UNREADABLE_FILE');
    expectProblem(await upload(w, 'payroll', payroll, 'old.xls'), 400, 'IMPORTS.UNREADABLE_FILE');
    expectProblem(await upload(w, 'payroll', '"unterminated,quote\n', 'bad-quote.csv'), 400, 'IMPORTS.UNREADABLE_FILE');
    expectProblem(await upload(w, 'wages', payroll, 'payroll.csv'), 400, 'COMMON.VALIDATION_FAILED');
    expectProblem(await upload(w, 'payroll', payroll, 'payroll.csv', { channel: 'tax' }), 400, 'COMMON.VALIDATION_FAILED');
    const noFile = await t.api.http().post(`/api/v1${w.base}/imports`).set('Authorization', `Bearer ${w.accountant.token}`).field('kind', 'payroll');
    expectProblem(noFile, 400, 'COMMON.VALIDATION_FAILED');
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 'a');
    expectProblem(await upload(w, 'payroll', big, 'big.csv').catch((error: unknown) => { throw error; }), 413, 'COMMON.PAYLOAD_TOO_LARGE');
    // only the centre's accountant uploads; another centre's does not see this one
    expectProblem(await upload(w, 'payroll', payroll, 'payroll.csv', {}, w.supervisor.token), 403, 'AUTH.FORBIDDEN');
    const other = await newLedgerWorld(t);
    expectProblem(await upload(w, 'payroll', payroll, 'payroll.csv', {}, other.accountant.token), 404);
    expectProblem(await t.api.get(`${w.base}/imports/${randomUUID()}`, w.accountant.token), 404, 'COMMON.NOT_FOUND');

    const runs = await t.sql.query('SELECT count(*)::int AS n FROM import_run WHERE centre_id = $1', [w.centre.id]);
    expect(runs.rows[0].n).toBe(0);
    const declared = await t.sql.query('SELECT count(*)::int AS n FROM payroll_declaration WHERE centre_id = $1', [w.centre.id]);
    expect(declared.rows[0].n).toBe(0);
    const audited = await t.sql.query(`SELECT count(*)::int AS n FROM audit_record WHERE centre_id = $1 AND action LIKE 'import.%'`, [w.centre.id]);
    expect(audited.rows[0].n).toBe(0);
  });

  it('marks failed, with an audit record, a run left running by a service that died', async () => {
    const w = await newLedgerWorld(t);
    const user = await newUser(t, w.centre.id, 'centre_accountant');
    const id = randomUUID();
    await t.sql.query(
      `INSERT INTO import_run (centre_id, id, kind, file_name, file_sha256, file_bytes, columns, total_rows, processed_rows, started_by, started_at, heartbeat_at)
       VALUES ($1, $2, 'payroll', 'lost.csv', $3, 100, '{uscc,period,totalPayroll}', 500, 200, $4, now() - interval '10 minutes', now() - interval '5 minutes')`,
      [w.centre.id, id, 'a'.repeat(64), user.id],
    );
    const fresh = randomUUID();
    await t.sql.query(
      `INSERT INTO import_run (centre_id, id, kind, file_name, file_sha256, file_bytes, columns, total_rows, started_by)
       VALUES ($1, $2, 'payroll', 'alive.csv', $3, 100, '{uscc}', 5, $4)`,
      [w.centre.id, fresh, 'b'.repeat(64), user.id],
    );
    expect(await t.app.get(ImportsService).failAbandonedRuns()).toBe(1);
    const lost = (await t.api.get(`${w.base}/imports/${id}`, w.accountant.token)).body;
    expect(lost).toEqual(expect.objectContaining({ status: 'failed', processedRows: 200, error: expect.stringContaining('upload the file again') }));
    expect((await t.api.get(`${w.base}/imports/${fresh}`, w.accountant.token)).body.status).toBe('running');
    const trail = await t.sql.query(`SELECT detail FROM audit_record WHERE centre_id = $1 AND action = 'import.payroll'`, [w.centre.id]);
    expect(trail.rows.map((r) => [r.detail.runId, r.detail.status])).toEqual([[id, 'failed']]);
    expectProblem(await t.api.get(`${w.base}/imports/${fresh}/refused`, w.accountant.token), 409, 'IMPORTS.RUN_NOT_FINISHED');
  });
});
