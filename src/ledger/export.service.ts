import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assertCentreVisible, assertPeriodsInScope, canSeeUnion, seesWholeCentre } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { formatMoney, money } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { type ChartAccount, loadChart } from './chart.js';
import { type HledgerTransaction, hledgerJournal } from './hledger.js';
import { LedgerErrors } from './ledger.errors.js';

const periodIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7));

@Injectable()
export class ExportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The posted journal of a centre or one union for a range of periods, opening balances first. */
  async hledger(ctx: RequestContext, centreId: string, from: string, to: string, unionId?: string): Promise<string> {
    assertCentreVisible(ctx.principal, centreId);
    assertPeriodsInScope(ctx.principal, from, to);
    const [centre] = await this.dataSource.query('SELECT code, name FROM centre WHERE id = $1', [centreId]);
    if (!centre) throw CommonErrors.notFound('Centre', centreId);
    if (unionId ? !canSeeUnion(ctx.principal, centreId, unionId) : !seesWholeCentre(ctx.principal, centreId)) {
      if (!unionId) throw LedgerErrors.unionRequired();
      throw CommonErrors.notFound('Union', unionId);
    }
    const chart = await loadChart(this.dataSource.manager, centreId);
    const unions = new Map<string, string>(
      (await this.dataSource.query('SELECT id, code FROM trade_union WHERE centre_id = $1', [centreId])).map((u: { id: string; code: string }) => [u.id, u.code]),
    );
    if (unionId && !unions.has(unionId)) throw CommonErrors.notFound('Union', unionId);
    const name = (account: ChartAccount, union: string) => {
      const top = chart.topOf(account);
      const part = (a: ChartAccount) => `${a.code} ${a.name.replace(/:/g, '：')}`;
      const path = top.id === account.id ? part(top) : `${part(top)}:${part(account)}`;
      return `${path}:${unions.get(union) ?? union}`;
    };
    const amount = (debit: string, credit: string) => formatMoney(money(debit).minus(credit));

    const transactions: HledgerTransaction[] = [];
    const opening: Array<{ union_id: string; account_id: string; balance: string }> = await this.dataSource.query(
      `SELECT union_id, account_id, sum(debit - credit) AS balance FROM period_balance
        WHERE centre_id = $1 AND year * 12 + month < $2 AND ($3::uuid IS NULL OR union_id = $3)
        GROUP BY union_id, account_id HAVING sum(debit - credit) <> 0 ORDER BY union_id, account_id`,
      [centreId, periodIndex(from), unionId ?? null],
    );
    if (opening.length > 0) {
      transactions.push({
        date: `${from}-01`,
        code: 'opening',
        description: '期初余额',
        postings: opening.map((row) => ({ account: name(chart.byId(row.account_id)!, row.union_id), amount: formatMoney(money(row.balance)) })),
      });
    }
    const lines: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT e.id AS entry_id, to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.year, e.number, e.memo AS entry_memo, e.source,
              l.union_id, l.account_id, l.debit, l.credit
         FROM journal_entry e JOIN journal_line l ON l.centre_id = e.centre_id AND l.entry_id = e.id
        WHERE e.centre_id = $1 AND e.status = 'posted' AND e.year * 12 + e.month BETWEEN $2 AND $3
          AND ($4::uuid IS NULL OR l.union_id = $4)
        ORDER BY e.entry_date, e.year, e.number, l.line_no`,
      [centreId, periodIndex(from), periodIndex(to), unionId ?? null],
    );
    let current: HledgerTransaction | undefined;
    let currentId = '';
    for (const line of lines) {
      if (line.entry_id !== currentId) {
        currentId = line.entry_id;
        current = {
          date: line.date,
          code: `${line.year}-${String(line.number).padStart(4, '0')}`,
          description: line.entry_memo,
          comment: `entry:${line.entry_id} source:${line.source}`,
          postings: [],
        };
        transactions.push(current);
      }
      current!.postings.push({ account: name(chart.byId(line.account_id)!, line.union_id), amount: amount(line.debit, line.credit) });
    }
    return hledgerJournal(
      [
        `Dues Custody Ledger export: ${centre.name} (${centre.code})${unionId ? `, union ${unions.get(unionId)}` : ''}, periods ${from} to ${to}`,
        'Amounts in yuan, debit positive; re-check with: hledger -f <this file> balance --depth 1',
      ],
      transactions,
    );
  }
}
