import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AMOUNT_PATTERN, POSITIVE_AMOUNT_PATTERN } from '../../common/money.js';
import { PageOf, PageQuery } from '../../common/pagination.js';
import { SortField, type SortOf } from '../../common/sorting.js';
import { IsCalendarDate, IsNullable, IsOmittable, Trim } from '../../common/validators.js';

export const BUDGET_STATUSES = ['draft', 'submitted', 'approved'] as const;
export const LINE_KINDS = ['income', 'expenditure'] as const;
export const FUND_TYPES = ['basic', 'project'] as const;
export const MAX_BUDGET_LINES = 200;
const CATEGORY = /^[0-9]{3}$/;
const amountMessage = (field: string) => ({ message: `${field} must be a decimal string with at most two places, e.g. "1234.50"` });
const Amount = (field: string) => Matches(POSITIVE_AMOUNT_PATTERN, amountMessage(field));

// ---- budgets --------------------------------------------------------------------------------------------------

export class BudgetLineDto {
  @ApiProperty({ enum: LINE_KINDS, description: 'An income line (收入预算) or an expenditure line (支出预算)' })
  @IsIn(LINE_KINDS)
  kind: 'income' | 'expenditure';

  @ApiPropertyOptional({ enum: FUND_TYPES, description: 'Expenditure lines: basic work funds (基本支出) or a project (项目支出)' })
  @IsOmittable() @IsIn(FUND_TYPES)
  fundType?: 'basic' | 'project';

  @ApiProperty({ example: '501', description: 'A first-level account: an income account (401–407) or an expenditure category (501–508)' })
  @IsString() @Matches(CATEGORY, { message: 'categoryCode must be a first-level account code such as 402 or 501' })
  categoryCode: string;

  @ApiPropertyOptional({ example: '职工书屋建设', maxLength: 100, description: 'Project lines: the named project' })
  @IsOmittable() @Trim() @IsString() @Length(1, 100)
  projectName?: string;

  @ApiPropertyOptional({ example: '为职工购置图书、阅读设施', maxLength: 500, description: 'Project lines: what the project is for' })
  @IsOmittable() @Trim() @IsString() @Length(1, 500)
  purpose?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOmittable() @Trim() @IsString() @Length(1, 200)
  description?: string;

  @ApiProperty({ example: '36000.00', pattern: POSITIVE_AMOUNT_PATTERN.source })
  @IsString() @Amount('amount')
  amount: string;
}

export class CreateBudgetDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unionId: string;

  @ApiProperty({ example: 2026 })
  @IsInt() @Min(2000) @Max(2999)
  year: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOmittable() @Trim() @IsString() @Length(1, 500)
  memo?: string;

  @ApiProperty({ type: [BudgetLineDto], minItems: 1, maxItems: MAX_BUDGET_LINES })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BUDGET_LINES) @ValidateNested({ each: true }) @Type(() => BudgetLineDto)
  lines: BudgetLineDto[];
}

export class UpdateBudgetDto {
  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsNullable() @Trim() @IsString() @Length(1, 500)
  memo?: string | null;

  @ApiProperty({ type: [BudgetLineDto], minItems: 1, maxItems: MAX_BUDGET_LINES, description: 'The draft’s lines, all of them' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BUDGET_LINES) @ValidateNested({ each: true }) @Type(() => BudgetLineDto)
  lines: BudgetLineDto[];
}

export class ReasonDto {
  @ApiProperty({ maxLength: 500, example: '项目支出依据不足，请补充说明' })
  @Trim() @IsString() @Length(1, 500)
  reason: string;
}

/** What the budgets list may be sorted by (budgets.service.ts maps each to its column). */
export const BUDGET_SORT_KEYS = ['unionName', 'year', 'version', 'incomeTotal', 'expenditureTotal', 'submittedAt', 'approvedAt'] as const;

export class BudgetQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2026 }) @IsOmittable() @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year?: number;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() unionId?: string;
  @ApiPropertyOptional({ enum: BUDGET_STATUSES }) @IsOmittable() @IsIn(BUDGET_STATUSES) status?: (typeof BUDGET_STATUSES)[number];
  @ApiPropertyOptional({ description: 'true: only drafts the supervisor sent back (with returnedReason); false: every budget but those' })
  @IsOmittable() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsIn([true, false])
  returned?: boolean;
  @SortField(BUDGET_SORT_KEYS, '-year') sort?: SortOf<typeof BUDGET_SORT_KEYS>;
}

export class BudgetLineView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() lineNo: number;
  @ApiProperty({ enum: LINE_KINDS }) kind: string;
  @ApiProperty({ enum: FUND_TYPES, nullable: true, type: String }) fundType: string | null;
  @ApiProperty({ example: '501' }) categoryCode: string;
  @ApiProperty({ example: '职工活动支出' }) categoryName: string;
  @ApiProperty({ nullable: true, type: String }) projectName: string | null;
  @ApiProperty({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: '36000.00', description: 'As first approved (in a draft: as proposed)' }) originalAmount: string;
  @ApiProperty({ example: '38000.00', description: 'As approved and adjusted (调整后预算)' }) adjustedAmount: string;
  @ApiProperty({ example: '1200.00', description: 'Held by approved, unposted spending claims' }) committed: string;
  @ApiProperty({ example: '5000.00', description: 'Posted spending' }) spent: string;
  @ApiProperty({ example: '31800.00', description: 'adjusted − committed − spent (expenditure lines)' }) available: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The adjustment that added the line' }) addedByAdjustment: string | null;
}

