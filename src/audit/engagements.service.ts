import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { assertCentreVisible, canSeeUnion, isAuditor, Role, seesWholeCentre } from '../auth/index.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import type { RequestContext } from '../common/request-context.js';
import { actorOf } from './audit-trail.service.js';
import { AuditedWrite } from './audited-write.js';
import type {
  CloseEngagementDto,
  EngagementKind,
  EngagementView,
  FindingView,
  OpenEngagementDto,
  RecordFindingDto,
  RespondFindingDto,
} from './dto/engagements.dto.js';

export const KIND_NAMES: Record<EngagementKind, string> = {
  internal: '内部审计',
  state: '国家审计',
  social: '社会审计',
  member_supervision: '会员监督',
};

/** The roles whose users may audit under each kind of engagement. */
const AUDITOR_ROLES: Record<EngagementKind, string[]> = {
  internal: [Role.InternalAuditor],
  state: [Role.StateAuditor],
  social: [Role.SocialAuditor],
  member_supervision: [Role.InternalAuditor],
};

export const EngagementErrors = {
  notFound: (id: string) => CommonErrors.notFound('Engagement', id),
  findingNotFound: (id: string) => CommonErrors.notFound('Finding', id),
  stateByAdministrator: () =>
    new DomainError('ENGAGEMENT.STATE_BY_ADMINISTRATOR', 403, 'Forbidden', 'A state audit (国家审计) is opened by the system administrator.'),
  auditorRole: (userId: string, kind: string, roles: string[]) =>
    CommonErrors.unprocessable('ENGAGEMENT.AUDITOR_ROLE', `User ${userId} is not a ${roles.join(' or ')} of this centre, as a ${kind} engagement needs.`, [
      { field: 'auditorUserIds', message: `every auditor must be a ${roles.join(' or ')} of this centre` },
    ]),
  scopeRequired: () =>
    CommonErrors.validation([{ field: 'unionIds', message: 'name the unions audited, or set allUnions' }]),
  unknownUnion: (id: string) =>
    CommonErrors.unprocessable('ENGAGEMENT.UNKNOWN_UNION', `Union ${id} is not a union of this centre.`, [{ field: 'unionIds', message: 'not a union of this centre' }]),
  periodOrder: () => CommonErrors.validation([{ field: 'periodTo', message: 'periodTo must not be before periodFrom' }]),
  validityOrder: () => CommonErrors.validation([{ field: 'validUntil', message: 'validUntil must not be before validFrom' }]),
  closed: (id: string) => CommonErrors.conflict('ENGAGEMENT.CLOSED', `Engagement ${id} is closed.`),
  notInForce: (id: string) =>
    new DomainError('ENGAGEMENT.NOT_IN_FORCE', 403, 'Forbidden', `Engagement ${id} is not yours or not in force today.`),
  unionOutsideScope: (id: string) =>
    CommonErrors.unprocessable('ENGAGEMENT.UNION_OUTSIDE_SCOPE', `Union ${id} is not audited by this engagement.`, [{ field: 'unionId', message: 'outside the engagement' }]),
  findingClosed: (id: string) => CommonErrors.conflict('ENGAGEMENT.FINDING_CLOSED', `Finding ${id} is closed.`),
};

interface EngagementRow {
  centre_id: string;
  id: string;
  kind: EngagementKind;
  title: string;
  firm: string | null;
  all_unions: boolean;
  period_from: string;
  period_to: string;
  valid_from: string;
  valid_until: string;
  status: string;
  in_force: boolean;
  opened_by: string;
  opened_at: Date;
  closed_by: string | null;
  closed_at: Date | null;
  close_reason: string | null;
  union_ids: string[];
  auditor_ids: string[];
}

const ENGAGEMENT_SELECT = `
  SELECT e.centre_id, e.id, e.kind, e.title, e.firm, e.all_unions, to_char(e.period_from, 'YYYY-MM') AS period_from,
         to_char(e.period_to, 'YYYY-MM') AS period_to, to_char(e.valid_from, 'YYYY-MM-DD') AS valid_from,
         to_char(e.valid_until, 'YYYY-MM-DD') AS valid_until, e.status,
         (e.status = 'open' AND current_date BETWEEN e.valid_from AND e.valid_until) AS in_force,
         e.opened_by, e.opened_at, e.closed_by, e.closed_at, e.close_reason,
         ARRAY(SELECT union_id FROM audit_engagement_union u WHERE u.centre_id = e.centre_id AND u.engagement_id = e.id ORDER BY union_id) AS union_ids,
         ARRAY(SELECT user_id FROM audit_engagement_auditor a WHERE a.centre_id = e.centre_id AND a.engagement_id = e.id ORDER BY user_id) AS auditor_ids
    FROM audit_engagement e`;

