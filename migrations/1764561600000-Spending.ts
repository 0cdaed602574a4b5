import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spending claims (经费支出申请): raised by a union's treasurer, approved by its chair (the approval stays with the
 * union, 审批权不变), checked and posted by the centre; refused with a reason at any step.
 */
export class Spending1764561600000 implements MigrationInterface {
  name = 'Spending1764561600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE spending_claim_counter (
  centre_id uuid NOT NULL REFERENCES centre (id),
  year integer NOT NULL,
  last_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (centre_id, year)
);

CREATE TABLE spending_claim (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  year integer NOT NULL,
  number integer NOT NULL,
  union_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'submitted',
  payee text NOT NULL,
  amount numeric(18,2) NOT NULL,
  item_id uuid NOT NULL,
  budget_line_id uuid,
  -- the expenditure account the spending posts to (the category or one of its sub-accounts)
  account_id uuid NOT NULL REFERENCES account (id),
  purpose text NOT NULL,
  attachments text[] NOT NULL DEFAULT '{}',
  member_count integer,
  raised_by uuid NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid,
  approved_at timestamptz,
  posted_by uuid,
  posted_at timestamptz,
  entry_id uuid,
  refused_by uuid,
  refused_at timestamptz,
  refused_step text,
  refusal_reason text,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT spending_claim_number_unique UNIQUE (centre_id, year, number),
  CONSTRAINT spending_claim_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT spending_claim_item_fk FOREIGN KEY (centre_id, item_id) REFERENCES positive_list_item (centre_id, id),
  CONSTRAINT spending_claim_budget_line_fk FOREIGN KEY (centre_id, budget_line_id) REFERENCES budget_line (centre_id, id),
  CONSTRAINT spending_claim_entry_fk FOREIGN KEY (centre_id, entry_id) REFERENCES journal_entry (centre_id, id),
  CONSTRAINT spending_claim_status_valid CHECK (status IN ('submitted', 'approved', 'posted', 'refused', 'withdrawn')),
  CONSTRAINT spending_claim_amount_positive CHECK (amount > 0),
  CONSTRAINT spending_claim_member_count_range CHECK (member_count IS NULL OR member_count BETWEEN 1 AND 1000000),
  CONSTRAINT spending_claim_payee_length CHECK (char_length(btrim(payee)) BETWEEN 1 AND 100),
  CONSTRAINT spending_claim_purpose_length CHECK (char_length(btrim(purpose)) BETWEEN 1 AND 500),
  CONSTRAINT spending_claim_attachments_count CHECK (cardinality(attachments) <= 20),
  -- 审批权不变, with four eyes: the union's chair approves, and never a claim of their own
  CONSTRAINT spending_claim_four_eyes CHECK (approved_by IS NULL OR approved_by <> raised_by),
  CONSTRAINT spending_claim_approved_stamped CHECK (status NOT IN ('approved', 'posted') OR approved_by IS NOT NULL),
  CONSTRAINT spending_claim_posted_entry CHECK ((status = 'posted') = (entry_id IS NOT NULL AND posted_by IS NOT NULL)),
  CONSTRAINT spending_claim_refusal_reason CHECK (
    (status = 'refused') = (refusal_reason IS NOT NULL AND refused_by IS NOT NULL AND refused_step IN ('union', 'centre')))
);
CREATE INDEX spending_claim_union_idx ON spending_claim (centre_id, union_id, status);

-- A posted claim is final: its posting can be reversed in the ledger, the claim itself stays as it was.
CREATE FUNCTION spending_claim_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('posted', 'refused', 'withdrawn') THEN
    RAISE EXCEPTION 'spending claim % is % and cannot change', OLD.id, OLD.status USING ERRCODE = 'P0A02';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER spending_claim_guard BEFORE UPDATE OR DELETE ON spending_claim FOR EACH ROW EXECUTE FUNCTION spending_claim_guard();
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DROP TABLE spending_claim;
DROP FUNCTION spending_claim_guard();
DROP TABLE spending_claim_counter;
`);
  }
}
