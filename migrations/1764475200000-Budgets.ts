import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgets (预算) with their lines, versions and adjustments; the positive list (正面清单) with dated versions; and the
 * database half of budget control: postings move a budget line's spent amount, and a line can never be committed
 * and spent beyond its adjusted amount (invariant 10).
 */
export class Budgets1764475200000 implements MigrationInterface {
  name = 'Budgets1764475200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
-- the number of people a spending line benefits (受益人数), for caps per person
ALTER TABLE journal_line ADD COLUMN headcount integer;
ALTER TABLE journal_line ADD CONSTRAINT journal_line_headcount_range CHECK (headcount IS NULL OR headcount BETWEEN 1 AND 1000000);

-- A budget category or positive-list category is a first-level standard account of the given category
-- (支出: 501 职工活动支出 …; 收入: 401 会费收入 …).
CREATE FUNCTION is_top_account(wanted_id uuid, wanted_category text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM account a
                  WHERE a.id = wanted_id AND a.parent_id IS NULL AND a.centre_id IS NULL AND a.category = wanted_category)
$$;

-- 正面清单: an item keeps its code; what it allows changes by versions, each in force from its date.
CREATE TABLE positive_list_item (
  centre_id uuid NOT NULL REFERENCES centre (id),
  id uuid NOT NULL,
  code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, id),
  CONSTRAINT positive_list_item_code_unique UNIQUE (centre_id, code),
  CONSTRAINT positive_list_item_code_format CHECK (code ~ '^[A-Za-z0-9._-]{1,32}$')
);

CREATE TABLE positive_list_version (
  centre_id uuid NOT NULL,
  item_id uuid NOT NULL,
  effective_from date NOT NULL,
  name text NOT NULL,
  category_account_id uuid NOT NULL REFERENCES account (id),
  -- caps, each optional: per member per year (每人每年), per event (每次活动), per person per occasion (每人每次)
  cap_per_member_year numeric(18,2),
  cap_per_event numeric(18,2),
  cap_per_person_occasion numeric(18,2),
  -- a version may take the item off the list from its date
  withdrawn boolean NOT NULL DEFAULT false,
  description text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, item_id, effective_from),
  CONSTRAINT positive_list_version_item_fk FOREIGN KEY (centre_id, item_id) REFERENCES positive_list_item (centre_id, id),
  CONSTRAINT positive_list_version_category CHECK (is_top_account(category_account_id, 'expenditure')),
  CONSTRAINT positive_list_version_caps_positive CHECK (
    coalesce(cap_per_member_year, 1) > 0 AND coalesce(cap_per_event, 1) > 0 AND coalesce(cap_per_person_occasion, 1) > 0),
  CONSTRAINT positive_list_version_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 100)
);
CREATE TRIGGER positive_list_version_append_only BEFORE UPDATE OR DELETE ON positive_list_version
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- 预算: one per union and year. Draft → submitted (by the union) → approved (by the centre supervisor); after that
-- it changes only by approved adjustments, each making a new version.
CREATE TABLE budget (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  union_id uuid NOT NULL,
  year integer NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  version integer NOT NULL DEFAULT 0,
  memo text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_by uuid,
  submitted_at timestamptz,
  approved_by uuid,
  approved_at timestamptz,
  returned_reason text,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT budget_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT budget_union_year_unique UNIQUE (centre_id, union_id, year),
  CONSTRAINT budget_year_range CHECK (year BETWEEN 2000 AND 2999),
  CONSTRAINT budget_status_valid CHECK (status IN ('draft', 'submitted', 'approved')),
  CONSTRAINT budget_approved_stamped CHECK ((status = 'approved') = (approved_by IS NOT NULL AND version >= 1)),
  CONSTRAINT budget_four_eyes CHECK (approved_by IS NULL OR (approved_by <> coalesce(submitted_by, '00000000-0000-0000-0000-000000000000')
                                                          AND approved_by <> coalesce(created_by, '00000000-0000-0000-0000-000000000000')))
);

