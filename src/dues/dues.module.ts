import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/index.js';
import { OrgModule } from '../org/index.js';
import { DuesController } from './dues.controller.js';
import { DuesImport } from './dues-import.js';
import { DuesService } from './dues.service.js';

@Module({
  imports: [LedgerModule, OrgModule],
  controllers: [DuesController],
  providers: [DuesService, DuesImport],
  exports: [DuesService, DuesImport],
})
export class DuesModule {}
