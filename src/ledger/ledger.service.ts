import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuditActor, type AuditEntry, actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible, periodInScope, Role, unionsInScope } from '../auth/index.js';
import { idempotencyClaim } from '../common/idempotency.js';
import { formatMoney, money, type Money, sumMoney, ZERO } from '../common/money.js';
import { offsetOf, pageOf } from '../common/pagination.js';
import { orderBy } from '../common/sorting.js';
import type { Principal, RequestContext } from '../common/request-context.js';
import { type Chart, cachedChart } from './chart.js';
import type { CreateEntryDto, ENTRY_SORT_KEYS, EntryLineView, EntryQuery, EntryView, ReverseEntryDto } from './dto/ledger.dto.js';
import { LedgerErrors } from './ledger.errors.js';
import type { PostingGuard } from './posting-guard.js';
import {
  balanceKey,
  cashDecreases,
  checkEntry,
  checkPosting,
  type EntryDraft,
  type EntrySource,
  type LineDraft,
  periodOf,
  reversalOf,
} from './posting.js';

/** What another context hands the ledger to post (dues, spending, banking, preparation funds, closing). */
export interface PostingRequest {
  centreId: string;
  date: string;
  memo: string;
  source: Exclude<EntrySource, 'manual'>;
  lines: LineDraft[];
  reversesEntryId?: string;
}

interface EntryRow {
  centre_id: string;
  id: string;
  year: number;
  month: number;
  entry_date: string;
  number: number | null;
  status: string;
  source: string;
  memo: string;
  prepared_by: string | null;
  prepared_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  posted_by: string | null;
  posted_at: Date | null;
  rejection_reason: string | null;
  reverses_entry_id: string | null;
  reversed_by_entry_id: string | null;
}

interface LineRow {
  entry_id: string;
  line_no: number;
  union_id: string;
  account_id: string;
  code: string;
  name: string;
  debit: string;
  credit: string;
  enterprise_id: string | null;
  budget_line_id: string | null;
  project_code: string | null;
  positive_list_item_id: string | null;
  headcount: number | null;
  memo: string | null;
}

const entryColumns = (alias = '') =>
  ['centre_id', 'id', 'year', 'month', 'number', 'status', 'source', 'memo', 'prepared_by', 'prepared_at', 'approved_by',
    'approved_at', 'posted_by', 'posted_at', 'rejection_reason', 'reverses_entry_id', 'reversed_by_entry_id']
    .map((column) => `${alias}${column}`)
    .concat(`to_char(${alias}entry_date, 'YYYY-MM-DD') AS entry_date`)
    .join(', ');
const ENTRY_COLUMNS = entryColumns();

/**
 * Journal entries (凭证). The only writer of journal lines: manual entries go draft → approved → posted with four
 * eyes; entries built by other contexts go straight through `postEntry`, the one posting function.
 */
const ENTRY_SORT_COLUMNS: Record<(typeof ENTRY_SORT_KEYS)[number], string> = {
  date: 'e.entry_date',
  number: 'e.number',
  period: 'make_date(e.year, e.month, 1)',
  preparedAt: 'e.prepared_at',
};