CREATE TABLE budget_line (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  budget_id uuid NOT NULL,
  line_no integer NOT NULL,
  kind text NOT NULL,
  -- 基本支出 or 项目支出; income lines have none
  fund_type text,
  -- the income account or the expenditure category (a first-level account) the line budgets
  account_id uuid NOT NULL REFERENCES account (id),
  project_name text,
  purpose text,
  description text,
  original_amount numeric(18,2) NOT NULL,
  adjusted_amount numeric(18,2) NOT NULL,
  committed numeric(18,2) NOT NULL DEFAULT 0,
  spent numeric(18,2) NOT NULL DEFAULT 0,
  added_by_adjustment uuid,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT budget_line_budget_fk FOREIGN KEY (centre_id, budget_id) REFERENCES budget (centre_id, id) ON DELETE CASCADE,
  CONSTRAINT budget_line_no_unique UNIQUE (centre_id, budget_id, line_no),
  CONSTRAINT budget_line_kind_valid CHECK (
    (kind = 'income' AND fund_type IS NULL AND is_top_account(account_id, 'income'))
    OR (kind = 'expenditure' AND fund_type IN ('basic', 'project') AND is_top_account(account_id, 'expenditure'))),
  CONSTRAINT budget_line_project_named CHECK (
    fund_type IS DISTINCT FROM 'project' OR (project_name IS NOT NULL AND purpose IS NOT NULL)),
  CONSTRAINT budget_line_amounts_non_negative CHECK (
    original_amount >= 0 AND adjusted_amount >= 0 AND committed >= 0 AND spent >= 0),
  CONSTRAINT budget_line_income_not_spent CHECK (kind = 'expenditure' OR (committed = 0 AND spent = 0)),
  -- invariant 10: what is committed and spent never exceeds the line's (adjusted) budget
  CONSTRAINT budget_line_within_budget CHECK (committed + spent <= adjusted_amount)
);
CREATE UNIQUE INDEX budget_line_unique_purpose ON budget_line (centre_id, budget_id, account_id, coalesce(fund_type, ''), coalesce(project_name, ''));

-- Spent moves only with postings (the posting trigger below); an approved budget's lines stay, and what was
-- originally approved stays as it was.
CREATE FUNCTION budget_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  budget_status text;
BEGIN
  SELECT status INTO budget_status FROM budget WHERE centre_id = OLD.centre_id AND id = OLD.budget_id;
  IF TG_OP = 'DELETE' THEN
    IF budget_status = 'approved' THEN
      RAISE EXCEPTION 'lines of an approved budget cannot be deleted' USING ERRCODE = 'P0B10';
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.spent <> OLD.spent AND pg_trigger_depth() <= 1 THEN
    RAISE EXCEPTION 'a budget line''s spent amount changes only by posting entries' USING ERRCODE = 'P0A02';
  END IF;
  IF budget_status = 'approved' AND (NEW.original_amount <> OLD.original_amount OR NEW.account_id <> OLD.account_id
      OR NEW.kind <> OLD.kind OR NEW.fund_type IS DISTINCT FROM OLD.fund_type OR NEW.budget_id <> OLD.budget_id) THEN
    RAISE EXCEPTION 'an approved budget line changes only its adjusted amount, by adjustments' USING ERRCODE = 'P0B10';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER budget_line_guard BEFORE UPDATE OR DELETE ON budget_line FOR EACH ROW EXECUTE FUNCTION budget_line_guard();

CREATE FUNCTION budget_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' AND (TG_OP = 'DELETE' OR NEW.status <> 'approved' OR NEW.union_id <> OLD.union_id
      OR NEW.year <> OLD.year OR NEW.version < OLD.version) THEN
    RAISE EXCEPTION 'an approved budget stays approved; it changes by adjustments' USING ERRCODE = 'P0B10';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER budget_guard BEFORE UPDATE OR DELETE ON budget FOR EACH ROW EXECUTE FUNCTION budget_guard();

