import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { actorOf, type AuditEntry, AuditedWrite } from '../audit/index.js';
import { assertCentreLevelRead, assertCentreVisible, assertPeriodsInScope, canSeeUnion, Role, unionsInScope, yearInScope } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { formatMoney, type Money, money, sumMoney, ZERO } from '../common/money.js';
import { offsetOf, type Page, pageOf } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { orderBy } from '../common/sorting.js';
import { loadBudgetLines } from './budget-control.service.js';
import { adjustedAmount, availableOf, type BudgetLineState, percentExecuted } from './budget-rules.js';
import { BudgetErrors } from './budgets.errors.js';
import type {
  AdjustmentView,
  BUDGET_SORT_KEYS,
  BudgetLineDto,
  BudgetLineView,
  BudgetQuery,
  BudgetVersionLineView,
  BudgetVersionView,
  BudgetView,
  CreateAdjustmentDto,
  CreateBudgetDto,
  ExecutionLineView,
  ExecutionTotalsView,
  ExecutionView,
  NewLineView,
  RollupRowView,
  RollupView,
  UpdateBudgetDto,
} from './dto/budgets.dto.js';

interface BudgetRow {
  centre_id: string;
  id: string;
  union_id: string;
  union_name: string;
  year: number;
  status: string;
  version: number;
  memo: string | null;
  created_by: string | null;
  created_at: Date;
  submitted_by: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  returned_reason: string | null;
}

interface LineRow {
  id: string;
  budget_id: string;
  line_no: number;
  kind: 'income' | 'expenditure';
  fund_type: string | null;
  code: string;
  name: string;
  project_name: string | null;
  purpose: string | null;
  description: string | null;
  original_amount: string;
  adjusted_amount: string;
  committed: string;
  spent: string;
  added_by_adjustment: string | null;
}

const BUDGET_SELECT = `
  SELECT b.centre_id, b.id, b.union_id, u.name AS union_name, b.year, b.status, b.version, b.memo, b.created_by, b.created_at,
         b.submitted_by, b.submitted_at, b.approved_by, b.approved_at, b.returned_reason
    FROM budget b JOIN trade_union u ON u.centre_id = b.centre_id AND u.id = b.union_id`;

/** The columns of the budgets list's sort keys: totals as adjusted (the view's incomeTotal and expenditureTotal). */
const BUDGET_SORT_COLUMNS: Record<(typeof BUDGET_SORT_KEYS)[number], string> = {
  unionName: 'u.name',
  year: 'b.year',
  version: 'b.version',
  incomeTotal: 'totals.income',
  expenditureTotal: 'totals.expenditure',
  submittedAt: 'b.submitted_at',
  approvedAt: 'b.approved_at',
};

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const fmt = (value: string | Money) => formatMoney(typeof value === 'string' ? money(value) : value);

/** Roles that draw up and submit a union's budget, and ask for adjustments: the union's own people or the centre's accountant. */
const UNION_SIDE = new Set<string>([Role.UnionTreasurer, Role.UnionChair, Role.CentreAccountant]);

/**
 * Budgets (预算) of unions, a first-level budget unit each: drafted by the union (or the centre's accountant for it),
 * submitted by the union, approved by the centre supervisor; after approval changed only by adjustments (预算调整),
 * each approved one making a new version that is kept.
 */
