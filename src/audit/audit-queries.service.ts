import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { assertCentreLevelRead, assertCentreVisible, daysInScope } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import type { RequestContext } from '../common/request-context.js';
import { AuditTrail } from './audit-trail.service.js';
import { PLATFORM_CHAIN } from './chain.js';
import type { AuditRecordQuery } from './dto/audit.dto.js';

@Injectable()
export class AuditQueries {
  constructor(
    private readonly trail: AuditTrail,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async verifyCentre(ctx: RequestContext, centreId: string) {
    await this.assertCentre(ctx, centreId);
    return this.trail.verify(centreId);
  }

  async listCentreRecords(ctx: RequestContext, centreId: string, query: AuditRecordQuery) {
    assertCentreLevelRead(ctx.principal, centreId);
    await this.assertCentre(ctx, centreId);
    // an auditor reads what was done in the engagement's months, as the audit package's trail extract prints it
    return this.list(centreId, query, daysInScope(ctx.principal));
  }

  verifyPlatform() {
    return this.trail.verify(PLATFORM_CHAIN);
  }

  listPlatformRecords(query: AuditRecordQuery) {
    return this.list(PLATFORM_CHAIN, query);
  }

  private async list(centreId: string, query: AuditRecordQuery, days?: { from: string; to: string }) {
    const items = await this.trail.listRecords(centreId, query.afterSeq, query.limit, days);
    return { items, nextAfterSeq: items.length === query.limit ? items[items.length - 1].seq : null };
  }

  private async assertCentre(ctx: RequestContext, centreId: string): Promise<void> {
    assertCentreVisible(ctx.principal, centreId);
    // the trail does not own centres; a plain existence check keeps an unknown id a 404 for the administrator too
    const [row] = await this.dataSource.query('SELECT 1 FROM centre WHERE id = $1', [centreId]);
    if (!row) throw CommonErrors.notFound('Centre', centreId);
  }
}
