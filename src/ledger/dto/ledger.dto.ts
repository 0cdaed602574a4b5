import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  Max,
  Min,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { POSITIVE_AMOUNT_PATTERN } from '../../common/money.js';
import { PageOf, PageQuery } from '../../common/pagination.js';
import { IsCalendarDate, IsNullable, IsOmittable, Trim } from '../../common/validators.js';
import { CLOSE_CHECK_CODES } from '../close-checks.js';
import { ENTRY_SOURCES, MAX_LINES } from '../posting.js';
import { SortField } from '../../common/sorting.js';

export const ENTRY_STATUSES = ['draft', 'approved', 'posted'] as const;
const ACCOUNT_CODE = /^[0-9]{3}([0-9]{2}){0,3}$/;
export const PERIOD = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

const amount = (description: string) =>
  ApiPropertyOptional({ type: String, example: '1234.56', pattern: POSITIVE_AMOUNT_PATTERN.source, description });

export class EntryLineDto {
  @ApiProperty({ format: 'uuid', description: 'The union whose sub-ledger the line belongs to' })
  @IsUUID()
  unionId: string;

  @ApiProperty({ example: '102', description: 'A postable (末级) account of the centre’s chart' })
  @IsString() @Matches(ACCOUNT_CODE, { message: 'accountCode must be an account code such as 102 or 40201' })
  accountCode: string;

  @amount('Debit amount (借方); give exactly one of debit and credit')
  @IsOmittable() @IsString() @Matches(POSITIVE_AMOUNT_PATTERN, { message: 'debit must be a decimal string with at most two places, e.g. "1234.50"' })
  debit?: string;

  @amount('Credit amount (贷方)')
  @IsOmittable() @IsString() @Matches(POSITIVE_AMOUNT_PATTERN, { message: 'credit must be a decimal string with at most two places, e.g. "1234.50"' })
  credit?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsNullable() @IsUUID()
  enterpriseId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsNullable() @IsUUID()
  budgetLineId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 64 })
  @IsNullable() @Trim() @IsString() @Length(1, 64)
  projectCode?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsNullable() @IsUUID()
  positiveListItemId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, maximum: 1_000_000, description: 'People the spending benefits (受益人数), for positive-list caps per person' })
  @IsNullable() @IsInt() @Min(1) @Max(1_000_000)
  headcount?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200 })
  @IsNullable() @Trim() @IsString() @Length(1, 200)
  memo?: string | null;
}

export class CreateEntryDto {
  @ApiProperty({ format: 'date', example: '2026-03-15' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '支付职工春节慰问品', maxLength: 200 })
  @Trim() @IsString() @Length(1, 200)
  memo: string;

  @ApiProperty({ type: [EntryLineDto], minItems: 2, maxItems: MAX_LINES })
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(MAX_LINES) @ValidateNested({ each: true }) @Type(() => EntryLineDto)
  lines: EntryLineDto[];
}

export class ReverseEntryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Date of the reversal, in an open period; today when left out' })
  @IsOmittable() @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Memo of the reversal; “冲销 …” when left out' })
  @IsOmittable() @Trim() @IsString() @Length(1, 200)
  memo?: string;
}

export class RejectEntryDto {
  @ApiProperty({ maxLength: 200, example: '附件不全，请补充发票' })
  @Trim() @IsString() @Length(1, 200)
  reason: string;
}

/** What the voucher list may be sorted by (ledger.service.ts maps each to its column). */
export const ENTRY_SORT_KEYS = ['date', 'number', 'period', 'preparedAt'] as const;

export class EntryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ENTRY_STATUSES })
  @IsOmittable() @IsIn(ENTRY_STATUSES)
  status?: (typeof ENTRY_STATUSES)[number];

  @ApiPropertyOptional({ example: '2026-03' })
  @IsOmittable() @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable() @IsUUID()
  unionId?: string;

  @ApiPropertyOptional({ enum: ENTRY_SOURCES })
  @IsOmittable() @IsIn(ENTRY_SOURCES)
  source?: string;

  @SortField(ENTRY_SORT_KEYS)
  sort?: string;
}

