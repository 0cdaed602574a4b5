import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUDITORS, CENTRE_STAFF, Role, Roles, ScopedByEngagement } from '../auth/index.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { CloseEngagementDto, EngagementView, FindingView, OpenEngagementDto, RecordFindingDto, RespondFindingDto } from './dto/engagements.dto.js';
import { EngagementsService } from './engagements.service.js';

const OPENERS = [Role.SystemAdmin, Role.CentreSupervisor];
const READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS];

@ApiTags('audit')
@Controller('centres/:centreId')
export class EngagementsController {
  constructor(private readonly engagements: EngagementsService) {}

  @Post('audit-engagements')
  @Roles(...OPENERS)
  @ApiOperation({ summary: '四位一体: open an engagement (kind, auditors, unions, months, valid dates); a state audit is opened by the administrator' })
  @ApiCreatedResponse({ type: EngagementView })
  @ApiProblems(400, 403, 404, 422)
  open(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: OpenEngagementDto) {
    return this.engagements.open(ctx, centreId, dto);
  }

  @Get('audit-engagements')
  @ScopedByEngagement()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The centre’s engagements; an auditor sees their own' })
  @ApiOkResponse({ type: [EngagementView] })
  @ApiProblems(400, 403, 404)
  list(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string) {
    return this.engagements.list(ctx, centreId);
  }

  @Get('audit-engagements/:engagementId')
  @ScopedByEngagement()
  @Roles(...READERS)
  @ApiOkResponse({ type: EngagementView })
  @ApiProblems(400, 403, 404)
  get(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('engagementId', ParseUUIDPipe) engagementId: string) {
    return this.engagements.get(ctx, centreId, engagementId);
  }

  @Post('audit-engagements/:engagementId/close')
  @HttpCode(200)
  @Roles(...OPENERS)
  @ApiOperation({ summary: 'Close an engagement early: its auditors lose access at once' })
  @ApiOkResponse({ type: EngagementView })
  @ApiProblems(400, 403, 404, 409)
  close(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('engagementId', ParseUUIDPipe) engagementId: string,
    @Body() dto: CloseEngagementDto,
  ) {
    return this.engagements.close(ctx, centreId, engagementId, dto);
  }

  @Post('audit-engagements/:engagementId/findings')
  @ScopedByEngagement()
  @Roles(...AUDITORS)
  @ApiOperation({ summary: '审计意见: the engagement’s auditor records a finding, for a union of its scope or the whole engagement' })
  @ApiCreatedResponse({ type: FindingView })
  @ApiProblems(400, 403, 404, 409, 422)
  recordFinding(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('engagementId', ParseUUIDPipe) engagementId: string,
    @Body() dto: RecordFindingDto,
  ) {
    return this.engagements.recordFinding(ctx, centreId, engagementId, dto);
  }

  @Get('audit-engagements/:engagementId/findings')
  @ScopedByEngagement()
  @Roles(...READERS, Role.UnionTreasurer, Role.UnionChair)
  @ApiOperation({ summary: 'Findings with their rectification responses; a union’s people see those about their union' })
  @ApiOkResponse({ type: [FindingView] })
  @ApiProblems(400, 403, 404)
  findings(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('engagementId', ParseUUIDPipe) engagementId: string) {
    return this.engagements.findings(ctx, centreId, engagementId);
  }

  @Post('audit-findings/:findingId/rectifications')
  @Roles(Role.UnionTreasurer, Role.UnionChair, Role.CentreAccountant)
  @ApiOperation({ summary: '整改: the union answers a finding about it' })
  @ApiCreatedResponse({ type: FindingView })
  @ApiProblems(400, 403, 404, 409)
  respond(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('findingId', ParseUUIDPipe) findingId: string,
    @Body() dto: RespondFindingDto,
  ) {
    return this.engagements.respond(ctx, centreId, findingId, dto);
  }

  @Post('audit-findings/:findingId/close')
  @ScopedByEngagement()
  @HttpCode(200)
  @Roles(...AUDITORS)
  @ApiOperation({ summary: 'The auditor accepts the rectification and closes the finding' })
  @ApiOkResponse({ type: FindingView })
  @ApiProblems(400, 403, 404, 409)
  closeFinding(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('findingId', ParseUUIDPipe) findingId: string) {
    return this.engagements.closeFinding(ctx, centreId, findingId);
  }
}