@Injectable()
export class LedgerService {
  private readonly guards: PostingGuard[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  /** Another context's rule joins every posting and every draft check (budget control registers itself here). */
  usePostingGuard(guard: PostingGuard): void {
    this.guards.push(guard);
  }

  // ---- the posting function ---------------------------------------------------------------------------------

  /**
   * Posts an entry inside the caller's transaction: guards first (posting.ts, in order), then the writes. Returns
   * the entry and the audit record the caller's envelope appends.
   */
  async postEntry(manager: EntityManager, actor: AuditActor, request: PostingRequest): Promise<{ entry: EntryView; audit: AuditEntry }> {
    const { centreId } = request;
    const draft: EntryDraft = { date: request.date, memo: request.memo, source: request.source, lines: request.lines };
    const { year, month } = periodOf(request.date);
    const chart = await cachedChart(manager, centreId);
    await this.checkGuards(manager, centreId, draft, chart, true);

    const id = randomUUID();
    await this.insertLines(manager, centreId, id, draft.lines, chart);
    const [row] = await manager.query(
      `INSERT INTO journal_entry (centre_id, id, year, month, entry_date, status, source, memo, prepared_by, posted_by, reverses_entry_id)
       VALUES ($1, $2, $3, $4, $5, 'posted', $6, $7, $8, $8, $9)
       RETURNING ${ENTRY_COLUMNS}`,
      [centreId, id, year, month, request.date, request.source, request.memo, actor.userId, request.reversesEntryId ?? null],
    );
    const entry = entryView(row, draft.lines.map((line, index) => lineView(index, line, chart)));
    return { entry, audit: this.postedAudit(entry) };
  }

  // ---- manual entries: draft → approved → posted ---------------------------------------------------------------

  async createDraft(ctx: RequestContext, centreId: string, dto: CreateEntryDto, idempotencyKey?: string) {
    assertCentreVisible(ctx.principal, centreId);
    const draft = this.draftOf(dto);
    const claim = idempotencyClaim(centreId, idempotencyKey, 'entry.create', dto);
    return this.write.runIdempotent(
      actorOf(ctx),
      claim,
      async (manager) => {
        await this.requireCentre(manager, centreId);
        const chart = await cachedChart(manager, centreId);
        await this.checkGuards(manager, centreId, draft, chart, false);
        const id = randomUUID();
        await this.insertLines(manager, centreId, id, draft.lines, chart);
        const { year, month } = periodOf(dto.date);
        await manager.query(
          `INSERT INTO journal_entry (centre_id, id, year, month, entry_date, status, source, memo, prepared_by)
           VALUES ($1, $2, $3, $4, $5, 'draft', 'manual', $6, $7)`,
          [centreId, id, year, month, dto.date, dto.memo, ctx.principal.userId],
        );
        const entry = await this.readEntry(manager, centreId, id);
        return { result: entry, audit: { centreId, action: 'entry.create', objectType: 'entry', objectId: id, detail: { after: entry } } };
      },
      201,
    );
  }

  updateDraft(ctx: RequestContext, centreId: string, entryId: string, dto: CreateEntryDto): Promise<EntryView> {
    assertCentreVisible(ctx.principal, centreId);
    const draft = this.draftOf(dto);
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lockEntry(manager, centreId, entryId);
      if (row.status !== 'draft') throw LedgerErrors.wrongStatus(entryId, row.status, 'draft');
      if (row.prepared_by !== ctx.principal.userId) throw LedgerErrors.notPreparer();
      const chart = await cachedChart(manager, centreId);
      await this.checkGuards(manager, centreId, draft, chart, false);
      const before = await this.readEntry(manager, centreId, entryId);
      await manager.query('DELETE FROM journal_line WHERE centre_id = $1 AND entry_id = $2', [centreId, entryId]);
      await this.insertLines(manager, centreId, entryId, draft.lines, chart);
      const { year, month } = periodOf(dto.date);
      await manager.query(
        `UPDATE journal_entry SET year = $3, month = $4, entry_date = $5, memo = $6, rejection_reason = NULL
          WHERE centre_id = $1 AND id = $2`,
        [centreId, entryId, year, month, dto.date, dto.memo],
      );
      const after = await this.readEntry(manager, centreId, entryId);
      return { result: after, audit: { centreId, action: 'entry.update', objectType: 'entry', objectId: entryId, detail: { before, after } } };
    });
  }

  discardDraft(ctx: RequestContext, centreId: string, entryId: string): Promise<void> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lockEntry(manager, centreId, entryId);
      if (row.status === 'posted') throw LedgerErrors.wrongStatus(entryId, row.status, 'a draft');
      if (row.prepared_by !== ctx.principal.userId) throw LedgerErrors.notPreparer();
      const before = await this.readEntry(manager, centreId, entryId);
      await manager.query('DELETE FROM journal_entry WHERE centre_id = $1 AND id = $2', [centreId, entryId]);
      return { result: undefined, audit: { centreId, action: 'entry.discard', objectType: 'entry', objectId: entryId, detail: { before } } };
    });
  }

  /** Four eyes (invariant 7): the approver is never the preparer. */
  approve(ctx: RequestContext, centreId: string, entryId: string): Promise<EntryView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lockEntry(manager, centreId, entryId);
      if (row.status !== 'draft') throw LedgerErrors.wrongStatus(entryId, row.status, 'draft');
      if (row.prepared_by === ctx.principal.userId) throw LedgerErrors.fourEyes();
      const [entry] = await this.withLines(manager, centreId, [row]);
      const chart = await cachedChart(manager, centreId);
      await this.checkGuards(manager, centreId, this.draftFromView(entry), chart, false);
      await manager.query(
        `UPDATE journal_entry SET status = 'approved', approved_by = $3, approved_at = now(), rejection_reason = NULL
          WHERE centre_id = $1 AND id = $2`,
        [centreId, entryId, ctx.principal.userId],
      );
      const after = await this.readEntry(manager, centreId, entryId);
      return { result: after, audit: { centreId, action: 'entry.approve', objectType: 'entry', objectId: entryId, detail: {} } };
    });
  }

  reject(ctx: RequestContext, centreId: string, entryId: string, reason: string): Promise<EntryView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const row = await this.lockEntry(manager, centreId, entryId);
      if (row.status === 'posted') throw LedgerErrors.wrongStatus(entryId, row.status, 'draft or approved');
      if (row.prepared_by === ctx.principal.userId) throw LedgerErrors.fourEyes();
      await manager.query(
        `UPDATE journal_entry SET status = 'draft', approved_by = NULL, approved_at = NULL, rejection_reason = $3
          WHERE centre_id = $1 AND id = $2`,
        [centreId, entryId, reason],
      );
      const after = await this.readEntry(manager, centreId, entryId);
      return { result: after, audit: { centreId, action: 'entry.reject', objectType: 'entry', objectId: entryId, detail: { reason } } };
    });
  }

  /** Posts an approved manual entry: the same guards as every posting, then the entry takes its number. */
  post(ctx: RequestContext, centreId: string, entryId: string, idempotencyKey?: string) {
    assertCentreVisible(ctx.principal, centreId);
    const claim = idempotencyClaim(centreId, idempotencyKey, 'entry.post', { entryId });
    return this.write.runIdempotent(actorOf(ctx), claim, async (manager) => {
      const row = await this.lockEntry(manager, centreId, entryId);
      if (row.status !== 'approved') throw LedgerErrors.wrongStatus(entryId, row.status, 'approved');
      const [current] = await this.withLines(manager, centreId, [row]);
      const chart = await cachedChart(manager, centreId);
      await this.checkGuards(manager, centreId, this.draftFromView(current), chart, true);
      // TypeORM answers an UPDATE with [rows, count]
      const [[updated]] = await manager.query(
        `UPDATE journal_entry SET status = 'posted', posted_by = $3, posted_at = now() WHERE centre_id = $1 AND id = $2
         RETURNING ${ENTRY_COLUMNS}`,
        [centreId, entryId, ctx.principal.userId],
      );
      const entry = entryView(updated, current.lines);
      return { result: entry, audit: this.postedAudit(entry) };
    });
  }

  /**
   * 红字冲销: posts the mirror of a posted entry (same lines, amounts negated) in an open period and links the two
   * both ways. An entry is reversed at most once; a reversal is not reversed again.
   */
  reverse(ctx: RequestContext, centreId: string, entryId: string, dto: ReverseEntryDto, idempotencyKey?: string) {
    assertCentreVisible(ctx.principal, centreId);
    const claim = idempotencyClaim(centreId, idempotencyKey, 'entry.reverse', { entryId, ...dto });
    return this.write.runIdempotent(
      actorOf(ctx),
      claim,
      async (manager) => {
        const row = await this.lockEntry(manager, centreId, entryId);
        if (row.status !== 'posted') throw LedgerErrors.wrongStatus(entryId, row.status, 'posted');
        if (row.source === 'reversal') throw LedgerErrors.cannotReverseReversal(entryId);
        if (row.reversed_by_entry_id) throw LedgerErrors.alreadyReversed(entryId);
        const original = await this.readEntry(manager, centreId, entryId);
        const date = dto.date ?? new Date().toISOString().slice(0, 10);
        const { entry, audit } = await this.postEntry(manager, actorOf(ctx), {
          centreId,
          date,
          memo: dto.memo ?? `冲销${original.period}第${original.number}号凭证：${original.memo}`.slice(0, 200),
          source: 'reversal',
          lines: reversalOf(this.draftFromView(original).lines, periodOf(date).year !== periodOf(original.date).year),
          reversesEntryId: entryId,
        });
        await manager.query('UPDATE journal_entry SET reversed_by_entry_id = $3 WHERE centre_id = $1 AND id = $2', [centreId, entryId, entry.id]);
        return { result: entry, audit: { ...audit, action: 'entry.reverse', detail: { ...audit.detail, reverses: entryId } } };
      },
      201,
    );
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  async get(ctx: RequestContext, centreId: string, entryId: string): Promise<EntryView> {
    assertCentreVisible(ctx.principal, centreId);
    const entry = await this.readEntry(this.dataSource.manager, centreId, entryId).catch(() => undefined);
    const visible = entry && this.narrowToScope(ctx.principal, centreId, entry);
    if (!visible) throw LedgerErrors.entryNotFound(entryId);
    return visible;
  }

  async list(ctx: RequestContext, centreId: string, query: EntryQuery) {
    assertCentreVisible(ctx.principal, centreId);
    const conditions = ['e.centre_id = $1'];
    const params: unknown[] = [centreId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status) add('e.status = ?', query.status);
    if (query.source) add('e.source = ?', query.source);
    if (query.period) {
      add('e.year = ?', Number(query.period.slice(0, 4)));
      add('e.month = ?', Number(query.period.slice(5, 7)));
    }
    const scope = unionsInScope(ctx.principal, centreId);
    if (query.unionId) add('EXISTS (SELECT 1 FROM journal_line l WHERE l.centre_id = e.centre_id AND l.entry_id = e.id AND l.union_id = ?)', query.unionId);
    if (scope !== 'all') {
      // a union's people and a union-scoped auditor see the posted entries that touch their unions
      add('EXISTS (SELECT 1 FROM journal_line l WHERE l.centre_id = e.centre_id AND l.entry_id = e.id AND l.union_id = ANY(?))', scope);
      conditions.push(`e.status = 'posted'`);
    }
    const reach = ctx.principal.audit;
    if (reach) {
      // an auditor reads the engagement's months only, and posted entries only
      add(`make_date(e.year, e.month, 1) >= to_date(?, 'YYYY-MM')`, reach.periodFrom);
      add(`make_date(e.year, e.month, 1) <= to_date(?, 'YYYY-MM')`, reach.periodTo);
      conditions.push(`e.status = 'posted'`);
    }
    const where = conditions.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM journal_entry e WHERE ${where}`, params);
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT ${entryColumns('e.')} FROM journal_entry e
        WHERE ${where}
        ORDER BY ${orderBy(query.sort, ENTRY_SORT_COLUMNS, 'e.entry_date DESC, e.number DESC NULLS FIRST', 'e.prepared_at DESC, e.id')}
        LIMIT ${query.pageSize} OFFSET ${offsetOf(query)}`,
      params,
    );
    const entries = await this.withLines(this.dataSource.manager, centreId, rows);
    const visible = entries.map((entry) => this.narrowToScope(ctx.principal, centreId, entry)).filter((e): e is EntryView => !!e);
    return pageOf(visible, total, query);
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private draftOf(dto: CreateEntryDto): EntryDraft {
    return {
      date: dto.date,
      memo: dto.memo,
      source: 'manual',
      lines: dto.lines.map((line) => ({
        unionId: line.unionId,
        accountCode: line.accountCode,
        debit: line.debit !== undefined ? money(line.debit) : ZERO,
        credit: line.credit !== undefined ? money(line.credit) : ZERO,
        enterpriseId: line.enterpriseId ?? null,
        budgetLineId: line.budgetLineId ?? null,
        projectCode: line.projectCode ?? null,
        positiveListItemId: line.positiveListItemId ?? null,
        headcount: line.headcount ?? null,
        memo: line.memo ?? null,
      })),
    };
  }

  private draftFromView(entry: EntryView): EntryDraft {
    return {
      date: entry.date,
      memo: entry.memo,
      source: entry.source as EntrySource,
      lines: entry.lines.map((line) => ({
        unionId: line.unionId,
        accountCode: line.accountCode,
        debit: money(line.debit),
        credit: money(line.credit),
        enterpriseId: line.enterpriseId,
        budgetLineId: line.budgetLineId,
        projectCode: line.projectCode,
        positiveListItemId: line.positiveListItemId,
        headcount: line.headcount,
        memo: line.memo,
      })),
    };
  }

  private async requireCentre(manager: EntityManager, centreId: string): Promise<void> {
    const [row] = await manager.query('SELECT 1 FROM centre WHERE id = $1', [centreId]);
    if (!row) throw LedgerErrors.entryNotFound(centreId);
  }

  /**
   * Rules 1–5 and 6, then the guards of other contexts (8, budget control), then 7 when `posting`. Rules 1–6 read
   * their state in one round trip: the period's status (its row shared-locked, so a closing waits for the writes in
   * flight) and which of the entry's unions exist.
   */
  private async checkGuards(manager: EntityManager, centreId: string, draft: EntryDraft, chart: Chart, posting: boolean): Promise<void> {
    const { year, month, label } = periodOf(draft.date);
    const [state] = await manager.query(
      `SELECT (SELECT status FROM accounting_period WHERE centre_id = $1 AND year = $2 AND month = $3 FOR SHARE) AS period_status,
              ARRAY(SELECT id FROM trade_union WHERE centre_id = $1 AND id = ANY($4::uuid[])) AS unions`,
      [centreId, year, month, [...new Set(draft.lines.map((l) => l.unionId))]],
    );
    const known = new Set<string>(state.unions);
    const shape = checkEntry(draft, chart.byCode, (id) => known.has(id));
    if (shape) throw shape;
    const period = state.period_status ? { status: state.period_status as string } : undefined;
    if (period?.status !== 'open') throw LedgerErrors.periodNotOpen(label, period?.status ?? 'not opened');
    // other contexts' guards (budget control) lock their rows before the cash rows, as a claim's posting does
    for (const guard of this.guards) {
      const refusal = await guard.check(manager, centreId, draft, chart, posting);
      if (refusal) throw refusal;
    }
    if (posting) await this.checkCashAndPeriod(manager, centreId, draft, chart, period);
  }

  /**
   * Every posting draws the next number of its centre and year, which locks that counter row until commit; balance
   * rows are locked after it (the posting's upsert, in key order). A posting that must lock balance rows before it
   * is numbered (cash it takes out, what a remittance pays) takes the counter first, so that every posting locks in
   * the same order — counter, then balances — and a payment never deadlocks with a receipt of the same union.
   */
  async takePostingTurn(manager: EntityManager, centreId: string, date: string): Promise<void> {
    await manager.query(
      `INSERT INTO entry_number_counter AS c (centre_id, year) VALUES ($1, $2)
       ON CONFLICT (centre_id, year) DO UPDATE SET last_number = c.last_number`,
      [centreId, periodOf(date).year],
    );
  }

  /** Rules 6–7 under lock: the cash rows an entry takes money from are locked (in key order) before they are read. */
  private async checkCashAndPeriod(manager: EntityManager, centreId: string, draft: EntryDraft, chart: Chart, period: { status: string } | undefined) {
    const decreases = cashDecreases(draft.lines, chart.byCode).sort((a, b) =>
      balanceKey(a.unionId, a.account.id).localeCompare(balanceKey(b.unionId, b.account.id)),
    );
    const balances = new Map<string, Money>();
    if (decreases.length > 0 && period?.status === 'open') {
      await this.takePostingTurn(manager, centreId, draft.date);
      const rows: Array<{ union_id: string; account_id: string; balance: string }> = await manager.query(
        `SELECT union_id, account_id, balance FROM ledger_balance
          WHERE centre_id = $1 AND (union_id, account_id) IN (SELECT * FROM unnest($2::uuid[], $3::uuid[]))
          ORDER BY union_id, account_id FOR UPDATE`,
        [centreId, decreases.map((d) => d.unionId), decreases.map((d) => d.account.id)],
      );
      for (const row of rows) balances.set(balanceKey(row.union_id, row.account_id), money(row.balance));
    }
    const error = checkPosting(draft, period, decreases, balances);
    if (error) throw error;
  }

  private async insertLines(manager: EntityManager, centreId: string, entryId: string, lines: LineDraft[], chart: Chart): Promise<void> {
    await manager.query(
      `INSERT INTO journal_line (centre_id, entry_id, line_no, union_id, account_id, debit, credit, enterprise_id, budget_line_id,
         project_code, positive_list_item_id, memo, headcount)
       SELECT $1, $2, * FROM unnest($3::int[], $4::uuid[], $5::uuid[], $6::numeric[], $7::numeric[], $8::uuid[], $9::uuid[],
         $10::text[], $11::uuid[], $12::text[], $13::int[])`,
      [
        centreId,
        entryId,
        lines.map((_, i) => i + 1),
        lines.map((l) => l.unionId),
        lines.map((l) => chart.byCode(l.accountCode)!.id),
        lines.map((l) => formatMoney(l.debit)),
        lines.map((l) => formatMoney(l.credit)),
        lines.map((l) => l.enterpriseId ?? null),
        lines.map((l) => l.budgetLineId ?? null),
        lines.map((l) => l.projectCode ?? null),
        lines.map((l) => l.positiveListItemId ?? null),
        lines.map((l) => l.memo ?? null),
        lines.map((l) => l.headcount ?? null),
      ],
    );
  }

  private async lockEntry(manager: EntityManager, centreId: string, entryId: string): Promise<EntryRow> {
    const [row] = await manager.query(`SELECT ${ENTRY_COLUMNS} FROM journal_entry WHERE centre_id = $1 AND id = $2 FOR UPDATE`, [centreId, entryId]);
    if (!row) throw LedgerErrors.entryNotFound(entryId);
    return row;
  }

  async readEntry(manager: EntityManager, centreId: string, entryId: string): Promise<EntryView> {
    const [row] = await manager.query(`SELECT ${ENTRY_COLUMNS} FROM journal_entry WHERE centre_id = $1 AND id = $2`, [centreId, entryId]);
    if (!row) throw LedgerErrors.entryNotFound(entryId);
    const [entry] = await this.withLines(manager, centreId, [row]);
    return entry;
  }

  private async withLines(manager: EntityManager, centreId: string, rows: EntryRow[]): Promise<EntryView[]> {
    if (rows.length === 0) return [];
    const lines: LineRow[] = await manager.query(
      `SELECT l.entry_id, l.line_no, l.union_id, l.account_id, a.code, a.name, l.debit, l.credit, l.enterprise_id, l.budget_line_id,
              l.project_code, l.positive_list_item_id, l.headcount, l.memo
         FROM journal_line l JOIN account a ON a.id = l.account_id
        WHERE l.centre_id = $1 AND l.entry_id = ANY($2::uuid[])
        ORDER BY l.entry_id, l.line_no`,
      [centreId, rows.map((r) => r.id)],
    );
    const byEntry = new Map<string, EntryLineView[]>();
    for (const line of lines) {
      const list = byEntry.get(line.entry_id) ?? [];
      list.push({
        lineNo: line.line_no,
        unionId: line.union_id,
        accountCode: line.code,
        accountName: line.name,
        debit: formatMoney(money(line.debit)),
        credit: formatMoney(money(line.credit)),
        enterpriseId: line.enterprise_id,
        budgetLineId: line.budget_line_id,
        projectCode: line.project_code,
        positiveListItemId: line.positive_list_item_id,
        headcount: line.headcount,
        memo: line.memo,
      });
      byEntry.set(line.entry_id, list);
    }
    return rows.map((row) => entryView(row, byEntry.get(row.id) ?? []));
  }

  /**
   * A union's people see posted entries that touch their union, and of those only their union's lines; an auditor
   * the same for the engagement's unions and months.
   */
  private narrowToScope(principal: Principal, centreId: string, entry: EntryView): EntryView | undefined {
    if (principal.audit && (entry.status !== 'posted' || !periodInScope(principal, entry.period))) return undefined;
    const scope = unionsInScope(principal, centreId);
    if (scope === 'all') return entry;
    if (principal.role !== Role.UnionTreasurer && principal.role !== Role.UnionChair && !principal.audit) return undefined;
    if (entry.status !== 'posted') return undefined;
    const lines = entry.lines.filter((line) => scope.includes(line.unionId));
    if (lines.length === 0) return undefined;
    return { ...entry, lines, ...totals(lines) };
  }

  private postedAudit(entry: EntryView): AuditEntry {
    return {
      centreId: entry.centreId,
      action: 'entry.post',
      objectType: 'entry',
      objectId: entry.id,
      detail: {
        number: entry.number,
        period: entry.period,
        date: entry.date,
        source: entry.source,
        memo: entry.memo,
        lines: entry.lines.map((l) => ({ unionId: l.unionId, accountCode: l.accountCode, debit: l.debit, credit: l.credit })),
      },
    };
  }
}

