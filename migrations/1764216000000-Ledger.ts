import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger: chart of accounts (工会会计制度 2021), accounting periods, journal entries (凭证) and lines, and the
 * balances kept in the posting transaction. The invariants live here as well as in the service:
 * - a posted entry balances in total and per union (deferred constraint trigger, checked at commit);
 * - posted entries and lines never change (triggers); a closed period takes no postings (trigger);
 * - posted entries are numbered per centre and year without gaps (the number is drawn in the posting statement);
 * - balances follow the journal (maintained by statement triggers from the lines of newly posted entries, so even
 *   SQL outside the service cannot post without them), and a union's cash sub-balance never goes below zero
 *   (a CHECK on the running balance row, which concurrent postings update under its row lock).
 */
export class Ledger1764216000000 implements MigrationInterface {
  name = 'Ledger1764216000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE account (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL: a standard account of the accounting system, shared by every centre; otherwise a centre's own sub-account
  centre_id uuid REFERENCES centre (id),
  code text NOT NULL,
  name text NOT NULL,
  category text NOT NULL,
  normal_side text NOT NULL,
  is_cash boolean NOT NULL,
  parent_id uuid REFERENCES account (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT account_code_format CHECK (code ~ '^[0-9]{3}([0-9]{2}){0,3}$'),
  CONSTRAINT account_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 60),
  CONSTRAINT account_category_valid CHECK (category IN ('asset', 'liability', 'net_assets', 'income', 'expenditure')),
  CONSTRAINT account_normal_side_valid CHECK (normal_side IN ('debit', 'credit')),
  CONSTRAINT account_parent_iff_sub CHECK ((parent_id IS NULL) = (char_length(code) = 3)),
  CONSTRAINT account_centre_accounts_are_subs CHECK (centre_id IS NULL OR parent_id IS NOT NULL)
);
CREATE UNIQUE INDEX account_standard_code_unique ON account (code) WHERE centre_id IS NULL;
CREATE UNIQUE INDEX account_centre_code_unique ON account (centre_id, code) WHERE centre_id IS NOT NULL;
CREATE INDEX account_parent_idx ON account (parent_id);

-- the standard chart (reference/chart-of-accounts.csv), first-level accounts first, then their sub-accounts
WITH seed (code, name, category, normal_side, is_cash, note) AS (VALUES
  ('101', '库存现金', 'asset', 'debit', true, 'cash on hand'),
  ('102', '银行存款', 'asset', 'debit', true, 'the unified bank account; each union''s share is its sub-balance (the union dimension of a line)'),
  ('131', '应收上级经费', 'asset', 'debit', false, 'dues shares an upper union owes this union (e.g. returns of tax-collected dues)'),
  ('132', '应收下级经费', 'asset', 'debit', false, NULL),
  ('135', '其他应收款', 'asset', 'debit', false, NULL),
  ('141', '库存物品', 'asset', 'debit', false, NULL),
  ('151', '投资', 'asset', 'debit', false, NULL),
  ('161', '固定资产', 'asset', 'debit', false, NULL),
  ('162', '累计折旧', 'asset', 'credit', false, 'contra-asset'),
  ('163', '在建工程', 'asset', 'debit', false, NULL),
  ('171', '无形资产', 'asset', 'debit', false, NULL),
  ('172', '累计摊销', 'asset', 'credit', false, 'contra-asset'),
  ('181', '待处理财产损溢', 'asset', 'debit', false, NULL),
  ('201', '应付职工薪酬', 'liability', 'credit', false, NULL),
  ('211', '应付上级经费', 'liability', 'credit', false, 'upward shares of dues owed until remitted'),
  ('212', '应付下级经费', 'liability', 'credit', false, 'what an upper union owes lower unions'),
  ('21203', '应付建会筹备金', 'liability', 'credit', false, 'sub-account of 212: preparation funds an upper (street) union holds per enterprise without a union, until that union is founded'),
  ('221', '其他应付款', 'liability', 'credit', false, NULL),
  ('22101', '待查明款项', 'liability', 'credit', false, 'sub-account of 221: receipts not yet identified (suspense)'),
  ('231', '代管经费', 'liability', 'credit', false, 'funds held for others'),
  ('301', '资产基金', 'net_assets', 'credit', false, NULL),
  ('311', '专用基金', 'net_assets', 'credit', false, NULL),
  ('331', '工会资金结余', 'net_assets', 'credit', false, 'year-end closing carries income and expenditure here'),
  ('401', '会费收入', 'income', 'credit', false, 'members'' own dues (0.5% of wages; not the 2% payroll dues)'),
  ('402', '拨缴经费收入', 'income', 'credit', false, 'the union''s retained share of the 2% payroll dues'),
  ('40201', '企业直接拨缴', 'income', 'credit', false, 'sub-account of 402: paid by the enterprise directly'),
  ('40202', '税务代收工会经费', 'income', 'credit', false, 'sub-account of 402: collected by the tax authority'),
  ('403', '上级补助收入', 'income', 'credit', false, NULL),
  ('404', '政府补助收入', 'income', 'credit', false, NULL),
  ('405', '附属单位上缴收入', 'income', 'credit', false, NULL),
  ('406', '投资收益', 'income', 'credit', false, NULL),
  ('407', '其他收入', 'income', 'credit', false, NULL),
  ('501', '职工活动支出', 'expenditure', 'debit', false, NULL),
  ('502', '职工服务支出', 'expenditure', 'debit', false, NULL),
  ('503', '维权支出', 'expenditure', 'debit', false, NULL),
  ('504', '业务支出', 'expenditure', 'debit', false, NULL),
  ('505', '资本性支出', 'expenditure', 'debit', false, NULL),
  ('506', '补助下级支出', 'expenditure', 'debit', false, NULL),
  ('507', '对附属单位的支出', 'expenditure', 'debit', false, NULL),
  ('508', '其他支出', 'expenditure', 'debit', false, NULL)
), first_level AS (
  INSERT INTO account (code, name, category, normal_side, is_cash, note)
  SELECT code, name, category, normal_side, is_cash, note FROM seed WHERE char_length(code) = 3
  RETURNING id, code
)
INSERT INTO account (code, name, category, normal_side, is_cash, note, parent_id)
SELECT s.code, s.name, s.category, s.normal_side, s.is_cash, s.note, f.id
  FROM seed s JOIN first_level f ON f.code = left(s.code, 3)
 WHERE char_length(s.code) = 5;

