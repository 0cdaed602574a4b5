import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { asOfInScope, assertCentreLevelRead, assertPeriodsInScope, yearInScope } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { formatMoney, money, sumMoney, ZERO } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import type { DuesByMonthView, FoundingRateView, PreparationFundsView } from './dto/overview.dto.js';
import { foundingRatePercent, MAX_RATE_MONTHS, monthIndex, monthsBack, monthsBetween, monthsOfYear } from './overview-rules.js';

/**
 * The day an enterprise became known to the centre: registered with it, or the first day of its first declared payroll
 * period when that is earlier (an enterprise registered when the centre took over its books declares its past months).
 * Dates of registration are the centre's local day (China Standard Time).
 */
const ENTERPRISE_SPAN = `
  SELECT e.id, e.name, e.uscc, e.union_id,
         least((e.created_at AT TIME ZONE 'Asia/Shanghai')::date,
               (SELECT min(d.period_start) FROM payroll_declaration d WHERE d.centre_id = e.centre_id AND d.enterprise_id = e.id)) AS known_from,
         CASE WHEN e.union_id IS NULL THEN NULL
              ELSE coalesce(u.founded_on, (u.created_at AT TIME ZONE 'Asia/Shanghai')::date) END AS union_from
    FROM enterprise e LEFT JOIN trade_union u ON u.centre_id = e.centre_id AND u.id = e.union_id
   WHERE e.centre_id = $1`;

/**
 * 经费概览: the centre's overview charts. Reads only (SQL over the dues, ledger and organisation tables), for the
 * system administrator, the centre's staff, and auditors whose engagement covers the whole centre (these are
 * centre-level records, like receipts and arrears).
 */
