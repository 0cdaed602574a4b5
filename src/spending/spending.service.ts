import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { actorOf, type AuditEntry, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible, canSeeUnion, Role, unionsInScope, yearInScope } from '../auth/index.js';
import { BudgetControl, type SpendingIntent } from '../budgets/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { idempotencyClaim } from '../common/idempotency.js';
import { formatMoney, money, ZERO } from '../common/money.js';
import { offsetOf, pageOf } from '../common/pagination.js';
import { orderBy } from '../common/sorting.js';
import type { RequestContext } from '../common/request-context.js';
import { cachedChart, type Chart, LedgerService } from '../ledger/index.js';
import type { CLAIM_SORT_KEYS, ClaimQuery, ClaimView, PostClaimDto, RaiseClaimDto } from './dto/spending.dto.js';
import { SpendingErrors } from './spending.errors.js';

interface ClaimRow {
  centre_id: string;
  id: string;
  year: number;
  number: number;
  union_id: string;
  union_name: string;
  status: string;
  payee: string;
  amount: string;
  item_id: string;
  item_code: string;
  budget_line_id: string | null;
  account_code: string;
  account_name: string;
  purpose: string;
  attachments: string[];
  member_count: number | null;
  raised_by: string;
  raised_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  posted_by: string | null;
  posted_at: Date | null;
  entry_id: string | null;
  refused_by: string | null;
  refused_at: Date | null;
  refused_step: string | null;
  refusal_reason: string | null;
}

const CLAIM_SELECT = `
  SELECT s.*, u.name AS union_name, i.code AS item_code, a.code AS account_code, a.name AS account_name
    FROM spending_claim s
    JOIN trade_union u ON u.centre_id = s.centre_id AND u.id = s.union_id
    JOIN positive_list_item i ON i.centre_id = s.centre_id AND i.id = s.item_id
    JOIN account a ON a.id = s.account_id`;

/** The columns a sort key of the claims list stands for (the key text never reaches the SQL). */
const CLAIM_SORT_COLUMNS: Record<(typeof CLAIM_SORT_KEYS)[number], string> = {
  number: '(s.year, s.number)',
  amount: 's.amount',
  raisedAt: 's.raised_at',
  payee: 's.payee',
  unionName: 'u.name',
};

const today = () => new Date().toISOString().slice(0, 10);
const iso = (value: Date | null) => (value ? value.toISOString() : null);

/**
 * Spending claims (经费支出申请). The union decides (所有权、使用权、审批权不变): its treasurer raises a claim, its
 * chair approves it, and the approval holds the amount on the budget line. The centre checks the claim and pays it
 * from the unified account out of the union's own cash. Every step can refuse, with a reason.
 */
