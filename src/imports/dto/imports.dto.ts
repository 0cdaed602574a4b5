import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination.js';
import { IsOmittable } from '../../common/validators.js';
import { IMPORT_KINDS, RECEIPT_CHANNELS } from '../import-kinds.js';

export const IMPORT_RUN_STATUSES = ['running', 'done', 'failed'] as const;

/** The multipart form of an upload: the file and what it holds. */
export class StartImportDto {
  @ApiProperty({ enum: IMPORT_KINDS, description: 'payroll: 工资总额申报; receipts: 到账明细; bank: 银行对账单 (columns in docs/imports.md)' })
  @IsIn(IMPORT_KINDS, { message: `kind must be one of ${IMPORT_KINDS.join(', ')}` })
  kind: string;

  @ApiPropertyOptional({ enum: RECEIPT_CHANNELS, description: 'receipts only: 税务代收 (tax, booked to 40202; when left out) or paid directly (enterprise, 40201)' })
  @IsOmittable() @IsIn(RECEIPT_CHANNELS, { message: `channel must be one of ${RECEIPT_CHANNELS.join(', ')}` })
  channel?: string;

  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV (UTF-8, a byte-order mark is fine) or XLSX (the first sheet); at most 20 MB' })
  @IsOptional()
  file: unknown;
}

export class ImportRunQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IMPORT_KINDS }) @IsOmittable() @IsIn(IMPORT_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: IMPORT_RUN_STATUSES }) @IsOmittable() @IsIn(IMPORT_RUN_STATUSES) status?: string;
}

export class ImportRunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind: string;
  @ApiProperty({ enum: RECEIPT_CHANNELS, nullable: true, type: String, description: 'receipts only' }) channel: string | null;
  @ApiProperty({ example: '2026年3月税务代收明细.xlsx' }) fileName: string;
  @ApiProperty({ example: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', description: 'SHA-256 of the file' }) fileSha256: string;
  @ApiProperty({ example: 48213 }) fileBytes: number;
  @ApiProperty({ enum: IMPORT_RUN_STATUSES }) status: string;
  @ApiProperty({ example: 400, description: 'Data rows in the file' }) totalRows: number;
  @ApiProperty({ example: 200, description: 'Rows gone through so far' }) processedRows: number;
  @ApiProperty({ example: 196, description: 'Rows applied by this run' }) appliedRows: number;
  @ApiProperty({ example: 0, description: 'Rows an earlier run of the same file applied already (not applied twice)' }) alreadyImportedRows: number;
  @ApiProperty({ example: 4, description: 'Rows refused, with their reasons in the refused-rows file' }) refusedRows: number;
  @ApiProperty({ format: 'uuid' }) startedBy: string;
  @ApiProperty({ example: 'kuaiji01' }) startedByUsername: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why a failed run stopped' }) error: string | null;
}

export class ImportRunPage extends PageOf(ImportRunView) {}
