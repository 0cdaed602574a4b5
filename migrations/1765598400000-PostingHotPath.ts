import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The posting hot path (test/bench/RESULTS.md). Every posting runs `apply_budget_spending` from the statement
 * triggers of journal_entry, and it ran five statements over the posted lines whatever they were: three checks, the
 * move of the budget lines' spent amounts and the upsert of the positive-list usage. Profiled with
 * pg_stat_statements, these took about as long as the balances' own upserts, inside the section where a posting holds
 * its centre's entry-number counter, so they slowed every other posting of the centre too.
 *
 * Now one pass over the posted lines says which of them can concern the entries (a line naming a budget line, a line
 * naming a positive-list item, a debit to an expenditure account outside a closing, an opening or a reversal), and
 * only those run. The rules are the same and are checked in the same order with the same errors: each skipped
 * statement could only have found or moved nothing.
 *
 * And `apply_posted_entries` (the balances' upserts) plans its statements for the arrays of each call. PL/pgSQL keeps
 * a generic plan after five calls, costed for an array of unknown length: on a journal whose statistics are young or
 * stale (a new database, or a growing journal before autovacuum analyses it) that plan scanned the whole of
 * journal_line and journal_entry for every posting, until an ANALYZE invalidated it (auto_explain: a sequential scan
 * of journal_line under the balances' upsert, 3 ms instead of 0.2 ms, growing with the journal). A custom plan sees a
 * one-entry array and uses the primary keys; planning costs a fraction of a millisecond. (Not for
 * apply_budget_spending: planning its larger joins on every call cost more than its generic plans lost.)
 */
export class PostingHotPath1765598400000 implements MigrationInterface {
  name = 'PostingHotPath1765598400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE OR REPLACE FUNCTION apply_budget_spending(posted_ids uuid[], posted_centres uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  names_budget_line boolean;
  names_item boolean;
  spends boolean;
BEGIN
  SELECT coalesce(bool_or(l.budget_line_id IS NOT NULL), false),
         coalesce(bool_or(l.positive_list_item_id IS NOT NULL), false),
         coalesce(bool_or(l.budget_line_id IS NULL AND l.debit > 0 AND a.category = 'expenditure'
                          AND e.source NOT IN ('closing', 'opening', 'reversal')), false)
    INTO names_budget_line, names_item, spends
    FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
    JOIN journal_entry e ON e.centre_id = p.centre_id AND e.id = p.id
    JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
    JOIN account a ON a.id = l.account_id;

  IF names_budget_line THEN
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
  END IF;

  IF names_item THEN
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
  END IF;

  IF spends THEN
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
  END IF;

  IF names_budget_line THEN
    UPDATE budget_line bl SET spent = bl.spent + d.delta
      FROM (SELECT l.centre_id, l.budget_line_id, sum(l.debit) - sum(l.credit) AS delta
              FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
              JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
             WHERE l.budget_line_id IS NOT NULL
             GROUP BY l.centre_id, l.budget_line_id) d
     WHERE bl.centre_id = d.centre_id AND bl.id = d.budget_line_id AND d.delta <> 0;
  END IF;

  IF names_item THEN
    INSERT INTO positive_list_usage AS u (centre_id, union_id, item_id, year, spent)
    SELECT l.centre_id, l.union_id, l.positive_list_item_id, e.year, sum(l.debit) - sum(l.credit)
      FROM unnest(posted_centres, posted_ids) AS p(centre_id, id)
      JOIN journal_entry e ON e.centre_id = p.centre_id AND e.id = p.id
      JOIN journal_line l ON l.centre_id = p.centre_id AND l.entry_id = p.id
     WHERE l.positive_list_item_id IS NOT NULL
     GROUP BY l.centre_id, l.union_id, l.positive_list_item_id, e.year
     ORDER BY l.centre_id, l.union_id, l.positive_list_item_id, e.year
    ON CONFLICT (centre_id, union_id, item_id, year) DO UPDATE SET spent = u.spent + EXCLUDED.spent;
  END IF;
END
$$;

-- plan each call with the arrays it was given (one entry, mostly), not a cached generic plan: see above
ALTER FUNCTION apply_posted_entries(uuid[], uuid[]) SET plan_cache_mode = force_custom_plan;
`);
  }

  /** Back to the function of migration Budgets, which runs every statement for every posting. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
ALTER FUNCTION apply_posted_entries(uuid[], uuid[]) RESET plan_cache_mode;
CREATE OR REPLACE FUNCTION apply_budget_spending(posted_ids uuid[], posted_centres uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
`);
  }
}
