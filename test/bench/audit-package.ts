/**
 * How long the audit package (审计资料包) of one union-year takes, and how much memory it holds while it streams.
 *
 *   npm run bench:audit-package                       # the embedded PostgreSQL in .data/bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:audit-package
 *   BENCH_PACKAGE_LINES=20000 npm run bench:audit-package
 *
 * A database of its own; one centre, one union and twelve months, each month opened, filled with posted two-line
 * spending entries (written with SQL in batches: the triggers number them and move the balances as any posting) and
 * closed, so the package covers a closed year with BENCH_PACKAGE_LINES journal lines (default 10,000). Then an
 * internal audit engagement of the union for that year, and the package rendered through the service, as the
 * HTTP route does, into a byte counter. Prints the time, the pages, the bytes and the peak resident memory.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { AppModule } from '../../src/app.module.js';
import { EngagementsService } from '../../src/audit/index.js';
import { UsersService } from '../../src/auth/users.service.js';
import type { Principal, RequestContext } from '../../src/common/request-context.js';
import { loadConfig } from '../../src/config/index.js';
import { runMigrations } from '../../src/database/index.js';
import { PeriodsService } from '../../src/ledger/index.js';
import { CentresService, UnionsService } from '../../src/org/index.js';
import { AuditPackageService } from '../../src/reporting/index.js';
import { withClient } from '../support/test-database.js';
import { databaseUrl, startBenchServer } from './bench-server.js';

const LINES = Number(process.env.BENCH_PACKAGE_LINES ?? 10_000);
const RUNS = Number(process.env.BENCH_PACKAGE_RUNS ?? 3);
const YEAR = 2025;
const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main() {
  const server = await startBenchServer(54349, log);
  const adminUrl = server.adminUrl;
  const stop = () => server.stop();
  const database = `dcl_bench_pkg_${randomBytes(4).toString('hex')}`;
  const url = new URL(databaseUrl(adminUrl, database));
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${database} ENCODING 'UTF8' TEMPLATE template0`));
  const dataDir = mkdtempSync(join(tmpdir(), 'dcl-bench-'));
  try {
    await runMigrations(url.toString());
    const config = loadConfig(
      { NODE_ENV: 'test', DATABASE_URL: url.toString(), DATA_DIR: dataDir, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024', ARGON2_PASSES: '1' },
      [],
    );
    const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: false });
    const sql = new pg.Pool({ connectionString: url.toString(), max: 4 });
    try {
      await app.get(UsersService).bootstrapSystemAdmin('admin-password-for-the-bench');
      const [admin] = (await sql.query(`SELECT id, username FROM app_user WHERE role = 'system_admin'`)).rows;
      const ctx = (principal: Principal): RequestContext => ({ principal, requestId: 'bench' });
      const asAdmin = ctx({ userId: admin.id, username: admin.username, role: 'system_admin', centreId: null, unionId: null, enterpriseId: null });
      const centre = await app.get(CentresService).create(asAdmin, { code: 'BENCH', name: '基准测试托管中心', bankAccountNo: '33050161672700000999', bankName: '中国建设银行' });
      const users = app.get(UsersService);
      const person = async (username: string, role: string) =>
        users.create(asAdmin, centre.id, { username, displayName: username, role: role as never, password: 'a-password-for-the-bench' });
      const accountant = await person('bench-accountant', 'centre_accountant');
      const supervisor = await person('bench-supervisor', 'centre_supervisor');
      const auditor = await person('bench-auditor', 'internal_auditor');
      const asAccountant = ctx({ userId: accountant.id, username: accountant.username, role: 'centre_accountant', centreId: centre.id, unionId: null, enterpriseId: null });
      const asSupervisor = ctx({ userId: supervisor.id, username: supervisor.username, role: 'centre_supervisor', centreId: centre.id, unionId: null, enterpriseId: null });
      const union = await app.get(UnionsService).create(asAccountant, centre.id, { code: 'B-001', name: '基准测试工会', kind: 'grassroots', memberCount: 500 });
      const accounts = new Map((await sql.query(`SELECT code, id FROM account WHERE centre_id IS NULL`)).rows.map((r) => [r.code, r.id]));

      const periods = app.get(PeriodsService);
      const entriesPerMonth = Math.ceil(LINES / 2 / 12);
      log(`filling ${YEAR}: ${entriesPerMonth * 12} entries, ${entriesPerMonth * 24} lines`);
      const started = performance.now();
      for (let month = 1; month <= 12; month += 1) {
        const period = `${YEAR}-${String(month).padStart(2, '0')}`;
        await periods.open(asAccountant, centre.id, period);
        if (month > 1) await periods.close(asSupervisor, centre.id, `${YEAR}-${String(month - 1).padStart(2, '0')}`);
        const receipt = month === 1 ? [{ debit: '102', credit: '40201', amount: '100000000.00' }] : [];
        const rows = [...receipt, ...Array.from({ length: entriesPerMonth - receipt.length }, (_, i) => ({ debit: '501', credit: '102', amount: `${(i % 97) + 1}.50` }))];
        const ids = rows.map(() => randomUUID());
        const date = `${period}-15`;
        const client = await sql.connect();
        try {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO journal_line (centre_id, entry_id, line_no, union_id, account_id, debit, credit)
             SELECT $1, e, n, $2, a, d, c FROM unnest($3::uuid[], $4::int[], $5::uuid[], $6::numeric[], $7::numeric[]) AS t(e, n, a, d, c)`,
            [
              centre.id,
              union.id,
              ids.flatMap((id) => [id, id]),
              ids.flatMap(() => [1, 2]),
              rows.flatMap((r) => [accounts.get(r.debit), accounts.get(r.credit)]),
              rows.flatMap((r) => [r.amount, '0']),
              rows.flatMap((r) => ['0', r.amount]),
            ],
          );
          await client.query(
            `INSERT INTO journal_entry (centre_id, id, year, month, entry_date, status, source, memo, prepared_by, posted_by)
             SELECT $1, id, $3, $4, $5, 'posted', 'spending', '基准测试支出', $6, $6 FROM unnest($2::uuid[]) AS t(id)`,
            [centre.id, ids, YEAR, month, date, accountant.id],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        } finally {
          client.release();
        }
      }
      await periods.close(asSupervisor, centre.id, `${YEAR}-12`);
      const [{ lines }] = (await sql.query('SELECT count(*)::int AS lines FROM journal_line WHERE centre_id = $1', [centre.id])).rows;
      log(`filled in ${((performance.now() - started) / 1000).toFixed(1)} s: ${lines} journal lines (with the year-end closing)`);

      const today = new Date().toISOString().slice(0, 10);
      const engagement = await app.get(EngagementsService).open(asSupervisor, centre.id, {
        kind: 'internal', title: `${YEAR}年度基准测试审计`, auditorUserIds: [auditor.id], unionIds: [union.id],
        periodFrom: `${YEAR}-01`, periodTo: `${YEAR}-12`, validFrom: today, validUntil: today,
      });
      const packages = app.get(AuditPackageService);
      const asAuditor = ctx({
        userId: auditor.id, username: auditor.username, role: 'internal_auditor', centreId: centre.id, unionId: null, enterpriseId: null,
        audit: { engagementIds: [engagement.id], allUnions: false, unionIds: [union.id], periodFrom: `${YEAR}-01`, periodTo: `${YEAR}-12` },
      });

      const results: Array<{ seconds: number; bytes: number; pages: number; peakRssMb: number }> = [];
      for (let run = 1; run <= RUNS; run += 1) {
        global.gc?.();
        let bytes = 0;
        let pages = 0;
        let peak = process.memoryUsage().rss;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const t0 = performance.now();
        const { document } = await packages.render(asAuditor, centre.id, engagement.id);
        await pipeline(
          document,
          new Writable({
            write(chunk: Buffer, _encoding, done) {
              bytes += chunk.length;
              // each page object of the PDF carries this marker
              pages += chunk.toString('latin1').split('/Type /Page\n').length - 1;
              done();
            },
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        clearInterval(sampler);
        results.push({ seconds, bytes, pages, peakRssMb: peak / 1024 / 1024 });
        log(`run ${run}: ${seconds.toFixed(2)} s, ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
      }
      const best = results.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
      const median = [...results].sort((a, b) => a.seconds - b.seconds)[Math.floor(results.length / 2)];
      process.stdout.write(
        [
          `audit package of one union-year: ${lines} journal lines (${entriesPerMonth * 12} entries), ${RUNS} runs`,
          `  median ${median.seconds.toFixed(2)} s, best ${best.seconds.toFixed(2)} s  (${(lines / median.seconds).toFixed(0)} journal lines/s)`,
          `  ${median.pages || 'n/a'} pages, ${(median.bytes / 1024 / 1024).toFixed(1)} MiB, peak resident memory ${Math.max(...results.map((r) => r.peakRssMb)).toFixed(0)} MiB`,
        ].join('\n') + '\n',
      );
    } finally {
      await sql.end();
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(() => undefined);
    await stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
