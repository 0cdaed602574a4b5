import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** Drops this run's databases (the template and any a crashed file left) and stops the embedded test cluster. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.DCL_TEST_RUN_ID;
  const adminUrl = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : embeddedAdminUrl();
  if (adminUrl && runId) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `dcl_test_${runId}_%`,
      ]);
      for (const { datname } of rows) {
        await client.query(`ALTER DATABASE ${datname} IS_TEMPLATE false`);
        await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    } finally {
      await client.end();
    }
  }
  const info = clusterInfo();
  if (!process.env.DATABASE_URL && info) {
    await promisify(execFile)(info.pgCtl, ['stop', '-D', info.clusterDir, '-m', 'fast', '-w'], {
      ...(info.uid !== undefined ? { uid: info.uid, gid: info.gid } : {}),
    }).catch(() => undefined);
  }
}

const TEST_DATA_DIR = resolve('.data/test');

function clusterInfo(): { pgCtl: string; clusterDir: string; uid?: number; gid?: number; port: number } | undefined {
  const file = resolve(TEST_DATA_DIR, 'cluster.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function embeddedAdminUrl(): string | undefined {
  const info = clusterInfo();
  const passwordFile = resolve(TEST_DATA_DIR, 'pg-password');
  if (!info || !existsSync(passwordFile)) return undefined;
  const password = readFileSync(passwordFile, 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${info.port}/postgres`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
