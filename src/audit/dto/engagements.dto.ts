import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsCalendarDate, IsOmittable, Trim } from '../../common/validators.js';

export const ENGAGEMENT_KINDS = ['internal', 'state', 'social', 'member_supervision'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];
const PERIOD = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

export class OpenEngagementDto {
  @ApiProperty({ enum: ENGAGEMENT_KINDS, description: '内部审计 (经审会), 国家审计, 社会审计 (a CPA firm), 会员监督' })
  @IsIn(ENGAGEMENT_KINDS)
  kind: EngagementKind;

  @ApiProperty({ example: '2026年度工会经费收支审计', maxLength: 200 })
  @Trim() @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ example: '浙江天平会计师事务所', maxLength: 200, description: 'The audit firm or office' })
  @IsOmittable() @Trim() @IsString() @Length(1, 200)
  firm?: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 50, description: 'The auditors: users of the role the kind needs' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsUUID('all', { each: true })
  auditorUserIds: string[];

  @ApiPropertyOptional({ default: false, description: 'Every union of the centre, and its centre-level records (bank, receipts, trail)' })
  @IsOmittable() @IsBoolean()
  allUnions?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 500, description: 'The unions audited, unless allUnions' })
  @IsOmittable() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true })
  unionIds?: string[];

  @ApiProperty({ example: '2026-01', description: 'First month audited' })
  @Matches(PERIOD, { message: 'periodFrom must be YYYY-MM' })
  periodFrom: string;

  @ApiProperty({ example: '2026-12', description: 'Last month audited' })
  @Matches(PERIOD, { message: 'periodTo must be YYYY-MM' })
  periodTo: string;

  @ApiProperty({ format: 'date', description: 'The auditors read from this day' })
  @IsCalendarDate()
  validFrom: string;

  @ApiProperty({ format: 'date', description: 'to this day, inclusive' })
  @IsCalendarDate()
  validUntil: string;
}

export class CloseEngagementDto {
  @ApiProperty({ maxLength: 500, example: '审计工作已完成' })
  @Trim() @IsString() @Length(1, 500)
  reason: string;
}

export class EngagementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ enum: ENGAGEMENT_KINDS }) kind: string;
  @ApiProperty({ example: '国家审计' }) kindName: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) firm: string | null;
  @ApiProperty() allUnions: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) unionIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) auditorUserIds: string[];
  @ApiProperty({ example: '2026-01' }) periodFrom: string;
  @ApiProperty({ example: '2026-12' }) periodTo: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ description: 'Open and within its valid dates today' }) inForce: boolean;
  @ApiProperty({ format: 'uuid' }) openedBy: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) closedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason: string | null;
}

export class RecordFindingDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The union the finding concerns (one of the engagement’s)' })
  @IsOmittable() @IsUUID()
  unionId?: string;

  @ApiProperty({ example: '部分慰问品发放缺少签收记录', maxLength: 200 })
  @Trim() @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ example: '2026年春节慰问品发放表缺少12名会员签收', maxLength: 4000, description: '审计意见' })
  @Trim() @IsString() @Length(1, 4000)
  opinion: string;

  @ApiPropertyOptional({ example: '补齐签收记录并建立发放登记制度', maxLength: 2000, description: 'What the union must do (整改要求)' })
  @IsOmittable() @Trim() @IsString() @Length(1, 2000)
  requirement?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Rectify by' })
  @IsOmittable() @IsCalendarDate()
  dueOn?: string;
}

export class RespondFindingDto {
  @ApiProperty({ example: '已补齐签收记录，并制定《慰问品发放管理办法》', maxLength: 4000, description: '整改情况' })
  @Trim() @IsString() @Length(1, 4000)
  response: string;

  @ApiPropertyOptional({ default: false, description: 'The union considers the rectification complete' })
  @IsOmittable() @IsBoolean()
  completed?: boolean;
}

export class RectificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() response: string;
  @ApiProperty() completed: boolean;
  @ApiProperty({ format: 'uuid' }) respondedBy: string;
  @ApiProperty({ format: 'date-time' }) respondedAt: string;
}

export class FindingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) engagementId: string;
  @ApiProperty() number: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() opinion: string;
  @ApiProperty({ nullable: true, type: String }) requirement: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueOn: string | null;
  @ApiProperty({ enum: ['open', 'responded', 'closed'] }) status: string;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) closedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [RectificationView] }) rectifications: RectificationView[];
}
