import * as crypto from 'node:crypto';
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

/** The members a record's hash covers, in canonical (UTF-16 code unit) order; `v` sorts after all of them. */
const CONTENT_KEYS = [
  'action', 'actorRole', 'actorUserId', 'actorUsername', 'centreId', 'detail', 'objectId', 'objectType', 'occurredAt',
  'outcome', 'prevHash', 'requestId', 'seq',
] as const;

/** Lowercase hex SHA-256; a string is hashed as UTF-8. Uses the one-shot `crypto.hash` where Node has it (≥ 20.12). */
export function sha256Hex(data: string | Uint8Array): string {
  return typeof crypto.hash === 'function'
    ? crypto.hash('sha256', data, 'hex')
    : crypto.createHash('sha256').update(data).digest('hex');
}

/**
 * JCS({ v: 1, ...content }). A content of exactly the documented members (the usual case) is written member by member
 * in their canonical order, which is the same bytes as sorting them, only without sorting; anything else (an extra
 * member, an undefined one) takes the general path.
 */
export function canonicalRecord(content: AuditRecordContent): string {
  const record = content as unknown as Record<string, unknown>;
  const exact = Object.keys(record).length === CONTENT_KEYS.length && CONTENT_KEYS.every((key) => Object.hasOwn(record, key) && record[key] !== undefined);
  if (!exact) {
    return canonicalJson({ v: CHAIN_FORMAT_VERSION, ...content });
  }
  let out = '{';
  for (const key of CONTENT_KEYS) out += `"${key}":${canonicalJson(record[key])},`;
  return `${out}"v":${CHAIN_FORMAT_VERSION}}`;
}

/** hash = hex(SHA-256(UTF-8(JCS({ v: 1, ...content })))) */
export function hashRecord(content: AuditRecordContent): string {
  return sha256Hex(canonicalRecord(content));
}

/**
 * Details are stored as JSONB and read back through JSON.parse; hashing the JSON round trip of what we store means
 * the hash computed at append equals the one recomputed from the row (no Dates, undefineds or class instances).
 */
export function normaliseDetail(detail: unknown): unknown {
  return detail === undefined ? {} : JSON.parse(JSON.stringify(detail));
}

/** What links a record into its chain. */
export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface ChainBreak {
  seq: number;
  reason: 'sequence-gap' | 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch';
  message: string;
  storedHash?: string;
  expectedHash?: string;
}

/**
 * Walks one chain record by record, in seq order; remembers the first break. Pure: no I/O.
 *
 * `after` starts the walk behind a stored record instead of at the chain's start: the verifier then checks a stretch
 * of the chain as the whole walk would, provided the walk up to that record found nothing (so stretches can be checked
 * side by side and the first break taken from the earliest stretch).
 */
export class ChainVerifier {
  private lastSeq: number;
  private lastHash: string;
  private checked = 0;
  private broken?: ChainBreak;

  constructor(after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
    this.lastSeq = after.seq;
    this.lastHash = after.hash;
  }

  /** Returns false once the chain is broken (the caller may stop reading). */
  push(record: AuditRecordContent & { hash: string }): boolean {
    return this.pushLink(record, () => {
      const { hash: _stored, ...content } = record;
      return hashRecord(content);
    });
  }

  /**
   * The same checks as `push`, in the same order, for a record whose content was hashed elsewhere (the CLI hashes
   * straight from the bytes PostgreSQL sends, see chain-copy.ts): `recomputed` is the hash of its content, or a
   * function that computes it, called only when sequence and link are in order.
   */
  pushLink(record: ChainLink, recomputed: string | (() => string)): boolean {
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
    const hash = record.hash;
    const expected = typeof recomputed === 'string' ? recomputed : recomputed();
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
