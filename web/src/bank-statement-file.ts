import { strFromU8, unzipSync } from 'fflate';

/**
 * A bank statement file (CSV or XLSX, the first sheet) read in the browser into the lines `POST …/bank-statements`
 * takes, with the same headings as the CLI's `import bank` (docs/imports.md; `BANK_COLUMNS` in src/banking): a signed
 * amount, or money in and out in two columns, and the balance after each line. Pure (no DOM): tested by jest in
 * test/console/bank-statement-file.spec.ts against the service's own reading of the same files.
 *
 * Amounts stay text from the file to the request: an XLSX number cell is taken as written in the sheet (`<v>1234.5</v>`),
 * never through a JavaScript number.
 */

export interface StatementLine {
  date: string;
  amount: string;
  balance: string;
  reference: string | null;
  counterparty: string | null;
  memo: string | null;
}

export interface RefusedRow {
  /** The row in the file, 1 being the heading row. */
  rowNumber: number;
  reason: string;
}

export interface StatementFile {
  lines: StatementLine[];
  refused: RefusedRow[];
  rows: number;
}

export class StatementFileError extends Error {}

/** Every accepted heading (case and spaces ignored), as src/banking's BANK_COLUMNS. */
export const BANK_HEADINGS: Record<string, keyof StatementLine | 'credit' | 'debit'> = {
  date: 'date', 交易日期: 'date', 记账日期: 'date', amount: 'amount', 金额: 'amount', 发生额: 'amount',
  credit: 'credit', 收入金额: 'credit', 贷方发生额: 'credit', 收入: 'credit', debit: 'debit', 支出金额: 'debit', 借方发生额: 'debit', 支出: 'debit',
  balance: 'balance', 余额: 'balance', 账户余额: 'balance', reference: 'reference', 流水号: 'reference', 交易流水号: 'reference',
  counterparty: 'counterparty', 对方户名: 'counterparty', 对方账户名称: 'counterparty', memo: 'memo', 摘要: 'memo', 用途: 'memo',
};

/** The most lines one statement may carry (the API's limit). */
export const MAX_STATEMENT_LINES = 10_000;

const AMOUNT = /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads a file's bytes: XLSX when its name ends in .xlsx (or the bytes are a zip), else CSV. */
export function readStatementFile(name: string, bytes: Uint8Array): StatementFile {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const table = name.toLowerCase().endsWith('.xlsx') || isZip ? xlsxTable(bytes) : csvTable(decodeText(bytes));
  return statementOf(table);
}

/** The rows of a table (first row the headings) as statement lines and refused rows, each with its reason in Chinese. */
export function statementOf(table: string[][]): StatementFile {
  if (table.length === 0) throw new StatementFileError('文件是空的。');
  const normalise = (heading: string) => heading.replace(/\s+/g, '').toLowerCase();
  const lookup = new Map(Object.entries(BANK_HEADINGS).map(([heading, column]) => [normalise(heading), column]));
  const header = table[0].map((heading) => lookup.get(normalise(heading)));
  const missing = [
    ...(header.includes('date') ? [] : ['交易日期']),
    ...(header.includes('balance') ? [] : ['余额']),
    ...(header.includes('amount') || header.includes('credit') || header.includes('debit') ? [] : ['金额（或收入金额/支出金额）']),
  ];
  if (missing.length > 0) throw new StatementFileError(`缺少列：${missing.join('、')}。`);
  const lines: StatementLine[] = [];
  const refused: RefusedRow[] = [];
  let rows = 0;
  table.slice(1).forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    rows += 1;
    const values: Partial<Record<string, string>> = {};
    header.forEach((column, i) => {
      if (column) values[column] = (cells[i] ?? '').trim();
    });
    const rowNumber = index + 2;
    const plain = (text: string | undefined) => (text ?? '').replace(/[,，\s]/g, '');
    const nonZero = (text: string) => text !== '' && !/^-?0*(\.0*)?$/.test(text);
    const credit = plain(values.credit);
    const debit = plain(values.debit);
    const amount =
      values.amount !== undefined && values.amount !== ''
        ? plain(values.amount)
        : nonZero(credit)
          ? credit
          : nonZero(debit)
            ? `-${debit.replace(/^-/, '')}`
            : '';
    const balance = plain(values.balance);
    const date = dateText(values.date ?? '');
    let reason: string | undefined;
    if (!date) reason = `交易日期「${values.date ?? ''}」不是日期（应为 YYYY-MM-DD）`;
    else if (!AMOUNT.test(amount) || !nonZero(amount)) reason = '金额（或收入/支出金额）须为非零金额，最多两位小数';
    else if (!AMOUNT.test(balance)) reason = `余额「${values.balance ?? ''}」须为金额，最多两位小数`;
    if (reason) refused.push({ rowNumber, reason });
    else {
      lines.push({
        date: date!,
        amount,
        balance,
        reference: values.reference || null,
        counterparty: values.counterparty || null,
        memo: values.memo || null,
      });
    }
  });
  if (lines.length > MAX_STATEMENT_LINES) throw new StatementFileError(`一份对账单最多 ${MAX_STATEMENT_LINES} 行。`);
  return { lines, refused, rows };
}

