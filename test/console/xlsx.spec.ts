import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { columnName, xlsxBytes, type XlsxColumn } from '../../web/src/xlsx.js';

interface Row {
  name: string;
  amount: string;
  count: number;
}

const columns: XlsxColumn<Row>[] = [
  { header: '名称', value: (row) => row.name },
  { header: '金额', value: (row) => row.amount, kind: 'amount' },
  { header: '人数', value: (row) => row.count, kind: 'integer' },
];

async function readBack(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook.worksheets[0];
}

describe('XLSX export of the console tables (web/src/xlsx.ts)', () => {
  it('names columns A … Z, AA …', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('writes a sheet a spreadsheet reads back: header, text, amounts and counts', async () => {
    const bytes = xlsxBytes('科目余额表', columns, [
      { name: '云帆工会', amount: '1234567.89', count: 56 },
      { name: '星河工会', amount: '-0.01', count: 0 },
    ]);
    const sheet = await readBack(bytes);
    expect(sheet.name).toBe('科目余额表');
    expect(sheet.getRow(1).values).toEqual([undefined, '名称', '金额', '人数']);
    expect(sheet.getCell('A2').value).toBe('云帆工会');
    expect(sheet.getCell('B2').value).toBe(1234567.89);
    expect(sheet.getCell('B2').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('B3').value).toBe(-0.01);
    expect(sheet.getCell('C2').value).toBe(56);
  });

  it('puts the amount into the file as the decimal text it was given, never through a JavaScript number', () => {
    const bytes = xlsxBytes('t', columns, [{ name: 'x', amount: '9999999999999999.99', count: 1 }]);
    const sheet = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<v>9999999999999999.99</v>');
  });

  it('keeps formulas, markup and control characters inert: every text is an inline string', async () => {
    const hostile = ['=HYPERLINK("http://evil","点我")', '+1+1', '-2+3', '@SUM(A1)', '<img src=x onerror=alert(1)>', 'a\u0000b\u0007c', '"&\'<>'];
    const bytes = xlsxBytes('t', columns, hostile.map((name) => ({ name, amount: 'not money', count: 1 })));
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml).not.toContain('<f>');
    const sheet = await readBack(bytes);
    for (const [i, text] of hostile.entries()) {
      const cell = sheet.getCell(`A${i + 2}`);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(text.replace(/[\u0000-\u0008]/g, ''));
    }
    // an amount column that is handed text writes it as text rather than guessing a number
    expect(sheet.getCell('B2').value).toBe('not money');
  });

  it('cleans the sheet name of the characters a workbook forbids', async () => {
    const sheet = await readBack(xlsxBytes('a/b:c*d?e[f]g\\h 这是一个很长很长很长很长很长很长很长很长很长的名字', columns, []));
    expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
    expect([...sheet.name].length).toBeLessThanOrEqual(31);
  });
});
