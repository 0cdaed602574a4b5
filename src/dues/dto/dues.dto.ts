import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { POSITIVE_AMOUNT_PATTERN } from '../../common/money.js';
import { PageOf, PageQuery } from '../../common/pagination.js';
import { IsCalendarDate, IsNullable, IsOmittable, Trim } from '../../common/validators.js';
import { SortField, type SortOf } from '../../common/sorting.js';

export const DUES_PERIOD = /^[0-9]{4}-((0[1-9]|1[0-2])|Q[1-4])$/;
const SHARE = /^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$/;
const RATE = /^0\.[0-9]{1,6}$/;
const CLASS = /^[a-z][a-z0-9_]{0,31}$/;
const upper = Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

export class UpwardShareDto {
  @ApiProperty({ example: '上级工会' }) @Trim() @IsString() @Length(1, 60) levelName: string;
  @ApiProperty({ example: '0.40', description: 'Share of the dues, decimal string' }) @IsString() @Matches(SHARE, { message: 'share must be a decimal between 0 and 1' }) share: string;
  @ApiPropertyOptional({ example: '211', default: '211', description: 'The payable account the share is owed on' })
  @IsOmittable() @IsString() @Matches(/^211([0-9]{2})*$/, { message: 'payableAccountCode must be 211 or one of its sub-accounts' })
  payableAccountCode?: string;
}

export class CreateDuesRuleDto {
  @ApiProperty({ format: 'date', example: '2027-01-01' }) @IsCalendarDate() effectiveFrom: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'small_micro', description: 'Only enterprises of this class; all when null' })
  @IsNullable() @IsString() @Matches(CLASS, { message: 'enterpriseClass must be lower-case letters, digits or underscores' })
  enterpriseClass?: string | null;
  @ApiProperty({ example: '0.02', description: 'Of total payroll' }) @IsString() @Matches(RATE, { message: 'rate must be a decimal such as 0.02' }) rate: string;
  @ApiProperty({ example: '0.60', description: 'The grassroots union keeps this share' }) @IsString() @Matches(SHARE, { message: 'retainedShare must be a decimal between 0 and 1' }) retainedShare: string;
  @ApiProperty({ example: '0.60', description: 'Share of held preparation funds that moves to a newly founded union' })
  @IsString() @Matches(SHARE, { message: 'preparationTransferShare must be a decimal between 0 and 1' }) preparationTransferShare: string;
  @ApiProperty({ type: [UpwardShareDto] }) @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => UpwardShareDto) upwardShares: UpwardShareDto[];
}

export class DuesRuleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ nullable: true, type: String }) enterpriseClass: string | null;
  @ApiProperty({ example: '0.020000' }) rate: string;
  @ApiProperty({ example: '0.600000' }) retainedShare: string;
  @ApiProperty({ example: '0.600000' }) preparationTransferShare: string;
  @ApiProperty({ type: [UpwardShareDto] }) upwardShares: UpwardShareDto[];
}

export class DeclarePayrollDto {
  @ApiProperty({ example: '2026-03', description: 'A month YYYY-MM or a quarter YYYY-Qn' })
  @IsString() @Matches(DUES_PERIOD, { message: 'period must be a month YYYY-MM or a quarter YYYY-Qn' }) period: string;
  @ApiProperty({ example: '930000.00', description: '职工工资总额' })
  @IsString() @Matches(POSITIVE_AMOUNT_PATTERN, { message: 'totalPayroll must be a decimal string with at most two places' }) totalPayroll: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsNullable() @IsInt() @Min(0) @Max(10_000_000) headcount?: number | null;
  @ApiPropertyOptional({ format: 'date', description: 'Date of the entry that pays the new assessment from a credit the enterprise holds; today when left out' })
  @IsOmittable() @IsCalendarDate() declaredOn?: string;
}

export class DeclarationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() period: string;
  @ApiProperty() totalPayroll: string;
  @ApiProperty({ nullable: true, type: Number }) headcount: number | null;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'false once a correction replaced it' }) current: boolean;
  @ApiProperty({ enum: ['manual', 'import'] }) source: string;
  @ApiProperty({ format: 'date-time' }) declaredAt: string;
  @ApiProperty({ description: 'Dues assessed on this declaration' }) amountAssessed: string;
}

