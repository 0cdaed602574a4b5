import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/index.js';
import { LedgerModule } from '../ledger/index.js';
import { AuditPackageService } from './audit-package.service.js';
import { ReportingController } from './reporting.controller.js';

/** Printed documents that draw on several contexts at once: the audit package of an engagement. */
@Module({
  imports: [LedgerModule, BudgetsModule],
  controllers: [ReportingController],
  providers: [AuditPackageService],
  exports: [AuditPackageService],
})
export class ReportingModule {}
