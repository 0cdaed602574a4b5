/**
 * Audit verification benchmark (run on demand: `npm run bench:audit-verify`; never part of `npm test`). See
 * test/bench/README.md, "Audit verification".
 *
 * Fills a database of its own with one centre whose hash chain holds BENCH_AUDIT_RECORDS records (default 1,000,000),
 * generated in Node with the service's own `hashRecord` and loaded with COPY, then times
 *   - `audit verify --centre CODE`: the CLI's code path (runAuditVerify on the app's context), BENCH_AUDIT_RUNS times;
 *   - `audit export --centre CODE --out DIR`: the bundle;
 *   - `node verify.mjs` in the bundle: the standalone verifier an outside auditor runs;
 * and, when asked, the service's own GET …/audit/verify path (BENCH_AUDIT_SERVICE=1) and the CLI with every row on the
 * general path (BENCH_AUDIT_GENERAL=1). The last line printed is `audit verify: <s> s for <N> records (<r> records/s)`,
 * the best run.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { AppModule } from '../../src/app.module.js';
import { type AuditRecordContent, GENESIS_HASH, hashRecord } from '../../src/audit/chain.js';
import { AuditTrail } from '../../src/audit/index.js';
import { EXPORT_FILES, runAuditExport, runAuditVerify } from '../../src/cli/audit-command.js';
import { loadConfig } from '../../src/config/index.js';
import { runMigrations } from '../../src/database/index.js';
import { withClient } from '../support/test-database.js';
import { databaseUrl, startBenchServer } from './bench-server.js';

// ---- settings --------------------------------------------------------------------------------------------------

function numberEnv(name: string, fallback: number, min: number, integer = true): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${raw}"`);
  return value;
}
const flag = (name: string) => /^(1|true|yes)$/i.test(process.env[name] ?? '');

const RECORDS = numberEnv('BENCH_AUDIT_RECORDS', 1_000_000, 1);
const RUNS = numberEnv('BENCH_AUDIT_RUNS', 2, 1);
/** Share of records whose detail holds a quote or a backslash (escaped in jsonb): those take the general path. */
const ESCAPED = numberEnv('BENCH_AUDIT_ESCAPED', 0.01, 0, false);
const SKIP_EXPORT = flag('BENCH_AUDIT_SKIP_EXPORT');
/** Worker threads of `audit verify` (default: as the CLI, the cores up to 4). */
const THREADS = process.env.BENCH_AUDIT_THREADS ? numberEnv('BENCH_AUDIT_THREADS', 1, 1) : undefined;
const SERVICE = flag('BENCH_AUDIT_SERVICE');
const GENERAL = flag('BENCH_AUDIT_GENERAL');
const EMBEDDED_PORT = numberEnv('BENCH_PG_PORT', 54349, 1024);
/** Keep the database at the end (its name is printed); BENCH_AUDIT_DATABASE then reuses it without loading again. */
const KEEP = flag('BENCH_AUDIT_KEEP');
const REUSE = process.env.BENCH_AUDIT_DATABASE;
const LOAD_BATCH = 5000;
const CENTRE_CODE = 'BENCH-AUDIT';

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const thousands = (n: number) => Math.round(n).toLocaleString('en');

// ---- CPU accounting (Linux /proc; elsewhere the columns stay empty) ---------------------------------------------

const TICK_MS = 10; // USER_HZ

interface CpuSnapshot {
  self: number;
  machine: number;
}

function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const usage = process.cpuUsage();
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
    return { self: (usage.user + usage.system) / 1000, machine: busy * TICK_MS };
  } catch {
    return undefined;
  }
}

interface Timing {
  what: string;
  seconds: number;
  records: number;
  /** CPU seconds of this process and of everything else on the machine (PostgreSQL, a child, other work). */
  selfCpu?: number;
  otherCpu?: number;
  note?: string;
}