@Injectable()
export class SpendingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
    private readonly control: BudgetControl,
    private readonly ledger: LedgerService,
  ) {}

  async raise(ctx: RequestContext, centreId: string, dto: RaiseClaimDto): Promise<ClaimView> {
    return (await this.raiseOnce(ctx, centreId, dto, undefined)).result;
  }

  /**
   * With an Idempotency-Key, a repeated submission of the same claim (a double click, a retry after a lost answer)
   * gets the first claim back instead of raising a second one; the key is bound to whoever raised it.
   */
  raiseOnce(ctx: RequestContext, centreId: string, dto: RaiseClaimDto, idempotencyKey: string | undefined): Promise<{ result: ClaimView; replayed: boolean }> {
    assertCentreVisible(ctx.principal, centreId);
    const unionId = dto.unionId ?? ctx.principal.unionId;
    if (!unionId || ctx.principal.unionId !== unionId) throw CommonErrors.notFound('Union', dto.unionId ?? '');
    const claimKey = idempotencyClaim(centreId, idempotencyKey, 'claim.raise', { ...dto, raisedBy: ctx.principal.userId });
    return this.write.runIdempotent(actorOf(ctx), claimKey, async (manager) => {
      const chart = await cachedChart(manager, centreId);
      const date = today();
      const accountCode = dto.accountCode ?? (await this.categoryOf(manager, centreId, dto.positiveListItemId, date));
      this.checkAccount(chart, accountCode);
      const intent: SpendingIntent = {
        centreId,
        unionId,
        year: Number(date.slice(0, 4)),
        date,
        accountCode,
        amount: money(dto.amount),
        budgetLineId: dto.budgetLineId ?? null,
        itemId: dto.positiveListItemId,
        headcount: dto.memberCount ?? null,
      };
      const refusal = await this.control.preview(manager, intent, chart);
      if (refusal) throw refusal;
      const { year } = intent;
      const [counter]: Array<{ last_number: number }> = await manager.query(
        `INSERT INTO spending_claim_counter AS c (centre_id, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (centre_id, year) DO UPDATE SET last_number = c.last_number + 1 RETURNING last_number`,
        [centreId, year],
      );
      const id = randomUUID();
      await manager.query(
        `INSERT INTO spending_claim (centre_id, id, year, number, union_id, payee, amount, item_id, budget_line_id, account_id, purpose,
           attachments, member_count, raised_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          centreId,
          id,
          year,
          counter.last_number,
          unionId,
          dto.payee,
          formatMoney(intent.amount),
          dto.positiveListItemId,
          intent.budgetLineId,
          chart.byCode(accountCode)!.id,
          dto.purpose,
          dto.attachments ?? [],
          dto.memberCount ?? null,
          ctx.principal.userId,
        ],
      );
      const view = await this.read(manager, centreId, id);
      return { result: view, audit: this.audit(view, 'claim.raise', { after: view }) };
    }, 201);
  }

  /** The union chair's approval (审批): never of a claim they raised; it holds the amount on the budget line. */
  approve(ctx: RequestContext, centreId: string, claimId: string): Promise<ClaimView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const claim = await this.lock(manager, ctx, centreId, claimId);
      if (claim.status !== 'submitted') throw SpendingErrors.wrongStatus(claimId, claim.status, 'submitted');
      if (claim.raised_by === ctx.principal.userId) throw SpendingErrors.fourEyes();
      const chart = await cachedChart(manager, centreId);
      const refusal = await this.control.commit(manager, this.intentOf(claim, today()), chart);
      if (refusal) throw refusal;
      await manager.query(
        `UPDATE spending_claim SET status = 'approved', approved_by = $3, approved_at = now() WHERE centre_id = $1 AND id = $2`,
        [centreId, claimId, ctx.principal.userId],
      );
      const view = await this.read(manager, centreId, claimId);
      return { result: view, audit: this.audit(view, 'claim.approve', {}) };
    });
  }

  /**
   * The centre's check and payment: the claim's hold is given back and the same amount is spent by the posting,
   * which runs every guard again (caps, budget, and the union's own cash).
   */
  post(ctx: RequestContext, centreId: string, claimId: string, dto: PostClaimDto, idempotencyKey?: string) {
    const claimKey = idempotencyClaim(centreId, idempotencyKey, 'claim.post', { claimId, ...dto });
    return this.write.runIdempotent(actorOf(ctx), claimKey, async (manager) => {
      const claim = await this.lock(manager, ctx, centreId, claimId);
      if (claim.status !== 'approved') throw SpendingErrors.wrongStatus(claimId, claim.status, 'approved');
      const date = dto.date ?? today();
      const payFrom = dto.payFromAccountCode ?? '102';
      const chart = await cachedChart(manager, centreId);
      const cash = chart.byCode(payFrom);
      if (!cash?.isCash || !cash.postable) throw SpendingErrors.payFromNotPostable(payFrom);
      if (Number(date.slice(0, 4)) !== claim.year) throw SpendingErrors.wrongYear(claim.year, date);
      const intent = this.intentOf(claim, date);
      await this.control.release(manager, intent);
      const { entry, audit } = await this.ledger.postEntry(manager, actorOf(ctx), {
        centreId,
        date,
        memo: `支付经费支出申请${claim.year}-${String(claim.number).padStart(4, '0')}：${claim.purpose}`.slice(0, 200),
        source: 'spending',
        lines: [
          {
            unionId: claim.union_id,
            accountCode: claim.account_code,
            debit: intent.amount,
            credit: ZERO,
            budgetLineId: claim.budget_line_id,
            positiveListItemId: claim.item_id,
            headcount: claim.member_count,
            memo: claim.payee.slice(0, 200),
          },
          { unionId: claim.union_id, accountCode: payFrom, debit: ZERO, credit: intent.amount, memo: claim.payee.slice(0, 200) },
        ],
      });
      await manager.query(
        `UPDATE spending_claim SET status = 'posted', posted_by = $3, posted_at = now(), entry_id = $4 WHERE centre_id = $1 AND id = $2`,
        [centreId, claimId, ctx.principal.userId, entry.id],
      );
      const view = await this.read(manager, centreId, claimId);
      const audits: AuditEntry[] = [audit, this.audit(view, 'claim.post', { entryId: entry.id, entryNumber: entry.number })];
      return { result: view, audit: audits };
    });
  }

  /**
   * Refusal with a reason: by the union's chair while the claim waits for approval, by the centre while it waits
   * for payment (which gives its hold on the budget back).
   */
  refuse(ctx: RequestContext, centreId: string, claimId: string, reason: string): Promise<ClaimView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const claim = await this.lock(manager, ctx, centreId, claimId);
      const role = ctx.principal.role;
      let step: 'union' | 'centre';
      if (claim.status === 'submitted' && role === Role.UnionChair) step = 'union';
      else if (claim.status === 'approved' && (role === Role.CentreAccountant || role === Role.CentreSupervisor)) step = 'centre';
      else if (claim.status === 'submitted' || claim.status === 'approved') {
        throw CommonErrors.forbidden(claim.status === 'submitted' ? 'The union’s chair decides a submitted claim.' : 'The centre checks an approved claim.');
      } else throw SpendingErrors.wrongStatus(claimId, claim.status, 'submitted or approved');
      if (step === 'union' && claim.raised_by === ctx.principal.userId) throw SpendingErrors.fourEyes();
      if (step === 'centre') await this.control.release(manager, this.intentOf(claim, today()));
      await manager.query(
        `UPDATE spending_claim SET status = 'refused', refused_by = $3, refused_at = now(), refused_step = $4, refusal_reason = $5
          WHERE centre_id = $1 AND id = $2`,
        [centreId, claimId, ctx.principal.userId, step, reason],
      );
      const view = await this.read(manager, centreId, claimId);
      return { result: view, audit: this.audit(view, 'claim.refuse', { step, reason }) };
    });
  }

  /** Whoever raised a claim may take it back before it is approved. */
  withdraw(ctx: RequestContext, centreId: string, claimId: string): Promise<ClaimView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const claim = await this.lock(manager, ctx, centreId, claimId);
      if (claim.status !== 'submitted') throw SpendingErrors.wrongStatus(claimId, claim.status, 'submitted');
      if (claim.raised_by !== ctx.principal.userId) throw SpendingErrors.notRaiser();
      await manager.query(`UPDATE spending_claim SET status = 'withdrawn' WHERE centre_id = $1 AND id = $2`, [centreId, claimId]);
      const view = await this.read(manager, centreId, claimId);
      return { result: view, audit: this.audit(view, 'claim.withdraw', {}) };
    });
  }

  async get(ctx: RequestContext, centreId: string, claimId: string): Promise<ClaimView> {
    assertCentreVisible(ctx.principal, centreId);
    const view = await this.read(this.dataSource.manager, centreId, claimId).catch(() => undefined);
    if (!view || !canSeeUnion(ctx.principal, centreId, view.unionId) || !yearInScope(ctx.principal, view.year)) throw SpendingErrors.notFound(claimId);
    return view;
  }

  async list(ctx: RequestContext, centreId: string, query: ClaimQuery) {
    assertCentreVisible(ctx.principal, centreId);
    const conditions = ['s.centre_id = $1'];
    const params: unknown[] = [centreId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    const scope = unionsInScope(ctx.principal, centreId);
    if (scope !== 'all') add('s.union_id = ANY(?)', scope);
    if (ctx.principal.audit) {
      add('s.year >= ?', Number(ctx.principal.audit.periodFrom.slice(0, 4)));
      add('s.year <= ?', Number(ctx.principal.audit.periodTo.slice(0, 4)));
    }
    if (query.unionId) add('s.union_id = ?', query.unionId);
    if (query.status) add('s.status = ?', query.status);
    if (query.year) add('s.year = ?', query.year);
    const where = conditions.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM spending_claim s WHERE ${where}`, params);
    const rows: ClaimRow[] = await this.dataSource.query(
      `${CLAIM_SELECT} WHERE ${where}
        ORDER BY ${orderBy(query.sort, CLAIM_SORT_COLUMNS, 's.year DESC, s.number DESC', 's.id')}
        LIMIT ${query.pageSize} OFFSET ${offsetOf(query)}`,
      params,
    );
    return pageOf(rows.map(claimView), total, query);
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private intentOf(claim: ClaimRow, date: string): SpendingIntent {
    return {
      centreId: claim.centre_id,
      unionId: claim.union_id,
      year: claim.year,
      date,
      accountCode: claim.account_code,
      amount: money(claim.amount),
      budgetLineId: claim.budget_line_id,
      itemId: claim.item_id,
      headcount: claim.member_count,
    };
  }

  private async categoryOf(manager: EntityManager, centreId: string, itemId: string, date: string): Promise<string> {
    const [row] = await manager.query(
      `SELECT c.code FROM positive_list_version v JOIN account c ON c.id = v.category_account_id
        WHERE v.centre_id = $1 AND v.item_id = $2 AND v.effective_from <= $3 ORDER BY v.effective_from DESC LIMIT 1`,
      [centreId, itemId, date],
    );
    // an item not on the list is answered by budget control with its own error; the account then does not matter
    return row?.code ?? '501';
  }

  private checkAccount(chart: Chart, code: string): void {
    const account = chart.byCode(code);
    if (!account || account.category !== 'expenditure') throw SpendingErrors.accountNotExpenditure(code);
    if (!account.postable) throw SpendingErrors.accountNotPostable(code);
  }

  /** The claim, locked; outside the caller's union it does not exist. */
  private async lock(manager: EntityManager, ctx: RequestContext, centreId: string, claimId: string): Promise<ClaimRow> {
    assertCentreVisible(ctx.principal, centreId);
    const [row]: ClaimRow[] = await manager.query(`${CLAIM_SELECT} WHERE s.centre_id = $1 AND s.id = $2 FOR UPDATE OF s`, [centreId, claimId]);
    if (!row || !canSeeUnion(ctx.principal, centreId, row.union_id)) throw SpendingErrors.notFound(claimId);
    return row;
  }

  private async read(manager: EntityManager, centreId: string, claimId: string): Promise<ClaimView> {
    const [row]: ClaimRow[] = await manager.query(`${CLAIM_SELECT} WHERE s.centre_id = $1 AND s.id = $2`, [centreId, claimId]);
    if (!row) throw SpendingErrors.notFound(claimId);
    return claimView(row);
  }

  private audit(view: ClaimView, action: string, detail: Record<string, unknown>): AuditEntry {
    return {
      centreId: view.centreId,
      action,
      objectType: 'spending_claim',
      objectId: view.id,
      detail: { number: view.number, unionId: view.unionId, amount: view.amount, ...detail },
    };
  }
}

function claimView(row: ClaimRow): ClaimView {
  return {
    id: row.id,
    centreId: row.centre_id,
    number: `${row.year}-${String(row.number).padStart(4, '0')}`,
    year: row.year,
    unionId: row.union_id,
    unionName: row.union_name,
    status: row.status,
    payee: row.payee,
    amount: formatMoney(money(row.amount)),
    positiveListItemId: row.item_id,
    itemCode: row.item_code,
    budgetLineId: row.budget_line_id,
    accountCode: row.account_code,
    accountName: row.account_name,
    purpose: row.purpose,
    attachments: row.attachments,
    memberCount: row.member_count,
    raisedBy: row.raised_by,
    raisedAt: row.raised_at.toISOString(),
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    postedBy: row.posted_by,
    postedAt: iso(row.posted_at),
    entryId: row.entry_id,
    refusedBy: row.refused_by,
    refusedAt: iso(row.refused_at),
    refusedStep: row.refused_step,
    refusalReason: row.refusal_reason,
  };
}