function totals(lines: EntryLineView[]) {
  return {
    totalDebit: formatMoney(sumMoney(lines.map((l) => money(l.debit)))),
    totalCredit: formatMoney(sumMoney(lines.map((l) => money(l.credit)))),
  };
}

function lineView(index: number, line: LineDraft, chart: Chart): EntryLineView {
  const account = chart.byCode(line.accountCode)!;
  return {
    lineNo: index + 1,
    unionId: line.unionId,
    accountCode: account.code,
    accountName: account.name,
    debit: formatMoney(line.debit),
    credit: formatMoney(line.credit),
    enterpriseId: line.enterpriseId ?? null,
    budgetLineId: line.budgetLineId ?? null,
    projectCode: line.projectCode ?? null,
    positiveListItemId: line.positiveListItemId ?? null,
    headcount: line.headcount ?? null,
    memo: line.memo ?? null,
  };
}

function entryView(row: EntryRow, lines: EntryLineView[]): EntryView {
  return {
    id: row.id,
    centreId: row.centre_id,
    number: row.number,
    period: `${row.year}-${String(row.month).padStart(2, '0')}`,
    date: row.entry_date,
    status: row.status,
    source: row.source,
    memo: row.memo,
    preparedBy: row.prepared_by,
    preparedAt: row.prepared_at.toISOString(),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at ? row.approved_at.toISOString() : null,
    postedBy: row.posted_by,
    postedAt: row.posted_at ? row.posted_at.toISOString() : null,
    rejectionReason: row.rejection_reason,
    reversesEntryId: row.reverses_entry_id,
    reversedByEntryId: row.reversed_by_entry_id,
    ...totals(lines),
    lines,
  };
}
