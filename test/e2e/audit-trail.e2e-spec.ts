import { ChainVerifier, hashRecord } from '../../src/audit/index.js';
import { newCentre, newEnterprise, newUnion, newUser, validUscc } from '../support/fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

describe('audit trail (invariant 5): one hash chain per centre', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function chainLength(centreId: string): Promise<number> {
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM audit_record WHERE centre_id = $1', [centreId]);
    return rows[0].n;
  }

  it('verifies after a mixed workload, with one record per change and per refusal', async () => {
    const centre = await newCentre(t);
    const accountant = await newUser(t, centre.id, 'centre_accountant');
    const supervisor = await newUser(t, centre.id, 'centre_supervisor');
    const before = await chainLength(centre.id);

    const federation = await newUnion(t.api, accountant.token, centre.id, { kind: 'federation' });
    const union = await newUnion(t.api, accountant.token, centre.id, { parentUnionId: federation.id });
    const enterprise = await newEnterprise(t.api, accountant.token, centre.id, { unionId: union.id });
    expect((await t.api.patch(`/centres/${centre.id}/unions/${union.id}`, accountant.token, { memberCount: 99 })).status).toBe(200);
    expect((await t.api.patch(`/centres/${centre.id}`, supervisor.token, { bankName: '中国工商银行文新支行' })).status).toBe(200);
    expect((await t.api.delete(`/centres/${centre.id}/enterprises/${enterprise.id}`, accountant.token)).status).toBe(204);
    // refusals: a validation error, a forbidden role, a rule of the domain
    expectProblem(await t.api.post(`/centres/${centre.id}/unions`, accountant.token, { code: '', kind: 'x' }), 400);
    const treasurer = await newUser(t, centre.id, 'union_treasurer', { unionId: union.id });
    const afterUsers = await chainLength(centre.id);
    expectProblem(await t.api.post(`/centres/${centre.id}/unions`, treasurer.token, { code: 'T1', name: '工会', kind: 'grassroots', memberCount: 1 }), 403);
    expectProblem(await t.api.post(`/centres/${centre.id}/unions`, accountant.token, { code: union.code, name: '重名', kind: 'grassroots', memberCount: 1 }), 409);

    // 6 changes and 1 validation refusal before the treasurer; 2 refusals after
    expect(afterUsers - before).toBe(6 + 1 + 2 /* treasurer created and logged in */);
    expect(await chainLength(centre.id)).toBe(afterUsers + 2);

    const verify = await t.api.get(`/centres/${centre.id}/audit/verify`, supervisor.token);
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual(expect.objectContaining({ ok: true, firstBroken: null, recordsChecked: afterUsers + 2, headSeq: afterUsers + 2 }));

    const { rows } = await t.sql.query(
      `SELECT action, outcome, object_id, detail FROM audit_record WHERE centre_id = $1 ORDER BY seq`,
      [centre.id],
    );
    const update = rows.find((r) => r.action === 'union.update');
    expect(update.detail.changes.memberCount).toEqual([12, 99]);
    const deleted = rows.find((r) => r.action === 'enterprise.delete');
    expect(deleted.detail.before.uscc).toBe(enterprise.uscc);
    const refused = rows.filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => r.detail.code)).toEqual(['COMMON.VALIDATION_FAILED', 'AUTH.FORBIDDEN', 'ORG.UNION_CODE_TAKEN']);
    expect(refused[1].detail.path).toBe(`/api/v1/centres/${centre.id}/unions`);
  });

  it('leaves no trace of a failed write but the record of its refusal', async () => {
    const centre = await newCentre(t);
    const accountant = await newUser(t, centre.id, 'centre_accountant');
    const union = await newUnion(t.api, accountant.token, centre.id);
    const unions = async () => (await t.sql.query('SELECT count(*)::int AS n FROM trade_union WHERE centre_id = $1', [centre.id])).rows[0].n;
    const count = await unions();
    const length = await chainLength(centre.id);
    // a grassroots union cannot be the parent: refused after the centre lookup, before any write
    expectProblem(
      await t.api.post(`/centres/${centre.id}/unions`, accountant.token, { code: 'NEW-1', name: '新工会', kind: 'grassroots', memberCount: 1, parentUnionId: union.id }),
      422, 'ORG.PARENT_KIND_NOT_ALLOWED',
    );
    expect(await unions()).toBe(count);
    expect(await chainLength(centre.id)).toBe(length + 1);
  });

  it('detects a record altered directly in the database and names it', async () => {
    const centre = await newCentre(t);
    const accountant = await newUser(t, centre.id, 'centre_accountant');
    for (let i = 0; i < 5; i += 1) await newUnion(t.api, accountant.token, centre.id);
    const length = await chainLength(centre.id);
    const target = length - 2;

    // the application's path cannot change it: the trigger refuses
    await expect(t.sql.query(`UPDATE audit_record SET action = 'x' WHERE centre_id = $1 AND seq = $2`, [centre.id, target])).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`DELETE FROM audit_record WHERE centre_id = $1 AND seq = $2`, [centre.id, target])).rejects.toThrow(/append-only/);

    // a privileged connection that switches triggers off can: the chain then shows where
    const client = await t.sql.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(
        `UPDATE audit_record SET detail = jsonb_set(detail, '{after,memberCount}', '5000') WHERE centre_id = $1 AND seq = $2`,
        [centre.id, target],
      );
      await client.query('RESET session_replication_role');
    } finally {
      client.release();
    }
    const verify = await t.api.get(`/centres/${centre.id}/audit/verify`, t.adminToken);
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(false);
    expect(verify.body.firstBroken).toEqual(expect.objectContaining({ seq: target, reason: 'hash-mismatch' }));
    expect(verify.body.headSeq).toBe(target - 1);
  });

  it('detects a record removed from the middle and from the end', async () => {
    const centre = await newCentre(t);
    const accountant = await newUser(t, centre.id, 'centre_accountant');
    for (let i = 0; i < 4; i += 1) await newUnion(t.api, accountant.token, centre.id);
    const length = await chainLength(centre.id);
    const client = await t.sql.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query('DELETE FROM audit_record WHERE centre_id = $1 AND seq = $2', [centre.id, length]);
      await client.query('RESET session_replication_role');
    } finally {
      client.release();
    }
    const tail = await t.api.get(`/centres/${centre.id}/audit/verify`, t.adminToken);
    expect(tail.body.firstBroken).toEqual(expect.objectContaining({ seq: length, reason: 'head-mismatch' }));

    const second = await t.sql.connect();
    try {
      await second.query('SET session_replication_role = replica');
      await second.query('DELETE FROM audit_record WHERE centre_id = $1 AND seq = 3', [centre.id]);
      await second.query('RESET session_replication_role');
    } finally {
      second.release();
    }
    const middle = await t.api.get(`/centres/${centre.id}/audit/verify`, t.adminToken);
    expect(middle.body.firstBroken).toEqual(expect.objectContaining({ seq: 4, reason: 'sequence-gap' }));
  });

  it('refuses a record that does not extend the head, even from SQL', async () => {
    const centre = await newCentre(t);
    const { rows } = await t.sql.query('SELECT seq, hash FROM audit_chain_head WHERE centre_id = $1', [centre.id]);
    const insert = (seq: number, prevHash: string) =>
      t.sql.query(
        `INSERT INTO audit_record (centre_id, seq, prev_hash, occurred_at, action, outcome, detail, hash)
         VALUES ($1, $2, $3, now(), 'forged', 'ok', '{}', $4)`,
        [centre.id, seq, prevHash, 'f'.repeat(64)],
      );
    await expect(insert(Number(rows[0].seq) + 1, '0'.repeat(64))).rejects.toThrow(/does not extend the head/);
    await expect(insert(Number(rows[0].seq) + 2, rows[0].hash)).rejects.toThrow(/does not extend the head/);
    await expect(t.sql.query(`UPDATE audit_chain_head SET seq = seq + 1 WHERE centre_id = $1`, [centre.id])).rejects.toThrow(/moves only by appending/);
  });

  it('stays one unbroken chain under concurrent writers in one centre', async () => {
    const centre = await newCentre(t);
    const writers = await Promise.all([
      newUser(t, centre.id, 'centre_accountant'),
      newUser(t, centre.id, 'centre_accountant'),
      newUser(t, centre.id, 'centre_supervisor'),
    ]);
    const before = await chainLength(centre.id);
    const writes = 60;
    const responses = await Promise.all(
      Array.from({ length: writes }, (_, i) => {
        const token = writers[i % writers.length].token;
        if (i % 3 === 0) return t.api.post(`/centres/${centre.id}/enterprises`, token, { name: `并发企业 ${i}`, uscc: validUscc() });
        if (i % 3 === 1) return t.api.post(`/centres/${centre.id}/unions`, token, { code: `CC-${i}`, name: `并发工会 ${i}`, kind: 'grassroots', memberCount: i });
        // every third is refused (validation), which appends a refusal record outside the write's transaction
        return t.api.post(`/centres/${centre.id}/unions`, token, { code: `CC-${i}`, name: '', kind: 'grassroots', memberCount: i });
      }),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([...Array(40).fill(201), ...Array(20).fill(400)].sort());
    expect(await chainLength(centre.id)).toBe(before + writes);
    const verify = await t.api.get(`/centres/${centre.id}/audit/verify`, t.adminToken);
    expect(verify.body).toEqual(expect.objectContaining({ ok: true, recordsChecked: before + writes }));
    const { rows } = await t.sql.query('SELECT seq FROM audit_record WHERE centre_id = $1 ORDER BY seq', [centre.id]);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: before + writes }, (_, i) => i + 1));
  });

  it('keeps the chains of different centres apart', async () => {
    const [a, b] = await Promise.all([newCentre(t), newCentre(t)]);
    const { rows } = await t.sql.query('SELECT centre_id, seq, prev_hash FROM audit_record WHERE centre_id = ANY($1) AND seq = 1', [[a.id, b.id]]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.prev_hash).toBe('0'.repeat(64));
  });

  it('serves the records in chain order, and they recompute outside the service', async () => {
    const centre = await newCentre(t);
    const accountant = await newUser(t, centre.id, 'centre_accountant');
    for (let i = 0; i < 3; i += 1) await newUnion(t.api, accountant.token, centre.id);
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const page = await t.api.get(`/centres/${centre.id}/audit/records?afterSeq=${after}&limit=2`, accountant.token);
      expect(page.status).toBe(200);
      for (const record of page.body.items) {
        const { hash, ...content } = record;
        expect(hashRecord(content)).toBe(hash);
        expect(verifier.push(record)).toBe(true);
      }
      if (page.body.nextAfterSeq === null) break;
      after = page.body.nextAfterSeq;
    }
    expect(verifier.result.recordsChecked).toBe(await chainLength(centre.id));
  });

  it('verifies the platform chain for the administrator only', async () => {
    const response = await t.api.get('/platform/audit/verify', t.adminToken);
    expect(response.status).toBe(200);
    expect(response.body.ok).toBe(true);
    expect(response.body.recordsChecked).toBeGreaterThan(0);
    const centre = await newCentre(t);
    const supervisor = await newUser(t, centre.id, 'centre_supervisor');
    expectProblem(await t.api.get('/platform/audit/verify', supervisor.token), 403);
  });
});