export class EntryLineView {
  @ApiProperty() lineNo: number;
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty({ example: '102' }) accountCode: string;
  @ApiProperty({ example: '银行存款' }) accountName: string;
  @ApiProperty({ example: '1234.56', description: 'Negative in a reversal (红字)' }) debit: string;
  @ApiProperty({ example: '0.00' }) credit: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) enterpriseId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) budgetLineId: string | null;
  @ApiProperty({ nullable: true, type: String }) projectCode: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) positiveListItemId: string | null;
  @ApiProperty({ nullable: true, type: Number }) headcount: number | null;
  @ApiProperty({ nullable: true, type: String }) memo: string | null;
}

export class EntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Per centre and year, without gaps among posted entries' }) number: number | null;
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ enum: ENTRY_STATUSES }) status: string;
  @ApiProperty({ enum: ENTRY_SOURCES }) source: string;
  @ApiProperty() memo: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) preparedBy: string | null;
  @ApiProperty({ format: 'date-time' }) preparedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) approvedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) postedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) postedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reversesEntryId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reversedByEntryId: string | null;
  @ApiProperty({ example: '1234.56' }) totalDebit: string;
  @ApiProperty({ example: '1234.56' }) totalCredit: string;
  @ApiProperty({ type: [EntryLineView] }) lines: EntryLineView[];
}
export class EntryPage extends PageOf(EntryView) {}

// ---- chart and periods --------------------------------------------------------------------------------------

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '102' }) code: string;
  @ApiProperty({ example: '银行存款' }) name: string;
  @ApiProperty({ enum: ['asset', 'liability', 'net_assets', 'income', 'expenditure'] }) category: string;
  @ApiProperty({ enum: ['debit', 'credit'] }) normalSide: string;
  @ApiProperty({ description: 'A cash account: no union’s balance in it may go below zero' }) isCash: boolean;
  @ApiProperty({ description: 'Takes postings (末级科目)' }) postable: boolean;
  @ApiProperty({ description: 'Of the accounting system (not the centre’s own sub-account)' }) standard: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
}

export class CreateSubAccountDto {
  @ApiProperty({ example: '21101', description: 'The parent’s code followed by two digits' })
  @IsString() @Matches(/^[0-9]{5}([0-9]{2}){0,2}$/, { message: 'code must be a parent code followed by two digits' })
  code: string;

  @ApiProperty({ example: '应付上级经费-市总工会', maxLength: 60 })
  @Trim() @IsString() @Length(1, 60)
  name: string;
}

export class PeriodView {
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) closedBy: string | null;
}

export class OpenPeriodDto {
  @ApiProperty({ example: '2026-01', description: 'The first period of a centre may be any month; later ones follow in order' })
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period: string;
}

export class PeriodCloseView {
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ description: 'Checks that passed', type: [String] }) checks: string[];
  @ApiProperty({ description: 'Year-end carry-forward entries (结转) posted by the closing, one per union', type: [EntryView] })
  closingEntries: EntryView[];
  @ApiProperty({ type: PeriodView, nullable: true, description: 'The period opened next, if the closing opened one' })
  nextPeriod: PeriodView | null;
}

export class CloseCheckView {
  @ApiProperty({ enum: CLOSE_CHECK_CODES, description: 'period_open, earlier_closed, no_pending, trial_balance; December adds year_end (what the closing will do, never a refusal)' })
  code: string;
  @ApiProperty({ example: '本期凭证均已记账', description: 'The check’s name, in Chinese' }) name: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({ example: '本期尚有 3 张凭证未记账（待审核 2 张，已审核待记账 1 张）。', description: 'What was found, in Chinese' }) detail: string;
}

export class PeriodCloseChecksView {
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ description: 'December: closing carries the year into 工会资金结余 and opens January' }) yearEnd: boolean;
  @ApiProperty({ type: [CloseCheckView], description: 'In the order the closing makes them' }) checks: CloseCheckView[];
  @ApiProperty({ description: 'Every check passes: POST periods/{period}/close would close the period now' }) canClose: boolean;
}

// ---- reports ------------------------------------------------------------------------------------------------

export class FormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOmittable() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv' | 'pdf';
}

/** Reports that also print: `format=pdf` streams the report in Chinese, every page tied to the audit chain head. */
export class PrintableFormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv', 'pdf'], default: 'json', description: 'pdf: the printed report (in Chinese), streamed' })
  @IsOmittable() @IsIn(['json', 'csv', 'pdf'])
  format?: 'json' | 'csv' | 'pdf';
}

