export { BankingModule } from './banking.module.js';
export { BANK_COLUMNS, BankingService } from './banking.service.js';
export { ImportStatementDto } from './dto/banking.dto.js';
