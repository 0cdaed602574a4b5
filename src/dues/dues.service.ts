import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuditActor, type AuditEntry, actorOf, AuditedWrite } from '../audit/index.js';
import { asOfInScope, assertCentreLevelRead, assertCentreVisible, assertPeriodsInScope, daysInScope, periodInScope, yearInScope } from '../auth/index.js';
import { idempotencyClaim } from '../common/idempotency.js';
import { formatMoney, type Money, money, sumMoney, ZERO } from '../common/money.js';
import { offsetOf, pageOf } from '../common/pagination.js';
import { containsPattern } from '../common/search.js';
import { orderBy } from '../common/sorting.js';
import type { RequestContext } from '../common/request-context.js';
import { type LineDraft, LedgerService } from '../ledger/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { EnterprisesService } from '../org/index.js';
import type {
  AllocationView,
  ARREARS_SORT_KEYS,
  ArrearsPage,
  ArrearsQuery,
  CreateDuesRuleDto,
  DeclarationView,
  DeclarePayrollDto,
  DuesRuleView,
  RECEIPT_SORT_KEYS,
  ReceiptQuery,
  ReceiptView,
  RecordReceiptDto,
  RemitDto,
  StatementView,
} from './dto/dues.dto.js';
import { DuesErrors } from './dues.errors.js';
import { assessDues, type DuesRule, type Owed, parseDuesPeriod, periodsOverlap, ruleInEffect, settle, splitDues } from './dues-rules.js';

const LedgerErrorsForDues = {
  periodNotOpen: (period: string) =>
    CommonErrors.unprocessable('LEDGER.PERIOD_NOT_OPEN', `Period ${period} is not open; nothing posts into it.`),
};

export interface EnterpriseRow {
  id: string;
  name: string;
  uscc: string;
  union_id: string | null;
  dues_class: string | null;
}

interface Settlement {
  paid: Array<{ periodLabel: string; amount: Money; ruleId: string }>;
  credit: Money;
}

const PAID_KINDS = `('dues', 'preparation', 'credit_used')`;

/** The columns of the receipts list's sort keys; equal keys keep the order they were recorded in. */
const RECEIPT_SORT_COLUMNS: Record<(typeof RECEIPT_SORT_KEYS)[number], string> = { receivedOn: 'received_on', amount: 'amount' };

/** The columns of the arrears list's sort keys; the oldest period by its first day, as a month and a quarter differ. */
const ARREARS_SORT_COLUMNS: Record<(typeof ARREARS_SORT_KEYS)[number], string> = {
  enterpriseName: 'name',
  owed: 'owed',
  periodsOwed: 'periods',
  oldestPeriod: 'oldest_start',
  monthsOverdue: 'months_overdue',
};

/**
 * Whole months from the end of the oldest unpaid period (`oldest_end`) to the day asked about ($2), never below zero:
 * from 31 January, 28 February is not yet a whole month and 1 March is one.
 */
const MONTHS_OVERDUE = `greatest(0, ((extract(year FROM $2::date) - extract(year FROM oldest_end)) * 12
  + extract(month FROM $2::date) - extract(month FROM oldest_end)
  - CASE WHEN extract(day FROM $2::date) < extract(day FROM oldest_end) THEN 1 ELSE 0 END)::int)`;

interface ArrearsRow {
  id: string;
  name: string;
  uscc: string;
  union_id: string | null;
  owed: string;
  periods: number;
  oldest: string;
  months_overdue: number;
}

/**
 * Money in (拨缴经费): payroll declarations and their 2% assessments, receipts settled against what is owed and posted
 * by the allocation rule, unidentified receipts in suspense, remittances upward, and the enterprise's statement.
 */
