export { AuditModule } from './audit.module.js';
export { actorOf, AuditTrail } from './audit-trail.service.js';
export type { AuditActor, AuditEntry } from './audit-trail.service.js';
export { AuditedWrite } from './audited-write.js';
export type { WriteOutcome } from './audited-write.js';
export { ChainVerifier, GENESIS_HASH, hashRecord, PLATFORM_CHAIN } from './chain.js';
export { EngagementsService, KIND_NAMES } from './engagements.service.js';
export type { EngagementView } from './dto/engagements.dto.js';
export { ReportMetaService } from './report-meta.service.js';
