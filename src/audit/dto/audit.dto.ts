import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ChainBreakView {
  @ApiProperty({ example: 42 }) seq: number;
  @ApiProperty({ enum: ['sequence-gap', 'prev-hash-mismatch', 'hash-mismatch', 'head-mismatch'] }) reason: string;
  @ApiProperty({ example: 'record 42 was altered: its content does not match its hash' }) message: string;
  @ApiPropertyOptional() storedHash?: string;
  @ApiPropertyOptional() expectedHash?: string;
}

export class ChainVerificationView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ description: 'True when every record and the head check out' }) ok: boolean;
  @ApiProperty({ example: 1280 }) recordsChecked: number;
  @ApiProperty({ description: 'Seq of the last record that checked out', example: 1280 }) headSeq: number;
  @ApiProperty({ description: 'Hash of the last record that checked out' }) headHash: string;
  @ApiProperty({ type: ChainBreakView, nullable: true }) firstBroken: ChainBreakView | null;
  @ApiProperty({ format: 'date-time' }) verifiedAt: string;
}

export class AuditRecordView {
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty() seq: number;
  @ApiProperty() prevHash: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUsername: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({ example: 'union.create' }) action: string;
  @ApiProperty({ nullable: true, type: String }) objectType: string | null;
  @ApiProperty({ nullable: true, type: String }) objectId: string | null;
  @ApiProperty({ enum: ['ok', 'refused'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: unknown;
  @ApiProperty() hash: string;
}

export class AuditRecordList {
  @ApiProperty({ type: [AuditRecordView] }) items: AuditRecordView[];
  @ApiProperty({ nullable: true, type: Number, description: 'Pass as afterSeq for the next batch; null at the end' })
  nextAfterSeq: number | null;
}

export class AuditRecordQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  afterSeq: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit: number = 100;
}