-- Standard accounts are the accounting system's: no centre changes them. A centre's sub-account takes its category,
-- side and cash flag from its parent, its code extends the parent's, and it never shadows a standard code.
CREATE FUNCTION account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent account%ROWTYPE;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.centre_id IS NULL THEN
    RAISE EXCEPTION 'standard account % cannot be changed', OLD.code USING ERRCODE = 'P0A02';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.code <> OLD.code OR NEW.parent_id <> OLD.parent_id OR NEW.centre_id <> OLD.centre_id
      OR NEW.category <> OLD.category OR NEW.normal_side <> OLD.normal_side OR NEW.is_cash <> OLD.is_cash) THEN
    RAISE EXCEPTION 'only the name of a sub-account can change' USING ERRCODE = 'P0A02';
  END IF;
  IF NEW.centre_id IS NOT NULL THEN
    SELECT * INTO parent FROM account WHERE id = NEW.parent_id;
    IF parent.centre_id IS NOT NULL AND parent.centre_id <> NEW.centre_id THEN
      RAISE EXCEPTION 'parent account belongs to another centre' USING ERRCODE = 'P0L10';
    END IF;
    IF left(NEW.code, char_length(parent.code)) <> parent.code OR char_length(NEW.code) <> char_length(parent.code) + 2 THEN
      RAISE EXCEPTION 'sub-account code % must extend its parent code % by two digits', NEW.code, parent.code USING ERRCODE = 'P0L10';
    END IF;
    IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM journal_line WHERE centre_id = NEW.centre_id AND account_id = NEW.parent_id) THEN
      RAISE EXCEPTION 'account % already has postings in this centre; it cannot take sub-accounts', parent.code
        USING ERRCODE = 'P0L11';
    END IF;
    IF EXISTS (SELECT 1 FROM account WHERE centre_id IS NULL AND code = NEW.code) THEN
      RAISE EXCEPTION 'code % is a standard account', NEW.code USING ERRCODE = 'P0L10';
    END IF;
    NEW.category := parent.category;
    NEW.normal_side := parent.normal_side;
    NEW.is_cash := parent.is_cash;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER account_guard BEFORE INSERT OR UPDATE OR DELETE ON account FOR EACH ROW EXECUTE FUNCTION account_guard();

