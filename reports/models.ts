/**
 * The report models: plain data a service builds and hands to a layout. Each one is a structural subset of the JSON
 * view the service already returns (named beside it), so a service passes its view object as it is; models.spec.ts
 * checks that at compile time. Money is a decimal string ("1234.56", "-5.00"), printed grouped by formatAmount
 * ("1,234.56"); dates are "YYYY-MM-DD", periods "YYYY-MM", instants ISO 8601.
 *
 * Nothing here imports the service code: reports/ depends on no context, database or framework.
 */

/** Something a layout reads item by item: an array, a generator, or an async generator over a database cursor. */
export type ItemSource<T> = Iterable<T> | AsyncIterable<T>;

// ---- 科目余额表 (trial balance) — TrialBalanceView ----------------------------------------------------------------

export interface TrialBalanceRowModel {
  code: string;
  name: string;
  /** 1 for a first-level account, 2 (or more) for a sub-account: indented. */
  level: number;
  openingDebit: string;
  openingCredit: string;
  periodDebit: string;
  periodCredit: string;
  closingDebit: string;
  closingCredit: string;
}

export interface TrialBalanceTotalsModel {
  openingDebit: string;
  openingCredit: string;
  periodDebit: string;
  periodCredit: string;
  closingDebit: string;
  closingCredit: string;
}

export interface TrialBalanceModel {
  from: string;
  to: string;
  rows: TrialBalanceRowModel[];
  /** Over first-level accounts. */
  totals: TrialBalanceTotalsModel;
  balanced: boolean;
}

// ---- 明细账 (account detail ledger) — AccountLedgerView -------------------------------------------------------------

export interface LedgerRowModel {
  date: string;
  entryNumber: number;
  period: string;
  memo: string;
  debit: string;
  credit: string;
  /** Running balance in the account's normal direction. */
  balance: string;
}

export interface AccountLedgerModel {
  account: { code: string; name: string; normalSide: string };
  from: string;
  to: string;
  openingBalance: string;
  rows: LedgerRowModel[];
  periodDebit: string;
  periodCredit: string;
  closingBalance: string;
}

// ---- 资产负债表 (balance sheet) — BalanceSheetView -----------------------------------------------------------------

export interface StatementLineModel {
  code: string;
  name: string;
  /** 年初数 */
  yearStart: string;
  /** 期末数 */
  periodEnd: string;
}

export interface StatementTotalModel {
  yearStart: string;
  periodEnd: string;
}

export interface BalanceSheetModel {
  period: string;
  assets: StatementLineModel[];
  totalAssets: StatementTotalModel;
  liabilities: StatementLineModel[];
  totalLiabilities: StatementTotalModel;
  netAssets: StatementLineModel[];
  totalNetAssets: StatementTotalModel;
  totalLiabilitiesAndNetAssets: StatementTotalModel;
  balanced: boolean;
}

// ---- 收入支出表 (income and expenditure statement) — IncomeExpenditureView -----------------------------------------

export interface IncomeLineModel {
  code: string;
  name: string;
  /** 本月数 */
  month: string;
  /** 本年累计数 */
  yearToDate: string;
}

export interface IncomeTotalModel {
  month: string;
  yearToDate: string;
}

export interface IncomeExpenditureModel {
  period: string;
  income: IncomeLineModel[];
  totalIncome: IncomeTotalModel;
  expenditure: IncomeLineModel[];
  totalExpenditure: IncomeTotalModel;
  /** 收支结余 */
  surplus: IncomeTotalModel;
}

// ---- 预算执行情况表 (budget execution) — ExecutionView ---------------------------------------------------------------

export interface BudgetExecutionLineModel {
  lineNo: number;
  /** 'income' | 'expenditure' */
  kind: string;
  /** 'basic' | 'project' | null */
  fundType: string | null;
  categoryCode: string;
  categoryName: string;
  projectName: string | null;
  /** 年初预算 */
  budget: string;
  /** 调整后预算 */
  adjustedBudget: string;
  committed: string;
  spent: string;
  available: string | null;
  /** 执行率, e.g. "37.50" (percent) */
  percentExecuted: string | null;
}

export interface BudgetExecutionTotalsModel {
  budget: string;
  adjustedBudget: string;
  committed: string;
  spent: string;
  available: string | null;
  percentExecuted: string | null;
}

export interface BudgetExecutionModel {
  unionName: string;
  year: number;
  /** 'draft' | 'submitted' | 'approved' */
  status: string;
  version: number;
  lines: BudgetExecutionLineModel[];
  income: BudgetExecutionTotalsModel;
  expenditure: BudgetExecutionTotalsModel;
}

// ---- 工会经费拨缴对账单 (enterprise dues statement) — StatementView (src/dues) -------------------------------------------

export interface DuesStatementReceiptModel {
  receivedOn: string;
  amount: string;
}

export interface DuesStatementPeriodModel {
  period: string;
  /** 职工工资总额 declared; null when nothing was declared. */
  payrollDeclared: string | null;
  assessed: string;
  paid: string;
  owed: string;
  /** 'dues' (to the enterprise's union) | 'preparation' (建会筹备金) */
  kind: string;
  receipts: DuesStatementReceiptModel[];
}

export interface DuesStatementModel {
  enterpriseName: string;
  uscc: string;
  year: number;
  periods: DuesStatementPeriodModel[];
  totalAssessed: string;
  totalPaid: string;
  totalOwed: string;
  /** Paid beyond what was assessed, held for later periods (预缴结余). */
  credit: string;
}

