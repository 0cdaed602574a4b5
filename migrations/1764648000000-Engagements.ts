import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit engagements (四位一体: internal, state, social audit and member supervision): who audits which unions over
 * which periods, valid between two dates; their findings (审计意见) and the unions' rectification responses (整改).
 */
export class Engagements1764648000000 implements MigrationInterface {
  name = 'Engagements1764648000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE audit_engagement (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  -- the CPA firm of a social audit (社会审计), the audit office of a state audit
  firm text,
  -- every union of the centre (and the centre-level records: bank, trail), or the listed ones
  all_unions boolean NOT NULL DEFAULT false,
  period_from date NOT NULL,
  period_to date NOT NULL,
  valid_from date NOT NULL,
  valid_until date NOT NULL,
  status text NOT NULL DEFAULT 'open',
  opened_by uuid NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid,
  closed_at timestamptz,
  close_reason text,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT audit_engagement_kind_valid CHECK (kind IN ('internal', 'state', 'social', 'member_supervision')),
  CONSTRAINT audit_engagement_status_valid CHECK (status IN ('open', 'closed')),
  CONSTRAINT audit_engagement_closed_stamped CHECK ((status = 'closed') = (closed_by IS NOT NULL AND closed_at IS NOT NULL)),
  CONSTRAINT audit_engagement_periods CHECK (period_from <= period_to AND extract(day FROM period_from) = 1),
  CONSTRAINT audit_engagement_validity CHECK (valid_from <= valid_until),
  CONSTRAINT audit_engagement_title_length CHECK (char_length(btrim(title)) BETWEEN 1 AND 200)
);

CREATE TABLE audit_engagement_union (
  centre_id uuid NOT NULL,
  engagement_id uuid NOT NULL,
  union_id uuid NOT NULL,
  PRIMARY KEY (centre_id, engagement_id, union_id),
  CONSTRAINT audit_engagement_union_engagement_fk FOREIGN KEY (centre_id, engagement_id) REFERENCES audit_engagement (centre_id, id),
  CONSTRAINT audit_engagement_union_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id)
);

CREATE TABLE audit_engagement_auditor (
  centre_id uuid NOT NULL,
  engagement_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (centre_id, engagement_id, user_id),
  CONSTRAINT audit_engagement_auditor_engagement_fk FOREIGN KEY (centre_id, engagement_id) REFERENCES audit_engagement (centre_id, id)
);
CREATE INDEX audit_engagement_auditor_user_idx ON audit_engagement_auditor (user_id);

-- 审计意见: recorded by the engagement's auditors, answered by the union (整改), closed by the auditors
CREATE TABLE audit_finding (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  engagement_id uuid NOT NULL,
  number integer NOT NULL,
  union_id uuid,
  title text NOT NULL,
  opinion text NOT NULL,
  -- what the union must do, and by when
  requirement text,
  due_on date,
  status text NOT NULL DEFAULT 'open',
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid,
  closed_at timestamptz,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT audit_finding_engagement_fk FOREIGN KEY (centre_id, engagement_id) REFERENCES audit_engagement (centre_id, id),
  CONSTRAINT audit_finding_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT audit_finding_number_unique UNIQUE (centre_id, engagement_id, number),
  CONSTRAINT audit_finding_status_valid CHECK (status IN ('open', 'responded', 'closed')),
  CONSTRAINT audit_finding_closed_stamped CHECK ((status = 'closed') = (closed_by IS NOT NULL))
);

CREATE TABLE audit_rectification (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  finding_id uuid NOT NULL,
  response text NOT NULL,
  completed boolean NOT NULL DEFAULT false,
  responded_by uuid NOT NULL,
  responded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, id),
  CONSTRAINT audit_rectification_finding_fk FOREIGN KEY (centre_id, finding_id) REFERENCES audit_finding (centre_id, id)
);
CREATE TRIGGER audit_rectification_append_only BEFORE UPDATE OR DELETE ON audit_rectification
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- an engagement's scope is fixed once opened: it is closed (early), never edited
CREATE FUNCTION audit_engagement_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status = 'closed'
     OR (to_jsonb(NEW) - 'status' - 'closed_by' - 'closed_at' - 'close_reason') <> (to_jsonb(OLD) - 'status' - 'closed_by' - 'closed_at' - 'close_reason') THEN
    RAISE EXCEPTION 'an engagement is not edited or deleted; it is closed' USING ERRCODE = 'P0A02';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_engagement_guard BEFORE UPDATE OR DELETE ON audit_engagement FOR EACH ROW EXECUTE FUNCTION audit_engagement_guard();
CREATE TRIGGER audit_engagement_union_fixed BEFORE UPDATE OR DELETE ON audit_engagement_union FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_engagement_auditor_fixed BEFORE UPDATE OR DELETE ON audit_engagement_auditor FOR EACH ROW EXECUTE FUNCTION refuse_change();
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DROP TABLE audit_rectification;
DROP TABLE audit_finding;
DROP TABLE audit_engagement_auditor;
DROP TABLE audit_engagement_union;
DROP TABLE audit_engagement;
DROP FUNCTION audit_engagement_guard();
`);
  }
}