@Injectable()
export class OverviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Dues assessed (by payroll period) against dues collected (by the day received), month by month of a year. */
  async duesByMonth(ctx: RequestContext, centreId: string, year: number): Promise<DuesByMonthView> {
    assertCentreLevelRead(ctx.principal, centreId);
    if (!yearInScope(ctx.principal, year)) assertPeriodsInScope(ctx.principal, `${year}-01`);
    const from = `${year}-01-01`;
    const until = `${year + 1}-01-01`;
    const assessed: Array<{ month: string; amount: string }> = await this.dataSource.query(
      `SELECT to_char(period_start, 'YYYY-MM') AS month, sum(amount_assessed) AS amount
         FROM dues_assessment
        WHERE centre_id = $1 AND superseded_at IS NULL AND period_start >= $2::date AND period_start < $3::date
        GROUP BY 1`,
      [centreId, from, until],
    );
    const collected: Array<{ month: string; amount: string }> = await this.dataSource.query(
      `SELECT to_char(received_on, 'YYYY-MM') AS month, sum(amount) AS amount
         FROM dues_receipt
        WHERE centre_id = $1 AND received_on >= $2::date AND received_on < $3::date
        GROUP BY 1`,
      [centreId, from, until],
    );
    const byMonth = (rows: Array<{ month: string; amount: string }>) => new Map(rows.map((r) => [r.month, money(r.amount)]));
    const assessedBy = byMonth(assessed);
    const collectedBy = byMonth(collected);
    const months = monthsOfYear(year).map((month) => ({
      month,
      assessed: formatMoney(assessedBy.get(month) ?? ZERO),
      collected: formatMoney(collectedBy.get(month) ?? ZERO),
    }));
    return {
      year,
      months,
      totalAssessed: formatMoney(sumMoney(assessedBy.values())),
      totalCollected: formatMoney(sumMoney(collectedBy.values())),
    };
  }

  /**
   * 建会筹备金 held by enterprise at the end of a day: the 21203 balance of posted entries dated up to then, per the
   * enterprise its lines name; every enterprise known by then without a union that day is listed, with 0.00 if nothing
   * is held for it.
   */
  async preparationFunds(ctx: RequestContext, centreId: string, asOf?: string): Promise<PreparationFundsView> {
    assertCentreLevelRead(ctx.principal, centreId);
    const date = asOfInScope(ctx.principal, asOf);
    const rows: Array<{ id: string | null; name: string | null; uscc: string | null; held: string; has_union: boolean | null; union_founded_on: string | null }> =
      await this.dataSource.query(
        `WITH held AS (
           SELECT l.enterprise_id, sum(l.credit - l.debit) AS held
             FROM journal_line l
             JOIN journal_entry j ON j.centre_id = l.centre_id AND j.id = l.entry_id
             JOIN account a ON a.id = l.account_id
            WHERE l.centre_id = $1 AND a.code = '21203' AND j.status = 'posted' AND j.entry_date <= $2::date
            GROUP BY l.enterprise_id),
         span AS (${ENTERPRISE_SPAN})
         SELECT s.id, s.name, s.uscc, coalesce(h.held, 0) AS held,
                (s.union_from IS NOT NULL AND s.union_from <= $2::date) AS has_union,
                CASE WHEN s.union_from IS NULL THEN NULL ELSE to_char(s.union_from, 'YYYY-MM-DD') END AS union_founded_on
           FROM span s LEFT JOIN held h ON h.enterprise_id = s.id
          WHERE coalesce(h.held, 0) <> 0 OR (s.known_from <= $2::date AND (s.union_from IS NULL OR s.union_from > $2::date))
         UNION ALL
         SELECT NULL, NULL, NULL, h.held, NULL, NULL FROM held h WHERE h.enterprise_id IS NULL AND h.held <> 0`,
        [centreId, date],
      );
    const enterprises = rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        enterpriseId: r.id!,
        enterpriseName: r.name!,
        uscc: r.uscc!,
        held: formatMoney(money(r.held)),
        hasUnion: r.has_union === true,
        unionFoundedOn: r.union_founded_on,
      }))
      .sort((a, b) => money(b.held).comparedTo(money(a.held)) || a.enterpriseName.localeCompare(b.enterpriseName, 'zh-CN') || a.uscc.localeCompare(b.uscc));
    const unattributed = sumMoney(rows.filter((r) => r.id === null).map((r) => money(r.held)));
    return {
      asOf: date,
      enterprises,
      unattributed: formatMoney(unattributed),
      totalHeld: formatMoney(sumMoney(enterprises.map((e) => money(e.held))).plus(unattributed)),
    };
  }

  /**
   * 建会率 month by month: at each month's end, the enterprises known to the centre and those of them whose union was
   * founded by then (its founding day; the day the union was registered when none is recorded).
   */
  async foundingRate(ctx: RequestContext, centreId: string, query: { from?: string; to?: string }): Promise<FoundingRateView> {
    assertCentreLevelRead(ctx.principal, centreId);
    const to = query.to ?? new Date().toISOString().slice(0, 7);
    const from = query.from ?? monthsBack(to, 12);
    if (monthIndex(to)! < monthIndex(from)!) throw CommonErrors.validation([{ field: 'to', message: 'to must not be before from' }]);
    const months = monthsBetween(from, to);
    if (months.length > MAX_RATE_MONTHS) {
      throw CommonErrors.validation([{ field: 'from', message: `at most ${MAX_RATE_MONTHS} months at a time` }]);
    }
    assertPeriodsInScope(ctx.principal, from, to);
    const rows: Array<{ month: string; enterprises: number; with_union: number }> = await this.dataSource.query(
      `WITH months AS (
         SELECT to_char(m, 'YYYY-MM') AS month, (m + interval '1 month' - interval '1 day')::date AS month_end
           FROM generate_series(to_date($2, 'YYYY-MM')::timestamp, to_date($3, 'YYYY-MM')::timestamp, interval '1 month') AS m),
       span AS (${ENTERPRISE_SPAN})
       SELECT m.month,
              count(s.id) FILTER (WHERE s.known_from <= m.month_end)::int AS enterprises,
              count(s.id) FILTER (WHERE s.known_from <= m.month_end AND s.union_from <= m.month_end)::int AS with_union
         FROM months m LEFT JOIN span s ON true
        GROUP BY m.month ORDER BY m.month`,
      [centreId, from, to],
    );
    const counted = new Map(rows.map((r) => [r.month, r]));
    return {
      from,
      to,
      months: months.map((month) => {
        const row = counted.get(month);
        const enterprises = row?.enterprises ?? 0;
        const withUnion = row?.with_union ?? 0;
        return { month, enterprises, withUnion, ratePercent: foundingRatePercent(withUnion, enterprises) };
      }),
    };
  }
}
