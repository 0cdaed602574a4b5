import type { EntityManager } from 'typeorm';
import type { AccountInfo } from './posting.js';

export interface ChartAccount extends AccountInfo {
  parentId: string | null;
  centreId: string | null;
  note: string | null;
}

/** The chart of accounts as one centre sees it: the standard accounts and the centre's own sub-accounts. */
export class Chart {
  private readonly codes = new Map<string, ChartAccount>();
  private readonly ids = new Map<string, ChartAccount>();

  constructor(readonly accounts: ChartAccount[]) {
    for (const account of accounts) {
      this.codes.set(account.code, account);
      this.ids.set(account.id, account);
    }
  }

  byCode = (code: string): ChartAccount | undefined => this.codes.get(code);
  byId = (id: string): ChartAccount | undefined => this.ids.get(id);

  /** Cash accounts (库存现金, 银行存款 and their sub-accounts): data, not code. */
  cashAccounts(): ChartAccount[] {
    return this.accounts.filter((a) => a.isCash);
  }

  /** The first-level account a code rolls up to. */
  topOf(account: ChartAccount): ChartAccount {
    let current = account;
    while (current.parentId) current = this.ids.get(current.parentId) ?? current;
    return current;
  }
}

export async function loadChart(manager: EntityManager, centreId: string): Promise<Chart> {
  const rows = await manager.query(
    `SELECT a.id, a.code, a.name, a.category, a.normal_side, a.is_cash, a.parent_id, a.centre_id, a.note,
            NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id AND (c.centre_id IS NULL OR c.centre_id = $1)) AS postable
       FROM account a
      WHERE a.centre_id IS NULL OR a.centre_id = $1
      ORDER BY a.code`,
    [centreId],
  );
  return new Chart(
    rows.map((row: Record<string, unknown>) => ({
      id: row.id as string,
      code: row.code as string,
      name: row.name as string,
      category: row.category as AccountInfo['category'],
      normalSide: row.normal_side as AccountInfo['normalSide'],
      isCash: row.is_cash as boolean,
      postable: row.postable as boolean,
      parentId: (row.parent_id as string | null) ?? null,
      centreId: (row.centre_id as string | null) ?? null,
      note: (row.note as string | null) ?? null,
    })),
  );
}

/**
 * The chart changes rarely (a centre adds a sub-account now and then) and every posting needs it, so postings read
 * it from a short-lived cache. A stale cache can only let through a posting to an account that just gained a
 * sub-account, and the database's commit-time check refuses that one (journal_entry_check_posted).
 */
const CHART_TTL_MS = 30_000;
const chartCache = new Map<string, { chart: Chart; loadedAt: number }>();

export async function cachedChart(manager: EntityManager, centreId: string): Promise<Chart> {
  const cached = chartCache.get(centreId);
  if (cached && Date.now() - cached.loadedAt < CHART_TTL_MS) return cached.chart;
  const chart = await loadChart(manager, centreId);
  if (chartCache.size > 10_000) chartCache.clear();
  chartCache.set(centreId, { chart, loadedAt: Date.now() });
  return chart;
}

export function forgetChart(centreId: string): void {
  chartCache.delete(centreId);
}
