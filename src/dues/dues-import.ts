import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { assertCentreVisible } from '../auth/index.js';
import { type AuditEntry, actorOf, AuditedWrite, type WriteOutcome } from '../audit/index.js';
import { isDatabaseUnavailable, translateDatabaseError } from '../common/database-errors.js';
import { DomainError } from '../common/domain-error.js';
import { POSITIVE_AMOUNT_PATTERN } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { rowKeys, type Table } from '../common/tabular.js';
import { isCalendarDate } from '../common/validators.js';
import { isValidUscc } from '../org/index.js';
import { parseDuesPeriod } from './dues-rules.js';
import { DuesService, ReceiptGather } from './dues.service.js';

/** Accepted headings of each import, English or Chinese (documented in docs/imports.md). */
export const PAYROLL_COLUMNS: Record<string, string> = {
  uscc: 'uscc', 统一社会信用代码: 'uscc', period: 'period', 所属期: 'period', 所属期间: 'period',
  totalPayroll: 'totalPayroll', total_payroll: 'totalPayroll', 工资总额: 'totalPayroll', 职工工资总额: 'totalPayroll',
  headcount: 'headcount', 职工人数: 'headcount',
};
export const RECEIPT_COLUMNS: Record<string, string> = {
  uscc: 'uscc', 统一社会信用代码: 'uscc', amount: 'amount', 金额: 'amount', 实缴金额: 'amount', 入库金额: 'amount',
  receivedOn: 'receivedOn', received_on: 'receivedOn', date: 'receivedOn', 入账日期: 'receivedOn', 入库日期: 'receivedOn',
  period: 'period', 所属期: 'period', reference: 'reference', 票证号: 'reference', 流水号: 'reference',
};

export interface ImportSummary {
  rows: number;
  accepted: number;
  alreadyImported: number;
  refused: Array<{ rowNumber: number; values: Record<string, string>; reason: string }>;
}

export type Progress = (done: number, total: number) => void;

/** Rows per transaction of a bulk import (a chunk of receipts posts as one entry per day and union: ≤ 4 lines a row). */
const IMPORT_CHUNK_ROWS = 100;

/**
 * Bulk imports of payroll declarations and receipts (税务代收明细). Every row is checked, then applied in a
 * transaction of its own: a bad row is refused with its reason and never stops or half-applies the others. Each
 * row carries a key made from its content, so a second run of the same file applies nothing twice.
 */