-- 会计期间: months, opened in order, closed in order, never reopened.
CREATE TABLE accounting_period (
  centre_id uuid NOT NULL REFERENCES centre (id),
  year integer NOT NULL,
  month integer NOT NULL,
  status text NOT NULL DEFAULT 'open',
  opened_at timestamptz NOT NULL DEFAULT now(),
  opened_by uuid,
  closed_at timestamptz,
  closed_by uuid,
  PRIMARY KEY (centre_id, year, month),
  CONSTRAINT accounting_period_month_valid CHECK (month BETWEEN 1 AND 12),
  CONSTRAINT accounting_period_year_valid CHECK (year BETWEEN 2000 AND 2999),
  CONSTRAINT accounting_period_status_valid CHECK (status IN ('open', 'closed')),
  CONSTRAINT accounting_period_closed_has_time CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);

CREATE FUNCTION accounting_period_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  latest record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'periods are never deleted' USING ERRCODE = 'P0A02';
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT year, month INTO latest FROM accounting_period WHERE centre_id = NEW.centre_id ORDER BY year DESC, month DESC LIMIT 1;
    IF FOUND AND (NEW.year * 12 + NEW.month) <> (latest.year * 12 + latest.month) + 1 THEN
      RAISE EXCEPTION 'period %-% does not follow the latest period %-%', NEW.year, NEW.month, latest.year, latest.month
        USING ERRCODE = 'P0L20';
    END IF;
    IF NEW.status <> 'open' THEN
      RAISE EXCEPTION 'a period opens as open' USING ERRCODE = 'P0L20';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'closed' THEN
    RAISE EXCEPTION 'period %-% is closed' , OLD.year, OLD.month USING ERRCODE = 'P0L21';
  END IF;
  IF NEW.status = 'closed' AND EXISTS (
      SELECT 1 FROM accounting_period
       WHERE centre_id = NEW.centre_id AND status = 'open' AND (year * 12 + month) < (NEW.year * 12 + NEW.month)) THEN
    RAISE EXCEPTION 'an earlier period is still open' USING ERRCODE = 'P0L22';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER accounting_period_guard BEFORE INSERT OR UPDATE OR DELETE ON accounting_period
  FOR EACH ROW EXECUTE FUNCTION accounting_period_guard();

CREATE TABLE entry_number_counter (
  centre_id uuid NOT NULL REFERENCES centre (id),
  year integer NOT NULL,
  last_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (centre_id, year)
);

-- 凭证
CREATE TABLE journal_entry (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL,
  year integer NOT NULL,
  month integer NOT NULL,
  entry_date date NOT NULL,
  number integer,
  status text NOT NULL,
  source text NOT NULL,
  memo text NOT NULL,
  prepared_by uuid,
  prepared_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid,
  approved_at timestamptz,
  posted_by uuid,
  posted_at timestamptz,
  rejection_reason text,
  reverses_entry_id uuid,
  reversed_by_entry_id uuid,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT journal_entry_period_fk FOREIGN KEY (centre_id, year, month) REFERENCES accounting_period (centre_id, year, month),
  CONSTRAINT journal_entry_reverses_fk FOREIGN KEY (centre_id, reverses_entry_id) REFERENCES journal_entry (centre_id, id),
  CONSTRAINT journal_entry_number_unique UNIQUE (centre_id, year, number),
  CONSTRAINT journal_entry_reversed_once UNIQUE (centre_id, reverses_entry_id),
  CONSTRAINT journal_entry_status_valid CHECK (status IN ('draft', 'approved', 'posted')),
  CONSTRAINT journal_entry_source_valid CHECK (source IN (
    'manual', 'dues_receipt', 'remittance', 'spending', 'reversal', 'opening', 'closing', 'bank', 'preparation')),
  CONSTRAINT journal_entry_memo_length CHECK (char_length(btrim(memo)) BETWEEN 1 AND 200),
  CONSTRAINT journal_entry_date_in_period CHECK (
    year = extract(year FROM entry_date)::int AND month = extract(month FROM entry_date)::int),
  CONSTRAINT journal_entry_number_iff_posted CHECK ((status = 'posted') = (number IS NOT NULL)),
  CONSTRAINT journal_entry_posted_stamped CHECK (status <> 'posted' OR posted_at IS NOT NULL),
  -- four eyes (invariant 7): whoever prepares a manual entry cannot approve it, and it is approved before it posts
  CONSTRAINT journal_entry_four_eyes CHECK (approved_by IS NULL OR prepared_by IS NULL OR approved_by <> prepared_by),
  CONSTRAINT journal_entry_manual_approved CHECK (source <> 'manual' OR status = 'draft' OR approved_by IS NOT NULL),
  CONSTRAINT journal_entry_reversal_linked CHECK ((source = 'reversal') = (reverses_entry_id IS NOT NULL))
);
CREATE INDEX journal_entry_period_idx ON journal_entry (centre_id, year, month, status);

