import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainError } from '../common/domain-error.js';
import { formatMoney, type Money, money, ZERO } from '../common/money.js';
import { type Chart, type EntryDraft, LedgerService, type PostingGuard } from '../ledger/index.js';
import {
  amountOf,
  type BudgetLineState,
  checkBudgetControl,
  CLAIM_PLACE,
  type ControlledLine,
  type ControlState,
  entryLine,
  type ItemVersion,
  usageKey,
} from './budget-rules.js';

/** What a spending claim asks of a budget: the one line of spending it becomes. */
export interface SpendingIntent {
  centreId: string;
  unionId: string;
  /** The claim's year: its budget line's and its item usage's. */
  year: number;
  /** The day whose positive list judges it. */
  date: string;
  accountCode: string;
  amount: Money;
  budgetLineId: string | null;
  itemId: string;
  headcount: number | null;
}

const EXEMPT_SOURCES = new Set(['closing', 'opening', 'reversal']);

/**
 * Budget control (预算控制): the posting guard the ledger runs for every entry (rule 8), and the commitments that
 * approved, unposted claims hold on budget lines and positive-list items. It loads and, when asked, locks the state
 * (budget lines, then item usage; always in key order), and the pure rules in budget-rules.ts decide.
 */
@Injectable()
export class BudgetControl implements PostingGuard, OnModuleInit {
  constructor(private readonly ledger: LedgerService) {}

  onModuleInit(): void {
    this.ledger.usePostingGuard(this);
  }

  async check(manager: EntityManager, centreId: string, draft: EntryDraft, chart: Chart, lock: boolean): Promise<DomainError | undefined> {
    const lines: ControlledLine[] = draft.lines.map((line, index) => {
      const account = chart.byCode(line.accountCode)!;
      const top = chart.topOf(account);
      return {
        at: entryLine(index),
        unionId: line.unionId,
        accountCode: account.code,
        topCode: top.code,
        category: account.category,
        debit: line.debit,
        credit: line.credit,
        budgetLineId: line.budgetLineId ?? null,
        itemId: line.positiveListItemId ?? null,
        headcount: line.headcount ?? null,
      };
    });
    const concerned = lines.some((l) => l.budgetLineId || l.itemId || (l.category === 'expenditure' && l.debit.greaterThan(0)));
    if (!concerned) return undefined;
    const state = await this.loadState(manager, centreId, Number(draft.date.slice(0, 4)), draft.date, lines, EXEMPT_SOURCES.has(draft.source), lock);
    return checkBudgetControl(lines, state);
  }

  /** The checks a claim passes when it is raised: nothing is held. */
  async preview(manager: EntityManager, intent: SpendingIntent, chart: Chart): Promise<DomainError | undefined> {
    const line = this.intentLine(intent, chart);
    const state = await this.loadState(manager, intent.centreId, intent.year, intent.date, [line], false, false);
    return checkBudgetControl([line], state);
  }

  /**
   * The chair's approval: the same checks under lock, then the claim's amount is held on its budget line and item
   * (committed), so that other spending cannot take it.
   */
  async commit(manager: EntityManager, intent: SpendingIntent, chart: Chart): Promise<DomainError | undefined> {
    const line = this.intentLine(intent, chart);
    const state = await this.loadState(manager, intent.centreId, intent.year, intent.date, [line], false, true);
    const refusal = checkBudgetControl([line], state);
    if (refusal) return refusal;
    await this.moveCommitment(manager, intent, intent.amount);
    return undefined;
  }

  /** Gives a claim's hold back: when it is posted (the posting then spends), or refused after approval. */
  async release(manager: EntityManager, intent: SpendingIntent): Promise<void> {
    await this.moveCommitment(manager, intent, intent.amount.negated());
  }

