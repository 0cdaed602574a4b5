import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { type ChainBreak, CHAIN_FORMAT_VERSION, GENESIS_HASH, PLATFORM_CHAIN } from '../audit/chain.js';
import { TRAIL_COPY_SESSION } from '../audit/chain-copy.js';
import { bindTransactionToCentre } from '../database/index.js';
import { mergeSegments, type Segment, type SegmentOutcome, verifySegment } from './audit-segments.js';
import { CliError } from './import-command.js';

/**
 * `audit verify` and `audit export` (docs/audit-chain.md, "Verifying from the command line").
 *
 * Both read the trail inside one REPEATABLE READ, READ ONLY transaction, so the heads and the records they compare
 * come from one snapshot while the service goes on appending, and stream every chain with `COPY … TO STDOUT`: rows
 * are hashed from their bytes as they arrive (src/audit/chain-copy.ts) and checked by the same `ChainVerifier` as
 * the service's GET …/audit/verify, so memory stays flat whatever the length of the trail. `audit verify` splits a
 * long chain into stretches checked side by side by worker threads (src/cli/audit-segments.ts, audit-worker.ts),
 * each on its own connection reading the same exported snapshot.
 *
 * Output (stdout), one line per chain verified:
 *   chain ok: <N> records, head <hash>                                  (--centre: exactly this)
 *   chain ok: <N> records, head <hash> (centre <CODE>, <id>)            (all chains: the chain named after it)
 *   chain broken: <kind> at seq <S> (centre <CODE>, <id>): <message>    (then the stored and the expected hash)
 * `<kind>` is sequence-gap, prev-hash-mismatch, hash-mismatch or head-mismatch; the exit code is 1 when any chain is
 * broken. The progress bar and the timing go to stderr.
 */

export interface AuditVerifyOptions {
  /** A centre's code (or id); all chains when absent. */
  centre?: string;
  /** Draw a progress bar on stderr (off in tests). */
  progressBar?: boolean;
  out?: (line: string) => void;
  /** Where the timing line goes (stderr by default). */
  info?: (line: string) => void;
  /** Hash every row the general way (tests compare both paths). */
  generalOnly?: boolean;
  /**
   * Worker threads (default: the cores, at most 4). Threads need the compiled worker (dist/, as `npm run cli` runs);
   * from the TypeScript sources (tests) the stretches are checked one after the other on the command's connection.
   */
  threads?: number;
  /** Split chains into stretches of this many records (default: a chain of 100,000 or more into one per thread). */
  segmentRecords?: number;
}

export interface AuditExportOptions {
  centre: string;
  outDir: string;
  progressBar?: boolean;
  out?: (line: string) => void;
  info?: (line: string) => void;
  generalOnly?: boolean;
}

interface Chain {
  id: string;
  code: string | null;
  name: string | null;
  /** The stored head; null when the chain has records but no head row. */
  head: { seq: number; hash: string } | null;
}

export interface ChainOutcome {
  centreId: string;
  code: string | null;
  ok: boolean;
  recordsChecked: number;
  headSeq: number;
  headHash: string;
  firstBroken: ChainBreak | null;
  /** Rows that took the general path (src/audit/chain-copy.ts). */
  generalRows: number;
}

export interface AuditVerifyResult {
  exitCode: 0 | 1;
  chains: ChainOutcome[];
  records: number;
  seconds: number;
}

export interface AuditExportResult {
  exitCode: 0 | 1;
  dir: string;
  records: number;
  chain: ChainOutcome;
  manifest: ExportManifest;
  seconds: number;
}

export interface ExportManifest {
  format: 'dues-custody-ledger audit export';
  formatVersion: 1;
  /** The `v` every record's hash covers (docs/audit-chain.md). */
  chainFormatVersion: number;
  centre: { id: string; code: string | null; name: string | null };
  recordCount: number;
  /** The chain head the service reports (GET …/audit/verify, and the reports print). */
  headSeq: number;
  headHash: string;
  exportedAt: string;
  files: { records: string; verifier: string; readme: string };
}

