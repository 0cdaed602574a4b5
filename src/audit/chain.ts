import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';

/** The chain key of what happens outside any centre (system administration, anonymous refusals). */
export const PLATFORM_CHAIN = '00000000-0000-0000-0000-000000000000';
export const GENESIS_HASH = '0'.repeat(64);
export const CHAIN_FORMAT_VERSION = 1;

/** Everything of a record that its hash covers. Documented in docs/audit-chain.md. */
export interface AuditRecordContent {
  centreId: string;
  seq: number;
  prevHash: string;
  occurredAt: string;
  actorUserId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'ok' | 'refused';
  requestId: string | null;
  detail: unknown;
}

/** hash = hex(SHA-256(UTF-8(JCS({ v: 1, ...content })))) */
export function hashRecord(content: AuditRecordContent): string {
  const canonical = canonicalJson({ v: CHAIN_FORMAT_VERSION, ...content });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Details are stored as JSONB and read back through JSON.parse; hashing the JSON round trip of what we store means
 * the hash computed at append equals the one recomputed from the row (no Dates, undefineds or class instances).
 */
export function normaliseDetail(detail: unknown): unknown {
  return detail === undefined ? {} : JSON.parse(JSON.stringify(detail));
}

export interface ChainBreak {
  seq: number;
  reason: 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch';
  message: string;
  storedHash?: string;
  expectedHash?: string;
}

/** Walks one chain record by record, in seq order; remembers the first break. Pure: no I/O. */
export class ChainVerifier {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private checked = 0;
  private broken?: ChainBreak;

  /** Returns false once the chain is broken (the caller may stop reading). */
  push(record: AuditRecordContent & { hash: string }): boolean {
    if (this.broken) return false;
    this.checked += 1;
    if (record.seq !== this.lastSeq + 1) {
      this.broken = {
        seq: record.seq,
        reason: 'sequence-gap',
        message: `record ${record.seq} follows record ${this.lastSeq}: records are missing`,
      };
      return false;
    }
    if (record.prevHash !== this.lastHash) {
      this.broken = {
        seq: record.seq,
        reason: 'prev-hash-mismatch',
        message: `record ${record.seq} does not point to the hash of record ${this.lastSeq}`,
        storedHash: record.prevHash,
        expectedHash: this.lastHash,
      };
      return false;
    }
    const { hash, ...content } = record;
    const expected = hashRecord(content);
    if (expected !== hash) {
      this.broken = {
        seq: record.seq,
        reason: 'hash-mismatch',
        message: `record ${record.seq} was altered: its content does not match its hash`,
        storedHash: hash,
        expectedHash: expected,
      };
      return false;
    }
    this.lastSeq = record.seq;
    this.lastHash = hash;
    return true;
  }

  /** Compares the end of the walk with the stored head (records removed from the tail show here). */
  finish(head: { seq: number; hash: string } | undefined): void {
    if (this.broken || !head) return;
    if (head.seq !== this.lastSeq || head.hash !== this.lastHash) {
      this.broken = {
        seq: head.seq,
        reason: 'head-mismatch',
        message: `the chain head says record ${head.seq} but the records end at ${this.lastSeq}`,
        storedHash: head.hash,
        expectedHash: this.lastHash,
      };
    }
  }

  get result() {
    return { ok: !this.broken, recordsChecked: this.checked, headSeq: this.lastSeq, headHash: this.lastHash, firstBroken: this.broken ?? null };
  }
}
