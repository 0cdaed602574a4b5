import { BANK_COLUMNS } from '../banking/index.js';
import { toCsv } from '../common/csv.js';
import { type ImportSummary, PAYROLL_COLUMNS, RECEIPT_COLUMNS } from '../dues/index.js';

export type { ImportSummary } from '../dues/index.js';

/** The files a centre imports (docs/imports.md): payroll declarations, dues receipts, bank statements. */
export const IMPORT_KINDS = ['payroll', 'receipts', 'bank'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const RECEIPT_CHANNELS = ['tax', 'enterprise'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

/** A refused row: where it is in the file (1 = the header), what it held, and why. */
export type RefusedRow = ImportSummary['refused'][number];

/** The headings each kind accepts, and the columns a file of that kind must have. */
export function columnsOf(kind: ImportKind): { aliases: Record<string, string>; required: string[] } {
  if (kind === 'payroll') return { aliases: PAYROLL_COLUMNS, required: ['uscc', 'period', 'totalPayroll'] };
  if (kind === 'receipts') return { aliases: RECEIPT_COLUMNS, required: ['uscc', 'amount', 'receivedOn'] };
  return { aliases: BANK_COLUMNS, required: ['date', 'balance'] };
}

/**
 * The refused-rows file: the file's own columns as they were read, then `row` (its row in the file) and `reason`.
 * UTF-8 with a byte-order mark (toCsv), so Excel opens the Chinese reasons and names as they are.
 */
export function refusedCsv(columns: string[], refused: RefusedRow[]): string {
  const header = [...columns, 'row', 'reason'];
  return toCsv(header, refused.map((r) => [...columns.map((c) => r.values[c] ?? ''), r.rowNumber, r.reason]));
}

/** The one audit record of a run (CLI or console): its counts and the file's SHA-256. */
export function importAuditDetail(contentHash: string, summary: ImportSummary): Record<string, unknown> {
  return {
    contentHash,
    rows: summary.rows,
    accepted: summary.accepted,
    alreadyImported: summary.alreadyImported,
    refused: summary.refused.length,
  };
}
