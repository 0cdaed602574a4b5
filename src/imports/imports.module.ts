import { Module } from '@nestjs/common';
import { BankingModule } from '../banking/index.js';
import { DuesModule } from '../dues/index.js';
import { ImportRunner } from './import-runner.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [DuesModule, BankingModule],
  controllers: [ImportsController],
  providers: [ImportRunner, ImportsService],
  exports: [ImportRunner],
})
export class ImportsModule {}
