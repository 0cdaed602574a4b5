import './dues.errors.js';

export { DuesModule } from './dues.module.js';
export { DuesService } from './dues.service.js';
export { DuesErrors } from './dues.errors.js';
export { assessDues, parseDuesPeriod, preparationTransfer, ruleInEffect, settle, splitDues } from './dues-rules.js';
export { FoundingView, FoundUnionDto } from './dto/dues.dto.js';
export { DuesImport, PAYROLL_COLUMNS, RECEIPT_COLUMNS } from './dues-import.js';
export type { ImportSummary, Progress } from './dues-import.js';
