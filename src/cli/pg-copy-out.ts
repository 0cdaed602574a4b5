import type { ClientBase, Connection, Submittable } from 'pg';

/**
 * `COPY … TO STDOUT` through node-postgres, without pg-copy-streams: a Submittable (the interface pg-cursor and
 * pg-query-stream plug into) that hands the bytes of every CopyData message to `onData` as the socket delivers them,
 * undecoded. Nothing accumulates: PostgreSQL streams the rows and waits when the socket is full, so memory stays flat
 * whatever the size of the trail. When `onData` returns a promise (a file that wants to drain), the socket is paused
 * until it settles. An error thrown by `onData` ends the feeding; the COPY is drained and the promise rejects with it.
 * Resolves with the row count PostgreSQL reports.
 */
export function copyOut(client: ClientBase, sql: string, onData: (chunk: Buffer) => void | Promise<void>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let failure: unknown;
    let rows = 0;
    let paused = 0;
    let connection: Connection | undefined;
    const resume = () => {
      paused -= 1;
      if (paused === 0) connection?.stream.resume();
    };
    const query: Submittable & Record<string, unknown> = {
      submit(con: Connection) {
        connection = con;
        con.query(sql);
      },
      handleCopyData(message: { chunk: Buffer }) {
        if (failure !== undefined) return;
        try {
          const pending = onData(message.chunk);
          if (pending) {
            if (paused === 0) connection?.stream.pause();
            paused += 1;
            pending.then(resume, (error: unknown) => {
              failure ??= error;
              resume();
            });
          }
        } catch (error) {
          failure = error;
        }
      },
      handleCommandComplete(message: { text?: string }) {
        const match = /^COPY (\d+)/.exec(message.text ?? '');
        if (match) rows = Number(match[1]);
      },
      handleReadyForQuery() {
        if (paused > 0) connection?.stream.resume();
        if (failure !== undefined) reject(failure);
        else resolve(rows);
      },
      handleError(error: Error) {
        if (paused > 0) connection?.stream.resume();
        reject(failure ?? error);
      },
      handleCopyInResponse(con: Connection & { sendCopyFail?: (message: string) => void }) {
        con.sendCopyFail?.('copyOut only reads');
      },
      handleRowDescription() {
        failure ??= new Error(`not a COPY TO STDOUT: ${sql.slice(0, 80)}`);
      },
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
    };
    client.query(query);
  });
}
