/**
 * Audit records straight from the bytes of `COPY (SELECT …) TO STDOUT` (PostgreSQL's text format): how the CLI reads a
 * whole trail to verify or export it (src/cli/audit-command.ts). Turning a million rows into JavaScript objects costs
 * more than hashing them, so a record is hashed from its bytes:
 *
 * - **the fast path** writes JCS({ v: 1, …content }) (docs/audit-chain.md) from the row's bytes without decoding them:
 *   the text columns are copied between quotes, the timestamp rewritten as ISO 8601, and the detail — PostgreSQL's
 *   jsonb text, keys ordered by length — re-serialised with its object members sorted and no white space. It takes a
 *   row only when doing so gives exactly the bytes `hashRecord` hashes: no backslash in the detail (so no COPY
 *   escape and no JSON escape), no quote, backslash or control character in a text column, object keys that sort the
 *   same as UTF-8 bytes and as UTF-16 code units (no byte ≥ 0xEE), a timestamp of a four-digit year; integers of at
 *   most 15 digits are copied as they are, other numbers go through `Number` and `JSON.stringify`, as `JSON.parse`
 *   and `canonicalJson` would take them;
 * - **the general path**, for every other row, decodes the row the way the service reads it (`toRecord` in
 *   audit-trail.service.ts: bigint through `Number`, jsonb through `JSON.parse`, the timestamp as `Date#toISOString`
 *   would print it) and hashes it with `hashRecord`.
 *
 * Both give the hash of the same canonical bytes; the tests run whole chains both ways (`generalOnly`). With
 * `lines`, the decoder also writes each record's export line: the record in the API's shape, the detail canonical.
 *
 * The session must print timestamps as ISO in UTC: run `TRAIL_COPY_SESSION` in the transaction before the COPY.
 */
import { canonicalJson } from '../common/canonical-json.js';
import { type AuditRecordContent, CHAIN_FORMAT_VERSION, type ChainLink, hashRecord, sha256Hex } from './chain.js';

const COLUMNS = [
  'seq', 'prev_hash', 'occurred_at', 'actor_user_id', 'actor_username', 'actor_role', 'action', 'object_type', 'object_id',
  'outcome', 'request_id', 'detail', 'hash',
];
const F_SEQ = 0;
const F_PREV = 1;
const F_AT = 2;
const F_USER_ID = 3;
const F_USERNAME = 4;
const F_ROLE = 5;
const F_ACTION = 6;
const F_OBJECT_TYPE = 7;
const F_OBJECT_ID = 8;
const F_OUTCOME = 9;
const F_REQUEST = 10;
const F_DETAIL = 11;
const F_HASH = 12;
const FIELDS = COLUMNS.length;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Session settings the COPY needs (inside a transaction: `SET LOCAL` ends with it). */
export const TRAIL_COPY_SESSION = [`SET LOCAL TimeZone = 'UTC'`, `SET LOCAL DateStyle = 'ISO, YMD'`];

/**
 * The COPY of one chain, or of the stretch `from <= seq < to` of it (either end open when null), in seq order. The
 * centre id is checked to be a UUID and the bounds to be integers before they are written into the SQL.
 */
export function trailCopySql(centreId: string, range: { from?: number | null; to?: number | null } = {}): string {
  if (!UUID.test(centreId)) throw new TypeError(`not a lowercase UUID: ${centreId}`);
  let where = `centre_id = '${centreId}'`;
  for (const [bound, op] of [[range.from, '>='], [range.to, '<']] as const) {
    if (bound === null || bound === undefined) continue;
    if (!Number.isSafeInteger(bound)) throw new TypeError(`not an integer: ${bound}`);
    where += ` AND seq ${op} ${bound}`;
  }
  return `COPY (SELECT ${COLUMNS.join(', ')} FROM audit_record WHERE ${where} ORDER BY seq) TO STDOUT`;
}

/** One record of a COPY: its links, and the hash of its content recomputed. */
export interface CopiedRecord extends ChainLink {
  recomputed: string;
}

export class CopyFormatError extends Error {}

