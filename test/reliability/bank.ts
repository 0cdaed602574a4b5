import { randomBytes, randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Http } from './http.js';
import { ensureBuilt, freePort, OwnedPostgres, removeWorkDirectory, runCli, ServiceProcess, sleep, workDirectory } from './processes.js';
import { makeWorld, type World } from './world.js';

/**
 * The bank test under faults (issue 9, point 1). Concurrent clients move money through the HTTP API of the real
 * service — dues receipts, remittances upward, spending claims raised/approved/paid, manual vouchers
 * draft→approve→post moving cash from one union to another, and reversals of those vouchers — while a fault
 * injector SIGKILLs the service and restarts it, and restarts the PostgreSQL cluster the test owns with
 * `pg_ctl stop -m immediate`. Every money-moving request carries an Idempotency-Key and is repeated with the same
 * key after a connection error until it gets an answer, so the client knows exactly which operations happened:
 * after each fault and at the end the books must agree with that knowledge to the fen.
 */

export interface ReliabilityOptions {
  seconds: number;
  clients: number;
  /** SIGKILLs of the service during the run (at least). */
  kills: number;
  /** Immediate restarts of PostgreSQL during the run. */
  pgRestarts: number;
  /** Lines of the receipts file imported by the CLI, killed half way and run again. 0 skips the import. */
  importRows: number;
  unions: number;
  root: string;
  log: (line: string) => void;
  /** Keep the work directory (cluster, logs) for a post-mortem. */
  keep?: boolean;
}

export interface ReliabilityReport {
  seconds: number;
  clients: number;
  operations: Record<string, { ok: number; refused: number }>;
  operationsTotal: number;
  requests: number;
  retries: number;
  connectionErrors: number;
  unavailable503: number;
  replays: number;
  dropped: number;
  slowestSeconds: number;
  /** Deadlocks PostgreSQL broke (each retried by the service, but each stalls the centre's postings a second). */
  deadlocks: number;
  faults: { kills: number; pgRestarts: number };
  checks: number;
  moneyIn: string;
  import?: { rows: number; firstRun: string; killedAfter: number; secondRun: string; appliedOnce: number };
  anomalies: string[];
  workDir: string;
}

export const shortOptions = (root: string, log: (line: string) => void): ReliabilityOptions => ({
  seconds: Number(process.env.RELIABILITY_SECONDS ?? 30),
  clients: Number(process.env.RELIABILITY_CLIENTS ?? 8),
  kills: Number(process.env.RELIABILITY_KILLS ?? 2),
  pgRestarts: 1,
  importRows: Number(process.env.RELIABILITY_IMPORT_ROWS ?? 1000),
  unions: 4,
  root,
  log,
});

export const fullOptions = (root: string, log: (line: string) => void): ReliabilityOptions => ({
  seconds: Number(process.env.RELIABILITY_SECONDS ?? 300),
  clients: Number(process.env.RELIABILITY_CLIENTS ?? 32),
  kills: Number(process.env.RELIABILITY_KILLS ?? 6),
  pgRestarts: 1,
  importRows: Number(process.env.RELIABILITY_IMPORT_ROWS ?? 10000),
  unions: 6,
  root,
  log,
});