export class BudgetView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty() unionName: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: BUDGET_STATUSES }) status: string;
  @ApiProperty({ description: '0 until approved; 1 at approval; one more per approved adjustment' }) version: number;
  @ApiProperty({ nullable: true, type: String }) memo: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) approvedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the supervisor sent the budget back' }) returnedReason: string | null;
  @ApiProperty({ type: [BudgetLineView] }) lines: BudgetLineView[];
  @ApiProperty() incomeTotal: string;
  @ApiProperty({ description: 'Expenditure lines, as adjusted' }) expenditureTotal: string;
}

export class BudgetPage extends PageOf(BudgetView) {}

export class BudgetVersionLineView {
  @ApiProperty({ format: 'uuid' }) lineId: string;
  @ApiProperty() lineNo: number;
  @ApiProperty({ enum: LINE_KINDS }) kind: string;
  @ApiProperty({ enum: FUND_TYPES, nullable: true, type: String }) fundType: string | null;
  @ApiProperty() categoryCode: string;
  @ApiProperty() categoryName: string;
  @ApiProperty({ nullable: true, type: String }) projectName: string | null;
  @ApiProperty({ description: 'The line’s budget in this version' }) amount: string;
}

export class BudgetVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'None for the first approval' }) adjustmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'uuid' }) approvedBy: string;
  @ApiProperty({ format: 'date-time' }) approvedAt: string;
  @ApiProperty({ type: [BudgetVersionLineView] }) lines: BudgetVersionLineView[];
  @ApiProperty() incomeTotal: string;
  @ApiProperty() expenditureTotal: string;
}

// ---- adjustments ----------------------------------------------------------------------------------------------

export class LineChangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  budgetLineId: string;

  @ApiProperty({ example: '-2000.00', description: 'Signed change of the line’s budget' })
  @IsString() @Matches(AMOUNT_PATTERN, { message: 'change must be a signed decimal string with at most two places, e.g. "-2000.00"' })
  change: string;
}

export class CreateAdjustmentDto {
  @ApiProperty({ maxLength: 500, example: '新增职工书屋项目，压减其他支出' })
  @Trim() @IsString() @Length(1, 500)
  reason: string;

  @ApiPropertyOptional({ type: [LineChangeDto], maxItems: MAX_BUDGET_LINES })
  @IsOmittable() @IsArray() @ArrayMaxSize(MAX_BUDGET_LINES) @ValidateNested({ each: true }) @Type(() => LineChangeDto)
  changes?: LineChangeDto[];

  @ApiPropertyOptional({ type: [BudgetLineDto], maxItems: MAX_BUDGET_LINES, description: 'Lines the adjustment adds' })
  @IsOmittable() @IsArray() @ArrayMaxSize(MAX_BUDGET_LINES) @ValidateNested({ each: true }) @Type(() => BudgetLineDto)
  newLines?: BudgetLineDto[];
}

export class LineChangeView {
  @ApiProperty({ format: 'uuid' }) budgetLineId: string;
  @ApiProperty() change: string;
}

export class NewLineView {
  @ApiProperty({ enum: LINE_KINDS }) kind: string;
  @ApiProperty({ enum: FUND_TYPES, nullable: true, type: String }) fundType: string | null;
  @ApiProperty() categoryCode: string;
  @ApiProperty({ nullable: true, type: String }) projectName: string | null;
  @ApiProperty({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() amount: string;
}

export class AdjustmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) budgetId: string;
  @ApiProperty() number: number;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['submitted', 'approved', 'rejected'] }) status: string;
  @ApiProperty({ type: [LineChangeView] }) changes: LineChangeView[];
  @ApiProperty({ type: [NewLineView] }) newLines: NewLineView[];
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The budget version its approval made' }) resultingVersion: number | null;
}

// ---- execution ------------------------------------------------------------------------------------------------

export class ExecutionQuery {
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year: number;
}

export class PrintableExecutionQuery extends ExecutionQuery {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], default: 'json', description: 'pdf: 预算执行情况表 to print (in Chinese)' })
  @IsOmittable() @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

export class RollupQuery extends ExecutionQuery {
  @ApiPropertyOptional({ enum: ['federation', 'all'], default: 'federation', description: 'Federations (工会联合会) only, or every union with a budget' })
  @IsOmittable() @IsIn(['federation', 'all'])
  unions?: 'federation' | 'all';
}

