import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service.js';
import { ExportService } from './export.service.js';
import { LedgerController, ReportsController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';
import { PeriodsService } from './periods.service.js';
import { ReportsService } from './reports.service.js';

@Module({
  controllers: [LedgerController, ReportsController],
  providers: [LedgerService, PeriodsService, AccountsService, ReportsService, ExportService],
  exports: [LedgerService, PeriodsService, ReportsService],
})
export class LedgerModule {}
