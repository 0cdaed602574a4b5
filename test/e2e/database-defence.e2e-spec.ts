import { DataSource } from 'typeorm';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 9, point 4: what the database itself refuses to the service's own role (`dcl_app`), whatever SQL the service
 * might be tricked into running: no rewriting of posted lines or of the trail, no schema changes, no switching off
 * triggers; and a session bound to one centre cannot read or write another's rows.
 */
describe('database-level defence', () => {
  let t: TestApp;
  let app: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    app = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** Raw SQL on one of the service's own connections; resolves to the error code when the database refuses. */
  async function asService(sql: string, params: unknown[] = []): Promise<{ rows?: unknown; code?: string }> {
    try {
      return { rows: await app.query(sql, params) };
    } catch (error) {
      return { code: (error as { code?: string }).code };
    }
  }

  it('runs the service as dcl_app, a role that owns nothing and cannot become another', async () => {
    expect(await app.query('SELECT current_user AS "user", session_user AS "session"')).toEqual([{ user: 'dcl_app', session: 'dcl_app' }]);
    const [role] = await app.query(`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'dcl_app'`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const [{ owned }] = await app.query(`SELECT count(*)::int AS owned FROM pg_class WHERE relowner = 'dcl_app'::regrole`);
    expect(owned).toBe(0);
    expect((await asService('SET ROLE postgres')).code).toBe('42501');
    expect((await asService('SET session_replication_role = replica')).code).toBe('42501');
  });

  it('cannot change a posted line, by UPDATE or DELETE, though draft lines stay editable', async () => {
    const w = await newLedgerWorld(t);
    const posted = await w.receive(w.unionA.id, '100.00');
    expect(posted.body.status).toBe('posted');
    const entryId = posted.body.id as string;

    const updated = await asService(`UPDATE journal_line SET debit = debit + 1 WHERE entry_id = $1 RETURNING line_no`, [entryId]);
    expect(updated.code ?? (updated.rows as [unknown[], number])[1]).toBe(0);
    const deleted = await asService(`DELETE FROM journal_line WHERE entry_id = $1 RETURNING line_no`, [entryId]);
    expect(deleted.code ?? (deleted.rows as [unknown[], number])[1]).toBe(0);
    const { rows } = await t.sql.query(`SELECT sum(debit)::text AS debit, count(*)::int AS lines FROM journal_line WHERE entry_id = $1`, [entryId]);
    expect(rows[0]).toEqual({ debit: '100.00', lines: 2 });

    // the policy is about posted lines only: a draft's lines are still the service's to replace
    const draft = await t.api.post(`${w.base}/entries`, w.accountant.token, {
      date: '2025-11-06', memo: '草稿', lines: [
        { unionId: w.unionA.id, accountCode: '102', debit: '5.00' },
        { unionId: w.unionA.id, accountCode: '40201', credit: '5.00' },
      ],
    });
    expect(draft.status).toBe(201);
    const [, draftLines] = await app.query(`UPDATE journal_line SET memo = '改' WHERE entry_id = $1 RETURNING line_no`, [draft.body.id]);
    expect(draftLines).toBe(2);
  });

  it('cannot rewrite, delete or truncate the audit trail, the migrations or any table, nor alter the schema', async () => {
    const w = await newLedgerWorld(t);
    await w.receive(w.unionA.id, '1.00');
    const refusals = [
      `UPDATE audit_record SET detail = '{}'::jsonb WHERE centre_id = '${w.centre.id}'`,
      `DELETE FROM audit_record WHERE centre_id = '${w.centre.id}'`,
      'TRUNCATE audit_record',
      'TRUNCATE journal_line',
      `UPDATE budget_version SET version = version`,
      `DELETE FROM positive_list_version`,
      `INSERT INTO schema_migration (timestamp, name) VALUES (1, 'Evil1')`,
      `DELETE FROM schema_migration`,
      'ALTER TABLE journal_line DISABLE TRIGGER ALL',
      'ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only',
      'DROP TRIGGER journal_line_guard ON journal_line',
      'ALTER TABLE journal_line DISABLE ROW LEVEL SECURITY',
      'DROP POLICY centre_binding ON trade_union',
      'CREATE TABLE sneaky (id int)',
    ];
    for (const sql of refusals) {
      const answer = await asService(sql);
      expect({ sql, code: answer.code }).toEqual({ sql, code: '42501' });
    }
    const verified = await t.api.get(`${w.base}/audit/verify`, w.supervisor.token);
    expect(verified.body.ok).toBe(true);
  });

  it('binds a session to one centre: it reads only that centre and cannot write into another', async () => {
    const one = await newLedgerWorld(t);
    const two = await newLedgerWorld(t);
    await one.receive(one.unionA.id, '10.00');
    await two.receive(two.unionA.id, '20.00');

    await app.transaction(async (manager) => {
      await manager.query(`SELECT set_config('dcl.centre_id', $1, true)`, [one.centre.id]);
      const centres = await manager.query(`SELECT DISTINCT centre_id FROM journal_line WHERE centre_id = ANY($1::uuid[])`, [[one.centre.id, two.centre.id]]);
      expect(centres).toEqual([{ centre_id: one.centre.id }]);
      expect(await manager.query(`SELECT id FROM trade_union WHERE centre_id = $1`, [two.centre.id])).toEqual([]);
      expect(await manager.query(`SELECT id FROM centre WHERE id = $1`, [two.centre.id])).toEqual([]);
      expect(await manager.query(`SELECT count(*)::int AS n FROM audit_record WHERE centre_id = $1`, [two.centre.id])).toEqual([{ n: 0 }]);
      // the own centre is all there
      const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM trade_union WHERE centre_id = $1`, [one.centre.id]);
      expect(n).toBe(3);
      // and nothing can be put into the other one
      await manager.query('SAVEPOINT cross_write');
      const crossWrite = await manager
        .query(`UPDATE trade_union SET name = name || '!' WHERE centre_id = $1 RETURNING id`, [two.centre.id])
        .then(([, count]: [unknown, number]) => count);
      expect(crossWrite).toBe(0);
      const insert = await manager
        .query(`INSERT INTO idempotency_record (centre_id, key, request_hash, response_status)
                VALUES ($1, 'k', 'h', 200)`, [two.centre.id])
        .then(() => 'inserted', (error: { code?: string }) => error.code);
      expect(insert).toBe('42501');
      await manager.query('ROLLBACK TO SAVEPOINT cross_write');
    });

    // the binding lives only as long as the transaction: the pool's sessions see every centre again
    const [{ centres }] = await app.query(`SELECT count(DISTINCT centre_id)::int AS centres FROM journal_line WHERE centre_id = ANY($1::uuid[])`, [[one.centre.id, two.centre.id]]);
    expect(centres).toBe(2);
  });
});
