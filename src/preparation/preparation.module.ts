import { Module } from '@nestjs/common';
import { DuesModule } from '../dues/index.js';
import { LedgerModule } from '../ledger/index.js';
import { OrgModule } from '../org/index.js';
import { PreparationController } from './preparation.controller.js';
import { PreparationService } from './preparation.service.js';

@Module({
  imports: [DuesModule, LedgerModule, OrgModule],
  controllers: [PreparationController],
  providers: [PreparationService],
})
export class PreparationModule {}
