import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/index.js';
import { LedgerModule } from '../ledger/index.js';
import { SpendingController } from './spending.controller.js';
import { SpendingService } from './spending.service.js';

@Module({
  imports: [BudgetsModule, LedgerModule],
  controllers: [SpendingController],
  providers: [SpendingService],
})
export class SpendingModule {}
