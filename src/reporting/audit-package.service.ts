import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import {
  type AccountLedgerModel,
  type AuditPackageModel,
  type AuditTrailRecordModel,
  type BudgetAdjustmentModel,
  type BudgetExecutionModel,
  type JournalEntryModel,
  periodRangeLabel,
  renderAuditPackage,
  type ReversalModel,
  type UnionLedgerModel,
} from '../../reports/index.js';
import { BEIJING_DAY, EngagementsService, ReportMetaService } from '../audit/index.js';
import { BudgetsService } from '../budgets/index.js';
import { formatMoney, money } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { ReportsService } from '../ledger/index.js';

/** Rows read per round trip by the package's long parts (journal, trail): the PDF is written as they arrive. */
const BATCH = 500;

const periodIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7));

/**
 * 审计资料包: everything an engagement's auditors need in one PDF (cover, scope, trial balance, the unions'
 * sub-ledgers, the journal, budget execution, reversals and adjustments, the trail of the period), built from the
 * same services as the JSON reports and streamed: the journal and the trail are read a batch at a time while the
 * PDF is written, so a year of a large centre is never held in memory.
 */
@Injectable()
export class AuditPackageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engagements: EngagementsService,
    private readonly reports: ReportsService,
    private readonly budgets: BudgetsService,
    private readonly meta: ReportMetaService,
  ) {}

  async render(ctx: RequestContext, centreId: string, engagementId: string): Promise<{ filename: string; document: Readable }> {
    const engagement = await this.engagements.inForce(ctx, centreId, engagementId);
    const unions: Array<{ id: string; code: string; name: string }> = await this.dataSource.query(
      `SELECT id, code, name FROM trade_union WHERE centre_id = $1 AND ($2 OR id = ANY($3::uuid[])) ORDER BY code`,
      [centreId, engagement.allUnions, engagement.unionIds],
    );
    const scope = engagement.allUnions ? null : unions.map((u) => u.id);
    const { periodFrom: from, periodTo: to } = engagement;
    const auditors: Array<{ display_name: string; role: string }> = await this.dataSource.query(
      'SELECT display_name, role FROM app_user WHERE id = ANY($1::uuid[]) ORDER BY display_name',
      [engagement.auditorUserIds],
    );
    const model: AuditPackageModel = {
      engagement,
      auditors: auditors.map((a) => ({ name: a.display_name, organisation: engagement.firm, role: ROLE_NAMES[a.role] ?? a.role })),
      unions,
      trialBalance: await this.reports.trialBalanceOf(centreId, from, to, scope),
      unionLedgers: this.unionLedgers(ctx, centreId, unions, from, to),
      journal: this.journal(centreId, scope, from, to),
      budgetExecutions: await this.budgetExecutions(ctx, centreId, unions, from, to),
      reversals: await this.reversals(centreId, scope, from, to),
      budgetAdjustments: await this.adjustments(centreId, unions, from, to),
      auditTrail: this.trail(centreId, scope, from, to),
    };
    const meta = await this.meta.build(
      centreId,
      '审计资料包',
      periodRangeLabel(from, to),
      unions.length === 1 && !engagement.allUnions ? unions[0].id : null,
    );
    return { filename: `审计资料包-${engagement.title}.pdf`, document: renderAuditPackage(model, meta) };
  }

  /** Each union's detail ledger of every account it used up to the end of the period (its opening balances too). */
  private async *unionLedgers(ctx: RequestContext, centreId: string, unions: Array<{ id: string; code: string; name: string }>, from: string, to: string) {
    for (const union of unions) {
      const accounts: Array<{ code: string }> = await this.dataSource.query(
        `SELECT DISTINCT a.code FROM period_balance p JOIN account a ON a.id = p.account_id
          WHERE p.centre_id = $1 AND p.union_id = $2 AND p.year * 12 + p.month <= $3 ORDER BY a.code`,
        [centreId, union.id, periodIndex(to)],
      );
      const ledgers: AccountLedgerModel[] = [];
      for (const { code } of accounts) {
        const ledger = await this.reports.accountLedger(ctx, centreId, code, from, to, union.id);
        if (ledger.rows.length > 0 || money(ledger.openingBalance).isZero() === false) ledgers.push(ledger);
      }
      const model: UnionLedgerModel = { unionId: union.id, unionCode: union.code, unionName: union.name, accounts: ledgers };
      yield model;
    }
  }

  /** 凭证清单: posted entries of the period touching the scope, in number order, with the scope's lines only. */
  private async *journal(centreId: string, scope: string[] | null, from: string, to: string): AsyncGenerator<JournalEntryModel> {
    let after = { year: 0, number: 0 };
    for (;;) {
      const entries: Array<{ id: string; year: number; number: number; date: string; memo: string }> = await this.dataSource.query(
        `SELECT e.id, e.year, e.number, to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.memo
           FROM journal_entry e
          WHERE e.centre_id = $1 AND e.status = 'posted' AND e.year * 12 + e.month BETWEEN $2 AND $3
            AND (e.year, e.number) > ($4, $5)
            AND ($6::uuid[] IS NULL OR EXISTS (SELECT 1 FROM journal_line l WHERE l.centre_id = e.centre_id AND l.entry_id = e.id AND l.union_id = ANY($6)))
          ORDER BY e.year, e.number
          LIMIT ${BATCH}`,
        [centreId, periodIndex(from), periodIndex(to), after.year, after.number, scope],
      );
      if (entries.length === 0) return;
      const lines: Array<{ entry_id: string; union_id: string; code: string; name: string; debit: string; credit: string }> = await this.dataSource.query(
        `SELECT l.entry_id, l.union_id, a.code, a.name, l.debit, l.credit
           FROM journal_line l JOIN account a ON a.id = l.account_id
          WHERE l.centre_id = $1 AND l.entry_id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR l.union_id = ANY($3))
          ORDER BY l.entry_id, l.line_no`,
        [centreId, entries.map((e) => e.id), scope],
      );
      const byEntry = new Map<string, JournalEntryModel['lines']>();
      for (const line of lines) {
        const list = byEntry.get(line.entry_id) ?? [];
        list.push({
          unionId: line.union_id,
          accountCode: line.code,
          accountName: line.name,
          debit: formatMoney(money(line.debit)),
          credit: formatMoney(money(line.credit)),
        });
        byEntry.set(line.entry_id, list);
      }
      for (const entry of entries) yield { number: entry.number, date: entry.date, memo: entry.memo, lines: byEntry.get(entry.id) ?? [] };
      const last = entries[entries.length - 1];
      after = { year: last.year, number: last.number };
    }
  }

  private async budgetExecutions(ctx: RequestContext, centreId: string, unions: Array<{ id: string }>, from: string, to: string) {
    const budgets: Array<{ union_id: string; year: number }> = await this.dataSource.query(
      `SELECT union_id, year FROM budget WHERE centre_id = $1 AND union_id = ANY($2::uuid[]) AND year BETWEEN $3 AND $4 ORDER BY year, union_id`,
      [centreId, unions.map((u) => u.id), Number(from.slice(0, 4)), Number(to.slice(0, 4))],
    );
    const executions: BudgetExecutionModel[] = [];
    for (const budget of budgets) executions.push(await this.budgets.execution(ctx, centreId, budget.union_id, budget.year));
    return executions;
  }

  /** 红字冲销 of the period touching the scope, with the numbers of the entries they reverse. */
  private async reversals(centreId: string, scope: string[] | null, from: string, to: string): Promise<ReversalModel[]> {
    const rows: Array<Record<string, string | number | null>> = await this.dataSource.query(
      `SELECT e.number, to_char(e.entry_date, 'YYYY-MM-DD') AS date, e.memo, e.reverses_entry_id, o.number AS reverses_number,
              (SELECT sum(l.debit) FROM journal_line l WHERE l.centre_id = e.centre_id AND l.entry_id = e.id
                  AND ($4::uuid[] IS NULL OR l.union_id = ANY($4))) AS total_debit
         FROM journal_entry e LEFT JOIN journal_entry o ON o.centre_id = e.centre_id AND o.id = e.reverses_entry_id
        WHERE e.centre_id = $1 AND e.status = 'posted' AND e.source = 'reversal' AND e.year * 12 + e.month BETWEEN $2 AND $3
          AND ($4::uuid[] IS NULL OR EXISTS (SELECT 1 FROM journal_line l WHERE l.centre_id = e.centre_id AND l.entry_id = e.id AND l.union_id = ANY($4)))
        ORDER BY e.year, e.number`,
      [centreId, periodIndex(from), periodIndex(to), scope],
    );
    return rows.map((r) => ({
      number: r.number as number,
      date: r.date as string,
      memo: r.memo as string,
      totalDebit: formatMoney(money(String(r.total_debit ?? '0'))),
      reversesEntryId: r.reverses_entry_id as string | null,
      reversesEntryNumber: (r.reverses_number as number | null) ?? null,
    }));
  }

  private async adjustments(centreId: string, unions: Array<{ id: string; name: string }>, from: string, to: string): Promise<BudgetAdjustmentModel[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT u.name AS union_name, b.year, a.number, a.reason, a.status, a.changes, a.requested_at, a.decided_at, a.resulting_version
         FROM budget_adjustment a
         JOIN budget b ON b.centre_id = a.centre_id AND b.id = a.budget_id
         JOIN trade_union u ON u.centre_id = b.centre_id AND u.id = b.union_id
        WHERE a.centre_id = $1 AND b.union_id = ANY($2::uuid[]) AND b.year BETWEEN $3 AND $4
        ORDER BY b.year, u.code, a.number`,
      [centreId, unions.map((u) => u.id), Number(from.slice(0, 4)), Number(to.slice(0, 4))],
    );
    return rows.map((r) => {
      const stored = r.changes as { changes: Array<{ change: string }>; newLines: Array<{ amount: string }> };
      return {
        unionName: r.union_name as string,
        year: r.year as number,
        number: r.number as number,
        reason: r.reason as string,
        status: r.status as string,
        changes: stored.changes,
        newLines: stored.newLines,
        requestedAt: (r.requested_at as Date).toISOString(),
        decidedAt: r.decided_at ? (r.decided_at as Date).toISOString() : null,
        resultingVersion: (r.resulting_version as number | null) ?? null,
      };
    });
  }

  /**
   * The trail of the period: every record of the centre for a whole-centre engagement; otherwise the records about
   * the scope's unions (the union itself, or a detail that names it).
   */
  private async *trail(centreId: string, scope: string[] | null, from: string, to: string): AsyncGenerator<AuditTrailRecordModel> {
    let after = 0;
    const start = `${from}-01`;
    const [endRow] = await this.dataSource.query(`SELECT (to_date($1, 'YYYY-MM') + interval '1 month' - interval '1 day')::date AS end_date`, [to]);
    for (;;) {
      const rows: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT seq, occurred_at, actor_username, actor_role, action, object_type, object_id, outcome, hash
           FROM audit_record r
          WHERE r.centre_id = $1 AND r.seq > $2 AND ${BEIJING_DAY} BETWEEN $3::date AND $4::date
            AND ($5::text[] IS NULL OR r.object_id::text = ANY($5) OR EXISTS (SELECT 1 FROM unnest($5::text[]) u WHERE strpos(r.detail::text, u) > 0))
          ORDER BY r.seq
          LIMIT ${BATCH}`,
        [centreId, after, start, endRow.end_date, scope],
      );
      if (rows.length === 0) return;
      for (const row of rows) {
        yield {
          seq: Number(row.seq),
          occurredAt: (row.occurred_at as Date).toISOString(),
          actorUsername: row.actor_username as string | null,
          actorRole: row.actor_role as string | null,
          action: row.action as string,
          objectType: row.object_type as string | null,
          objectId: row.object_id as string | null,
          outcome: row.outcome as string,
          hash: row.hash as string,
        };
      }
      after = Number(rows[rows.length - 1].seq);
    }
  }
}

const ROLE_NAMES: Record<string, string> = {
  internal_auditor: '内部审计（经审会）',
  state_auditor: '国家审计',
  social_auditor: '社会审计',
};

