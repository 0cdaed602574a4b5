import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation: custody centres, unions, enterprises, users and the per-centre audit hash chain.
 *
 * Tenant tables carry centre_id first in their primary key, and references between them are composite
 * (centre_id, id), so a row can never point into another centre and the schema can later be distributed by centre.
 */
export class Foundation1764130000000 implements MigrationInterface {
  name = 'Foundation1764130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
-- 统一社会信用代码 (GB 32100-2015): 18 characters of a 31-character alphabet, the last one a check character
-- over the first 17 with weights 3^(i-1) mod 31.
CREATE FUNCTION uscc_is_valid(code text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
  weights constant int[] := ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28];
  total int := 0;
BEGIN
  IF code !~ '^[0-9A-HJ-NP-RTUW-Y]{18}$' THEN
    RETURN false;
  END IF;
  FOR i IN 1..17 LOOP
    total := total + (strpos(alphabet, substr(code, i, 1)) - 1) * weights[i];
  END LOOP;
  RETURN substr(alphabet, (31 - total % 31) % 31 + 1, 1) = substr(code, 18, 1);
END
$$;

CREATE TABLE centre (
  id uuid PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  bank_account_no text NOT NULL,
  bank_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT centre_code_unique UNIQUE (code),
  CONSTRAINT centre_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
  CONSTRAINT centre_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
  CONSTRAINT centre_bank_account_format CHECK (bank_account_no ~ '^[0-9]{8,32}$'),
  CONSTRAINT centre_bank_name_length CHECK (char_length(btrim(bank_name)) BETWEEN 1 AND 100)
);

-- 工会: each union is a fund with its own sub-ledger inside the centre's one ledger.
CREATE TABLE trade_union (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  parent_union_id uuid,
  member_count integer NOT NULL DEFAULT 0,
  founded_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, id),
  CONSTRAINT trade_union_code_unique UNIQUE (centre_id, code),
  CONSTRAINT trade_union_name_unique UNIQUE (centre_id, name),
  CONSTRAINT trade_union_parent_fk FOREIGN KEY (centre_id, parent_union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT trade_union_kind_valid CHECK (kind IN ('grassroots', 'federation', 'street')),
  CONSTRAINT trade_union_code_format CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$'),
  CONSTRAINT trade_union_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
  CONSTRAINT trade_union_member_count_non_negative CHECK (member_count >= 0),
  CONSTRAINT trade_union_not_own_parent CHECK (parent_union_id IS NULL OR parent_union_id <> id)
);
CREATE INDEX trade_union_parent_idx ON trade_union (centre_id, parent_union_id);

CREATE TABLE enterprise (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL,
  name text NOT NULL,
  uscc text NOT NULL,
  payroll_contact_name text,
  payroll_contact_phone text,
  union_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, id),
  CONSTRAINT enterprise_uscc_unique UNIQUE (centre_id, uscc),
  CONSTRAINT enterprise_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT enterprise_uscc_valid CHECK (uscc_is_valid(uscc)),
  CONSTRAINT enterprise_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200)
);
CREATE INDEX enterprise_union_idx ON enterprise (centre_id, union_id);

CREATE TABLE app_user (
  id uuid PRIMARY KEY,
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL,
  centre_id uuid REFERENCES centre (id),
  union_id uuid,
  enterprise_id uuid,
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- bumped on password change or deactivation: tokens carry it, so older tokens stop working
  token_version integer NOT NULL DEFAULT 0,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT app_user_username_unique UNIQUE (username),
  CONSTRAINT app_user_username_format CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,31}$'),
  CONSTRAINT app_user_display_name_length CHECK (char_length(btrim(display_name)) BETWEEN 1 AND 50),
  CONSTRAINT app_user_password_argon2id CHECK (password_hash LIKE '$argon2id$%'),
  CONSTRAINT app_user_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT app_user_enterprise_fk FOREIGN KEY (centre_id, enterprise_id) REFERENCES enterprise (centre_id, id),
  CONSTRAINT app_user_role_valid CHECK (role IN (
    'system_admin', 'centre_accountant', 'centre_supervisor', 'union_treasurer', 'union_chair',
    'internal_auditor', 'state_auditor', 'social_auditor', 'member', 'enterprise')),
  -- the scope a role needs, and nothing more
  CONSTRAINT app_user_scope_matches_role CHECK (CASE
    WHEN role = 'system_admin' THEN centre_id IS NULL AND union_id IS NULL AND enterprise_id IS NULL
    WHEN role IN ('union_treasurer', 'union_chair', 'member')
      THEN centre_id IS NOT NULL AND union_id IS NOT NULL AND enterprise_id IS NULL
    WHEN role = 'enterprise' THEN centre_id IS NOT NULL AND enterprise_id IS NOT NULL AND union_id IS NULL
    ELSE centre_id IS NOT NULL AND union_id IS NULL AND enterprise_id IS NULL
  END)
);
CREATE INDEX app_user_centre_idx ON app_user (centre_id);

-- The audit trail: one hash chain per centre (the nil uuid is the platform's own chain, for what happens outside
-- any centre). hash = SHA-256 of the canonical JSON of the record (docs/audit-chain.md).
CREATE TABLE audit_record (
  centre_id uuid NOT NULL,
  seq bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor_user_id uuid,
  actor_username text,
  actor_role text,
  action text NOT NULL,
  object_type text,
  object_id text,
  outcome text NOT NULL,
  request_id text,
  detail jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (centre_id, seq),
  CONSTRAINT audit_record_seq_positive CHECK (seq >= 1),
  CONSTRAINT audit_record_outcome_valid CHECK (outcome IN ('ok', 'refused')),
  CONSTRAINT audit_record_hash_format CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_record_object_idx ON audit_record (centre_id, object_type, object_id);

CREATE TABLE audit_chain_head (
  centre_id uuid PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- Appending is the only way in: the new record must extend the head (seq + 1, prev_hash = head hash), and the
-- head moves with it in the same statement. Two writers racing for one centre queue on the head's row lock;
-- UNIQUE (centre_id, seq) would refuse a fork even if they did not.
CREATE FUNCTION audit_record_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  INSERT INTO audit_chain_head (centre_id, seq, hash) VALUES (NEW.centre_id, 0, repeat('0', 64))
    ON CONFLICT (centre_id) DO NOTHING;
  SELECT * INTO head FROM audit_chain_head WHERE centre_id = NEW.centre_id FOR UPDATE;
  IF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
    RAISE EXCEPTION 'audit record % of chain % does not extend the head (seq %, hash %)',
      NEW.seq, NEW.centre_id, head.seq, head.hash
      USING ERRCODE = 'P0A01';
  END IF;
  UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE centre_id = NEW.centre_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_record_extend_chain BEFORE INSERT ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_record_extend_chain();

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'P0A02';
END
$$;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The head moves only from the append trigger, one step at a time.
CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 AND NEW.seq = OLD.seq + 1 AND NEW.centre_id = OLD.centre_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit chain head moves only by appending a record' USING ERRCODE = 'P0A02';
END
$$;
CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE OR DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DROP TABLE audit_chain_head;
DROP TABLE audit_record;
DROP FUNCTION audit_chain_head_guard();
DROP FUNCTION refuse_change();
DROP FUNCTION audit_record_extend_chain();
DROP TABLE app_user;
DROP TABLE enterprise;
DROP TABLE trade_union;
DROP TABLE centre;
DROP FUNCTION uscc_is_valid(text);
`);
  }
}