export const EXPORT_FILES = { records: 'records.jsonl', manifest: 'manifest.json', verifier: 'verify.mjs', readme: 'README.md' } as const;
const WRITE_BATCH = 1 << 20;
/** A chain this long is split into one stretch per thread. */
const SPLIT_FROM = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const stdoutLine = (line: string) => process.stdout.write(line + '\n');
const stderrLine = (line: string) => process.stderr.write(line + '\n');

/** `audit verify [--centre CODE]`. */
export async function runAuditVerify(app: INestApplicationContext, options: AuditVerifyOptions = {}): Promise<AuditVerifyResult> {
  return verifyTrail(app.get(DataSource), options);
}

/** `audit export --centre CODE --out DIR`. */
export async function runAuditExport(app: INestApplicationContext, options: AuditExportOptions): Promise<AuditExportResult> {
  return exportTrail(app.get(DataSource), options);
}

export async function verifyTrail(dataSource: DataSource, options: AuditVerifyOptions = {}): Promise<AuditVerifyResult> {
  const out = options.out ?? stdoutLine;
  const info = options.info ?? stderrLine;
  const started = performance.now();
  const url = (dataSource.options as { url?: string }).url;
  const worker = workerScript();
  const threads = url && worker ? Math.max(1, options.threads ?? Math.min(4, availableParallelism())) : 1;
  const { chains, segments } = await withSnapshot(dataSource, async (client) => {
    const list = options.centre === undefined ? await allChains(client) : [await centreChain(client, options.centre)];
    const segments = await planSegments(client, list, threads, options.segmentRecords);
    const total = list.reduce((sum, chain) => sum + (chain.head?.seq ?? 0), 0);
    const bar = options.progressBar
      ? new SingleBar({ format: 'audit verify [{bar}] {value}/{total} records | {eta_formatted} left', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 })
      : undefined;
    bar?.start(total, 0);
    let done = 0;
    const progress = (rows: number) => {
      done += rows;
      bar?.update(done);
    };
    let outcomes: SegmentOutcome[];
    try {
      if (threads > 1 && segments.length > 1) {
        const [{ id: snapshot }] = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows;
        outcomes = await inWorkers(worker!, { url: url!, snapshot, generalOnly: options.generalOnly }, segments, threads, progress);
      } else {
        outcomes = [];
        for (const segment of segments) outcomes.push(await verifySegment(client, segment, { generalOnly: options.generalOnly, progress }));
      }
    } finally {
      bar?.stop();
    }
    const chains = list.map((chain) => {
      const merged = mergeSegments(outcomes.filter((_, i) => segments[i].chainId === chain.id), chain.head);
      const { rows: _rows, ...outcome } = merged;
      return { chain, outcome: { centreId: chain.id, code: chain.code, ...outcome } };
    });
    return { chains, segments };
  });
  for (const { chain, outcome } of chains) report(out, chain, outcome, options.centre === undefined);
  if (chains.length === 0) out(`chain ok: 0 records, head ${GENESIS_HASH}`);
  const seconds = (performance.now() - started) / 1000;
  const records = chains.reduce((sum, c) => sum + c.outcome.recordsChecked, 0);
  const parallel = threads > 1 && segments.length > 1 ? `, ${Math.min(threads, segments.length)} threads` : '';
  info(`verified ${records} records of ${chains.length} chain${chains.length === 1 ? '' : 's'} in ${seconds.toFixed(2)} s (${rate(records, seconds)} records/s${parallel})`);
  return { exitCode: chains.every((c) => c.outcome.ok) ? 0 : 1, chains: chains.map((c) => c.outcome), records, seconds };
}

