import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { EMBEDDED_DATABASE, type EmbeddedCluster, runMigrations, startEmbeddedPostgres } from '../database/index.js';
import type { INestApplicationContext } from '@nestjs/common';
import { runAuditExport, runAuditVerify } from './audit-command.js';
import { CliError, type ImportKind, runImport } from './import-command.js';

const USAGE = `usage:
  npm run cli -- import payroll FILE --centre CODE [--user NAME] [--refused OUT.csv]
  npm run cli -- import receipts FILE --centre CODE [--channel tax|enterprise] [--user NAME] [--refused OUT.csv]
  npm run cli -- import bank FILE --centre CODE [--user NAME] [--refused OUT.csv]
  npm run cli -- audit verify [--centre CODE] [--threads N]
  npm run cli -- audit export --centre CODE --out DIR

FILE is CSV (UTF-8) or XLSX; the columns are in docs/imports.md. --user is who the audit trail records
(an accountant or supervisor of the centre; default admin).
audit verify recomputes every audit hash chain (or one centre's: its code or id) and prints "chain ok: <N> records,
head <hash>" per chain, or names the first broken record and exits 1; --threads limits the worker threads (default:
the cores, at most 4). audit export writes a centre's trail, a manifest and a standalone verifier (node verify.mjs)
into DIR (docs/audit-chain.md). Both only read.
Uses DATABASE_URL, or the embedded PostgreSQL of DATA_DIR.`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const [command, kind, file] = args;
  if (command === 'audit') return audit(args);
  if (command !== 'import' || !['payroll', 'receipts', 'bank'].includes(kind) || !file || !option(args, 'centre')) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const channel = option(args, 'channel');
  if (channel && channel !== 'tax' && channel !== 'enterprise') {
    process.stderr.write('--channel is tax or enterprise\n');
    return 2;
  }
  return withApp({ migrate: true }, async (app) => {
    await runImport(app, {
      kind: kind as ImportKind,
      file,
      centreCode: option(args, 'centre')!,
      username: option(args, 'user') ?? 'admin',
      channel: channel as 'tax' | 'enterprise' | undefined,
      refusedFile: option(args, 'refused'),
      progressBar: true,
    });
    return 0;
  });
}

/** `audit verify [--centre CODE]`, `audit export --centre CODE --out DIR`: read only, so no migrations. */
async function audit(args: string[]): Promise<number> {
  const [, action] = args;
  const centre = option(args, 'centre');
  const outDir = option(args, 'out');
  const threads = option(args, 'threads');
  if (threads !== undefined && !/^[1-9][0-9]?$/.test(threads)) {
    process.stderr.write('--threads is a number from 1 to 99\n');
    return 2;
  }
  if (action === 'verify' && (!args.includes('--centre') || centre) && (!args.includes('--threads') || threads)) {
    return withApp({ migrate: false }, async (app) =>
      (await runAuditVerify(app, { centre, threads: threads ? Number(threads) : undefined, progressBar: true })).exitCode);
  }
  if (action === 'export' && centre && outDir) {
    return withApp({ migrate: false }, async (app) => (await runAuditExport(app, { centre, outDir, progressBar: true })).exitCode);
  }
  process.stderr.write(USAGE + '\n');
  return 2;
}

/** The app's context on DATABASE_URL, or on the embedded cluster (started for the command when the service is not running). */
async function withApp(options: { migrate: boolean }, work: (app: INestApplicationContext) => Promise<number>): Promise<number> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env }, []);
  let cluster: EmbeddedCluster | undefined;
  if (!config.databaseUrl) {
    cluster = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: EMBEDDED_DATABASE, log: () => undefined });
    config.databaseUrl = cluster.url(EMBEDDED_DATABASE);
  }
  try {
    if (options.migrate) await runMigrations(config.databaseUrl);
    const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error', 'warn'] });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    // a server the running service owns stays up; one started for this command goes down with it
    if (cluster?.startedHere) await cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${process.argv[2] ?? 'command'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
