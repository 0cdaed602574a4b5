import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { UsersService } from './auth/users.service.js';
import { loadDemoData } from './cli/demo-data.js';
import { ConfigError, loadConfig } from './config/index.js';
import { EMBEDDED_DATABASE, type EmbeddedCluster, runMigrations, startEmbeddedPostgres } from './database/index.js';

/** Start-up messages before the app's own logger exists: one JSON line each, like the rest of the logs. */
function log(msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ level: 30, time: Date.now(), context: 'Startup', msg, ...extra }) + '\n');
}

let cluster: EmbeddedCluster | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    cluster = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      database: EMBEDDED_DATABASE,
      log: (message) => log(message),
    });
    config.databaseUrl = cluster.url(EMBEDDED_DATABASE);
  }
  const applied = await runMigrations(config.databaseUrl);
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date');

  const app = await NestFactory.create(AppModule.register(config), { bufferLogs: true });
  configureApp(app);

  const users = app.get(UsersService);
  const admin = await users.bootstrapSystemAdmin(config.adminPassword);
  const logins: Array<{ username: string; password: string; role: string; name: string }> = [];
  if (admin) logins.push({ ...admin, role: 'system_admin', name: '系统管理员' });
  if (admin && config.demoData) logins.push(...(await loadDemoData(app, config.dataDir)));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}; stopping`);
    await app.close().catch(() => undefined);
    await cluster?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen(config.port, '0.0.0.0');
  app.flushLogs();
  const url = `http://localhost:${config.port}`;
  log(`listening on ${url} (API ${url}/api/v1, docs ${url}/api/docs)`, { embedded: Boolean(cluster) });
  if (logins.length > 0) printLogins(logins, url, join(config.dataDir, 'demo-logins.txt'));
}

function printLogins(logins: Array<{ username: string; password: string; role: string; name: string }>, url: string, file: string) {
  const width = Math.max(...logins.map((l) => l.username.length));
  const lines = [
    '',
    `  Logins (shown once; the demo ones are also in ${file}):`,
    ...logins.map((l) => `    ${l.username.padEnd(width)}  ${l.password}  ${l.role}  ${l.name}`),
    `  Log in: curl -s ${url}/api/v1/auth/login -H 'content-type: application/json' -d '{"username":"${logins[0].username}","password":"..."}'`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  // a cluster this start brought up goes down with it rather than linger without a service
  void (cluster?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
});
