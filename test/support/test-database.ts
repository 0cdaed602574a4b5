import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureDatabase, runMigrations, startEmbeddedPostgres } from '../../src/database/index.js';

/** The embedded test cluster lives apart from the one `npm start` uses. */
export const TEST_DATA_DIR = resolve('.data/test');
const TEST_PG_PORT = Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54339);

/** Refuses any database whose name does not say it is a test database (a guard against pointing tests at real data). */
export function assertTestDatabaseName(name: string): void {
  if (!/^dcl_test_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to use "${name}" as a test database`);
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let server: Promise<{ adminUrl: string; template: string }> | undefined;

/** The server (DATABASE_URL, or the embedded test cluster) and this run's migrated template database. */
function testServer(): Promise<{ adminUrl: string; template: string }> {
  server ??= (async () => {
    const runId = process.env.DCL_TEST_RUN_ID;
    if (!runId) throw new Error('the global test setup did not run');
    let adminUrl: string;
    if (process.env.DATABASE_URL) {
      adminUrl = databaseUrl(process.env.DATABASE_URL, 'postgres');
    } else {
      const cluster = await startEmbeddedPostgres({ dataDir: TEST_DATA_DIR, port: TEST_PG_PORT, database: 'postgres', log: () => undefined });
      adminUrl = cluster.url('postgres');
    }
    const template = `dcl_test_${runId}_template`;
    assertTestDatabaseName(template);
    // the first worker migrates the template; the others wait for it on an advisory lock
    await withClient(adminUrl, async (client) => {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
        if (rowCount === 0) {
          const building = `${template}_building`;
          await client.query(`DROP DATABASE IF EXISTS ${building}`);
          await ensureDatabase(adminUrl, building);
          await runMigrations(databaseUrl(adminUrl, building));
          await client.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
          await client.query(`ALTER DATABASE ${template} IS_TEMPLATE true`);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
      }
    });
    return { adminUrl, template };
  })();
  return server;
}

/** A fresh database cloned from the migrated template (a file copy: no migrations per test file). */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const { adminUrl, template } = await testServer();
  const name = `dcl_test_${process.env.DCL_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  assertTestDatabaseName(name);
  await withClient(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        // another worker is copying the template at this instant
        if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)),
  };
}
