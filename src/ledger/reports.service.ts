import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { asOfInScope, assertCentreLevelRead, assertCentreVisible, assertPeriodsInScope, canSeeUnion, seesWholeCentre } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { formatMoney, money, type Money, sumMoney, ZERO } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { type Chart, type ChartAccount, loadChart } from './chart.js';
import { LedgerErrors } from './ledger.errors.js';
import { periodLabel } from './periods.service.js';

const periodIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7));
const side = (net: Money) => ({ debit: net.isPositive() ? formatMoney(net) : '0.00', credit: net.isNegative() ? formatMoney(net.negated()) : '0.00' });

export interface TrialBalanceRow {
  code: string;
  name: string;
  category: string;
  level: number;
  openingDebit: string;
  openingCredit: string;
  periodDebit: string;
  periodCredit: string;
  closingDebit: string;
  closingCredit: string;
}

interface Movement {
  opening: Money;
  debit: Money;
  credit: Money;
}

/**
 * Reports read the balances kept at posting (period_balance), not the journal: a trial balance of a large centre
 * aggregates one row per union, account and month.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 科目余额表: opening, period debits, period credits and closing per account, sub-accounts rolled into their parents. */
  async trialBalance(ctx: RequestContext, centreId: string, from: string, to: string, unionId?: string) {
    await this.assertScope(ctx, centreId, unionId, from, to);
    if (periodIndex(from) > periodIndex(to)) throw CommonErrors.validation([{ field: 'from', message: 'from must not be after to' }]);
    const { rows, totals, balanced } = await this.trialBalanceOf(centreId, from, to, unionId ? [unionId] : null);
    return { centreId, unionId: unionId ?? null, from, to, rows, totals, balanced };
  }

  /**
   * The trial balance of a set of unions (an engagement's scope) or of the whole centre (null), for a caller that
   * has checked the scope itself.
   */
  async trialBalanceOf(centreId: string, from: string, to: string, unionIds: string[] | null) {
    const chart = await loadChart(this.dataSource.manager, centreId);
    const movements = await this.movements(centreId, periodIndex(from), periodIndex(to), unionIds);
    const rolled = rollUp(chart, movements);
    const rows: TrialBalanceRow[] = [];
    const totals = { opening: ZERO, debit: ZERO, credit: ZERO, openingDebit: ZERO, openingCredit: ZERO, closingDebit: ZERO, closingCredit: ZERO };
    for (const account of chart.accounts) {
      const m = rolled.get(account.id);
      if (!m || (m.opening.isZero() && m.debit.isZero() && m.credit.isZero())) continue;
      const closing = m.opening.plus(m.debit).minus(m.credit);
      const opening = side(m.opening);
      const closed = side(closing);
      rows.push({
        code: account.code,
        name: account.name,
        category: account.category,
        level: account.parentId ? 2 : 1,
        openingDebit: opening.debit,
        openingCredit: opening.credit,
        periodDebit: formatMoney(m.debit),
        periodCredit: formatMoney(m.credit),
        closingDebit: closed.debit,
        closingCredit: closed.credit,
      });
      if (!account.parentId) {
        totals.openingDebit = totals.openingDebit.plus(opening.debit);
        totals.openingCredit = totals.openingCredit.plus(opening.credit);
        totals.debit = totals.debit.plus(m.debit);
        totals.credit = totals.credit.plus(m.credit);
        totals.closingDebit = totals.closingDebit.plus(closed.debit);
        totals.closingCredit = totals.closingCredit.plus(closed.credit);
      }
    }
    const total = {
      openingDebit: formatMoney(totals.openingDebit),
      openingCredit: formatMoney(totals.openingCredit),
      periodDebit: formatMoney(totals.debit),
      periodCredit: formatMoney(totals.credit),
      closingDebit: formatMoney(totals.closingDebit),
      closingCredit: formatMoney(totals.closingCredit),
    };
    const balanced =
      totals.openingDebit.equals(totals.openingCredit) && totals.debit.equals(totals.credit) && totals.closingDebit.equals(totals.closingCredit);
    return { from, to, rows, totals: total, balanced };
  }

  /** 明细账: every posted line of an account (and its sub-accounts) in the periods, with the running balance. */
  async accountLedger(ctx: RequestContext, centreId: string, accountCode: string, from: string, to: string, unionId?: string) {
    await this.assertScope(ctx, centreId, unionId, from, to);
    const chart = await loadChart(this.dataSource.manager, centreId);
    const account = chart.byCode(accountCode);
    if (!account) throw CommonErrors.notFound('Account', accountCode);
    const ids = chart.accounts.filter((a) => a.id === account.id || a.parentId === account.id).map((a) => a.id);
    const [opening] = await this.dataSource.query(
      `SELECT coalesce(sum(debit - credit), 0) AS balance FROM period_balance
        WHERE centre_id = $1 AND account_id = ANY($2::uuid[]) AND year * 12 + month < $3 AND ($4::uuid IS NULL OR union_id = $4)`,
      [centreId, ids, periodIndex(from), unionId ?? null],
    );
    const lines: Array<Record<string, string | number>> = await this.dataSource.query(
      `SELECT to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.id AS entry_id, e.number, e.year, e.month, e.memo AS entry_memo, e.source,
              l.line_no, l.union_id, a.code, l.debit, l.credit, l.memo
         FROM journal_line l
         JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
         JOIN account a ON a.id = l.account_id
        WHERE l.centre_id = $1 AND l.account_id = ANY($2::uuid[]) AND e.status = 'posted'
          AND e.year * 12 + e.month BETWEEN $3 AND $4 AND ($5::uuid IS NULL OR l.union_id = $5)
        ORDER BY e.entry_date, e.number, l.line_no`,
      [centreId, ids, periodIndex(from), periodIndex(to), unionId ?? null],
    );
    let balance = money(opening.balance);
    let debit = ZERO;
    let credit = ZERO;
    const normalSign = account.normalSide === 'debit' ? 1 : -1;
    const shown = (net: Money) => formatMoney(normalSign === 1 ? net : net.negated());
    const rows = lines.map((line) => {
      balance = balance.plus(String(line.debit)).minus(String(line.credit));
      debit = debit.plus(String(line.debit));
      credit = credit.plus(String(line.credit));
      return {
        date: String(line.date),
        entryId: String(line.entry_id),
        entryNumber: Number(line.number),
        period: periodLabel(Number(line.year), Number(line.month)),
        memo: String(line.memo ?? line.entry_memo),
        accountCode: String(line.code),
        unionId: String(line.union_id),
        debit: formatMoney(money(String(line.debit))),
        credit: formatMoney(money(String(line.credit))),
        balance: shown(balance),
      };
    });
    return {
      centreId,
      unionId: unionId ?? null,
      account: { code: account.code, name: account.name, normalSide: account.normalSide },
      from,
      to,
      openingBalance: shown(money(opening.balance)),
      rows,
      periodDebit: formatMoney(debit),
      periodCredit: formatMoney(credit),
      closingBalance: shown(balance),
    };
  }

  /**
   * 资产负债表 at the end of a period: assets = liabilities + net assets, where net assets include the year's
   * income less expenditure until the year-end closing carries it into 工会资金结余.
   */
  async balanceSheet(ctx: RequestContext, centreId: string, period: string, unionId?: string) {
    await this.assertScope(ctx, centreId, unionId, period);
    const chart = await loadChart(this.dataSource.manager, centreId);
    const end = periodIndex(period);
    const yearStart = Number(period.slice(0, 4)) * 12 + 1;
    const atYearStart = rollUp(chart, await this.movements(centreId, yearStart, yearStart - 1, unionId));
    const atEnd = rollUp(chart, await this.movements(centreId, end + 1, end, unionId));
    const section = (category: string) => {
      const lines = chart.accounts
        .filter((a) => !a.parentId && a.category === category)
        .map((a) => ({
          code: a.code,
          name: a.name,
          yearStart: normal(a, atYearStart.get(a.id)?.opening ?? ZERO),
          periodEnd: normal(a, atEnd.get(a.id)?.opening ?? ZERO),
        }))
        .filter((l) => !l.yearStart.isZero() || !l.periodEnd.isZero());
      return lines;
    };
    const surplus = (m: Map<string, Movement>) =>
      sumMoney(chart.accounts.filter((a) => !a.parentId && (a.category === 'income' || a.category === 'expenditure')).map((a) => (m.get(a.id)?.opening ?? ZERO).negated()));
    const assets = section('asset');
    const liabilities = section('liability');
    const netAssets = section('net_assets');
    const currentSurplus = { code: '', name: '本年收支结余', yearStart: surplus(atYearStart), periodEnd: surplus(atEnd) };
    if (!currentSurplus.yearStart.isZero() || !currentSurplus.periodEnd.isZero()) netAssets.push(currentSurplus);
    const total = (lines: Array<{ yearStart: Money; periodEnd: Money }>) => ({
      yearStart: formatMoney(sumMoney(lines.map((l) => l.yearStart))),
      periodEnd: formatMoney(sumMoney(lines.map((l) => l.periodEnd))),
    });
    const present = (lines: Array<{ code: string; name: string; yearStart: Money; periodEnd: Money }>) =>
      lines.map((l) => ({ code: l.code, name: l.name, yearStart: formatMoney(l.yearStart), periodEnd: formatMoney(l.periodEnd) }));
    const totalAssets = total(assets);
    const totalLiabilities = total(liabilities);
    const totalNetAssets = total(netAssets);
    const liabilitiesAndNetAssets = {
      yearStart: formatMoney(money(totalLiabilities.yearStart).plus(totalNetAssets.yearStart)),
      periodEnd: formatMoney(money(totalLiabilities.periodEnd).plus(totalNetAssets.periodEnd)),
    };
    return {
      centreId,
      unionId: unionId ?? null,
      period,
      assets: present(assets),
      totalAssets,
      liabilities: present(liabilities),
      totalLiabilities,
      netAssets: present(netAssets),
      totalNetAssets,
      totalLiabilitiesAndNetAssets: liabilitiesAndNetAssets,
      balanced: totalAssets.yearStart === liabilitiesAndNetAssets.yearStart && totalAssets.periodEnd === liabilitiesAndNetAssets.periodEnd,
    };
  }

  /** 收入支出表: income and expenditure of the month and of the year to its end, before the year-end carry-forward. */
  async incomeExpenditure(ctx: RequestContext, centreId: string, period: string, unionId?: string) {
    await this.assertScope(ctx, centreId, unionId, period);
    const chart = await loadChart(this.dataSource.manager, centreId);
    const end = periodIndex(period);
    const yearStart = Number(period.slice(0, 4)) * 12 + 1;
    const month = rollUp(chart, await this.movements(centreId, end, end, unionId, true));
    const year = rollUp(chart, await this.movements(centreId, yearStart, end, unionId, true));
    const amount = (a: ChartAccount, m: Map<string, Movement>) => {
      const movement = m.get(a.id);
      if (!movement) return ZERO;
      const net = movement.debit.minus(movement.credit);
      return a.category === 'income' ? net.negated() : net;
    };
    const lines = (category: string) =>
      chart.accounts
        .filter((a) => !a.parentId && a.category === category)
        .map((a) => ({ code: a.code, name: a.name, month: amount(a, month), yearToDate: amount(a, year) }));
    const income = lines('income');
    const expenditure = lines('expenditure');
    const sum = (list: Array<{ month: Money; yearToDate: Money }>) => ({
      month: sumMoney(list.map((l) => l.month)),
      yearToDate: sumMoney(list.map((l) => l.yearToDate)),
    });
    const totalIncome = sum(income);
    const totalExpenditure = sum(expenditure);
    const present = (list: Array<{ code: string; name: string; month: Money; yearToDate: Money }>) =>
      list.map((l) => ({ code: l.code, name: l.name, month: formatMoney(l.month), yearToDate: formatMoney(l.yearToDate) }));
    const fmt = (t: { month: Money; yearToDate: Money }) => ({ month: formatMoney(t.month), yearToDate: formatMoney(t.yearToDate) });
    return {
      centreId,
      unionId: unionId ?? null,
      period,
      income: present(income),
      totalIncome: fmt(totalIncome),
      expenditure: present(expenditure),
      totalExpenditure: fmt(totalExpenditure),
      surplus: fmt({ month: totalIncome.month.minus(totalExpenditure.month), yearToDate: totalIncome.yearToDate.minus(totalExpenditure.yearToDate) }),
    };
  }

  /**
   * 财务公开: what a union received and spent by category over a range of months, for posting to its members, with
   * its fund balance (工会资金结余: 331 with the year's income and expenditure not yet carried into it) at the start
   * and the end. The year-end carry-forward is not income or spending, so it is left out of both.
   */
  async disclosure(ctx: RequestContext, centreId: string, unionId: string, from: string, to: string) {
    await this.assertScope(ctx, centreId, unionId, from, to);
    const [union] = await this.dataSource.query('SELECT name FROM trade_union WHERE centre_id = $1 AND id = $2', [centreId, unionId]);
    const chart = await loadChart(this.dataSource.manager, centreId);
    const moved = rollUp(chart, await this.movements(centreId, periodIndex(from), periodIndex(to), unionId, true));
    const top = chart.accounts.filter((a) => !a.parentId);
    const lines = (category: 'income' | 'expenditure') =>
      top
        .filter((a) => a.category === category)
        .map((a) => {
          const m = moved.get(a.id);
          const net = m ? m.debit.minus(m.credit) : ZERO;
          return { category: a.name, code: a.code, amount: category === 'income' ? net.negated() : net };
        })
        .filter((l) => !l.amount.isZero());
    const income = lines('income');
    const expenditure = lines('expenditure');
    const fund = top.filter((a) => a.code === '331' || a.category === 'income' || a.category === 'expenditure');
    const start = sumMoney(fund.map((a) => moved.get(a.id)?.opening ?? ZERO)).negated();
    const end = sumMoney(fund.map((a) => {
      const m = moved.get(a.id);
      return m ? m.opening.plus(m.debit).minus(m.credit) : ZERO;
    })).negated();
    const present = (list: Array<{ category: string; code: string; amount: Money }>) =>
      list.map((l) => ({ category: l.category, code: l.code, amount: formatMoney(l.amount) }));
    return {
      centreId,
      unionId,
      unionName: union?.name as string,
      periodFrom: from,
      periodTo: to,
      income: present(income),
      totalIncome: formatMoney(sumMoney(income.map((l) => l.amount))),
      expenditure: present(expenditure),
      totalExpenditure: formatMoney(sumMoney(expenditure.map((l) => l.amount))),
      fundBalanceStart: formatMoney(start),
      fundBalanceEnd: formatMoney(end),
    };
  }

  /**
   * Each union's cash against the unified account (统一开户、分户核算): the book balance of the one bank account is the
   * sum of the unions' bank sub-balances. As of a date: the balances before its month plus its lines up to the date.
   */
  async cashPosition(ctx: RequestContext, centreId: string, asOf?: string) {
    // every union's cash at once: an auditor of some unions only is out of the engagement (not asked to name a union)
    assertCentreLevelRead(ctx.principal, centreId);
    const date = asOfInScope(ctx.principal, asOf);
    await this.assertScope(ctx, centreId, undefined, date.slice(0, 7));
    const chart = await loadChart(this.dataSource.manager, centreId);
    const cash = chart.cashAccounts();
    const bankIds = cash.filter((a) => chart.topOf(a).code === '102').map((a) => a.id);
    const handIds = cash.filter((a) => chart.topOf(a).code === '101').map((a) => a.id);
    const index = periodIndex(date.slice(0, 7));
    const rows: Array<{ union_id: string; code: string; name: string; bank: string; hand: string }> = await this.dataSource.query(
      `WITH movement AS (
         SELECT union_id, account_id, debit - credit AS net FROM period_balance
          WHERE centre_id = $1 AND account_id = ANY($2::uuid[] || $3::uuid[]) AND year * 12 + month < $4
         UNION ALL
         SELECT l.union_id, l.account_id, l.debit - l.credit FROM journal_line l
           JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
          WHERE l.centre_id = $1 AND l.account_id = ANY($2::uuid[] || $3::uuid[]) AND e.status = 'posted'
            AND e.year * 12 + e.month = $4 AND e.entry_date <= $5::date)
       SELECT u.id AS union_id, u.code, u.name,
              coalesce(sum(m.net) FILTER (WHERE m.account_id = ANY($2::uuid[])), 0) AS bank,
              coalesce(sum(m.net) FILTER (WHERE m.account_id = ANY($3::uuid[])), 0) AS hand
         FROM trade_union u LEFT JOIN movement m ON m.union_id = u.id
        WHERE u.centre_id = $1
        GROUP BY u.id, u.code, u.name
        ORDER BY u.code`,
      [centreId, bankIds, handIds, index, date],
    );
    const [centre] = await this.dataSource.query('SELECT bank_account_no, bank_name FROM centre WHERE id = $1', [centreId]);
    const unions = rows.map((r) => ({ unionId: r.union_id, code: r.code, name: r.name, bank: formatMoney(money(r.bank)), cashOnHand: formatMoney(money(r.hand)) }));
    const bankTotal = sumMoney(rows.map((r) => money(r.bank)));
    return {
      centreId,
      asOf: date,
      unifiedAccount: { bankAccountNo: centre.bank_account_no, bankName: centre.bank_name, bookBalance: formatMoney(bankTotal) },
      unions,
      totals: { bank: formatMoney(bankTotal), cashOnHand: formatMoney(sumMoney(rows.map((r) => money(r.hand)))) },
    };
  }

  /** Every account's balance as of the end of a date, for the centre or one union, sub-accounts rolled up. */
  async balancesAsOf(ctx: RequestContext, centreId: string, asOf: string, unionId?: string) {
    await this.assertScope(ctx, centreId, unionId, asOf.slice(0, 7));
    const chart = await loadChart(this.dataSource.manager, centreId);
    const index = periodIndex(asOf.slice(0, 7));
    const rows: Array<{ account_id: string; net: string }> = await this.dataSource.query(
      `SELECT account_id, sum(net) AS net FROM (
         SELECT account_id, debit - credit AS net FROM period_balance
          WHERE centre_id = $1 AND year * 12 + month < $2 AND ($4::uuid IS NULL OR union_id = $4)
         UNION ALL
         SELECT l.account_id, l.debit - l.credit FROM journal_line l
           JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
          WHERE l.centre_id = $1 AND e.status = 'posted' AND e.year * 12 + e.month = $2 AND e.entry_date <= $3::date
            AND ($4::uuid IS NULL OR l.union_id = $4)) m
        GROUP BY account_id`,
      [centreId, index, asOf, unionId ?? null],
    );
    const movements = new Map<string, Movement>(rows.map((r) => [r.account_id, { opening: money(r.net), debit: ZERO, credit: ZERO }]));
    const rolled = rollUp(chart, movements);
    const accounts = chart.accounts
      .filter((a) => !(rolled.get(a.id)?.opening ?? ZERO).isZero())
      .map((a) => {
        const net = rolled.get(a.id)!.opening;
        return {
          code: a.code,
          name: a.name,
          category: a.category,
          normalSide: a.normalSide,
          level: a.parentId ? 2 : 1,
          debitMinusCredit: formatMoney(net),
          balance: formatMoney(a.normalSide === 'debit' ? net : net.negated()),
        };
      });
    return { centreId, unionId: unionId ?? null, asOf, accounts };
  }

  /**
   * Movements per account: `opening` before period index `from`, debits and credits from `from` to `to`.
   * `withoutClosing` leaves out the year-end carry-forward (for the income and expenditure statement).
   */
  /** Movements per account over the months, for one union, a set of unions, or (none given) the whole centre. */
  private async movements(centreId: string, from: number, to: number, unions?: string | string[] | null, withoutClosing = false): Promise<Map<string, Movement>> {
    const unionIds = unions === undefined || unions === null ? null : Array.isArray(unions) ? unions : [unions];
    const rows: Array<{ account_id: string; opening: string; debit: string; credit: string }> = await this.dataSource.query(
      `SELECT account_id,
              sum(CASE WHEN year * 12 + month < $2 THEN debit - credit ELSE 0 END) AS opening,
              sum(CASE WHEN year * 12 + month >= $2 THEN debit ELSE 0 END) AS debit,
              sum(CASE WHEN year * 12 + month >= $2 THEN credit ELSE 0 END) AS credit
         FROM period_balance
        WHERE centre_id = $1 AND year * 12 + month <= greatest($3, $2 - 1) AND ($4::uuid[] IS NULL OR union_id = ANY($4))
        GROUP BY account_id`,
      [centreId, from, to, unionIds],
    );
    const result = new Map<string, Movement>();
    for (const row of rows) result.set(row.account_id, { opening: money(row.opening), debit: money(row.debit), credit: money(row.credit) });
    if (withoutClosing) {
      const closing: Array<{ account_id: string; debit: string; credit: string }> = await this.dataSource.query(
        `SELECT l.account_id, sum(l.debit) AS debit, sum(l.credit) AS credit
           FROM journal_entry e JOIN journal_line l ON l.centre_id = e.centre_id AND l.entry_id = e.id
          WHERE e.centre_id = $1 AND e.source = 'closing' AND e.status = 'posted' AND e.year * 12 + e.month BETWEEN $2 AND $3
            AND ($4::uuid[] IS NULL OR l.union_id = ANY($4))
          GROUP BY l.account_id`,
        [centreId, from, to, unionIds],
      );
      for (const row of closing) {
        const m = result.get(row.account_id);
        if (m) result.set(row.account_id, { ...m, debit: m.debit.minus(row.debit), credit: m.credit.minus(row.credit) });
      }
    }
    return result;
  }

  private async assertScope(ctx: RequestContext, centreId: string, unionId: string | undefined, ...periods: string[]): Promise<void> {
    assertCentreVisible(ctx.principal, centreId);
    assertPeriodsInScope(ctx.principal, ...periods);
    const [centre] = await this.dataSource.query('SELECT 1 FROM centre WHERE id = $1', [centreId]);
    if (!centre) throw CommonErrors.notFound('Centre', centreId);
    if (unionId) {
      if (!canSeeUnion(ctx.principal, centreId, unionId)) throw CommonErrors.notFound('Union', unionId);
      const [union] = await this.dataSource.query('SELECT 1 FROM trade_union WHERE centre_id = $1 AND id = $2', [centreId, unionId]);
      if (!union) throw CommonErrors.notFound('Union', unionId);
    } else if (!seesWholeCentre(ctx.principal, centreId)) {
      // a union's own people read their own union's books: they must name it
      throw LedgerErrors.unionRequired();
    }
  }
}

/** Adds every sub-account's movement into its parent (sub-accounts are one level deep in the chart). */
function rollUp(chart: Chart, movements: Map<string, Movement>): Map<string, Movement> {
  const rolled = new Map<string, Movement>();
  const add = (id: string, m: Movement) => {
    const current = rolled.get(id) ?? { opening: ZERO, debit: ZERO, credit: ZERO };
    rolled.set(id, { opening: current.opening.plus(m.opening), debit: current.debit.plus(m.debit), credit: current.credit.plus(m.credit) });
  };
  for (const [accountId, movement] of movements) {
    const account = chart.byId(accountId);
    if (!account) continue;
    add(account.id, movement);
    if (account.parentId) add(account.parentId, movement);
  }
  return rolled;
}

/** A balance (debit minus credit) in the account's normal direction, as the statements print it. */
function normal(account: ChartAccount, net: Money): Money {
  return account.category === 'asset' || account.category === 'expenditure' ? net : net.negated();
}
