import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { EMBEDDED_DATABASE, type EmbeddedCluster, runMigrations, startEmbeddedPostgres } from '../database/index.js';
import { CliError, type ImportKind, runImport } from './import-command.js';

const USAGE = `usage:
  npm run cli -- import payroll FILE --centre CODE [--user NAME] [--refused OUT.csv]
  npm run cli -- import receipts FILE --centre CODE [--channel tax|enterprise] [--user NAME] [--refused OUT.csv]
  npm run cli -- import bank FILE --centre CODE [--user NAME] [--refused OUT.csv]

FILE is CSV (UTF-8) or XLSX; the columns are in docs/imports.md. --user is who the audit trail records
(an accountant or supervisor of the centre; default admin). Uses DATABASE_URL, or the embedded PostgreSQL of DATA_DIR.`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const [command, kind, file] = args;
  if (command !== 'import' || !['payroll', 'receipts', 'bank'].includes(kind) || !file || !option(args, 'centre')) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const channel = option(args, 'channel');
  if (channel && channel !== 'tax' && channel !== 'enterprise') {
    process.stderr.write('--channel is tax or enterprise\n');
    return 2;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env }, []);
  let cluster: EmbeddedCluster | undefined;
  if (!config.databaseUrl) {
    cluster = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: EMBEDDED_DATABASE, log: () => undefined });
    config.databaseUrl = cluster.url(EMBEDDED_DATABASE);
  }
  try {
    await runMigrations(config.databaseUrl);
    const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error', 'warn'] });
    try {
      await runImport(app, {
        kind: kind as ImportKind,
        file,
        centreCode: option(args, 'centre')!,
        username: option(args, 'user') ?? 'admin',
        channel: channel as 'tax' | 'enterprise' | undefined,
        refusedFile: option(args, 'refused'),
        progressBar: true,
      });
    } finally {
      await app.close();
    }
    return 0;
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
    process.stderr.write(`import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
