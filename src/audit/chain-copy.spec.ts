import fc from 'fast-check';
import { type AuditRecordContent, GENESIS_HASH, hashRecord } from './chain.js';
import { CopyFormatError, CopyRowSplitter, isoFromTimestamp, TrailCopyDecoder, trailCopySql } from './chain-copy.js';

/** jsonb's text as PostgreSQL prints it: keys by length, then by bytes; a space after every colon and comma. */
function jsonbText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  const keys = Object.keys(value).sort((a, b) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length - y.length || Buffer.compare(x, y);
  });
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}

/** COPY's text format of one field. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

const CENTRE = '11111111-1111-4111-8111-111111111111';

function content(overrides: Partial<AuditRecordContent> = {}): AuditRecordContent {
  return {
    centreId: CENTRE,
    seq: 7,
    prevHash: 'a'.repeat(64),
    occurredAt: '2026-11-26T08:00:00.120Z',
    actorUserId: '22222222-2222-4222-8222-222222222222',
    actorUsername: 'kuaiji',
    actorRole: 'centre_accountant',
    action: 'entry.create',
    objectType: 'entry',
    objectId: '33333333-3333-4333-8333-333333333333',
    outcome: 'ok',
    requestId: 'req-1',
    detail: { after: { id: 'x', date: '2025-11-20', lines: [{ debit: '1.00', credit: '0.00', unionId: 'u', accountCode: '102' }], memo: '收到拨缴经费' } },
    ...overrides,
  };
}

/** The COPY row PostgreSQL sends for a record (timestamp printed as given, UTC). */
function copyRow(c: AuditRecordContent, hash: string, timestamp = '2026-11-26 08:00:00.12+00'): Buffer {
  const fields = [c.seq, c.prevHash, timestamp, c.actorUserId, c.actorUsername, c.actorRole, c.action, c.objectType, c.objectId, c.outcome, c.requestId, jsonbText(c.detail), hash];
  return Buffer.from(fields.map((f) => copyField(f as string | number | null)).join('\t'), 'utf8');
}

function decode(row: Buffer, generalOnly = false) {
  const decoder = new TrailCopyDecoder(CENTRE, { generalOnly, lines: true });
  const record = decoder.decode(row, 0, row.length);
  return { record, general: decoder.generalRows === 1, line: JSON.parse(decoder.line.toString('utf8')) };
}