export class PeriodRangeQuery extends PrintableFormatQuery {
  @ApiProperty({ example: '2026-01' })
  @Matches(PERIOD, { message: 'from must be YYYY-MM' })
  from: string;

  @ApiProperty({ example: '2026-03' })
  @Matches(PERIOD, { message: 'to must be YYYY-MM' })
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One union’s sub-ledger; the whole centre when left out' })
  @IsOmittable() @IsUUID()
  unionId?: string;
}

export class AccountLedgerQuery extends PeriodRangeQuery {
  @ApiProperty({ example: '102' })
  @IsString() @Matches(ACCOUNT_CODE, { message: 'accountCode must be an account code' })
  accountCode: string;
}

export class PeriodQuery extends PrintableFormatQuery {
  @ApiProperty({ example: '2026-03' })
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable() @IsUUID()
  unionId?: string;
}

export class AsOfQuery extends FormatQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Today when left out; for an auditor whose engagement’s months ended earlier, their last day (a day outside them is 403 AUTH.OUT_OF_ENGAGEMENT)' })
  @IsOmittable() @IsCalendarDate()
  asOf?: string;
}

export class ExportQuery {
  @ApiProperty({ example: '2026-01' })
  @Matches(PERIOD, { message: 'from must be YYYY-MM' })
  from: string;

  @ApiProperty({ example: '2026-12' })
  @Matches(PERIOD, { message: 'to must be YYYY-MM' })
  to: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable() @IsUUID()
  unionId?: string;
}

export class TrialBalanceRowView {
  @ApiProperty({ example: '102' }) code: string;
  @ApiProperty({ example: '银行存款' }) name: string;
  @ApiProperty() category: string;
  @ApiProperty({ description: '1 for a first-level account, 2 for a sub-account' }) level: number;
  @ApiProperty({ example: '0.00' }) openingDebit: string;
  @ApiProperty({ example: '0.00' }) openingCredit: string;
  @ApiProperty({ example: '0.00' }) periodDebit: string;
  @ApiProperty({ example: '0.00' }) periodCredit: string;
  @ApiProperty({ example: '0.00' }) closingDebit: string;
  @ApiProperty({ example: '0.00' }) closingCredit: string;
}

export class TrialBalanceTotalsView {
  @ApiProperty() openingDebit: string;
  @ApiProperty() openingCredit: string;
  @ApiProperty() periodDebit: string;
  @ApiProperty() periodCredit: string;
  @ApiProperty() closingDebit: string;
  @ApiProperty() closingCredit: string;
}

export class TrialBalanceView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-03' }) to: string;
  @ApiProperty({ type: [TrialBalanceRowView] }) rows: TrialBalanceRowView[];
  @ApiProperty({ type: TrialBalanceTotalsView, description: 'Over first-level accounts' }) totals: TrialBalanceTotalsView;
  @ApiProperty({ description: 'Debits equal credits in every column pair' }) balanced: boolean;
}

export class LedgerRowView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty() entryNumber: number;
  @ApiProperty({ example: '2026-03' }) period: string;
  @ApiProperty() memo: string;
  @ApiProperty() accountCode: string;
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty() debit: string;
  @ApiProperty() credit: string;
  @ApiProperty({ description: 'Running balance in the account’s normal direction' }) balance: string;
}

export class LedgerAccountView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['debit', 'credit'] }) normalSide: string;
}

export class AccountLedgerView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty({ type: LedgerAccountView }) account: LedgerAccountView;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() openingBalance: string;
  @ApiProperty({ type: [LedgerRowView] }) rows: LedgerRowView[];
  @ApiProperty() periodDebit: string;
  @ApiProperty() periodCredit: string;
  @ApiProperty() closingBalance: string;
}

export class StatementLineView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: '年初数' }) yearStart: string;
  @ApiProperty({ description: '期末数' }) periodEnd: string;
}

export class StatementTotalView {
  @ApiProperty() yearStart: string;
  @ApiProperty() periodEnd: string;
}

