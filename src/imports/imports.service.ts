import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AuditActor, actorOf, AuditTrail } from '../audit/index.js';
import { assertCentreVisible } from '../auth/index.js';
import { translateDatabaseError } from '../common/database-errors.js';
import { DomainError } from '../common/domain-error.js';
import { offsetOf, type Page, pageOf } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { parseTable, type Table, TableError } from '../common/tabular.js';
import type { ImportRunQuery, ImportRunView } from './dto/imports.dto.js';
import { columnsOf, type ImportKind, importAuditDetail, type ImportSummary, type ReceiptChannel, refusedCsv } from './import-kinds.js';
import { ImportRunner } from './import-runner.js';
import { ImportErrors } from './imports.errors.js';

/** The largest file an upload may carry (the CLI has no limit; 200,000 rows of CSV fit well inside). */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

/** How often the service touches the runs it holds, and how long a silent run is taken for one whose service died. */
const HEARTBEAT_MS = 10_000;
const STALE_AFTER_SECONDS = 60;

interface UploadedFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

interface Job {
  id: string;
  centreId: string;
  ctx: RequestContext;
  kind: ImportKind;
  channel: ReceiptChannel | null;
  fileName: string;
  table: Table;
}

const RUN_COLUMNS = `r.id, r.centre_id, r.kind, r.channel, r.file_name, r.file_sha256, r.file_bytes, r.status, r.total_rows, r.processed_rows,
  r.applied_rows, r.already_imported_rows, r.refused_rows, r.started_by, u.username AS started_by_username, r.started_at, r.finished_at, r.error`;

