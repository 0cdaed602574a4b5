export { AuditModule } from './audit.module.js';
export { actorOf, AuditTrail } from './audit-trail.service.js';
export type { AuditActor, AuditEntry } from './audit-trail.service.js';
export { AuditedWrite } from './audited-write.js';
export type { WriteOutcome } from './audited-write.js';
export { ChainVerifier, GENESIS_HASH, hashRecord, PLATFORM_CHAIN } from './chain.js';
