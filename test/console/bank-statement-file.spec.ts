import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { BANK_COLUMNS, BankingService, type ImportStatementDto } from '../../src/banking/index.js';
import type { RequestContext } from '../../src/common/request-context.js';
import { parseTable } from '../../src/common/tabular.js';
import { BANK_HEADINGS, csvTable, readStatementFile, StatementFileError, xlsxTable } from '../../web/src/bank-statement-file.js';

/**
 * The console reads a bank statement file in the browser and posts its lines; the CLI's `import bank` reads the same
 * file on the server. Both must make the same statement of the same file.
 */

const SAMPLE = 'test/fixtures/bank-statement-sample.csv';

/** The lines the service's own file import would post for a file (BankingService.importTable, its write stubbed). */
async function serviceLines(bytes: Buffer, format: 'csv' | 'xlsx') {
  const table = await parseTable(bytes, format, BANK_COLUMNS, ['date', 'balance']);
  const service = new BankingService(undefined as never, undefined as never, undefined as never);
  let posted: ImportStatementDto | undefined;
  service.importStatement = async (_ctx: RequestContext, _centre: string, dto: ImportStatementDto) => {
    posted = dto;
    return { alreadyImported: false } as never;
  };
  const summary = await service.importTable({} as RequestContext, 'centre', table, 'file');
  return { lines: posted?.lines ?? [], refused: summary.refused.map((r) => r.rowNumber) };
}

describe('a bank statement file read in the browser', () => {
  it('accepts the same headings as the service', () => {
    expect(BANK_HEADINGS).toEqual(BANK_COLUMNS);
  });

  it('reads the sample CSV into the lines the service makes of it', async () => {
    const bytes = readFileSync(SAMPLE);
    const file = readStatementFile('bank-statement-sample.csv', bytes);
    expect(file.refused).toEqual([]);
    expect(file.lines).toEqual([
      { date: '2025-11-04', amount: '18600.00', balance: '18600.00', reference: 'CCB20251104001', counterparty: '杭州云帆网络科技有限公司', memo: '工会经费' },
      { date: '2025-11-10', amount: '-2380.00', balance: '16220.00', reference: 'CCB20251110007', counterparty: '杭州市西湖区体育中心', memo: '场地租赁' },
      { date: '2025-11-30', amount: '-5.00', balance: '16215.00', reference: 'CCB20251130099', counterparty: null, memo: '账户管理费' },
    ]);
    expect(file.lines).toEqual((await serviceLines(bytes, 'csv')).lines);
  });

  it('reads an XLSX of date and number cells as the service does, amounts as written in the sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('对账单');
    sheet.addRow(['记账日期', '发生额', '账户余额', '流水号', '对方户名', '用途']);
    sheet.addRow([new Date(Date.UTC(2026, 2, 1)), 1234.5, 1234.5, 'R-1', '杭州云帆 & 合作方 <一>', '经费']);
    sheet.addRow([new Date(Date.UTC(2026, 2, 31)), -0.05, 1234.45, 'R-2', null, '手续费']);
    sheet.addRow(['2026-04-01', '1,000.00', '2,234.45', null, null, null]);
    sheet.addRow(['not a date', 5, 10, null, null, null]);
    sheet.addRow([new Date(Date.UTC(2026, 3, 2)), 0, 2234.45, null, null, null]);
    sheet.getColumn(1).numFmt = 'yyyy-mm-dd';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const file = readStatementFile('statement.xlsx', bytes);
    expect(file.lines).toEqual([
      { date: '2026-03-01', amount: '1234.5', balance: '1234.5', reference: 'R-1', counterparty: '杭州云帆 & 合作方 <一>', memo: '经费' },
      { date: '2026-03-31', amount: '-0.05', balance: '1234.45', reference: 'R-2', counterparty: null, memo: '手续费' },
      { date: '2026-04-01', amount: '1000.00', balance: '2234.45', reference: null, counterparty: null, memo: null },
    ]);
    expect(file.refused).toEqual([
      { rowNumber: 5, reason: expect.stringContaining('交易日期') },
      { rowNumber: 6, reason: expect.stringContaining('非零金额') },
    ]);
    expect(file.rows).toBe(5);
    const service = await serviceLines(bytes, 'xlsx');
    expect(file.lines).toEqual(service.lines);
    expect(file.refused.map((r) => r.rowNumber)).toEqual(service.refused);
  });

  it('reads money in and out from two columns, and a bank that fills the empty one with 0.00', () => {
    const file = readStatementFile('s.csv', Buffer.from('交易日期,收入金额,支出金额,余额\n2026-03-02,500.00,0.00,500.00\n2026/3/3,0.00,"1,200.10",-700.10\n'));
    expect(file.lines.map((l) => [l.date, l.amount, l.balance])).toEqual([
      ['2026-03-02', '500.00', '500.00'],
      ['2026-03-03', '-1200.10', '-700.10'],
    ]);
  });

  it('reads a GB18030 CSV, as Chinese banks export it', () => {
    // 交易日期,金额,余额 / 2026-03-02,5.00,5.00 / 摘要 in GB18030
    const gbk = Buffer.from('bdbbd2d7c8d5c6da2cbdf0b6ee2cd3e0b6ee2cd5aad2aa0a323032362d30332d30322c352e30302c352e30302cb7d1d3c30a', 'hex');
    expect(readStatementFile('s.csv', gbk).lines).toEqual([{ date: '2026-03-02', amount: '5.00', balance: '5.00', reference: null, counterparty: null, memo: '费用' }]);
  });

  it('names the columns a file lacks, and refuses what is not a workbook', () => {
    expect(() => readStatementFile('s.csv', Buffer.from('日期,金额\n2026-03-02,5\n'))).toThrow(new StatementFileError('缺少列：交易日期、余额。'));
    expect(() => readStatementFile('s.csv', Buffer.from(''))).toThrow(StatementFileError);
    expect(() => readStatementFile('s.xlsx', Buffer.from('PK not a zip'))).toThrow(StatementFileError);
  });

  it('parses quoted CSV fields and inline-string XLSX cells', () => {
    expect(csvTable('a,"b ""c""","d\ne"\r\n1,2,3')).toEqual([['a', 'b "c"', 'd\ne'], ['1', '2', '3']]);
    const sheet = `<worksheet><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>金额</t></is></c><c r="C2" t="inlineStr"><is><r><t>余</t></r><r><t>额</t></r></is></c></row>
      <row r="3"><c r="B3"><v>12.3</v></c><c r="C3" t="str"><v>A&amp;B</v></c></row></sheetData></worksheet>`;
    const bytes = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    });
    expect(xlsxTable(bytes)).toEqual([['', '金额', '余额'], ['', '12.3', 'A&B']]);
  });
});