// ---- 银行存款余额调节表 (bank reconciliation) — ReconciliationView -----------------------------------------------------

export interface ReconciliationItemModel {
  date: string;
  amount: string;
  /** Entry id (book items) or statement line (bank items). */
  ref: string | null;
  reference: string | null;
}

export interface BankReconciliationModel {
  asOf: string;
  accountNo: string;
  /** Not in the view: the centre's bank, when the service adds it. */
  bankName?: string | null;
  bookBalance: string;
  bankBalance: string;
  /** 单位已收、银行未收 */
  depositsInTransit: ReconciliationItemModel[];
  /** 单位已付、银行未付 */
  paymentsInTransit: ReconciliationItemModel[];
  /** 银行已收、单位未收 */
  bankCreditsNotBooked: ReconciliationItemModel[];
  /** 银行已付、单位未付 */
  bankDebitsNotBooked: ReconciliationItemModel[];
  adjustedBookBalance: string;
  adjustedBankBalance: string;
  difference: string;
  reconciled: boolean;
}

// ---- 财务公开 (member disclosure) — new: built by the disclosure service --------------------------------------------

export interface DisclosureLineModel {
  /** The category (a first-level account, e.g. 会员会费, 职工活动支出). */
  category: string;
  /** Its account code, when shown. */
  code?: string | null;
  amount: string;
  /** A short explanation for members ("春节慰问 236 人"). */
  note?: string | null;
}

export interface MemberDisclosureModel {
  unionName: string;
  /** First and last month disclosed, "YYYY-MM". */
  periodFrom: string;
  periodTo: string;
  income: DisclosureLineModel[];
  totalIncome: string;
  expenditure: DisclosureLineModel[];
  totalExpenditure: string;
  /** 期初经费结余 and 期末经费结余 (the union's fund balance). */
  fundBalanceStart: string;
  fundBalanceEnd: string;
  /** The date the disclosure is posted (公示日期). */
  publishedOn?: string | null;
  /** Where members raise questions ("工会经费审查委员会 电话 0571-…"). */
  contact?: string | null;
}

// ---- 凭证清单 (journal listing) — EntryView / EntryLineView ----------------------------------------------------------

export interface JournalLineModel {
  unionId: string;
  /** When the line names its union; otherwise the listing looks the id up among the unions it was given. */
  unionName?: string | null;
  accountCode: string;
  accountName: string;
  debit: string;
  credit: string;
}

export interface JournalEntryModel {
  /** 凭证号, per centre and year; null for an entry never posted. */
  number: number | null;
  date: string;
  memo: string;
  lines: JournalLineModel[];
}

// ---- 审计记录摘录 (audit-trail extract) — AuditRecordView -----------------------------------------------------------

export interface AuditTrailRecordModel {
  seq: number;
  occurredAt: string;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  /** 'ok' | 'refused' */
  outcome: string;
  hash: string;
}

// ---- the audit package (审计资料包) ---------------------------------------------------------------------------------

/** A subset of EngagementView (src/audit). */
export interface EngagementModel {
  /** 'internal' | 'state' | 'social' | 'member_supervision' */
  kind: string;
  /** The kind in Chinese, when the service gives it; otherwise the layout names the kind. */
  kindName?: string | null;
  title: string;
  /** The audit firm or office. */
  firm: string | null;
  allUnions?: boolean;
  periodFrom: string;
  periodTo: string;
  validFrom: string;
  validUntil: string;
}

export interface AuditorModel {
  name: string;
  /** The firm, office or committee. */
  organisation?: string | null;
  role?: string | null;
}

export interface ScopeUnionModel {
  id: string;
  code: string;
  name: string;
}

/** A union's sub-ledger: the detail ledger of each account the union used in the period. */
export interface UnionLedgerModel {
  unionId: string;
  unionCode?: string | null;
  unionName: string;
  accounts: AccountLedgerModel[];
}

/** A reversing entry (红字冲销): an EntryView, with the number of the entry it reverses when the service adds it. */
export interface ReversalModel {
  number: number | null;
  date: string;
  memo: string;
  totalDebit: string;
  reversesEntryId: string | null;
  reversesEntryNumber?: number | null;
}

/** A budget adjustment: an AdjustmentView, with its union and year when the service adds them. */
export interface BudgetAdjustmentModel {
  unionName?: string | null;
  year?: number | null;
  number: number;
  reason: string;
  /** 'submitted' | 'approved' | 'rejected' */
  status: string;
  changes: Array<{ change: string }>;
  newLines: Array<{ amount: string }>;
  requestedAt: string;
  decidedAt: string | null;
  resultingVersion: number | null;
}

/**
 * Everything the audit package prints. The three long parts (the unions' sub-ledgers, the journal and the trail)
 * are item sources: the service passes async generators over cursors and the package writes each item as it
 * comes, pausing the source while the reader is behind.
 */
export interface AuditPackageModel {
  engagement: EngagementModel;
  auditors: AuditorModel[];
  /** The unions in scope (also how journal lines find their union's name). */
  unions: ScopeUnionModel[];
  trialBalance: TrialBalanceModel;
  unionLedgers: ItemSource<UnionLedgerModel>;
  journal: ItemSource<JournalEntryModel>;
  budgetExecutions: BudgetExecutionModel[];
  reversals: ReversalModel[];
  budgetAdjustments: BudgetAdjustmentModel[];
  auditTrail: ItemSource<AuditTrailRecordModel>;
}