@Injectable()
export class DuesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
    private readonly ledger: LedgerService,
    private readonly enterprises: EnterprisesService,
  ) {}

  // ---- rules --------------------------------------------------------------------------------------------------

  async listRules(ctx: RequestContext, centreId: string): Promise<DuesRuleView[]> {
    assertCentreVisible(ctx.principal, centreId);
    return (await this.loadRules(this.dataSource.manager, centreId)).map(ruleView);
  }

  createRule(ctx: RequestContext, centreId: string, dto: CreateDuesRuleDto): Promise<DuesRuleView> {
    assertCentreVisible(ctx.principal, centreId);
    const retained = money(dto.retainedShare);
    const upwardTotal = sumMoney(dto.upwardShares.map((s) => money(s.share)));
    if (!retained.plus(upwardTotal).equals(1)) throw DuesErrors.sharesNotWhole();
    return this.write.run(actorOf(ctx), async (manager) => {
      const [centre] = await manager.query('SELECT 1 FROM centre WHERE id = $1', [centreId]);
      if (!centre) throw DuesErrors.enterpriseNotFound(centreId);
      const id = randomUUID();
      await manager
        .query(
          `INSERT INTO dues_rule (centre_id, id, effective_from, enterprise_class, rate, retained_share, preparation_transfer_share, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [centreId, id, dto.effectiveFrom, dto.enterpriseClass ?? null, dto.rate, dto.retainedShare, dto.preparationTransferShare, ctx.principal.userId],
        )
        .catch((error: { code?: string }) => {
          throw error.code === '23505' ? DuesErrors.ruleExists() : error;
        });
      for (const [index, share] of dto.upwardShares.entries()) {
        await manager.query(
          `INSERT INTO dues_rule_share (centre_id, rule_id, position, level_name, share, payable_account_code) VALUES ($1, $2, $3, $4, $5, $6)`,
          [centreId, id, index + 1, share.levelName, share.share, share.payableAccountCode ?? '211'],
        );
      }
      const rule = (await this.loadRules(manager, centreId)).find((r) => r.id === id)!;
      const view = ruleView(rule);
      return { result: view, audit: { centreId, action: 'dues-rule.create', objectType: 'dues-rule', objectId: id, detail: { after: view } } };
    });
  }

  // ---- declarations and assessments ---------------------------------------------------------------------------

  /**
   * Records an enterprise's payroll for a month or a quarter and assesses its dues. A second declaration for the same
   * period is a correction: it supersedes the first (kept, with its assessment) and the difference becomes owed or
   * paid ahead. A credit the enterprise holds pays the new assessment at once (dated `declaredOn`).
   */
  declare(ctx: RequestContext, centreId: string, enterpriseId: string, dto: DeclarePayrollDto) {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), (manager) => this.declareIn(manager, ctx, centreId, enterpriseId, dto, 'manual'));
  }

  /** `declare` inside the caller's transaction (bulk imports run many in one). */
  async declareIn(manager: EntityManager, ctx: RequestContext, centreId: string, enterpriseId: string, dto: DeclarePayrollDto, source: 'manual' | 'import', importKey?: string) {
    const period = parseDuesPeriod(dto.period);
    if (!period) throw DuesErrors.badPeriod('period');
    const enterprise = await this.lockEnterprise(manager, centreId, enterpriseId);
    const current: Array<{ id: string; period_label: string; version: number }> = await manager.query(
      `SELECT id, period_label, version FROM payroll_declaration WHERE centre_id = $1 AND enterprise_id = $2 AND superseded_at IS NULL`,
      [centreId, enterpriseId],
    );
    const same = current.find((d) => d.period_label === dto.period);
    const overlapping = current.find((d) => d.period_label !== dto.period && periodsOverlap(parseDuesPeriod(d.period_label)!, period));
    if (overlapping) throw DuesErrors.overlappingDeclaration(dto.period, overlapping.period_label);
    if (same) {
      await manager.query(`UPDATE payroll_declaration SET superseded_at = now() WHERE centre_id = $1 AND id = $2`, [centreId, same.id]);
      await manager.query(
        `UPDATE dues_assessment SET superseded_at = now() WHERE centre_id = $1 AND declaration_id = $2 AND superseded_at IS NULL`,
        [centreId, same.id],
      );
    }
    const rules = await this.loadRules(manager, centreId);
    const rule = ruleInEffect(rules, period.start, enterprise.dues_class);
    if (!rule) throw DuesErrors.noRule(period.start);
    const declarationId = randomUUID();
    const version = (same?.version ?? 0) + 1;
    await manager.query(
      `INSERT INTO payroll_declaration (centre_id, id, enterprise_id, period_label, period_start, period_end, total_payroll, headcount, version,
         source, import_key, declared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [centreId, declarationId, enterpriseId, dto.period, period.start, period.end, dto.totalPayroll, dto.headcount ?? null, version, source,
        importKey ?? null, ctx.principal.userId],
    );
    const assessed = assessDues(money(dto.totalPayroll), rule.rate);
    await manager.query(
      `INSERT INTO dues_assessment (centre_id, id, enterprise_id, declaration_id, period_label, period_start, rule_id, rate, amount_assessed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [centreId, randomUUID(), enterpriseId, declarationId, dto.period, period.start, rule.id, rule.rate.toString(), formatMoney(assessed)],
    );
    const audit: AuditEntry[] = [{
      centreId, action: same ? 'payroll.correct' : 'payroll.declare', objectType: 'payroll-declaration', objectId: declarationId,
      detail: { enterpriseId, period: dto.period, totalPayroll: dto.totalPayroll, version, amountAssessed: formatMoney(assessed), supersedes: same?.id ?? null },
    }];
    const applied = await this.applyCredit(manager, actorOf(ctx), centreId, enterprise, dto.declaredOn ?? new Date().toISOString().slice(0, 10));
    if (applied) audit.push(applied);
    const view: DeclarationView = {
      id: declarationId, enterpriseId, period: dto.period, totalPayroll: formatMoney(money(dto.totalPayroll)), headcount: dto.headcount ?? null,
      version, current: true, source, declaredAt: new Date().toISOString(), amountAssessed: formatMoney(assessed),
    };
    return { result: view, audit };
  }

  async declarations(ctx: RequestContext, centreId: string, enterpriseId: string): Promise<DeclarationView[]> {
    await this.enterprises.get(ctx, centreId, enterpriseId);
    const rows = await this.dataSource.query(
      `SELECT d.id, d.enterprise_id, d.period_label, d.total_payroll, d.headcount, d.version, d.superseded_at, d.source, d.declared_at, a.amount_assessed
         FROM payroll_declaration d JOIN dues_assessment a ON a.centre_id = d.centre_id AND a.declaration_id = d.id
        WHERE d.centre_id = $1 AND d.enterprise_id = $2
        ORDER BY d.period_start, d.version`,
      [centreId, enterpriseId],
    );
    // an auditor reads the declarations of the engagement's months only
    return rows.filter((r: Record<string, unknown>) => periodInScope(ctx.principal, r.period_label as string)).map((r: Record<string, unknown>) => ({
      id: r.id as string,
      enterpriseId: r.enterprise_id as string,
      period: r.period_label as string,
      totalPayroll: r.total_payroll as string,
      headcount: (r.headcount as number | null) ?? null,
      version: r.version as number,
      current: r.superseded_at === null,
      source: r.source as string,
      declaredAt: (r.declared_at as Date).toISOString(),
      amountAssessed: r.amount_assessed as string,
    }));
  }

  // ---- receipts -----------------------------------------------------------------------------------------------

  /**
   * Money arrived in the unified account. From a known payer it settles what the enterprise owes (the named period
   * first, else the oldest) and posts by the allocation rule: the union's retained share to its income, the upward
   * shares to 应付上级经费, anything beyond what is owed to 预收拨缴经费; an enterprise without a union pays a
   * preparation fund held by the street union (应付建会筹备金). An unknown payer's money waits in 待查明款项.
   */
  recordReceipt(ctx: RequestContext, centreId: string, dto: RecordReceiptDto, idempotencyKey?: string) {
    assertCentreVisible(ctx.principal, centreId);
    if (dto.enterpriseId && dto.uscc) throw DuesErrors.payerAmbiguous();
    const claim = idempotencyClaim(centreId, idempotencyKey, 'dues-receipt.record', dto);
    return this.write.runIdempotent(actorOf(ctx), claim, (manager) => this.recordReceiptIn(manager, ctx, centreId, dto), 201);
  }

  /** `recordReceipt` inside the caller's transaction (bulk imports run many in one). */
  async recordReceiptIn(manager: EntityManager, ctx: RequestContext, centreId: string, dto: RecordReceiptDto, importKey?: string, batchKey?: string) {
    const enterpriseId = dto.enterpriseId ?? (dto.uscc ? await this.enterpriseByUscc(manager, centreId, dto.uscc) : undefined);
    const street = await this.streetUnion(manager, centreId);
    const id = randomUUID();
    const amount = money(dto.amount);
    let lines: LineDraft[];
    let allocations: AllocationRow[] = [];
    if (enterpriseId) {
      const enterprise = await this.lockEnterprise(manager, centreId, enterpriseId);
      const settled = await this.settleFor(manager, centreId, enterprise, amount, dto.namedPeriod);
      ({ lines, allocations } = await this.receiptPosting(manager, centreId, enterprise, street, amount, settled, dto.channel));
    } else {
      lines = [
        { unionId: street, accountCode: '102', debit: amount, credit: ZERO },
        { unionId: street, accountCode: '22101', debit: ZERO, credit: amount },
      ];
    }
    const posted = await this.ledger.postEntry(manager, actorOf(ctx), {
      centreId,
      date: dto.receivedOn,
      memo: (dto.memo ?? (enterpriseId ? '收到工会经费' : '收到待查明款项')).slice(0, 200),
      source: 'dues_receipt',
      lines,
    });
    await manager.query(
      `INSERT INTO dues_receipt (centre_id, id, received_on, amount, channel, enterprise_id, named_period, payer_name, bank_reference, memo,
         status, entry_id, import_key, created_by, batch_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [centreId, id, dto.receivedOn, formatMoney(amount), dto.channel, enterpriseId ?? null, dto.namedPeriod ?? null, dto.payerName ?? null,
        dto.bankReference ?? null, dto.memo ?? null, enterpriseId ? 'allocated' : 'suspense', posted.entry.id, importKey ?? null, ctx.principal.userId,
        batchKey ?? null],
    );
    await this.insertAllocations(manager, centreId, id, allocations, 1);
    const receipt = await this.readReceipt(manager, centreId, id);
    return {
      result: receipt,
      audit: [
        { centreId, action: 'dues-receipt.record', objectType: 'dues-receipt', objectId: id, detail: { after: receipt } },
        posted.audit,
      ],
    };
  }

  /**
   * A receipt of a bulk import: recorded and settled like `recordReceiptIn`, but its lines are gathered and posted
   * with the rest of its chunk by `postGathered` (one entry per day and union instead of one per receipt).
   */
  async recordReceiptGathered(
    manager: EntityManager, ctx: RequestContext, centreId: string, dto: RecordReceiptDto & { enterpriseId: string },
    importKey: string, batchKey: string, gather: ReceiptGather,
  ) {
    const open = await gather.periodOpen(manager, centreId, dto.receivedOn);
    if (!open) throw LedgerErrorsForDues.periodNotOpen(dto.receivedOn.slice(0, 7));
    const street = gather.street ??= await this.streetUnion(manager, centreId);
    const id = randomUUID();
    const amount = money(dto.amount);
    const enterprise = await this.lockEnterprise(manager, centreId, dto.enterpriseId);
    const settled = await this.settleFor(manager, centreId, enterprise, amount, dto.namedPeriod);
    const { lines, allocations } = await this.receiptPosting(manager, centreId, enterprise, street, amount, settled, dto.channel);
    await manager.query(
      `INSERT INTO dues_receipt (centre_id, id, received_on, amount, channel, enterprise_id, named_period, bank_reference, status, import_key, created_by, batch_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'allocated', $9, $10, $11)`,
      [centreId, id, dto.receivedOn, formatMoney(amount), dto.channel, enterprise.id, dto.namedPeriod ?? null, dto.bankReference ?? null, importKey,
        ctx.principal.userId, batchKey],
    );
    await this.insertAllocations(manager, centreId, id, allocations, 1);
    gather.add(dto.receivedOn, id, lines);
    return {
      result: { id },
      audit: {
        centreId, action: 'dues-receipt.record', objectType: 'dues-receipt', objectId: id,
        detail: { receivedOn: dto.receivedOn, amount: formatMoney(amount), channel: dto.channel, enterpriseId: enterprise.id, importKey,
          allocations: allocations.map((a) => ({ period: a.periodLabel, kind: a.kind, amount: formatMoney(a.amount) })) },
      },
    };
  }

  /** Posts what a chunk of imported receipts gathered: per day and union one entry, lines summed per account and enterprise. */
  async postGathered(manager: EntityManager, ctx: RequestContext, centreId: string, gather: ReceiptGather): Promise<AuditEntry[]> {
    const audit: AuditEntry[] = [];
    for (const [key, group] of gather.groups) {
      const [date] = key.split('|');
      const sums = new Map<string, LineDraft>();
      for (const line of group.lines) {
        const side = line.debit.isZero() ? 'credit' : 'debit';
        const id = `${line.unionId}|${line.accountCode}|${line.enterpriseId ?? ''}|${side}`;
        const current = sums.get(id);
        sums.set(id, current ? { ...current, debit: current.debit.plus(line.debit), credit: current.credit.plus(line.credit) } : { ...line });
      }
      const posted = await this.ledger.postEntry(manager, actorOf(ctx), {
        centreId, date, memo: `批量导入工会经费到账（${group.receipts.length}笔）`, source: 'dues_receipt', lines: [...sums.values()],
      });
      await manager.query('UPDATE dues_receipt SET entry_id = $2 WHERE centre_id = $1 AND id = ANY($3::uuid[])', [centreId, posted.entry.id, group.receipts]);
      audit.push(posted.audit);
    }
    gather.groups.clear();
    return audit;
  }

  /** A person identified the payer of a receipt in suspense: it leaves 待查明款项 and settles the enterprise's dues. */
  assignReceipt(ctx: RequestContext, centreId: string, receiptId: string, dto: { enterpriseId: string; namedPeriod?: string; date?: string }) {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const [receipt] = await manager.query(
        `SELECT id, amount, status, channel, to_char(received_on, 'YYYY-MM-DD') AS received_on FROM dues_receipt WHERE centre_id = $1 AND id = $2 FOR UPDATE`,
        [centreId, receiptId],
      );
      if (!receipt) throw DuesErrors.receiptNotFound(receiptId);
      if (receipt.status !== 'suspense') throw DuesErrors.receiptNotSuspense(receiptId);
      const street = await this.streetUnion(manager, centreId);
      const enterprise = await this.lockEnterprise(manager, centreId, dto.enterpriseId);
      const amount = money(receipt.amount);
      const settled = await this.settleFor(manager, centreId, enterprise, amount, dto.namedPeriod);
      const posting = await this.receiptPosting(manager, centreId, enterprise, street, amount, settled, receipt.channel);
      const posted = await this.ledger.postEntry(manager, actorOf(ctx), {
        centreId,
        date: dto.date ?? receipt.received_on,
        memo: `待查明款项确认：${enterprise.name}`.slice(0, 200),
        source: 'dues_receipt',
        lines: [
          { unionId: street, accountCode: '22101', debit: amount, credit: ZERO },
          { unionId: street, accountCode: '102', debit: ZERO, credit: amount },
          ...posting.lines,
        ],
      });
      await manager.query(
        `UPDATE dues_receipt SET enterprise_id = $3, status = 'allocated', assigned_entry_id = $4, named_period = coalesce($5, named_period)
          WHERE centre_id = $1 AND id = $2`,
        [centreId, receiptId, enterprise.id, posted.entry.id, dto.namedPeriod ?? null],
      );
      await this.insertAllocations(manager, centreId, receiptId, posting.allocations, 1);
      const view = await this.readReceipt(manager, centreId, receiptId);
      return {
        result: view,
        audit: [{ centreId, action: 'dues-receipt.assign', objectType: 'dues-receipt', objectId: receiptId, detail: { enterpriseId: enterprise.id } }, posted.audit],
      };
    });
  }

  async listReceipts(ctx: RequestContext, centreId: string, query: ReceiptQuery) {
    assertCentreLevelRead(ctx.principal, centreId);
    const filter = `centre_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR enterprise_id = $3)
      AND ($4::text IS NULL OR channel = $4) AND ($5::date IS NULL OR received_on >= $5) AND ($6::date IS NULL OR received_on <= $6)
      AND ($7::date IS NULL OR received_on BETWEEN $7 AND $8)`;
    // an auditor reads the receipts of the engagement's months only (the total with them)
    const days = daysInScope(ctx.principal);
    const params = [centreId, query.status ?? null, query.enterpriseId ?? null, query.channel ?? null, query.from ?? null, query.to ?? null,
      days?.from ?? null, days?.to ?? null];
    const [{ total, amount }] = await this.dataSource.query(
      `SELECT count(*)::int AS total, coalesce(sum(amount), 0) AS amount FROM dues_receipt WHERE ${filter}`,
      params,
    );
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM dues_receipt WHERE ${filter} ORDER BY ${orderBy(query.sort ?? '-receivedOn', RECEIPT_SORT_COLUMNS, 'received_on DESC', 'created_at DESC, id')} LIMIT ${query.pageSize} OFFSET ${offsetOf(query)}`,
      params,
    );
    const items = await Promise.all(ids.map((r) => this.readReceipt(this.dataSource.manager, centreId, r.id)));
    return { ...pageOf(items, total, query), totalAmount: formatMoney(money(amount)) };
  }

  // ---- remittance upward --------------------------------------------------------------------------------------

  /** 上解: the upward shares leave the unified account; each union's 应付上级经费 and bank sub-balance go down. */
  remit(ctx: RequestContext, centreId: string, dto: RemitDto, idempotencyKey?: string) {
    assertCentreVisible(ctx.principal, centreId);
    const accountCode = dto.accountCode ?? '211';
    const claim = idempotencyClaim(centreId, idempotencyKey, 'dues.remit', dto);
    return this.write.runIdempotent(
      actorOf(ctx),
      claim,
      async (manager) => {
        // What is owed is read under lock: concurrent remittances of the same debt take turns, and a later one sees
        // it paid (read unlocked, each saw the whole debt and paid it again). The unions' bank rows are locked with
        // it, in the key order postings use and after the posting turn (the centre's entry counter) as every
        // posting does, so that a receipt crediting 211 and a remittance never deadlock.
        await this.ledger.takePostingTurn(manager, centreId, dto.date);
        const unionFilter = dto.lines ? [...new Set(dto.lines.map((l) => l.unionId))] : null;
        const locked: Array<{ union_id: string; code: string; balance: string }> = await manager.query(
          `SELECT b.union_id, a.code, b.balance FROM ledger_balance b JOIN account a ON a.id = b.account_id
            WHERE b.centre_id = $1 AND (a.code = $2 OR a.code = '102') AND (a.centre_id IS NULL OR a.centre_id = $1)
              AND ($3::uuid[] IS NULL OR b.union_id = ANY($3::uuid[]))
            ORDER BY b.union_id, b.account_id FOR UPDATE OF b`,
          [centreId, accountCode, unionFilter],
        );
        const owedRows = locked
          .filter((r) => r.code === accountCode && money(r.balance).isNegative())
          .map((r) => ({ union_id: r.union_id, owed: formatMoney(money(r.balance).negated()) }));
        const owed = new Map(owedRows.map((r) => [r.union_id, money(r.owed)]));
        const parts = dto.lines
          ? dto.lines.map((l) => ({ unionId: l.unionId, amount: money(l.amount) }))
          : owedRows.map((r) => ({ unionId: r.union_id, amount: money(r.owed) }));
        if (parts.length === 0) throw DuesErrors.nothingToRemit();
        for (const part of parts) {
          const due = owed.get(part.unionId) ?? ZERO;
          if (part.amount.greaterThan(due)) throw DuesErrors.remitTooMuch(part.unionId, formatMoney(due));
        }
        const posted = await this.ledger.postEntry(manager, actorOf(ctx), {
          centreId,
          date: dto.date,
          memo: dto.memo ?? '上解上级工会经费',
          source: 'remittance',
          lines: parts.flatMap((p) => [
            { unionId: p.unionId, accountCode, debit: p.amount, credit: ZERO },
            { unionId: p.unionId, accountCode: '102', debit: ZERO, credit: p.amount },
          ]),
        });
        return { result: posted.entry, audit: posted.audit };
      },
      201,
    );
  }

  // ---- statements ---------------------------------------------------------------------------------------------

  /** 拨缴对账单: per period of the year, payroll declared, dues assessed, paid and owed, with the receipts that paid. */
  async statement(ctx: RequestContext, centreId: string, enterpriseId: string, year: number): Promise<StatementView> {
    const enterprise = await this.enterprises.get(ctx, centreId, enterpriseId);
    if (!yearInScope(ctx.principal, year)) assertPeriodsInScope(ctx.principal, `${year}-01`);
    const periods: Array<Record<string, string>> = await this.dataSource.query(
      `SELECT a.period_label, a.amount_assessed, d.total_payroll,
              coalesce((SELECT sum(amount) FROM receipt_allocation r WHERE r.centre_id = a.centre_id AND r.enterprise_id = a.enterprise_id
                          AND r.period_label = a.period_label AND r.kind IN ${PAID_KINDS}), 0) AS paid,
              coalesce((SELECT bool_or(kind = 'preparation') FROM receipt_allocation r WHERE r.centre_id = a.centre_id
                          AND r.enterprise_id = a.enterprise_id AND r.period_label = a.period_label), false) AS preparation
         FROM dues_assessment a JOIN payroll_declaration d ON d.centre_id = a.centre_id AND d.id = a.declaration_id
        WHERE a.centre_id = $1 AND a.enterprise_id = $2 AND a.superseded_at IS NULL AND extract(year FROM a.period_start) = $3
        ORDER BY a.period_start`,
      [centreId, enterpriseId, year],
    );
    const receipts: Array<{ period_label: string; receipt_id: string; received_on: string; amount: string }> = await this.dataSource.query(
      `SELECT r.period_label, r.receipt_id, to_char(d.received_on, 'YYYY-MM-DD') AS received_on, sum(r.amount) AS amount
         FROM receipt_allocation r JOIN dues_receipt d ON d.centre_id = r.centre_id AND d.id = r.receipt_id
        WHERE r.centre_id = $1 AND r.enterprise_id = $2 AND r.kind IN ${PAID_KINDS}
        GROUP BY r.period_label, r.receipt_id, d.received_on ORDER BY d.received_on`,
      [centreId, enterpriseId],
    );
    const rows = periods.map((p) => {
      const assessed = money(p.amount_assessed);
      const paid = money(p.paid);
      return {
        period: p.period_label,
        payrollDeclared: formatMoney(money(p.total_payroll)),
        assessed: formatMoney(assessed),
        paid: formatMoney(paid),
        owed: formatMoney(assessed.greaterThan(paid) ? assessed.minus(paid) : ZERO),
        kind: (p.preparation as unknown as boolean) ? 'preparation' : 'dues',
        receipts: receipts
          .filter((r) => r.period_label === p.period_label)
          .map((r) => ({ receiptId: r.receipt_id, receivedOn: r.received_on, amount: formatMoney(money(r.amount)) })),
      };
    });
    const credit = await this.creditOf(this.dataSource.manager, centreId, enterpriseId);
    return {
      enterpriseId,
      enterpriseName: enterprise.name,
      uscc: enterprise.uscc,
      year,
      periods: rows,
      totalAssessed: formatMoney(sumMoney(rows.map((r) => money(r.assessed)))),
      totalPaid: formatMoney(sumMoney(rows.map((r) => money(r.paid)))),
      totalOwed: formatMoney(sumMoney(rows.map((r) => money(r.owed)))),
      credit: formatMoney(credit),
    };
  }

  /**
   * 欠缴清单: who owes what, since when, a page of it in the order asked for, with the count and Σ owed of everything
   * the filters select. Months overdue are counted in SQL so that they can be filtered and sorted on across pages.
   */
  async arrears(ctx: RequestContext, centreId: string, query: ArrearsQuery): Promise<ArrearsPage> {
    assertCentreLevelRead(ctx.principal, centreId);
    const date = asOfInScope(ctx.principal, query.asOf);
    const params: unknown[] = [centreId, date];
    const where = ['o.owed > 0'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (query.unionId) add('e.union_id = ?', query.unionId);
    if (query.hasUnion !== undefined) where.push(query.hasUnion ? 'e.union_id IS NOT NULL' : 'e.union_id IS NULL');
    if (query.q) add('(e.name ILIKE ? OR e.uscc ILIKE ?)', containsPattern(query.q));
    let matching = 'SELECT * FROM rated';
    if (query.minMonthsOverdue) {
      params.push(query.minMonthsOverdue);
      matching += ` WHERE months_overdue >= $${params.length}`;
    }
    const order = orderBy(query.sort ?? 'oldestPeriod', ARREARS_SORT_COLUMNS, 'oldest_start', 'name, id');
    // one row per enterprise of the page, each with the totals; the totals alone (id null) past the last page
    const rows: Array<{ total: number; total_owed: string } & (ArrearsRow | { id: null })> = await this.dataSource.query(
      `WITH owed AS (
         SELECT a.enterprise_id, a.period_label, a.period_start, d.period_end,
                a.amount_assessed - coalesce((SELECT sum(amount) FROM receipt_allocation r WHERE r.centre_id = a.centre_id
                  AND r.enterprise_id = a.enterprise_id AND r.period_label = a.period_label AND r.kind IN ${PAID_KINDS}), 0) AS owed
           FROM dues_assessment a JOIN payroll_declaration d ON d.centre_id = a.centre_id AND d.id = a.declaration_id
          WHERE a.centre_id = $1 AND a.superseded_at IS NULL AND d.period_end <= $2::date),
       owing AS (
         SELECT e.id, e.name, e.uscc, e.union_id, sum(o.owed) AS owed, count(*)::int AS periods,
                (array_agg(o.period_label ORDER BY o.period_start))[1] AS oldest,
                min(o.period_start) AS oldest_start, min(o.period_end) AS oldest_end
           FROM owed o JOIN enterprise e ON e.centre_id = $1 AND e.id = o.enterprise_id
          WHERE ${where.join(' AND ')}
          GROUP BY e.id, e.name, e.uscc, e.union_id),
       rated AS (SELECT owing.*, ${MONTHS_OVERDUE} AS months_overdue FROM owing),
       matching AS (${matching}),
       totals AS (SELECT count(*)::int AS total, coalesce(sum(owed), 0) AS total_owed FROM matching),
       page AS (SELECT *, row_number() OVER (ORDER BY ${order}) AS position FROM matching ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offsetOf(query)})
       SELECT t.total, t.total_owed, p.id, p.name, p.uscc, p.union_id, p.owed, p.periods, p.oldest, p.months_overdue
         FROM totals t LEFT JOIN page p ON true
        ORDER BY p.position`,
      params,
    );
    const items = rows
      .filter((r): r is typeof r & ArrearsRow => r.id !== null)
      .map((r) => ({
        enterpriseId: r.id,
        enterpriseName: r.name,
        uscc: r.uscc,
        unionId: r.union_id,
        owed: formatMoney(money(r.owed)),
        periodsOwed: r.periods,
        oldestPeriod: r.oldest,
        monthsOverdue: r.months_overdue,
      }));
    return { ...pageOf(items, rows[0].total, query), asOf: date, totalOwed: formatMoney(money(rows[0].total_owed)) };
  }

  // ---- internals shared with preparation funds ----------------------------------------------------------------

  async lockEnterprise(manager: EntityManager, centreId: string, enterpriseId: string): Promise<EnterpriseRow> {
    // NO KEY UPDATE: serialises dues work on one enterprise without blocking rows that merely refer to it
    const [row] = await manager.query(
      'SELECT id, name, uscc, union_id, dues_class FROM enterprise WHERE centre_id = $1 AND id = $2 FOR NO KEY UPDATE',
      [centreId, enterpriseId],
    );
    if (!row) throw DuesErrors.enterpriseNotFound(enterpriseId);
    return row;
  }

  async streetUnion(manager: EntityManager, centreId: string): Promise<string> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM trade_union WHERE centre_id = $1 AND kind = 'street' ORDER BY created_at LIMIT 1`,
      [centreId],
    );
    if (rows.length === 0) throw DuesErrors.noStreetUnion();
    return rows[0].id;
  }

  async loadRules(manager: EntityManager, centreId: string): Promise<DuesRule[]> {
    const rules: Array<Record<string, string | null>> = await manager.query(
      `SELECT id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, enterprise_class, rate, retained_share, preparation_transfer_share
         FROM dues_rule WHERE centre_id = $1 ORDER BY effective_from, enterprise_class NULLS FIRST`,
      [centreId],
    );
    const shares: Array<Record<string, string>> = await manager.query(
      `SELECT rule_id, level_name, share, payable_account_code FROM dues_rule_share WHERE centre_id = $1 ORDER BY rule_id, position`,
      [centreId],
    );
    return rules.map((r) => ({
      id: r.id!,
      effectiveFrom: r.effective_from!,
      enterpriseClass: r.enterprise_class,
      rate: money(r.rate!),
      retainedShare: money(r.retained_share!),
      preparationTransferShare: money(r.preparation_transfer_share!),
      upward: shares
        .filter((s) => s.rule_id === r.id)
        .map((s) => ({ levelName: s.level_name, share: money(s.share), payableAccountCode: s.payable_account_code })),
    }));
  }

  async creditOf(manager: EntityManager, centreId: string, enterpriseId: string): Promise<Money> {
    const [row] = await manager.query(
      `SELECT coalesce(sum(CASE kind WHEN 'credit' THEN amount WHEN 'credit_used' THEN -amount ELSE 0 END), 0) AS credit
         FROM receipt_allocation WHERE centre_id = $1 AND enterprise_id = $2`,
      [centreId, enterpriseId],
    );
    return money(row.credit);
  }

  /** Uses up an enterprise's outstanding credits (oldest receipts first), e.g. when its preparation funds move. */
  async consumeCredits(manager: EntityManager, centreId: string, enterpriseId: string, periodLabel: string, limit?: Money) {
    const open: Array<{ receipt_id: string; remaining: string; union_id: string }> = await manager.query(
      `SELECT receipt_id, min(union_id::text)::uuid AS union_id,
              sum(CASE kind WHEN 'credit' THEN amount ELSE -amount END) AS remaining
         FROM receipt_allocation WHERE centre_id = $1 AND enterprise_id = $2 AND kind IN ('credit', 'credit_used')
        GROUP BY receipt_id HAVING sum(CASE kind WHEN 'credit' THEN amount ELSE -amount END) > 0
        ORDER BY min(created_at)`,
      [centreId, enterpriseId],
    );
    let left = limit;
    const used: Array<{ receiptId: string; amount: Money; unionId: string }> = [];
    for (const row of open) {
      if (left !== undefined && !left.greaterThan(0)) break;
      const remaining = money(row.remaining);
      const take = left !== undefined && left.lessThan(remaining) ? left : remaining;
      used.push({ receiptId: row.receipt_id, amount: take, unionId: row.union_id });
      if (left !== undefined) left = left.minus(take);
    }
    for (const u of used) {
      await this.insertAllocations(manager, centreId, u.receiptId, [{ enterpriseId, periodLabel, kind: 'credit_used', amount: u.amount, unionId: u.unionId }]);
    }
    return used;
  }

  /** What an enterprise owes per assessed period, and the rule of each, for settling a payment. */
  private async settleFor(manager: EntityManager, centreId: string, enterprise: EnterpriseRow, amount: Money, namedPeriod?: string | null): Promise<Settlement> {
    const rows: Array<{ period_label: string; period_start: string; owed: string; rule_id: string }> = await manager.query(
      `SELECT a.period_label, to_char(a.period_start, 'YYYY-MM-DD') AS period_start, a.rule_id,
              a.amount_assessed - coalesce((SELECT sum(amount) FROM receipt_allocation r WHERE r.centre_id = a.centre_id
                AND r.enterprise_id = a.enterprise_id AND r.period_label = a.period_label AND r.kind IN ${PAID_KINDS}), 0) AS owed
         FROM dues_assessment a WHERE a.centre_id = $1 AND a.enterprise_id = $2 AND a.superseded_at IS NULL`,
      [centreId, enterprise.id],
    );
    const owed: Owed[] = rows.map((r) => ({ periodLabel: r.period_label, periodStart: r.period_start, owed: money(r.owed) }));
    const rules = new Map(rows.map((r) => [r.period_label, r.rule_id]));
    const { paid, credit } = settle(amount, owed, namedPeriod);
    return { paid: paid.map((p) => ({ ...p, ruleId: rules.get(p.periodLabel)! })), credit };
  }

  /** The lines and allocations of a settled receipt (see recordReceipt). */
  private async receiptPosting(
    manager: EntityManager, centreId: string, enterprise: EnterpriseRow, street: string, amount: Money, settled: Settlement, channel: string,
  ): Promise<{ lines: LineDraft[]; allocations: AllocationRow[] }> {
    const e = enterprise.id;
    if (!enterprise.union_id) {
      // 建会筹备金: the whole amount is held by the street union against the enterprise
      return {
        lines: [
          { unionId: street, accountCode: '102', debit: amount, credit: ZERO, enterpriseId: e },
          { unionId: street, accountCode: '21203', debit: ZERO, credit: amount, enterpriseId: e },
        ],
        allocations: [
          ...settled.paid.map((p) => ({ enterpriseId: e, periodLabel: p.periodLabel, kind: 'preparation' as const, amount: p.amount, unionId: street })),
          ...(settled.credit.greaterThan(0) ? [{ enterpriseId: e, periodLabel: null, kind: 'credit' as const, amount: settled.credit, unionId: street }] : []),
        ],
      };
    }
    const union = enterprise.union_id;
    const rules = new Map((await this.loadRules(manager, centreId)).map((r) => [r.id, r]));
    const credits = new Map<string, Money>();
    const add = (code: string, value: Money) => credits.set(code, (credits.get(code) ?? ZERO).plus(value));
    const income = channel === 'tax' ? '40202' : '40201';
    for (const p of settled.paid) {
      const split = splitDues(p.amount, rules.get(p.ruleId)!);
      add(income, split.retained);
      for (const u of split.upward) add(u.payableAccountCode, u.amount);
    }
    if (settled.credit.greaterThan(0)) add('22102', settled.credit);
    return {
      lines: [
        { unionId: union, accountCode: '102', debit: amount, credit: ZERO, enterpriseId: e },
        ...[...credits.entries()].filter(([, v]) => v.greaterThan(0)).map(([code, v]) => ({ unionId: union, accountCode: code, debit: ZERO, credit: v, enterpriseId: e })),
      ],
      allocations: [
        ...settled.paid.map((p) => ({ enterpriseId: e, periodLabel: p.periodLabel, kind: 'dues' as const, amount: p.amount, unionId: union })),
        ...(settled.credit.greaterThan(0) ? [{ enterpriseId: e, periodLabel: null, kind: 'credit' as const, amount: settled.credit, unionId: union }] : []),
      ],
    };
  }

  /**
   * After a new assessment, an enterprise's credit pays what it now owes. Credit held by its union (预收拨缴经费)
   * becomes income and upward shares by the rule; credit held as a preparation fund stays where it is.
   */
  private async applyCredit(manager: EntityManager, actor: AuditActor, centreId: string, enterprise: EnterpriseRow, date: string): Promise<AuditEntry | undefined> {
    const credit = await this.creditOf(manager, centreId, enterprise.id);
    if (!credit.greaterThan(0)) return undefined;
    const settled = await this.settleFor(manager, centreId, enterprise, credit);
    if (settled.paid.length === 0) return undefined;
    const lines: LineDraft[] = [];
    const rules = new Map((await this.loadRules(manager, centreId)).map((r) => [r.id, r]));
    for (const p of settled.paid) {
      const used = await this.consumeCredits(manager, centreId, enterprise.id, p.periodLabel, p.amount);
      for (const u of used) {
        if (u.unionId !== enterprise.union_id) continue; // a preparation credit: nothing moves in the books
        const split = splitDues(u.amount, rules.get(p.ruleId)!);
        lines.push({ unionId: u.unionId, accountCode: '22102', debit: u.amount, credit: ZERO, enterpriseId: enterprise.id });
        lines.push({ unionId: u.unionId, accountCode: '40201', debit: ZERO, credit: split.retained, enterpriseId: enterprise.id });
        for (const share of split.upward) {
          lines.push({ unionId: u.unionId, accountCode: share.payableAccountCode, debit: ZERO, credit: share.amount, enterpriseId: enterprise.id });
        }
      }
    }
    const nonZero = lines.filter((l) => !(l.debit.isZero() && l.credit.isZero()));
    if (nonZero.length < 2) return undefined;
    const posted = await this.ledger.postEntry(manager, actor, { centreId, date, memo: `预收经费抵缴：${enterprise.name}`.slice(0, 200), source: 'dues_receipt', lines: nonZero });
    return posted.audit;
  }

  private async enterpriseByUscc(manager: EntityManager, centreId: string, uscc: string): Promise<string> {
    const [row] = await manager.query('SELECT id FROM enterprise WHERE centre_id = $1 AND uscc = $2', [centreId, uscc]);
    if (!row) throw DuesErrors.unknownUscc();
    return row.id;
  }

  async insertAllocations(manager: EntityManager, centreId: string, receiptId: string, rows: AllocationRow[], firstLine?: number): Promise<void> {
    if (rows.length === 0) return;
    let lineNo = firstLine;
    if (lineNo === undefined) {
      const [{ next }] = await manager.query(
        'SELECT coalesce(max(line_no), 0) + 1 AS next FROM receipt_allocation WHERE centre_id = $1 AND receipt_id = $2',
        [centreId, receiptId],
      );
      lineNo = next as number;
    }
    await manager.query(
      `INSERT INTO receipt_allocation (centre_id, receipt_id, line_no, enterprise_id, period_label, kind, amount, union_id)
       SELECT $1, $2, * FROM unnest($3::int[], $4::uuid[], $5::text[], $6::text[], $7::numeric[], $8::uuid[])`,
      [
        centreId, receiptId,
        rows.map((_, i) => lineNo! + i),
        rows.map((r) => r.enterpriseId),
        rows.map((r) => r.periodLabel),
        rows.map((r) => r.kind),
        rows.map((r) => formatMoney(r.amount)),
        rows.map((r) => r.unionId),
      ],
    );
  }

  private async readReceipt(manager: EntityManager, centreId: string, receiptId: string): Promise<ReceiptView> {
    const [r] = await manager.query(
      `SELECT r.id, to_char(r.received_on, 'YYYY-MM-DD') AS received_on, r.amount, r.channel, r.enterprise_id, e.name AS enterprise_name,
              e.uscc AS enterprise_uscc, r.status, r.named_period, r.payer_name, r.bank_reference, r.entry_id, r.assigned_entry_id
         FROM dues_receipt r LEFT JOIN enterprise e ON e.centre_id = r.centre_id AND e.id = r.enterprise_id
        WHERE r.centre_id = $1 AND r.id = $2`,
      [centreId, receiptId],
    );
    if (!r) throw DuesErrors.receiptNotFound(receiptId);
    const allocations: AllocationView[] = (
      await manager.query(
        'SELECT period_label, kind, amount, union_id FROM receipt_allocation WHERE centre_id = $1 AND receipt_id = $2 ORDER BY line_no',
        [centreId, receiptId],
      )
    ).map((a: Record<string, string | null>) => ({ period: a.period_label, kind: a.kind!, amount: formatMoney(money(a.amount!)), unionId: a.union_id! }));
    return {
      id: r.id, receivedOn: r.received_on, amount: formatMoney(money(r.amount)), channel: r.channel, enterpriseId: r.enterprise_id,
      enterpriseName: r.enterprise_name, enterpriseUscc: r.enterprise_uscc, status: r.status,
      namedPeriod: r.named_period, payerName: r.payer_name, bankReference: r.bank_reference, entryId: r.entry_id, assignedEntryId: r.assigned_entry_id, allocations,
    };
  }
}

