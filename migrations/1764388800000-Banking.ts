import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bank statements of the unified account, their lines, and which journal entry each line was matched to. */
export class Banking1764388800000 implements MigrationInterface {
  name = 'Banking1764388800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE bank_statement (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL,
  account_no text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  opening_balance numeric(18,2) NOT NULL,
  closing_balance numeric(18,2) NOT NULL,
  source_name text,
  content_hash text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  imported_by uuid,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT bank_statement_content_unique UNIQUE (centre_id, content_hash),
  CONSTRAINT bank_statement_period_order CHECK (period_from <= period_to)
);

CREATE TABLE bank_statement_line (
  centre_id uuid NOT NULL,
  statement_id uuid NOT NULL,
  line_no integer NOT NULL,
  value_date date NOT NULL,
  -- money into the account positive, out of it negative
  amount numeric(18,2) NOT NULL,
  balance numeric(18,2) NOT NULL,
  reference text,
  counterparty text,
  memo text,
  PRIMARY KEY (centre_id, statement_id, line_no),
  CONSTRAINT bank_statement_line_statement_fk FOREIGN KEY (centre_id, statement_id) REFERENCES bank_statement (centre_id, id),
  CONSTRAINT bank_statement_line_amount_non_zero CHECK (amount <> 0)
);
CREATE INDEX bank_statement_line_date_idx ON bank_statement_line (centre_id, value_date);

-- which posted entries a statement line clears: usually one, several for a bulk transfer (税务代收 of a whole batch);
-- an entry clears the bank once
CREATE TABLE bank_line_match (
  centre_id uuid NOT NULL,
  statement_id uuid NOT NULL,
  line_no integer NOT NULL,
  entry_id uuid NOT NULL,
  matched_at timestamptz NOT NULL DEFAULT now(),
  matched_by uuid,
  PRIMARY KEY (centre_id, entry_id),
  CONSTRAINT bank_line_match_line_fk FOREIGN KEY (centre_id, statement_id, line_no) REFERENCES bank_statement_line (centre_id, statement_id, line_no),
  CONSTRAINT bank_line_match_entry_fk FOREIGN KEY (centre_id, entry_id) REFERENCES journal_entry (centre_id, id)
);
CREATE INDEX bank_line_match_line_idx ON bank_line_match (centre_id, statement_id, line_no);

-- receipts imported together (one bulk transfer) share a batch, so one bank line can clear them all
ALTER TABLE dues_receipt ADD COLUMN batch_key text;
CREATE INDEX dues_receipt_batch_idx ON dues_receipt (centre_id, batch_key) WHERE batch_key IS NOT NULL;
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP INDEX dues_receipt_batch_idx; ALTER TABLE dues_receipt DROP COLUMN batch_key; DROP TABLE bank_line_match; DROP TABLE bank_statement_line; DROP TABLE bank_statement;',
    );
  }
}