/**
 * Imports uploaded from the console. The upload is read and checked in the request (a file that is empty, too big,
 * unreadable or of another kind is refused there, and nothing is recorded); the good file becomes a run that the
 * service works through in the background, one run at a time, with the very code the CLI uses (ImportRunner), so a
 * re-upload applies nothing twice. Progress is written to import_run as each chunk commits; the console polls it.
 *
 * Audit: the rows a run applies are audited as they are applied (as in the CLI); the run itself leaves one record
 * when it ends (`import.payroll`, … with the CLI's counts and the file's SHA-256, plus the run id and its status).
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ImportsService.name);
  /** The runs this process holds (working on or queued): their heartbeat is kept. */
  private readonly held = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: ImportRunner,
    private readonly trail: AuditTrail,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * A run left `running` by a service that died is marked FAILED, not resumed: the uploaded file is not kept, and
   * nothing is lost by failing it, since the rows it applied stay applied (each chunk commits on its own) and
   * uploading the file again applies exactly the rows that were not (the row keys). A run counts as left behind when
   * its heartbeat is older than a minute: a run another live process (a second instance) is working on keeps its
   * heartbeat fresh, so it is never failed by mistake. The check runs at start-up and then with every heartbeat, so
   * a run of a service that died and came back within the minute is failed too.
   */
  async onApplicationBootstrap(): Promise<void> {
    // only the serving app watches runs: the CLI's commands (an application context, no HTTP) neither start nor fail any
    if (!this.adapterHost.httpAdapter) return;
    await this.failAbandonedRuns();
    this.timer = setInterval(() => {
      void this.beat().catch((error: unknown) => this.logger.error({ err: error }, 'import heartbeat failed'));
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** No new run starts; the one being worked on is finished (queued ones then fail fast, see process()). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.queue;
  }

  async start(ctx: RequestContext, centreId: string, fields: { kind: string; channel?: string }, file: UploadedFile | undefined): Promise<ImportRunView> {
    assertCentreVisible(ctx.principal, centreId);
    const kind = fields.kind as ImportKind;
    if (fields.channel !== undefined && kind !== 'receipts') throw ImportErrors.channelNotReceipts();
    const channel = kind === 'receipts' ? ((fields.channel as ReceiptChannel | undefined) ?? 'tax') : null;
    if (!file) throw ImportErrors.noFile();
    const fileName = cleanFileName(file.originalname);
    const table = await readUpload(kind, fileName, file.buffer);
    if (this.stopping) throw new DomainError('COMMON.UNAVAILABLE', 503, 'Service unavailable', 'The service is stopping; upload the file again in a moment.');

    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO import_run (centre_id, id, kind, channel, file_name, file_sha256, file_bytes, columns, total_rows, started_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [centreId, id, kind, channel, fileName, table.contentHash, file.size, table.columns, table.rows.length, ctx.principal.userId],
    ).catch((error: unknown) => {
      throw translateDatabaseError(error) ?? error;
    });
    this.held.add(id);
    const job: Job = { id, centreId, ctx, kind, channel, fileName, table };
    this.queue = this.queue.then(() => this.process(job));
    return this.get(ctx, centreId, id);
  }

  async list(ctx: RequestContext, centreId: string, query: ImportRunQuery): Promise<Page<ImportRunView>> {
    assertCentreVisible(ctx.principal, centreId);
    const where = ['r.centre_id = $1'];
    const params: unknown[] = [centreId];
    if (query.kind) where.push(`r.kind = $${params.push(query.kind)}`);
    if (query.status) where.push(`r.status = $${params.push(query.status)}`);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM import_run r WHERE ${where.join(' AND ')}`, params);
    const rows = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM import_run r JOIN app_user u ON u.id = r.started_by
        WHERE ${where.join(' AND ')} ORDER BY r.started_at DESC, r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, offsetOf(query)],
    );
    return pageOf(rows.map(toView), total, query);
  }

  async get(ctx: RequestContext, centreId: string, id: string): Promise<ImportRunView> {
    assertCentreVisible(ctx.principal, centreId);
    const [row] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM import_run r JOIN app_user u ON u.id = r.started_by WHERE r.centre_id = $1 AND r.id = $2`,
      [centreId, id],
    );
    if (!row) throw ImportErrors.runNotFound(id);
    return toView(row);
  }

  /** The refused-rows file of a finished run: the file's columns, `row` and `reason` (CSV, UTF-8 with BOM). */
  async refused(ctx: RequestContext, centreId: string, id: string): Promise<{ fileName: string; csv: string }> {
    assertCentreVisible(ctx.principal, centreId);
    const [run] = await this.dataSource.query('SELECT file_name, status, columns FROM import_run WHERE centre_id = $1 AND id = $2', [centreId, id]);
    if (!run) throw ImportErrors.runNotFound(id);
    if (run.status === 'running') throw ImportErrors.runNotFinished();
    const rows: Array<{ row_number: number; values: Record<string, string>; reason: string }> = await this.dataSource.query(
      'SELECT row_number, "values", reason FROM import_run_refused WHERE centre_id = $1 AND run_id = $2 ORDER BY row_number',
      [centreId, id],
    );
    return {
      fileName: `${run.file_name.replace(/\.[^.]*$/, '')}.refused.csv`,
      csv: refusedCsv(run.columns, rows.map((r) => ({ rowNumber: r.row_number, values: r.values, reason: r.reason }))),
    };
  }

  /** Works through one run; whatever happens, the run ends done or failed, with its one audit record. */
  private async process(job: Job): Promise<void> {
    let progressWrites: Promise<unknown> = Promise.resolve();
    try {
      if (this.stopping) throw new DomainError('COMMON.UNAVAILABLE', 503, 'Service unavailable', 'The service stopped before the run started; upload the file again.');
      const progress = (done: number) => {
        progressWrites = progressWrites.then(() =>
          this.dataSource.query(
            `UPDATE import_run SET processed_rows = GREATEST(processed_rows, $3), heartbeat_at = now() WHERE centre_id = $1 AND id = $2 AND status = 'running'`,
            [job.centreId, job.id, done],
          ),
        ).catch((error: unknown) => this.logger.warn({ err: error, runId: job.id }, 'could not record the progress of an import'));
      };
      const summary = await this.runner.apply(job.ctx, job.centreId, job.kind, job.table, {
        sourceName: job.fileName,
        channel: job.channel ?? undefined,
        progress,
      });
      await progressWrites;
      await this.finish(job, summary);
    } catch (error) {
      await progressWrites;
      const known = error instanceof DomainError ? error : translateDatabaseError(error);
      if (!known) this.logger.error({ err: error, runId: job.id, requestId: job.ctx.requestId }, 'import run failed');
      const reason = known ? `${known.code}: ${known.detail ?? known.title}` : `unexpected error (request ${job.ctx.requestId || job.id}; see the service log)`;
      await this.fail(job, reason).catch((failError: unknown) => this.logger.error({ err: failError, runId: job.id }, 'could not mark an import run failed'));
    } finally {
      this.held.delete(job.id);
    }
  }

  private finish(job: Job, summary: ImportSummary): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const [updated] = await manager.query(
        `WITH done AS (
           UPDATE import_run SET status = 'done', processed_rows = total_rows, applied_rows = $3, already_imported_rows = $4, refused_rows = $5,
                  finished_at = now(), heartbeat_at = now()
            WHERE centre_id = $1 AND id = $2 AND status = 'running' RETURNING id)
         SELECT count(*)::int AS n FROM done`,
        [job.centreId, job.id, summary.accepted, summary.alreadyImported, summary.refused.length],
      );
      if (updated.n === 0) return; // failed meanwhile as abandoned (its heartbeat stopped): that record stands
      await manager.query(
        `INSERT INTO import_run_refused (centre_id, run_id, row_number, "values", reason)
         SELECT $1, $2, * FROM unnest($3::int[], $4::jsonb[], $5::text[])`,
        [job.centreId, job.id, summary.refused.map((r) => r.rowNumber), summary.refused.map((r) => JSON.stringify(r.values)), summary.refused.map((r) => r.reason)],
      );
      await this.trail.append(manager, actorOf(job.ctx), {
        centreId: job.centreId,
        action: `import.${job.kind}`,
        objectType: 'file',
        objectId: job.fileName,
        detail: { ...importAuditDetail(job.table.contentHash, summary), runId: job.id, status: 'done' },
      });
    });
  }

  private fail(job: Job, reason: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const [run] = await manager.query(
        `WITH failed AS (
           UPDATE import_run SET status = 'failed', error = $3, finished_at = now() WHERE centre_id = $1 AND id = $2 AND status = 'running'
           RETURNING processed_rows)
         SELECT * FROM failed`,
        [job.centreId, job.id, reason],
      );
      if (!run) return;
      await this.trail.append(manager, actorOf(job.ctx), {
        centreId: job.centreId,
        action: `import.${job.kind}`,
        objectType: 'file',
        objectId: job.fileName,
        detail: { contentHash: job.table.contentHash, rows: job.table.rows.length, processed: run.processed_rows, runId: job.id, status: 'failed', error: reason },
      });
    });
  }

  private async beat(): Promise<void> {
    if (this.held.size > 0) {
      await this.dataSource.query(`UPDATE import_run SET heartbeat_at = now() WHERE id = ANY($1::uuid[]) AND status = 'running'`, [[...this.held]]);
    }
    await this.failAbandonedRuns();
  }

  /** Marks failed the runs whose service died (see onApplicationBootstrap), each with its audit record. */
  async failAbandonedRuns(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const reason = 'the service stopped before the run finished; upload the file again (rows already applied are not applied twice)';
      const runs: Array<{ centre_id: string; id: string; kind: string; file_name: string; file_sha256: string; total_rows: number; processed_rows: number; started_by: string }> =
        await manager.query(
          `WITH failed AS (
             UPDATE import_run SET status = 'failed', error = $1, finished_at = now()
              WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $2) AND NOT (id = ANY($3::uuid[]))
              RETURNING centre_id, id, kind, file_name, file_sha256, total_rows, processed_rows, started_by)
           SELECT * FROM failed ORDER BY centre_id, id`,
          [reason, STALE_AFTER_SECONDS, [...this.held]],
        );
      const system: AuditActor = { userId: null, username: null, role: null, requestId: null };
      for (const run of runs) {
        await this.trail.append(manager, system, {
          centreId: run.centre_id,
          action: `import.${run.kind}`,
          objectType: 'file',
          objectId: run.file_name,
          detail: { contentHash: run.file_sha256, rows: run.total_rows, processed: run.processed_rows, runId: run.id, startedBy: run.started_by, status: 'failed', error: reason },
        });
      }
      if (runs.length > 0) this.logger.warn({ runs: runs.map((r) => r.id) }, 'import runs left behind by a stopped service marked failed');
      return runs.length;
    });
  }
}

