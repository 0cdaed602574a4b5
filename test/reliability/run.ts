import { formatReport, fullOptions, runReliability, shortOptions } from './bank.js';

/**
 * `npm run test:reliability`: the bank test under faults, 5 minutes with 32 clients by default (RELIABILITY_SECONDS,
 * RELIABILITY_CLIENTS, RELIABILITY_KILLS, RELIABILITY_IMPORT_ROWS override; `--short` is the 30-second form the
 * suite runs). Prints the counts; exits 1 when any anomaly was found.
 */
const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const options = process.argv.includes('--short') ? shortOptions(process.cwd(), log) : fullOptions(process.cwd(), log);
if (process.argv.includes('--keep')) options.keep = true;
const report = await runReliability(options);
process.stdout.write(formatReport(report) + '\n');
process.exit(report.anomalies.length === 0 ? 0 : 1);
