import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/index.js';
import { BudgetControl } from './budget-control.service.js';
import { BudgetsController } from './budgets.controller.js';
import { BudgetsService } from './budgets.service.js';
import { PositiveListService } from './positive-list.service.js';

@Module({
  imports: [LedgerModule],
  controllers: [BudgetsController],
  providers: [BudgetsService, PositiveListService, BudgetControl],
  exports: [BudgetControl, BudgetsService],
})
export class BudgetsModule {}