/** Reads an uploaded file as the CLI reads one, turning what is wrong with it into a problem (nothing is recorded). */
async function readUpload(kind: ImportKind, fileName: string, buffer: Buffer): Promise<Table> {
  if (buffer.length === 0) throw ImportErrors.emptyFile();
  const zip = buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (extension === 'xls' || extension === 'et') throw ImportErrors.unreadableFile('An old-style .xls workbook cannot be read; save it as .xlsx or .csv.');
  if (extension === 'xlsx' && !zip) throw ImportErrors.unreadableFile('The file is named .xlsx but is not an Excel workbook.');
  if (!zip && !['csv', 'txt', ''].includes(extension)) throw ImportErrors.unreadableFile('The file must be CSV (.csv) or an Excel workbook (.xlsx).');
  if (!zip && buffer.includes(0)) throw ImportErrors.unreadableFile('The file is not text: it cannot be read as CSV.');
  const { aliases, required } = columnsOf(kind);
  let table: Table;
  try {
    table = await parseTable(buffer, zip ? 'xlsx' : 'csv', aliases, required);
  } catch (error) {
    if (error instanceof TableError) {
      if (error.message.startsWith('missing columns')) throw ImportErrors.wrongColumns(kind, error.message);
      if (error.message === 'the file is empty') throw ImportErrors.emptyFile();
      throw ImportErrors.tooManyRows(error.message);
    }
    throw ImportErrors.unreadableFile(`The file could not be read as ${zip ? 'an Excel workbook' : 'CSV'}: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  if (table.rows.length === 0) throw ImportErrors.emptyFile();
  return table;
}

/** The name the browser gave, without any folder, of printable characters and at most 255 of them. */
function cleanFileName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'upload').slice(0, 255);
}

function toView(row: Record<string, unknown>): ImportRunView {
  const time = (value: unknown) => (value instanceof Date ? value.toISOString() : value === null ? null : String(value));
  return {
    id: row.id as string,
    centreId: row.centre_id as string,
    kind: row.kind as string,
    channel: (row.channel as string | null) ?? null,
    fileName: row.file_name as string,
    fileSha256: row.file_sha256 as string,
    fileBytes: Number(row.file_bytes),
    status: row.status as string,
    totalRows: Number(row.total_rows),
    processedRows: Number(row.processed_rows),
    appliedRows: Number(row.applied_rows),
    alreadyImportedRows: Number(row.already_imported_rows),
    refusedRows: Number(row.refused_rows),
    startedBy: row.started_by as string,
    startedByUsername: row.started_by_username as string,
    startedAt: time(row.started_at)!,
    finishedAt: time(row.finished_at),
    error: (row.error as string | null) ?? null,
  };
}
