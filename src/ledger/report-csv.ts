import { toCsv } from '../common/csv.js';
import type { AccountLedgerView, BalanceSheetView, CashPositionView, IncomeExpenditureView, TrialBalanceView } from './dto/ledger.dto.js';

/** The reports as CSV, with the column heads an accountant reads (Chinese, as in the accounting system). */
export const reportCsv = {
  trialBalance: (r: TrialBalanceView) =>
    toCsv(
      ['科目编码', '科目名称', '级次', '期初借方', '期初贷方', '本期借方', '本期贷方', '期末借方', '期末贷方'],
      [
        ...r.rows.map((row) => [row.code, row.name, row.level, row.openingDebit, row.openingCredit, row.periodDebit, row.periodCredit, row.closingDebit, row.closingCredit]),
        ['', '合计', '', r.totals.openingDebit, r.totals.openingCredit, r.totals.periodDebit, r.totals.periodCredit, r.totals.closingDebit, r.totals.closingCredit],
      ],
    ),
  accountLedger: (r: AccountLedgerView) =>
    toCsv(
      ['日期', '凭证号', '摘要', '科目编码', '工会', '借方', '贷方', '余额'],
      [
        ['', '', '期初余额', r.account.code, r.unionId ?? '', '', '', r.openingBalance],
        ...r.rows.map((row) => [row.date, `${row.period}-${row.entryNumber}`, row.memo, row.accountCode, row.unionId, row.debit, row.credit, row.balance]),
        ['', '', '本期合计', r.account.code, r.unionId ?? '', r.periodDebit, r.periodCredit, r.closingBalance],
      ],
    ),
  balanceSheet: (r: BalanceSheetView) =>
    toCsv(
      ['类别', '科目编码', '项目', '年初数', '期末数'],
      [
        ...r.assets.map((l) => ['资产', l.code, l.name, l.yearStart, l.periodEnd]),
        ['资产', '', '资产合计', r.totalAssets.yearStart, r.totalAssets.periodEnd],
        ...r.liabilities.map((l) => ['负债', l.code, l.name, l.yearStart, l.periodEnd]),
        ['负债', '', '负债合计', r.totalLiabilities.yearStart, r.totalLiabilities.periodEnd],
        ...r.netAssets.map((l) => ['净资产', l.code, l.name, l.yearStart, l.periodEnd]),
        ['净资产', '', '净资产合计', r.totalNetAssets.yearStart, r.totalNetAssets.periodEnd],
        ['', '', '负债和净资产总计', r.totalLiabilitiesAndNetAssets.yearStart, r.totalLiabilitiesAndNetAssets.periodEnd],
      ],
    ),
  incomeExpenditure: (r: IncomeExpenditureView) =>
    toCsv(
      ['类别', '科目编码', '项目', '本月数', '本年累计数'],
      [
        ...r.income.map((l) => ['收入', l.code, l.name, l.month, l.yearToDate]),
        ['收入', '', '收入合计', r.totalIncome.month, r.totalIncome.yearToDate],
        ...r.expenditure.map((l) => ['支出', l.code, l.name, l.month, l.yearToDate]),
        ['支出', '', '支出合计', r.totalExpenditure.month, r.totalExpenditure.yearToDate],
        ['', '', '收支结余', r.surplus.month, r.surplus.yearToDate],
      ],
    ),
  cashPosition: (r: CashPositionView) =>
    toCsv(
      ['工会编码', '工会名称', '银行存款（统一账户分户余额）', '库存现金'],
      [
        ...r.unions.map((u) => [u.code, u.name, u.bank, u.cashOnHand]),
        ['', `合计（统一账户 ${r.unifiedAccount.bankAccountNo} 账面余额）`, r.totals.bank, r.totals.cashOnHand],
      ],
    ),
};
