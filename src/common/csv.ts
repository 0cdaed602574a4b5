/**
 * CSV for spreadsheets (RFC 4180, UTF-8 with a byte-order mark so Excel reads Chinese correctly). Text that a
 * spreadsheet would take for a formula (=, +, -, @, tab, carriage return first) is prefixed with an apostrophe, so
 * stored text comes back inert; decimal amounts are left as they are.
 */
const AMOUNT = /^-?[0-9]+(\.[0-9]+)?$/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (!AMOUNT.test(text) && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
