import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { TRAIL_COPY_SESSION } from '../audit/chain-copy.js';
import { type Segment, verifySegment } from './audit-segments.js';

/**
 * A thread of `audit verify` (src/cli/audit-command.ts): checks the stretches of chains it is sent, on a connection
 * of its own that reads the snapshot the command exported (SET TRANSACTION SNAPSHOT), so every thread sees exactly
 * the trail the command sees. Hashing is CPU-bound; two threads and two PostgreSQL backends use both cores of a
 * two-core machine.
 *
 * Messages in: { segment } (one at a time) or { end: true }. Out: { progress: rows }, { done: SegmentOutcome },
 * { failed: message }.
 */
interface WorkerData {
  url: string;
  snapshot: string;
  generalOnly?: boolean;
}

const port = parentPort;
if (!port) throw new Error('audit-worker runs as a worker thread');
const { url, snapshot, generalOnly } = workerData as WorkerData;
if (!/^[0-9A-Fa-f-]+$/.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot}`);

const client = new pg.Client({ connectionString: url, application_name: 'dues-custody-ledger audit verify' });
const connected = client.connect();

port.on('message', (message: { segment?: Segment; end?: boolean }) => {
  if (message.end) {
    void connected.then(() => client.end()).finally(() => port.close());
    return;
  }
  const segment = message.segment!;
  void (async () => {
    try {
      await connected;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      for (const statement of TRAIL_COPY_SESSION) await client.query(statement);
      const outcome = await verifySegment(client, segment, { generalOnly, progress: (rows) => port.postMessage({ progress: rows }) });
      await client.query('COMMIT');
      port.postMessage({ done: outcome });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
