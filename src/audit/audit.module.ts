import { Global, Module } from '@nestjs/common';
import { REFUSAL_RECORDER } from '../common/problem-details.filter.js';
import { AuditController } from './audit.controller.js';
import { AuditQueries } from './audit-queries.service.js';
import { AuditTrail } from './audit-trail.service.js';
import { AuditedWrite } from './audited-write.js';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditTrail, AuditedWrite, AuditQueries, { provide: REFUSAL_RECORDER, useExisting: AuditTrail }],
  exports: [AuditTrail, AuditedWrite, REFUSAL_RECORDER],
})
export class AuditModule {}
