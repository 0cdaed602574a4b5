import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreLevelRead, assertCentreVisible, daysInScope } from '../auth/index.js';
import { canonicalJson } from '../common/canonical-json.js';
import { CommonErrors } from '../common/domain-error.js';
import { formatMoney, money } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { ReportsService } from '../ledger/index.js';
import { AMOUNT_PATTERN } from '../common/money.js';
import type { Table } from '../common/tabular.js';
import { isCalendarDate } from '../common/validators.js';
import type { ImportStatementDto, ReconciliationView, StatementLineDto, BankStatementView } from './dto/banking.dto.js';

/** Accepted headings of a bank statement file (docs/imports.md): a signed amount, or credit and debit columns. */
export const BANK_COLUMNS: Record<string, string> = {
  date: 'date', 交易日期: 'date', 记账日期: 'date', amount: 'amount', 金额: 'amount', 发生额: 'amount',
  credit: 'credit', 收入金额: 'credit', 贷方发生额: 'credit', 收入: 'credit', debit: 'debit', 支出金额: 'debit', 借方发生额: 'debit', 支出: 'debit',
  balance: 'balance', 余额: 'balance', 账户余额: 'balance', reference: 'reference', 流水号: 'reference', 交易流水号: 'reference',
  counterparty: 'counterparty', 对方户名: 'counterparty', 对方账户名称: 'counterparty', memo: 'memo', 摘要: 'memo', 用途: 'memo',
};
import { type BankLine, type BookItem, matchStatement, reconcile } from './matching.js';

export const BankingErrors = {
  statementNotFound: (id: string) => CommonErrors.notFound('Bank statement', id),
  lineNotFound: () => CommonErrors.notFound('Statement line'),
  entryNotBankMovement: () =>
    CommonErrors.unprocessable('BANKING.NOT_A_BANK_MOVEMENT', 'The entry is not a posted movement of the unified account, or its amount differs from the line.'),
  alreadyMatched: () => CommonErrors.conflict('BANKING.ALREADY_MATCHED', 'The line or the entry is matched already.'),
};

