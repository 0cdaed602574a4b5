import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** Most rows one import file may hold (a bound on memory and on one run's time). */
export const MAX_IMPORT_ROWS = 200_000;

export interface Table {
  /** Canonical column names, in the file's order. */
  columns: string[];
  /** One record per data row, keyed by canonical column name; `rowNumber` is the row in the file (1 = header). */
  rows: Array<{ rowNumber: number; values: Record<string, string> }>;
  contentHash: string;
}

/**
 * Reads a CSV (UTF-8, with or without BOM) or XLSX file into rows keyed by canonical column names. `aliases` maps
 * every accepted heading (English or Chinese, case and spaces ignored) to its canonical name; unknown columns are
 * ignored, missing required ones are an error naming them.
 */
export async function readTable(path: string, aliases: Record<string, string>, required: string[]): Promise<Table> {
  const buffer = await readFile(path);
  return parseTable(buffer, extname(path).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv', aliases, required);
}

export async function parseTable(buffer: Buffer, format: 'csv' | 'xlsx', aliases: Record<string, string>, required: string[]): Promise<Table> {
  const raw = format === 'xlsx' ? await xlsxRows(buffer) : csvRows(buffer);
  if (raw.length === 0) throw new TableError('the file is empty');
  if (raw.length - 1 > MAX_IMPORT_ROWS) throw new TableError(`the file has more than ${MAX_IMPORT_ROWS} rows`);
  const normalise = (heading: string) => heading.replace(/\s+/g, '').toLowerCase();
  const lookup = new Map(Object.entries(aliases).map(([heading, canonical]) => [normalise(heading), canonical]));
  const header = raw[0].map((heading) => lookup.get(normalise(heading)));
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new TableError(`missing columns: ${missing.join(', ')}`);
  const rows = raw.slice(1).flatMap((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return [];
    const values: Record<string, string> = {};
    header.forEach((column, i) => {
      if (column) values[column] = (cells[i] ?? '').trim();
    });
    return [{ rowNumber: index + 2, values }];
  });
  return { columns: header.filter((c): c is string => !!c), rows, contentHash: createHash('sha256').update(buffer).digest('hex') };
}

export class TableError extends Error {}

function csvRows(buffer: Buffer): string[][] {
  return parse(buffer, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

async function xlsxRows(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) cells.push(cellText(row.getCell(column).value));
    rows.push(cells);
  });
  return rows;
}

/** Spreadsheet cells as the text a person sees: dates as YYYY-MM-DD, numbers without float noise. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // a number cell as written (1234.5): more than two places is refused by the row's own check, never rounded here
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
  }
  return String(value);
}

/**
 * A key per row that is the same on every run of the same file: the row's content and how many identical rows came
 * before it (two identical payments on one day stay two payments).
 */
export function rowKeys(kind: string, rows: Table['rows']): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const content = JSON.stringify(Object.entries(row.values).sort(([a], [b]) => (a < b ? -1 : 1)));
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    return createHash('sha256').update(`${kind}\n${content}\n${occurrence}`).digest('hex');
  });
}
