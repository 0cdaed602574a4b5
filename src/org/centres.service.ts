import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible, Role } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { offsetOf, pageOf, type PageQuery } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import type { CentreView, CreateCentreDto, UpdateCentreDto } from './dto/org.dto.js';
import { CentreEntity } from './org.entities.js';
import { centreView, changes } from './org.views.js';

@Injectable()
export class CentresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  create(ctx: RequestContext, dto: CreateCentreDto): Promise<CentreView> {
    return this.write.run(actorOf(ctx), async (manager) => {
      const now = new Date();
      const centre = manager.create(CentreEntity, { id: randomUUID(), ...dto, createdAt: now, updatedAt: now });
      await manager.insert(CentreEntity, centre);
      const view = centreView(centre);
      return { result: view, audit: { centreId: centre.id, action: 'centre.create', objectType: 'centre', objectId: centre.id, detail: { after: view } } };
    });
  }

  /** The administrator sees every centre; everyone else sees only their own. */
  async list(ctx: RequestContext, query: PageQuery) {
    const repository = this.dataSource.getRepository(CentreEntity);
    const where = ctx.principal.role === Role.SystemAdmin ? {} : { id: ctx.principal.centreId ?? undefined };
    const [rows, total] = await repository.findAndCount({
      where,
      order: { code: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(rows.map(centreView), total, query);
  }

  async get(ctx: RequestContext, centreId: string): Promise<CentreView> {
    assertCentreVisible(ctx.principal, centreId);
    const centre = await this.dataSource.getRepository(CentreEntity).findOneBy({ id: centreId });
    if (!centre) throw CommonErrors.notFound('Centre', centreId);
    return centreView(centre);
  }

  update(ctx: RequestContext, centreId: string, dto: UpdateCentreDto): Promise<CentreView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const centre = await manager.findOne(CentreEntity, { where: { id: centreId }, lock: { mode: 'pessimistic_write' } });
      if (!centre) throw CommonErrors.notFound('Centre', centreId);
      const before = centreView(centre);
      Object.assign(centre, dto, { updatedAt: new Date() });
      await manager.update(CentreEntity, { id: centreId }, { ...dto, updatedAt: centre.updatedAt });
      const after = centreView(centre);
      return {
        result: after,
        audit: { centreId, action: 'centre.update', objectType: 'centre', objectId: centreId, detail: { changes: changes(before, after) } },
      };
    });
  }
}