const enc = (text: string) => Buffer.from(text, 'latin1');
const K_OPEN = enc('{"action":');
const K_ROLE = enc(',"actorRole":');
const K_USER_ID = enc(',"actorUserId":');
const K_USERNAME = enc(',"actorUsername":');
const K_CENTRE = enc(',"centreId":');
const K_DETAIL = enc(',"detail":');
const K_OBJECT_ID = enc(',"objectId":');
const K_OBJECT_TYPE = enc(',"objectType":');
const K_AT = enc(',"occurredAt":');
const K_OUTCOME = enc(',"outcome":');
const K_PREV = enc(',"prevHash":');
const K_REQUEST = enc(',"requestId":');
const K_SEQ = enc(',"seq":');
const K_CLOSE = enc(`,"v":${CHAIN_FORMAT_VERSION}}`);
// the export line: the record in the order the API serves it (audit-trail.service.ts toRecord), detail canonical
const L_CENTRE = enc('{"centreId":');
const L_SEQ = enc(',"seq":');
const L_PREV = enc(',"prevHash":');
const L_AT = enc(',"occurredAt":');
const L_USER_ID = enc(',"actorUserId":');
const L_USERNAME = enc(',"actorUsername":');
const L_ROLE = enc(',"actorRole":');
const L_ACTION = enc(',"action":');
const L_OBJECT_TYPE = enc(',"objectType":');
const L_OBJECT_ID = enc(',"objectId":');
const L_OUTCOME = enc(',"outcome":');
const L_REQUEST = enc(',"requestId":');
const L_DETAIL = enc(',"detail":');
const L_HASH = enc(',"hash":');
const L_CLOSE = enc('}\n');

/** A growable byte buffer. Writers index `buf` directly; `reset` makes room for a whole record first. */
class Bytes {
  buf = Buffer.allocUnsafe(1 << 16);
  len = 0;