export class RecordReceiptDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() receivedOn: string;
  @ApiProperty({ example: '18600.00' }) @IsString() @Matches(POSITIVE_AMOUNT_PATTERN, { message: 'amount must be a decimal string with at most two places' }) amount: string;
  @ApiProperty({ enum: ['enterprise', 'tax'], description: 'Paid by the enterprise itself, or collected by the tax authority (税务代收)' })
  @IsIn(['enterprise', 'tax']) channel: 'enterprise' | 'tax';
  @ApiPropertyOptional({ format: 'uuid', description: 'The payer, when known; otherwise the receipt waits in suspense (待查明款项)' })
  @IsOmittable() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional({ description: 'The payer by its unified social credit code' }) @IsOmittable() @upper @IsString() @Length(18, 18) uscc?: string;
  @ApiPropertyOptional({ example: '2026-03', description: 'The period the payer says it pays; oldest owed first when left out' })
  @IsOmittable() @IsString() @Matches(DUES_PERIOD, { message: 'namedPeriod must be a month YYYY-MM or a quarter YYYY-Qn' }) namedPeriod?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOmittable() @Trim() @IsString() @Length(1, 200) payerName?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOmittable() @Trim() @IsString() @Length(1, 100) bankReference?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOmittable() @Trim() @IsString() @Length(1, 200) memo?: string;
}

export class AssignReceiptDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() enterpriseId: string;
  @ApiPropertyOptional({ example: '2026-03' }) @IsOmittable() @IsString() @Matches(DUES_PERIOD, { message: 'namedPeriod must be a month YYYY-MM or a quarter YYYY-Qn' }) namedPeriod?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Date of the assignment entry; the receipt date when left out' }) @IsOmittable() @IsCalendarDate() date?: string;
}

export class AllocationView {
  @ApiProperty({ nullable: true, type: String }) period: string | null;
  @ApiProperty({ enum: ['dues', 'preparation', 'credit', 'credit_used'] }) kind: string;
  @ApiProperty() amount: string;
  @ApiProperty({ format: 'uuid' }) unionId: string;
}

export class ReceiptView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty() amount: string;
  @ApiProperty() channel: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) enterpriseId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The payer’s name, once known' }) enterpriseName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The payer’s unified social credit code, once known' }) enterpriseUscc: string | null;
  @ApiProperty({ enum: ['allocated', 'suspense'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) namedPeriod: string | null;
  @ApiProperty({ nullable: true, type: String }) payerName: string | null;
  @ApiProperty({ nullable: true, type: String }) bankReference: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The journal entry that booked it' }) entryId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The entry that moved it out of suspense' }) assignedEntryId: string | null;
  @ApiProperty({ type: [AllocationView] }) allocations: AllocationView[];
}

export class ReceiptPage extends PageOf(ReceiptView) {
  @ApiProperty({ example: '18600.00', description: 'Σ amount of every receipt the filters select, on all pages' }) totalAmount: string;
}

/** What the receipts list may be sorted by (dues.service.ts maps each to its column). */
export const RECEIPT_SORT_KEYS = ['receivedOn', 'amount'] as const;

export class ReceiptQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['allocated', 'suspense'] }) @IsOmittable() @IsIn(['allocated', 'suspense']) status?: 'allocated' | 'suspense';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional({ enum: ['enterprise', 'tax'] }) @IsOmittable() @IsIn(['enterprise', 'tax']) channel?: 'enterprise' | 'tax';
  @ApiPropertyOptional({ format: 'date', description: 'Received on or after this day' }) @IsOmittable() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Received on or before this day' }) @IsOmittable() @IsCalendarDate() to?: string;
  @SortField(RECEIPT_SORT_KEYS, '-receivedOn') sort?: SortOf<typeof RECEIPT_SORT_KEYS>;
}

/** What the arrears list may be sorted by (dues.service.ts maps each to its column). */
export const ARREARS_SORT_KEYS = ['enterpriseName', 'owed', 'periodsOwed', 'oldestPeriod', 'monthsOverdue'] as const;