/** '2025-11-04', '2025/11/4', '20251104' → '2025-11-04' when it is a real day; else null. */
function dateText(text: string): string | null {
  const trimmed = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  const parts = compact ?? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(trimmed);
  if (!parts) return null;
  const iso = `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}`;
  const match = DATE.exec(iso)!;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toISOString().slice(0, 10) === iso ? iso : null;
}

/** UTF-8 (a byte-order mark is fine); a file that is not UTF-8 is read as GB18030, as Chinese banks export. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 CSV: quoted fields with "" for a quote, commas and line breaks inside quotes, CRLF or LF. */
export function csvTable(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
    entity.startsWith('#x')
      ? String.fromCodePoint(parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : ENTITIES[entity],
  );
}

/** The text of an element holding `<t>` runs (shared and inline strings), phonetic runs (`<rPh>`) left out. */
function runsText(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let text = '';
  for (const match of withoutPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) text += unescapeXml(match[1] ?? '');
  return text;
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Built-in number formats that are dates (ECMA-376 §18.8.30, with the CJK ones). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);

/** Which cell styles (index into cellXfs) show a date. */
function dateStyles(stylesXml: string | undefined): Set<number> {
  const styles = new Set<number>();
  if (!stylesXml) return styles;
  const custom = new Map<number, string>();
  for (const match of stylesXml.matchAll(/<numFmt\b[^>]*>/g)) {
    const id = Number(attribute(match[0], 'numFmtId'));
    custom.set(id, unescapeXml(attribute(match[0], 'formatCode') ?? ''));
  }
  const isDateFormat = (id: number) => {
    if (BUILT_IN_DATE_FORMATS.has(id)) return true;
    const code = custom.get(id);
    if (!code) return false;
    const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    return /[ymd]/i.test(bare) && !/[0#]/.test(bare);
  };
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  let index = 0;
  for (const match of cellXfs.matchAll(/<xf\b[^>]*>/g)) {
    if (isDateFormat(Number(attribute(match[0], 'numFmtId') ?? '0'))) styles.add(index);
    index += 1;
  }
  return styles;
}

/** An Excel day number (1900 system) as YYYY-MM-DD; the time of day, if any, is dropped. */
function excelDate(serial: string): string | null {
  if (!/^\d+(\.\d+)?$/.test(serial)) return null;
  const days = Math.floor(Number(serial));
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

function columnIndex(reference: string): number {
  const letters = /^[A-Z]+/.exec(reference)?.[0] ?? 'A';
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** The first sheet of an XLSX workbook as rows of cell text, dates as YYYY-MM-DD and numbers as written. */
export function xlsxTable(bytes: Uint8Array): string[][] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new StatementFileError('无法读取该 XLSX 文件（文件已损坏或不是 Excel 工作簿）。');
  }
  const text = (path: string) => (files[path] ? strFromU8(files[path]) : undefined);
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw new StatementFileError('无法读取该 XLSX 文件（找不到工作簿）。');
  const firstSheet = /<sheet\b[^>]*>/.exec(workbook)?.[0];
  const relationId = firstSheet ? (attribute(firstSheet, 'r:id') ?? '') : '';
  const relations = text('xl/_rels/workbook.xml.rels') ?? '';
  let target = 'worksheets/sheet1.xml';
  for (const match of relations.matchAll(/<Relationship\b[^>]*>/g)) {
    if (attribute(match[0], 'Id') === relationId) target = attribute(match[0], 'Target') ?? target;
  }
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  const sheet = text(sheetPath);
  if (!sheet) throw new StatementFileError('无法读取该 XLSX 文件（找不到第一个工作表）。');
  const shared = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g)].map((match) => runsText(match[1]));
  const dates = dateStyles(text('xl/styles.xml'));

  const rows: string[][] = [];
  for (const rowMatch of sheet.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const cells: string[] = [];
    for (const cellMatch of (rowMatch[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const tag = `<c${cellMatch[1]}>`;
      const body = cellMatch[2] ?? '';
      const type = attribute(tag, 't') ?? 'n';
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let cell = '';
      if (type === 's') cell = shared[Number(value)] ?? '';
      else if (type === 'inlineStr') cell = runsText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
      else if (type === 'str' || type === 'e') cell = unescapeXml(value ?? '');
      else if (type === 'b') cell = value === '1' ? 'TRUE' : 'FALSE';
      else if (type === 'd') cell = (value ?? '').slice(0, 10);
      else if (value !== undefined) {
        const style = Number(attribute(tag, 's') ?? '0');
        cell = dates.has(style) ? (excelDate(value) ?? value) : value;
      }
      const at = attribute(tag, 'r');
      const index = at ? columnIndex(at) : cells.length;
      while (cells.length < index) cells.push('');
      cells[index] = cell;
    }
    const at = attribute(/<row\b[^>]*>/.exec(rowMatch[0])![0], 'r');
    const rowIndex = at ? Number(at) - 1 : rows.length;
    while (rows.length < rowIndex) rows.push([]);
    rows[rowIndex] = cells;
  }
  // leading empty rows are dropped (the first row with text is the heading row), as the CLI reads sheets
  const first = rows.findIndex((cells) => cells.some((cell) => cell.trim() !== ''));
  return first < 0 ? [] : rows.slice(first);
}
