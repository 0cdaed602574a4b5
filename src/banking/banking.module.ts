import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/index.js';
import { BankingController } from './banking.controller.js';
import { BankingService } from './banking.service.js';

@Module({
  imports: [LedgerModule],
  controllers: [BankingController],
  providers: [BankingService],
  exports: [BankingService],
})
export class BankingModule {}