export class ArrearsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Today when left out; for an auditor whose engagement’s months ended earlier, their last day (a day outside them is 403 AUTH.OUT_OF_ENGAGEMENT)' }) @IsOmittable() @IsCalendarDate() asOf?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only enterprises of this union' }) @IsOmittable() @IsUUID() unionId?: string;
  @ApiPropertyOptional({ description: 'true: only enterprises with a union; false: only those without (建会筹备金 payers)' })
  @IsOmittable() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsIn([true, false])
  hasUnion?: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 1200, description: 'Only enterprises overdue at least this many whole months' })
  @IsOmittable() @Type(() => Number) @IsInt() @Min(0) @Max(1200)
  minMonthsOverdue?: number;
  @ApiPropertyOptional({ description: 'Part of the enterprise’s name or unified social credit code', maxLength: 100 })
  @IsOmittable() @Trim() @IsString() @Length(1, 100)
  q?: string;
  @SortField(ARREARS_SORT_KEYS, 'oldestPeriod') sort?: SortOf<typeof ARREARS_SORT_KEYS>;
}

export class RemitLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() unionId: string;
  @ApiProperty({ example: '7440.00' }) @IsString() @Matches(POSITIVE_AMOUNT_PATTERN, { message: 'amount must be a decimal string with at most two places' }) amount: string;
}

export class RemitDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() date: string;
  @ApiPropertyOptional({ example: '211', default: '211' })
  @IsOmittable() @IsString() @Matches(/^211([0-9]{2})*$/, { message: 'accountCode must be 211 or one of its sub-accounts' }) accountCode?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOmittable() @Trim() @IsString() @Length(1, 200) memo?: string;
  @ApiPropertyOptional({ type: [RemitLineDto], description: 'What each union remits; everything every union owes on the account when left out' })
  @IsOmittable() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => RemitLineDto) lines?: RemitLineDto[];
}

export class StatementQuery {
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year: number;
  @ApiPropertyOptional({ enum: ['json', 'pdf'], default: 'json', description: 'pdf: the statement to download and print (in Chinese)' })
  @IsOmittable() @IsIn(['json', 'pdf']) format?: 'json' | 'pdf';
}

export class StatementReceiptView {
  @ApiProperty({ format: 'uuid' }) receiptId: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty() amount: string;
}

export class StatementPeriodView {
  @ApiProperty() period: string;
  @ApiProperty({ nullable: true, type: String, description: '职工工资总额 declared (current declaration)' }) payrollDeclared: string | null;
  @ApiProperty() assessed: string;
  @ApiProperty() paid: string;
  @ApiProperty() owed: string;
  @ApiProperty({ enum: ['dues', 'preparation'], description: 'Paid to the enterprise’s union, or held as a preparation fund (建会筹备金)' }) kind: string;
  @ApiProperty({ type: [StatementReceiptView] }) receipts: StatementReceiptView[];
}

export class StatementView {
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() uscc: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: [StatementPeriodView] }) periods: StatementPeriodView[];
  @ApiProperty() totalAssessed: string;
  @ApiProperty() totalPaid: string;
  @ApiProperty() totalOwed: string;
  @ApiProperty({ description: 'Paid beyond what was assessed, held for later periods' }) credit: string;
}

export class ArrearsRowView {
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() uscc: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty() owed: string;
  @ApiProperty() periodsOwed: number;
  @ApiProperty({ description: 'The oldest period not fully paid' }) oldestPeriod: string;
  @ApiProperty({ description: 'Whole months since the oldest unpaid period ended' }) monthsOverdue: number;
}

export class ArrearsPage extends PageOf(ArrearsRowView) {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ example: '18600.00', description: 'Σ owed of every enterprise the filters select, on all pages' }) totalOwed: string;
}

export class FoundUnionDto {
  @ApiProperty({ example: 'WX-105' }) @Trim() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, { message: 'unionCode must be 1 to 32 letters, digits, dashes or underscores' }) unionCode: string;
  @ApiProperty({ example: '杭州拾光文化传媒有限公司工会' }) @Trim() @IsString() @Length(1, 100) unionName: string;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() foundedOn: string;
  @ApiProperty({ example: 25 }) @IsInt() @Min(0) @Max(1_000_000) memberCount: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'Its federation or street union; the centre’s street union when left out' })
  @IsOmittable() @IsUUID() parentUnionId?: string;
}

export class FoundingView {
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty({ description: 'Preparation funds held for the enterprise before founding' }) held: string;
  @ApiProperty({ description: 'Moved to the new union (its income)' }) transferred: string;
  @ApiProperty({ description: 'The rest, owed upward by the street union' }) remainder: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) entryId: string | null;
}