  reset(capacity: number): void {
    if (this.buf.length < capacity) this.buf = Buffer.allocUnsafe(Math.max(capacity, this.buf.length * 2));
    this.len = 0;
  }

  ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.len + extra, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** A constant (TypedArray#set: a native copy without allocation). */
  put(bytes: Buffer): void {
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** src[start, end) as it is (a native copy when long, a loop when short: a call costs more than a few bytes). */
  copy(src: Buffer, start: number, end: number): void {
    if (end - start > 64) {
      src.copy(this.buf, this.len, start, end);
      this.len += end - start;
      return;
    }
    const buf = this.buf;
    let len = this.len;
    for (let i = start; i < end; i += 1) buf[len++] = src[i];
    this.len = len;
  }

  /** A uuid column (PostgreSQL prints nothing but hex digits and dashes) as a JSON string, or `null`. */
  uuid(src: Buffer, start: number, end: number): boolean {
    if (end - start !== 36) return this.text(src, start, end);
    const buf = this.buf;
    let len = this.len;
    buf[len++] = 0x22;
    for (let i = start; i < end; i += 1) buf[len++] = src[i];
    buf[len++] = 0x22;
    this.len = len;
    return true;
  }

  /** A COPY text field as a JSON string (`null` for `\N`); false when a byte would need escaping. */
  text(src: Buffer, start: number, end: number): boolean {
    const buf = this.buf;
    let len = this.len;
    if (end - start === 2 && src[start] === 0x5c && src[start + 1] === 0x4e) {
      buf[len++] = 0x6e;
      buf[len++] = 0x75;
      buf[len++] = 0x6c;
      buf[len++] = 0x6c;
      this.len = len;
      return true;
    }
    buf[len++] = 0x22;
    for (let i = start; i < end; i += 1) {
      const b = src[i];
      if (NEEDS_ESCAPE[b] === 1) return false;
      buf[len++] = b;
    }
    buf[len++] = 0x22;
    this.len = len;
    return true;
  }
}

/** Bytes JSON.stringify would escape (control characters, quote, backslash); a backslash is also every COPY escape. */
const NEEDS_ESCAPE = Uint8Array.from({ length: 256 }, (_, b) => (b < 0x20 || b === 0x22 || b === 0x5c ? 1 : 0));

const MAX_DEPTH = 200;

/**
 * jsonb text as PostgreSQL prints it (`{"b": 1, "aa": [true, null]}`: keys by length, then bytes; a space after
 * every colon and comma) → canonical JSON, written straight into the output in one pass: members are written in the
 * order they come, and an object whose keys were not in order has its members moved into order when it closes.
 * The caller has made sure the text holds no backslash, so every quote starts or ends a string, no string needs an
 * escape, and (the column being jsonb) no control character appears. Returns false for anything else.
 */
class JsonbWriter {
  private src: Buffer = Buffer.alloc(0);
  private p = 0;
  private limit = 0;
  private out: Bytes = new Bytes();
  /** Members of the open objects: [start of `"key":value` in out, its end, key start, key end] each. */
  private members = new Int32Array(4 * 64);
  private top = 0;
  private readonly order: number[] = [];

  write(src: Buffer, start: number, end: number, out: Bytes): boolean {
    this.src = src;
    this.p = start;
    this.limit = end;
    this.out = out;
    this.top = 0;
    if (!this.value(0)) return false;
    this.skipSpaces();
    return this.p === end;
  }

  private skipSpaces(): void {
    const src = this.src;
    let p = this.p;
    while (p < this.limit && src[p] === 0x20) p += 1;
    this.p = p;
  }

  private value(depth: number): boolean {
    this.skipSpaces();
    const src = this.src;
    const p = this.p;
    if (p >= this.limit) return false;
    const c = src[p];
    if (c === 0x22) {
      // copied while looking for its end (no backslash in the text: the next quote ends it)
      const out = this.out;
      const buf = out.buf;
      const limit = this.limit;
      let len = out.len;
      buf[len++] = 0x22;
      let q = p + 1;
      for (; q < limit; q += 1) {
        const b = src[q];
        buf[len++] = b;
        if (b === 0x22) break;
      }
      if (q >= limit) return false;
      out.len = len;
      this.p = q + 1;
      return true;
    }
    if (c === 0x7b) return depth < MAX_DEPTH && this.object(depth);
    if (c === 0x5b) return depth < MAX_DEPTH && this.array(depth);
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      if (p + word.length > this.limit) return false;
      for (let i = 1; i < word.length; i += 1) if (src[p + i] !== word.charCodeAt(i)) return false;
      this.out.copy(src, p, p + word.length);
      this.p = p + word.length;
      return true;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(p);
    return false;
  }

  /** An integer of 1–15 digits (no leading zero, not -0) prints as it is; any other number as JSON.stringify prints it. */
  private number(p: number): boolean {
    const src = this.src;
    let q = p;
    let plain = true;
    if (src[q] === 0x2d) q += 1;
    const digitsFrom = q;
    while (q < this.limit) {
      const b = src[q];
      if (b >= 0x30 && b <= 0x39) q += 1;
      else if (b === 0x2e || b === 0x65 || b === 0x45 || b === 0x2b || b === 0x2d) {
        plain = false;
        q += 1;
      } else break;
    }
    const digits = q - digitsFrom;
    if (digits < 1 || digits > 15 || (src[digitsFrom] === 0x30 && (digits > 1 || digitsFrom > p))) plain = false;
    this.p = q;
    if (plain) {
      this.out.copy(src, p, q);
      return true;
    }
    const value = Number(src.toString('latin1', p, q));
    if (!Number.isFinite(value)) return false;
    const text = JSON.stringify(value);
    const out = this.out;
    out.ensure(text.length);
    for (let i = 0; i < text.length; i += 1) out.buf[out.len++] = text.charCodeAt(i);
    return true;
  }

  private array(depth: number): boolean {
    const src = this.src;
    const out = this.out;
    out.buf[out.len++] = 0x5b;
    this.p += 1;
    this.skipSpaces();
    if (this.p < this.limit && src[this.p] === 0x5d) {
      this.p += 1;
      out.buf[out.len++] = 0x5d;
      return true;
    }
    for (let n = 0; ; n += 1) {
      if (n > 0) out.buf[out.len++] = 0x2c;
      if (!this.value(depth + 1)) return false;
      this.skipSpaces();
      if (this.p >= this.limit) return false;
      const d = src[this.p];
      this.p += 1;
      if (d === 0x5d) break;
      if (d !== 0x2c) return false;
    }
    out.buf[out.len++] = 0x5d;
    return true;
  }

  private object(depth: number): boolean {
    const src = this.src;
    const out = this.out;
    const start = out.len;
    out.buf[out.len++] = 0x7b;
    this.p += 1;
    this.skipSpaces();
    if (this.p < this.limit && src[this.p] === 0x7d) {
      this.p += 1;
      out.buf[out.len++] = 0x7d;
      return true;
    }
    const base = this.top;
    let sorted = true;
    for (;;) {
      this.skipSpaces();
      const p = this.p;
      if (p >= this.limit || src[p] !== 0x22) return false;
      if (this.top > base) out.buf[out.len++] = 0x2c;
      const m = this.top;
      if (m + 4 > this.members.length) {
        const bigger = new Int32Array(this.members.length * 2);
        bigger.set(this.members);
        this.members = bigger;
      }
      this.top += 4;
      // `"key":` copied while looking for the key's end; below U+E000 (UTF-8 lead bytes < 0xEE) UTF-8 byte order
      // is UTF-16 code unit order
      const buf = out.buf;
      let len = out.len;
      this.members[m] = len;
      buf[len++] = 0x22;
      let q = p + 1;
      for (; q < this.limit; q += 1) {
        const b = src[q];
        if (b === 0x22) break;
        if (b >= 0xee) return false;
        buf[len++] = b;
      }
      if (q >= this.limit) return false;
      this.members[m + 2] = this.members[m] + 1;
      this.members[m + 3] = len;
      buf[len++] = 0x22;
      buf[len++] = 0x3a;
      out.len = len;
      if (m > base) {
        const order = this.compareKeys(m - 4, m);
        if (order === 0) return false; // a repeated key: not jsonb; JSON.parse decides
        if (order > 0) sorted = false;
      }
      this.p = q + 1;
      this.skipSpaces();
      if (this.p >= this.limit || src[this.p] !== 0x3a) return false;
      this.p += 1;
      if (!this.value(depth + 1)) return false;
      this.members[m + 1] = out.len;
      this.skipSpaces();
      if (this.p >= this.limit) return false;
      const d = src[this.p];
      this.p += 1;
      if (d === 0x7d) break;
      if (d !== 0x2c) return false;
    }
    if (!sorted) this.reorder(base, start + 1);
    out.buf[out.len++] = 0x7d;
    this.top = base;
    return true;
  }

  /** Compares the keys of two members (offsets into `members`) as bytes of the output. */
  private compareKeys(a: number, b: number): number {
    const buf = this.out.buf;
    const members = this.members;
    let i = members[a + 2];
    let j = members[b + 2];
    const ie = members[a + 3];
    const je = members[b + 3];
    while (i < ie && j < je) {
      if (buf[i] !== buf[j]) return buf[i] < buf[j] ? -1 : 1;
      i += 1;
      j += 1;
    }
    return i < ie ? 1 : j < je ? -1 : 0;
  }

  /** Rewrites the members of the object being closed (from `regionStart` to the end of out) in key order. */
  private reorder(base: number, regionStart: number): void {
    const order = this.order;
    order.length = 0;
    for (let m = base; m < this.top; m += 4) {
      let k = order.length;
      order.push(m);
      while (k > 0 && this.compareKeys(order[k - 1], m) > 0) {
        order[k] = order[k - 1];
        k -= 1;
      }
      order[k] = m;
    }
    // the members are copied past the end of the output, then back in order (copyWithin: no allocation)
    const out = this.out;
    const end = out.len;
    out.ensure(end - regionStart);
    const buf = out.buf;
    buf.copyWithin(end, regionStart, end);
    const shift = end - regionStart;
    let w = regionStart;
    for (let k = 0; k < order.length; k += 1) {
      const m = order[k];
      if (k > 0) buf[w++] = 0x2c;
      const from = this.members[m] + shift;
      const to = this.members[m + 1] + shift;
      if (to - from > 48) {
        buf.copyWithin(w, from, to);
        w += to - from;
      } else for (let i = from; i < to; i += 1) buf[w++] = buf[i];
    }
  }
}

function isNullField(src: Uint8Array, start: number, end: number): boolean {
  return end - start === 2 && src[start] === 0x5c && src[start + 1] === 0x4e;
}

const DIGIT = -1;
/** "YYYY-MM-DD HH:MM:SS": a digit or the separator at each place. */
const TIMESTAMP_SHAPE = Int16Array.from('0000-00-00 00:00:00', (c) => (c === '0' ? DIGIT : c.charCodeAt(0)));

const TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d{1,6})?\+00( BC)?$/;

/**
 * A timestamptz printed in UTC with DateStyle ISO → what `toISOString()` prints for the Date node-postgres makes of it
 * (milliseconds truncated, as its parser does).
 */
export function isoFromTimestamp(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) throw new CopyFormatError(`unexpected timestamp "${text}"`);
  // as postgres-date (node-postgres's parser) builds the Date
  const year = m[8] ? 1 - Number(m[1]) : Number(m[1]);
  const ms = m[7] ? 1000 * Number.parseFloat(m[7]) : 0;
  const date = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
  if (year >= 0 && year < 100) date.setUTCFullYear(year);
  return date.toISOString();
}

