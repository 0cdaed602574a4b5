import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible, canSeeUnion, unionsInScope } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { offsetOf, pageOf } from '../common/pagination.js';
import { containsPattern } from '../common/search.js';
import { sortKey } from '../common/sorting.js';
import type { RequestContext } from '../common/request-context.js';
import type { CreateUnionDto, UnionQuery, UnionView, UpdateUnionDto } from './dto/org.dto.js';
import { CentreEntity, TradeUnionEntity, type UnionKind } from './org.entities.js';
import { OrgErrors } from './org.errors.js';
import { changes, unionView } from './org.views.js';
import { parentKindAllowed } from './union-hierarchy.js';

@Injectable()
export class UnionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  create(ctx: RequestContext, centreId: string, dto: CreateUnionDto): Promise<UnionView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const view = await this.insertUnion(manager, centreId, dto);
      return { result: view, audit: this.createdAudit(view) };
    });
  }

  /** Registers a union inside the caller's transaction (founding a union with its enterprise uses this). */
  async insertUnion(manager: EntityManager, centreId: string, dto: CreateUnionDto): Promise<UnionView> {
    await this.requireCentre(manager, centreId);
    await this.checkParent(manager, centreId, dto.kind, dto.parentUnionId ?? null);
    const now = new Date();
    const union = manager.create(TradeUnionEntity, {
      id: randomUUID(),
      centreId,
      code: dto.code,
      name: dto.name,
      kind: dto.kind,
      parentUnionId: dto.parentUnionId ?? null,
      memberCount: dto.memberCount,
      foundedOn: dto.foundedOn ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(TradeUnionEntity, union);
    return unionView(union);
  }

  createdAudit(view: UnionView) {
    return { centreId: view.centreId, action: 'union.create', objectType: 'union', objectId: view.id, detail: { after: view } };
  }

  async list(ctx: RequestContext, centreId: string, query: UnionQuery) {
    assertCentreVisible(ctx.principal, centreId);
    const builder = this.dataSource
      .getRepository(TradeUnionEntity)
      .createQueryBuilder('u')
      .where('u.centre_id = :centreId', { centreId });
    const scope = unionsInScope(ctx.principal, centreId);
    // a union's own people see their union only, an auditor the engagement's unions; others of the centre see none
    if (scope !== 'all') builder.andWhere('u.id = ANY(:scope)', { scope });
    if (query.kind) builder.andWhere('u.kind = :kind', { kind: query.kind });
    if (query.parentUnionId) builder.andWhere('u.parent_union_id = :parent', { parent: query.parentUnionId });
    if (query.q) {
      const like = containsPattern(query.q);
      builder.andWhere(new Brackets((w) => w.where('u.code ILIKE :like', { like }).orWhere('u.name ILIKE :like', { like })));
    }
    const { key: column, direction } = sortKey(query.sort ?? 'code');
    if (column !== 'code') builder.orderBy(`u.${column}`, direction, 'NULLS LAST').addOrderBy('u.code', 'ASC');
    else builder.orderBy('u.code', direction);
    const [rows, total] = await builder.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
    return pageOf(rows.map(unionView), total, query);
  }

  async get(ctx: RequestContext, centreId: string, unionId: string): Promise<UnionView> {
    if (!canSeeUnion(ctx.principal, centreId, unionId)) throw CommonErrors.notFound('Union', unionId);
    const union = await this.dataSource.getRepository(TradeUnionEntity).findOneBy({ centreId, id: unionId });
    if (!union) throw CommonErrors.notFound('Union', unionId);
    return unionView(union);
  }

  update(ctx: RequestContext, centreId: string, unionId: string, dto: UpdateUnionDto): Promise<UnionView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const union = await this.lockUnion(manager, centreId, unionId);
      const before = unionView(union);
      if (dto.parentUnionId !== undefined) {
        if (dto.parentUnionId === unionId) throw OrgErrors.parentKindNotAllowed(union.kind, union.kind);
        await this.checkParent(manager, centreId, union.kind, dto.parentUnionId);
      }
      const patch: Partial<TradeUnionEntity> = { ...dto, updatedAt: new Date() };
      await manager.update(TradeUnionEntity, { centreId, id: unionId }, patch);
      const after = unionView(Object.assign(union, patch));
      return {
        result: after,
        audit: { centreId, action: 'union.update', objectType: 'union', objectId: unionId, detail: { changes: changes(before, after) } },
      };
    });
  }

  /** Only a union nothing refers to can go; anything with history stays (its ledger will refer to it). */
  remove(ctx: RequestContext, centreId: string, unionId: string): Promise<void> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const union = await this.lockUnion(manager, centreId, unionId);
      const [references] = await manager.query(
        `SELECT (SELECT count(*) FROM trade_union WHERE centre_id = $1 AND parent_union_id = $2)::int AS "childUnions",
                (SELECT count(*) FROM enterprise WHERE centre_id = $1 AND union_id = $2)::int AS enterprises,
                (SELECT count(*) FROM app_user WHERE centre_id = $1 AND union_id = $2)::int AS users`,
        [centreId, unionId],
      );
      if (Object.values(references as Record<string, number>).some((count) => count > 0)) throw OrgErrors.unionInUse(references);
      await manager.delete(TradeUnionEntity, { centreId, id: unionId });
      return {
        result: undefined,
        audit: { centreId, action: 'union.delete', objectType: 'union', objectId: unionId, detail: { before: unionView(union) } },
      };
    });
  }

  private async requireCentre(manager: EntityManager, centreId: string): Promise<void> {
    if (!(await manager.existsBy(CentreEntity, { id: centreId }))) throw CommonErrors.notFound('Centre', centreId);
  }

  private async lockUnion(manager: EntityManager, centreId: string, unionId: string): Promise<TradeUnionEntity> {
    const union = await manager.findOne(TradeUnionEntity, {
      where: { centreId, id: unionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!union) throw CommonErrors.notFound('Union', unionId);
    return union;
  }

  private async checkParent(manager: EntityManager, centreId: string, kind: UnionKind, parentUnionId: string | null) {
    if (parentUnionId === null) return;
    // FOR SHARE: the parent cannot be deleted while this union is being attached to it
    const parent = await manager.findOne(TradeUnionEntity, {
      where: { centreId, id: parentUnionId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!parent) throw OrgErrors.parentNotFound();
    if (!parentKindAllowed(kind, parent.kind)) throw OrgErrors.parentKindNotAllowed(kind, parent.kind);
  }
}