export class BalanceSheetView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty() period: string;
  @ApiProperty({ type: [StatementLineView] }) assets: StatementLineView[];
  @ApiProperty({ type: StatementTotalView }) totalAssets: StatementTotalView;
  @ApiProperty({ type: [StatementLineView] }) liabilities: StatementLineView[];
  @ApiProperty({ type: StatementTotalView }) totalLiabilities: StatementTotalView;
  @ApiProperty({ type: [StatementLineView] }) netAssets: StatementLineView[];
  @ApiProperty({ type: StatementTotalView }) totalNetAssets: StatementTotalView;
  @ApiProperty({ type: StatementTotalView }) totalLiabilitiesAndNetAssets: StatementTotalView;
  @ApiProperty({ description: 'Assets equal liabilities plus net assets' }) balanced: boolean;
}

export class IncomeLineView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: '本月数' }) month: string;
  @ApiProperty({ description: '本年累计数' }) yearToDate: string;
}

export class IncomeTotalView {
  @ApiProperty() month: string;
  @ApiProperty() yearToDate: string;
}

export class IncomeExpenditureView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty() period: string;
  @ApiProperty({ type: [IncomeLineView] }) income: IncomeLineView[];
  @ApiProperty({ type: IncomeTotalView }) totalIncome: IncomeTotalView;
  @ApiProperty({ type: [IncomeLineView] }) expenditure: IncomeLineView[];
  @ApiProperty({ type: IncomeTotalView }) totalExpenditure: IncomeTotalView;
  @ApiProperty({ type: IncomeTotalView, description: '收支结余' }) surplus: IncomeTotalView;
}

export class UnionCashView {
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Sub-balance of the unified bank account (102)' }) bank: string;
  @ApiProperty({ description: 'Cash on hand (101)' }) cashOnHand: string;
}

export class UnifiedAccountView {
  @ApiProperty() bankAccountNo: string;
  @ApiProperty() bankName: string;
  @ApiProperty({ description: 'Σ of the unions’ bank sub-balances' }) bookBalance: string;
}

export class CashTotalsView {
  @ApiProperty() bank: string;
  @ApiProperty() cashOnHand: string;
}

export class CashPositionView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: UnifiedAccountView }) unifiedAccount: UnifiedAccountView;
  @ApiProperty({ type: [UnionCashView] }) unions: UnionCashView[];
  @ApiProperty({ type: CashTotalsView }) totals: CashTotalsView;
}

export class BalancesQuery {
  @ApiProperty({ format: 'date', example: '2026-03-31', description: 'Balances at the end of this day' })
  @IsCalendarDate()
  asOf: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable() @IsUUID()
  unionId?: string;
}

export class AccountBalanceView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['debit', 'credit'] }) normalSide: string;
  @ApiProperty() level: number;
  @ApiProperty({ description: 'Debits minus credits' }) debitMinusCredit: string;
  @ApiProperty({ description: 'In the account’s normal direction' }) balance: string;
}

export class BalancesView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: [AccountBalanceView] }) accounts: AccountBalanceView[];
}

export class DisclosureQuery extends PrintableFormatQuery {
  @ApiProperty({ example: '2026-01', description: 'First month disclosed' })
  @Matches(PERIOD, { message: 'from must be YYYY-MM' })
  from: string;

  @ApiProperty({ example: '2026-06', description: 'Last month disclosed' })
  @Matches(PERIOD, { message: 'to must be YYYY-MM' })
  to: string;
}

export class DisclosureLineView {
  @ApiProperty({ example: '职工活动支出' }) category: string;
  @ApiProperty({ example: '501' }) code: string;
  @ApiProperty({ example: '2380.00' }) amount: string;
}

export class DisclosureView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty() unionName: string;
  @ApiProperty({ example: '2026-01' }) periodFrom: string;
  @ApiProperty({ example: '2026-06' }) periodTo: string;
  @ApiProperty({ type: [DisclosureLineView] }) income: DisclosureLineView[];
  @ApiProperty() totalIncome: string;
  @ApiProperty({ type: [DisclosureLineView] }) expenditure: DisclosureLineView[];
  @ApiProperty() totalExpenditure: string;
  @ApiProperty({ description: '期初经费结余' }) fundBalanceStart: string;
  @ApiProperty({ description: '期末经费结余' }) fundBalanceEnd: string;
}