const COPY_ESCAPES: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };

/** One field of COPY's text format → its bytes (backslash escapes undone), or null for `\N`. */
export function unescapeCopyField(src: Buffer, start: number, end: number): Buffer | null {
  if (isNullField(src, start, end)) return null;
  if (src.subarray(start, end).indexOf(0x5c) < 0) return src.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start);
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const b = src[i];
    if (b !== 0x5c || i + 1 >= end) {
      out[n++] = b;
      continue;
    }
    i += 1;
    const e = src[i];
    if (COPY_ESCAPES[e] !== undefined) out[n++] = COPY_ESCAPES[e];
    else if (e >= 0x30 && e <= 0x37) {
      let value = e - 0x30;
      for (let k = 0; k < 2 && i + 1 < end && src[i + 1] >= 0x30 && src[i + 1] <= 0x37; k += 1) value = value * 8 + (src[++i] - 0x30);
      out[n++] = value & 0xff;
    } else if (e === 0x78 && i + 1 < end && /[0-9a-fA-F]/.test(String.fromCharCode(src[i + 1]))) {
      let hex = String.fromCharCode(src[++i]);
      if (i + 1 < end && /[0-9a-fA-F]/.test(String.fromCharCode(src[i + 1]))) hex += String.fromCharCode(src[++i]);
      out[n++] = parseInt(hex, 16);
    } else out[n++] = e;
  }
  return out.subarray(0, n);
}

