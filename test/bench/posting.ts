/**
 * Posting benchmark (run on demand: `npm run bench:posting`; never part of `npm test`). See test/bench/README.md.
 *
 * Measures entries per second of
 *   raw      the same entry (header row + lines) written with plain INSERTs into two bare tables, one transaction each
 *   service  LedgerService.postEntry inside AuditedWrite.run: how the other contexts post (guards, triggers, audit)
 *   http     POST /centres/:c/entries/:id/post of entries drafted and approved before the timer starts
 *   flow     the whole manual flow through HTTP: draft → approve (another user) → post, three requests per entry
 * for two-line and ten-line entries at several concurrencies, with entries spread over several centres and all in
 * one centre; then times the trial balance of a centre with 1,000 unions and 1,000,000 journal lines.
 *
 * The last line printed is `posting http/raw ratio: <ratio>` (HTTP posting ÷ raw, two-line entries, many centres,
 * concurrency 8).
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { type AuditActor, AuditedWrite } from '../../src/audit/index.js';
import { UsersService } from '../../src/auth/users.service.js';
import { money, ZERO } from '../../src/common/money.js';
import type { RequestContext } from '../../src/common/request-context.js';
import { loadConfig } from '../../src/config/index.js';
import { runMigrations } from '../../src/database/index.js';
import { type LineDraft, LedgerService, ReportsService } from '../../src/ledger/index.js';
import { withClient } from '../support/test-database.js';
import { databaseUrl, startBenchServer } from './bench-server.js';
import type { LoadRequest, LoadResult, Task } from './http-load.js';

// ---- settings --------------------------------------------------------------------------------------------------

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function listEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${name} must be a comma-separated list of positive integers`);
  return values;
}

const ENTRIES = intEnv('BENCH_ENTRIES', 2000);
const CONCURRENCIES = listEnv('BENCH_CONCURRENCY', [1, 8, 32]);
const SHAPES = listEnv('BENCH_LINES', [2, 10]).map((n) => {
  if (n !== 2 && n !== 10) throw new Error('BENCH_LINES takes 2 and/or 10');
  return n as Shape;
});
/** Shapes that also get the one-centre rows (all clients in one centre); only two-line by default, to keep the run short. */
const ONE_CENTRE_SHAPES = listEnv('BENCH_ONE_CENTRE_LINES', [2]);
const CENTRES = intEnv('BENCH_CENTRES', 8, 2);
const UNIONS_PER_CENTRE = intEnv('BENCH_UNIONS', 40, 5);
const FLOW_ENTRIES = intEnv('BENCH_FLOW_ENTRIES', Math.max(1, Math.floor(ENTRIES / 8)), 0);
const PREPARE: 'sql' | 'http' = process.env.BENCH_PREPARE === 'http' ? 'http' : 'sql';
const WARMUP = intEnv('BENCH_WARMUP', Math.min(100, ENTRIES), 0);
const SKIP_TB = /^(1|true|yes)$/i.test(process.env.BENCH_SKIP_TB ?? '');
const TB_LINES = intEnv('BENCH_TB_LINES', 1_000_000, 10);
const TB_UNIONS = intEnv('BENCH_TB_UNIONS', 1000);
const TB_RUNS = intEnv('BENCH_TB_RUNS', 7);
/** The raw baseline takes a second or two per cell, so a checkpoint or a neighbour's burst moves it: the median of a few runs. */
const RAW_RUNS = intEnv('BENCH_RAW_RUNS', 3);
/**
 * Lines per generation statement. Not larger: every posted entry of a transaction updates the centre's counter row
 * again, and each update walks the row's chain of versions made earlier in the same transaction (quadratic).
 */
const TB_BATCH_LINES = intEnv('BENCH_TB_BATCH_LINES', 10_000, 10);
/**
 * `off`: drop the row-level security policies and switch row-level security off on every table of the benchmark's own
 * database before the app starts (the service still logs in as `dcl_app`), to measure what the policies cost.
 */
const RLS_OFF = /^(0|off|false|no)$/i.test(process.env.BENCH_RLS ?? '');
const TB_WRITERS = intEnv('BENCH_TB_WRITERS', 1);
const EMBEDDED_PORT = intEnv('BENCH_PG_PORT', 54349, 1024);
/** The app's own pool size (src/database/data-source.ts): the raw baseline gets the same. */
const POOL_SIZE = 20;
const PERIOD = '2025-11';
const DATE = '2025-11-20';
const TB_YEAR = 2025;
const ADMIN_PASSWORD = 'admin-password-for-the-bench';
const PASSWORD = 'a-password-for-the-bench';

type Shape = 2 | 10;
type Layout = 'many' | 'one';
type Line = { unionId: string; accountCode: string; debit?: string; credit?: string };

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

// ---- measurements ----------------------------------------------------------------------------------------------

interface Measure {
  entries: number;
  ok: number;
  failures: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  samples: string[];
  /** CPU milliseconds per successful entry, when /proc is there to tell (Linux). */
  cpu?: CpuPerEntry;
}

/**
 * Where the CPU went while a measure ran, per entry: `app` the main thread of this process (the Nest server, the
 * service calls and the raw pg client), `client` the rest of this process (the HTTP load worker), `rest` every other
 * process of the machine — PostgreSQL, mostly, when nothing else runs.
 */
interface CpuPerEntry {
  app: number;
  client: number;
  rest: number;
}

interface CpuSnapshot {
  main: number;
  process: number;
  machine: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const main = (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
    const usage = process.cpuUsage();
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal
    const busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
    return { main, process: (usage.user + usage.system) / 1000, machine: busy * TICK_MS };
  } catch {
    return undefined;
  }
}

