import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { AMOUNT_PATTERN } from '../../common/money.js';
import { IsCalendarDate, IsNullable, IsOmittable, Trim } from '../../common/validators.js';

export class StatementLineDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: '-5.00', description: 'Into the account positive, out of it negative' })
  @IsString() @Matches(AMOUNT_PATTERN, { message: 'amount must be a decimal string with at most two places' }) amount: string;
  @ApiProperty({ example: '31415.00', description: 'The account balance after the line, as the bank prints it' })
  @IsString() @Matches(AMOUNT_PATTERN, { message: 'balance must be a decimal string with at most two places' }) balance: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsNullable() @Trim() @IsString() @Length(1, 100) reference?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsNullable() @Trim() @IsString() @Length(1, 200) counterparty?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsNullable() @Trim() @IsString() @Length(1, 200) memo?: string | null;
}

export class ImportStatementDto {
  @ApiPropertyOptional({ description: 'Name of the file it came from' }) @IsOmittable() @Trim() @IsString() @Length(1, 200) sourceName?: string;
  @ApiProperty({ type: [StatementLineDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10_000) @ValidateNested({ each: true }) @Type(() => StatementLineDto) lines: StatementLineDto[];
}

export class MatchLineDto {
  @ApiProperty({ format: 'uuid', description: 'The posted entry the bank line clears' }) @IsUUID() entryId: string;
}

export class BankStatementLineView {
  @ApiProperty() lineNo: number;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() amount: string;
  @ApiProperty() balance: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ nullable: true, type: String }) counterparty: string | null;
  @ApiProperty({ nullable: true, type: String }) memo: string | null;
  @ApiProperty({ type: [String], description: 'The posted entries the line cleared: one, or a whole imported batch' }) matchedEntryIds: string[];
}

export class BankStatementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() accountNo: string;
  @ApiProperty({ format: 'date' }) periodFrom: string;
  @ApiProperty({ format: 'date' }) periodTo: string;
  @ApiProperty() openingBalance: string;
  @ApiProperty() closingBalance: string;
  @ApiProperty({ nullable: true, type: String }) sourceName: string | null;
  @ApiProperty({ description: 'true when this very statement had been imported before (nothing was added)' }) alreadyImported: boolean;
  @ApiProperty() matched: number;
  @ApiProperty() unmatched: number;
  @ApiProperty({ type: [BankStatementLineView] }) lines: BankStatementLineView[];
}

export class ReconciliationItemView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() amount: string;
  @ApiProperty({ nullable: true, type: String, description: 'Entry id (book items) or statement line (bank items)' }) ref: string | null;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
}

export class ReconciliationView {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty() accountNo: string;
  @ApiProperty({ description: 'The unified account in the books: Σ of the unions’ bank sub-balances' }) bookBalance: string;
  @ApiProperty({ description: 'As the bank statement shows it' }) bankBalance: string;
  @ApiProperty({ type: [ReconciliationItemView] }) depositsInTransit: ReconciliationItemView[];
  @ApiProperty({ type: [ReconciliationItemView] }) paymentsInTransit: ReconciliationItemView[];
  @ApiProperty({ type: [ReconciliationItemView] }) bankCreditsNotBooked: ReconciliationItemView[];
  @ApiProperty({ type: [ReconciliationItemView] }) bankDebitsNotBooked: ReconciliationItemView[];
  @ApiProperty() adjustedBookBalance: string;
  @ApiProperty() adjustedBankBalance: string;
  @ApiProperty({ description: 'Zero when reconciled' }) difference: string;
  @ApiProperty() reconciled: boolean;
}