export interface DecoderOptions {
  /** Also write each record's export line (a JSON object and a newline); `line` holds it after `decode`. */
  lines?: boolean;
  /** Take the general path for every row (for tests and comparisons). */
  generalOnly?: boolean;
}

/** Decodes and hashes the rows of one chain's COPY. */
export class TrailCopyDecoder {
  /** Rows that took the general path. */
  generalRows = 0;
  private readonly centre: Buffer;
  private readonly starts = new Int32Array(FIELDS);
  private readonly ends = new Int32Array(FIELDS);
  /** Where each value was written in `canon` (start, end per field), for the export line. */
  private readonly at = new Int32Array(2 * FIELDS);
  private readonly canon = new Bytes();
  private readonly lineBytes = new Bytes();
  private readonly json = new JsonbWriter();
  private lineView: Buffer = Buffer.alloc(0);

  constructor(
    private readonly centreId: string,
    private readonly options: DecoderOptions = {},
  ) {
    if (!UUID.test(centreId)) throw new TypeError(`not a lowercase UUID: ${centreId}`);
    this.centre = Buffer.from(`"${centreId}"`, 'latin1');
  }

  /** The export line of the last record decoded (valid until the next `decode`). */
  get line(): Buffer {
    return this.lineView;
  }

  /** One row, src[start, end) without its newline. */
  decode(src: Buffer, start: number, end: number): CopiedRecord {
    const starts = this.starts;
    const ends = this.ends;
    // the short fields before the detail with a loop (cheaper than a call per field), the hash from the end, and
    // the detail is what lies between: COPY escapes every tab inside a value
    let p = start;
    for (let f = 0; f < F_DETAIL; f += 1) {
      starts[f] = p;
      while (p < end && src[p] !== 0x09) p += 1;
      if (p >= end) throw new CopyFormatError(`a COPY row with ${f + 1} fields, expected ${FIELDS}`);
      ends[f] = p;
      p += 1;
    }
    let q = end - 1;
    while (q >= p && src[q] !== 0x09) q -= 1;
    if (q < p) throw new CopyFormatError(`a COPY row with ${F_DETAIL + 1} fields, expected ${FIELDS}`);
    starts[F_DETAIL] = p;
    ends[F_DETAIL] = q;
    starts[F_HASH] = q + 1;
    ends[F_HASH] = end;
    if (!this.options.generalOnly) {
      const fast = this.fast(src);
      if (fast) return fast;
    }
    this.generalRows += 1;
    return this.general(src);
  }