const fen = (amount: bigint) => {
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};
const toFen = (text: string) => {
  const [whole, frac = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  return text.startsWith('-') ? -value : value;
};
const pick = <T>(items: T[]): T => items[randomInt(items.length)];

type Kind = 'receipt' | 'remittance' | 'claim' | 'voucher' | 'reversal';

/** What the clients know happened: every key, its final answer, and what it did to each union's cash (102). */
class Knowledge {
  readonly cash = new Map<string, bigint>();
  moneyIn = 0n;
  readonly receipts = new Map<string, { ok: boolean; amount: bigint }>();
  readonly remittances = new Map<string, boolean>();
  readonly vouchers = new Map<string, { drafted: boolean; posted: boolean }>();
  readonly reversals = new Map<string, boolean>();
  readonly claims = new Map<string, { raised: boolean; posted: boolean }>();
  /** Posted vouchers not yet reversed: what reversals pick from. */
  readonly reversible: Array<{ entryId: string; from: string; to: string; amount: bigint }> = [];
  readonly operations: Record<Kind, { ok: number; refused: number }> = {
    receipt: { ok: 0, refused: 0 }, remittance: { ok: 0, refused: 0 }, claim: { ok: 0, refused: 0 },
    voucher: { ok: 0, refused: 0 }, reversal: { ok: 0, refused: 0 },
  };

  move(unionId: string, delta: bigint) {
    this.cash.set(unionId, (this.cash.get(unionId) ?? 0n) + delta);
  }
}

/** Lets the checker stop new operations and wait for those in flight, so that the books are still while it reads. */
class Gate {
  private paused: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private inFlight = 0;
  private drained: (() => void) | undefined;

  async enter() {
    while (this.paused) await this.paused;
    this.inFlight += 1;
  }
  leave() {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.drained?.();
  }
  async pause() {
    this.paused = new Promise((resolve) => (this.release = resolve));
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.drained = undefined;
  }
  resume() {
    const release = this.release;
    this.paused = undefined;
    this.release = undefined;
    release?.();
  }
}

export async function runReliability(options: ReliabilityOptions): Promise<ReliabilityReport> {
  const { log } = options;
  const anomalyCounts = new Map<string, number>();
  const anomaly = (text: string) => {
    const key = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}').slice(0, 400);
    if (!anomalyCounts.has(key)) log(`ANOMALY: ${text.slice(0, 400)}`);
    anomalyCounts.set(key, (anomalyCounts.get(key) ?? 0) + 1);
  };
  await ensureBuilt(options.root, log);
  const workDir = workDirectory();
  log(`work directory ${workDir}`);
  const runId = randomBytes(3).toString('hex');
  const database = 'dcl_reliability';
  let postgres: OwnedPostgres | undefined;
  let service: ServiceProcess | undefined;
  const faults = { kills: 0, pgRestarts: 0 };
  let checks = 0;
  const known = new Knowledge();
  let http: Http | undefined;
  let importReport: ReliabilityReport['import'];
  let deadlocks = -1;
  try {
    postgres = await OwnedPostgres.start(workDir, database);
    log(`PostgreSQL of the run on 127.0.0.1:${postgres.port} (${postgres.dataDir})`);
    service = new ServiceProcess(options.root, workDir, await freePort(), postgres.url());
    await service.start();
    log(`service on ${service.baseUrl}`);
    http = new Http(service.baseUrl, anomaly);
    const world = await makeWorld(http, service.adminPassword, options.unions);
    for (const union of world.unions) known.cash.set(union.id, 0n);
    http.dropRate = 0.05;
    log(`centre ${world.centre.code}: ${world.unions.length} unions, ${world.enterprises.length} enterprises`);
    const sql = new pg.Pool({ connectionString: postgres.url(), max: 2 });
    sql.on('error', () => undefined); // idle connections die with the immediate stop; the pool makes new ones
    const gate = new Gate();
    let stopping = false;
    let sequence = 0;
    const nextKey = (kind: string) => `rel-${runId}-${kind}-${(sequence += 1)}`;

    const verify = async (label: string, final = false) => {
      checks += 1;
      const checking = Date.now();
      const found = await checkBooks(sql, options.root, postgres!.url(), world, known, final ? undefined : http);
      for (const problem of found) anomaly(`${label}: ${problem}`);
      log(`check ${label}: ${found.length === 0 ? 'ok' : `${found.length} problem(s)`} (money in ${fen(known.moneyIn)}; ${((Date.now() - checking) / 1000).toFixed(1)} s)`);
    };

    // ---- the clients ---------------------------------------------------------------------------------------
    const operations: Array<[Kind, number, () => Promise<void>]> = [
      ['receipt', 40, () => receipt(http!, world, known, nextKey('receipt'), anomaly)],
      ['remittance', 10, () => remittance(http!, world, known, nextKey('remit'), anomaly)],
      ['claim', 15, () => claim(http!, world, known, nextKey('claim'), anomaly)],
      ['voucher', 25, () => voucher(http!, world, known, nextKey('voucher'), anomaly)],
      ['reversal', 10, () => reversal(http!, world, known, nextKey('reversal'), anomaly)],
    ];
    const weight = operations.reduce((sum, [, w]) => sum + w, 0);
    const client = async () => {
      while (!stopping) {
        await gate.enter();
        try {
          if (stopping) return;
          let roll = randomInt(weight);
          const [, , op] = operations.find(([, w]) => (roll -= w) < 0)!;
          await op();
        } catch (error) {
          if (!http!.aborted) anomaly(`client: ${(error as Error).message}`);
        } finally {
          gate.leave();
        }
      }
    };

    // ---- the faults ----------------------------------------------------------------------------------------
    const started = Date.now();
    const kinds: Array<'kill' | 'pg'> = [...Array(options.kills).fill('kill'), ...Array(options.pgRestarts).fill('pg')];
    for (let i = kinds.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
    }
    const slot = (options.seconds * 1000) / kinds.length;
    const injector = async () => {
      for (const [index, kind] of kinds.entries()) {
        const at = started + slot * index + slot * (0.15 + 0.6 * Math.random());
        await sleep(Math.max(0, at - Date.now()));
        if (kind === 'kill') {
          await service!.kill();
          faults.kills += 1;
          log(`fault: SIGKILL of the service (${faults.kills}) at ${((Date.now() - started) / 1000).toFixed(1)} s`);
          await sleep(randomInt(100, 1500));
          const restarting = Date.now();
          await restartService(service!, anomaly, log);
          log(`service back in ${((Date.now() - restarting) / 1000).toFixed(1)} s`);
        } else {
          await postgres!.stopImmediate();
          faults.pgRestarts += 1;
          log(`fault: PostgreSQL stopped -m immediate at ${((Date.now() - started) / 1000).toFixed(1)} s`);
          await sleep(randomInt(500, 2500));
          const restarting = Date.now();
          await postgres!.startServer();
          await waitHealthy(service!, 60_000, anomaly, 'after the PostgreSQL restart');
          log(`PostgreSQL back and the service healthy in ${((Date.now() - restarting) / 1000).toFixed(1)} s`);
        }
        await gate.pause();
        await verify(`after ${kind === 'kill' ? `kill ${faults.kills}` : 'PostgreSQL restart'}`);
        gate.resume();
      }
    };

    log(`running ${options.clients} clients for ${options.seconds} s with ${options.kills} kills and ${options.pgRestarts} PostgreSQL restart(s)`);
    const clients = Array.from({ length: options.clients }, () => client());
    const progress = setInterval(() => {
      const ops = Object.values(known.operations).reduce((sum, o) => sum + o.ok + o.refused, 0);
      log(`${((Date.now() - started) / 1000).toFixed(0)} s: ${ops} operations, ${http!.stats.retries} retries`);
    }, 30_000);
    // the clients run for the run time and at least until every fault of the plan happened (a slow machine)
    await Promise.all([sleep(options.seconds * 1000), injector()]);
    stopping = true;
    await Promise.all(clients);
    clearInterval(progress);
    await verify('at the end of the run', true);

    if (options.importRows > 0) {
      importReport = await killedImport(options, postgres, world, known, anomaly, log);
      await verify('after the import', true);
    }
    await sql.end();
  } catch (error) {
    anomaly(`run failed: ${(error as Error).stack ?? (error as Error).message}`);
  } finally {
    if (http) http.aborted = true;
    await service?.stop();
    await postgres?.stopFast();
    deadlocks = postgres?.deadlocksLogged() ?? -1;
    if (!options.keep && anomalyCounts.size === 0) await removeWorkDirectory(workDir);
  }
  const operationsTotal = Object.values(known.operations).reduce((sum, o) => sum + o.ok + o.refused, 0);
  return {
    seconds: options.seconds,
    clients: options.clients,
    operations: known.operations,
    operationsTotal,
    requests: http?.stats.requests ?? 0,
    retries: http?.stats.retries ?? 0,
    connectionErrors: http?.stats.connectionErrors ?? 0,
    unavailable503: http?.stats.unavailable ?? 0,
    replays: http?.stats.replays ?? 0,
    dropped: http?.stats.dropped ?? 0,
    deadlocks,
    slowestSeconds: Math.round((http?.stats.slowestMs ?? 0) / 100) / 10,
    faults,
    checks,
    moneyIn: fen(known.moneyIn),
    import: importReport,
    anomalies: [...anomalyCounts].map(([text, count]) => (count > 1 ? `${text} (×${count})` : text)),
    workDir,
  };
}

