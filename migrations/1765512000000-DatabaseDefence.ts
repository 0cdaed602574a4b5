import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Defence in the database itself (DESIGN: invariants live in the database too):
 *
 * - The service no longer works as the owner of the schema. It logs in as `dcl_app` (src/database/app-role.ts), a role
 *   that may read and write rows but owns nothing: it cannot alter a table, disable a trigger or truncate, and it has
 *   no UPDATE or DELETE at all on the append-only tables (the audit trail, approved budget versions, positive-list
 *   versions, rectifications, an engagement's fixed unions and auditors) nor any write on `schema_migration`.
 * - Lines of a posted entry cannot be updated or deleted by `dcl_app` even by raw SQL: row-level security lets it touch
 *   a journal line only while its entry is not posted (the trigger `journal_line_guard` says the same to everyone).
 * - Row-level security binds a session to a centre: once `dcl.centre_id` is set (src/database/centre-binding.ts), every
 *   table with a centre answers only that centre's rows and refuses rows of another. A session that is not bound (the
 *   service's pool, whose scope checks are in the services) sees every centre.
 *
 * All of it is one function, `dcl_apply_defences()`, run here and again after every later migration (runMigrations),
 * so that tables added later get the same grants and the same centre policy without each migration repeating them.
 */
export class DatabaseDefence1765512000000 implements MigrationInterface {
  name = 'DatabaseDefence1765512000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
-- The role is the cluster's; several databases (test runs) may create it at once, and an owner without CREATEROLE
-- (a managed server) cannot: the service then keeps working as the owner and says so at start-up.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dcl_app') THEN
    CREATE ROLE dcl_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
  WHEN insufficient_privilege THEN RAISE NOTICE 'cannot create role dcl_app: the service will work as the schema owner';
END $$;

-- The session's centre, or NULL when the session is not bound to one.
CREATE FUNCTION dcl_bound_centre() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT NULLIF(current_setting('dcl.centre_id', true), '')::uuid
$$;

CREATE FUNCTION dcl_apply_defences() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  append_only CONSTANT text[] := ARRAY['audit_record', 'budget_version', 'positive_list_version', 'audit_rectification',
                                       'audit_engagement_union', 'audit_engagement_auditor'];
  t record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dcl_app') THEN
    RETURN;
  END IF;
  EXECUTE 'GRANT USAGE ON SCHEMA public TO dcl_app';
  EXECUTE 'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO dcl_app';
  FOR t IN
    SELECT c.relname AS name, c.oid,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'centre_id' AND NOT a.attisdropped) AS has_centre
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    IF t.name = 'schema_migration' THEN
      EXECUTE format('REVOKE ALL ON %I FROM dcl_app', t.name);
      EXECUTE format('GRANT SELECT ON %I TO dcl_app', t.name);
      CONTINUE;
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO dcl_app', t.name);
    EXECUTE format('REVOKE TRUNCATE, REFERENCES, TRIGGER ON %I FROM dcl_app', t.name);
    IF t.name = ANY (append_only) THEN
      EXECUTE format('REVOKE UPDATE, DELETE ON %I FROM dcl_app', t.name);
    END IF;
    -- the centre binding: on every table that belongs to a centre (and on the centre itself)
    IF t.has_centre OR t.name = 'centre' THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
      IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t.oid AND polname = 'centre_binding') THEN
        -- (SELECT …) makes the setting an InitPlan, read once per statement rather than once per row
        EXECUTE format(
          'CREATE POLICY centre_binding ON %I AS PERMISSIVE FOR ALL TO dcl_app
             USING ((SELECT dcl_bound_centre()) IS NULL OR %I = (SELECT dcl_bound_centre()))
             WITH CHECK ((SELECT dcl_bound_centre()) IS NULL OR %I = (SELECT dcl_bound_centre()))',
          t.name, CASE WHEN t.name = 'centre' THEN 'id' ELSE 'centre_id' END, CASE WHEN t.name = 'centre' THEN 'id' ELSE 'centre_id' END);
      END IF;
    END IF;
  END LOOP;

  -- posted lines are final for the service's role, whatever SQL it runs
  IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = 'journal_line'::regclass AND polname = 'journal_line_unposted_update') THEN
    CREATE POLICY journal_line_unposted_update ON journal_line AS RESTRICTIVE FOR UPDATE TO dcl_app
      USING (NOT EXISTS (SELECT 1 FROM journal_entry e
                          WHERE e.centre_id = journal_line.centre_id AND e.id = journal_line.entry_id AND e.status = 'posted'));
    CREATE POLICY journal_line_unposted_delete ON journal_line AS RESTRICTIVE FOR DELETE TO dcl_app
      USING (NOT EXISTS (SELECT 1 FROM journal_entry e
                          WHERE e.centre_id = journal_line.centre_id AND e.id = journal_line.entry_id AND e.status = 'posted'));
  END IF;
END $$;

SELECT dcl_apply_defences();
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT polrelid::regclass AS rel, polname FROM pg_policy
            WHERE polname IN ('centre_binding', 'journal_line_unposted_update', 'journal_line_unposted_delete')
  LOOP
    EXECUTE format('DROP POLICY %I ON %s', t.polname, t.rel);
  END LOOP;
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity
  LOOP
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t.relname);
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dcl_app') THEN
    EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM dcl_app';
    EXECUTE 'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM dcl_app';
    EXECUTE 'REVOKE ALL ON SCHEMA public FROM dcl_app';
  END IF;
END $$;
DROP FUNCTION dcl_apply_defences();
DROP FUNCTION dcl_bound_centre();
`);
  }
}
