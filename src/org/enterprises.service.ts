import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible, Role, isAuditor, seesWholeCentre, unionsInScope } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { offsetOf, pageOf } from '../common/pagination.js';
import { containsPattern } from '../common/search.js';
import { sortKey } from '../common/sorting.js';
import type { Principal, RequestContext } from '../common/request-context.js';
import type { CreateEnterpriseDto, EnterpriseQuery, EnterpriseView, UpdateEnterpriseDto } from './dto/org.dto.js';
import { CentreEntity, EnterpriseEntity, TradeUnionEntity } from './org.entities.js';
import { OrgErrors } from './org.errors.js';
import { changes, enterpriseView } from './org.views.js';

const NO_MATCH = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class EnterprisesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  create(ctx: RequestContext, centreId: string, dto: CreateEnterpriseDto): Promise<EnterpriseView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      if (!(await manager.existsBy(CentreEntity, { id: centreId }))) throw CommonErrors.notFound('Centre', centreId);
      if (dto.unionId) await this.checkUnion(manager, centreId, dto.unionId);
      const now = new Date();
      const enterprise = manager.create(EnterpriseEntity, {
        id: randomUUID(),
        centreId,
        name: dto.name,
        uscc: dto.uscc,
        payrollContactName: dto.payrollContactName ?? null,
        payrollContactPhone: dto.payrollContactPhone ?? null,
        unionId: dto.unionId ?? null,
        duesClass: dto.duesClass ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(EnterpriseEntity, enterprise);
      const view = enterpriseView(enterprise);
      return {
        result: view,
        audit: { centreId, action: 'enterprise.create', objectType: 'enterprise', objectId: enterprise.id, detail: { after: view } },
      };
    });
  }

  async list(ctx: RequestContext, centreId: string, query: EnterpriseQuery) {
    assertCentreVisible(ctx.principal, centreId);
    const builder = this.dataSource
      .getRepository(EnterpriseEntity)
      .createQueryBuilder('e')
      .where('e.centre_id = :centreId', { centreId });
    const narrowing = this.narrowing(ctx.principal, centreId);
    if (narrowing.enterpriseId) builder.andWhere('e.id = :own', { own: narrowing.enterpriseId });
    if (narrowing.unionIds) builder.andWhere('e.union_id = ANY(:ownUnions)', { ownUnions: narrowing.unionIds });
    if (query.unionId) builder.andWhere('e.union_id = :unionId', { unionId: query.unionId });
    if (query.hasUnion !== undefined) builder.andWhere(query.hasUnion ? 'e.union_id IS NOT NULL' : 'e.union_id IS NULL');
    if (query.q) {
      const like = containsPattern(query.q);
      builder.andWhere(new Brackets((w) => w.where('e.name ILIKE :like', { like }).orWhere('e.uscc ILIKE :like', { like })));
    }
    const { key: column, direction } = sortKey(query.sort ?? 'name');
    builder.orderBy(`e.${column}`, direction).addOrderBy('e.id', 'ASC');
    const [rows, total] = await builder.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
    return pageOf(rows.map(enterpriseView), total, query);
  }

  async get(ctx: RequestContext, centreId: string, enterpriseId: string): Promise<EnterpriseView> {
    assertCentreVisible(ctx.principal, centreId);
    const enterprise = await this.dataSource.getRepository(EnterpriseEntity).findOneBy({ centreId, id: enterpriseId });
    const narrowing = this.narrowing(ctx.principal, centreId);
    const visible =
      enterprise &&
      (!narrowing.enterpriseId || narrowing.enterpriseId === enterprise.id) &&
      (!narrowing.unionIds || (enterprise.unionId !== null && narrowing.unionIds.includes(enterprise.unionId)));
    if (!visible) throw CommonErrors.notFound('Enterprise', enterpriseId);
    return enterpriseView(enterprise);
  }

  update(ctx: RequestContext, centreId: string, enterpriseId: string, dto: UpdateEnterpriseDto): Promise<EnterpriseView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const enterprise = await this.lockEnterprise(manager, centreId, enterpriseId);
      if (dto.unionId) await this.checkUnion(manager, centreId, dto.unionId);
      const before = enterpriseView(enterprise);
      const patch: Partial<EnterpriseEntity> = { ...dto, updatedAt: new Date() };
      await manager.update(EnterpriseEntity, { centreId, id: enterpriseId }, patch);
      const after = enterpriseView(Object.assign(enterprise, patch));
      return {
        result: after,
        audit: {
          centreId, action: 'enterprise.update', objectType: 'enterprise', objectId: enterpriseId,
          detail: { changes: changes(before, after) },
        },
      };
    });
  }

  remove(ctx: RequestContext, centreId: string, enterpriseId: string): Promise<void> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const enterprise = await this.lockEnterprise(manager, centreId, enterpriseId);
      const [references] = await manager.query(
        'SELECT (SELECT count(*) FROM app_user WHERE centre_id = $1 AND enterprise_id = $2)::int AS users',
        [centreId, enterpriseId],
      );
      if (references.users > 0) throw OrgErrors.enterpriseInUse(references);
      await manager.delete(EnterpriseEntity, { centreId, id: enterpriseId });
      return {
        result: undefined,
        audit: {
          centreId, action: 'enterprise.delete', objectType: 'enterprise', objectId: enterpriseId,
          detail: { before: enterpriseView(enterprise) },
        },
      };
    });
  }

  /**
   * Within a visible centre: an enterprise user sees only itself, a union's people only their union's enterprises,
   * an auditor those of the engagement's unions.
   */
  private narrowing(principal: Principal, centreId: string): { enterpriseId?: string; unionIds?: string[] } {
    if (seesWholeCentre(principal, centreId)) return {};
    if (principal.role === Role.Enterprise) return { enterpriseId: principal.enterpriseId ?? NO_MATCH };
    if (principal.role === Role.UnionTreasurer || principal.role === Role.UnionChair || isAuditor(principal.role)) {
      const scope = unionsInScope(principal, centreId);
      return { unionIds: scope === 'all' ? undefined : scope };
    }
    return { enterpriseId: NO_MATCH };
  }

  private async lockEnterprise(manager: EntityManager, centreId: string, enterpriseId: string) {
    const enterprise = await manager.findOne(EnterpriseEntity, {
      where: { centreId, id: enterpriseId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!enterprise) throw CommonErrors.notFound('Enterprise', enterpriseId);
    return enterprise;
  }

  private async checkUnion(manager: EntityManager, centreId: string, unionId: string): Promise<void> {
    const union = await manager.findOne(TradeUnionEntity, { where: { centreId, id: unionId }, lock: { mode: 'pessimistic_read' } });
    if (!union) throw OrgErrors.unionNotFoundForEnterprise();
    if (union.kind !== 'grassroots') throw OrgErrors.enterpriseUnionNotGrassroots();
  }
}
