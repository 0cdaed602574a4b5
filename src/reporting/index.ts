export { ReportingModule } from './reporting.module.js';
export { AuditPackageService } from './audit-package.service.js';
