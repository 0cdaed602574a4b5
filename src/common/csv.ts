/**
 * CSV for spreadsheets (RFC 4180, UTF-8 with a byte-order mark so Excel reads Chinese correctly).
 *
 * Stored text comes back inert (OWASP "CSV injection"): a cell that a spreadsheet would take for a formula — one
 * beginning with = + - @, a tab or a carriage return, or their full-width forms ＝ ＋ － ＠ that Chinese and Japanese
 * Excel also accept — is prefixed with an apostrophe and always quoted. The one exception is a cell that is a plain
 * decimal number ("-20.00", "-3"): it cannot run anything, and amount columns must stay numbers. So the guard looks
 * at the value, not at the column: a union named "-2+3" is guarded, a credit of "-20.00" is left alone.
 */
const PLAIN_DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_DECIMAL.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
