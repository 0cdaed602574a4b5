/**
 * The PDF layouts. Each render… function takes a report model (a service's view object) and the report's meta and
 * returns the PDF as a stream (a pdfkit document, a Node Readable) for the caller to pipe to the HTTP response or a
 * file. Each draw… function draws the same layout into an existing document, which is how the audit package
 * composes them.
 */
export * from './models.js';
export { type ChainHead, type PageLayout, type ReportMeta, ReportAbortedError, ReportCanvas, createReportCanvas, renderAsync } from './pdf/report-canvas.js';
export { ReportTable, type RowStyle, type TableCell, type TableColumn, type TableOptions } from './pdf/table.js';
export { beijingTime, dateLabel, formatAmount, periodLabel, periodRangeLabel, sumAmounts } from './pdf/format.js';
export { engagementKindLabel } from './pdf/labels.js';
export { FONT_PACKAGE, fontDirectory } from './pdf/fonts.js';
export { drawTrialBalance, renderTrialBalance, TRIAL_BALANCE_LAYOUT } from './trial-balance.js';
export { drawAccountLedger, renderAccountLedger, ACCOUNT_LEDGER_LAYOUT, type AccountLedgerOptions } from './account-ledger.js';
export { drawBalanceSheet, renderBalanceSheet, BALANCE_SHEET_LAYOUT } from './balance-sheet.js';
export { drawIncomeExpenditure, renderIncomeExpenditure, INCOME_EXPENDITURE_LAYOUT } from './income-expenditure.js';
export { drawBudgetExecution, renderBudgetExecution, BUDGET_EXECUTION_LAYOUT, type BudgetExecutionOptions } from './budget-execution.js';
export { drawDuesStatement, renderDuesStatement, DUES_STATEMENT_LAYOUT } from './dues-statement.js';
export { drawBankReconciliation, renderBankReconciliation, BANK_RECONCILIATION_LAYOUT } from './bank-reconciliation.js';
export { drawMemberDisclosure, renderMemberDisclosure, MEMBER_DISCLOSURE_LAYOUT } from './member-disclosure.js';
export { drawJournalListing, renderJournalListing, JOURNAL_LISTING_LAYOUT, type JournalListingModel, type JournalListingSummary } from './journal-listing.js';
export {
  drawAuditTrailExtract,
  renderAuditTrailExtract,
  AUDIT_TRAIL_EXTRACT_LAYOUT,
  HASH_PREFIX_LENGTH,
  type AuditTrailExtractModel,
  type AuditTrailExtractSummary,
} from './audit-trail-extract.js';
export { drawReversals, renderReversals, REVERSALS_LAYOUT } from './reversals.js';
export { drawBudgetAdjustments, renderBudgetAdjustments, netAdjustment, BUDGET_ADJUSTMENTS_LAYOUT } from './budget-adjustments.js';
export { drawAuditPackage, renderAuditPackage, AUDIT_PACKAGE_SECTIONS } from './audit-package.js';
