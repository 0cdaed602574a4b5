import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money in: dues rules (rate and allocation, effective-dated per centre), payroll declarations with their history,
 * assessments (2% of payroll), receipts and how they were allocated, and the enterprise prepayment account.
 */
export class Dues1764302400000 implements MigrationInterface {
  name = 'Dues1764302400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
-- Dues paid ahead of their assessment (多缴、预缴) are owed back to the enterprise until a later period uses them:
-- a standard sub-account of 221 beside 22101 待查明款项.
INSERT INTO account (code, name, category, normal_side, is_cash, note, parent_id)
SELECT '22102', '预收拨缴经费', 'liability', 'credit', false,
       'sub-account of 221: dues an enterprise paid ahead of (or beyond) what was assessed', id
  FROM account WHERE code = '221' AND centre_id IS NULL;

-- 企业类别 a dues rule may name (e.g. small and micro enterprises whose unions retain more)
ALTER TABLE enterprise ADD COLUMN dues_class text;
ALTER TABLE enterprise ADD CONSTRAINT enterprise_dues_class_format CHECK (dues_class IS NULL OR dues_class ~ '^[a-z][a-z0-9_]{0,31}$');

-- 拨缴规则: the rate, the grassroots union's retained share and the upward shares, effective from a date.
CREATE TABLE dues_rule (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  effective_from date NOT NULL,
  enterprise_class text,
  rate numeric(9,6) NOT NULL,
  retained_share numeric(9,6) NOT NULL,
  preparation_transfer_share numeric(9,6) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT dues_rule_rate_range CHECK (rate > 0 AND rate <= 1),
  CONSTRAINT dues_rule_retained_range CHECK (retained_share >= 0 AND retained_share <= 1),
  CONSTRAINT dues_rule_transfer_range CHECK (preparation_transfer_share >= 0 AND preparation_transfer_share <= 1),
  CONSTRAINT dues_rule_class_format CHECK (enterprise_class IS NULL OR enterprise_class ~ '^[a-z][a-z0-9_]{0,31}$')
);
CREATE UNIQUE INDEX dues_rule_effective_unique ON dues_rule (centre_id, effective_from, coalesce(enterprise_class, ''));

-- the upward shares of a rule, one per named level, each owed on its own payable account (211 or a sub-account)
CREATE TABLE dues_rule_share (
  centre_id uuid NOT NULL,
  rule_id uuid NOT NULL,
  position integer NOT NULL,
  level_name text NOT NULL,
  share numeric(9,6) NOT NULL,
  payable_account_code text NOT NULL DEFAULT '211',
  PRIMARY KEY (centre_id, rule_id, position),
  CONSTRAINT dues_rule_share_rule_fk FOREIGN KEY (centre_id, rule_id) REFERENCES dues_rule (centre_id, id) ON DELETE CASCADE,
  CONSTRAINT dues_rule_share_positive CHECK (share > 0 AND share <= 1),
  CONSTRAINT dues_rule_share_level_length CHECK (char_length(btrim(level_name)) BETWEEN 1 AND 60),
  CONSTRAINT dues_rule_share_payable CHECK (payable_account_code ~ '^211([0-9]{2})*$')
);

-- the shares of a rule add up to the whole (invariant 6), checked at commit once the rule and its shares are in
CREATE FUNCTION dues_rule_check_shares() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rule dues_rule%ROWTYPE;
  upward numeric;
  target uuid;
BEGIN
  -- separate statements: PL/pgSQL resolves every field an expression names, even in a branch not taken
  IF TG_TABLE_NAME = 'dues_rule' THEN
    target := NEW.id;
  ELSE
    target := NEW.rule_id;
  END IF;
  SELECT * INTO rule FROM dues_rule WHERE centre_id = NEW.centre_id AND id = target;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(sum(share), 0) INTO upward FROM dues_rule_share WHERE centre_id = rule.centre_id AND rule_id = rule.id;
  IF rule.retained_share + upward <> 1 THEN
    RAISE EXCEPTION 'dues rule %: retained % and upward shares % do not make the whole', rule.id, rule.retained_share, upward
      USING ERRCODE = 'P0D01';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER dues_rule_check_shares AFTER INSERT OR UPDATE ON dues_rule
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dues_rule_check_shares();
CREATE CONSTRAINT TRIGGER dues_rule_share_check_shares AFTER INSERT OR UPDATE ON dues_rule_share
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dues_rule_check_shares();

-- Every centre starts with the defaults of reference/README.md: 2% of payroll, 60% retained, 40% owed upward,
-- 60% of a preparation fund moved to the new union. Data a centre changes with a rule of a later date.
CREATE FUNCTION dues_rule_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rule_id uuid := gen_random_uuid();
BEGIN
  INSERT INTO dues_rule (centre_id, id, effective_from, rate, retained_share, preparation_transfer_share)
  VALUES (NEW.id, rule_id, DATE '2000-01-01', 0.02, 0.60, 0.60);
  INSERT INTO dues_rule_share (centre_id, rule_id, position, level_name, share, payable_account_code)
  VALUES (NEW.id, rule_id, 1, '上级工会', 0.40, '211');
  RETURN NULL;
END
$$;
CREATE TRIGGER centre_dues_rule_defaults AFTER INSERT ON centre FOR EACH ROW EXECUTE FUNCTION dues_rule_defaults();
INSERT INTO dues_rule (centre_id, effective_from, rate, retained_share, preparation_transfer_share)
SELECT id, DATE '2000-01-01', 0.02, 0.60, 0.60 FROM centre;
INSERT INTO dues_rule_share (centre_id, rule_id, position, level_name, share, payable_account_code)
SELECT centre_id, id, 1, '上级工会', 0.40, '211' FROM dues_rule;

-- 工资总额申报: per enterprise and month or quarter; a correction supersedes, never overwrites.
CREATE TABLE payroll_declaration (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  enterprise_id uuid NOT NULL,
  period_label text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  total_payroll numeric(18,2) NOT NULL,
  headcount integer,
  version integer NOT NULL,
  superseded_at timestamptz,
  source text NOT NULL,
  import_key text,
  declared_at timestamptz NOT NULL DEFAULT now(),
  declared_by uuid,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT payroll_declaration_enterprise_fk FOREIGN KEY (centre_id, enterprise_id) REFERENCES enterprise (centre_id, id),
  CONSTRAINT payroll_declaration_version_unique UNIQUE (centre_id, enterprise_id, period_label, version),
  CONSTRAINT payroll_declaration_period_format CHECK (period_label ~ '^[0-9]{4}-((0[1-9]|1[0-2])|Q[1-4])$'),
  CONSTRAINT payroll_declaration_period_order CHECK (period_start <= period_end),
  CONSTRAINT payroll_declaration_payroll_non_negative CHECK (total_payroll >= 0),
  CONSTRAINT payroll_declaration_headcount_non_negative CHECK (headcount IS NULL OR headcount >= 0),
  CONSTRAINT payroll_declaration_source_valid CHECK (source IN ('manual', 'import'))
);
CREATE UNIQUE INDEX payroll_declaration_current ON payroll_declaration (centre_id, enterprise_id, period_label) WHERE superseded_at IS NULL;
CREATE UNIQUE INDEX payroll_declaration_import_key ON payroll_declaration (centre_id, import_key) WHERE import_key IS NOT NULL;

-- 应缴: 2% (the rule's rate) of a declaration, rounded half up to the fen; superseded with its declaration.
CREATE TABLE dues_assessment (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  enterprise_id uuid NOT NULL,
  declaration_id uuid NOT NULL,
  period_label text NOT NULL,
  period_start date NOT NULL,
  rule_id uuid NOT NULL,
  rate numeric(9,6) NOT NULL,
  amount_assessed numeric(18,2) NOT NULL,
  superseded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, id),
  CONSTRAINT dues_assessment_declaration_fk FOREIGN KEY (centre_id, declaration_id) REFERENCES payroll_declaration (centre_id, id),
  CONSTRAINT dues_assessment_rule_fk FOREIGN KEY (centre_id, rule_id) REFERENCES dues_rule (centre_id, id),
  CONSTRAINT dues_assessment_enterprise_fk FOREIGN KEY (centre_id, enterprise_id) REFERENCES enterprise (centre_id, id),
  CONSTRAINT dues_assessment_amount_non_negative CHECK (amount_assessed >= 0)
);
CREATE UNIQUE INDEX dues_assessment_current ON dues_assessment (centre_id, enterprise_id, period_label) WHERE superseded_at IS NULL;

-- 到账: money that reached the unified account for dues, from an enterprise or from the tax authority (税务代收).
CREATE TABLE dues_receipt (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  received_on date NOT NULL,
  amount numeric(18,2) NOT NULL,
  channel text NOT NULL,
  enterprise_id uuid,
  named_period text,
  payer_name text,
  bank_reference text,
  memo text,
  status text NOT NULL,
  entry_id uuid,
  assigned_entry_id uuid,
  import_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT dues_receipt_enterprise_fk FOREIGN KEY (centre_id, enterprise_id) REFERENCES enterprise (centre_id, id),
  CONSTRAINT dues_receipt_entry_fk FOREIGN KEY (centre_id, entry_id) REFERENCES journal_entry (centre_id, id),
  CONSTRAINT dues_receipt_amount_positive CHECK (amount > 0),
  CONSTRAINT dues_receipt_channel_valid CHECK (channel IN ('enterprise', 'tax')),
  CONSTRAINT dues_receipt_status_valid CHECK (status IN ('allocated', 'suspense')),
  CONSTRAINT dues_receipt_suspense_has_no_payer CHECK ((status = 'suspense') = (enterprise_id IS NULL)),
  CONSTRAINT dues_receipt_named_period_format CHECK (named_period IS NULL OR named_period ~ '^[0-9]{4}-((0[1-9]|1[0-2])|Q[1-4])$')
);
CREATE INDEX dues_receipt_enterprise_idx ON dues_receipt (centre_id, enterprise_id, received_on);
CREATE UNIQUE INDEX dues_receipt_import_key ON dues_receipt (centre_id, import_key) WHERE import_key IS NOT NULL;

-- how a receipt paid: assessed periods (oldest owed first unless the payer named one), or a credit held for later
CREATE TABLE receipt_allocation (
  centre_id uuid NOT NULL,
  receipt_id uuid NOT NULL,
  line_no integer NOT NULL,
  enterprise_id uuid NOT NULL,
  period_label text,
  kind text NOT NULL,
  amount numeric(18,2) NOT NULL,
  union_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, receipt_id, line_no),
  CONSTRAINT receipt_allocation_receipt_fk FOREIGN KEY (centre_id, receipt_id) REFERENCES dues_receipt (centre_id, id),
  CONSTRAINT receipt_allocation_kind_valid CHECK (kind IN ('dues', 'preparation', 'credit', 'credit_used')),
  CONSTRAINT receipt_allocation_amount_sign CHECK (amount <> 0),
  CONSTRAINT receipt_allocation_period_iff_paid CHECK ((kind = 'credit') = (period_label IS NULL))
);
CREATE INDEX receipt_allocation_enterprise_idx ON receipt_allocation (centre_id, enterprise_id, period_label);
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DROP TABLE receipt_allocation;
DROP TABLE dues_receipt;
DROP TABLE dues_assessment;
DROP TABLE payroll_declaration;
DROP TRIGGER centre_dues_rule_defaults ON centre;
DROP FUNCTION dues_rule_defaults();
DROP TABLE dues_rule_share;
DROP TABLE dues_rule;
DROP FUNCTION dues_rule_check_shares();
ALTER TABLE enterprise DROP COLUMN dues_class;
ALTER TABLE account DISABLE TRIGGER account_guard;
DELETE FROM account WHERE code = '22102' AND centre_id IS NULL;
ALTER TABLE account ENABLE TRIGGER account_guard;
`);
  }
}