/** The chains cut into stretches: a long chain (or, when asked, every chain) into pieces of about equal length. */
async function planSegments(client: PoolClient, chains: Chain[], threads: number, segmentRecords?: number): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (const chain of chains) {
    const length = chain.head?.seq ?? 0;
    const pieces = segmentRecords ? Math.max(1, Math.ceil(length / segmentRecords)) : threads > 1 && length >= SPLIT_FROM ? threads : 1;
    let from: number | null = null;
    let after = { seq: 0, hash: GENESIS_HASH };
    for (let i = 1; i <= pieces; i += 1) {
      const to = i === pieces ? null : 1 + Math.floor((i * length) / pieces);
      segments.push({ index: segments.length, chainId: chain.id, from, to, after });
      if (to === null) break;
      // the next stretch starts behind the last stored record before it (whatever its seq: a gap shows as one)
      const { rows } = await client.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM audit_record WHERE centre_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1',
        [chain.id, to],
      );
      after = rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : { seq: 0, hash: GENESIS_HASH };
      from = to;
    }
  }
  return segments;
}

/** The compiled worker next to this module (dist/src/cli/audit-worker.js), or undefined when running from sources. */
function workerScript(): URL | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const url = new URL('./audit-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** A pool of worker threads takes the stretches in order, one at a time each. */
function inWorkers(
  script: URL,
  data: { url: string; snapshot: string; generalOnly?: boolean },
  segments: Segment[],
  threads: number,
  progress: (rows: number) => void,
): Promise<SegmentOutcome[]> {
  return new Promise((resolvePool, rejectPool) => {
    const outcomes = new Array<SegmentOutcome>(segments.length);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      rejectPool(error);
    };
    const feed = (worker: Worker) => {
      if (next < segments.length) worker.postMessage({ segment: segments[next++] });
      else worker.postMessage({ end: true });
    };
    for (let i = 0; i < Math.min(threads, segments.length); i += 1) {
      const worker = new Worker(script, { workerData: data });
      workers.push(worker);
      worker.on('message', (message: { progress?: number; done?: SegmentOutcome; failed?: string }) => {
        if (message.progress) progress(message.progress);
        else if (message.done) {
          outcomes[message.done.index] = message.done;
          done += 1;
          if (done === segments.length) resolvePool(outcomes);
          feed(worker);
        } else if (message.failed) fail(new Error(`audit verify worker: ${message.failed}`));
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && done < segments.length) fail(new Error(`an audit verify worker stopped (exit code ${code})`));
      });
      feed(worker);
    }
  });
}