async function timed(what: string, records: number, work: () => Promise<string | undefined | void>): Promise<Timing> {
  const before = cpuSnapshot();
  const started = performance.now();
  const note = (await work()) ?? undefined;
  const seconds = (performance.now() - started) / 1000;
  const after = cpuSnapshot();
  const timing: Timing = { what, seconds, records, note };
  if (before && after) {
    timing.selfCpu = (after.self - before.self) / 1000;
    timing.otherCpu = Math.max(0, (after.machine - before.machine - (after.self - before.self)) / 1000);
  }
  log(`${what}: ${seconds.toFixed(2)} s (${thousands(records / seconds)} records/s)`);
  return timing;
}

// ---- generating the chain ----------------------------------------------------------------------------------------

/** A small deterministic generator (mulberry32), so two runs load the same trail. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * Records shaped like the service's: drafted, approved and posted entries with their lines, dues receipts, logins,
 * union changes, auditors' reads, refusals with their reasons (Chinese text in many), occurring a few seconds apart.
 */
function* trail(centreId: string, count: number): Generator<{ content: AuditRecordContent; hash: string }> {
  const next = random(20261126);
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const users = Array.from({ length: 12 }, (_, i) => ({
    id: uuid(),
    username: ['kuaiji', 'zhuguan', 'chuna', 'shenji', 'neishen', 'shehui'][i % 6] + (i > 5 ? i : ''),
    role: ['centre_accountant', 'centre_supervisor', 'centre_accountant', 'state_auditor', 'internal_auditor', 'social_auditor'][i % 6],
  }));
  const unions = Array.from({ length: 40 }, () => uuid());
  const enterprises = Array.from({ length: 200 }, () => uuid());
  const memos = ['收到拨缴经费', '职工活动支出', '困难职工帮扶', '工会经费上解', '银行手续费', '职工教育培训'];
  const money = () => `${Math.floor(next() * 100000)}.${String(Math.floor(next() * 100)).padStart(2, '0')}`;
  let prevHash = GENESIS_HASH;
  let time = Date.parse('2025-01-02T01:00:00.000Z');
  for (let seq = 1; seq <= count; seq += 1) {
    time += 1000 + Math.floor(next() * 30000);
    const user = pick(users);
    const kind = next();
    let action: string;
    let objectType: string | null = null;
    let objectId: string | null = null;
    let outcome: 'ok' | 'refused' = 'ok';
    let detail: Record<string, unknown>;
    if (kind < 0.35) {
      action = 'entry.create';
      objectType = 'entry';
      objectId = uuid();
      const union = pick(unions);
      const lines = [];
      for (let i = 0; i < 1 + Math.floor(next() * 3); i += 1) {
        const amount = money();
        lines.push({ unionId: union, accountCode: pick(['501', '502', '504', '40201']), debit: amount, credit: '0.00' }, { unionId: union, accountCode: '102', debit: '0.00', credit: amount });
      }
      detail = { after: { id: objectId, number: null, date: new Date(time).toISOString().slice(0, 10), memo: pick(memos), status: 'draft', lines } };
    } else if (kind < 0.5) {
      action = pick(['entry.approve', 'entry.post']);
      objectType = 'entry';
      objectId = uuid();
      detail = { before: { status: action === 'entry.post' ? 'approved' : 'draft' }, after: { status: action === 'entry.post' ? 'posted' : 'approved', number: `JZ2025-${String(seq % 1000000).padStart(6, '0')}` } };
    } else if (kind < 0.65) {
      action = 'dues-receipt.create';
      objectType = 'dues-receipt';
      objectId = uuid();
      detail = { after: { enterpriseId: pick(enterprises), amount: money(), channel: pick(['tax', 'enterprise']), receivedOn: new Date(time).toISOString().slice(0, 10), bankReference: `TAX-${seq}` } };
    } else if (kind < 0.75) {
      action = 'auth.login';
      objectType = 'user';
      objectId = user.id;
      detail = { clientAddress: `10.0.${Math.floor(next() * 255)}.${Math.floor(next() * 255)}` };
    } else if (kind < 0.84) {
      action = 'union.update';
      objectType = 'union';
      objectId = pick(unions);
      detail = { changes: { memberCount: [Math.floor(next() * 500), Math.floor(next() * 500)], chairName: ['张三', '李四'] } };
    } else if (kind < 0.9) {
      action = 'audit.read';
      objectType = 'request';
      detail = { method: 'GET', path: `/api/v1/centres/${centreId}/reports/trial-balance?from=2025-01&to=2025-12`, engagementIds: [uuid()] };
    } else {
      action = 'POST /api/v1/centres/:centreId/entries';
      outcome = 'refused';
      detail = {
        method: 'POST',
        path: `/api/v1/centres/${centreId}/entries`,
        status: 422,
        code: 'LEDGER.UNBALANCED_UNION',
        reason: `工会 ${pick(unions).slice(0, 8)} 的借贷不平衡：借方 ${money()}，贷方 ${money()}`,
        errors: [{ field: 'lines', message: '每个工会的借方合计必须等于贷方合计' }],
      };
    }
    if (next() < ESCAPED) detail.note = '摘要含 "引号" 与 \\ 反斜杠';
    const content: AuditRecordContent = {
      centreId,
      seq,
      prevHash,
      occurredAt: new Date(time + Math.floor(next() * 1000)).toISOString(),
      actorUserId: outcome === 'refused' && next() < 0.2 ? null : user.id,
      actorUsername: user.username,
      actorRole: user.role,
      action,
      objectType,
      objectId,
      outcome,
      requestId: `req-${seq.toString(36)}`,
      detail,
    };
    const hash = hashRecord(content);
    yield { content, hash };
    prevHash = hash;
  }
}