  private async moveCommitment(manager: EntityManager, intent: SpendingIntent, delta: Money): Promise<void> {
    const amount = formatMoney(delta);
    if (intent.budgetLineId) {
      await manager.query('UPDATE budget_line SET committed = committed + $3 WHERE centre_id = $1 AND id = $2', [
        intent.centreId,
        intent.budgetLineId,
        amount,
      ]);
    }
    // the usage row exists from the commit on (an upsert would check committed >= 0 on the proposed row, before
    // it finds the conflict)
    if (delta.isPositive()) {
      await manager.query(
        `INSERT INTO positive_list_usage (centre_id, union_id, item_id, year) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [intent.centreId, intent.unionId, intent.itemId, intent.year],
      );
    }
    await manager.query(
      'UPDATE positive_list_usage SET committed = committed + $5 WHERE centre_id = $1 AND union_id = $2 AND item_id = $3 AND year = $4',
      [intent.centreId, intent.unionId, intent.itemId, intent.year, amount],
    );
  }

  private intentLine(intent: SpendingIntent, chart: Chart): ControlledLine {
    const account = chart.byCode(intent.accountCode)!;
    return {
      at: CLAIM_PLACE,
      unionId: intent.unionId,
      accountCode: account.code,
      topCode: chart.topOf(account).code,
      category: account.category,
      debit: intent.amount,
      credit: ZERO,
      budgetLineId: intent.budgetLineId,
      itemId: intent.itemId,
      headcount: intent.headcount,
    };
  }

  private async loadState(
    manager: EntityManager,
    centreId: string,
    year: number,
    date: string,
    lines: ControlledLine[],
    exempt: boolean,
    lock: boolean,
  ): Promise<ControlState> {
    const unionIds = [...new Set(lines.map((l) => l.unionId))];
    const budgetLineIds = [...new Set(lines.map((l) => l.budgetLineId).filter((id): id is string => !!id))].sort();

    const unions: Array<{ id: string; member_count: number; budgeted: boolean }> = await manager.query(
      `SELECT u.id, u.member_count,
              EXISTS (SELECT 1 FROM budget b WHERE b.centre_id = u.centre_id AND b.union_id = u.id AND b.year = $3 AND b.status = 'approved') AS budgeted
         FROM trade_union u WHERE u.centre_id = $1 AND u.id = ANY($2::uuid[])`,
      [centreId, unionIds, year],
    );

    const budgetLines = budgetLineIds.length > 0 ? await loadBudgetLines(manager, centreId, { ids: budgetLineIds }, lock) : new Map<string, BudgetLineState>();

    // the whole list as in force on the date: a centre's list is short, and it tells which categories it covers
    const items = await loadListOn(manager, centreId, date);
    const listCategories = new Set([...items.values()].filter((i) => !i.withdrawn).map((i) => i.categoryCode));

    const itemUsage = new Map<string, Money>();
    const capped = [...new Set(lines.filter((l) => l.itemId && items.get(l.itemId)?.capPerMemberYear).map((l) => usageKey(l.unionId, l.itemId!)))].sort();
    if (capped.length > 0) {
      const unionsOf = capped.map((key) => key.split('/')[0]);
      const itemsOf = capped.map((key) => key.split('/')[1]);
      if (lock) {
        // the row exists before it is locked, so that two first spendings on an item also queue
        await manager.query(
          `INSERT INTO positive_list_usage (centre_id, union_id, item_id, year)
           SELECT $1, * , $4 FROM unnest($2::uuid[], $3::uuid[]) ON CONFLICT DO NOTHING`,
          [centreId, unionsOf, itemsOf, year],
        );
      }
      const rows: Array<{ union_id: string; item_id: string; spent: string; committed: string }> = await manager.query(
        `SELECT union_id, item_id, spent, committed FROM positive_list_usage
          WHERE centre_id = $1 AND year = $4 AND (union_id, item_id) IN (SELECT * FROM unnest($2::uuid[], $3::uuid[]))
          ORDER BY union_id, item_id ${lock ? 'FOR UPDATE' : ''}`,
        [centreId, unionsOf, itemsOf, year],
      );
      for (const row of rows) itemUsage.set(usageKey(row.union_id, row.item_id), money(row.spent).plus(money(row.committed)));
    }

    return {
      exempt,
      year,
      budgetedUnions: new Set(unions.filter((u) => u.budgeted).map((u) => u.id)),
      memberCounts: new Map(unions.map((u) => [u.id, u.member_count])),
      budgetLines,
      items,
      listCategories,
      itemUsage,
    };
  }
}

/**
 * Budget lines as budget control reads them (with their budget's union, year and status), by id or all of one
 * budget; with `lock`, locked in key order (every writer of budget lines locks them in that order).
 */
export async function loadBudgetLines(
  manager: EntityManager,
  centreId: string,
  which: { ids: string[] } | { budgetId: string },
  lock: boolean,
): Promise<Map<string, BudgetLineState>> {
  const byIds = 'ids' in which;
  const rows: Array<Record<string, string | number>> = await manager.query(
    `SELECT bl.id, b.union_id, b.year, b.status, bl.kind, c.code, bl.adjusted_amount, bl.committed, bl.spent
       FROM budget_line bl JOIN budget b ON b.centre_id = bl.centre_id AND b.id = bl.budget_id
       JOIN account c ON c.id = bl.account_id
      WHERE bl.centre_id = $1 AND ${byIds ? 'bl.id = ANY($2::uuid[])' : 'bl.budget_id = $2'}
      ORDER BY bl.id ${lock ? 'FOR UPDATE OF bl' : ''}`,
    [centreId, byIds ? which.ids : which.budgetId],
  );
  return new Map(
    rows.map((row) => [
      row.id as string,
      {
        id: row.id as string,
        unionId: row.union_id as string,
        year: row.year as number,
        budgetStatus: row.status as string,
        kind: row.kind as BudgetLineState['kind'],
        categoryCode: row.code as string,
        adjusted: money(row.adjusted_amount as string),
        committed: money(row.committed as string),
        spent: money(row.spent as string),
      },
    ]),
  );
}

/** Every item of a centre's positive list with the version in force on `date` (withdrawn ones included). */
export async function loadListOn(manager: EntityManager, centreId: string, date: string): Promise<Map<string, ItemVersion>> {
  const rows: Array<Record<string, string | boolean | null>> = await manager.query(
    `SELECT DISTINCT ON (v.item_id) v.item_id, i.code, v.name, c.code AS category_code, v.cap_per_member_year, v.cap_per_event,
            v.cap_per_person_occasion, v.withdrawn
       FROM positive_list_version v
       JOIN positive_list_item i ON i.centre_id = v.centre_id AND i.id = v.item_id
       JOIN account c ON c.id = v.category_account_id
      WHERE v.centre_id = $1 AND v.effective_from <= $2
      ORDER BY v.item_id, v.effective_from DESC`,
    [centreId, date],
  );
  return new Map(
    rows.map((row) => [
      row.item_id as string,
      {
        itemId: row.item_id as string,
        code: row.code as string,
        name: row.name as string,
        categoryCode: row.category_code as string,
        capPerMemberYear: amountOf(row.cap_per_member_year as string | null),
        capPerEvent: amountOf(row.cap_per_event as string | null),
        capPerPersonOccasion: amountOf(row.cap_per_person_occasion as string | null),
        withdrawn: row.withdrawn as boolean,
      },
    ]),
  );
}
