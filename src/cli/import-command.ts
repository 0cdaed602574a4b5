import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/index.js';
import type { RequestContext } from '../common/request-context.js';
import { readTable, TableError } from '../common/tabular.js';
import { columnsOf, type ImportKind, importAuditDetail, ImportRunner, refusedCsv } from '../imports/index.js';

export type { ImportKind } from '../imports/index.js';

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

  const { aliases, required } = columnsOf(options.kind);
  let table;
  try {
    table = await readTable(options.file, aliases, required);
  } catch (error) {
    if (error instanceof TableError) throw new CliError(`${options.file}: ${error.message}`);
    throw error;
  }

  const bar = options.progressBar ? new SingleBar({ format: `import ${options.kind} [{bar}] {value}/{total} rows | {eta_formatted} left`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }) : undefined;
  bar?.start(table.rows.length, 0);
  const progress = (done: number) => bar?.update(done);
  let summary: Awaited<ReturnType<ImportRunner['apply']>>;
  try {
    summary = await app.get(ImportRunner).apply(ctx, centre.id, options.kind, table, { sourceName: basename(options.file), channel: options.channel, progress });
  } finally {
    bar?.stop();
  }

  let refusedFile: string | undefined;
  if (summary.refused.length > 0) {
    refusedFile = options.refusedFile ?? `${options.file}.refused.csv`;
    await writeFile(refusedFile, refusedCsv(table.columns, summary.refused));
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
        detail: importAuditDetail(table.contentHash, summary),
      },
    ),
  );
  out(`${summary.rows} rows: ${summary.accepted} accepted, ${summary.alreadyImported} already imported, ${summary.refused.length} refused`);
  if (refusedFile) out(`refused rows with their reasons: ${refusedFile}`);
  return { ...summary, refusedFile };
}