@Injectable()
export class BudgetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  // ---- drafting and approval ------------------------------------------------------------------------------------

  create(ctx: RequestContext, centreId: string, dto: CreateBudgetDto): Promise<BudgetView> {
    this.assertUnionSide(ctx, centreId, dto.unionId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const [union] = await manager.query('SELECT 1 FROM trade_union WHERE centre_id = $1 AND id = $2', [centreId, dto.unionId]);
      if (!union) throw CommonErrors.notFound('Union', dto.unionId);
      const [existing] = await manager.query('SELECT 1 FROM budget WHERE centre_id = $1 AND union_id = $2 AND year = $3', [centreId, dto.unionId, dto.year]);
      if (existing) throw BudgetErrors.budgetExists(dto.unionId, dto.year);
      const id = randomUUID();
      await manager.query(
        'INSERT INTO budget (centre_id, id, union_id, year, memo, created_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [centreId, id, dto.unionId, dto.year, dto.memo ?? null, ctx.principal.userId],
      );
      await this.insertLines(manager, centreId, id, dto.lines, 1, null);
      const view = await this.read(manager, centreId, id);
      return { result: view, audit: this.audit(view, 'budget.create', { after: view }) };
    });
  }

  update(ctx: RequestContext, centreId: string, budgetId: string, dto: UpdateBudgetDto): Promise<BudgetView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lock(manager, ctx, centreId, budgetId);
      this.assertUnionSide(ctx, centreId, row.union_id);
      if (row.status !== 'draft') throw BudgetErrors.wrongStatus(budgetId, row.status, 'draft');
      const before = await this.read(manager, centreId, budgetId);
      await manager.query('DELETE FROM budget_line WHERE centre_id = $1 AND budget_id = $2', [centreId, budgetId]);
      await this.insertLines(manager, centreId, budgetId, dto.lines, 1, null);
      if (dto.memo !== undefined) await manager.query('UPDATE budget SET memo = $3 WHERE centre_id = $1 AND id = $2', [centreId, budgetId, dto.memo]);
      const after = await this.read(manager, centreId, budgetId);
      return { result: after, audit: this.audit(after, 'budget.update', { before, after }) };
    });
  }

  submit(ctx: RequestContext, centreId: string, budgetId: string): Promise<BudgetView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lock(manager, ctx, centreId, budgetId);
      this.assertUnionSide(ctx, centreId, row.union_id);
      if (row.status !== 'draft') throw BudgetErrors.wrongStatus(budgetId, row.status, 'draft');
      await manager.query(
        `UPDATE budget SET status = 'submitted', submitted_by = $3, submitted_at = now(), returned_reason = NULL WHERE centre_id = $1 AND id = $2`,
        [centreId, budgetId, ctx.principal.userId],
      );
      const view = await this.read(manager, centreId, budgetId);
      return { result: view, audit: this.audit(view, 'budget.submit', {}) };
    });
  }

  /** The supervisor sends a submitted budget back to draft, saying why. */
  returnToDraft(ctx: RequestContext, centreId: string, budgetId: string, reason: string): Promise<BudgetView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lock(manager, ctx, centreId, budgetId);
      if (row.status !== 'submitted') throw BudgetErrors.wrongStatus(budgetId, row.status, 'submitted');
      await manager.query(
        `UPDATE budget SET status = 'draft', submitted_by = NULL, submitted_at = NULL, returned_reason = $3 WHERE centre_id = $1 AND id = $2`,
        [centreId, budgetId, reason],
      );
      const view = await this.read(manager, centreId, budgetId);
      return { result: view, audit: this.audit(view, 'budget.return', { reason }) };
    });
  }

  /** Approval makes version 1: what was proposed becomes the approved (and, until adjusted, the adjusted) budget. */
  approve(ctx: RequestContext, centreId: string, budgetId: string): Promise<BudgetView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lock(manager, ctx, centreId, budgetId);
      if (row.status !== 'submitted') throw BudgetErrors.wrongStatus(budgetId, row.status, 'submitted');
      if (row.created_by === ctx.principal.userId || row.submitted_by === ctx.principal.userId) throw BudgetErrors.fourEyes();
      await manager.query('UPDATE budget_line SET adjusted_amount = original_amount WHERE centre_id = $1 AND budget_id = $2', [centreId, budgetId]);
      await manager.query(
        `UPDATE budget SET status = 'approved', version = 1, approved_by = $3, approved_at = now() WHERE centre_id = $1 AND id = $2`,
        [centreId, budgetId, ctx.principal.userId],
      );
      const view = await this.read(manager, centreId, budgetId);
      await this.insertVersion(manager, view, null, null, ctx.principal.userId);
      return { result: view, audit: this.audit(view, 'budget.approve', { version: 1, incomeTotal: view.incomeTotal, expenditureTotal: view.expenditureTotal }) };
    });
  }

  // ---- adjustments (预算调整) -------------------------------------------------------------------------------------

  requestAdjustment(ctx: RequestContext, centreId: string, budgetId: string, dto: CreateAdjustmentDto): Promise<AdjustmentView> {
    const changes = dto.changes ?? [];
    const newLines = dto.newLines ?? [];
    if (changes.length === 0 && newLines.length === 0) throw BudgetErrors.adjustmentEmpty();
    const seen = new Set<string>();
    for (const [index, change] of changes.entries()) {
      if (seen.has(change.budgetLineId)) throw CommonErrors.validation([{ field: `changes.${index}.budgetLineId`, message: 'each line is changed at most once' }]);
      seen.add(change.budgetLineId);
      if (money(change.change).isZero()) throw CommonErrors.validation([{ field: `changes.${index}.change`, message: 'change must not be zero' }]);
    }
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lock(manager, ctx, centreId, budgetId);
      this.assertUnionSide(ctx, centreId, row.union_id);
      if (row.status !== 'approved') throw BudgetErrors.wrongStatus(budgetId, row.status, 'approved');
      const lines = await this.lineStates(manager, centreId, budgetId, false);
      // checked now for a clear answer, and again on approval against the amounts of that day
      for (const [index, change] of changes.entries()) {
        const line = lines.get(change.budgetLineId);
        if (!line) throw BudgetErrors.adjustmentUnknownLine(index, change.budgetLineId);
        const outcome = adjustedAmount(line, money(change.change));
        if ('error' in outcome) throw outcome.error;
      }
      await this.resolveCategories(manager, newLines, 'newLines');
      const [{ next }] = await manager.query(
        'SELECT coalesce(max(number), 0) + 1 AS next FROM budget_adjustment WHERE centre_id = $1 AND budget_id = $2',
        [centreId, budgetId],
      );
      const id = randomUUID();
      const stored = {
        changes: changes.map((c) => ({ budgetLineId: c.budgetLineId, change: fmt(c.change) })),
        newLines: newLines.map(newLineView),
      };
      await manager.query(
        `INSERT INTO budget_adjustment (centre_id, id, budget_id, number, reason, changes, requested_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [centreId, id, budgetId, next, dto.reason, JSON.stringify(stored), ctx.principal.userId],
      );
      const view = await this.readAdjustment(manager, centreId, id);
      return { result: view, audit: { centreId, action: 'budget.adjustment.request', objectType: 'budget_adjustment', objectId: id, detail: { after: view } } };
    });
  }

  /** Approving applies the adjustment under lock (lines in key order) and records the new version. */
  approveAdjustment(ctx: RequestContext, centreId: string, adjustmentId: string): Promise<AdjustmentView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const adjustment = await this.lockAdjustment(manager, ctx, centreId, adjustmentId);
      if (adjustment.status !== 'submitted') throw BudgetErrors.adjustmentWrongStatus(adjustmentId, adjustment.status);
      if (adjustment.requested_by === ctx.principal.userId) throw BudgetErrors.fourEyes();
      const budget = await this.lock(manager, ctx, centreId, adjustment.budget_id);
      const lines = await this.lineStates(manager, centreId, budget.id, true);
      const stored = adjustment.changes as { changes: Array<{ budgetLineId: string; change: string }>; newLines: NewLineView[] };
      for (const [index, change] of stored.changes.entries()) {
        const line = lines.get(change.budgetLineId);
        if (!line) throw BudgetErrors.adjustmentUnknownLine(index, change.budgetLineId);
        const outcome = adjustedAmount(line, money(change.change));
        if ('error' in outcome) throw outcome.error;
        await manager.query('UPDATE budget_line SET adjusted_amount = $3 WHERE centre_id = $1 AND id = $2', [centreId, line.id, fmt(outcome.amount)]);
      }
      const [{ last }] = await manager.query('SELECT coalesce(max(line_no), 0) AS last FROM budget_line WHERE centre_id = $1 AND budget_id = $2', [
        centreId,
        budget.id,
      ]);
      const added: BudgetLineDto[] = stored.newLines.map((l) => ({
        kind: l.kind as BudgetLineDto['kind'],
        fundType: (l.fundType ?? undefined) as BudgetLineDto['fundType'],
        categoryCode: l.categoryCode,
        projectName: l.projectName ?? undefined,
        purpose: l.purpose ?? undefined,
        description: l.description ?? undefined,
        amount: l.amount,
      }));
      await this.insertLines(manager, centreId, budget.id, added, last + 1, adjustmentId);
      const version = budget.version + 1;
      await manager.query('UPDATE budget SET version = $3 WHERE centre_id = $1 AND id = $2', [centreId, budget.id, version]);
      await manager.query(
        `UPDATE budget_adjustment SET status = 'approved', decided_by = $3, decided_at = now(), resulting_version = $4 WHERE centre_id = $1 AND id = $2`,
        [centreId, adjustmentId, ctx.principal.userId, version],
      );
      const view = await this.read(manager, centreId, budget.id);
      await this.insertVersion(manager, view, adjustmentId, adjustment.reason, ctx.principal.userId);
      const result = await this.readAdjustment(manager, centreId, adjustmentId);
      const audits: AuditEntry[] = [
        { centreId, action: 'budget.adjustment.approve', objectType: 'budget_adjustment', objectId: adjustmentId, detail: { version } },
        this.audit(view, 'budget.adjust', { version, adjustmentId, expenditureTotal: view.expenditureTotal, incomeTotal: view.incomeTotal }),
      ];
      return { result, audit: audits };
    });
  }

  rejectAdjustment(ctx: RequestContext, centreId: string, adjustmentId: string, reason: string): Promise<AdjustmentView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const adjustment = await this.lockAdjustment(manager, ctx, centreId, adjustmentId);
      if (adjustment.status !== 'submitted') throw BudgetErrors.adjustmentWrongStatus(adjustmentId, adjustment.status);
      if (adjustment.requested_by === ctx.principal.userId) throw BudgetErrors.fourEyes();
      await manager.query(
        `UPDATE budget_adjustment SET status = 'rejected', decided_by = $3, decided_at = now(), rejection_reason = $4 WHERE centre_id = $1 AND id = $2`,
        [centreId, adjustmentId, ctx.principal.userId, reason],
      );
      const result = await this.readAdjustment(manager, centreId, adjustmentId);
      return { result, audit: { centreId, action: 'budget.adjustment.reject', objectType: 'budget_adjustment', objectId: adjustmentId, detail: { reason } } };
    });
  }

  async listAdjustments(ctx: RequestContext, centreId: string, budgetId: string): Promise<AdjustmentView[]> {
    await this.get(ctx, centreId, budgetId);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      'SELECT id FROM budget_adjustment WHERE centre_id = $1 AND budget_id = $2 ORDER BY number',
      [centreId, budgetId],
    );
    return Promise.all(rows.map((r) => this.readAdjustment(this.dataSource.manager, centreId, r.id)));
  }

  async getAdjustment(ctx: RequestContext, centreId: string, adjustmentId: string): Promise<AdjustmentView> {
    assertCentreVisible(ctx.principal, centreId);
    const view = await this.readAdjustment(this.dataSource.manager, centreId, adjustmentId);
    const [budget] = await this.dataSource.query('SELECT union_id, year FROM budget WHERE centre_id = $1 AND id = $2', [centreId, view.budgetId]);
    // as its budget: outside an auditor's years it does not exist
    if (!canSeeUnion(ctx.principal, centreId, budget.union_id) || !yearInScope(ctx.principal, budget.year)) throw BudgetErrors.adjustmentNotFound(adjustmentId);
    return view;
  }

  // ---- reading --------------------------------------------------------------------------------------------------

  async get(ctx: RequestContext, centreId: string, budgetId: string): Promise<BudgetView> {
    assertCentreVisible(ctx.principal, centreId);
    const view = await this.read(this.dataSource.manager, centreId, budgetId);
    if (!canSeeUnion(ctx.principal, centreId, view.unionId) || !yearInScope(ctx.principal, view.year)) throw BudgetErrors.budgetNotFound(budgetId);
    return view;
  }

  /** Budgets in the principal's reach, a page of them in the order asked for; totals are summed in SQL to sort on. */
  async list(ctx: RequestContext, centreId: string, query: BudgetQuery): Promise<Page<BudgetView>> {
    assertCentreVisible(ctx.principal, centreId);
    const conditions = ['b.centre_id = $1'];
    const params: unknown[] = [centreId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    const scope = unionsInScope(ctx.principal, centreId);
    if (scope !== 'all') add('b.union_id = ANY(?)', scope);
    if (ctx.principal.audit) {
      add('b.year >= ?', Number(ctx.principal.audit.periodFrom.slice(0, 4)));
      add('b.year <= ?', Number(ctx.principal.audit.periodTo.slice(0, 4)));
    }
    if (query.unionId) add('b.union_id = ?', query.unionId);
    if (query.year) add('b.year = ?', query.year);
    if (query.status) add('b.status = ?', query.status);
    if (query.returned !== undefined) conditions.push(query.returned ? 'b.returned_reason IS NOT NULL' : 'b.returned_reason IS NULL');
    const where = conditions.join(' AND ');
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM budget b JOIN trade_union u ON u.centre_id = b.centre_id AND u.id = b.union_id WHERE ${where}`,
      params,
    );
    const order = orderBy(query.sort ?? '-year', BUDGET_SORT_COLUMNS, 'b.year DESC', 'b.year DESC, u.code, b.id');
    const rows: BudgetRow[] = await this.dataSource.query(
      `${BUDGET_SELECT}
         LEFT JOIN LATERAL (
           SELECT coalesce(sum(bl.adjusted_amount) FILTER (WHERE bl.kind = 'income'), 0) AS income,
                  coalesce(sum(bl.adjusted_amount) FILTER (WHERE bl.kind = 'expenditure'), 0) AS expenditure
             FROM budget_line bl WHERE bl.centre_id = b.centre_id AND bl.budget_id = b.id) totals ON true
        WHERE ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offsetOf(query)}`,
      params,
    );
    return pageOf(await this.withLines(this.dataSource.manager, centreId, rows), total, query);
  }

  async versions(ctx: RequestContext, centreId: string, budgetId: string): Promise<BudgetVersionView[]> {
    await this.get(ctx, centreId, budgetId);
    const rows: Array<{ version: number; adjustment_id: string | null; reason: string | null; approved_by: string; approved_at: Date; lines: BudgetVersionLineView[] }> =
      await this.dataSource.query(
        'SELECT version, adjustment_id, reason, approved_by, approved_at, lines FROM budget_version WHERE centre_id = $1 AND budget_id = $2 ORDER BY version',
        [centreId, budgetId],
      );
    return rows.map((row) => ({
      version: row.version,
      adjustmentId: row.adjustment_id,
      reason: row.reason,
      approvedBy: row.approved_by,
      approvedAt: row.approved_at.toISOString(),
      lines: row.lines,
      incomeTotal: fmt(sumMoney(row.lines.filter((l) => l.kind === 'income').map((l) => money(l.amount)))),
      expenditureTotal: fmt(sumMoney(row.lines.filter((l) => l.kind === 'expenditure').map((l) => money(l.amount)))),
    }));
  }

  // ---- budget execution (预算执行情况) ------------------------------------------------------------------------------

  async execution(ctx: RequestContext, centreId: string, unionId: string, year: number): Promise<ExecutionView> {
    assertCentreVisible(ctx.principal, centreId);
    if (!canSeeUnion(ctx.principal, centreId, unionId)) throw CommonErrors.notFound('Union', unionId);
    if (!yearInScope(ctx.principal, year)) assertPeriodsInScope(ctx.principal, `${year}-01`);
    const [row]: BudgetRow[] = await this.dataSource.query(`${BUDGET_SELECT} WHERE b.centre_id = $1 AND b.union_id = $2 AND b.year = $3`, [
      centreId,
      unionId,
      year,
    ]);
    if (!row) throw CommonErrors.notFound('Budget', `of union ${unionId} for ${year}`);
    const lines: LineRow[] = await this.lineRows(this.dataSource.manager, centreId, [row.id]);
    const income = await this.incomeReceived(centreId, [unionId], year);
    const view = executionLines(lines, (code) => income.get(`${unionId}/${code}`) ?? ZERO);
    return { budgetId: row.id, unionId, unionName: row.union_name, year, status: row.status, version: row.version, ...view };
  }

  /** 预算执行情况汇总: every federation (or every union) of the centre, with its budget's totals, and the centre's. */
  async rollup(ctx: RequestContext, centreId: string, year: number, which: 'federation' | 'all'): Promise<RollupView> {
    assertCentreLevelRead(ctx.principal, centreId);
    if (!yearInScope(ctx.principal, year)) assertPeriodsInScope(ctx.principal, `${year}-01`);
    const unions: Array<{ id: string; code: string; name: string; kind: string; budget_id: string | null; status: string | null }> =
      await this.dataSource.query(
        `SELECT u.id, u.code, u.name, u.kind, b.id AS budget_id, b.status
           FROM trade_union u LEFT JOIN budget b ON b.centre_id = u.centre_id AND b.union_id = u.id AND b.year = $2
          WHERE u.centre_id = $1 AND ($3 OR u.kind = 'federation') AND ($3 = false OR b.id IS NOT NULL)
          ORDER BY u.code`,
        [centreId, year, which === 'all'],
      );
    const budgetIds = unions.map((u) => u.budget_id).filter((id): id is string => !!id);
    const lines = await this.lineRows(this.dataSource.manager, centreId, budgetIds);
    const income = await this.incomeReceived(centreId, unions.map((u) => u.id), year);
    const rows: RollupRowView[] = [];
    const approvedLines: LineRow[] = [];
    const approvedIncome = new Map<string, Money>();
    for (const union of unions) {
      const own = lines.filter((l) => l.budget_id === union.budget_id);
      const received = (code: string) => income.get(`${union.id}/${code}`) ?? ZERO;
      const view = executionLines(own, received);
      rows.push({
        unionId: union.id,
        unionCode: union.code,
        unionName: union.name,
        unionKind: union.kind,
        budgetId: union.budget_id,
        status: union.status,
        income: view.income,
        expenditure: view.expenditure,
      });
      if (union.status === 'approved') {
        own.forEach((line) => approvedLines.push(line));
        for (const line of own.filter((l) => l.kind === 'income')) approvedIncome.set(line.id, received(line.code));
      }
    }
    const total = executionLines(approvedLines, () => ZERO, approvedIncome);
    return { year, unions: which, rows, income: total.income, expenditure: total.expenditure };
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private assertUnionSide(ctx: RequestContext, centreId: string, unionId: string): void {
    if (!canSeeUnion(ctx.principal, centreId, unionId)) throw CommonErrors.notFound('Union', unionId);
    if (!UNION_SIDE.has(ctx.principal.role)) throw CommonErrors.forbidden('A budget is drawn up and submitted by its union or the centre’s accountant.');
  }

  private async lock(manager: EntityManager, ctx: RequestContext, centreId: string, budgetId: string): Promise<BudgetRow> {
    assertCentreVisible(ctx.principal, centreId);
    const [row]: BudgetRow[] = await manager.query(`${BUDGET_SELECT} WHERE b.centre_id = $1 AND b.id = $2 FOR UPDATE OF b`, [centreId, budgetId]);
    if (!row || !canSeeUnion(ctx.principal, centreId, row.union_id)) throw BudgetErrors.budgetNotFound(budgetId);
    return row;
  }

  /** An adjustment of a budget the caller sees (another centre's or union's is not found, before anything else is told). */
  private async lockAdjustment(manager: EntityManager, ctx: RequestContext, centreId: string, adjustmentId: string) {
    assertCentreVisible(ctx.principal, centreId);
    const [row] = await manager.query(
      `SELECT a.*, b.union_id FROM budget_adjustment a JOIN budget b ON b.centre_id = a.centre_id AND b.id = a.budget_id
        WHERE a.centre_id = $1 AND a.id = $2 FOR UPDATE OF a`,
      [centreId, adjustmentId],
    );
    if (!row || !canSeeUnion(ctx.principal, centreId, row.union_id)) throw BudgetErrors.adjustmentNotFound(adjustmentId);
    return row as { id: string; budget_id: string; status: string; requested_by: string; reason: string; changes: unknown };
  }

  /** Category codes → first-level account ids, refusing what is not a first-level account of the line's kind. */
  private async resolveCategories(manager: EntityManager, lines: BudgetLineDto[], field: string): Promise<Map<string, string>> {
    const rows: Array<{ id: string; code: string; category: string }> = await manager.query(
      `SELECT id, code, category FROM account WHERE parent_id IS NULL AND centre_id IS NULL AND category IN ('income', 'expenditure')`,
    );
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const seen = new Set<string>();
    for (const [index, line] of lines.entries()) {
      const account = byCode.get(line.categoryCode);
      if (!account || account.category !== line.kind) throw BudgetErrors.notACategory(`${field}.${index}.categoryCode`, line.categoryCode, line.kind);
      if (line.kind === 'expenditure' && !line.fundType) {
        throw CommonErrors.validation([{ field: `${field}.${index}.fundType`, message: 'an expenditure line is basic (基本支出) or project (项目支出)' }]);
      }
      if (line.kind === 'income' && line.fundType) {
        throw CommonErrors.validation([{ field: `${field}.${index}.fundType`, message: 'income lines have no fund type' }]);
      }
      if (line.fundType === 'project' && (!line.projectName || !line.purpose)) {
        throw CommonErrors.validation([{ field: `${field}.${index}.projectName`, message: 'a project line names its project and its purpose' }]);
      }
      const key = `${line.categoryCode}/${line.fundType ?? ''}/${line.projectName ?? ''}`;
      if (seen.has(key)) throw BudgetErrors.duplicateLine(`${field}.${index}`);
      seen.add(key);
    }
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  private async insertLines(manager: EntityManager, centreId: string, budgetId: string, lines: BudgetLineDto[], firstNo: number, adjustmentId: string | null) {
    if (lines.length === 0) return;
    const categories = await this.resolveCategories(manager, lines, adjustmentId ? 'newLines' : 'lines');
    // a line an adjustment adds was not in the original budget: it starts at zero and is all adjustment
    await manager.query(
      `INSERT INTO budget_line (centre_id, id, budget_id, line_no, kind, fund_type, account_id, project_name, purpose, description,
         original_amount, adjusted_amount, added_by_adjustment)
       SELECT $1, gen_random_uuid(), $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[],
         $10::numeric[], $11::numeric[], $12::uuid[])`,
      [
        centreId,
        budgetId,
        lines.map((_, i) => firstNo + i),
        lines.map((l) => l.kind),
        lines.map((l) => (l.kind === 'expenditure' ? l.fundType : null)),
        lines.map((l) => categories.get(l.categoryCode)),
        lines.map((l) => l.projectName ?? null),
        lines.map((l) => l.purpose ?? null),
        lines.map((l) => l.description ?? null),
        lines.map((l) => (adjustmentId ? '0' : l.amount)),
        lines.map((l) => l.amount),
        lines.map(() => adjustmentId),
      ],
    );
  }

  private async insertVersion(manager: EntityManager, view: BudgetView, adjustmentId: string | null, reason: string | null, approvedBy: string) {
    const lines: BudgetVersionLineView[] = view.lines.map((l) => ({
      lineId: l.id,
      lineNo: l.lineNo,
      kind: l.kind,
      fundType: l.fundType,
      categoryCode: l.categoryCode,
      categoryName: l.categoryName,
      projectName: l.projectName,
      amount: l.adjustedAmount,
    }));
    await manager.query(
      `INSERT INTO budget_version (centre_id, budget_id, version, adjustment_id, reason, approved_by, lines) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [view.centreId, view.id, view.version, adjustmentId, reason, approvedBy, JSON.stringify(lines)],
    );
  }

  private lineStates(manager: EntityManager, centreId: string, budgetId: string, lock: boolean): Promise<Map<string, BudgetLineState>> {
    return loadBudgetLines(manager, centreId, { budgetId }, lock);
  }

  private lineRows(manager: EntityManager, centreId: string, budgetIds: string[]): Promise<LineRow[]> {
    return manager.query(
      `SELECT bl.id, bl.budget_id, bl.line_no, bl.kind, bl.fund_type, c.code, c.name, bl.project_name, bl.purpose, bl.description,
              bl.original_amount, bl.adjusted_amount, bl.committed, bl.spent, bl.added_by_adjustment
         FROM budget_line bl JOIN account c ON c.id = bl.account_id
        WHERE bl.centre_id = $1 AND bl.budget_id = ANY($2::uuid[])
        ORDER BY bl.budget_id, bl.line_no`,
      [centreId, budgetIds],
    );
  }

  /**
   * Income received in the year per union and first-level income account (credit − debit, sub-accounts rolled up),
   * from the journal because the year-end closing (which empties income into 331) is not income given back.
   */
  private async incomeReceived(centreId: string, unionIds: string[], year: number): Promise<Map<string, Money>> {
    const rows: Array<{ union_id: string; code: string; amount: string }> = await this.dataSource.query(
      `SELECT l.union_id, left(a.code, 3) AS code, sum(l.credit) - sum(l.debit) AS amount
         FROM journal_line l
         JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
         JOIN account a ON a.id = l.account_id
        WHERE l.centre_id = $1 AND l.union_id = ANY($2::uuid[]) AND a.category = 'income'
          AND e.year = $3 AND e.status = 'posted' AND e.source <> 'closing'
        GROUP BY l.union_id, left(a.code, 3)`,
      [centreId, unionIds, year],
    );
    return new Map(rows.map((r) => [`${r.union_id}/${r.code}`, money(r.amount)]));
  }

  async read(manager: EntityManager, centreId: string, budgetId: string): Promise<BudgetView> {
    const rows: BudgetRow[] = await manager.query(`${BUDGET_SELECT} WHERE b.centre_id = $1 AND b.id = $2`, [centreId, budgetId]);
    if (rows.length === 0) throw BudgetErrors.budgetNotFound(budgetId);
    const [view] = await this.withLines(manager, centreId, rows);
    return view;
  }

  private async withLines(manager: EntityManager, centreId: string, rows: BudgetRow[]): Promise<BudgetView[]> {
    if (rows.length === 0) return [];
    const lines = await this.lineRows(manager, centreId, rows.map((r) => r.id));
    return rows.map((row) => budgetView(row, lines.filter((l) => l.budget_id === row.id)));
  }

  private async readAdjustment(manager: EntityManager, centreId: string, adjustmentId: string): Promise<AdjustmentView> {
    const [row] = await manager.query('SELECT * FROM budget_adjustment WHERE centre_id = $1 AND id = $2', [centreId, adjustmentId]);
    if (!row) throw BudgetErrors.adjustmentNotFound(adjustmentId);
    const stored = row.changes as { changes: Array<{ budgetLineId: string; change: string }>; newLines: NewLineView[] };
    return {
      id: row.id,
      budgetId: row.budget_id,
      number: row.number,
      reason: row.reason,
      status: row.status,
      changes: stored.changes,
      newLines: stored.newLines,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at.toISOString(),
      decidedBy: row.decided_by,
      decidedAt: iso(row.decided_at),
      rejectionReason: row.rejection_reason,
      resultingVersion: row.resulting_version,
    };
  }

  private audit(view: BudgetView, action: string, detail: Record<string, unknown>): AuditEntry {
    return { centreId: view.centreId, action, objectType: 'budget', objectId: view.id, detail: { unionId: view.unionId, year: view.year, ...detail } };
  }
}

function newLineView(line: BudgetLineDto): NewLineView {
  return {
    kind: line.kind,
    fundType: line.kind === 'expenditure' ? (line.fundType ?? null) : null,
    categoryCode: line.categoryCode,
    projectName: line.projectName ?? null,
    purpose: line.purpose ?? null,
    description: line.description ?? null,
    amount: fmt(line.amount),
  };
}

function lineView(row: LineRow): BudgetLineView {
  const state = { adjusted: money(row.adjusted_amount), committed: money(row.committed), spent: money(row.spent) };
  return {
    id: row.id,
    lineNo: row.line_no,
    kind: row.kind,
    fundType: row.fund_type,
    categoryCode: row.code,
    categoryName: row.name,
    projectName: row.project_name,
    purpose: row.purpose,
    description: row.description,
    originalAmount: fmt(row.original_amount),
    adjustedAmount: fmt(row.adjusted_amount),
    committed: fmt(row.committed),
    spent: fmt(row.spent),
    available: fmt(row.kind === 'expenditure' ? availableOf(state) : ZERO),
    addedByAdjustment: row.added_by_adjustment,
  };
}

function budgetView(row: BudgetRow, lines: LineRow[]): BudgetView {
  const views = lines.map(lineView);
  const total = (kind: string) => fmt(sumMoney(views.filter((l) => l.kind === kind).map((l) => money(l.adjustedAmount))));
  return {
    id: row.id,
    centreId: row.centre_id,
    unionId: row.union_id,
    unionName: row.union_name,
    year: row.year,
    status: row.status,
    version: row.version,
    memo: row.memo,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    submittedBy: row.submitted_by,
    submittedAt: iso(row.submitted_at),
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    returnedReason: row.returned_reason,
    lines: views,
    incomeTotal: total('income'),
    expenditureTotal: total('expenditure'),
  };
}

/**
 * Execution per line: expenditure lines from their budget line (committed, spent, available); income lines from what
 * was received in the year under their income account. `incomeByLine` overrides the lookup by account (roll-ups).
 */
function executionLines(lines: LineRow[], received: (code: string) => Money, incomeByLine?: Map<string, Money>) {
  const rows: ExecutionLineView[] = lines.map((line) => {
    const adjusted = money(line.adjusted_amount);
    const isIncome = line.kind === 'income';
    const spent = isIncome ? (incomeByLine?.get(line.id) ?? received(line.code)) : money(line.spent);
    const committed = isIncome ? ZERO : money(line.committed);
    return {
      lineId: line.id,
      lineNo: line.line_no,
      kind: line.kind,
      fundType: line.fund_type,
      categoryCode: line.code,
      categoryName: line.name,
      projectName: line.project_name,
      budget: fmt(line.original_amount),
      adjustedBudget: fmt(adjusted),
      committed: fmt(committed),
      spent: fmt(spent),
      available: isIncome ? null : fmt(availableOf({ adjusted, committed, spent })),
      percentExecuted: percentExecuted(spent, adjusted),
    };
  });
  return { lines: rows, income: totals(rows.filter((r) => r.kind === 'income'), false), expenditure: totals(rows.filter((r) => r.kind === 'expenditure'), true) };
}

function totals(rows: ExecutionLineView[], expenditure: boolean): ExecutionTotalsView {
  const sum = (pick: (r: ExecutionLineView) => string) => sumMoney(rows.map((r) => money(pick(r))));
  const adjusted = sum((r) => r.adjustedBudget);
  const spent = sum((r) => r.spent);
  return {
    budget: fmt(sum((r) => r.budget)),
    adjustedBudget: fmt(adjusted),
    committed: fmt(sum((r) => r.committed)),
    spent: fmt(spent),
    available: expenditure ? fmt(sum((r) => r.available ?? '0')) : null,
    percentExecuted: percentExecuted(spent, adjusted),
  };
}