CREATE TABLE journal_line (
  centre_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  line_no integer NOT NULL,
  union_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES account (id),
  debit numeric(18,2) NOT NULL DEFAULT 0,
  credit numeric(18,2) NOT NULL DEFAULT 0,
  enterprise_id uuid,
  budget_line_id uuid,
  project_code text,
  positive_list_item_id uuid,
  memo text,
  PRIMARY KEY (centre_id, entry_id, line_no),
  -- deferred: the lines of an entry are written before the entry row itself
  CONSTRAINT journal_line_entry_fk FOREIGN KEY (centre_id, entry_id) REFERENCES journal_entry (centre_id, id)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT journal_line_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT journal_line_enterprise_fk FOREIGN KEY (centre_id, enterprise_id) REFERENCES enterprise (centre_id, id),
  CONSTRAINT journal_line_one_side CHECK ((debit = 0) <> (credit = 0)),
  CONSTRAINT journal_line_no_positive CHECK (line_no >= 1),
  CONSTRAINT journal_line_memo_length CHECK (memo IS NULL OR char_length(memo) <= 200),
  CONSTRAINT journal_line_project_length CHECK (project_code IS NULL OR char_length(project_code) <= 64)
);
CREATE INDEX journal_line_ledger_idx ON journal_line (centre_id, union_id, account_id);

-- Running balance per union and account (debit minus credit over every posting): the cash guard of invariant 3.
CREATE TABLE ledger_balance (
  centre_id uuid NOT NULL,
  union_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES account (id),
  is_cash boolean NOT NULL,
  balance numeric(18,2) NOT NULL DEFAULT 0,
  PRIMARY KEY (centre_id, union_id, account_id),
  CONSTRAINT ledger_balance_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id)
);

-- Cash never below zero (invariant 3). A trigger rather than CHECK (NOT is_cash OR balance >= 0): postings move
-- balances with INSERT … ON CONFLICT DO UPDATE, and PostgreSQL checks a CHECK constraint against the proposed
-- row (the delta, negative for any spending) before it finds the conflict. The trigger sees the row as written.
CREATE FUNCTION ledger_balance_cash_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cash of union % in account % would be %', NEW.union_id, NEW.account_id, NEW.balance
    USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_balance_cash_non_negative', TABLE = 'ledger_balance';
END
$$;
CREATE TRIGGER ledger_balance_cash_non_negative AFTER INSERT OR UPDATE ON ledger_balance
  FOR EACH ROW WHEN (NEW.is_cash AND NEW.balance < 0) EXECUTE FUNCTION ledger_balance_cash_guard();

-- Movements per union, account and period: what reports read instead of the journal.
CREATE TABLE period_balance (
  centre_id uuid NOT NULL,
  union_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES account (id),
  year integer NOT NULL,
  month integer NOT NULL,
  debit numeric(18,2) NOT NULL DEFAULT 0,
  credit numeric(18,2) NOT NULL DEFAULT 0,
  PRIMARY KEY (centre_id, union_id, account_id, year, month),
  CONSTRAINT period_balance_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id)
);
CREATE INDEX period_balance_period_idx ON period_balance (centre_id, year, month);