/** The unified bank account: statements, matching them to the book, and the reconciliation statement. */
@Injectable()
export class BankingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
    private readonly reports: ReportsService,
  ) {}

  /** Imports a statement (the same statement twice adds nothing) and matches what it can to the book. */
  importStatement(ctx: RequestContext, centreId: string, dto: ImportStatementDto): Promise<BankStatementView> {
    assertCentreVisible(ctx.principal, centreId);
    const contentHash = createHash('sha256').update(canonicalJson(dto.lines)).digest('hex');
    return this.write.run(actorOf(ctx), async (manager) => {
      const [centre] = await manager.query('SELECT bank_account_no FROM centre WHERE id = $1', [centreId]);
      if (!centre) throw CommonErrors.notFound('Centre', centreId);
      const [existing] = await manager.query('SELECT id FROM bank_statement WHERE centre_id = $1 AND content_hash = $2', [centreId, contentHash]);
      if (existing) return { result: { ...(await this.readStatement(manager, centreId, existing.id)), alreadyImported: true }, audit: [] };
      const lines = dto.lines.map((line, index) => ({ ...line, lineNo: index + 1 }));
      const dates = lines.map((l) => l.date).sort();
      const first = lines[0];
      const last = lines[lines.length - 1];
      const id = randomUUID();
      await manager.query(
        `INSERT INTO bank_statement (centre_id, id, account_no, period_from, period_to, opening_balance, closing_balance, source_name, content_hash, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [centreId, id, centre.bank_account_no, dates[0], dates[dates.length - 1], formatMoney(money(first.balance).minus(first.amount)),
          formatMoney(money(last.balance)), dto.sourceName ?? null, contentHash, ctx.principal.userId],
      );
      await manager.query(
        `INSERT INTO bank_statement_line (centre_id, statement_id, line_no, value_date, amount, balance, reference, counterparty, memo)
         SELECT $1, $2, * FROM unnest($3::int[], $4::date[], $5::numeric[], $6::numeric[], $7::text[], $8::text[], $9::text[])`,
        [centreId, id, lines.map((l) => l.lineNo), lines.map((l) => l.date), lines.map((l) => l.amount), lines.map((l) => l.balance),
          lines.map((l) => l.reference ?? null), lines.map((l) => l.counterparty ?? null), lines.map((l) => l.memo ?? null)],
      );
      const matched = await this.autoMatch(manager, centreId, ctx.principal.userId);
      const view = { ...(await this.readStatement(manager, centreId, id)), alreadyImported: false };
      return {
        result: view,
        audit: { centreId, action: 'bank-statement.import', objectType: 'bank-statement', objectId: id,
          detail: { lines: lines.length, periodFrom: view.periodFrom, periodTo: view.periodTo, closingBalance: view.closingBalance, matched } },
      };
    });
  }

  /**
   * A statement file's rows: each is checked (date, amount or credit/debit, balance); the good ones are imported as
   * one statement, the others returned with their reason.
   */
  async importTable(ctx: RequestContext, centreId: string, table: Table, sourceName: string) {
    const lines: StatementLineDto[] = [];
    const refused: Array<{ rowNumber: number; values: Record<string, string>; reason: string }> = [];
    const amount = (text: string | undefined) => (text ?? '').replace(/,/g, '');
    for (const { rowNumber, values } of table.rows) {
      const signed = values.amount !== undefined && values.amount !== ''
        ? amount(values.amount)
        : values.credit
          ? amount(values.credit)
          : values.debit ? `-${amount(values.debit).replace(/^-/, '')}` : '';
      let reason: string | undefined;
      if (!isCalendarDate(values.date)) reason = 'date must be a date YYYY-MM-DD';
      else if (!AMOUNT_PATTERN.test(signed) || money(signed).isZero()) reason = 'amount (or credit/debit) must be a non-zero amount with at most two decimals';
      else if (!AMOUNT_PATTERN.test(amount(values.balance))) reason = 'balance must be an amount with at most two decimals';
      if (reason) refused.push({ rowNumber, values, reason });
      else lines.push({ date: values.date, amount: signed, balance: amount(values.balance), reference: values.reference || null, counterparty: values.counterparty || null, memo: values.memo || null });
    }
    const statement = lines.length > 0 ? await this.importStatement(ctx, centreId, { sourceName, lines }) : undefined;
    return { rows: table.rows.length, accepted: statement?.alreadyImported ? 0 : lines.length, alreadyImported: statement?.alreadyImported ? lines.length : 0, refused, statement };
  }

  async listStatements(ctx: RequestContext, centreId: string): Promise<BankStatementView[]> {
    assertCentreLevelRead(ctx.principal, centreId);
    // an auditor reads the statements that lie wholly in the engagement's months: one reaching past them carries lines
    // and a closing balance of days not audited
    const days = daysInScope(ctx.principal);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM bank_statement WHERE centre_id = $1 AND ($2::date IS NULL OR (period_from >= $2 AND period_to <= $3))
        ORDER BY period_from, imported_at`,
      [centreId, days?.from ?? null, days?.to ?? null],
    );
    return Promise.all(rows.map(async (r) => ({ ...(await this.readStatement(this.dataSource.manager, centreId, r.id)), alreadyImported: false })));
  }

  /** Matches a line to a posted entry by hand (same amount, a movement of the unified account). */
  match(ctx: RequestContext, centreId: string, statementId: string, lineNo: number, entryId: string) {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const [line] = await manager.query(
        `SELECT amount, EXISTS (SELECT 1 FROM bank_line_match m WHERE m.centre_id = l.centre_id AND m.statement_id = l.statement_id AND m.line_no = l.line_no) AS matched
           FROM bank_statement_line l WHERE centre_id = $1 AND statement_id = $2 AND line_no = $3 FOR UPDATE`,
        [centreId, statementId, lineNo],
      );
      if (!line) throw BankingErrors.lineNotFound();
      if (line.matched) throw BankingErrors.alreadyMatched();
      const items = await this.bookItems(manager, centreId, entryId);
      const item = items.find((i) => i.entryId === entryId);
      if (!item || !item.amount.equals(money(line.amount))) throw BankingErrors.entryNotBankMovement();
      await manager
        .query('INSERT INTO bank_line_match (centre_id, statement_id, line_no, entry_id, matched_by) VALUES ($1, $2, $3, $4, $5)', [
          centreId, statementId, lineNo, entryId, ctx.principal.userId,
        ])
        .catch((error: { code?: string }) => {
          throw error.code === '23505' ? BankingErrors.alreadyMatched() : error;
        });
      return {
        result: { ...(await this.readStatement(manager, centreId, statementId)), alreadyImported: false },
        audit: { centreId, action: 'bank-statement.match', objectType: 'bank-statement', objectId: statementId, detail: { lineNo, entryId } },
      };
    });
  }

  /** 银行存款余额调节表 as of a date. */
  async reconciliation(ctx: RequestContext, centreId: string, asOf: string): Promise<ReconciliationView> {
    assertCentreLevelRead(ctx.principal, centreId);
    const position = await this.reports.cashPosition(ctx, centreId, asOf);
    const manager = this.dataSource.manager;
    const [bank] = await manager.query(
      `SELECT balance FROM bank_statement_line l JOIN bank_statement s ON s.centre_id = l.centre_id AND s.id = l.statement_id
        WHERE l.centre_id = $1 AND l.value_date <= $2::date ORDER BY l.value_date DESC, s.period_from DESC, l.line_no DESC LIMIT 1`,
      [centreId, asOf],
    );
    const [opening] = bank
      ? [undefined]
      : await manager.query('SELECT opening_balance FROM bank_statement WHERE centre_id = $1 ORDER BY period_from LIMIT 1', [centreId]);
    const bankBalance = money(bank?.balance ?? opening?.opening_balance ?? '0');
    const book = (await this.bookItems(manager, centreId)).filter((item) => item.date <= asOf && !(item.matchedOn && item.matchedOn <= asOf));
    const lines: Array<Record<string, string>> = await manager.query(
      `SELECT l.statement_id || ':' || l.line_no AS key, to_char(l.value_date, 'YYYY-MM-DD') AS date, l.amount, l.reference
         FROM bank_statement_line l
        WHERE l.centre_id = $1 AND l.value_date <= $2::date
          AND NOT EXISTS (SELECT 1 FROM bank_line_match m JOIN journal_entry e ON e.centre_id = m.centre_id AND e.id = m.entry_id
                           WHERE m.centre_id = l.centre_id AND m.statement_id = l.statement_id AND m.line_no = l.line_no AND e.entry_date <= $2::date)
        ORDER BY l.value_date, l.line_no`,
      [centreId, asOf],
    );
    const bankLines: BankLine[] = lines.map((l) => ({ key: l.key, date: l.date, amount: money(l.amount), reference: l.reference }));
    const result = reconcile(money(position.unifiedAccount.bookBalance), bankBalance, book, bankLines);
    const bookView = (items: BookItem[]) => items.map((i) => ({ date: i.date, amount: formatMoney(i.amount), ref: i.entryId, reference: i.reference }));
    const bankView = (items: BankLine[]) => items.map((i) => ({ date: i.date, amount: formatMoney(i.amount), ref: i.key, reference: i.reference }));
    return {
      asOf,
      accountNo: position.unifiedAccount.bankAccountNo,
      bookBalance: formatMoney(result.bookBalance),
      bankBalance: formatMoney(result.bankBalance),
      depositsInTransit: bookView(result.depositsInTransit),
      paymentsInTransit: bookView(result.paymentsInTransit),
      bankCreditsNotBooked: bankView(result.bankCreditsNotBooked),
      bankDebitsNotBooked: bankView(result.bankDebitsNotBooked),
      adjustedBookBalance: formatMoney(result.adjustedBook),
      adjustedBankBalance: formatMoney(result.adjustedBank),
      difference: formatMoney(result.difference),
      reconciled: result.difference.isZero(),
    };
  }

  private async autoMatch(manager: EntityManager, centreId: string, userId: string): Promise<number> {
    const open: Array<Record<string, string>> = await manager.query(
      `SELECT statement_id || ':' || line_no AS key, statement_id, line_no, to_char(value_date, 'YYYY-MM-DD') AS date, amount, reference
         FROM bank_statement_line l
        WHERE centre_id = $1
          AND NOT EXISTS (SELECT 1 FROM bank_line_match m WHERE m.centre_id = l.centre_id AND m.statement_id = l.statement_id AND m.line_no = l.line_no)
        ORDER BY value_date, line_no`,
      [centreId],
    );
    const book = (await this.bookItems(manager, centreId)).filter((i) => !i.matchedOn);
    const pairs = matchStatement(open.map((l) => ({ key: l.key, date: l.date, amount: money(l.amount), reference: l.reference })), book);
    if (pairs.length > 0) {
      await manager.query(
        `INSERT INTO bank_line_match (centre_id, statement_id, line_no, entry_id, matched_by)
         SELECT $1, split_part(k, ':', 1)::uuid, split_part(k, ':', 2)::int, e, $4 FROM unnest($2::text[], $3::uuid[]) AS p(k, e)`,
        [centreId, pairs.map((p) => p.key), pairs.map((p) => p.entryId), userId],
      );
    }
    return new Set(pairs.map((p) => p.key)).size;
  }

  /**
   * Every posted entry's net movement of the unified account (its 102 lines over all unions), with the bank
   * reference recorded with a dues receipt and the date of the statement line that cleared it, if any.
   */
  private async bookItems(manager: EntityManager, centreId: string, onlyEntry?: string): Promise<Array<BookItem & { matchedOn: string | null }>> {
    const rows: Array<Record<string, string | null>> = await manager.query(
      `SELECT e.id, to_char(e.entry_date, 'YYYY-MM-DD') AS date, sum(l.debit - l.credit) AS amount,
              (SELECT max(r.bank_reference) FROM dues_receipt r WHERE r.centre_id = e.centre_id AND r.entry_id = e.id) AS reference,
              (SELECT max(r.batch_key) FROM dues_receipt r WHERE r.centre_id = e.centre_id AND r.entry_id = e.id) AS batch,
              (SELECT to_char(min(b.value_date), 'YYYY-MM-DD') FROM bank_line_match m
                 JOIN bank_statement_line b ON b.centre_id = m.centre_id AND b.statement_id = m.statement_id AND b.line_no = m.line_no
                WHERE m.centre_id = e.centre_id AND m.entry_id = e.id) AS matched_on
         FROM journal_entry e
         JOIN journal_line l ON l.centre_id = e.centre_id AND l.entry_id = e.id
         JOIN account a ON a.id = l.account_id
        WHERE e.centre_id = $1 AND e.status = 'posted' AND a.code LIKE '102%' AND (a.centre_id IS NULL OR a.centre_id = $1)
          AND ($2::uuid IS NULL OR e.id = $2)
        GROUP BY e.centre_id, e.id, e.entry_date
       HAVING sum(l.debit - l.credit) <> 0
        ORDER BY e.entry_date, e.number`,
      [centreId, onlyEntry ?? null],
    );
    return rows.map((r) => ({ entryId: r.id!, date: r.date!, amount: money(r.amount!), reference: r.reference, batch: r.batch, matchedOn: r.matched_on }));
  }

  private async readStatement(manager: EntityManager, centreId: string, id: string): Promise<Omit<BankStatementView, 'alreadyImported'>> {
    const [s] = await manager.query(
      `SELECT id, account_no, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
              opening_balance, closing_balance, source_name FROM bank_statement WHERE centre_id = $1 AND id = $2`,
      [centreId, id],
    );
    if (!s) throw BankingErrors.statementNotFound(id);
    const lines = (
      await manager.query(
        `SELECT line_no, to_char(value_date, 'YYYY-MM-DD') AS date, amount, balance, reference, counterparty, memo,
                ARRAY(SELECT m.entry_id FROM bank_line_match m WHERE m.centre_id = l.centre_id AND m.statement_id = l.statement_id
                       AND m.line_no = l.line_no ORDER BY m.entry_id) AS matched
           FROM bank_statement_line l WHERE centre_id = $1 AND statement_id = $2 ORDER BY line_no`,
        [centreId, id],
      )
    ).map((l: Record<string, unknown>) => ({
      lineNo: l.line_no as number, date: l.date as string, amount: formatMoney(money(String(l.amount))), balance: formatMoney(money(String(l.balance))),
      reference: l.reference as string | null, counterparty: l.counterparty as string | null, memo: l.memo as string | null, matchedEntryIds: l.matched as string[],
    }));
    return {
      id: s.id, accountNo: s.account_no, periodFrom: s.period_from, periodTo: s.period_to,
      openingBalance: formatMoney(money(s.opening_balance)), closingBalance: formatMoney(money(s.closing_balance)), sourceName: s.source_name,
      matched: lines.filter((l: { matchedEntryIds: string[] }) => l.matchedEntryIds.length > 0).length,
      unmatched: lines.filter((l: { matchedEntryIds: string[] }) => l.matchedEntryIds.length === 0).length,
      lines,
    };
  }
}
