import fc from 'fast-check';
import { canonicalJson } from '../common/canonical-json.js';
import { type AuditRecordContent, canonicalRecord, CHAIN_FORMAT_VERSION, ChainVerifier, GENESIS_HASH, hashRecord } from './chain.js';

const first: AuditRecordContent = {
  centreId: '11111111-1111-4111-8111-111111111111',
  seq: 1,
  prevHash: GENESIS_HASH,
  occurredAt: '2026-11-26T08:00:00.000Z',
  actorUserId: '22222222-2222-4222-8222-222222222222',
  actorUsername: 'kuaiji',
  actorRole: 'centre_accountant',
  action: 'union.create',
  objectType: 'union',
  objectId: '33333333-3333-4333-8333-333333333333',
  outcome: 'ok',
  requestId: 'req-1',
  detail: { after: { name: '杭州云帆网络科技有限公司工会', memberCount: 56 } },
};

function chainOf(length: number) {
  const records: Array<AuditRecordContent & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const content = { ...first, seq, prevHash, requestId: `req-${seq}` };
    const hash = hashRecord(content);
    records.push({ ...content, hash });
    prevHash = hash;
  }
  return records;
}

describe('audit hash chain', () => {
  it('hashes the documented serialisation (a test vector for outside verifiers, docs/audit-chain.md)', () => {
    expect(hashRecord(first)).toBe('d073c97d36af53bc25b989686cec5aa86a2a345faee76a1621523b5e6938337e');
  });

  it('changes the hash when any field changes', () => {
    const base = hashRecord(first);
    expect(hashRecord({ ...first, detail: { after: { name: '杭州云帆网络科技有限公司工会', memberCount: 57 } } })).not.toBe(base);
    expect(hashRecord({ ...first, outcome: 'refused' })).not.toBe(base);
    expect(hashRecord({ ...first, prevHash: 'f'.repeat(64) })).not.toBe(base);
  });

  it('does not depend on the order of keys in the detail', () => {
    expect(hashRecord({ ...first, detail: { after: { memberCount: 56, name: '杭州云帆网络科技有限公司工会' } } })).toBe(hashRecord(first));
  });

  it('verifies an intact chain against its head', () => {
    const records = chainOf(5);
    const verifier = new ChainVerifier();
    for (const record of records) expect(verifier.push(record)).toBe(true);
    verifier.finish({ seq: 5, hash: records[4].hash });
    expect(verifier.result).toEqual(expect.objectContaining({ ok: true, recordsChecked: 5, headSeq: 5, headHash: records[4].hash }));
  });

  it.each([
    ['an altered record', (r: ReturnType<typeof chainOf>) => { r[2] = { ...r[2], action: 'union.delete' }; }, 3, 'hash-mismatch'],
    ['a missing record', (r: ReturnType<typeof chainOf>) => { r.splice(1, 1); }, 3, 'sequence-gap'],
    ['a re-hashed record', (r: ReturnType<typeof chainOf>) => {
      const content = { ...r[1], action: 'union.delete' };
      const { hash: _ignored, ...rest } = content;
      r[1] = { ...rest, hash: hashRecord(rest) };
    }, 3, 'prev-hash-mismatch'],
  ] as const)('names the first break after %s', (_what, damage, seq, reason) => {
    const records = chainOf(5);
    damage(records);
    const verifier = new ChainVerifier();
    for (const record of records) if (!verifier.push(record)) break;
    expect(verifier.result.ok).toBe(false);
    expect(verifier.result.firstBroken).toEqual(expect.objectContaining({ seq, reason }));
  });

  it('notices records cut from the end through the head', () => {
    const records = chainOf(5);
    const verifier = new ChainVerifier();
    for (const record of records.slice(0, 4)) verifier.push(record);
    verifier.finish({ seq: 5, hash: records[4].hash });
    expect(verifier.result.firstBroken).toEqual(expect.objectContaining({ seq: 5, reason: 'head-mismatch' }));
  });
});

describe('canonicalRecord (the record serialised member by member)', () => {
  it('writes the same bytes as sorting the members, for the documented members and for anything else', () => {
    const record = fc.record({
      centreId: fc.uuid(),
      seq: fc.nat(),
      prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
      occurredAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      actorUserId: fc.option(fc.uuid()),
      actorUsername: fc.option(fc.string()),
      actorRole: fc.option(fc.string()),
      action: fc.string(),
      objectType: fc.option(fc.string()),
      objectId: fc.option(fc.string()),
      outcome: fc.constantFrom('ok' as const, 'refused' as const),
      requestId: fc.option(fc.string({ unit: 'grapheme' })),
      detail: fc.jsonValue(),
    });
    fc.assert(
      fc.property(record, (content) => canonicalRecord(content) === canonicalJson({ v: CHAIN_FORMAT_VERSION, ...content })),
    );
    // an extra member or an undefined one takes the general path, with the same result
    const extra = { ...first, note: 'x' } as AuditRecordContent;
    expect(canonicalRecord(extra)).toBe(canonicalJson({ v: 1, ...extra }));
    const missing = { ...first, requestId: undefined } as unknown as AuditRecordContent;
    expect(canonicalRecord(missing)).toBe(canonicalJson({ v: 1, ...missing }));
    expect(canonicalRecord(missing)).not.toContain('requestId');
  });
});
