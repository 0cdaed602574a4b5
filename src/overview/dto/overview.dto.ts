import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate, IsOmittable } from '../../common/validators.js';

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

// ---- dues assessed vs. collected ----------------------------------------------------------------------------------

export class OverviewDuesQuery {
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year: number;
}

export class DuesMonthView {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty({ example: '18600.00', description: 'Dues assessed on payroll periods starting in this month (current declarations; a quarter counts in its first month)' })
  assessed: string;
  @ApiProperty({ example: '12000.00', description: 'Dues receipts received in this month, identified or waiting in 待查明款项' })
  collected: string;
}

export class DuesByMonthView {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ type: [DuesMonthView], description: 'The twelve months of the year, in order; months without any are 0.00' }) months: DuesMonthView[];
  @ApiProperty({ example: '223200.00' }) totalAssessed: string;
  @ApiProperty({ example: '201000.00' }) totalCollected: string;
}

// ---- preparation funds held (建会筹备金) ---------------------------------------------------------------------------

export class OverviewPreparationQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Today when left out; for an auditor whose engagement’s months ended earlier, their last day (a day outside them is 403 AUTH.OUT_OF_ENGAGEMENT)' }) @IsOmittable() @IsCalendarDate() asOf?: string;
}

export class PreparationHeldView {
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty({ example: '杭州星辰电子商务有限公司' }) enterpriseName: string;
  @ApiProperty({ example: '91330106MA2KXXXXXX' }) uscc: string;
  @ApiProperty({ example: '3600.00', description: 'Held for it on 21203 应付建会筹备金 at the end of the day asOf' }) held: string;
  @ApiProperty({ description: 'Whether it had a union at the end of the day asOf (held funds move out on the founding day)' }) hasUnion: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The day its union was founded, if it has one now' })
  unionFoundedOn: string | null;
}

export class PreparationFundsView {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({
    type: [PreparationHeldView],
    description: 'Every enterprise known by asOf without a union on that day, and any other with funds held; most held first',
  })
  enterprises: PreparationHeldView[];
  @ApiProperty({ example: '0.00', description: 'Held on 21203 on lines that name no enterprise' }) unattributed: string;
  @ApiProperty({ example: '7200.00', description: 'The balance of 21203: the enterprises’ held funds plus the unattributed' }) totalHeld: string;
}

// ---- founding rate (建会率) ----------------------------------------------------------------------------------------

export class OverviewFoundingRateQuery {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month; eleven months before `to` when left out' })
  @IsOmittable() @Matches(MONTH, { message: 'from must be YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month; this month when left out' })
  @IsOmittable() @Matches(MONTH, { message: 'to must be YYYY-MM' })
  to?: string;
}

export class FoundingRateMonthView {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty({ example: 6, description: 'Enterprises known at the month’s end: registered, or with a payroll period begun, by then' })
  enterprises: number;
  @ApiProperty({ example: 4, description: 'Of those, the ones whose union was founded by the month’s end' }) withUnion: number;
  @ApiProperty({
    example: '66.67',
    nullable: true,
    type: String,
    description: 'withUnion / enterprises in per cent, rounded half up to two places; null when there is no enterprise',
  })
  ratePercent: string | null;
}

export class FoundingRateView {
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-12' }) to: string;
  @ApiProperty({ type: [FoundingRateMonthView] }) months: FoundingRateMonthView[];
}