  private fast(src: Buffer): CopiedRecord | undefined {
    const s = this.starts;
    const e = this.ends;
    // no backslash in the detail: no COPY escape, no JSON escape (searching may run into the hash or the next row)
    const backslash = src.indexOf(0x5c, s[F_DETAIL]);
    if (backslash >= 0 && backslash < e[F_DETAIL]) return undefined;
    // seq: 1–15 digits, no leading zero
    const seqLength = e[F_SEQ] - s[F_SEQ];
    if (seqLength < 1 || seqLength > 15 || src[s[F_SEQ]] === 0x30) return undefined;
    let seq = 0;
    for (let i = s[F_SEQ]; i < e[F_SEQ]; i += 1) {
      const d = src[i] - 0x30;
      if (d < 0 || d > 9) return undefined;
      seq = seq * 10 + d;
    }
    // occurred_at: "YYYY-MM-DD HH:MM:SS[.f{1,6}]+00"
    const at = s[F_AT];
    const atLength = e[F_AT] - at;
    if (atLength !== 22 && (atLength < 24 || atLength > 29)) return undefined;
    for (let i = 0; i < 19; i += 1) {
      const b = src[at + i];
      const expected = TIMESTAMP_SHAPE[i];
      if (expected === DIGIT ? b < 0x30 || b > 0x39 : b !== expected) return undefined;
    }
    if (src[e[F_AT] - 3] !== 0x2b || src[e[F_AT] - 2] !== 0x30 || src[e[F_AT] - 1] !== 0x30) return undefined;
    const fraction = atLength === 22 ? 0 : atLength - 23;
    if (fraction > 0) {
      if (src[at + 19] !== 0x2e) return undefined;
      for (let i = 0; i < fraction; i += 1) if (src[at + 20 + i] < 0x30 || src[at + 20 + i] > 0x39) return undefined;
    }

    // JCS({ v: 1, …content }): the members in canonical order; `at` keeps where each value landed, for the line
    const out = this.canon;
    const v = this.at;
    out.reset(2 * (e[F_HASH] - s[F_SEQ]) + 1024);
    out.put(K_OPEN);
    v[2 * F_ACTION] = out.len;
    if (!out.text(src, s[F_ACTION], e[F_ACTION])) return undefined;
    v[2 * F_ACTION + 1] = out.len;
    out.put(K_ROLE);
    v[2 * F_ROLE] = out.len;
    if (!out.text(src, s[F_ROLE], e[F_ROLE])) return undefined;
    v[2 * F_ROLE + 1] = out.len;
    out.put(K_USER_ID);
    v[2 * F_USER_ID] = out.len;
    if (!out.uuid(src, s[F_USER_ID], e[F_USER_ID])) return undefined;
    v[2 * F_USER_ID + 1] = out.len;
    out.put(K_USERNAME);
    v[2 * F_USERNAME] = out.len;
    if (!out.text(src, s[F_USERNAME], e[F_USERNAME])) return undefined;
    v[2 * F_USERNAME + 1] = out.len;
    out.put(K_CENTRE);
    const centreAt = out.len;
    out.put(this.centre);
    const centreEnd = out.len;
    out.put(K_DETAIL);
    v[2 * F_DETAIL] = out.len;
    if (!this.json.write(src, s[F_DETAIL], e[F_DETAIL], out)) return undefined;
    v[2 * F_DETAIL + 1] = out.len;
    out.put(K_OBJECT_ID);
    v[2 * F_OBJECT_ID] = out.len;
    if (!out.text(src, s[F_OBJECT_ID], e[F_OBJECT_ID])) return undefined;
    v[2 * F_OBJECT_ID + 1] = out.len;
    out.put(K_OBJECT_TYPE);
    v[2 * F_OBJECT_TYPE] = out.len;
    if (!out.text(src, s[F_OBJECT_TYPE], e[F_OBJECT_TYPE])) return undefined;
    v[2 * F_OBJECT_TYPE + 1] = out.len;
    out.put(K_AT);
    v[2 * F_AT] = out.len;
    this.iso(src, at, fraction, out);
    v[2 * F_AT + 1] = out.len;
    out.put(K_OUTCOME);
    v[2 * F_OUTCOME] = out.len;
    if (!out.text(src, s[F_OUTCOME], e[F_OUTCOME])) return undefined;
    v[2 * F_OUTCOME + 1] = out.len;
    out.put(K_PREV);
    v[2 * F_PREV] = out.len;
    if (!out.text(src, s[F_PREV], e[F_PREV])) return undefined;
    v[2 * F_PREV + 1] = out.len;
    out.put(K_REQUEST);
    v[2 * F_REQUEST] = out.len;
    if (!out.text(src, s[F_REQUEST], e[F_REQUEST])) return undefined;
    v[2 * F_REQUEST + 1] = out.len;
    out.put(K_SEQ);
    v[2 * F_SEQ] = out.len;
    out.copy(src, s[F_SEQ], e[F_SEQ]);
    v[2 * F_SEQ + 1] = out.len;
    out.put(K_CLOSE);
    const canonicalEnd = out.len;
    // the stored hash, as a JSON string for the line (a hash that needs escaping cannot match anyway)
    v[2 * F_HASH] = out.len;
    if (!out.text(src, s[F_HASH], e[F_HASH])) return undefined;
    v[2 * F_HASH + 1] = out.len;

    if (this.options.lines) {
      const line = this.lineBytes;
      const b = out.buf;
      line.reset(out.len + 256);
      line.put(L_CENTRE);
      line.copy(b, centreAt, centreEnd);
      line.put(L_SEQ);
      line.copy(b, v[2 * F_SEQ], v[2 * F_SEQ + 1]);
      line.put(L_PREV);
      line.copy(b, v[2 * F_PREV], v[2 * F_PREV + 1]);
      line.put(L_AT);
      line.copy(b, v[2 * F_AT], v[2 * F_AT + 1]);
      line.put(L_USER_ID);
      line.copy(b, v[2 * F_USER_ID], v[2 * F_USER_ID + 1]);
      line.put(L_USERNAME);
      line.copy(b, v[2 * F_USERNAME], v[2 * F_USERNAME + 1]);
      line.put(L_ROLE);
      line.copy(b, v[2 * F_ROLE], v[2 * F_ROLE + 1]);
      line.put(L_ACTION);
      line.copy(b, v[2 * F_ACTION], v[2 * F_ACTION + 1]);
      line.put(L_OBJECT_TYPE);
      line.copy(b, v[2 * F_OBJECT_TYPE], v[2 * F_OBJECT_TYPE + 1]);
      line.put(L_OBJECT_ID);
      line.copy(b, v[2 * F_OBJECT_ID], v[2 * F_OBJECT_ID + 1]);
      line.put(L_OUTCOME);
      line.copy(b, v[2 * F_OUTCOME], v[2 * F_OUTCOME + 1]);
      line.put(L_REQUEST);
      line.copy(b, v[2 * F_REQUEST], v[2 * F_REQUEST + 1]);
      line.put(L_DETAIL);
      line.copy(b, v[2 * F_DETAIL], v[2 * F_DETAIL + 1]);
      line.put(L_HASH);
      line.copy(b, v[2 * F_HASH], v[2 * F_HASH + 1]);
      line.put(L_CLOSE);
      this.lineView = line.buf.subarray(0, line.len);
    }

    return {
      seq,
      prevHash: src.toString('utf8', s[F_PREV], e[F_PREV]),
      hash: src.toString('utf8', s[F_HASH], e[F_HASH]),
      recomputed: sha256Hex(out.buf.subarray(0, canonicalEnd)),
    };
  }