@Injectable()
export class DuesImport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dues: DuesService,
    private readonly write: AuditedWrite,
  ) {}

  async payroll(ctx: RequestContext, centreId: string, table: Table, progress: Progress = () => undefined): Promise<ImportSummary> {
    assertCentreVisible(ctx.principal, centreId);
    const keys = rowKeys('payroll', table.rows);
    const done = await this.existingKeys('payroll_declaration', centreId, keys);
    const payer = await this.payerLookup(centreId);
    return this.run(ctx, table, keys, done, progress, ({ values }) => {
      const enterpriseId = payer(values.uscc);
      if (typeof enterpriseId === 'string') return enterpriseId;
      if (!parseDuesPeriod(values.period ?? '')) return 'period must be a month YYYY-MM or a quarter YYYY-Qn';
      if (!POSITIVE_AMOUNT_PATTERN.test(values.totalPayroll ?? '')) return 'totalPayroll must be a non-negative amount with at most two decimals';
      const headcount = values.headcount ? Number(values.headcount) : null;
      if (headcount !== null && (!Number.isInteger(headcount) || headcount < 0)) return 'headcount must be a whole number';
      return (manager: EntityManager, key: string) =>
        this.dues.declareIn(manager, ctx, centreId, enterpriseId.id, { period: values.period, totalPayroll: values.totalPayroll, headcount }, 'import', key);
    });
  }

  async receipts(ctx: RequestContext, centreId: string, table: Table, channel: 'tax' | 'enterprise', progress: Progress = () => undefined): Promise<ImportSummary> {
    assertCentreVisible(ctx.principal, centreId);
    const keys = rowKeys(`receipts:${channel}`, table.rows);
    const done = await this.existingKeys('dues_receipt', centreId, keys);
    const payer = await this.payerLookup(centreId);
    const gather = new ReceiptGather();
    return this.run(ctx, table, keys, done, progress, ({ values }) => {
      const enterpriseId = payer(values.uscc);
      if (typeof enterpriseId === 'string') return enterpriseId;
      if (!POSITIVE_AMOUNT_PATTERN.test(values.amount ?? '') || /^0*(\.0*)?$/.test(values.amount)) return 'amount must be a positive amount with at most two decimals';
      if (!isCalendarDate(values.receivedOn)) return 'receivedOn must be a date YYYY-MM-DD';
      if (values.period && !parseDuesPeriod(values.period)) return 'period must be a month YYYY-MM or a quarter YYYY-Qn';
      const dto = { receivedOn: values.receivedOn, amount: values.amount, channel, enterpriseId: enterpriseId.id, namedPeriod: values.period || undefined, bankReference: values.reference || undefined };
      // one run of one file is one bulk transfer a day: its receipts share a batch the bank statement can clear at once
      return (manager: EntityManager, key: string) =>
        this.dues.recordReceiptGathered(manager, ctx, centreId, dto, key, `${table.contentHash}:${values.receivedOn}`, gather);
    }, { finish: (manager) => this.dues.postGathered(manager, ctx, centreId, gather), reset: () => gather.groups.clear() });
  }

  /**
   * Checks every row, then applies the good ones a chunk at a time: one transaction per chunk, a savepoint per row,
   * so a row the ledger refuses is rolled back alone and reported.
   */
  private async run(
    ctx: RequestContext,
    table: Table,
    keys: string[],
    done: Set<string>,
    progress: Progress,
    check: (row: Table['rows'][number]) => string | ((manager: EntityManager, key: string) => Promise<{ result: unknown; audit: unknown }>),
    chunkHooks?: { finish: (manager: EntityManager) => Promise<AuditEntry[]>; reset: () => void },
  ): Promise<ImportSummary> {
    const summary: ImportSummary = { rows: table.rows.length, accepted: 0, alreadyImported: 0, refused: [] };
    const reasonOf = (error: unknown) => {
      if (isDatabaseUnavailable(error)) return undefined; // not the row's fault: the run stops, a re-run resumes
      const known = error instanceof DomainError ? error : translateDatabaseError(error);
      return known ? `${known.code}: ${known.detail ?? known.title}` : undefined;
    };
    for (let start = 0; start < table.rows.length; start += IMPORT_CHUNK_ROWS) {
      const chunk = table.rows.slice(start, start + IMPORT_CHUNK_ROWS).map((row, offset) => ({ row, key: keys[start + offset] }));
      const pending: Array<{ row: Table['rows'][number]; key: string; apply: (manager: EntityManager, key: string) => Promise<{ result: unknown; audit: unknown }> }> = [];
      for (const { row, key } of chunk) {
        if (done.has(key)) {
          summary.alreadyImported += 1;
          continue;
        }
        const outcome = check(row);
        if (typeof outcome === 'string') summary.refused.push({ rowNumber: row.rowNumber, values: row.values, reason: outcome });
        else pending.push({ row, key, apply: outcome });
      }
      const results = await this.write.runBatch(
        actorOf(ctx),
        pending,
        (manager, item) => item.apply(manager, item.key) as Promise<WriteOutcome<unknown>>,
        (error) => reasonOf(error) !== undefined,
        chunkHooks?.finish,
        chunkHooks?.reset,
      );
      results.forEach((result, index) => {
        if (result.ok) summary.accepted += 1;
        else summary.refused.push({ rowNumber: pending[index].row.rowNumber, values: pending[index].row.values, reason: reasonOf(result.error)! });
      });
      progress(Math.min(start + IMPORT_CHUNK_ROWS, table.rows.length), table.rows.length);
    }
    summary.refused.sort((a, b) => a.rowNumber - b.rowNumber);
    return summary;
  }

  private async existingKeys(tableName: 'payroll_declaration' | 'dues_receipt', centreId: string, keys: string[]): Promise<Set<string>> {
    const rows: Array<{ import_key: string }> = await this.dataSource.query(
      `SELECT import_key FROM ${tableName} WHERE centre_id = $1 AND import_key = ANY($2::text[])`,
      [centreId, keys],
    );
    return new Set(rows.map((r) => r.import_key));
  }

  /** The enterprise a row names by its USCC, or the reason the row is refused. */
  private async payerLookup(centreId: string): Promise<(uscc: string | undefined) => { id: string } | string> {
    const rows: Array<{ id: string; uscc: string }> = await this.dataSource.query('SELECT id, uscc FROM enterprise WHERE centre_id = $1', [centreId]);
    const byUscc = new Map(rows.map((r) => [r.uscc, r.id]));
    return (text) => {
      const uscc = (text ?? '').toUpperCase();
      if (!isValidUscc(uscc)) return 'uscc is not a valid unified social credit code';
      const id = byUscc.get(uscc);
      return id ? { id } : 'no enterprise of this centre has this uscc';
    };
  }
}
