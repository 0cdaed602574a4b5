import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports started from the console (数据导入): one row per uploaded file, its progress while it runs in the service,
 * what it applied and refused when done; the refused rows with their reasons, for the file the accountant downloads.
 */
export class ImportRuns1764734400000 implements MigrationInterface {
  name = 'ImportRuns1764734400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE import_run (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL,
  kind text NOT NULL,
  -- receipts only: 税务代收 (tax) or paid directly (enterprise)
  channel text,
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  file_bytes integer NOT NULL,
  status text NOT NULL DEFAULT 'running',
  -- the file's columns as read (canonical names), the columns of its refused-rows file
  columns text[] NOT NULL,
  total_rows integer NOT NULL,
  processed_rows integer NOT NULL DEFAULT 0,
  applied_rows integer NOT NULL DEFAULT 0,
  already_imported_rows integer NOT NULL DEFAULT 0,
  refused_rows integer NOT NULL DEFAULT 0,
  started_by uuid NOT NULL REFERENCES app_user (id),
  started_at timestamptz NOT NULL DEFAULT now(),
  -- touched while the service works on the run: a running run whose heartbeat stopped belongs to a service that died
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error text,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT import_run_kind_valid CHECK (kind IN ('payroll', 'receipts', 'bank')),
  CONSTRAINT import_run_channel_valid CHECK ((kind = 'receipts') = (channel IS NOT NULL) AND (channel IS NULL OR channel IN ('tax', 'enterprise'))),
  CONSTRAINT import_run_status_valid CHECK (status IN ('running', 'done', 'failed')),
  CONSTRAINT import_run_finished_stamped CHECK ((status = 'running') = (finished_at IS NULL)),
  CONSTRAINT import_run_failed_has_error CHECK ((status = 'failed') = (error IS NOT NULL)),
  CONSTRAINT import_run_sha256 CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  CONSTRAINT import_run_counts CHECK (
    total_rows >= 0 AND processed_rows BETWEEN 0 AND total_rows
    AND applied_rows >= 0 AND already_imported_rows >= 0 AND refused_rows >= 0
    AND applied_rows + already_imported_rows + refused_rows <= total_rows),
  CONSTRAINT import_run_file_name_length CHECK (char_length(file_name) BETWEEN 1 AND 255)
);
CREATE INDEX import_run_list_idx ON import_run (centre_id, started_at DESC);
-- the same file of the same kind is not run twice at once (a second upload while the first runs is refused)
CREATE UNIQUE INDEX import_run_one_running ON import_run (centre_id, kind, file_sha256) WHERE status = 'running';

CREATE TABLE import_run_refused (
  centre_id uuid NOT NULL,
  run_id uuid NOT NULL,
  row_number integer NOT NULL,
  "values" jsonb NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (centre_id, run_id, row_number),
  CONSTRAINT import_run_refused_run_fk FOREIGN KEY (centre_id, run_id) REFERENCES import_run (centre_id, id)
);
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE import_run_refused; DROP TABLE import_run;');
  }
}
