import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuditEntry, actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible, periodInScope } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { money } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { loadChart } from './chart.js';
import type { EntryView, PeriodCloseChecksView, PeriodCloseView, PeriodView } from './dto/ledger.dto.js';
import { LedgerErrors } from './ledger.errors.js';
import { LedgerService } from './ledger.service.js';
import { yearEndClosingLines } from './closing.js';
import { CLOSE_CHECK_NOTES, type CloseFacts, closeChecks, firstFailure } from './close-checks.js';

interface PeriodRow {
  year: number;
  month: number;
  status: string;
  opened_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
}

export const periodLabel = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

function periodView(row: PeriodRow): PeriodView {
  return {
    period: periodLabel(row.year, row.month),
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    closedBy: row.closed_by,
  };
}

/** 会计期间: opened in order; closed in order by a supervisor after checks; December's closing carries the year. */
@Injectable()
export class PeriodsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
    private readonly ledger: LedgerService,
  ) {}

  async list(ctx: RequestContext, centreId: string): Promise<PeriodView[]> {
    assertCentreVisible(ctx.principal, centreId);
    const rows: PeriodRow[] = await this.dataSource.query(
      'SELECT year, month, status, opened_at, closed_at, closed_by FROM accounting_period WHERE centre_id = $1 ORDER BY year, month',
      [centreId],
    );
    // an auditor sees the engagement's months only
    return rows.map(periodView).filter((p) => periodInScope(ctx.principal, p.period));
  }

  /** The first period of a centre may be any month; every later one is the month after the latest. */
  open(ctx: RequestContext, centreId: string, period: string): Promise<PeriodView> {
    assertCentreVisible(ctx.principal, centreId);
    const year = Number(period.slice(0, 4));
    const month = Number(period.slice(5, 7));
    return this.write.run(actorOf(ctx), async (manager) => {
      const [centre] = await manager.query('SELECT id FROM centre WHERE id = $1 FOR UPDATE', [centreId]);
      if (!centre) throw CommonErrors.notFound('Centre', centreId);
      const [latest] = await manager.query(
        'SELECT year, month FROM accounting_period WHERE centre_id = $1 ORDER BY year DESC, month DESC LIMIT 1',
        [centreId],
      );
      if (latest && latest.year === year && latest.month === month) throw LedgerErrors.periodExists(period);
      if (latest && year * 12 + month !== latest.year * 12 + latest.month + 1) {
        const next = latest.month === 12 ? periodLabel(latest.year + 1, 1) : periodLabel(latest.year, latest.month + 1);
        throw LedgerErrors.periodOrder(`Periods open in order: the next one is ${next}.`);
      }
      const row = await this.insertPeriod(manager, centreId, year, month, ctx.principal.userId);
      return { result: periodView(row), audit: { centreId, action: 'period.open', objectType: 'period', objectId: period, detail: {} } };
    });
  }

  /** The checks of closing a period, as the closing would make them now, without closing anything. */
  async closeChecks(ctx: RequestContext, centreId: string, period: string): Promise<PeriodCloseChecksView> {
    assertCentreVisible(ctx.principal, centreId);
    const facts = await this.closeFacts(this.dataSource.manager, centreId, period, false);
    const checks = closeChecks(facts);
    return { period, status: facts.status, yearEnd: facts.unionsToCarry !== null, checks, canClose: !firstFailure(checks) };
  }

  /**
   * Closes a period after its checks (close-checks.ts): still open, earlier periods closed, no entry left unposted,
   * the trial balance balanced. Closing December then posts each union's carry-forward of the year's income and
   * expenditure into 工会资金结余 and opens January of the next year, so the new year starts from the right balances.
   */
  close(ctx: RequestContext, centreId: string, period: string): Promise<PeriodCloseView> {
    assertCentreVisible(ctx.principal, centreId);
    const year = Number(period.slice(0, 4));
    const month = Number(period.slice(5, 7));
    return this.write.run(actorOf(ctx), async (manager) => {
      const facts = await this.closeFacts(manager, centreId, period, true);
      const failed = firstFailure(closeChecks(facts));
      if (failed?.code === 'period_open') throw LedgerErrors.periodOrder(`Period ${period} is already closed.`);
      if (failed?.code === 'earlier_closed') throw LedgerErrors.periodOrder('An earlier period is still open; periods close in order.');
      if (failed?.code === 'no_pending') throw LedgerErrors.periodHasPending(period, facts.drafts + facts.approved);
      if (failed?.code === 'trial_balance') throw LedgerErrors.trialBalanceUnbalanced(period);
      const checks: string[] = [CLOSE_CHECK_NOTES.earlier_closed, CLOSE_CHECK_NOTES.no_pending];

      const audit: AuditEntry[] = [];
      const closingEntries: EntryView[] = [];
      if (month === 12) {
        for (const posted of await this.postYearEndClosing(manager, ctx, centreId, year)) {
          closingEntries.push(posted.entry);
          audit.push(posted.audit);
        }
        checks.push(`income and expenditure of ${year} carried into 工会资金结余 (${closingEntries.length} unions)`);
      }
      // the carry-forward entries balance each on their own, so the trial balance checked above still balances
      checks.push(CLOSE_CHECK_NOTES.trial_balance);

      // TypeORM answers an UPDATE with [rows, count]
      const [[closed]] = await manager.query(
        `UPDATE accounting_period SET status = 'closed', closed_at = now(), closed_by = $4
          WHERE centre_id = $1 AND year = $2 AND month = $3
          RETURNING year, month, status, opened_at, closed_at, closed_by`,
        [centreId, year, month, ctx.principal.userId],
      );
      audit.push({ centreId, action: 'period.close', objectType: 'period', objectId: period, detail: { checks } });

      let nextPeriod: PeriodView | null = null;
      const nextYear = month === 12 ? year + 1 : year;
      const nextMonth = month === 12 ? 1 : month + 1;
      const [existing] = await manager.query('SELECT 1 FROM accounting_period WHERE centre_id = $1 AND year = $2 AND month = $3', [
        centreId,
        nextYear,
        nextMonth,
      ]);
      if (!existing && month === 12) {
        nextPeriod = periodView(await this.insertPeriod(manager, centreId, nextYear, nextMonth, ctx.principal.userId));
        audit.push({ centreId, action: 'period.open', objectType: 'period', objectId: nextPeriod.period, detail: { byClosing: period } });
      }
      return { result: { period: periodView(closed), checks, closingEntries, nextPeriod }, audit };
    });
  }

  /** What the checks of closing look at; `lock` holds the period's row for the closing that follows. */
  private async closeFacts(manager: EntityManager, centreId: string, period: string, lock: boolean): Promise<CloseFacts> {
    const year = Number(period.slice(0, 4));
    const month = Number(period.slice(5, 7));
    const [row] = await manager.query(
      `SELECT status, closed_at FROM accounting_period WHERE centre_id = $1 AND year = $2 AND month = $3${lock ? ' FOR UPDATE' : ''}`,
      [centreId, year, month],
    );
    if (!row) throw LedgerErrors.periodNotFound(period);
    const earlier: Array<{ year: number; month: number }> = await manager.query(
      `SELECT year, month FROM accounting_period WHERE centre_id = $1 AND status = 'open' AND year * 12 + month < $2 ORDER BY year, month`,
      [centreId, year * 12 + month],
    );
    const [pending] = await manager.query(
      `SELECT count(*) FILTER (WHERE status = 'draft')::int AS drafts, count(*) FILTER (WHERE status = 'approved')::int AS approved
         FROM journal_entry WHERE centre_id = $1 AND year = $2 AND month = $3 AND status <> 'posted'`,
      [centreId, year, month],
    );
    const [balance] = await manager.query(
      `SELECT coalesce(sum(debit), 0) AS debit, coalesce(sum(credit), 0) AS credit FROM period_balance
        WHERE centre_id = $1 AND year * 12 + month <= $2`,
      [centreId, year * 12 + month],
    );
    let unionsToCarry: number | null = null;
    if (month === 12) {
      const [carry] = await manager.query(
        `SELECT count(DISTINCT union_id)::int AS unions FROM (
           SELECT b.union_id FROM period_balance b JOIN account a ON a.id = b.account_id
            WHERE b.centre_id = $1 AND b.year = $2 AND a.category IN ('income', 'expenditure')
            GROUP BY b.union_id, b.account_id HAVING sum(b.debit - b.credit) <> 0) t`,
        [centreId, year],
      );
      unionsToCarry = carry.unions;
    }
    return {
      period,
      status: row.status === 'open' ? 'open' : 'closed',
      closedAt: row.closed_at ? (row.closed_at as Date).toISOString() : null,
      earlierOpen: earlier.map((e) => periodLabel(e.year, e.month)),
      drafts: pending.drafts,
      approved: pending.approved,
      debit: money(balance.debit),
      credit: money(balance.credit),
      unionsToCarry,
    };
  }

  private async insertPeriod(manager: EntityManager, centreId: string, year: number, month: number, userId: string): Promise<PeriodRow> {
    const [row] = await manager.query(
      `INSERT INTO accounting_period (centre_id, year, month, opened_by) VALUES ($1, $2, $3, $4)
       RETURNING year, month, status, opened_at, closed_at, closed_by`,
      [centreId, year, month, userId],
    );
    return row;
  }

  /** One carry-forward entry (结转) per union with income or expenditure in the year, dated 31 December. */
  private async postYearEndClosing(manager: EntityManager, ctx: RequestContext, centreId: string, year: number) {
    const chart = await loadChart(manager, centreId);
    const rows: Array<{ union_id: string; account_id: string; balance: string }> = await manager.query(
      `SELECT b.union_id, b.account_id, sum(b.debit - b.credit) AS balance
         FROM period_balance b JOIN account a ON a.id = b.account_id
        WHERE b.centre_id = $1 AND b.year = $2 AND a.category IN ('income', 'expenditure')
        GROUP BY b.union_id, b.account_id
       HAVING sum(b.debit - b.credit) <> 0
        ORDER BY b.union_id, b.account_id`,
      [centreId, year],
    );
    const byUnion = new Map<string, Array<{ accountCode: string; balance: ReturnType<typeof money> }>>();
    for (const row of rows) {
      const list = byUnion.get(row.union_id) ?? [];
      list.push({ accountCode: chart.byId(row.account_id)!.code, balance: money(row.balance) });
      byUnion.set(row.union_id, list);
    }
    const posted = [];
    for (const [unionId, balances] of byUnion) {
      const lines = yearEndClosingLines(unionId, balances, '331');
      if (lines.length < 2) continue;
      posted.push(
        await this.ledger.postEntry(manager, actorOf(ctx), {
          centreId,
          date: `${year}-12-31`,
          memo: `${year}年度收支结转`,
          source: 'closing',
          lines,
        }),
      );
    }
    return posted;
  }
}
