import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { REFUSAL_RECORDER } from '../common/problem-details.filter.js';
import { AuditController } from './audit.controller.js';
import { AuditQueries } from './audit-queries.service.js';
import { AuditTrail } from './audit-trail.service.js';
import { AuditedWrite } from './audited-write.js';
import { EngagementsController } from './engagements.controller.js';
import { EngagementsService } from './engagements.service.js';
import { AuditorReadRecorder } from './read-recorder.interceptor.js';
import { ReportMetaService } from './report-meta.service.js';

@Global()
@Module({
  controllers: [AuditController, EngagementsController],
  providers: [
    AuditTrail,
    AuditedWrite,
    AuditQueries,
    EngagementsService,
    ReportMetaService,
    { provide: REFUSAL_RECORDER, useExisting: AuditTrail },
    { provide: APP_INTERCEPTOR, useClass: AuditorReadRecorder },
  ],
  exports: [AuditTrail, AuditedWrite, REFUSAL_RECORDER, EngagementsService, ReportMetaService],
})
export class AuditModule {}