describe('audit records from COPY bytes', () => {
  it.each([
    ['an ordinary record', content(), true],
    ['nulls', content({ actorUserId: null, actorUsername: null, actorRole: null, objectType: null, objectId: null, requestId: null }), true],
    ['numbers', content({ detail: { a: [1.5, -0, 0.1, 1e21, 1e-7, 123456789012345, 1234567890123456, -3, 0], b: { '10': 1, '2': 2 } } }), true],
    ['empty containers and literals', content({ detail: { x: {}, y: [], z: [true, false, null, [[]], [{}]] } }), true],
    ['a quote in a detail', content({ detail: { memo: 'say "hi"' } }), false],
    ['a new line in a detail', content({ detail: { memo: 'a\nb' } }), false],
    ['a quote in a column', content({ actorUsername: 'o"brien' }), false],
    ['a tab in a column', content({ requestId: 'a\tb' }), false],
    ['a key from U+E000 up', content({ detail: { '\uE000': 1, z: 2, '😀': 3 } }), false],
    ['Chinese keys', content({ detail: { 中文: 1, é: 2, a: 3 } }), true],
  ])('hashes %s as hashRecord does', (_what, c, fast) => {
    const hash = hashRecord(c);
    const row = copyRow(c, hash);
    const a = decode(row);
    expect(a.general).toBe(!fast);
    expect(a.record).toEqual({ seq: c.seq, prevHash: c.prevHash, hash, recomputed: hash });
    const b = decode(row, true);
    expect(b.record).toEqual(a.record);
    // the export line is the record in the API's shape, the same from either path
    expect(a.line).toEqual(JSON.parse(JSON.stringify({ ...c, hash })));
    expect(Object.keys(a.line)).toEqual([...Object.keys(c), 'hash']);
    expect(b.line).toEqual(a.line);
  });

  it('agrees with hashRecord on any JSON detail', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (detail) => {
        const c = content({ detail: JSON.parse(JSON.stringify(detail)) });
        const hash = hashRecord(c);
        return decode(copyRow(c, hash)).record.recomputed === hash;
      }),
    );
  });

  it.each([
    ['2026-11-26 08:00:00+00', '2026-11-26T08:00:00.000Z'],
    ['2026-11-26 08:00:00.1+00', '2026-11-26T08:00:00.100Z'],
    ['2026-11-26 08:00:00.12+00', '2026-11-26T08:00:00.120Z'],
    ['2026-11-26 08:00:00.123456+00', '2026-11-26T08:00:00.123Z'],
    ['2026-11-26 08:00:00.999999+00', '2026-11-26T08:00:00.999Z'],
    ['0050-01-01 00:00:00+00', '0050-01-01T00:00:00.000Z'],
  ])('reads the timestamp %s as node-postgres and toISOString would (fast path)', (timestamp, iso) => {
    expect(isoFromTimestamp(timestamp)).toBe(iso);
    const c = content({ occurredAt: iso });
    const hash = hashRecord(c);
    expect(decode(copyRow(c, hash, timestamp))).toEqual(expect.objectContaining({ general: false, record: expect.objectContaining({ recomputed: hash }) }));
  });

  it('reads timestamps outside four-digit years on the general path', () => {
    expect(isoFromTimestamp('12345-01-01 00:00:00+00')).toBe('+012345-01-01T00:00:00.000Z');
    expect(isoFromTimestamp('0001-01-01 00:00:00+00 BC')).toBe('0000-01-01T00:00:00.000Z');
    const c = content({ occurredAt: '+012345-01-01T00:00:00.000Z' });
    const hash = hashRecord(c);
    expect(decode(copyRow(c, hash, '12345-01-01 00:00:00+00'))).toEqual(expect.objectContaining({ general: true, record: expect.objectContaining({ recomputed: hash }) }));
    expect(() => isoFromTimestamp('infinity')).toThrow(CopyFormatError);
  });

  it('names a different hash when anything changed', () => {
    const c = content();
    const row = copyRow({ ...c, action: 'entry.delete' }, hashRecord(c));
    expect(decode(row).record.recomputed).not.toBe(hashRecord(c));
  });

  it('refuses a row with too few fields', () => {
    const row = Buffer.from('1\tabc');
    expect(() => new TrailCopyDecoder(CENTRE).decode(row, 0, row.length)).toThrow(CopyFormatError);
  });

  it('splits COPY output into rows however it is cut', () => {
    const text = 'one\ttwo\nthree\n\nfour\n';
    const expected = ['one\ttwo', 'three', '', 'four'];
    for (let cut = 0; cut <= text.length; cut += 1) {
      for (const size of [1, 2, 5]) {
        const rows: string[] = [];
        const splitter = new CopyRowSplitter();
        const bytes = Buffer.from(text);
        const pieces = [bytes.subarray(0, cut), ...Array.from({ length: Math.ceil((bytes.length - cut) / size) }, (_, i) => bytes.subarray(cut + i * size, cut + (i + 1) * size))];
        for (const piece of pieces) splitter.push(piece, (src, start, end) => rows.push(src.toString('utf8', start, end)));
        splitter.end();
        expect(rows).toEqual(expected);
      }
    }
    const open = new CopyRowSplitter();
    open.push(Buffer.from('half a row'), () => undefined);
    expect(() => open.end()).toThrow(CopyFormatError);
  });

  it('writes only UUIDs and integers into the COPY statement', () => {
    expect(trailCopySql(CENTRE, { from: 10, to: 20 })).toContain(`WHERE centre_id = '${CENTRE}' AND seq >= 10 AND seq < 20 ORDER BY seq`);
    expect(() => trailCopySql("x' OR 1=1 --")).toThrow(TypeError);
    expect(() => trailCopySql(CENTRE, { from: 1.5 })).toThrow(TypeError);
    expect(GENESIS_HASH).toHaveLength(64);
  });
});
