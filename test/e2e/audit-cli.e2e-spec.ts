import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { type AuditActor, AuditTrail, hashRecord, PLATFORM_CHAIN } from '../../src/audit/index.js';
import { canonicalJson } from '../../src/common/canonical-json.js';
import { type AuditVerifyOptions, EXPORT_FILES, runAuditExport, runAuditVerify, standaloneFile } from '../../src/cli/audit-command.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The standalone verifier run as an auditor runs it: `node verify.mjs` in the bundle. */
function runStandalone(dir: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [EXPORT_FILES.verifier, ...args], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const OK_LINE = /^chain ok: (\d+) records, head ([0-9a-f]{64})$/;

describe('audit verification from the command line: audit verify, audit export, the standalone verifier', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'dcl-audit-cli-'));
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function verify(options: Omit<AuditVerifyOptions, 'out' | 'info'> = {}) {
    const lines: string[] = [];
    const result = await runAuditVerify(t.app, { ...options, out: (line) => lines.push(line), info: () => undefined });
    return { ...result, lines };
  }

  async function exportBundle(centre: string, name: string) {
    const lines: string[] = [];
    const out = join(dir, name);
    const result = await runAuditExport(t.app, { centre, outDir: out, out: (line) => lines.push(line), info: () => undefined });
    return { ...result, lines, out };
  }

  /** A centre with staff, unions, an open period, posted entries and a refused (unbalanced) entry on its chain. */
  async function busyCentre() {
    const w = await newLedgerWorld(t);
    await w.receive(w.unionA.id, '18600.00');
    await w.spend(w.unionA.id, '2380.50');
    const refused = await t.api.post(`${w.base}/entries`, w.accountant.token, {
      date: '2025-11-20',
      memo: '借贷不平',
      lines: [
        { unionId: w.unionA.id, accountCode: '501', debit: '10.00' },
        { unionId: w.unionA.id, accountCode: '102', credit: '9.00' },
      ],
    });
    expect(refused.status).toBe(422);
    return w;
  }

  async function serviceHead(centreId: string) {
    const response = await t.api.get(centreId === PLATFORM_CHAIN ? '/platform/audit/verify' : `/centres/${centreId}/audit/verify`, t.adminToken);
    expect(response.status).toBe(200);
    return response.body as { ok: boolean; headSeq: number; headHash: string; recordsChecked: number; firstBroken: { seq: number; reason: string } | null };
  }

  /** Changes the database behind the service's back, as a privileged user could: append-only triggers off, then on. */
  async function tamper(statement: string, params: unknown[]) {
    const client = await t.sql.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_record DISABLE TRIGGER USER');
      await client.query(statement, params);
      await client.query('ALTER TABLE audit_record ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  it('says ok for one centre and for every chain, and agrees with GET …/audit/verify', async () => {
    const w = await busyCentre();
    const head = await serviceHead(w.centre.id);
    expect(head.ok).toBe(true);

    const one = await verify({ centre: w.centre.code });
    expect(one.exitCode).toBe(0);
    expect(one.lines).toEqual([`chain ok: ${head.headSeq} records, head ${head.headHash}`]);
    expect(one.chains).toEqual([expect.objectContaining({ centreId: w.centre.id, ok: true, recordsChecked: head.recordsChecked, headSeq: head.headSeq })]);
    // by id, lower or upper case, and the code in lower case
    expect((await verify({ centre: w.centre.id.toUpperCase() })).lines).toEqual(one.lines);
    expect((await verify({ centre: w.centre.code.toLowerCase() })).lines).toEqual(one.lines);

    const all = await verify();
    expect(all.exitCode).toBe(0);
    expect(all.lines.length).toBeGreaterThanOrEqual(2);
    for (const line of all.lines) expect(line).toMatch(/^chain ok: \d+ records, head [0-9a-f]{64} \((platform|centre [A-Z0-9-]+|no centre), [0-9a-f-]{36}\)$/);
    expect(all.lines[0]).toContain(`(platform, ${PLATFORM_CHAIN})`);
    const platform = await serviceHead(PLATFORM_CHAIN);
    expect(all.lines[0]).toBe(`chain ok: ${platform.headSeq} records, head ${platform.headHash} (platform, ${PLATFORM_CHAIN})`);
    expect(all.lines).toContain(`chain ok: ${head.headSeq} records, head ${head.headHash} (centre ${w.centre.code}, ${w.centre.id})`);
    expect(all.records).toBe(all.chains.reduce((sum, c) => sum + c.headSeq, 0));
    // the fast path took the rows of this ordinary activity; the general path gives the same answer
    expect(all.chains.reduce((sum, c) => sum + c.generalRows, 0)).toBeLessThan(all.records);
    const general = await verify({ generalOnly: true });
    expect(general.lines).toEqual(all.lines);
    expect(general.chains.every((c) => c.generalRows === c.recordsChecked)).toBe(true);
    // checked in stretches (as worker threads check a long chain), the verdicts are the same
    expect((await verify({ segmentRecords: 3 })).lines).toEqual(all.lines);
    expect((await verify({ centre: w.centre.code, segmentRecords: 1 })).lines).toEqual(one.lines);
  });

  it('hashes awkward details and fields exactly as the service does, on both paths', async () => {
    const w = await newLedgerWorld(t);
    const trail = t.app.get(AuditTrail);
    const dataSource = t.app.get(DataSource);
    const actor: AuditActor = { userId: w.accountant.id, username: w.accountant.username, role: 'centre_accountant', requestId: 'req-odd' };
    const details: Array<Record<string, unknown>> = [
      { memo: 'a "quoted" word, a back\\slash, a tab\there, a new\nline, a bell \u0007 and \u001f' },
      { amounts: ['1234.56', 1.5, -0, 0.1, 1e21, 1e-7, 5e-324, 123456789012345, 1234567890123456, 2 ** 53 + 2, -42, 0] },
      { '10': 'ten', '2': 'two', B: 1, a: 2, _: 3, '': 'empty key', é: 4, 中: 5, '😀': 6, '\uE000': 7, 'z\uFFFF': 8, 'a b': 9 },
      { nested: { deep: [{ y: [], x: {} }, [[], [{}]], null, true, false], 'ключ': 'значение' } },
      { text: '杭州云帆网络科技有限公司工会 😀 \u2028\u2029 \uFEFF \u007f' },
      JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "toString": 1}'),
      {},
    ];
    for (const detail of details) {
      await dataSource.transaction((manager) => trail.append(manager, actor, { centreId: w.centre.id, action: 'test.odd', objectType: 'odd', objectId: 'x', detail }));
    }
    // top-level fields that need escaping, and nulls
    await dataSource.transaction((manager) =>
      trail.append(manager, { userId: null, username: 'o"brien\\', role: null, requestId: 'tab\there\nnew line' }, { centreId: w.centre.id, action: 'POST /odd "route"', detail: { ok: true } }),
    );
    await dataSource.transaction((manager) => trail.append(manager, { userId: null, username: null, role: null, requestId: null }, { centreId: w.centre.id, action: '中文动作', detail: {} }));

    const head = await serviceHead(w.centre.id);
    expect(head.ok).toBe(true);
    const fast = await verify({ centre: w.centre.code });
    expect(fast.lines).toEqual([`chain ok: ${head.headSeq} records, head ${head.headHash}`]);
    // the escapes took the general path, the rest the fast one
    expect(fast.chains[0].generalRows).toBeGreaterThanOrEqual(2);
    expect(fast.chains[0].generalRows).toBeLessThan(head.headSeq);
    expect((await verify({ centre: w.centre.code, generalOnly: true })).lines).toEqual(fast.lines);

    // and the export writes them so that the standalone verifier agrees
    const bundle = await exportBundle(w.centre.code, 'odd');
    expect(bundle.exitCode).toBe(0);
    const standalone = await runStandalone(bundle.out);
    expect(standalone).toEqual(expect.objectContaining({ code: 0, stdout: `chain ok: ${head.headSeq} records, head ${head.headHash}\n` }));
  });

  it('agrees with the service on any JSON detail (property, each record a chain of its own)', async () => {
    const trail = t.app.get(AuditTrail);
    const dataSource = t.app.get(DataSource);
    const actor: AuditActor = { userId: null, username: 'property', role: null, requestId: null };
    // PostgreSQL's jsonb refuses \u0000 and lone surrogates; the service never writes them
    const storable = (value: unknown) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(value));
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,9}$/) },
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('10', '2', '', 'é', '中', '😀', '\uE000', 'a"b', 'a\\b'),
    );
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }));
    const detail = fc.dictionary(key, fc.oneof(value, fc.dictionary(key, value, { maxKeys: 5 })), { maxKeys: 8 }).filter(storable);
    await fc.assert(
      fc.asyncProperty(detail, async (content) => {
        const chain = randomUUID();
        await dataSource.transaction((manager) => trail.append(manager, actor, { centreId: chain, action: 'property', detail: content }));
        const fast = await verify({ centre: chain });
        const general = await verify({ centre: chain, generalOnly: true });
        return fast.exitCode === 0 && general.exitCode === 0 && fast.lines[0] === general.lines[0];
      }),
      { numRuns: 150 },
    );
  });

  it('names the first broken record, agreeing with the service, and exits 1', async () => {
    const cases = [
      {
        what: 'a detail changed',
        damage: (centre: string, seq: number) => tamper(`UPDATE audit_record SET detail = detail || '{"tampered": true}' WHERE centre_id = $1 AND seq = $2`, [centre, seq]),
        at: (seq: number) => seq,
        reason: 'hash-mismatch',
      },
      {
        what: 'a record removed',
        damage: (centre: string, seq: number) => tamper('DELETE FROM audit_record WHERE centre_id = $1 AND seq = $2', [centre, seq]),
        at: (seq: number) => seq + 1,
        reason: 'sequence-gap',
      },
      {
        what: 'a record altered and hashed again',
        damage: async (centre: string, seq: number) => {
          const { body } = await t.api.get(`/centres/${centre}/audit/records?afterSeq=${seq - 1}&limit=1`, t.adminToken);
          const { hash: _old, ...content } = { ...body.items[0], action: 'union.delete' };
          await tamper(`UPDATE audit_record SET action = 'union.delete', hash = $3 WHERE centre_id = $1 AND seq = $2`, [centre, seq, hashRecord(content)]);
        },
        at: (seq: number) => seq + 1,
        reason: 'prev-hash-mismatch',
      },
      {
        what: 'the hash of a record replaced',
        damage: (centre: string, seq: number) => tamper(`UPDATE audit_record SET prev_hash = repeat('a', 64) WHERE centre_id = $1 AND seq = $2`, [centre, seq + 1]),
        at: (seq: number) => seq + 1,
        reason: 'prev-hash-mismatch',
      },
    ];
    for (const [done, c] of cases.entries()) {
      const w = await busyCentre();
      const before = await serviceHead(w.centre.id);
      const seq = Math.floor(before.headSeq / 2);
      await c.damage(w.centre.id, seq);
      const service = await serviceHead(w.centre.id);
      expect(service.firstBroken).toEqual(expect.objectContaining({ seq: c.at(seq), reason: c.reason }));

      const one = await verify({ centre: w.centre.code });
      expect({ what: c.what, exitCode: one.exitCode }).toEqual({ what: c.what, exitCode: 1 });
      expect(one.lines[0]).toMatch(new RegExp(`^chain broken: ${c.reason} at seq ${c.at(seq)} \\(centre ${w.centre.code}, ${w.centre.id}\\): `));
      expect(one.chains[0].firstBroken).toEqual(expect.objectContaining({ seq: service.firstBroken!.seq, reason: service.firstBroken!.reason }));
      expect((await verify({ centre: w.centre.code, generalOnly: true })).lines).toEqual(one.lines);
      // in stretches, whichever stretch the damage falls in or next to
      for (const segmentRecords of [1, 2, 3, seq - 1, seq, seq + 1]) {
        const stretched = await verify({ centre: w.centre.code, segmentRecords });
        const verdict = (chains: typeof one.chains) => chains.map(({ generalRows: _g, ...chain }) => chain);
        expect({ segmentRecords, lines: stretched.lines, chains: verdict(stretched.chains) }).toEqual({ segmentRecords, lines: one.lines, chains: verdict(one.chains) });
      }
      // every chain: this one and those broken before it, the others still ok
      const all = await verify();
      expect(all.exitCode).toBe(1);
      const broken = all.lines.filter((line) => line.startsWith('chain broken:'));
      expect(broken).toHaveLength(done + 1);
      expect(broken).toContain(one.lines[0]);
      expect(all.lines.filter((line) => line.startsWith('chain ok:')).length).toBe(all.chains.length - done - 1);
    }

    // records cut from the end: the head names what is missing
    const w = await busyCentre();
    const before = await serviceHead(w.centre.id);
    await tamper('DELETE FROM audit_record WHERE centre_id = $1 AND seq = $2', [w.centre.id, before.headSeq]);
    const cut = await verify({ centre: w.centre.code });
    expect(cut.exitCode).toBe(1);
    expect(cut.lines[0]).toMatch(new RegExp(`^chain broken: head-mismatch at seq ${before.headSeq} \\(centre ${w.centre.code}, `));
    for (const segmentRecords of [1, 2, before.headSeq - 1]) expect((await verify({ centre: w.centre.code, segmentRecords })).lines).toEqual(cut.lines);
    expect((await serviceHead(w.centre.id)).firstBroken).toEqual(expect.objectContaining({ seq: before.headSeq, reason: 'head-mismatch' }));
  });

  it('exports a bundle whose standalone verifier agrees with the service', async () => {
    const w = await busyCentre();
    const head = await serviceHead(w.centre.id);
    const bundle = await exportBundle(w.centre.code, 'intact');
    expect(bundle.exitCode).toBe(0);
    expect(bundle.lines).toEqual([
      `wrote ${bundle.out}: records.jsonl (${head.headSeq} records), manifest.json, verify.mjs, README.md`,
      `chain ok: ${head.headSeq} records, head ${head.headHash}`,
    ]);
    expect(readdirSync(bundle.out).sort()).toEqual(['README.md', 'manifest.json', 'records.jsonl', 'verify.mjs']);
    const manifest = JSON.parse(readFileSync(join(bundle.out, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual(
      expect.objectContaining({
        centre: expect.objectContaining({ id: w.centre.id, code: w.centre.code }),
        recordCount: head.headSeq,
        headSeq: head.headSeq,
        headHash: head.headHash,
        exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      }),
    );
    expect(readFileSync(join(bundle.out, 'verify.mjs'))).toEqual(readFileSync(standaloneFile('verify.mjs')));
    const readme = readFileSync(join(bundle.out, 'README.md'), 'utf8');
    expect(readme).toContain('node verify.mjs');
    expect(readme).toContain(head.headHash);
    expect(readme).toContain('报表');

    // the lines are the records as GET …/audit/records serves them, in seq order
    const lines = readFileSync(join(bundle.out, 'records.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(head.headSeq);
    const served = await t.api.get(`/centres/${w.centre.id}/audit/records?limit=500`, t.adminToken);
    expect(lines.map((line) => JSON.parse(line))).toEqual(served.body.items);
    expect(Object.keys(JSON.parse(lines[0]))).toEqual(Object.keys(served.body.items[0]));

    const standalone = await runStandalone(bundle.out);
    expect(standalone.code).toBe(0);
    expect(standalone.stdout).toBe(`chain ok: ${head.headSeq} records, head ${head.headHash}\n`);
    expect(standalone.stdout.trim()).toMatch(OK_LINE);
    expect(standalone.stderr).toContain(w.centre.code);
    // a report printed earlier names an earlier record in its footer: --record gives its hash from the verified chain
    const third = served.body.items[2];
    const records = await runStandalone(bundle.out, ['--record', '3', '--record', String(head.headSeq + 5)]);
    expect(records.stdout).toBe(`chain ok: ${head.headSeq} records, head ${head.headHash}\nrecord 3: ${third.hash}\nrecord ${head.headSeq + 5}: not in this export\n`);
    // run from elsewhere with the bundle named
    const elsewhere = await new Promise<string>((resolve) =>
      execFile(process.execPath, [join(bundle.out, EXPORT_FILES.verifier), bundle.out], { cwd: tmpdir() }, (_error, stdout) => resolve(stdout)),
    );
    expect(elsewhere).toBe(standalone.stdout);

    // the platform chain exports by its id
    const platform = await serviceHead(PLATFORM_CHAIN);
    const platformBundle = await exportBundle(PLATFORM_CHAIN, 'platform');
    expect((await runStandalone(platformBundle.out)).stdout).toBe(`chain ok: ${platform.headSeq} records, head ${platform.headHash}\n`);
  });

  it('the standalone verifier names the record whose byte was altered, the cut end and an unreadable line', async () => {
    const w = await busyCentre();
    const head = await serviceHead(w.centre.id);
    const bundle = await exportBundle(w.centre.code, 'to-alter');
    const original = readFileSync(join(bundle.out, 'records.jsonl'));
    const variant = (name: string, change: (lines: string[]) => void) => {
      const copy = join(dir, name);
      cpSync(bundle.out, copy, { recursive: true });
      const lines = original.toString('utf8').split('\n');
      change(lines);
      writeFileSync(join(copy, 'records.jsonl'), lines.join('\n'));
      return copy;
    };
    const k = Math.ceil(head.headSeq / 2);

    // one byte: a letter of the action of record k
    const flipped = join(dir, 'flipped');
    cpSync(bundle.out, flipped, { recursive: true });
    const bytes = Buffer.from(original);
    let lineStart = 0;
    for (let line = 1; line < k; line += 1) lineStart = bytes.indexOf(0x0a, lineStart) + 1;
    const at = bytes.indexOf('"action":"', lineStart) + '"action":"'.length;
    bytes[at] = bytes[at] === 0x78 ? 0x79 : 0x78;
    writeFileSync(join(flipped, 'records.jsonl'), bytes);
    expect(bytes.compare(original)).not.toBe(0);
    const altered = await runStandalone(flipped);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(new RegExp(`^chain broken: hash-mismatch at line ${k}, seq ${k}: record ${k} was altered`));

    const cut = await runStandalone(variant('cut', (lines) => lines.splice(lines.length - 2, 1)));
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(new RegExp(`^chain broken: head-mismatch at line ${head.headSeq}, seq ${head.headSeq}: `));

    const removed = await runStandalone(variant('removed', (lines) => lines.splice(k - 1, 1)));
    expect(removed.stdout).toMatch(new RegExp(`^chain broken: sequence-gap at line ${k}, seq ${k + 1}: `));

    const unreadable = await runStandalone(variant('unreadable', (lines) => (lines[k - 1] = lines[k - 1].replace('{', '['))));
    expect(unreadable.stdout).toMatch(new RegExp(`^chain broken: malformed-record at line ${k}, seq ${k}: `));

    const noManifest = join(dir, 'no-manifest');
    cpSync(bundle.out, noManifest, { recursive: true });
    writeFileSync(join(noManifest, 'manifest.json'), '');
    expect((await runStandalone(noManifest)).code).toBe(2);
    expect((await runStandalone(bundle.out, ['--record', 'x'])).code).toBe(2);
  });

  it('exports a broken chain as it is stored, says so, and the standalone verifier finds the same record', async () => {
    const w = await busyCentre();
    const head = await serviceHead(w.centre.id);
    const seq = Math.floor(head.headSeq / 2);
    await tamper(`UPDATE audit_record SET detail = jsonb_set(detail, '{tampered}', '"yes"') WHERE centre_id = $1 AND seq = $2`, [w.centre.id, seq]);
    const bundle = await exportBundle(w.centre.code, 'broken');
    expect(bundle.exitCode).toBe(1);
    expect(bundle.records).toBe(head.headSeq);
    expect(bundle.lines[1]).toMatch(new RegExp(`^chain broken: hash-mismatch at seq ${seq} `));
    const standalone = await runStandalone(bundle.out);
    expect(standalone.code).toBe(1);
    expect(standalone.stdout).toMatch(new RegExp(`^chain broken: hash-mismatch at line ${seq}, seq ${seq}: `));
  });

  it('refuses an unknown centre and a directory that is not empty', async () => {
    await expect(verify({ centre: 'NO-SUCH-CENTRE' })).rejects.toThrow('no centre with code NO-SUCH-CENTRE');
    await expect(verify({ centre: randomUUID() })).rejects.toThrow(/no centre and no audit chain with id/);
    const w = await newLedgerWorld(t);
    const bundle = await exportBundle(w.centre.code, 'twice');
    await expect(exportBundle(w.centre.code, 'twice')).rejects.toThrow(`${bundle.out} is not empty`);
  });

  it('the standalone verifier implements RFC 8785 itself: the documented test vector, and the service’s canonical JSON', async () => {
    // a path held in a variable: TypeScript does not type-check the plain JavaScript file
    const path = standaloneFile('verify.mjs');
    const standalone = await import(path);
    const vector = {
      centreId: '11111111-1111-4111-8111-111111111111',
      seq: 1,
      prevHash: '0'.repeat(64),
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
      hash: 'd073c97d36af53bc25b989686cec5aa86a2a345faee76a1621523b5e6938337e',
    };
    expect(standalone.recordHash(vector)).toBe(vector.hash);
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'grapheme' })), (value) => standalone.canonicalJson(value) === canonicalJson(value)),
    );
  });
});