export async function exportTrail(dataSource: DataSource, options: AuditExportOptions): Promise<AuditExportResult> {
  const out = options.out ?? stdoutLine;
  const info = options.info ?? stderrLine;
  const started = performance.now();
  const dir = resolve(options.outDir);
  if (existsSync(dir) && (await readdir(dir)).length > 0) throw new CliError(`${dir} is not empty: export into a new or empty directory`);
  const verifierSource = standaloneFile('verify.mjs');
  const readmeTemplate = await readFile(standaloneFile('bundle-README.md'), 'utf8');

  const { chain, outcome, records, exportedAt } = await withSnapshot(dataSource, async (client) => {
    const chain = await centreChain(client, options.centre);
    // the export is one centre's: the database itself keeps any other centre's rows out of this snapshot
    if (chain.code) await bindTransactionToCentre(client, chain.id);
    await mkdir(dir, { recursive: true });
    const exportedAt = new Date().toISOString();
    const bar = options.progressBar
      ? new SingleBar({ format: `audit export ${labelOf(chain)} [{bar}] {value}/{total} records | {eta_formatted} left`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 })
      : undefined;
    bar?.start(chain.head?.seq ?? 0, 0);
    const file = createWriteStream(join(dir, EXPORT_FILES.records));
    // a write error ends the COPY (append throws) instead of leaving it waiting for a drain that never comes
    let writeError: Error | undefined;
    let wake: (() => void) | undefined;
    const written = new Promise<void>((resolveWrite, rejectWrite) => {
      file.on('finish', resolveWrite);
      file.on('error', (error) => {
        writeError = error;
        wake?.();
        rejectWrite(error);
      });
    });
    written.catch(() => undefined);
    let batch = Buffer.allocUnsafe(WRITE_BATCH);
    let used = 0;
    let drain: Promise<void> | undefined;
    const flush = () => {
      if (writeError) throw writeError;
      if (used === 0) return;
      if (!file.write(batch.subarray(0, used))) {
        drain ??= new Promise<void>((ok) => {
          wake = () => {
            drain = undefined;
            wake = undefined;
            ok();
          };
          file.once('drain', wake);
        });
      }
      batch = Buffer.allocUnsafe(WRITE_BATCH);
      used = 0;
    };
    const append = (line: Buffer) => {
      if (used + line.length > batch.length) {
        flush();
        if (line.length > batch.length) batch = Buffer.allocUnsafe(line.length);
      }
      line.copy(batch, used);
      used += line.length;
    };
    let exported = 0;
    let outcome: ChainOutcome & { rows: number };
    try {
      const segment: Segment = { index: 0, chainId: chain.id, from: null, to: null, after: { seq: 0, hash: GENESIS_HASH } };
      const progress = (rows: number) => bar?.update((exported += rows));
      const merged = mergeSegments([await verifySegment(client, segment, { generalOnly: options.generalOnly, progress, line: append, paused: () => drain })], chain.head);
      outcome = { centreId: chain.id, code: chain.code, ...merged };
      flush();
      file.end();
      await written;
    } catch (error) {
      file.destroy();
      throw error;
    } finally {
      bar?.stop();
    }
    return { chain, outcome, records: outcome.rows, exportedAt };
  });

  const manifest: ExportManifest = {
    format: 'dues-custody-ledger audit export',
    formatVersion: 1,
    chainFormatVersion: CHAIN_FORMAT_VERSION,
    centre: { id: chain.id, code: chain.code, name: chain.name },
    recordCount: records,
    headSeq: chain.head?.seq ?? 0,
    headHash: chain.head?.hash ?? GENESIS_HASH,
    exportedAt,
    files: { records: EXPORT_FILES.records, verifier: EXPORT_FILES.verifier, readme: EXPORT_FILES.readme },
  };
  await writeFile(join(dir, EXPORT_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  await copyFile(verifierSource, join(dir, EXPORT_FILES.verifier));
  await writeFile(join(dir, EXPORT_FILES.readme), fillTemplate(readmeTemplate, manifest));
  const seconds = (performance.now() - started) / 1000;
  out(`wrote ${dir}: ${EXPORT_FILES.records} (${records} records), ${EXPORT_FILES.manifest}, ${EXPORT_FILES.verifier}, ${EXPORT_FILES.readme}`);
  report(out, chain, outcome, false);
  info(`exported ${records} records in ${seconds.toFixed(2)} s (${rate(records, seconds)} records/s)`);
  const { rows: _rows, ...chainOutcome } = outcome;
  return { exitCode: outcome.ok ? 0 : 1, dir, records, chain: chainOutcome, manifest, seconds };
}

function report(out: (line: string) => void, chain: Chain, outcome: ChainOutcome, named: boolean): void {
  const which = `${labelOf(chain)}, ${chain.id}`;
  if (outcome.ok) {
    out(`chain ok: ${outcome.recordsChecked} records, head ${outcome.headHash}${named ? ` (${which})` : ''}`);
    return;
  }
  const broken = outcome.firstBroken!;
  out(`chain broken: ${broken.reason} at seq ${broken.seq} (${which}): ${broken.message}`);
  if (broken.storedHash !== undefined || broken.expectedHash !== undefined) {
    out(`  stored ${broken.storedHash ?? '-'}, expected ${broken.expectedHash ?? '-'}`);
  }
}

function labelOf(chain: Chain): string {
  if (chain.id === PLATFORM_CHAIN) return 'platform';
  return chain.code ? `centre ${chain.code}` : 'no centre';
}

const rate = (records: number, seconds: number) => (seconds > 0 ? Math.round(records / seconds).toLocaleString('en') : '-');

/** Runs `work` in a REPEATABLE READ, READ ONLY transaction of its own connection, with the session COPY needs. */
async function withSnapshot<T>(dataSource: DataSource, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      for (const statement of TRAIL_COPY_SESSION) await client.query(statement);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** Every chain: those with a head and those with records (a head may have been removed); platform first, then by code. */
async function allChains(client: PoolClient): Promise<Chain[]> {
  const { rows } = await client.query<{ id: string; seq: string | null; hash: string | null; code: string | null; name: string | null }>(
    `WITH RECURSIVE with_records(id) AS (
       (SELECT centre_id FROM audit_record ORDER BY centre_id LIMIT 1)
       UNION ALL
       SELECT (SELECT r.centre_id FROM audit_record r WHERE r.centre_id > w.id ORDER BY r.centre_id LIMIT 1)
         FROM with_records w WHERE w.id IS NOT NULL
     ), ids AS (
       SELECT centre_id AS id FROM audit_chain_head UNION SELECT id FROM with_records WHERE id IS NOT NULL
     )
     SELECT ids.id::text AS id, h.seq, h.hash, c.code, c.name
       FROM ids LEFT JOIN audit_chain_head h ON h.centre_id = ids.id LEFT JOIN centre c ON c.id = ids.id
      ORDER BY ids.id <> $1::uuid, c.code NULLS LAST, ids.id`,
    [PLATFORM_CHAIN],
  );
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, head: r.seq === null ? null : { seq: Number(r.seq), hash: r.hash! } }));
}

