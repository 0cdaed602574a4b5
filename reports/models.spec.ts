import type { AuditRecordView } from '../src/audit/dto/audit.dto.js';
import type { ReconciliationView } from '../src/banking/dto/banking.dto.js';
import type { AdjustmentView, ExecutionView } from '../src/budgets/dto/budgets.dto.js';
import type { StatementView } from '../src/dues/dto/dues.dto.js';
import type { AccountLedgerView, BalanceSheetView, EntryView, IncomeExpenditureView, TrialBalanceView } from '../src/ledger/dto/ledger.dto.js';
import type {
  AccountLedgerModel,
  AuditTrailRecordModel,
  BalanceSheetModel,
  BankReconciliationModel,
  BudgetAdjustmentModel,
  BudgetExecutionModel,
  DuesStatementModel,
  IncomeExpenditureModel,
  JournalEntryModel,
  ReversalModel,
  TrialBalanceModel,
} from './models.js';

/**
 * A service hands its JSON view to a layout as it is: each view must be assignable to its report model. These are
 * compile-time checks (npm run typecheck fails when a view drifts from its model); the test only keeps them in a
 * test file, where reports/ may look at the service's DTOs.
 */
type Assignable<View, Model> = [View] extends [Model] ? true : false;

const viewsFitModels: Record<string, true> = {
  trialBalance: true satisfies Assignable<TrialBalanceView, TrialBalanceModel>,
  accountLedger: true satisfies Assignable<AccountLedgerView, AccountLedgerModel>,
  balanceSheet: true satisfies Assignable<BalanceSheetView, BalanceSheetModel>,
  incomeExpenditure: true satisfies Assignable<IncomeExpenditureView, IncomeExpenditureModel>,
  budgetExecution: true satisfies Assignable<ExecutionView, BudgetExecutionModel>,
  duesStatement: true satisfies Assignable<StatementView, DuesStatementModel>,
  bankReconciliation: true satisfies Assignable<ReconciliationView, BankReconciliationModel>,
  journalEntry: true satisfies Assignable<EntryView, JournalEntryModel>,
  reversal: true satisfies Assignable<EntryView, ReversalModel>,
  budgetAdjustment: true satisfies Assignable<AdjustmentView, BudgetAdjustmentModel>,
  auditRecord: true satisfies Assignable<AuditRecordView, AuditTrailRecordModel>,
};

describe('report models', () => {
  it('take the service views as they are (checked by the compiler)', () => {
    expect(Object.values(viewsFitModels).every(Boolean)).toBe(true);
  });
});