/** What the receipts of one import chunk gather for their posting. */
export class ReceiptGather {
  street?: string;
  readonly groups = new Map<string, { lines: LineDraft[]; receipts: string[] }>();
  private readonly periods = new Map<string, boolean>();

  add(date: string, receiptId: string, lines: LineDraft[]): void {
    const key = `${date}|${lines[0].unionId}`;
    const group = this.groups.get(key) ?? { lines: [], receipts: [] };
    group.lines.push(...lines);
    group.receipts.push(receiptId);
    this.groups.set(key, group);
  }

  async periodOpen(manager: EntityManager, centreId: string, date: string): Promise<boolean> {
    const label = date.slice(0, 7);
    if (!this.periods.has(label)) {
      const [row] = await manager.query('SELECT status FROM accounting_period WHERE centre_id = $1 AND year = $2 AND month = $3', [
        centreId, Number(label.slice(0, 4)), Number(label.slice(5, 7)),
      ]);
      this.periods.set(label, row?.status === 'open');
    }
    return this.periods.get(label)!;
  }
}

export interface AllocationRow {
  enterpriseId: string;
  periodLabel: string | null;
  kind: 'dues' | 'preparation' | 'credit' | 'credit_used';
  amount: Money;
  unionId: string;
}

function ruleView(rule: DuesRule): DuesRuleView {
  return {
    id: rule.id,
    effectiveFrom: rule.effectiveFrom,
    enterpriseClass: rule.enterpriseClass,
    rate: rule.rate.toFixed(6),
    retainedShare: rule.retainedShare.toFixed(6),
    preparationTransferShare: rule.preparationTransferShare.toFixed(6),
    upwardShares: rule.upward.map((u) => ({ levelName: u.levelName, share: u.share.toFixed(6), payableAccountCode: u.payableAccountCode })),
  };
}
