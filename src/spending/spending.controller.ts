import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { IdempotencyKey } from '../common/idempotency.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { ClaimPage, ClaimQuery, ClaimView, PostClaimDto, RaiseClaimDto, RefuseClaimDto } from './dto/spending.dto.js';
import { SpendingService } from './spending.service.js';

const CLAIM_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS, Role.UnionTreasurer, Role.UnionChair];

@ApiTags('spending')
@Controller('centres/:centreId/spending-claims')
export class SpendingController {
  constructor(private readonly spending: SpendingService) {}

  @Post()
  @Roles(Role.UnionTreasurer, Role.UnionChair)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat with the same key and body to get the first claim back instead of raising a second' })
  @ApiOperation({ summary: 'Raise a spending claim for the union: payee, amount, positive-list item, budget line, purpose, attachments' })
  @ApiCreatedResponse({ type: ClaimView })
  @ApiProblems(400, 404, 409, 422)
  async raise(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Body() dto: RaiseClaimDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.spending.raiseOnce(ctx, centreId, dto, idempotencyKey);
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.result;
  }

  @Get()
  @Roles(...CLAIM_READERS)
  @ApiOkResponse({ type: ClaimPage })
  @ApiProblems(400, 404)
  list(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: ClaimQuery) {
    return this.spending.list(ctx, centreId, query);
  }

  @Get(':claimId')
  @Roles(...CLAIM_READERS)
  @ApiOkResponse({ type: ClaimView })
  @ApiProblems(400, 404)
  get(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('claimId', ParseUUIDPipe) claimId: string) {
    return this.spending.get(ctx, centreId, claimId);
  }

  @Post(':claimId/approve')
  @HttpCode(200)
  @Roles(Role.UnionChair)
  @ApiOperation({ summary: 'The union chair approves (审批权不变); the amount is held on the budget line until paid' })
  @ApiOkResponse({ type: ClaimView })
  @ApiProblems(400, 403, 404, 409, 422)
  approve(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('claimId', ParseUUIDPipe) claimId: string) {
    return this.spending.approve(ctx, centreId, claimId);
  }

  @Post(':claimId/post')
  @HttpCode(200)
  @Roles(Role.CentreAccountant, Role.CentreSupervisor)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat with the same key and body to get the first answer without a second payment' })
  @ApiOperation({ summary: 'The centre checks and pays an approved claim from the unified account, out of the union’s own cash' })
  @ApiOkResponse({ type: ClaimView })
  @ApiProblems(400, 404, 409, 422)
  async post(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('claimId', ParseUUIDPipe) claimId: string,
    @Body() dto: PostClaimDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.spending.post(ctx, centreId, claimId, dto, idempotencyKey);
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.result;
  }

  @Post(':claimId/refuse')
  @HttpCode(200)
  @Roles(Role.UnionChair, Role.CentreAccountant, Role.CentreSupervisor)
  @ApiOperation({ summary: 'Refuse with a reason: the chair a submitted claim, the centre an approved one' })
  @ApiOkResponse({ type: ClaimView })
  @ApiProblems(400, 403, 404, 409)
  refuse(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('claimId', ParseUUIDPipe) claimId: string,
    @Body() dto: RefuseClaimDto,
  ) {
    return this.spending.refuse(ctx, centreId, claimId, dto.reason);
  }

  @Post(':claimId/withdraw')
  @HttpCode(200)
  @Roles(Role.UnionTreasurer, Role.UnionChair)
  @ApiOperation({ summary: 'Whoever raised a claim takes it back before it is approved' })
  @ApiOkResponse({ type: ClaimView })
  @ApiProblems(400, 403, 404, 409)
  withdraw(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('claimId', ParseUUIDPipe) claimId: string) {
    return this.spending.withdraw(ctx, centreId, claimId);
  }
}
