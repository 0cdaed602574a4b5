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
  matched_entry_id uuid,
  matched_at timestamptz,
  matched_by uuid,
  PRIMARY KEY (centre_id, statement_id, line_no),
  CONSTRAINT bank_statement_line_statement_fk FOREIGN KEY (centre_id, statement_id) REFERENCES bank_statement (centre_id, id),
  CONSTRAINT bank_statement_line_entry_fk FOREIGN KEY (centre_id, matched_entry_id) REFERENCES journal_entry (centre_id, id),
  CONSTRAINT bank_statement_line_amount_non_zero CHECK (amount <> 0)
);
-- an entry clears the bank once
CREATE UNIQUE INDEX bank_statement_line_entry_unique ON bank_statement_line (centre_id, matched_entry_id) WHERE matched_entry_id IS NOT NULL;
CREATE INDEX bank_statement_line_date_idx ON bank_statement_line (centre_id, value_date);
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE bank_statement_line; DROP TABLE bank_statement;');
  }
}
