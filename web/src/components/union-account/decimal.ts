import { parseFen } from '../../money';

/**
 * Ordering of the API's decimal strings for the tables' sort, in whole fen (BigInt), so no amount goes through a
 * binary float even to be compared. '-20.00' sorts below '3.00'; text that is not an amount sorts first.
 */
export function fenOf(decimal: string | null | undefined): bigint | null {
  if (decimal === null || decimal === undefined) return null;
  const text = decimal.trim();
  const negative = text.startsWith('-');
  const fen = parseFen(negative ? text.slice(1) : text);
  return fen === null ? null : negative ? -fen : fen;
}

export function compareDecimal(a: string | null | undefined, b: string | null | undefined): number {
  const x = fenOf(a);
  const y = fenOf(b);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}

/** This year's January to this month, as `YYYY-MM`: the default range of the per-union screens. */
export function yearToDate(today = new Date()): [string, string] {
  const month = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  return [`${today.getFullYear()}-01`, month];
}

export const CATEGORY_NAMES: Record<string, string> = {
  asset: '资产类',
  liability: '负债类',
  net_assets: '净资产类',
  income: '收入类',
  expenditure: '支出类',
};