function cpuPerEntry(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, entries: number): CpuPerEntry | undefined {
  if (!before || !after || entries === 0) return undefined;
  const main = after.main - before.main;
  const proc = Math.max(main, after.process - before.process);
  const machine = Math.max(proc, after.machine - before.machine);
  return { app: main / entries, client: (proc - main) / entries, rest: (machine - proc) / entries };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function measure(entries: number, elapsedMs: number, latencies: number[], failures: number, samples: string[]): Measure {
  const sorted = latencies.filter((l) => Number.isFinite(l)).sort((a, b) => a - b);
  const ok = entries - failures;
  return { entries, ok, failures, elapsedMs, perSecond: ok / (elapsedMs / 1000), p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples };
}

/** Runs `count` tasks with `concurrency` in flight, in this thread. */
async function runPool(count: number, concurrency: number, task: (k: number) => Promise<unknown>): Promise<Measure> {
  const latencies = new Array<number>(count).fill(Number.NaN);
  const samples: string[] = [];
  let failures = 0;
  let next = 0;
  const cpuBefore = cpuSnapshot();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (;;) {
        const k = next;
        next += 1;
        if (k >= count) return;
        const t0 = performance.now();
        try {
          await task(k);
          latencies[k] = performance.now() - t0;
        } catch (error) {
          failures += 1;
          if (samples.length < 5) samples.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const result = measure(count, performance.now() - started, latencies, failures, samples);
  return { ...result, cpu: cpuPerEntry(cpuBefore, cpuSnapshot(), result.ok) };
}

/** The HTTP client in its worker thread. */
class HttpLoad {
  private readonly worker = new Worker(new URL('./http-load.js', import.meta.url));
  private runs = 0;
  private readonly waiting = new Map<number, (result: LoadResult) => void>();

  constructor(private readonly baseUrl: string) {
    this.worker.on('message', (result: LoadResult) => {
      this.waiting.get(result.runId)?.(result);
      this.waiting.delete(result.runId);
    });
    this.worker.on('error', (error) => log(`HTTP load worker failed: ${error.message}`));
  }

  async run(tasks: Task[], concurrency: number): Promise<{ measure: Measure; captured: Array<string | null> }> {
    this.runs += 1;
    const runId = this.runs;
    const done = new Promise<LoadResult>((resolve) => this.waiting.set(runId, resolve));
    const request: LoadRequest = { runId, baseUrl: this.baseUrl, concurrency, tasks };
    const cpuBefore = cpuSnapshot();
    this.worker.postMessage(request);
    const result = await done;
    const measured = measure(tasks.length, result.elapsedMs, result.latencies, result.failures, result.samples);
    return { measure: { ...measured, cpu: cpuPerEntry(cpuBefore, cpuSnapshot(), measured.ok) }, captured: result.captured };
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

// ---- the database server ---------------------------------------------------------------------------------------

const startServer = () => startBenchServer(EMBEDDED_PORT, log);


// ---- the app and its world -------------------------------------------------------------------------------------

interface Person {
  id: string;
  username: string;
  role: string;
  token: string;
}

interface BenchCentre {
  id: string;
  accountant: Person;
  supervisor: Person;
  unions: string[];
  actor: AuditActor;
}

class Api {
  constructor(readonly baseUrl: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, token: string | undefined, body: unknown, expect: number): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expect) throw new Error(`${method} ${path}: expected ${expect}, got ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async login(username: string, password: string): Promise<string> {
    const body = await this.call<{ accessToken: string }>('POST', '/auth/login', undefined, { username, password }, 200);
    return body.accessToken;
  }
}

async function startApp(url: string): Promise<{ app: INestApplication; api: Api; adminToken: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dcl-bench-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_PASSES: '1',
      LOGIN_ATTEMPTS_PER_WINDOW: '100000',
      LOGIN_ATTEMPTS_PER_ADDRESS: '1000000',
      DEMO_DATA: 'false',
    },
    [],
  );
  const app = await NestFactory.create(AppModule.register(config), { bufferLogs: true });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  await app.get(UsersService).bootstrapSystemAdmin(ADMIN_PASSWORD);
  const api = new Api(`http://127.0.0.1:${port}`);
  const adminToken = await api.login('admin', ADMIN_PASSWORD);
  return { app, api, adminToken, dataDir };
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  }
  return results;
}

async function newPerson(api: Api, adminToken: string, centreId: string, username: string, role: string): Promise<Person> {
  const user = await api.call<{ id: string }>(
    'POST',
    `/centres/${centreId}/users`,
    adminToken,
    { username, displayName: `压测 ${username}`, role, password: PASSWORD },
    201,
  );
  return { id: user.id, username, role, token: await api.login(username, PASSWORD) };
}

async function newCentre(api: Api, adminToken: string, index: number, unions: number, period: string | null): Promise<BenchCentre> {
  const code = `BENCH-${index}`;
  const centre = await api.call<{ id: string }>(
    'POST',
    '/centres',
    adminToken,
    { code, name: `压测工会经费托管服务中心 ${code}`, bankAccountNo: `62220000${String(index).padStart(8, '0')}`, bankName: '压测银行' },
    201,
  );
  const accountant = await newPerson(api, adminToken, centre.id, `bench-acct-${index}`, 'centre_accountant');
  const supervisor = await newPerson(api, adminToken, centre.id, `bench-sup-${index}`, 'centre_supervisor');
  const unionIds = await inBatches(Array.from({ length: unions }, (_, i) => i), 8, async (i) => {
    const union = await api.call<{ id: string }>(
      'POST',
      `/centres/${centre.id}/unions`,
      accountant.token,
      { code: `B${index}-U${i}`, name: `压测工会 ${index}-${i}`, kind: 'grassroots', memberCount: 20 },
      201,
    );
    return union.id;
  });
  if (period) await api.call('POST', `/centres/${centre.id}/periods`, accountant.token, { period }, 201);
  const actor: AuditActor = { userId: accountant.id, username: accountant.username, role: accountant.role, requestId: null };
  return { id: centre.id, accountant, supervisor, unions: unionIds, actor };
}

/** Prepared, approved by the other person, posted: the manual flow, for seeding. */
async function postManual(api: Api, centre: BenchCentre, memo: string, lines: Line[]): Promise<void> {
  const base = `/centres/${centre.id}/entries`;
  const draft = await api.call<{ id: string }>('POST', base, centre.accountant.token, { date: DATE, memo, lines }, 201);
  await api.call('POST', `${base}/${draft.id}/approve`, centre.supervisor.token, {}, 200);
  await api.call('POST', `${base}/${draft.id}/post`, centre.accountant.token, {}, 200);
}

// ---- the entries ---------------------------------------------------------------------------------------------------

const SPENDING_ACCOUNTS = ['501', '502', '503', '504', '508'];

/** The amount of the k-th entry: 1.00 to 97.99, never zero. */
const amountOf = (k: number, j = 0) => `${1 + ((k + 7 * j) % 97)}.${String((k * 13 + j) % 100).padStart(2, '0')}`;

/**
 * The k-th entry: spending from the unions' bank sub-balances (the cash guard locks them), balanced per union.
 * Two lines: Dr 501 / Cr 102 of one union. Ten lines: five unions, each Dr 50x / Cr 102.
 */
function entryFor(shape: Shape, layout: Layout, centres: BenchCentre[], k: number): { centre: BenchCentre; lines: Line[] } {
  const centre = layout === 'one' ? centres[0] : centres[k % centres.length];
  const local = layout === 'one' ? k : Math.floor(k / centres.length);
  const unions = centre.unions;
  const lines: Line[] = [];
  if (shape === 2) {
    const unionId = unions[local % unions.length];
    const amount = amountOf(k);
    lines.push({ unionId, accountCode: '501', debit: amount }, { unionId, accountCode: '102', credit: amount });
  } else {
    for (let j = 0; j < 5; j += 1) {
      const unionId = unions[(local * 5 + j) % unions.length];
      const amount = amountOf(k, j);
      lines.push({ unionId, accountCode: SPENDING_ACCOUNTS[j], debit: amount }, { unionId, accountCode: '102', credit: amount });
    }
  }
  return { centre, lines };
}

const toDraft = (line: Line): LineDraft => ({
  unionId: line.unionId,
  accountCode: line.accountCode,
  debit: line.debit !== undefined ? money(line.debit) : ZERO,
  credit: line.credit !== undefined ? money(line.credit) : ZERO,
});

// ---- the three ways to post ------------------------------------------------------------------------------------

interface Bench {
  app: INestApplication;
  api: Api;
  http: HttpLoad;
  raw: pg.Pool;
  centres: BenchCentre[];
  accountIds: Map<string, string>;
}

async function createRawTables(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE bench_raw_entry (
      id uuid PRIMARY KEY, centre_id uuid, entry_date date, status text, source text, memo text, posted_by uuid,
      posted_at timestamptz DEFAULT now());
    CREATE TABLE bench_raw_line (
      entry_id uuid, line_no integer, union_id uuid, account_id uuid, debit numeric(18,2), credit numeric(18,2),
      PRIMARY KEY (entry_id, line_no));`);
}

function postRaw(b: Bench, shape: Shape, layout: Layout, count: number, concurrency: number): Promise<Measure> {
  return runPool(count, concurrency, async (k) => {
    const { centre, lines } = entryFor(shape, layout, b.centres, k);
    const id = randomUUID();
    const client = await b.raw.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO bench_raw_entry (id, centre_id, entry_date, status, source, memo, posted_by) VALUES ($1, $2, $3, 'posted', 'spending', $4, $5)`,
        [id, centre.id, DATE, `压测支出 ${k}`, centre.accountant.id],
      );
      await client.query(
        `INSERT INTO bench_raw_line (entry_id, line_no, union_id, account_id, debit, credit)
         SELECT $1::uuid, * FROM unnest($2::int[], $3::uuid[], $4::uuid[], $5::numeric[], $6::numeric[])`,
        [
          id,
          lines.map((_, i) => i + 1),
          lines.map((l) => l.unionId),
          lines.map((l) => b.accountIds.get(l.accountCode)),
          lines.map((l) => l.debit ?? '0'),
          lines.map((l) => l.credit ?? '0'),
        ],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}

function postService(b: Bench, shape: Shape, layout: Layout, count: number, concurrency: number): Promise<Measure> {
  const ledger = b.app.get(LedgerService);
  const write = b.app.get(AuditedWrite);
  return runPool(count, concurrency, (k) => {
    const { centre, lines } = entryFor(shape, layout, b.centres, k);
    return write.run(centre.actor, async (manager) => {
      const { entry, audit } = await ledger.postEntry(manager, centre.actor, {
        centreId: centre.id,
        date: DATE,
        memo: `压测支出 ${k}`,
        source: 'spending',
        lines: lines.map(toDraft),
      });
      return { result: entry, audit };
    });
  });
}

const draftTask = (centre: BenchCentre, lines: Line[], k: number): Task['steps'][number] => ({
  method: 'POST',
  path: `/api/v1/centres/${centre.id}/entries`,
  token: centre.accountant.token,
  body: { date: DATE, memo: `压测支出 ${k}`, lines },
  expect: 201,
  captureId: true,
});

/**
 * Writes `entries` as approved manual entries (prepared by the accountant, approved by the supervisor) straight into
 * the journal: exactly the rows `createDraft` and `approve` leave (lines, then the entry row with status approved),
 * without their audit records, which posting does not read. Much faster than three requests per entry.
 */
async function stageApproved(b: Bench, entries: Array<{ centre: BenchCentre; lines: Line[] }>, memo: (k: number) => string): Promise<string[]> {
  const ids = entries.map(() => randomUUID());
  const { year, month } = { year: Number(PERIOD.slice(0, 4)), month: Number(PERIOD.slice(5, 7)) };
  const client = await b.raw.connect();
  try {
    await client.query('BEGIN');
    const lines = entries.flatMap(({ centre, lines: entryLines }, k) => entryLines.map((line, i) => ({ centre, id: ids[k], no: i + 1, line })));
    await client.query(
      `INSERT INTO journal_line (centre_id, entry_id, line_no, union_id, account_id, debit, credit)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[], $5::uuid[], $6::numeric[], $7::numeric[])`,
      [
        lines.map((l) => l.centre.id),
        lines.map((l) => l.id),
        lines.map((l) => l.no),
        lines.map((l) => l.line.unionId),
        lines.map((l) => b.accountIds.get(l.line.accountCode)),
        lines.map((l) => l.line.debit ?? '0'),
        lines.map((l) => l.line.credit ?? '0'),
      ],
    );
    await client.query(
      `INSERT INTO journal_entry (centre_id, id, year, month, entry_date, status, source, memo, prepared_by, approved_by, approved_at)
       SELECT centre_id, id, $1, $2, $3, 'approved', 'manual', memo, prepared_by, approved_by, now()
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::uuid[]) AS e(centre_id, id, memo, prepared_by, approved_by)`,
      [
        year,
        month,
        DATE,
        entries.map((e) => e.centre.id),
        ids,
        entries.map((_, k) => memo(k)),
        entries.map((e) => e.centre.accountant.id),
        entries.map((e) => e.centre.supervisor.id),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return ids;
}

/**
 * HTTP posting: the entries are drafted and approved before the timer starts (staged with SQL, or with PREPARE=http
 * through the API, when the drafting and approving rates are measured too), then only the posting requests are timed.
 */
async function postHttp(b: Bench, shape: Shape, layout: Layout, count: number, concurrency: number, prepare: 'sql' | 'http') {
  const entries = Array.from({ length: count }, (_, k) => entryFor(shape, layout, b.centres, k));
  let ids: string[];
  let draft: Measure | undefined;
  let approve: Measure | undefined;
  if (prepare === 'sql') {
    ids = await stageApproved(b, entries, (k) => `压测支出 ${k}`);
  } else {
    const drafted = await b.http.run(
      entries.map(({ centre, lines }, k) => ({ steps: [draftTask(centre, lines, k)] })),
      concurrency,
    );
    if (drafted.measure.failures > 0) throw new Error(`drafting failed: ${drafted.measure.samples.join(' | ')}`);
    ids = drafted.captured as string[];
    const approved = await b.http.run(
      entries.map(({ centre }, k) => ({
        steps: [{ method: 'POST', path: `/api/v1/centres/${centre.id}/entries/${ids[k]}/approve`, token: centre.supervisor.token, body: {}, expect: 200 }],
      })),
      concurrency,
    );
    if (approved.measure.failures > 0) throw new Error(`approving failed: ${approved.measure.samples.join(' | ')}`);
    draft = drafted.measure;
    approve = approved.measure;
  }
  const posted = await b.http.run(
    entries.map(({ centre }, k) => ({
      steps: [{ method: 'POST', path: `/api/v1/centres/${centre.id}/entries/${ids[k]}/post`, token: centre.accountant.token, body: {}, expect: 200 }],
    })),
    concurrency,
  );
  return { draft, approve, post: posted.measure };
}

/** The whole manual flow per entry, interleaved: each client drafts, has it approved, posts, then takes the next. */
async function postFlow(b: Bench, shape: Shape, layout: Layout, count: number, concurrency: number): Promise<Measure> {
  const tasks: Task[] = Array.from({ length: count }, (_, k) => {
    const { centre, lines } = entryFor(shape, layout, b.centres, k);
    const base = `/api/v1/centres/${centre.id}/entries`;
    return {
      steps: [
        draftTask(centre, lines, k),
        { method: 'POST', path: `${base}/{id}/approve`, token: centre.supervisor.token, body: {}, expect: 200 },
        { method: 'POST', path: `${base}/{id}/post`, token: centre.accountant.token, body: {}, expect: 200 },
      ],
    };
  });
  return (await b.http.run(tasks, concurrency)).measure;
}

// ---- the trial balance of a large centre -------------------------------------------------------------------------

interface TrialBalanceResult {
  unions: number;
  lines: number;
  entries: number;
  generateSeconds: number;
  periodBalanceRows: number;
  httpYearMs: number;
  serviceYearMs: number;
  httpMonthMs: number;
  journalAggregateMs: number;
  balanced: boolean;
  rows: number;
}

const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; last: T }> {
  let last = await work(); // warm-up, not counted
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    last = await work();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

/**
 * Ten-line entries of one union each, written straight into journal_line and journal_entry (lines first, then the
 * entries as posted: the statement triggers move ledger_balance and period_balance, the deferred trigger checks
 * each entry at commit). Every entry raises the union's bank balance (receipt 1000–1499, spendings at most 647),
 * so cash never goes below zero. Entries are spread over the twelve months of the year.
 */
async function trialBalance(b: Bench, url: string, adminToken: string): Promise<TrialBalanceResult> {
  const lineTemplate: Array<[code: string, debit: boolean, base: number, spread: number]> = [
    ['102', true, 1000, 500], ['40201', false, 1000, 500], // 收到拨缴经费
    ['501', true, 100, 300], ['102', false, 100, 300], // 职工活动支出
    ['502', true, 50, 200], ['102', false, 50, 200], // 职工服务支出
    ['504', true, 30, 70], ['211', false, 30, 70], // 业务支出, owed upwards
    ['131', true, 10, 90], ['403', false, 10, 90], // 上级补助 receivable
  ];
  const perEntry = lineTemplate.length;
  const entries = Math.floor(TB_LINES / perEntry);
  const lines = entries * perEntry;
  const entriesPerBatch = Math.max(1, Math.floor(TB_BATCH_LINES / perEntry));

  log(`trial balance: a centre with ${TB_UNIONS} unions and ${lines.toLocaleString('en')} lines (${entries.toLocaleString('en')} entries)`);
  const centre = await newCentre(b.api, adminToken, 9999, 0, null);
  for (let month = 1; month <= 12; month += 1) {
    await b.api.call('POST', `/centres/${centre.id}/periods`, centre.accountant.token, { period: `${TB_YEAR}-${String(month).padStart(2, '0')}` }, 201);
  }
  const pool = new pg.Pool({ connectionString: url, max: TB_WRITERS + 1 });
  try {
    await pool.query(
      `INSERT INTO trade_union (centre_id, id, code, name, kind, member_count)
       SELECT $1, gen_random_uuid(), 'TB-' || lpad(g::text, 5, '0'), '试算平衡压测工会 ' || g, 'grassroots', 30 FROM generate_series(1, $2) g`,
      [centre.id, TB_UNIONS],
    );
    const { rows: unionRows } = await pool.query<{ id: string }>('SELECT id FROM trade_union WHERE centre_id = $1 ORDER BY code', [centre.id]);
    const unionIds = unionRows.map((r) => r.id);
    const params = {
      accounts: lineTemplate.map(([code]) => b.accountIds.get(code)),
      debits: lineTemplate.map(([, debit]) => debit),
      bases: lineTemplate.map(([, , base]) => base),
      spreads: lineTemplate.map(([, , , spread]) => spread),
    };

    // With BENCH_TB_WRITERS > 1 batches go to several connections at once: one writes its lines while another numbers
    // its entries (the centre's counter row is locked from a batch's entries to its commit, so entries take turns).
    // On two cores it gains nothing, hence one by default.
    const batches: Array<[first: number, last: number]> = [];
    for (let first = 0; first < entries; first += entriesPerBatch) batches.push([first, Math.min(entries, first + entriesPerBatch) - 1]);
    const spent = { lines: 0, entries: 0, commit: 0 };
    const reportEvery = Math.max(1, Math.round(batches.length / 10));
    let done = 0;
    let nextBatch = 0;
    const started = performance.now();
    const writer = async () => {
      for (;;) {
        const index = nextBatch;
        nextBatch += 1;
        if (index >= batches.length) return;
        const [first, last] = batches[index];
        const client = await pool.connect();
        try {
          let t0 = performance.now();
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO journal_line (centre_id, entry_id, line_no, union_id, account_id, debit, credit)
             SELECT $1::uuid, md5($1::text || ':' || g)::uuid, t.line_no, ($2::uuid[])[1 + g % cardinality($2::uuid[])], t.account_id,
                    CASE WHEN t.is_debit THEN (t.base + g % t.spread)::numeric(18,2) ELSE 0 END,
                    CASE WHEN t.is_debit THEN 0 ELSE (t.base + g % t.spread)::numeric(18,2) END
               FROM generate_series($3::int, $4::int) g
              CROSS JOIN unnest($5::uuid[], $6::boolean[], $7::int[], $8::int[]) WITH ORDINALITY AS t(account_id, is_debit, base, spread, line_no)`,
            [centre.id, unionIds, first, last, params.accounts, params.debits, params.bases, params.spreads],
          );
          spent.lines += performance.now() - t0;
          t0 = performance.now();
          await client.query(
            `INSERT INTO journal_entry (centre_id, id, year, month, entry_date, status, source, memo, prepared_by, posted_by)
             SELECT $1::uuid, md5($1::text || ':' || g)::uuid, $5::int, m.month, make_date($5::int, m.month, 1 + g % 28), 'posted',
                    'dues_receipt', '试算平衡压测 ' || g, $2::uuid, $2::uuid
               FROM generate_series($3::int, $4::int) g
              CROSS JOIN LATERAL (SELECT 1 + (g::bigint * 12 / $6::int)::int AS month) m
              ORDER BY g`,
            [centre.id, centre.accountant.id, first, last, TB_YEAR, entries],
          );
          spent.entries += performance.now() - t0;
          t0 = performance.now();
          await client.query('COMMIT');
          spent.commit += performance.now() - t0;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
        done += 1;
        if (done % reportEvery === 0 || done === batches.length) {
          const written = Math.min(lines, done * entriesPerBatch * perEntry);
          const seconds = (performance.now() - started) / 1000;
          const sec = (value: number) => `${(value / 1000).toFixed(1)} s`;
          log(
            `  ${written.toLocaleString('en')} / ${lines.toLocaleString('en')} lines (${seconds.toFixed(1)} s, ${Math.round(written / seconds).toLocaleString('en')} lines/s; ` +
              `summed over writers: lines ${sec(spent.lines)}, entries ${sec(spent.entries)}, commits ${sec(spent.commit)})`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: TB_WRITERS }, writer));
    const generateSeconds = (performance.now() - started) / 1000;
    log('  ANALYZE');
    await pool.query('ANALYZE journal_line, journal_entry, period_balance, ledger_balance');
    const [{ count: periodBalanceRows }] = (await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM period_balance WHERE centre_id = $1', [centre.id])).rows;

    log(`  timing the trial balance (median of ${TB_RUNS})`);
    const path = `/centres/${centre.id}/reports/trial-balance`;
    const year = await timed(TB_RUNS, () =>
      b.api.call<{ balanced: boolean; rows: unknown[] }>('GET', `${path}?from=${TB_YEAR}-01&to=${TB_YEAR}-12`, centre.accountant.token, undefined, 200),
    );
    const month = await timed(TB_RUNS, () => b.api.call('GET', `${path}?from=${TB_YEAR}-12&to=${TB_YEAR}-12`, centre.accountant.token, undefined, 200));
    const reports = b.app.get(ReportsService);
    const ctx: RequestContext = {
      principal: { userId: centre.accountant.id, username: centre.accountant.username, role: 'centre_accountant', centreId: centre.id, unionId: null, enterpriseId: null },
      requestId: 'bench',
    };
    const service = await timed(TB_RUNS, () => reports.trialBalance(ctx, centre.id, `${TB_YEAR}-01`, `${TB_YEAR}-12`));
    // for scale: the same sums read from the journal instead of the kept balances
    const journal = await timed(Math.min(TB_RUNS, 3), () =>
      pool.query(
        `SELECT l.account_id, sum(l.debit), sum(l.credit) FROM journal_line l
           JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
          WHERE l.centre_id = $1 AND e.status = 'posted' AND e.year = $2 GROUP BY l.account_id`,
        [centre.id, TB_YEAR],
      ),
    );
    return {
      unions: TB_UNIONS,
      lines,
      entries,
      generateSeconds,
      periodBalanceRows,
      httpYearMs: year.ms,
      serviceYearMs: service.ms,
      httpMonthMs: month.ms,
      journalAggregateMs: journal.ms,
      balanced: year.last.balanced && service.last.balanced,
      rows: year.last.rows.length,
    };
  } finally {
    await pool.end();
  }
}

// ---- checks after the run ------------------------------------------------------------------------------------------

async function checkBooks(b: Bench): Promise<string> {
  const { rows: numbering } = await b.raw.query<{ centre_id: string; posted: number; last: number }>(
    `SELECT centre_id, count(*)::int AS posted, max(number)::int AS last FROM journal_entry WHERE status = 'posted' GROUP BY centre_id`,
  );
  const gaps = numbering.filter((r) => r.posted !== r.last);
  const posted = numbering.reduce((sum, r) => sum + r.posted, 0);
  const { rows: unposted } = await b.raw.query<{ count: number }>(`SELECT count(*)::int AS count FROM journal_entry WHERE status <> 'posted'`);
  const { rows: unbalanced } = await b.raw.query(
    'SELECT centre_id, union_id FROM ledger_balance GROUP BY centre_id, union_id HAVING sum(balance) <> 0',
  );
  const { rows: overdrawn } = await b.raw.query('SELECT 1 FROM ledger_balance WHERE is_cash AND balance < 0');
  const centre = b.centres[0];
  const t0 = performance.now();
  const verify = await b.api.call<{ ok: boolean; recordsChecked?: number; checked?: number }>(
    'GET',
    `/centres/${centre.id}/audit/verify`,
    centre.supervisor.token,
    undefined,
    200,
  );
  const verifyMs = performance.now() - t0;
  const [{ count: records }] = (await b.raw.query<{ count: number }>('SELECT count(*)::int AS count FROM audit_record WHERE centre_id = $1', [centre.id])).rows;
  const problems = [
    gaps.length ? `numbering gaps in ${gaps.length} centres` : '',
    unposted[0].count ? `${unposted[0].count} entries left unposted` : '',
    unbalanced.length ? `${unbalanced.length} unions do not balance` : '',
    overdrawn.length ? `${overdrawn.length} cash balances below zero` : '',
    verify.ok ? '' : 'audit chain of centre 0 does not verify',
  ].filter(Boolean);
  const summary =
    `${posted.toLocaleString('en')} posted entries in ${numbering.length} centres; numbers gapless, every union balances, no cash below zero; ` +
    `audit chain of centre 0 (${records.toLocaleString('en')} records) verified in ${Math.round(verifyMs)} ms`;
  if (problems.length) return `PROBLEMS: ${problems.join('; ')}`;
  return summary;
}

// ---- output ------------------------------------------------------------------------------------------------------

interface Cell {
  shape: Shape;
  layout: Layout;
  concurrency: number;
  raw: Measure;
  service: Measure;
  http: Measure;
  draft?: Measure;
  approve?: Measure;
}

const rate = (m?: Measure) => {
  if (!m) return '—';
  const value = m.perSecond >= 100 ? Math.round(m.perSecond).toLocaleString('en') : m.perSecond.toFixed(1);
  return m.failures ? `${value} (${m.failures} failed)` : value;
};
const ratioText = (ratio: number) => (!Number.isFinite(ratio) ? 'n/a' : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2));
const ratio = (m: Measure | undefined, base: Measure | undefined) => (m && base ? ratioText(m.perSecond / base.perSecond) : '—');
const ms = (value: number) => (!Number.isFinite(value) ? '—' : value >= 100 ? Math.round(value).toString() : value.toFixed(1));
const latency = (m?: Measure) => (m ? `${ms(m.p50)} / ${ms(m.p99)}` : '—');

function table(header: string[], rows: string[][], rightAligned = (i: number) => i > 0): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const layoutText = (layout: Layout) => (layout === 'many' ? `${CENTRES} centres` : 'one centre');

// ---- main --------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const output: string[] = [];
  let headline = 'posting http/raw ratio: n/a';
  const server = await startServer();
  const database = `dcl_bench_${randomBytes(5).toString('hex')}`;
  if (!/^dcl_bench_[a-f0-9]+$/.test(database)) throw new Error('bad database name');
  const url = databaseUrl(server.adminUrl, database);
  let bench: Bench | undefined;
  let dataDir: string | undefined;
  let created = false;
  const cleanup = async () => {
    await bench?.http.close().catch(() => undefined);
    await bench?.raw.end().catch(() => undefined);
    await bench?.app.close().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (created) {
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

  try {
    log(`creating ${database} on the ${server.description} server`);
    await withClient(server.adminUrl, (c) => c.query(`CREATE DATABASE ${database} ENCODING 'UTF8' TEMPLATE template0`));
    created = true;
    await runMigrations(url);
    if (RLS_OFF) {
      log('BENCH_RLS=off: dropping the row-level security policies of this database');
      await withClient(url, (c) => c.query(`
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT polrelid::regclass AS rel, polname FROM pg_policy LOOP
    EXECUTE format('DROP POLICY %I ON %s', t.polname, t.rel);
  END LOOP;
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity LOOP
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t.relname);
  END LOOP;
END $$`));
    }
    const started = await startApp(url);
    dataDir = started.dataDir;
    const raw = new pg.Pool({ connectionString: url, max: POOL_SIZE });
    const { rows: settings } = await raw.query<{ version: string; sc: string; fsync: string; sb: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fsync,
              current_setting('shared_buffers') AS sb`,
    );
    await createRawTables(raw);
    const { rows: roles } = await raw.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND usename <> current_user`,
    );
    const appRole = roles.map((r) => r.usename).join(', ') || 'the owner';
    const accountIds = new Map((await raw.query<{ code: string; id: string }>('SELECT code, id FROM account WHERE centre_id IS NULL')).rows.map((r) => [r.code, r.id]));

    log(`creating ${CENTRES} centres with ${UNIONS_PER_CENTRE} unions each through the API`);
    const centres: BenchCentre[] = [];
    for (let i = 0; i < CENTRES; i += 1) centres.push(await newCentre(started.api, started.adminToken, i, UNIONS_PER_CENTRE, PERIOD));
    log('seeding every union’s bank balance with a receipt (one manual entry per centre)');
    await Promise.all(
      centres.map((centre) =>
        postManual(
          started.api,
          centre,
          '收到拨缴经费（压测期初）',
          centre.unions.flatMap((unionId) => [
            { unionId, accountCode: '102', debit: '100000000.00' },
            { unionId, accountCode: '40201', credit: '100000000.00' },
          ]),
        ),
      ),
    );
    bench = { app: started.app, api: started.api, http: new HttpLoad(started.api.baseUrl), raw, centres, accountIds };
    const b = bench;

    const cpu = cpus();
    output.push(
      `posting benchmark — ${ENTRIES.toLocaleString('en')} entries per cell (flow: ${FLOW_ENTRIES.toLocaleString('en')}), ` +
        `${CENTRES} centres × ${UNIONS_PER_CENTRE} unions, spending entries (Dr 50x / Cr 102)`,
      `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}; PostgreSQL ${settings[0].version} ${server.description}, ` +
        `synchronous_commit=${settings[0].sc}, fsync=${settings[0].fsync}, shared_buffers=${settings[0].sb}; pools of ${POOL_SIZE} connections`,
      `the service logs in as ${appRole}; row-level security ${RLS_OFF ? 'OFF (BENCH_RLS=off: policies dropped)' : 'on'}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      '',
    );

    if (WARMUP > 0) {
      log(`warming up (${WARMUP} entries each way)`);
      await postRaw(b, 2, 'many', WARMUP, 4);
      await postService(b, 2, 'many', WARMUP, 4);
      await postHttp(b, 2, 'many', WARMUP, 4, PREPARE);
    }

    const cells: Cell[] = [];
    for (const shape of SHAPES) {
      for (const layout of ['many', 'one'] as Layout[]) {
        for (const concurrency of CONCURRENCIES) {
          // one client posts into one centre at a time whatever the layout: the "one centre" row would repeat it
          if (layout === 'one' && (concurrency === 1 || !ONE_CENTRE_SHAPES.includes(shape))) continue;
          const name = `${shape}-line, ${layoutText(layout)}, concurrency ${concurrency}`;
          log(`${name}: raw`);
          const rawRuns: Measure[] = [];
          for (let run = 0; run < RAW_RUNS; run += 1) rawRuns.push(await postRaw(b, shape, layout, ENTRIES, concurrency));
          const rawMeasure = rawRuns.sort((x, y) => x.perSecond - y.perSecond)[Math.floor(rawRuns.length / 2)];
          log(`${name}: service (${rate(rawMeasure)} raw/s)`);
          const serviceMeasure = await postService(b, shape, layout, ENTRIES, concurrency);
          log(`${name}: HTTP posting (${rate(serviceMeasure)} service/s; preparing the approved entries with ${PREPARE})`);
          const http = await postHttp(b, shape, layout, ENTRIES, concurrency, PREPARE);
          log(`${name}: ${rate(http.post)} HTTP posts/s`);
          for (const m of [rawMeasure, serviceMeasure, http.post]) if (m.failures) log(`  failures: ${m.samples.join(' | ')}`);
          cells.push({ shape, layout, concurrency, raw: rawMeasure, service: serviceMeasure, http: http.post, draft: http.draft, approve: http.approve });
        }
      }
    }

    const flows: Array<{ concurrency: number; flow: Measure; raw?: Measure }> = [];
    if (FLOW_ENTRIES > 0 && SHAPES.includes(2 as Shape)) {
      for (const concurrency of CONCURRENCIES) {
        log(`full manual flow, 2-line, ${layoutText('many')}, concurrency ${concurrency}`);
        const flow = await postFlow(b, 2, 'many', FLOW_ENTRIES, concurrency);
        if (flow.failures) log(`  failures: ${flow.samples.join(' | ')}`);
        flows.push({ concurrency, flow, raw: cells.find((c) => c.shape === 2 && c.layout === 'many' && c.concurrency === concurrency)?.raw });
      }
    }

    log('checking the books');
    const checks = await checkBooks(b);

    let tb: TrialBalanceResult | undefined;
    if (!SKIP_TB) tb = await trialBalance(b, url, started.adminToken);

    // ---- report ----
    output.push(
      `Posting, entries per second (×raw = ratio to the raw baseline of the same row, raw = median of ${RAW_RUNS} runs; latency p50 / p99 in ms per entry)`,
      `  http = POST …/entries/:id/post of entries drafted and approved beforehand (${PREPARE === 'sql' ? 'staged with SQL' : 'through the API'}, not timed);` +
        (cells.some((c) => c.layout === 'one')
          ? ` one centre = every client posts into the same centre (at concurrency 1 it would be the same as many centres)`
          : ''),
    );
    output.push(
      table(
        ['lines', 'layout', 'conc', 'raw e/s', 'service e/s', '×raw', 'http post e/s', '×raw', 'http p50/p99 ms', 'svc p50/p99 ms', 'draft e/s', 'approve e/s'].slice(
          0,
          PREPARE === 'http' ? 12 : 10,
        ),
        cells.map((c) => [
          String(c.shape),
          layoutText(c.layout),
          String(c.concurrency),
          rate(c.raw),
          rate(c.service),
          ratio(c.service, c.raw),
          rate(c.http),
          ratio(c.http, c.raw),
          latency(c.http),
          latency(c.service),
          rate(c.draft),
          rate(c.approve),
        ].slice(0, PREPARE === 'http' ? 12 : 10)),
        (i) => i !== 1,
      ),
    );
    if (cells.some((c) => c.http.cpu)) {
      const cpuOf = (m: Measure, part: keyof CpuPerEntry) => (m.cpu ? m.cpu[part].toFixed(2) : '—');
      output.push(
        '',
        'CPU per posted entry, ms: app = the main thread (the Nest server, the service calls, the pg clients), client = the rest of this',
        `  process (the HTTP load thread), rest = every other process of the machine (PostgreSQL, mostly); ${cpus().length} cores`,
      );
      output.push(
        table(
          ['lines', 'layout', 'conc', 'raw: app', 'rest', 'service: app', 'rest', 'http: app', 'client', 'rest'],
          cells.map((c) => [
            String(c.shape),
            layoutText(c.layout),
            String(c.concurrency),
            cpuOf(c.raw, 'app'),
            cpuOf(c.raw, 'rest'),
            cpuOf(c.service, 'app'),
            cpuOf(c.service, 'rest'),
            cpuOf(c.http, 'app'),
            cpuOf(c.http, 'client'),
            cpuOf(c.http, 'rest'),
          ]),
          (i) => i !== 1,
        ),
      );
    }
    if (flows.length) {
      output.push('', `Full manual flow through HTTP (draft → approve → post: 3 requests per entry), 2-line entries, ${layoutText('many')}`);
      output.push(
        table(
          ['conc', 'entries/s', 'requests/s', '×raw', 'p50/p99 ms per entry'],
          flows.map(({ concurrency, flow, raw: base }) => [
            String(concurrency),
            rate(flow),
            Math.round(flow.perSecond * 3).toLocaleString('en'),
            ratio(flow, base),
            latency(flow),
          ]),
        ),
      );
    }
    output.push('', `Checks: ${checks}`);
    if (tb) {
      output.push(
        '',
        `Trial balance of a centre with ${tb.unions.toLocaleString('en')} unions and ${tb.lines.toLocaleString('en')} journal lines ` +
          `(${tb.entries.toLocaleString('en')} posted entries over 12 periods; generated in ${tb.generateSeconds.toFixed(1)} s, ` +
          `${Math.round(tb.lines / tb.generateSeconds).toLocaleString('en')} lines/s; ${tb.periodBalanceRows.toLocaleString('en')} period_balance rows)`,
        table(
          ['what', `median of ${TB_RUNS} (ms)`],
          [
            [`GET trial-balance from=${TB_YEAR}-01 to=${TB_YEAR}-12 (HTTP)`, ms(tb.httpYearMs)],
            [`GET trial-balance from=${TB_YEAR}-12 to=${TB_YEAR}-12 (HTTP)`, ms(tb.httpMonthMs)],
            ['ReportsService.trialBalance, whole year (in process)', ms(tb.serviceYearMs)],
            ['for scale: the same sums straight from journal_line (SQL)', ms(tb.journalAggregateMs)],
          ],
        ),
        `  report rows: ${tb.rows}, balanced: ${tb.balanced}`,
      );
    }
    const key = cells.find((c) => c.shape === 2 && c.layout === 'many' && c.concurrency === 8);
    if (key) headline = `posting http/raw ratio: ${ratioText(key.http.perSecond / key.raw.perSecond)}`;
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