export class ExecutionLineView {
  @ApiProperty({ format: 'uuid' }) lineId: string;
  @ApiProperty() lineNo: number;
  @ApiProperty({ enum: LINE_KINDS }) kind: string;
  @ApiProperty({ enum: FUND_TYPES, nullable: true, type: String }) fundType: string | null;
  @ApiProperty() categoryCode: string;
  @ApiProperty() categoryName: string;
  @ApiProperty({ nullable: true, type: String }) projectName: string | null;
  @ApiProperty({ description: '年初预算: as first approved' }) budget: string;
  @ApiProperty({ description: '调整后预算' }) adjustedBudget: string;
  @ApiProperty({ description: 'Expenditure: held by approved claims; income: 0' }) committed: string;
  @ApiProperty({ description: 'Expenditure: posted spending; income: income received in the year' }) spent: string;
  @ApiProperty({ nullable: true, type: String, description: 'Expenditure lines: adjusted − committed − spent' }) available: string | null;
  @ApiProperty({ nullable: true, type: String, example: '37.50', description: '执行率 %: spent ÷ adjusted budget' }) percentExecuted: string | null;
}

export class ExecutionTotalsView {
  @ApiProperty() budget: string;
  @ApiProperty() adjustedBudget: string;
  @ApiProperty() committed: string;
  @ApiProperty() spent: string;
  @ApiProperty({ nullable: true, type: String }) available: string | null;
  @ApiProperty({ nullable: true, type: String }) percentExecuted: string | null;
}

export class ExecutionView {
  @ApiProperty({ format: 'uuid' }) budgetId: string;
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty() unionName: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: BUDGET_STATUSES }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [ExecutionLineView] }) lines: ExecutionLineView[];
  @ApiProperty({ type: ExecutionTotalsView }) income: ExecutionTotalsView;
  @ApiProperty({ type: ExecutionTotalsView }) expenditure: ExecutionTotalsView;
}

export class RollupRowView {
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty() unionCode: string;
  @ApiProperty() unionName: string;
  @ApiProperty() unionKind: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) budgetId: string | null;
  @ApiProperty({ nullable: true, type: String, enum: BUDGET_STATUSES }) status: string | null;
  @ApiProperty({ type: ExecutionTotalsView }) income: ExecutionTotalsView;
  @ApiProperty({ type: ExecutionTotalsView }) expenditure: ExecutionTotalsView;
}

export class RollupView {
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['federation', 'all'] }) unions: string;
  @ApiProperty({ type: [RollupRowView] }) rows: RollupRowView[];
  @ApiProperty({ type: ExecutionTotalsView, description: 'Approved budgets only' }) income: ExecutionTotalsView;
  @ApiProperty({ type: ExecutionTotalsView, description: 'Approved budgets only' }) expenditure: ExecutionTotalsView;
}

// ---- positive list --------------------------------------------------------------------------------------------

export class ItemTermsDto {
  @ApiProperty({ example: '春节慰问', maxLength: 100 })
  @Trim() @IsString() @Length(1, 100)
  name: string;

  @ApiProperty({ example: '501', description: 'The expenditure category (a first-level 5xx account) the item is spent under' })
  @IsString() @Matches(CATEGORY, { message: 'categoryCode must be a first-level account code such as 501' })
  categoryCode: string;

  @ApiPropertyOptional({ example: '500.00', nullable: true, type: String, description: 'Cap per member per year (每人每年)' })
  @IsNullable() @IsString() @Amount('capPerMemberYear')
  capPerMemberYear?: string | null;

  @ApiPropertyOptional({ example: '20000.00', nullable: true, type: String, description: 'Cap per event (每次活动)' })
  @IsNullable() @IsString() @Amount('capPerEvent')
  capPerEvent?: string | null;

  @ApiPropertyOptional({ example: '300.00', nullable: true, type: String, description: 'Cap per person per occasion (每人每次)' })
  @IsNullable() @IsString() @Amount('capPerPersonOccasion')
  capPerPersonOccasion?: string | null;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsNullable() @Trim() @IsString() @Length(1, 500)
  description?: string | null;

  @ApiProperty({ format: 'date', description: 'The terms are in force from this date' })
  @IsCalendarDate()
  effectiveFrom: string;
}

export class CreateItemDto extends ItemTermsDto {
  @ApiProperty({ example: 'SPRING', description: 'The item’s lasting code: 1 to 32 letters, digits, dots, dashes or underscores' })
  @Trim() @IsString() @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'code must be 1 to 32 letters, digits, dots, dashes or underscores' })
  code: string;
}

export class ItemVersionDto extends ItemTermsDto {
  @ApiPropertyOptional({ default: false, description: 'Takes the item off the list from effectiveFrom' })
  @IsOmittable() @IsBoolean()
  withdrawn?: boolean;
}

export class ItemQuery {
  @ApiPropertyOptional({ format: 'date', description: 'The list as in force on this date; today when left out' })
  @IsOmittable() @IsCalendarDate()
  date?: string;
}

export class ItemVersionView {
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty() name: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty() categoryName: string;
  @ApiProperty({ nullable: true, type: String }) capPerMemberYear: string | null;
  @ApiProperty({ nullable: true, type: String }) capPerEvent: string | null;
  @ApiProperty({ nullable: true, type: String }) capPerPersonOccasion: string | null;
  @ApiProperty() withdrawn: boolean;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ItemView extends ItemVersionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: [ItemVersionView], description: 'Every version, oldest first' }) versions: ItemVersionView[];
}