/**
 * COPY … FROM STDIN through node-postgres without pg-copy-streams: the Submittable interface (as src/cli/pg-copy-out.ts
 * for the other direction); `produce` gives the next chunk of rows, or null at the end.
 */
function copyIn(client: pg.Client, sql: string, produce: () => Buffer | null): Promise<void> {
  return new Promise((resolveCopy, rejectCopy) => {
    type Connection = { stream: NodeJS.WritableStream & { writableNeedDrain?: boolean }; query(text: string): void; sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void; sendCopyFail(message: string): void };
    const query = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: Connection) {
        const pump = () => {
          try {
            for (;;) {
              const chunk = produce();
              if (chunk === null) {
                connection.endCopyFrom();
                return;
              }
              connection.sendCopyFromChunk(chunk);
              if (connection.stream.writableNeedDrain) {
                connection.stream.once('drain', pump);
                return;
              }
            }
          } catch (error) {
            connection.sendCopyFail(error instanceof Error ? error.message : String(error));
          }
        };
        pump();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        resolveCopy();
      },
      handleError(error: Error) {
        rejectCopy(error);
      },
      handleCopyData() {},
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
    };
    client.query(query as unknown as pg.Submittable);
  });
}

async function load(url: string, centreId: string): Promise<{ seconds: number; head: string; bytes: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO centre (id, code, name, bank_account_no, bank_name) VALUES ($1, $2, '压测街道工会经费托管服务中心', '33050161672700001234', '中国建设银行杭州文新支行')`,
      [centreId, CENTRE_CODE],
    );
    // the records are valid links of one chain, written at once: the append trigger (one head update per row) is
    // switched off for the load, and the head written after it
    await client.query('ALTER TABLE audit_record DISABLE TRIGGER USER');
    const started = performance.now();
    const records = trail(centreId, RECORDS);
    let head = GENESIS_HASH;
    let loaded = 0;
    let bytes = 0;
    await copyIn(
      client,
      `COPY audit_record (centre_id, seq, prev_hash, occurred_at, actor_user_id, actor_username, actor_role, action, object_type, object_id, outcome, request_id, detail, hash) FROM STDIN`,
      () => {
        let text = '';
        for (let i = 0; i < LOAD_BATCH; i += 1) {
          const next = records.next();
          if (next.done) break;
          const c = next.value.content;
          text +=
            [c.centreId, c.seq, c.prevHash, c.occurredAt, c.actorUserId, c.actorUsername, c.actorRole, c.action, c.objectType, c.objectId, c.outcome, c.requestId, JSON.stringify(c.detail), next.value.hash]
              .map(copyText)
              .join('\t') + '\n';
          head = next.value.hash;
          loaded += 1;
        }
        if (text === '') return null;
        if (loaded % 100_000 < LOAD_BATCH) log(`loaded ${thousands(loaded)} of ${thousands(RECORDS)} records`);
        const chunk = Buffer.from(text, 'utf8');
        bytes += chunk.length;
        return chunk;
      },
    );
    await client.query('INSERT INTO audit_chain_head (centre_id, seq, hash) VALUES ($1, $2, $3)', [centreId, RECORDS, head]);
    await client.query('ALTER TABLE audit_record ENABLE TRIGGER USER');
    const seconds = (performance.now() - started) / 1000;
    log('VACUUM ANALYZE audit_record');
    await client.query('VACUUM ANALYZE audit_record');
    return { seconds, head, bytes };
  } finally {
    await client.end();
  }
}

// ---- main ----------------------------------------------------------------------------------------------------------

const startServer = () => startBenchServer(EMBEDDED_PORT, log);

function runStandalone(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [EXPORT_FILES.verifier], { cwd: dir, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      resolveRun({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function table(rows: Timing[]): string {
  const header = ['what', 'seconds', 'records/s', 'this process CPU s', 'rest of machine CPU s', 'note'];
  const cells = rows.map((r) => [
    r.what,
    r.seconds.toFixed(2),
    thousands(r.records / r.seconds),
    r.selfCpu === undefined ? '—' : r.selfCpu.toFixed(1),
    r.otherCpu === undefined ? '—' : r.otherCpu.toFixed(1),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const server = await startServer();
  const database = REUSE ?? `dcl_bench_${randomBytes(5).toString('hex')}`;
  if (!/^dcl_bench_[a-f0-9]+$/.test(database)) throw new Error('bad database name');
  const url = databaseUrl(server.adminUrl, database);
  const bundleRoot = mkdtempSync(join(tmpdir(), 'dcl-bench-audit-'));
  let app: INestApplicationContext | undefined;
  let created = false;
  const cleanup = async () => {
    await app?.close().catch(() => undefined);
    rmSync(bundleRoot, { recursive: true, force: true });
    if (created && KEEP) log(`keeping ${database} (BENCH_AUDIT_DATABASE=${database} reuses it)`);
    else if (created) {
      log(`dropping ${database}`);
      await withClient(server.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch((e: Error) => log(`drop failed: ${e.message}`));
    }
    await server.stop();
  };
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    log('interrupted; cleaning up');
    void cleanup().finally(() => process.exit(130));
  });

  const output: string[] = [];
  let headline = 'audit verify: n/a';
  try {
    let centreId: string;
    let loaded: { seconds: number; head: string; bytes: number };
    if (REUSE) {
      log(`reusing ${database}`);
      const head = await withClient(url, (c) =>
        c.query(`SELECT c.id, h.seq, h.hash, (SELECT avg(length(detail::text)) FROM audit_record WHERE centre_id = c.id AND seq <= 10000) AS detail
                   FROM centre c JOIN audit_chain_head h ON h.centre_id = c.id WHERE c.code = $1`, [CENTRE_CODE]),
      );
      const row = head.rows[0];
      if (!row || Number(row.seq) !== RECORDS) throw new Error(`${database} holds no chain of ${RECORDS} records for ${CENTRE_CODE}`);
      centreId = row.id;
      loaded = { seconds: Number.NaN, head: row.hash, bytes: Number.NaN };
    } else {
      log(`creating ${database} on the ${server.description} server`);
      await withClient(server.adminUrl, (c) => c.query(`CREATE DATABASE ${database} ENCODING 'UTF8' TEMPLATE template0`));
      created = true;
      await runMigrations(url);
      centreId = randomUUID();
      log(`generating and loading ${thousands(RECORDS)} chained records`);
      loaded = await load(url, centreId);
    }
    const settings = await withClient(url, async (c) => {
      const { rows } = await c.query(
        `SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS sb,
                pg_size_pretty(pg_total_relation_size('audit_record')) AS size`,
      );
      return rows[0] as { version: string; sb: string; size: string };
    });

    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: join(bundleRoot, 'data'), JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' }, []);
    app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: false });
    const quiet = { out: () => undefined, info: () => undefined };

    const timings: Timing[] = [];
    let line = '';
    let generalRows = 0;
    for (let run = 1; run <= RUNS; run += 1) {
      let lines: string[] = [];
      timings.push(
        await timed(`audit verify --centre (CLI code path), run ${run}`, RECORDS, async () => {
          lines = [];
          const result = await runAuditVerify(app!, { centre: CENTRE_CODE, threads: THREADS, ...quiet, out: (l) => lines.push(l) });
          if (result.exitCode !== 0) throw new Error(`verification failed: ${lines.join(' / ')}`);
          generalRows = result.chains[0].generalRows;
        }),
      );
      line = lines[0];
    }
    if (line !== `chain ok: ${RECORDS} records, head ${loaded.head}`) throw new Error(`unexpected verification output: ${line}`);
    if (GENERAL) {
      timings.push(
        await timed('audit verify --centre, every row on the general path', RECORDS, async () => {
          const result = await runAuditVerify(app!, { centre: CENTRE_CODE, generalOnly: true, ...quiet });
          if (result.exitCode !== 0) throw new Error('verification (general path) failed');
        }),
      );
    }
    if (SERVICE) {
      timings.push(
        await timed('AuditTrail.verify (GET …/audit/verify: batches of 1,000 rows as objects)', RECORDS, async () => {
          const result = await app!.get(AuditTrail).verify(centreId);
          if (!result.ok || result.headHash !== loaded.head) throw new Error('the service disagrees');
        }),
      );
    }
    if (!SKIP_EXPORT) {
      const dir = join(bundleRoot, 'bundle');
      timings.push(
        await timed('audit export --centre --out DIR', RECORDS, async () => {
          const result = await runAuditExport(app!, { centre: CENTRE_CODE, outDir: dir, ...quiet });
          if (result.exitCode !== 0) throw new Error('export: the chain is broken');
          return `${(statSync(join(dir, EXPORT_FILES.records)).size / 1e6).toFixed(0)} MB of JSON lines`;
        }),
      );
      timings.push(
        await timed('node verify.mjs (standalone, on the export)', RECORDS, async () => {
          const result = await runStandalone(dir);
          if (result.code !== 0 || result.stdout.trim() !== line) throw new Error(`standalone verifier: exit ${result.code}, ${result.stdout} ${result.stderr}`);
          return 'same line as the CLI';
        }),
      );
    }

    const cpu = cpus();
    output.push(
      `audit verification benchmark — ${thousands(RECORDS)} records in one centre's chain (${settings.size} table with indexes; ` +
        `${REUSE ? "" : `${(loaded.bytes / RECORDS).toFixed(0)} bytes of COPY text per record; `}${thousands(generalRows)} rows took the general path)`,
      `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}; PostgreSQL ${settings.version} ${server.description}, shared_buffers=${settings.sb}`,
      REUSE ? `reused ${database}` : `generated (hashRecord) and loaded (COPY) in ${loaded.seconds.toFixed(1)} s (${thousands(RECORDS / loaded.seconds)} records/s)`,
      '',
      table(timings),
      '',
      `  "rest of machine" is every other process (PostgreSQL, the standalone verifier's node, and whatever else runs); ${cpu.length} cores`,
    );
    const best = timings.filter((t) => t.what.startsWith('audit verify --centre (CLI')).sort((a, b) => a.seconds - b.seconds)[0];
    headline = `audit verify: ${best.seconds.toFixed(2)} s for ${thousands(RECORDS)} records (${thousands(RECORDS / best.seconds)} records/s)`;
  } finally {
    if (!interrupted) await cleanup();
  }
  process.stdout.write(`${output.join('\n')}\n\n${headline}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