-- Posting: the period must be open (its row is shared-locked, so a closing waits for postings in flight) and the
-- entry draws the next number of its centre and year. A rolled-back posting rolls its number back too: no gaps.
CREATE FUNCTION journal_entry_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  period_status text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'posted' THEN
      RAISE EXCEPTION 'posted entry % cannot be deleted', OLD.id USING ERRCODE = 'P0A02';
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'posted' THEN
    -- the one change a posted entry takes: the link to its reversal, once
    IF OLD.reversed_by_entry_id IS NULL AND NEW.reversed_by_entry_id IS NOT NULL
       AND (to_jsonb(NEW) - 'reversed_by_entry_id') = (to_jsonb(OLD) - 'reversed_by_entry_id') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'posted entry % cannot be changed', OLD.id USING ERRCODE = 'P0A02';
  END IF;
  IF NEW.status = 'posted' THEN
    SELECT status INTO period_status FROM accounting_period
     WHERE centre_id = NEW.centre_id AND year = NEW.year AND month = NEW.month FOR SHARE;
    IF period_status IS DISTINCT FROM 'open' THEN
      RAISE EXCEPTION 'period %-% is not open', NEW.year, lpad(NEW.month::text, 2, '0') USING ERRCODE = 'P0L21';
    END IF;
    -- the row exists after a year's first posting: update first, insert only when it does not (an INSERT … ON
    -- CONFLICT before every update costs as much again inside long transactions)
    UPDATE entry_number_counter SET last_number = last_number + 1
     WHERE centre_id = NEW.centre_id AND year = NEW.year
     RETURNING last_number INTO NEW.number;
    IF NEW.number IS NULL THEN
      INSERT INTO entry_number_counter (centre_id, year) VALUES (NEW.centre_id, NEW.year) ON CONFLICT DO NOTHING;
      UPDATE entry_number_counter SET last_number = last_number + 1
       WHERE centre_id = NEW.centre_id AND year = NEW.year
       RETURNING last_number INTO NEW.number;
    END IF;
    NEW.posted_at := coalesce(NEW.posted_at, now());
  ELSIF NEW.number IS NOT NULL THEN
    RAISE EXCEPTION 'only a posted entry has a number' USING ERRCODE = 'P0L01';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER journal_entry_before_write BEFORE INSERT OR UPDATE OR DELETE ON journal_entry
  FOR EACH ROW EXECUTE FUNCTION journal_entry_before_write();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Checked at commit, once every line is in: a posted entry balances in total and for every union on it
-- (invariant 1), its accounts are postable in its centre, and its amounts have the sign of its kind
-- (a reversal, 红字冲销, repeats the original's sides with negative amounts).
CREATE FUNCTION journal_entry_check_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry journal_entry%ROWTYPE;
  bad record;
BEGIN
  SELECT * INTO entry FROM journal_entry WHERE centre_id = NEW.centre_id AND id = NEW.id;
  IF NOT FOUND OR entry.status <> 'posted' THEN
    RETURN NULL;
  END IF;
  IF (SELECT count(*) FROM journal_line WHERE centre_id = entry.centre_id AND entry_id = entry.id) < 2 THEN
    RAISE EXCEPTION 'entry % has fewer than two lines', entry.id USING ERRCODE = 'P0L02';
  END IF;
  SELECT union_id, sum(debit) AS debit, sum(credit) AS credit INTO bad
    FROM journal_line WHERE centre_id = entry.centre_id AND entry_id = entry.id
   GROUP BY union_id HAVING sum(debit) <> sum(credit) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'entry % does not balance for union %: debit % credit %', entry.id, bad.union_id, bad.debit, bad.credit
      USING ERRCODE = 'P0L03';
  END IF;
  IF EXISTS (SELECT 1 FROM journal_line WHERE centre_id = entry.centre_id AND entry_id = entry.id
              AND CASE WHEN entry.source = 'reversal' THEN debit > 0 OR credit > 0 ELSE debit < 0 OR credit < 0 END) THEN
    RAISE EXCEPTION 'entry % has amounts of the wrong sign for a % entry', entry.id, entry.source USING ERRCODE = 'P0L04';
  END IF;
  IF EXISTS (
      SELECT 1 FROM journal_line l JOIN account a ON a.id = l.account_id
       WHERE l.centre_id = entry.centre_id AND l.entry_id = entry.id
         AND ((a.centre_id IS NOT NULL AND a.centre_id <> l.centre_id)
           OR EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id AND (c.centre_id IS NULL OR c.centre_id = l.centre_id)))) THEN
    RAISE EXCEPTION 'entry % posts to an account that is not a postable account of its centre', entry.id USING ERRCODE = 'P0L05';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER journal_entry_check_posted AFTER INSERT OR UPDATE ON journal_entry
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'posted')
  EXECUTE FUNCTION journal_entry_check_posted();

-- Lines of a posted entry are final; lines are added to an entry only before it posts.
CREATE FUNCTION journal_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM journal_entry WHERE centre_id = OLD.centre_id AND id = OLD.entry_id AND status = 'posted') THEN
    RAISE EXCEPTION 'lines of a posted entry cannot be changed' USING ERRCODE = 'P0A02';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER journal_line_guard BEFORE UPDATE OR DELETE ON journal_line FOR EACH ROW EXECUTE FUNCTION journal_line_guard();