/**
 * A centre's chain, by the centre's code or id; an id may also name a chain without a centre (the platform's,
 * 00000000-0000-0000-0000-000000000000).
 */
async function centreChain(client: PoolClient, centre: string): Promise<Chain> {
  const byId = UUID.test(centre);
  const id = byId ? centre.toLowerCase() : null;
  const { rows } = await client.query<{ id: string; code: string | null; name: string | null; seq: string | null; hash: string | null; records: boolean }>(
    `SELECT k.id::text AS id, c.code, c.name, h.seq, h.hash,
            EXISTS (SELECT 1 FROM audit_record r WHERE r.centre_id = k.id) AS records
       FROM (SELECT ${byId ? '$1::uuid' : '(SELECT id FROM centre WHERE code = upper($1))'} AS id) k
       LEFT JOIN centre c ON c.id = k.id LEFT JOIN audit_chain_head h ON h.centre_id = k.id
      WHERE k.id IS NOT NULL`,
    [id ?? centre],
  );
  const row = rows[0];
  if (!row || (row.code === null && row.seq === null && !row.records)) {
    throw new CliError(byId ? `no centre and no audit chain with id ${centre}` : `no centre with code ${centre}`);
  }
  // no head row: a chain without records yet, or one whose head was removed (its records show it)
  const head = row.seq !== null ? { seq: Number(row.seq), hash: row.hash! } : row.records ? null : { seq: 0, hash: GENESIS_HASH };
  return { id: row.id, code: row.code, name: row.name, head };
}

/**
 * A file of src/audit/standalone/, found from this module upwards: the same from src/cli/ (tests) and from
 * dist/src/cli/ (`npm run cli`), which tsc does not copy .mjs and .md files into.
 */
export function standaloneFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'src', 'audit', 'standalone', name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`src/audit/standalone/${name} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function fillTemplate(template: string, manifest: ExportManifest): string {
  const values: Record<string, string> = {
    centreCode: manifest.centre.code ?? (manifest.centre.id === PLATFORM_CHAIN ? 'platform' : '-'),
    centreName: manifest.centre.name ?? (manifest.centre.id === PLATFORM_CHAIN ? '平台链 the platform chain' : ''),
    centreId: manifest.centre.id,
    recordCount: String(manifest.recordCount),
    headSeq: String(manifest.headSeq),
    headHash: manifest.headHash,
    exportedAt: manifest.exportedAt,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
}
