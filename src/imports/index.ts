import './imports.errors.js';

export { ImportsModule } from './imports.module.js';
export { ImportRunner } from './import-runner.js';
export { columnsOf, IMPORT_KINDS, importAuditDetail, RECEIPT_CHANNELS, refusedCsv } from './import-kinds.js';
export type { ImportKind, ImportSummary, ReceiptChannel, RefusedRow } from './import-kinds.js';