CREATE TRIGGER journal_line_no_truncate BEFORE TRUNCATE ON journal_line FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE FUNCTION journal_line_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_lines l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
              WHERE e.status = 'posted') THEN
    RAISE EXCEPTION 'lines cannot be added to a posted entry' USING ERRCODE = 'P0A02';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER journal_line_after_insert AFTER INSERT ON journal_line
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION journal_line_after_insert();

-- Balances follow the journal: when entries become posted, their lines move the running and the period balances,
-- one upsert per table in key order (concurrent postings lock rows in the same order).
CREATE FUNCTION apply_posted_entries(posted_ids uuid[], posted_centres uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_balance AS b (centre_id, union_id, account_id, is_cash, balance)
  SELECT l.centre_id, l.union_id, l.account_id, bool_or(a.is_cash), sum(l.debit) - sum(l.credit)
    FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
    JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
    JOIN account a ON a.id = l.account_id
   GROUP BY l.centre_id, l.union_id, l.account_id
   ORDER BY l.centre_id, l.union_id, l.account_id
  ON CONFLICT (centre_id, union_id, account_id) DO UPDATE SET balance = b.balance + EXCLUDED.balance;

  INSERT INTO period_balance AS b (centre_id, union_id, account_id, year, month, debit, credit)
  SELECT l.centre_id, l.union_id, l.account_id, e.year, e.month, sum(l.debit), sum(l.credit)
    FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
    JOIN journal_entry e ON e.centre_id = p.centre_id AND e.id = p.id
    JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
   GROUP BY l.centre_id, l.union_id, l.account_id, e.year, e.month
   ORDER BY l.centre_id, l.union_id, l.account_id, e.year, e.month
  ON CONFLICT (centre_id, union_id, account_id, year, month)
  DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit;
END
$$;

CREATE FUNCTION journal_entry_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM apply_posted_entries(array_agg(id), array_agg(centre_id)) FROM new_entries WHERE status = 'posted' HAVING count(*) > 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER journal_entry_after_insert AFTER INSERT ON journal_entry
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_after_insert();

CREATE FUNCTION journal_entry_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM apply_posted_entries(array_agg(n.id), array_agg(n.centre_id))
     FROM new_entries n JOIN old_entries o ON o.centre_id = n.centre_id AND o.id = n.id
    WHERE n.status = 'posted' AND o.status <> 'posted'
   HAVING count(*) > 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER journal_entry_after_update AFTER UPDATE ON journal_entry
  REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_after_update();

-- Balances change only through postings.
CREATE FUNCTION balance_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'balances change only by posting entries' USING ERRCODE = 'P0A02';
END
$$;
CREATE TRIGGER ledger_balance_guard BEFORE UPDATE OR DELETE ON ledger_balance FOR EACH ROW EXECUTE FUNCTION balance_guard();
CREATE TRIGGER period_balance_guard BEFORE UPDATE OR DELETE ON period_balance FOR EACH ROW EXECUTE FUNCTION balance_guard();

-- Idempotency (invariant 9): the first response to a key is kept with a hash of the request that produced it.
CREATE TABLE idempotency_record (
  centre_id uuid NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  response_status integer NOT NULL,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, key),
  CONSTRAINT idempotency_key_format CHECK (char_length(key) BETWEEN 1 AND 200)
);
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DROP TABLE idempotency_record;
DROP TABLE period_balance;
DROP TABLE ledger_balance;
DROP TABLE journal_line;
DROP TABLE journal_entry;
DROP TABLE entry_number_counter;
DROP TABLE accounting_period;
DROP TABLE account;
DROP FUNCTION balance_guard();
DROP FUNCTION ledger_balance_cash_guard();
DROP FUNCTION journal_entry_after_update();
DROP FUNCTION journal_entry_after_insert();
DROP FUNCTION apply_posted_entries(uuid[], uuid[]);
DROP FUNCTION journal_line_after_insert();
DROP FUNCTION journal_line_guard();
DROP FUNCTION journal_entry_check_posted();
DROP FUNCTION journal_entry_before_write();
DROP FUNCTION accounting_period_guard();
DROP FUNCTION account_guard();
`);
  }
}
