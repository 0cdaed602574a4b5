import { parse } from 'csv-parse/sync';
import { newEnterprise, newUnion } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Stored text comes back inert (issue 9, hostile input): unions, an enterprise and entry memos named with markup and
 * spreadsheet formulas are stored as given, and every CSV report that carries them neutralises the formulas (an
 * apostrophe first, OWASP) while amounts stay plain numbers; the PDFs print the text literally.
 */
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil","x")',
  "+cmd|' /C calc'!A0",
  '@SUM(1)',
  '-2+3',
  '\t=1', // the API trims it to "=1": still a formula
  '＝1+1',
];
const stored = (text: string) => text.trim();

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

/** Every cell a spreadsheet would run: one that starts like a formula and is not a plain decimal number. */
function liveFormulas(cells: string[][]): string[] {
  return cells.flat().filter((cell) => FORMULA_START.test(cell) && !PLAIN_DECIMAL.test(cell));
}

const binary = (res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('hostile stored text comes back inert in CSV and PDF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function download(path: string, token: string, type: string): Promise<Buffer> {
    const response = await t.api.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary as never);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${String(response.body)}`);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7E]+"/);
    return response.body as Buffer;
  }

  async function csvOf(path: string, token: string): Promise<string[][]> {
    const bytes = await download(path, token, 'text/csv; charset=utf-8');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    return parse(bytes, { bom: true, relax_column_count: true }) as string[][];
  }

  /** The hostile texts in a report's cells, each as a spreadsheet sees it: with the apostrophe in front. */
  function expectGuarded(cells: string[][], texts: string[]) {
    expect(liveFormulas(cells)).toEqual([]);
    const all = cells.flat();
    for (const text of texts) {
      const value = stored(text);
      expect(all).toContain(FORMULA_START.test(value) ? `'${value}` : value);
    }
  }

  it('stores hostile names and memos as given, and every CSV report neutralises them while amounts stay numbers', async () => {
    const w = await newLedgerWorld(t);
    const unions = [];
    for (const name of HOSTILE) {
      const union = await newUnion(t.api, w.accountant.token, w.centre.id, { name, parentUnionId: w.street.id });
      expect(union.name).toBe(stored(name));
      unions.push(union);
    }
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { name: HOSTILE[1], unionId: unions[0].id });
    expect((await t.api.get(`${w.base}/enterprises/${enterprise.id}`, w.accountant.token)).body.name).toBe(HOSTILE[1]);

    // money into every hostile union, with a hostile memo; then some spending
    for (const [i, union] of unions.entries()) {
      const posted = await w.post('2025-11-05', HOSTILE[i], [
        { unionId: union.id, accountCode: '102', debit: '100.00' },
        { unionId: union.id, accountCode: '40201', credit: '100.00' },
      ]);
      expect(posted.status).toBe(200);
    }
    expect((await w.spend(unions[0].id, '30.00')).status).toBe(200);

    const token = w.supervisor.token;
    const memos = (await t.api.get(`${w.base}/reports/account-ledger?accountCode=102&from=2025-11&to=2025-11&unionId=${unions[0].id}`, token)).body;
    expect(memos.rows.map((r: { memo: string }) => r.memo)).toContain(HOSTILE[0]);

    // 明细账: the memos, centre-wide
    const ledger = await csvOf(`${w.base}/reports/account-ledger?accountCode=102&from=2025-11&to=2025-11&format=csv`, token);
    expectGuarded(ledger, HOSTILE);
    const header = ledger[0];
    const memoColumn = header.indexOf('摘要');
    const creditColumn = header.indexOf('贷方');
    expect(ledger.map((row) => row[memoColumn])).toContain("'=HYPERLINK(\"http://evil\",\"x\")");
    expect(ledger.map((row) => row[creditColumn])).toContain('30.00');

    // cash position: the union names, next to plain amounts
    const cash = await csvOf(`${w.base}/reports/cash-position?asOf=2025-11-30&format=csv`, token);
    expectGuarded(cash, HOSTILE);
    const firstUnion = cash.find((row) => row[1] === HOSTILE[0]);
    expect(firstUnion?.[2]).toBe('70.00');

    // the other CSV reports carry no stored names but must stay clean, including negative amounts
    for (const path of [
      `reports/trial-balance?from=2025-11&to=2025-11&format=csv`,
      `reports/balance-sheet?period=2025-11&format=csv`,
      `reports/income-expenditure?period=2025-11&format=csv`,
      `reports/disclosure/${unions[1].id}?from=2025-11&to=2025-11&format=csv`,
      `reports/account-ledger?accountCode=102&from=2025-11&to=2025-11&unionId=${unions[4].id}&format=csv`,
    ]) {
      expect(liveFormulas(await csvOf(`${w.base}/${path}`, token))).toEqual([]);
    }

    // the refused rows of an import: the file's own cells come back guarded
    const file = ['统一社会信用代码,所属期,职工工资总额,职工人数', ...HOSTILE.map((text) => `"${text.replace(/"/g, '""')}",2025-10,1.00,1`)].join('\n');
    const uploaded = await t.api
      .http()
      .post(`/api/v1${w.base}/imports`)
      .set('Authorization', `Bearer ${w.accountant.token}`)
      .field('kind', 'payroll')
      .attach('file', Buffer.from(file, 'utf8'), { filename: '=evil().csv', contentType: 'text/csv' });
    expect(uploaded.status).toBe(202);
    let run = uploaded.body;
    for (let i = 0; i < 200 && run.status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = (await t.api.get(`${w.base}/imports/${run.id}`, w.accountant.token)).body;
    }
    expect(run.refusedRows).toBe(HOSTILE.length);
    const refused = await csvOf(`${w.base}/imports/${run.id}/refused`, w.accountant.token);
    expectGuarded(refused, HOSTILE);
  });

  it('prints hostile names and memos literally in the PDFs', async () => {
    const w = await newLedgerWorld(t);
    const union = await newUnion(t.api, w.accountant.token, w.centre.id, { name: HOSTILE[0], parentUnionId: w.street.id });
    for (const memo of HOSTILE.slice(1, 4)) {
      const posted = await w.post('2025-11-05', memo, [
        { unionId: union.id, accountCode: '102', debit: '100.00' },
        { unionId: union.id, accountCode: '40201', credit: '100.00' },
      ]);
      expect(posted.status).toBe(200);
    }
    const pdf = await pdfText(await download(`${w.base}/reports/account-ledger?accountCode=102&from=2025-11&to=2025-11&unionId=${union.id}&format=pdf`, w.supervisor.token, 'application/pdf'));
    const squeezed = pdf.text.replace(/\s+/g, '');
    for (const text of HOSTILE.slice(0, 4)) expect(squeezed).toContain(text.replace(/\s+/g, ''));

    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { name: HOSTILE[1], unionId: union.id });
    const statement = await pdfText(await download(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=2025&format=pdf`, w.accountant.token, 'application/pdf'));
    expect(statement.text).toContain(HOSTILE[1]);
  });
});
