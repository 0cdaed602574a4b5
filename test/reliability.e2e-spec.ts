import { formatReport, runReliability, shortOptions } from './reliability/bank.js';

/**
 * The short form of the bank test under faults (test/reliability/README.md): the real service (`node dist/src/main.js`,
 * built first when dist/ is stale) on a PostgreSQL cluster of its own, 8 clients for 30 s, 2 SIGKILLs of the service
 * and one `pg_ctl stop -m immediate` of the cluster, a 1,000-line CLI import killed half way and run again. The full
 * form is `npm run test:reliability` (5 minutes, 32 clients, 10,000 lines).
 */
describe('bank test under faults (short form)', () => {
  it('keeps every acknowledged fen, applies every key once and keeps the chain through kills and a PostgreSQL restart', async () => {
    const log: string[] = [];
    const report = await runReliability(shortOptions(process.cwd(), (line) => log.push(line)));
    console.log(`${log.join('\n')}\n${formatReport(report)}`);
    expect(report.faults.kills).toBeGreaterThanOrEqual(2);
    expect(report.faults.pgRestarts).toBe(1);
    expect(report.operationsTotal).toBeGreaterThan(0);
    expect(report.checks).toBeGreaterThanOrEqual(4);
    expect(report.import?.appliedOnce).toBe(report.import?.rows);
    expect(report.anomalies).toEqual([]);
  }, 300_000);
});
