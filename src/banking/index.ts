export { BankingModule } from './banking.module.js';
export { BankingService } from './banking.service.js';
export { ImportStatementDto } from './dto/banking.dto.js';