/**
 * 四位一体 engagements: who audits which unions and months, valid between two days. The access they grant is read by
 * the auth guard on every request of an auditor; here they are opened, closed early, and carry findings (审计意见)
 * and the unions' rectification responses (整改).
 */
@Injectable()
export class EngagementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  open(ctx: RequestContext, centreId: string, dto: OpenEngagementDto): Promise<EngagementView> {
    assertCentreVisible(ctx.principal, centreId);
    if (dto.kind === 'state' && ctx.principal.role !== Role.SystemAdmin) throw EngagementErrors.stateByAdministrator();
    if (dto.periodTo < dto.periodFrom) throw EngagementErrors.periodOrder();
    if (dto.validUntil < dto.validFrom) throw EngagementErrors.validityOrder();
    const unionIds = [...new Set(dto.unionIds ?? [])];
    if (!dto.allUnions && unionIds.length === 0) throw EngagementErrors.scopeRequired();
    return this.write.run(actorOf(ctx), async (manager) => {
      const [centre] = await manager.query('SELECT 1 FROM centre WHERE id = $1', [centreId]);
      if (!centre) throw CommonErrors.notFound('Centre', centreId);
      const roles = AUDITOR_ROLES[dto.kind];
      const auditors: Array<{ id: string }> = await manager.query(
        'SELECT id FROM app_user WHERE centre_id = $1 AND id = ANY($2::uuid[]) AND role = ANY($3::text[]) AND active',
        [centreId, dto.auditorUserIds, roles],
      );
      const found = new Set(auditors.map((a) => a.id));
      const missing = dto.auditorUserIds.find((id) => !found.has(id));
      if (missing) throw EngagementErrors.auditorRole(missing, dto.kind, roles);
      const unions: Array<{ id: string }> = await manager.query('SELECT id FROM trade_union WHERE centre_id = $1 AND id = ANY($2::uuid[])', [centreId, unionIds]);
      const known = new Set(unions.map((u) => u.id));
      const unknown = unionIds.find((id) => !known.has(id));
      if (unknown) throw EngagementErrors.unknownUnion(unknown);
      const id = randomUUID();
      await manager.query(
        `INSERT INTO audit_engagement (centre_id, id, kind, title, firm, all_unions, period_from, period_to, valid_from, valid_until, opened_by)
         VALUES ($1, $2, $3, $4, $5, $6, to_date($7, 'YYYY-MM'), (to_date($8, 'YYYY-MM') + interval '1 month' - interval '1 day')::date, $9, $10, $11)`,
        [centreId, id, dto.kind, dto.title, dto.firm ?? null, dto.allUnions ?? false, dto.periodFrom, dto.periodTo, dto.validFrom, dto.validUntil, ctx.principal.userId],
      );
      await manager.query('INSERT INTO audit_engagement_union (centre_id, engagement_id, union_id) SELECT $1, $2, unnest($3::uuid[])', [centreId, id, unionIds]);
      await manager.query('INSERT INTO audit_engagement_auditor (centre_id, engagement_id, user_id) SELECT $1, $2, unnest($3::uuid[])', [
        centreId,
        id,
        [...found],
      ]);
      const view = await this.read(manager, centreId, id);
      return { result: view, audit: { centreId, action: 'engagement.open', objectType: 'engagement', objectId: id, detail: { after: view } } };
    });
  }

  close(ctx: RequestContext, centreId: string, engagementId: string, dto: CloseEngagementDto): Promise<EngagementView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const current = await this.read(manager, centreId, engagementId, true);
      if (current.kind === 'state' && ctx.principal.role !== Role.SystemAdmin) throw EngagementErrors.stateByAdministrator();
      if (current.status === 'closed') throw EngagementErrors.closed(engagementId);
      await manager.query(
        `UPDATE audit_engagement SET status = 'closed', closed_by = $3, closed_at = now(), close_reason = $4 WHERE centre_id = $1 AND id = $2`,
        [centreId, engagementId, ctx.principal.userId, dto.reason],
      );
      const view = await this.read(manager, centreId, engagementId);
      return { result: view, audit: { centreId, action: 'engagement.close', objectType: 'engagement', objectId: engagementId, detail: { reason: dto.reason } } };
    });
  }

  /** The centre sees every engagement; an auditor their own. */
  async list(ctx: RequestContext, centreId: string): Promise<EngagementView[]> {
    assertCentreVisible(ctx.principal, centreId);
    const own = isAuditor(ctx.principal.role);
    const rows: EngagementRow[] = await this.dataSource.query(
      `${ENGAGEMENT_SELECT} WHERE e.centre_id = $1
         AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM audit_engagement_auditor a WHERE a.centre_id = e.centre_id AND a.engagement_id = e.id AND a.user_id = $2))
       ORDER BY e.opened_at DESC`,
      [centreId, own ? ctx.principal.userId : null],
    );
    return rows.map(engagementView);
  }

  async get(ctx: RequestContext, centreId: string, engagementId: string): Promise<EngagementView> {
    assertCentreVisible(ctx.principal, centreId);
    const view = await this.read(this.dataSource.manager, centreId, engagementId);
    if (isAuditor(ctx.principal.role) && !view.auditorUserIds.includes(ctx.principal.userId)) throw EngagementErrors.notFound(engagementId);
    return view;
  }

  /** The engagement an auditor works under, in force today and theirs; the centre's staff may use any. */
  async inForce(ctx: RequestContext, centreId: string, engagementId: string): Promise<EngagementView> {
    const view = await this.get(ctx, centreId, engagementId);
    if (isAuditor(ctx.principal.role) && !view.inForce) throw EngagementErrors.notInForce(engagementId);
    return view;
  }

  recordFinding(ctx: RequestContext, centreId: string, engagementId: string, dto: RecordFindingDto): Promise<FindingView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const engagement = await this.inForce(ctx, centreId, engagementId);
      if (engagement.status === 'closed') throw EngagementErrors.closed(engagementId);
      if (dto.unionId && !engagement.allUnions && !engagement.unionIds.includes(dto.unionId)) throw EngagementErrors.unionOutsideScope(dto.unionId);
      const [{ next }] = await manager.query(
        'SELECT coalesce(max(number), 0) + 1 AS next FROM audit_finding WHERE centre_id = $1 AND engagement_id = $2',
        [centreId, engagementId],
      );
      const id = randomUUID();
      await manager.query(
        `INSERT INTO audit_finding (centre_id, id, engagement_id, number, union_id, title, opinion, requirement, due_on, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [centreId, id, engagementId, next, dto.unionId ?? null, dto.title, dto.opinion, dto.requirement ?? null, dto.dueOn ?? null, ctx.principal.userId],
      );
      const view = await this.readFinding(manager, centreId, id);
      return { result: view, audit: { centreId, action: 'engagement.finding', objectType: 'audit_finding', objectId: id, detail: { after: view } } };
    });
  }

  /** Findings of an engagement: its auditors and the centre see all, a union's people those about their union. */
  async findings(ctx: RequestContext, centreId: string, engagementId: string): Promise<FindingView[]> {
    assertCentreVisible(ctx.principal, centreId);
    const union = seesWholeCentre(ctx.principal, centreId) || isAuditor(ctx.principal.role) ? null : (ctx.principal.unionId ?? randomUUID());
    // the engagement must be of this centre (and an auditor's own); a union's people get its findings about their union
    await this.get(ctx, centreId, engagementId);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM audit_finding WHERE centre_id = $1 AND engagement_id = $2 AND ($3::uuid IS NULL OR union_id = $3) ORDER BY number`,
      [centreId, engagementId, union],
    );
    return Promise.all(rows.map((r) => this.readFinding(this.dataSource.manager, centreId, r.id)));
  }

  /** 整改: the union answers a finding about it (its treasurer or chair, or the centre's accountant for it). */
  respond(ctx: RequestContext, centreId: string, findingId: string, dto: RespondFindingDto): Promise<FindingView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const finding = await this.lockFinding(manager, centreId, findingId);
      if (finding.union_id ? !canSeeUnion(ctx.principal, centreId, finding.union_id) : !seesWholeCentre(ctx.principal, centreId)) {
        throw EngagementErrors.findingNotFound(findingId);
      }
      if (finding.status === 'closed') throw EngagementErrors.findingClosed(findingId);
      await manager.query(
        `INSERT INTO audit_rectification (centre_id, id, finding_id, response, completed, responded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [centreId, randomUUID(), findingId, dto.response, dto.completed ?? false, ctx.principal.userId],
      );
      await manager.query(`UPDATE audit_finding SET status = 'responded' WHERE centre_id = $1 AND id = $2`, [centreId, findingId]);
      const view = await this.readFinding(manager, centreId, findingId);
      return { result: view, audit: { centreId, action: 'engagement.rectification', objectType: 'audit_finding', objectId: findingId, detail: { ...dto } } };
    });
  }

  /** The engagement's auditor accepts the rectification and closes the finding. */
  closeFinding(ctx: RequestContext, centreId: string, findingId: string): Promise<FindingView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const finding = await this.lockFinding(manager, centreId, findingId);
      await this.inForce(ctx, centreId, finding.engagement_id);
      if (finding.status === 'closed') throw EngagementErrors.findingClosed(findingId);
      await manager.query(`UPDATE audit_finding SET status = 'closed', closed_by = $3, closed_at = now() WHERE centre_id = $1 AND id = $2`, [
        centreId,
        findingId,
        ctx.principal.userId,
      ]);
      const view = await this.readFinding(manager, centreId, findingId);
      return { result: view, audit: { centreId, action: 'engagement.finding.close', objectType: 'audit_finding', objectId: findingId, detail: {} } };
    });
  }

  async read(manager: EntityManager, centreId: string, engagementId: string, lock = false): Promise<EngagementView> {
    const [row]: EngagementRow[] = await manager.query(`${ENGAGEMENT_SELECT} WHERE e.centre_id = $1 AND e.id = $2 ${lock ? 'FOR UPDATE OF e' : ''}`, [
      centreId,
      engagementId,
    ]);
    if (!row) throw EngagementErrors.notFound(engagementId);
    return engagementView(row);
  }

  private async lockFinding(manager: EntityManager, centreId: string, findingId: string) {
    const [row] = await manager.query('SELECT id, engagement_id, union_id, status FROM audit_finding WHERE centre_id = $1 AND id = $2 FOR UPDATE', [
      centreId,
      findingId,
    ]);
    if (!row) throw EngagementErrors.findingNotFound(findingId);
    return row as { id: string; engagement_id: string; union_id: string | null; status: string };
  }

  async readFinding(manager: EntityManager, centreId: string, findingId: string): Promise<FindingView> {
    const [row] = await manager.query(
      `SELECT f.*, to_char(f.due_on, 'YYYY-MM-DD') AS due_on_text FROM audit_finding f WHERE f.centre_id = $1 AND f.id = $2`,
      [centreId, findingId],
    );
    if (!row) throw EngagementErrors.findingNotFound(findingId);
    const responses: Array<Record<string, unknown>> = await manager.query(
      'SELECT id, response, completed, responded_by, responded_at FROM audit_rectification WHERE centre_id = $1 AND finding_id = $2 ORDER BY responded_at, id',
      [centreId, findingId],
    );
    return {
      id: row.id,
      engagementId: row.engagement_id,
      number: row.number,
      unionId: row.union_id,
      title: row.title,
      opinion: row.opinion,
      requirement: row.requirement,
      dueOn: row.due_on_text,
      status: row.status,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at.toISOString(),
      closedBy: row.closed_by,
      closedAt: row.closed_at ? row.closed_at.toISOString() : null,
      rectifications: responses.map((r) => ({
        id: r.id as string,
        response: r.response as string,
        completed: r.completed as boolean,
        respondedBy: r.responded_by as string,
        respondedAt: (r.responded_at as Date).toISOString(),
      })),
    };
  }
}

function engagementView(row: EngagementRow): EngagementView {
  return {
    id: row.id,
    centreId: row.centre_id,
    kind: row.kind,
    kindName: KIND_NAMES[row.kind],
    title: row.title,
    firm: row.firm,
    allUnions: row.all_unions,
    unionIds: row.union_ids,
    auditorUserIds: row.auditor_ids,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: row.status,
    inForce: row.in_force,
    openedBy: row.opened_by,
    openedAt: row.opened_at.toISOString(),
    closedBy: row.closed_by,
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    closeReason: row.close_reason,
  };
}