async function restartService(service: ServiceProcess, anomaly: (t: string) => void, log: (l: string) => void) {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await service.start();
      return;
    } catch (error) {
      anomaly(`the service did not come back after SIGKILL (attempt ${attempt}): ${(error as Error).message}`);
      log('retrying the start');
    }
  }
  throw new Error('the service does not start any more');
}

async function waitHealthy(service: ServiceProcess, timeoutMs: number, anomaly: (t: string) => void, when: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await service.healthy()) return;
    await sleep(100);
  }
  anomaly(`the service was not healthy ${timeoutMs / 1000} s ${when}`);
  throw new Error('service not healthy');
}

// ---- the operations -------------------------------------------------------------------------------------------

type Anomaly = (text: string) => void;

/** A 4xx the operation may meet in a busy ledger (not enough cash, nothing owed); anything else is an anomaly. */
function refusedAs(answer: { status: number; body: any }, codes: string[], what: string, anomaly: Anomaly): boolean {
  if (answer.status >= 400 && answer.status < 500 && codes.includes(answer.body?.code)) return true;
  anomaly(`${what}: unexpected ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return false;
}

const amountBetween = (min: number, max: number) => BigInt(randomInt(min * 100, max * 100));

async function receipt(http: Http, world: World, known: Knowledge, key: string, anomaly: Anomaly) {
  const enterprise = pick(world.enterprises);
  const amount = amountBetween(100, 5000);
  const answer = await http.call('POST', `/centres/${world.centre.id}/dues-receipts`, world.accountant, {
    receivedOn: world.today, amount: fen(amount), channel: 'enterprise', enterpriseId: enterprise.id, bankReference: key, memo: key,
  }, key);
  if (answer.status === 201) {
    known.receipts.set(key, { ok: true, amount });
    known.moneyIn += amount;
    known.move(enterprise.unionId, amount);
    known.operations.receipt.ok += 1;
  } else {
    refusedAs(answer, [], 'receipt', anomaly);
    known.receipts.set(key, { ok: false, amount });
    known.operations.receipt.refused += 1;
  }
}

/** Cash moved by a posted entry, per union, read from its lines as the API answered them. */
function cashOf(entry: { lines?: Array<{ unionId: string; accountCode: string; debit?: string | null; credit?: string | null }> }) {
  const moved = new Map<string, bigint>();
  for (const line of entry.lines ?? []) {
    if (line.accountCode !== '102') continue;
    const delta = toFen(line.debit ?? '0') - toFen(line.credit ?? '0');
    moved.set(line.unionId, (moved.get(line.unionId) ?? 0n) + delta);
  }
  return moved;
}

async function remittance(http: Http, world: World, known: Knowledge, key: string, anomaly: Anomaly) {
  if (Math.random() < 0.2) {
    // everything every union owes, asked while others may ask the same: the debt leaves once
    const answer = await http.call('POST', `/centres/${world.centre.id}/remittances`, world.accountant, { date: world.today, memo: key }, key);
    if (answer.status === 201) {
      known.remittances.set(key, true);
      for (const [unionId, delta] of cashOf(answer.body)) known.move(unionId, delta);
      known.operations.remittance.ok += 1;
    } else {
      refusedAs(answer, ['DUES.NOTHING_TO_REMIT', 'LEDGER.CASH_INSUFFICIENT'], 'remittance of everything owed', anomaly);
      known.remittances.set(key, false);
      known.operations.remittance.refused += 1;
    }
    return;
  }
  const union = pick(world.unions.filter((u) => u.kind === 'grassroots'));
  const amount = amountBetween(10, 800);
  const answer = await http.call('POST', `/centres/${world.centre.id}/remittances`, world.accountant, {
    date: world.today, memo: key, lines: [{ unionId: union.id, amount: fen(amount) }],
  }, key);
  if (answer.status === 201) {
    known.remittances.set(key, true);
    known.move(union.id, -amount);
    known.operations.remittance.ok += 1;
  } else {
    refusedAs(answer, ['DUES.REMIT_EXCEEDS_OWED', 'DUES.NOTHING_TO_REMIT', 'LEDGER.CASH_INSUFFICIENT'], 'remittance', anomaly);
    known.remittances.set(key, false);
    known.operations.remittance.refused += 1;
  }
}

/** Raised by the union's treasurer, approved by its chair, paid by the centre's accountant (keyed). */
async function claim(http: Http, world: World, known: Knowledge, key: string, anomaly: Anomaly) {
  const union = pick(world.unions.filter((u) => u.kind === 'grassroots'));
  const base = `/centres/${world.centre.id}/spending-claims`;
  const amount = amountBetween(10, 600);
  const state = { raised: false, posted: false };
  known.claims.set(key, state);
  // raising takes no Idempotency-Key: after a connection error the client looks for its claim before raising again
  const findEarlier = async () => {
    const listed = await http.call('GET', `${base}?unionId=${union.id}&status=submitted&pageSize=100`, union.treasurer);
    const mine = (listed.body?.items ?? []).find((c: { purpose: string }) => c.purpose === key);
    return mine ? { status: 201, body: mine, replayed: true } : undefined;
  };
  const raised = await http.call('POST', base, union.treasurer, {
    payee: '杭州可靠性测试商贸有限公司', amount: fen(amount), positiveListItemId: world.itemId, purpose: key, memberCount: 10,
  }, undefined, findEarlier);
  if (raised.status !== 201) {
    refusedAs(raised, [], 'claim raise', anomaly);
    known.operations.claim.refused += 1;
    return;
  }
  const claimId = raised.body.id as string;
  state.raised = true;
  const approved = await http.call('POST', `${base}/${claimId}/approve`, union.chair, {});
  if (approved.status !== 200) {
    // a repeat after a lost answer finds the claim already approved: read it to know
    const now = await http.call('GET', `${base}/${claimId}`, union.chair);
    if (!(approved.status === 409 && approved.attempts > 1 && now.body?.status === 'approved')) {
      refusedAs(approved, [], 'claim approve', anomaly);
      known.operations.claim.refused += 1;
      return;
    }
  }
  // one payment in ten is sent twice at once under two keys (two clerks pressing 支付): it must leave once
  const twice = Math.random() < 0.1;
  const [paid, other] = await Promise.all([
    http.call('POST', `${base}/${claimId}/post`, world.accountant, { date: world.today }, `${key}-pay`),
    twice ? http.call('POST', `${base}/${claimId}/post`, world.supervisor, { date: world.today }, `${key}-pay2`) : undefined,
  ]);
  if (other) {
    const ok = [paid, other].filter((a) => a.status === 200).length;
    const loser = paid.status === 200 ? other : paid;
    if (ok === 2) anomaly(`claim ${key} paid twice by two concurrent requests`);
    // the other one either came second (the claim was paid) or first, when the union's cash was short
    else if (ok === 1) refusedAs(loser, ['SPENDING.WRONG_STATUS', 'LEDGER.CASH_INSUFFICIENT'], 'second payment of a claim', anomaly);
    if (ok === 1 && paid.status !== 200) {
      state.posted = true;
      known.move(union.id, -amount);
      known.operations.claim.ok += 1;
      return;
    }
  }
  if (paid.status === 200) {
    state.posted = true;
    known.move(union.id, -amount);
    known.operations.claim.ok += 1;
  } else {
    refusedAs(paid, ['LEDGER.CASH_INSUFFICIENT'], 'claim post', anomaly);
    known.operations.claim.refused += 1;
  }
}

/** A manual voucher moving cash from one union to another (补助下级支出 / 上级补助收入), draft → approve → post. */
async function voucher(http: Http, world: World, known: Knowledge, key: string, anomaly: Anomaly) {
  const from = pick(world.unions);
  const to = pick(world.unions.filter((u) => u.id !== from.id));
  const amount = amountBetween(10, 1500);
  const base = `/centres/${world.centre.id}/entries`;
  const state = { drafted: false, posted: false };
  known.vouchers.set(key, state);
  const drafted = await http.call('POST', base, world.accountant, {
    date: world.today, memo: key, lines: [
      { unionId: from.id, accountCode: '506', debit: fen(amount) },
      { unionId: from.id, accountCode: '102', credit: fen(amount) },
      { unionId: to.id, accountCode: '102', debit: fen(amount) },
      { unionId: to.id, accountCode: '403', credit: fen(amount) },
    ],
  }, key);
  if (drafted.status !== 201) {
    refusedAs(drafted, [], 'voucher draft', anomaly);
    known.operations.voucher.refused += 1;
    return;
  }
  state.drafted = true;
  const entryId = drafted.body.id as string;
  const approved = await http.call('POST', `${base}/${entryId}/approve`, world.supervisor, {});
  if (approved.status !== 200) {
    const now = await http.call('GET', `${base}/${entryId}`, world.supervisor);
    if (!(approved.status === 409 && approved.attempts > 1 && now.body?.status === 'approved')) {
      refusedAs(approved, [], 'voucher approve', anomaly);
      known.operations.voucher.refused += 1;
      return;
    }
  }
  const twice = Math.random() < 0.1;
  const [first, second] = await Promise.all([
    http.call('POST', `${base}/${entryId}/post`, world.accountant, undefined, `${key}-post`),
    twice ? http.call('POST', `${base}/${entryId}/post`, world.supervisor, undefined, `${key}-post2`) : undefined,
  ]);
  let posted = first;
  if (second) {
    const ok = [first, second].filter((a) => a.status === 200).length;
    if (ok === 2) anomaly(`voucher ${key} posted twice by two concurrent requests`);
    const loser = first.status === 200 ? second : first;
    if (ok === 1) refusedAs(loser, ['LEDGER.WRONG_STATUS', 'LEDGER.CASH_INSUFFICIENT'], 'second posting of a voucher', anomaly);
    if (second.status === 200) posted = second;
  }
  if (posted.status === 200) {
    state.posted = true;
    known.move(from.id, -amount);
    known.move(to.id, amount);
    known.reversible.push({ entryId, from: from.id, to: to.id, amount });
    known.operations.voucher.ok += 1;
  } else {
    refusedAs(posted, ['LEDGER.CASH_INSUFFICIENT'], 'voucher post', anomaly);
    known.operations.voucher.refused += 1;
  }
}

/** 红字冲销 of a posted voucher: the cash goes back (refused when the receiving union has spent it). */
async function reversal(http: Http, world: World, known: Knowledge, key: string, anomaly: Anomaly) {
  if (known.reversible.length === 0) return voucher(http, world, known, key, anomaly);
  const target = known.reversible.splice(randomInt(known.reversible.length), 1)[0];
  const path = `/centres/${world.centre.id}/entries/${target.entryId}/reverse`;
  // one reversal in five is asked twice at once under two keys: the entry is reversed once, the other asker told so
  const keys = Math.random() < 0.2 ? [key, `${key}-b`] : [key];
  const answers = await Promise.all(keys.map((k) => http.call('POST', path, world.supervisor, { date: world.today, memo: k }, k)));
  const won = answers.filter((a) => a.status === 201).length;
  if (won > 1) anomaly(`voucher ${target.entryId} reversed twice by two concurrent requests`);
  for (const [index, answer] of answers.entries()) {
    known.reversals.set(keys[index], answer.status === 201);
    if (answer.status === 201) {
      known.move(target.from, target.amount);
      known.move(target.to, -target.amount);
    } else {
      refusedAs(answer, won > 0 ? ['LEDGER.ALREADY_REVERSED', 'LEDGER.CASH_INSUFFICIENT'] : ['LEDGER.CASH_INSUFFICIENT'], 'reversal', anomaly);
    }
  }
  if (won > 0) known.operations.reversal.ok += 1;
  else known.operations.reversal.refused += 1;
}

// ---- the checks -----------------------------------------------------------------------------------------------

/** What the books must satisfy, read straight from PostgreSQL; answers the problems found (none is the goal). */
export async function checkBooks(
  sql: pg.Pool, root: string, databaseUrl: string, world: World, known: Knowledge,
  /** Verify the chains through the API (after a fault); without it, by the CLI (at the end). */
  http?: Http,
): Promise<string[]> {
  const problems: string[] = [];
  const centreId = world.centre.id;
  const one = async (text: string, params: unknown[] = []) => (await sql.query(text, params)).rows;

  // money conserved: each union's bank sub-balance is what the acknowledged operations made it, to the fen
  const cash = await one(
    `SELECT b.union_id, b.balance::text FROM ledger_balance b JOIN account a ON a.id = b.account_id WHERE b.centre_id = $1 AND a.code = '102'`,
    [centreId],
  );
  const booked = new Map(cash.map((r) => [r.union_id as string, toFen(r.balance)]));
  let total = 0n;
  for (const [unionId, expected] of known.cash) {
    const actual = booked.get(unionId) ?? 0n;
    total += actual;
    if (actual !== expected) problems.push(`union ${unionId}: bank sub-balance ${fen(actual)}, the clients' acknowledged operations make ${fen(expected)}`);
  }
  const expectedTotal = [...known.cash.values()].reduce((a, b) => a + b, 0n);
  if (total !== expectedTotal) problems.push(`unified account ${fen(total)}, expected ${fen(expectedTotal)}`);
  const [{ received }] = await one(`SELECT coalesce(sum(amount), 0)::text AS received FROM dues_receipt WHERE centre_id = $1`, [centreId]);
  if (toFen(received) !== known.moneyIn) problems.push(`receipts in the books ${received}, acknowledged to the clients ${fen(known.moneyIn)}`);

  // no union's cash below zero; no union remitted more than it owed
  const [{ negative }] = await one(`SELECT count(*)::int AS negative FROM ledger_balance WHERE is_cash AND balance < 0`);
  if (negative > 0) problems.push(`${negative} cash sub-balance(s) below zero`);
  const [{ overRemitted }] = await one(
    `SELECT count(*)::int AS "overRemitted" FROM ledger_balance b JOIN account a ON a.id = b.account_id WHERE a.code LIKE '211%' AND b.balance > 0`,
  );
  if (overRemitted > 0) problems.push(`${overRemitted} union(s) remitted more upward than they owed (211 in debit)`);

  // every key applied exactly once: a 2xx key has exactly one row, a refused one none
  const receiptRows = new Map(
    (await one(`SELECT bank_reference AS key, count(*)::int AS n, sum(amount)::text AS amount FROM dues_receipt WHERE centre_id = $1 AND bank_reference LIKE 'rel-%' GROUP BY 1`, [centreId]))
      .map((r) => [r.key as string, { n: r.n as number, amount: toFen(r.amount) }]),
  );
  for (const [key, receipt] of known.receipts) {
    const row = receiptRows.get(key);
    const n = row?.n ?? 0;
    if (n !== (receipt.ok ? 1 : 0)) problems.push(`receipt ${key}: ${n} in the books, the client got ${receipt.ok ? 'a 201' : 'a refusal'}`);
    else if (row && row.amount !== receipt.amount) problems.push(`receipt ${key}: ${fen(row.amount)} in the books, ${fen(receipt.amount)} sent`);
    receiptRows.delete(key);
  }
  for (const key of receiptRows.keys()) problems.push(`receipt ${key} in the books was never acknowledged to a client`);
  const entries = await one(
    `SELECT memo AS key, source, status, count(*)::int AS n FROM journal_entry WHERE centre_id = $1 AND memo LIKE 'rel-%' GROUP BY 1, 2, 3`,
    [centreId],
  );
  const entryCount = (key: string, source: string, status?: string) =>
    entries.filter((e) => e.key === key && e.source === source && (!status || e.status === status)).reduce((sum, e) => sum + e.n, 0);
  for (const [key, ok] of known.remittances) {
    const n = entryCount(key, 'remittance');
    if (n !== (ok ? 1 : 0)) problems.push(`remittance ${key}: ${n} entries, the client got ${ok ? 'a 201' : 'a refusal'}`);
  }
  for (const [key, state] of known.vouchers) {
    const n = entryCount(key, 'manual');
    const posted = entryCount(key, 'manual', 'posted');
    if (n !== (state.drafted ? 1 : 0) || posted !== (state.posted ? 1 : 0)) {
      problems.push(`voucher ${key}: ${n} drafts of which ${posted} posted; the client knows ${state.drafted ? 1 : 0} and ${state.posted ? 1 : 0}`);
    }
  }
  for (const [key, ok] of known.reversals) {
    const n = entryCount(key, 'reversal');
    if (n !== (ok ? 1 : 0)) problems.push(`reversal ${key}: ${n} entries, the client got ${ok ? 'a 201' : 'a refusal'}`);
  }
  const claimRows = await one(`SELECT purpose AS key, status, count(*)::int AS n FROM spending_claim WHERE centre_id = $1 AND purpose LIKE 'rel-%' GROUP BY 1, 2`, [centreId]);
  for (const [key, state] of known.claims) {
    const n = claimRows.filter((c) => c.key === key).reduce((sum, c) => sum + c.n, 0);
    const posted = claimRows.filter((c) => c.key === key && c.status === 'posted').reduce((sum, c) => sum + c.n, 0);
    if (n !== (state.raised ? 1 : 0) || posted !== (state.posted ? 1 : 0)) {
      problems.push(`claim ${key}: ${n} raised of which ${posted} paid; the client knows ${state.raised ? 1 : 0} and ${state.posted ? 1 : 0}`);
    }
  }
  const spendingEntries = new Map(
    (await one(
      `SELECT substring(memo FROM 'rel-[0-9a-f]+-claim-[0-9]+$') AS key, count(*)::int AS n FROM journal_entry
        WHERE centre_id = $1 AND source = 'spending' GROUP BY 1`,
      [centreId],
    )).map((r) => [r.key as string, r.n as number]),
  );
  for (const [key, state] of known.claims) {
    const n = spendingEntries.get(key) ?? 0;
    if (n !== (state.posted ? 1 : 0)) problems.push(`claim ${key}: ${n} payment entries, the client knows ${state.posted ? 1 : 0}`);
  }
  const [{ unanswered }] = await one(`SELECT count(*)::int AS unanswered FROM idempotency_record WHERE response_status = 0`);
  if (unanswered > 0) problems.push(`${unanswered} idempotency record(s) kept without their answer`);

  // the balances equal a recomputation from the journal; every posted entry balances per union; numbers have no gaps
  const [{ drift }] = await one(
    `WITH j AS (SELECT l.centre_id, l.union_id, l.account_id, sum(l.debit - l.credit) AS s
                  FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
                 WHERE e.status = 'posted' GROUP BY 1, 2, 3)
     SELECT count(*)::int AS drift FROM ledger_balance b FULL JOIN j USING (centre_id, union_id, account_id)
      WHERE coalesce(b.balance, 0) <> coalesce(j.s, 0)`,
  );
  if (drift > 0) problems.push(`${drift} balance row(s) differ from the journal`);
  const [{ periodDrift }] = await one(
    `WITH j AS (SELECT l.centre_id, l.union_id, l.account_id, e.year, e.month, sum(l.debit) AS d, sum(l.credit) AS c
                  FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
                 WHERE e.status = 'posted' GROUP BY 1, 2, 3, 4, 5)
     SELECT count(*)::int AS "periodDrift" FROM period_balance b FULL JOIN j USING (centre_id, union_id, account_id, year, month)
      WHERE coalesce(b.debit, 0) <> coalesce(j.d, 0) OR coalesce(b.credit, 0) <> coalesce(j.c, 0)`,
  );
  if (periodDrift > 0) problems.push(`${periodDrift} period balance row(s) differ from the journal`);
  const [{ unbalanced }] = await one(
    `SELECT count(*)::int AS unbalanced FROM (
       SELECT l.entry_id FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
        WHERE e.status = 'posted' GROUP BY l.centre_id, l.entry_id, l.union_id HAVING sum(l.debit) <> sum(l.credit)) x`,
  );
  if (unbalanced > 0) problems.push(`${unbalanced} posted entr(ies) unbalanced for a union`);
  const gaps = await one(
    `SELECT centre_id, year, count(*)::int AS n, max(number) AS top FROM journal_entry WHERE status = 'posted'
      GROUP BY 1, 2 HAVING count(*) <> max(number) OR count(DISTINCT number) <> count(*)`,
  );
  for (const g of gaps) problems.push(`entry numbers of ${g.year} have gaps or repeats: ${g.n} posted, highest ${g.top}`);

  // nothing stuck: with no request in flight, no transaction of the service is open and no lock is waited for
  const stuck = await one(
    `SELECT state, wait_event_type, left(query, 120) AS query, round(extract(epoch FROM now() - xact_start))::int AS seconds
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
        AND application_name = 'dues-custody-ledger' AND xact_start IS NOT NULL AND now() - xact_start > interval '5 seconds'`,
  );
  for (const s of stuck) problems.push(`a transaction of the service open for ${s.seconds} s while no request is in flight (${s.state}, ${s.wait_event_type ?? '-'}): ${s.query}`);
  const [{ waiting }] = await one(`SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`);
  if (waiting > 0) problems.push(`${waiting} lock(s) waited for while no request is in flight`);

  // the audit chains verify: the centre's and the platform's through the API after a fault, and every chain by the
  // project's own CLI (`audit verify`, straight from PostgreSQL) at the end
  if (http) {
    for (const [path, token] of [[`/centres/${centreId}/audit/verify`, world.supervisor], ['/platform/audit/verify', world.admin]] as const) {
      const answer = await http.call('GET', path, token);
      if (answer.status !== 200 || answer.body?.ok !== true) problems.push(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
  } else {
    const verified = await runCli(root, ['audit', 'verify'], { DATABASE_URL: databaseUrl }).done;
    if (verified.code !== 0 || !/chain ok/.test(verified.stdout) || /broken/.test(verified.stdout)) {
      problems.push(`audit verify exited ${verified.code}: ${(verified.stdout + verified.stderr).trim().slice(0, 300)}`);
    }
  }
  return problems;
}

// ---- the CLI import, killed half way ----------------------------------------------------------------------------

async function killedImport(
  options: ReliabilityOptions, postgres: OwnedPostgres, world: World, known: Knowledge, anomaly: Anomaly, log: (l: string) => void,
): Promise<NonNullable<ReliabilityReport['import']>> {
  const rows = options.importRows;
  const tag = randomBytes(3).toString('hex');
  const file = join(postgres.dataDir, '..', `receipts-${tag}.csv`);
  const lines = ['uscc,amount,receivedOn,reference'];
  const expected = new Map<string, bigint>();
  for (let i = 0; i < rows; i += 1) {
    const enterprise = world.enterprises[i % world.enterprises.length];
    const amount = amountBetween(50, 3000);
    const reference = `imp-${tag}-${i}`;
    lines.push(`${enterprise.uscc},${fen(amount)},${world.today},${reference}`);
    expected.set(reference, amount);
    known.moneyIn += amount;
    known.move(enterprise.unionId, amount);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  const args = ['import', 'receipts', file, '--centre', world.centre.code, '--channel', 'enterprise'];
  const env = { DATABASE_URL: postgres.url() };
  const sql = new pg.Client({ connectionString: postgres.url() });
  await sql.connect();
  const imported = async () =>
    (await sql.query(`SELECT count(*)::int AS n FROM dues_receipt WHERE centre_id = $1 AND bank_reference LIKE $2`, [world.centre.id, `imp-${tag}-%`])).rows[0].n as number;
  try {
    log(`import of ${rows} receipts by the CLI, killed half way`);
    const first = runCli(options.root, args, env);
    let killedAfter = 0;
    let firstRun = 'finished before half way';
    for (;;) {
      const state = await Promise.race([first.done.then(() => 'done' as const), sleep(50).then(() => 'running' as const)]);
      const n = await imported();
      if (state === 'done') {
        const result = await first.done;
        anomaly(`the import finished (exit ${result.code}) before it could be killed half way: ${result.stdout.trim()} ${result.stderr.trim().slice(-300)}`);
        killedAfter = n;
        break;
      }
      if (n >= rows / 2) {
        first.child.kill('SIGKILL');
        await first.done;
        killedAfter = await imported();
        firstRun = `SIGKILL after ${killedAfter} rows`;
        break;
      }
    }
    log(`import: ${firstRun}; running it again`);
    const second = await runCli(options.root, args, env).done;
    const secondRun = second.stdout.trim().split('\n').filter((l) => /rows:/.test(l)).pop() ?? second.stdout.trim();
    log(`import again: exit ${second.code}: ${secondRun}`);
    if (second.code !== 0) anomaly(`the second import exited ${second.code}: ${second.stderr.trim().slice(-400)}`);
    const summary = /(\d+) rows: (\d+) accepted, (\d+) already imported, (\d+) refused/.exec(secondRun);
    if (!summary || Number(summary[1]) !== rows || Number(summary[4]) !== 0 || Number(summary[2]) + Number(summary[3]) !== rows) {
      anomaly(`the second import's summary is not ${rows} rows all accepted or already imported: ${secondRun}`);
    } else if (Number(summary[3]) !== killedAfter) {
      anomaly(`the second import counts ${summary[3]} rows already imported, the books held ${killedAfter} after the kill`);
    }
    const counted = await sql.query(
      `SELECT bank_reference AS key, count(*)::int AS n, sum(amount)::text AS amount FROM dues_receipt WHERE centre_id = $1 AND bank_reference LIKE $2 GROUP BY 1`,
      [world.centre.id, `imp-${tag}-%`],
    );
    let appliedOnce = 0;
    for (const row of counted.rows) {
      const want = expected.get(row.key);
      if (row.n === 1 && want !== undefined && toFen(row.amount) === want) appliedOnce += 1;
      else anomaly(`import row ${row.key}: ${row.n} receipt(s) of ${row.amount}`);
    }
    if (appliedOnce !== rows) anomaly(`import: ${appliedOnce} of ${rows} rows applied exactly once`);
    log(`import: ${appliedOnce} of ${rows} rows applied exactly once`);
    return { rows, firstRun, killedAfter, secondRun, appliedOnce };
  } finally {
    await sql.end();
  }
}

export function formatReport(report: ReliabilityReport): string {
  const ops = Object.entries(report.operations).map(([kind, o]) => `${kind} ${o.ok} ok / ${o.refused} refused`).join(', ');
  const lines = [
    `reliability: ${report.seconds} s, ${report.clients} clients`,
    `  operations: ${report.operationsTotal} (${ops})`,
    `  requests: ${report.requests}, retries: ${report.retries} (connection errors ${report.connectionErrors}, 503 ${report.unavailable503}), answers dropped by the client on purpose: ${report.dropped}, replayed answers: ${report.replays}, slowest answer: ${report.slowestSeconds} s, deadlocks broken by PostgreSQL: ${report.deadlocks}`,
    `  faults: ${report.faults.kills + report.faults.pgRestarts} (SIGKILLs of the service ${report.faults.kills}, PostgreSQL restarts ${report.faults.pgRestarts})`,
    `  checks: ${report.checks}, money in: ${report.moneyIn}`,
  ];
  if (report.import) {
    lines.push(`  import: ${report.import.rows} rows; first run ${report.import.firstRun}; second run: ${report.import.secondRun}; applied exactly once: ${report.import.appliedOnce}`);
  }
  lines.push(`  anomalies: ${report.anomalies.length}`);
  for (const a of report.anomalies.slice(0, 30)) lines.push(`    - ${a}`);
  if (report.anomalies.length > 0) lines.push(`  (work directory kept: ${report.workDir})`);
  return lines.join('\n');
}
