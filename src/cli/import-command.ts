import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/index.js';
import { BANK_COLUMNS, BankingService } from '../banking/index.js';
import { toCsv } from '../common/csv.js';
import type { RequestContext } from '../common/request-context.js';
import { readTable, TableError } from '../common/tabular.js';
import { DuesImport, PAYROLL_COLUMNS, RECEIPT_COLUMNS } from '../dues/index.js';

export type ImportKind = 'payroll' | 'receipts' | 'bank';

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  centreCode: string;
  username: string;
  channel?: 'tax' | 'enterprise';
  refusedFile?: string;
  /** Draw a progress bar on stderr (off in tests). */
  progressBar?: boolean;
  out?: (line: string) => void;
}

export class CliError extends Error {}

/**
 * `import payroll|receipts|bank FILE`: reads a CSV or XLSX file, applies it row by row with a progress bar, prints
 * a summary, writes the refused rows with their reasons beside the file, and leaves one audit record of the run.
 */
export async function runImport(app: INestApplicationContext, options: ImportOptions) {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const dataSource = app.get(DataSource);
  const [centre] = await dataSource.query('SELECT id FROM centre WHERE code = $1', [options.centreCode.toUpperCase()]);
  if (!centre) throw new CliError(`no centre with code ${options.centreCode}`);
  const [user] = await dataSource.query(
    `SELECT id, username, role, centre_id, union_id, enterprise_id FROM app_user WHERE username = $1 AND active`,
    [options.username.toLowerCase()],
  );
  const allowed = user && (user.role === 'system_admin' || (user.centre_id === centre.id && ['centre_accountant', 'centre_supervisor'].includes(user.role)));
  if (!allowed) throw new CliError(`user ${options.username} may not import for centre ${options.centreCode} (an accountant or supervisor of the centre, or the administrator)`);
  const ctx: RequestContext = {
    principal: { userId: user.id, username: user.username, role: user.role, centreId: user.centre_id, unionId: null, enterpriseId: null },
    requestId: `cli-import-${Date.now().toString(36)}`,
  };

  const columns = options.kind === 'payroll' ? PAYROLL_COLUMNS : options.kind === 'receipts' ? RECEIPT_COLUMNS : BANK_COLUMNS;
  const required = options.kind === 'payroll' ? ['uscc', 'period', 'totalPayroll'] : options.kind === 'receipts' ? ['uscc', 'amount', 'receivedOn'] : ['date', 'balance'];
  let table;
  try {
    table = await readTable(options.file, columns, required);
  } catch (error) {
    if (error instanceof TableError) throw new CliError(`${options.file}: ${error.message}`);
    throw error;
  }

  const bar = options.progressBar ? new SingleBar({ format: `import ${options.kind} [{bar}] {value}/{total} rows | {eta_formatted} left`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }) : undefined;
  bar?.start(table.rows.length, 0);
  const progress = (done: number) => bar?.update(done);
  let summary: { rows: number; accepted: number; alreadyImported: number; refused: Array<{ rowNumber: number; values: Record<string, string>; reason: string }> };
  try {
    if (options.kind === 'payroll') summary = await app.get(DuesImport).payroll(ctx, centre.id, table, progress);
    else if (options.kind === 'receipts') summary = await app.get(DuesImport).receipts(ctx, centre.id, table, options.channel ?? 'tax', progress);
    else {
      summary = await app.get(BankingService).importTable(ctx, centre.id, table, basename(options.file));
      progress(table.rows.length);
    }
  } finally {
    bar?.stop();
  }

  let refusedFile: string | undefined;
  if (summary.refused.length > 0) {
    refusedFile = options.refusedFile ?? `${options.file}.refused.csv`;
    const header = [...table.columns, 'row', 'reason'];
    await writeFile(refusedFile, toCsv(header, summary.refused.map((r) => [...table.columns.map((c) => r.values[c] ?? ''), r.rowNumber, r.reason])));
  }
  await dataSource.transaction((manager) =>
    app.get(AuditTrail).append(
      manager,
      { userId: user.id, username: user.username, role: user.role, requestId: ctx.requestId },
      {
        centreId: centre.id,
        action: `import.${options.kind}`,
        objectType: 'file',
        objectId: basename(options.file),
        detail: { contentHash: table.contentHash, rows: summary.rows, accepted: summary.accepted, alreadyImported: summary.alreadyImported, refused: summary.refused.length },
      },
    ),
  );
  out(`${summary.rows} rows: ${summary.accepted} accepted, ${summary.alreadyImported} already imported, ${summary.refused.length} refused`);
  if (refusedFile) out(`refused rows with their reasons: ${refusedFile}`);
  return { ...summary, refusedFile };
}
