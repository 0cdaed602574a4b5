import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { POSITIVE_AMOUNT_PATTERN } from '../../common/money.js';
import { PageOf, PageQuery } from '../../common/pagination.js';
import { SortField } from '../../common/sorting.js';
import { IsCalendarDate, IsNullable, IsOmittable, Trim } from '../../common/validators.js';

export const CLAIM_STATUSES = ['submitted', 'approved', 'posted', 'refused', 'withdrawn'] as const;

export class RaiseClaimDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The union spending; the caller’s own union when left out' })
  @IsOmittable() @IsUUID()
  unionId?: string;

  @ApiProperty({ example: '杭州某某商贸有限公司', maxLength: 100, description: 'Who is paid (收款人)' })
  @Trim() @IsString() @Length(1, 100)
  payee: string;

  @ApiProperty({ example: '3600.00', pattern: POSITIVE_AMOUNT_PATTERN.source })
  @IsString() @Matches(POSITIVE_AMOUNT_PATTERN, { message: 'amount must be a decimal string with at most two places, e.g. "1234.50"' })
  amount: string;

  @ApiProperty({ format: 'uuid', description: 'The positive-list item (正面清单) the spending is for' })
  @IsUUID()
  positiveListItemId: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The budget line it draws on; required when the union has an approved budget for the year' })
  @IsNullable() @IsUUID()
  budgetLineId?: string | null;

  @ApiPropertyOptional({ example: '50101', description: 'The expenditure account to post to: the item’s category or one of its sub-accounts; the category when left out' })
  @IsOmittable() @IsString() @Matches(/^5[0-9]{2}([0-9]{2}){0,3}$/, { message: 'accountCode must be an expenditure account code such as 501 or 50101' })
  accountCode?: string;

  @ApiProperty({ example: '2026年春节职工慰问品', maxLength: 500 })
  @Trim() @IsString() @Length(1, 500)
  purpose: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: ['发票 No.04412345', '慰问名单.xlsx'], description: 'References to the supporting documents (附件)' })
  @IsOmittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 200, { each: true })
  attachments?: string[];

  @ApiPropertyOptional({ example: 12, description: 'Members the spending benefits; required when the item has a cap per person or per member' })
  @IsOmittable() @IsInt() @Min(1) @Max(1_000_000)
  memberCount?: number;
}

export class PostClaimDto {
  @ApiPropertyOptional({ format: 'date', description: 'Date of the payment, in an open period of the claim’s year; today when left out' })
  @IsOmittable() @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ example: '102', default: '102', description: 'Paid from the unified bank account (102) or cash on hand (101), or a sub-account of them' })
  @IsOmittable() @IsString() @Matches(/^10[12]([0-9]{2}){0,3}$/, { message: 'payFromAccountCode must be 101, 102 or one of their sub-accounts' })
  payFromAccountCode?: string;
}

export class RefuseClaimDto {
  @ApiProperty({ maxLength: 500, example: '发票抬头不符，请更正后重新申请' })
  @Trim() @IsString() @Length(1, 500)
  reason: string;
}

/** What the claims list may be sorted by (spending.service.ts maps each to its column). */
export const CLAIM_SORT_KEYS = ['number', 'amount', 'raisedAt', 'payee', 'unionName'] as const;

export class ClaimQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES }) @IsOmittable() @IsIn(CLAIM_STATUSES) status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() unionId?: string;
  @ApiPropertyOptional({ example: 2026 }) @IsOmittable() @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year?: number;
  @SortField(CLAIM_SORT_KEYS) sort?: string;
}

export class ClaimView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ example: '2026-0007', description: 'Year and number within the centre' }) number: string;
  @ApiProperty() year: number;
  @ApiProperty({ format: 'uuid' }) unionId: string;
  @ApiProperty() unionName: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: string;
  @ApiProperty() payee: string;
  @ApiProperty({ example: '3600.00' }) amount: string;
  @ApiProperty({ format: 'uuid' }) positiveListItemId: string;
  @ApiProperty({ example: 'SPRING' }) itemCode: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) budgetLineId: string | null;
  @ApiProperty({ example: '501' }) accountCode: string;
  @ApiProperty({ example: '职工活动支出' }) accountName: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: [String] }) attachments: string[];
  @ApiProperty({ nullable: true, type: Number }) memberCount: number | null;
  @ApiProperty({ format: 'uuid' }) raisedBy: string;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) approvedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) postedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) postedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The journal entry (凭证) that paid it' }) entryId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) refusedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) refusedAt: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['union', 'centre'] }) refusedStep: string | null;
  @ApiProperty({ nullable: true, type: String }) refusalReason: string | null;
}

export class ClaimPage extends PageOf(ClaimView) {}