-- Every approved version of a budget, as it stood: the approval is version 1, each approved adjustment the next.
CREATE TABLE budget_version (
  centre_id uuid NOT NULL,
  budget_id uuid NOT NULL,
  version integer NOT NULL,
  adjustment_id uuid,
  reason text,
  approved_by uuid NOT NULL,
  approved_at timestamptz NOT NULL DEFAULT now(),
  lines jsonb NOT NULL,
  PRIMARY KEY (centre_id, budget_id, version),
  CONSTRAINT budget_version_budget_fk FOREIGN KEY (centre_id, budget_id) REFERENCES budget (centre_id, id)
);
CREATE TRIGGER budget_version_append_only BEFORE UPDATE OR DELETE ON budget_version FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- 预算调整: asked for with a reason, approved or rejected by the centre supervisor; approval applies it.
CREATE TABLE budget_adjustment (
  centre_id uuid NOT NULL,
  id uuid NOT NULL,
  budget_id uuid NOT NULL,
  number integer NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'submitted',
  changes jsonb NOT NULL,
  requested_by uuid NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid,
  decided_at timestamptz,
  rejection_reason text,
  resulting_version integer,
  PRIMARY KEY (centre_id, id),
  CONSTRAINT budget_adjustment_budget_fk FOREIGN KEY (centre_id, budget_id) REFERENCES budget (centre_id, id),
  CONSTRAINT budget_adjustment_number_unique UNIQUE (centre_id, budget_id, number),
  CONSTRAINT budget_adjustment_status_valid CHECK (status IN ('submitted', 'approved', 'rejected')),
  CONSTRAINT budget_adjustment_decided CHECK ((status = 'submitted') = (decided_by IS NULL)),
  CONSTRAINT budget_adjustment_rejection_reason CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
  CONSTRAINT budget_adjustment_four_eyes CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CONSTRAINT budget_adjustment_reason_length CHECK (char_length(btrim(reason)) BETWEEN 1 AND 500)
);

-- What a union has spent and committed per positive-list item and year: the per-member-per-year cap reads it
-- (locked) so that concurrent spending on one item cannot pass the cap together.
CREATE TABLE positive_list_usage (
  centre_id uuid NOT NULL,
  union_id uuid NOT NULL,
  item_id uuid NOT NULL,
  year integer NOT NULL,
  spent numeric(18,2) NOT NULL DEFAULT 0,
  committed numeric(18,2) NOT NULL DEFAULT 0,
  PRIMARY KEY (centre_id, union_id, item_id, year),
  CONSTRAINT positive_list_usage_union_fk FOREIGN KEY (centre_id, union_id) REFERENCES trade_union (centre_id, id),
  CONSTRAINT positive_list_usage_item_fk FOREIGN KEY (centre_id, item_id) REFERENCES positive_list_item (centre_id, id),
  CONSTRAINT positive_list_usage_committed_non_negative CHECK (committed >= 0)
);

ALTER TABLE journal_line ADD CONSTRAINT journal_line_budget_line_fk
  FOREIGN KEY (centre_id, budget_line_id) REFERENCES budget_line (centre_id, id);
ALTER TABLE journal_line ADD CONSTRAINT journal_line_positive_list_item_fk
  FOREIGN KEY (centre_id, positive_list_item_id) REFERENCES positive_list_item (centre_id, id);
CREATE INDEX journal_line_budget_line_idx ON journal_line (centre_id, budget_line_id) WHERE budget_line_id IS NOT NULL;