  /** `"YYYY-MM-DDTHH:MM:SS.mmmZ"` from "YYYY-MM-DD HH:MM:SS[.ffffff]+00". */
  private iso(src: Buffer, at: number, fraction: number, out: Bytes): void {
    const buf = out.buf;
    let n = out.len;
    buf[n++] = 0x22;
    for (let i = 0; i < 19; i += 1) buf[n++] = i === 10 ? 0x54 : src[at + i];
    buf[n++] = 0x2e;
    for (let i = 0; i < 3; i += 1) buf[n++] = i < fraction ? src[at + 20 + i] : 0x30;
    buf[n++] = 0x5a;
    buf[n++] = 0x22;
    out.len = n;
  }

  /** The row decoded as the service reads it (toRecord), hashed with hashRecord. */
  private general(src: Buffer): CopiedRecord {
    const text = (f: number): string | null => {
      const bytes = unescapeCopyField(src, this.starts[f], this.ends[f]);
      return bytes === null ? null : bytes.toString('utf8');
    };
    const seqText = text(F_SEQ);
    const atText = text(F_AT);
    const detailText = text(F_DETAIL);
    if (seqText === null || atText === null || detailText === null) throw new CopyFormatError('a NULL in a NOT NULL column');
    const content: AuditRecordContent = {
      centreId: this.centreId,
      seq: Number(seqText),
      prevHash: text(F_PREV) as string,
      occurredAt: isoFromTimestamp(atText),
      actorUserId: text(F_USER_ID),
      actorUsername: text(F_USERNAME),
      actorRole: text(F_ROLE),
      action: text(F_ACTION) as string,
      objectType: text(F_OBJECT_TYPE),
      objectId: text(F_OBJECT_ID),
      outcome: text(F_OUTCOME) as 'ok' | 'refused',
      requestId: text(F_REQUEST),
      detail: JSON.parse(detailText),
    };
    const hash = text(F_HASH) as string;
    if (this.options.lines) {
      const q = JSON.stringify;
      const c = content;
      this.lineView = Buffer.from(
        `{"centreId":${q(c.centreId)},"seq":${q(c.seq)},"prevHash":${q(c.prevHash)},"occurredAt":${q(c.occurredAt)},` +
          `"actorUserId":${q(c.actorUserId)},"actorUsername":${q(c.actorUsername)},"actorRole":${q(c.actorRole)},"action":${q(c.action)},` +
          `"objectType":${q(c.objectType)},"objectId":${q(c.objectId)},"outcome":${q(c.outcome)},"requestId":${q(c.requestId)},` +
          `"detail":${canonicalJson(c.detail)},"hash":${q(hash)}}\n`,
        'utf8',
      );
    }
    return { seq: content.seq, prevHash: content.prevHash, hash, recomputed: hashRecord(content) };
  }
}

/**
 * Splits COPY output into rows: PostgreSQL sends one row per CopyData message, but nothing in the protocol promises
 * it, so a row may also span messages (the remainder waits for the next chunk).
 */
export class CopyRowSplitter {
  private carry: Buffer | null = null;

  push(chunk: Buffer, row: (src: Buffer, start: number, end: number) => void): void {
    if (this.carry === null && chunk.length > 0 && chunk.indexOf(0x0a) === chunk.length - 1) {
      row(chunk, 0, chunk.length - 1); // the usual message: exactly one row
      return;
    }
    let src = chunk;
    if (this.carry) {
      src = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let start = 0;
    for (;;) {
      const newline = src.indexOf(0x0a, start);
      if (newline < 0) break;
      row(src, start, newline);
      start = newline + 1;
    }
    if (start < src.length) this.carry = Buffer.from(src.subarray(start));
  }

  /** Throws when the output ended inside a row. */
  end(): void {
    if (this.carry) throw new CopyFormatError('the COPY output ended inside a row');
  }
}
