import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import {
  DuesByMonthView,
  FoundingRateView,
  OverviewDuesQuery,
  OverviewFoundingRateQuery,
  OverviewPreparationQuery,
  PreparationFundsView,
} from './dto/overview.dto.js';
import { OverviewService } from './overview.service.js';

/** Auditors read these only under an engagement of the whole centre (they are centre-level records). */
const OVERVIEW_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS];

@ApiTags('overview')
@Controller('centres/:centreId/overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get('dues-by-month')
  @Roles(...OVERVIEW_READERS)
  @ApiOperation({ summary: '经费概览: dues assessed (by payroll period) and collected (by day received) in each month of a year' })
  @ApiOkResponse({ type: DuesByMonthView })
  @ApiProblems(400, 403, 404)
  duesByMonth(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: OverviewDuesQuery) {
    return this.overview.duesByMonth(ctx, centreId, query.year);
  }

  @Get('preparation-funds')
  @Roles(...OVERVIEW_READERS)
  @ApiOperation({ summary: '建会筹备金: preparation funds held on 21203 by enterprise at the end of a day, with the enterprises without a union' })
  @ApiOkResponse({ type: PreparationFundsView })
  @ApiProblems(400, 403, 404)
  preparationFunds(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: OverviewPreparationQuery) {
    return this.overview.preparationFunds(ctx, centreId, query.asOf);
  }

  @Get('founding-rate')
  @Roles(...OVERVIEW_READERS)
  @ApiOperation({ summary: '建会率: at each month’s end, the enterprises known and those with a union founded, and the rate in per cent' })
  @ApiOkResponse({ type: FoundingRateView })
  @ApiProblems(400, 403, 404)
  foundingRate(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: OverviewFoundingRateQuery) {
    return this.overview.foundingRate(ctx, centreId, query);
  }
}
