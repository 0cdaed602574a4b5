import type { ClientBase } from 'pg';
import { type ChainBreak, ChainVerifier, GENESIS_HASH } from '../audit/chain.js';
import { CopyRowSplitter, TrailCopyDecoder, trailCopySql } from '../audit/chain-copy.js';
import { copyOut } from './pg-copy-out.js';

/**
 * A stretch of one chain, `from <= seq < to` (null: open), checked as the whole walk would check it from the record
 * before it (`after`: the last stored record before `from`, or the chain's start). Stretches of a long chain are
 * checked side by side (src/cli/audit-worker.ts); the first break of the chain is the first break of the earliest
 * broken stretch, because a stretch before it that found nothing ends exactly where the next one was started.
 */
export interface Segment {
  index: number;
  chainId: string;
  from: number | null;
  to: number | null;
  after: { seq: number; hash: string };
}

export interface SegmentOutcome {
  index: number;
  ok: boolean;
  recordsChecked: number;
  /** Where the walk stands at the end (or before the break): the last record that passed. */
  lastSeq: number;
  lastHash: string;
  firstBroken: ChainBreak | null;
  /** Rows read (all of them, also after a break). */
  rows: number;
  /** Rows that took the general path (src/audit/chain-copy.ts). */
  generalRows: number;
}

export interface SegmentOptions {
  generalOnly?: boolean;
  /** Called every PROGRESS_EVERY rows and at the end with the rows read since the last call. */
  progress?: (rows: number) => void;
  /** Export: every row's line (JSON and a newline), in order, also after a break. */
  line?: (line: Buffer) => void;
  /** Export: a promise while the file wants to drain (the COPY waits). */
  paused?: () => Promise<void> | undefined;
}

export const PROGRESS_EVERY = 8192;

/** Streams one stretch through COPY: every row hashed from its bytes and checked in order by a ChainVerifier. */
export async function verifySegment(client: ClientBase, segment: Segment, options: SegmentOptions = {}): Promise<SegmentOutcome> {
  const verifier = new ChainVerifier(segment.after);
  const decoder = new TrailCopyDecoder(segment.chainId, { generalOnly: options.generalOnly, lines: options.line !== undefined });
  const splitter = new CopyRowSplitter();
  const exporting = options.line;
  let rows = 0;
  let reported = 0;
  let intact = true;
  const row = (src: Buffer, start: number, end: number) => {
    rows += 1;
    // once broken, a verification only drains the COPY; an export goes on writing every record as it is stored
    if (intact || exporting) {
      const record = decoder.decode(src, start, end);
      if (intact) intact = verifier.pushLink(record, record.recomputed);
      exporting?.(decoder.line);
    }
    if (rows - reported === PROGRESS_EVERY) {
      options.progress?.(rows - reported);
      reported = rows;
    }
  };
  await copyOut(client, trailCopySql(segment.chainId, segment), (chunk) => {
    splitter.push(chunk, row);
    return options.paused?.();
  });
  splitter.end();
  if (rows > reported) options.progress?.(rows - reported);
  const result = verifier.result;
  return {
    index: segment.index,
    ok: result.ok,
    recordsChecked: result.recordsChecked,
    lastSeq: result.headSeq,
    lastHash: result.headHash,
    firstBroken: result.firstBroken,
    rows,
    generalRows: decoder.generalRows,
  };
}

/**
 * One chain's verdict from its stretches, in order: the first broken stretch's break, or, when all are intact, the
 * end of the walk compared with the stored head (`null`: records but no head row, which only a privileged hand can
 * cause, so it counts as a head of record 0).
 */
export function mergeSegments(outcomes: SegmentOutcome[], head: { seq: number; hash: string } | null) {
  let recordsChecked = 0;
  let generalRows = 0;
  let rows = 0;
  for (const o of outcomes) {
    generalRows += o.generalRows;
    rows += o.rows;
  }
  for (const o of outcomes) {
    recordsChecked += o.recordsChecked;
    if (!o.ok) return { ok: false, recordsChecked, headSeq: o.lastSeq, headHash: o.lastHash, firstBroken: o.firstBroken, generalRows, rows };
  }
  const last = outcomes[outcomes.length - 1];
  const end = last ? { seq: last.lastSeq, hash: last.lastHash } : { seq: 0, hash: GENESIS_HASH };
  const tail = new ChainVerifier(end);
  tail.finish(head ?? (rows > 0 ? { seq: 0, hash: GENESIS_HASH } : undefined));
  const result = tail.result;
  return { ok: result.ok, recordsChecked, headSeq: end.seq, headHash: end.hash, firstBroken: result.firstBroken, generalRows, rows };
}
