import './ledger.errors.js';

export { LedgerModule } from './ledger.module.js';
export { LedgerService } from './ledger.service.js';
export type { PostingRequest } from './ledger.service.js';
export { PeriodsService } from './periods.service.js';
export { ReportsService } from './reports.service.js';
export type { EntrySource, LineDraft } from './posting.js';
export { EntryView } from './dto/ledger.dto.js';
export type { EntryDraft } from './posting.js';
export type { PostingGuard } from './posting-guard.js';
export { cachedChart } from './chart.js';
export type { Chart, ChartAccount } from './chart.js';