-- Budget control at posting (预算控制), whatever wrote the entry:
--  * a line naming a budget line is the same union's, in the budget's year, on an approved budget's expenditure
--    line, and posts to an account under the line's category;
--  * a line naming a positive-list item posts under the item's category, and the item is on the list that day;
--  * spending (a debit to an expenditure account) by a union with an approved budget for the year names a budget
--    line, unless the entry is a closing, opening or reversal;
--  * the lines move their budget lines' spent amounts; budget_line_within_budget refuses an overdraw.
CREATE FUNCTION apply_budget_spending(posted_ids uuid[], posted_centres uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT l.entry_id, l.line_no INTO bad
    FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
    JOIN journal_entry e ON e.centre_id = p.centre_id AND e.id = p.id
    JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
    JOIN account a ON a.id = l.account_id
    JOIN budget_line bl ON bl.centre_id = l.centre_id AND bl.id = l.budget_line_id
    JOIN budget b ON b.centre_id = bl.centre_id AND b.id = bl.budget_id
    JOIN account c ON c.id = bl.account_id
   WHERE b.union_id <> l.union_id OR b.year <> e.year OR b.status <> 'approved' OR bl.kind <> 'expenditure'
      OR NOT starts_with(a.code, c.code)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % of entry % names a budget line it cannot spend against', bad.line_no, bad.entry_id
      USING ERRCODE = 'P0B01';
  END IF;

  SELECT l.entry_id, l.line_no INTO bad
    FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
    JOIN journal_entry e ON e.centre_id = p.centre_id AND e.id = p.id
    JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
    JOIN account a ON a.id = l.account_id
    LEFT JOIN LATERAL (
      SELECT v.withdrawn, c.code FROM positive_list_version v JOIN account c ON c.id = v.category_account_id
       WHERE v.centre_id = l.centre_id AND v.item_id = l.positive_list_item_id AND v.effective_from <= e.entry_date
       ORDER BY v.effective_from DESC LIMIT 1) item ON true
   WHERE l.positive_list_item_id IS NOT NULL
     AND (item.code IS NULL OR item.withdrawn OR NOT starts_with(a.code, item.code))
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % of entry % names a positive-list item that does not allow it', bad.line_no, bad.entry_id
      USING ERRCODE = 'P0B02';
  END IF;

  SELECT l.entry_id, l.line_no INTO bad
    FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
    JOIN journal_entry e ON e.centre_id = p.centre_id AND e.id = p.id
    JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
    JOIN account a ON a.id = l.account_id
   WHERE l.budget_line_id IS NULL AND l.debit > 0 AND a.category = 'expenditure'
     AND e.source NOT IN ('closing', 'opening', 'reversal')
     AND EXISTS (SELECT 1 FROM budget b WHERE b.centre_id = l.centre_id AND b.union_id = l.union_id
                    AND b.year = e.year AND b.status = 'approved')
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % of entry % spends without naming a budget line', bad.line_no, bad.entry_id
      USING ERRCODE = 'P0B03';
  END IF;

  UPDATE budget_line bl SET spent = bl.spent + d.delta
    FROM (SELECT l.centre_id, l.budget_line_id, sum(l.debit) - sum(l.credit) AS delta
            FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
            JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
           WHERE l.budget_line_id IS NOT NULL
           GROUP BY l.centre_id, l.budget_line_id) d
   WHERE bl.centre_id = d.centre_id AND bl.id = d.budget_line_id AND d.delta <> 0;

  INSERT INTO positive_list_usage AS u (centre_id, union_id, item_id, year, spent)
  SELECT l.centre_id, l.union_id, l.positive_list_item_id, e.year, sum(l.debit) - sum(l.credit)
    FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
    JOIN journal_entry e ON e.centre_id = p.centre_id AND e.id = p.id
    JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
   WHERE l.positive_list_item_id IS NOT NULL
   GROUP BY l.centre_id, l.union_id, l.positive_list_item_id, e.year
   ORDER BY l.centre_id, l.union_id, l.positive_list_item_id, e.year
  ON CONFLICT (centre_id, union_id, item_id, year) DO UPDATE SET spent = u.spent + EXCLUDED.spent;
END
$$;

CREATE FUNCTION journal_entry_budget_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM apply_budget_spending(array_agg(id), array_agg(centre_id)) FROM new_entries WHERE status = 'posted' HAVING count(*) > 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER journal_entry_budget_after_insert AFTER INSERT ON journal_entry
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_budget_after_insert();

CREATE FUNCTION journal_entry_budget_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM apply_budget_spending(array_agg(n.id), array_agg(n.centre_id))
     FROM new_entries n JOIN old_entries o ON o.centre_id = n.centre_id AND o.id = n.id
    WHERE n.status = 'posted' AND o.status <> 'posted'
   HAVING count(*) > 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER journal_entry_budget_after_update AFTER UPDATE ON journal_entry
  REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_budget_after_update();
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
DROP TRIGGER journal_entry_budget_after_update ON journal_entry;
DROP TRIGGER journal_entry_budget_after_insert ON journal_entry;
DROP FUNCTION journal_entry_budget_after_update();
DROP FUNCTION journal_entry_budget_after_insert();
DROP FUNCTION apply_budget_spending(uuid[], uuid[]);
DROP INDEX journal_line_budget_line_idx;
ALTER TABLE journal_line DROP CONSTRAINT journal_line_positive_list_item_fk;
ALTER TABLE journal_line DROP CONSTRAINT journal_line_budget_line_fk;
DROP TABLE positive_list_usage;
DROP TABLE budget_adjustment;
DROP TABLE budget_version;
DROP TABLE budget_line;
DROP TABLE budget;
DROP FUNCTION budget_guard();
DROP FUNCTION budget_line_guard();
DROP TABLE positive_list_version;
DROP TABLE positive_list_item;
DROP FUNCTION is_top_account(uuid, text);
ALTER TABLE journal_line DROP CONSTRAINT journal_line_headcount_range;
ALTER TABLE journal_line DROP COLUMN headcount;
`);
  }
}
