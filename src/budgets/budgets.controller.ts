import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { renderBudgetExecution } from '../../reports/index.js';
import { ReportMetaService } from '../audit/index.js';
import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { pdfFile } from '../common/pdf-response.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { BudgetsService } from './budgets.service.js';
import {
  AdjustmentView,
  BudgetPage,
  BudgetQuery,
  BudgetVersionView,
  BudgetView,
  CreateAdjustmentDto,
  CreateBudgetDto,
  CreateItemDto,
  PrintableExecutionQuery,
  ExecutionView,
  ItemQuery,
  ItemVersionDto,
  ItemView,
  ReasonDto,
  RollupQuery,
  RollupView,
  UpdateBudgetDto,
} from './dto/budgets.dto.js';
import { PositiveListService } from './positive-list.service.js';

/** Who reads budgets and the list: the centre, its auditors, and a union's treasurer and chair (their own union). */
const BUDGET_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS, Role.UnionTreasurer, Role.UnionChair];
/** Who draws up, submits and asks to adjust a union's budget. */
const BUDGET_DRAFTERS = [Role.UnionTreasurer, Role.UnionChair, Role.CentreAccountant];
const today = () => new Date().toISOString().slice(0, 10);

@ApiTags('budgets')
@Controller('centres/:centreId')
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly list: PositiveListService,
    private readonly meta: ReportMetaService,
  ) {}

  // ---- positive list (正面清单) ----------------------------------------------------------------------------------

  @Get('positive-list')
  @Roles(...BUDGET_READERS)
  @ApiOperation({ summary: '正面清单: the items in force on a date (today when left out), each with its caps and all its versions' })
  @ApiOkResponse({ type: [ItemView] })
  @ApiProblems(400, 404)
  listItems(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: ItemQuery) {
    return this.list.list(ctx, centreId, query.date ?? today());
  }

  @Get('positive-list/:itemId')
  @Roles(...BUDGET_READERS)
  @ApiOkResponse({ type: ItemView })
  @ApiProblems(400, 404)
  getItem(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Query() query: ItemQuery,
  ) {
    return this.list.get(ctx, centreId, itemId, query.date);
  }

  @Post('positive-list')
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Put an item on the positive list, under an expenditure category, with optional caps' })
  @ApiCreatedResponse({ type: ItemView })
  @ApiProblems(400, 404, 409, 422)
  createItem(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: CreateItemDto) {
    return this.list.create(ctx, centreId, dto);
  }

  @Post('positive-list/:itemId/versions')
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'New terms for an item from a date (or its withdrawal from the list); earlier terms stay for earlier days' })
  @ApiCreatedResponse({ type: ItemView })
  @ApiProblems(400, 404, 409, 422)
  addItemVersion(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: ItemVersionDto,
  ) {
    return this.list.addVersion(ctx, centreId, itemId, dto);
  }

  // ---- budgets (预算) --------------------------------------------------------------------------------------------

  @Get('budgets')
  @Roles(...BUDGET_READERS)
  @ApiOperation({ summary: 'Budgets of the unions and years in reach, newest year first unless sorted otherwise; paged' })
  @ApiOkResponse({ type: BudgetPage })
  @ApiProblems(400, 404)
  listBudgets(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: BudgetQuery) {
    return this.budgets.list(ctx, centreId, query);
  }

  @Post('budgets')
  @Roles(...BUDGET_DRAFTERS)
  @ApiOperation({ summary: 'Draw up a union’s budget for a year (a draft): income lines and expenditure lines (basic or project)' })
  @ApiCreatedResponse({ type: BudgetView })
  @ApiProblems(400, 403, 404, 409, 422)
  createBudget(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: CreateBudgetDto) {
    return this.budgets.create(ctx, centreId, dto);
  }

  @Get('budgets/:budgetId')
  @Roles(...BUDGET_READERS)
  @ApiOkResponse({ type: BudgetView })
  @ApiProblems(400, 404)
  getBudget(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.get(ctx, centreId, budgetId);
  }

  @Put('budgets/:budgetId')
  @Roles(...BUDGET_DRAFTERS)
  @ApiOperation({ summary: 'Replace a draft’s lines (and memo)' })
  @ApiOkResponse({ type: BudgetView })
  @ApiProblems(400, 403, 404, 409, 422)
  updateBudget(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('budgetId', ParseUUIDPipe) budgetId: string,
    @Body() dto: UpdateBudgetDto,
  ) {
    return this.budgets.update(ctx, centreId, budgetId, dto);
  }

  @Post('budgets/:budgetId/submit')
  @HttpCode(200)
  @Roles(...BUDGET_DRAFTERS)
  @ApiOperation({ summary: 'The union submits its draft for approval' })
  @ApiOkResponse({ type: BudgetView })
  @ApiProblems(400, 403, 404, 409)
  submitBudget(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.submit(ctx, centreId, budgetId);
  }

  @Post('budgets/:budgetId/return')
  @HttpCode(200)
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: 'Send a submitted budget back to draft, with the reason' })
  @ApiOkResponse({ type: BudgetView })
  @ApiProblems(400, 404, 409)
  returnBudget(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('budgetId', ParseUUIDPipe) budgetId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.budgets.returnToDraft(ctx, centreId, budgetId, dto.reason);
  }

  @Post('budgets/:budgetId/approve')
  @HttpCode(200)
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: 'Approve a submitted budget: version 1; from now on spending is controlled against it' })
  @ApiOkResponse({ type: BudgetView })
  @ApiProblems(400, 403, 404, 409)
  approveBudget(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.approve(ctx, centreId, budgetId);
  }

  @Get('budgets/:budgetId/versions')
  @Roles(...BUDGET_READERS)
  @ApiOperation({ summary: 'Every approved version of the budget: the approval, then one per approved adjustment' })
  @ApiOkResponse({ type: [BudgetVersionView] })
  @ApiProblems(400, 404)
  versions(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.versions(ctx, centreId, budgetId);
  }

  @Get('budgets/:budgetId/adjustments')
  @Roles(...BUDGET_READERS)
  @ApiOkResponse({ type: [AdjustmentView] })
  @ApiProblems(400, 404)
  listAdjustments(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('budgetId', ParseUUIDPipe) budgetId: string) {
    return this.budgets.listAdjustments(ctx, centreId, budgetId);
  }

  @Post('budgets/:budgetId/adjustments')
  @Roles(...BUDGET_DRAFTERS)
  @ApiOperation({ summary: '预算调整: ask to change approved lines or add lines, with the reason; the supervisor decides' })
  @ApiCreatedResponse({ type: AdjustmentView })
  @ApiProblems(400, 403, 404, 409, 422)
  requestAdjustment(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('budgetId', ParseUUIDPipe) budgetId: string,
    @Body() dto: CreateAdjustmentDto,
  ) {
    return this.budgets.requestAdjustment(ctx, centreId, budgetId, dto);
  }

  @Get('budget-adjustments/:adjustmentId')
  @Roles(...BUDGET_READERS)
  @ApiOkResponse({ type: AdjustmentView })
  @ApiProblems(400, 404)
  getAdjustment(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('adjustmentId', ParseUUIDPipe) adjustmentId: string,
  ) {
    return this.budgets.getAdjustment(ctx, centreId, adjustmentId);
  }

  @Post('budget-adjustments/:adjustmentId/approve')
  @HttpCode(200)
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: 'Approve an adjustment: it applies now and makes the next version' })
  @ApiOkResponse({ type: AdjustmentView })
  @ApiProblems(400, 403, 404, 409, 422)
  approveAdjustment(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('adjustmentId', ParseUUIDPipe) adjustmentId: string,
  ) {
    return this.budgets.approveAdjustment(ctx, centreId, adjustmentId);
  }

  @Post('budget-adjustments/:adjustmentId/reject')
  @HttpCode(200)
  @Roles(Role.CentreSupervisor)
  @ApiOkResponse({ type: AdjustmentView })
  @ApiProblems(400, 403, 404, 409)
  rejectAdjustment(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('adjustmentId', ParseUUIDPipe) adjustmentId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.budgets.rejectAdjustment(ctx, centreId, adjustmentId, dto.reason);
  }

  // ---- execution (预算执行情况) -----------------------------------------------------------------------------------

  @Get('unions/:unionId/budget-execution')
  @Roles(...BUDGET_READERS)
  @ApiOperation({ summary: '预算执行情况: per line, budget, adjusted budget, committed, spent, available and % executed' })
  @ApiOkResponse({ type: ExecutionView })
  @ApiProduces('application/json', 'application/pdf')
  @ApiProblems(400, 404)
  async execution(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('unionId', ParseUUIDPipe) unionId: string,
    @Query() query: PrintableExecutionQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const execution = await this.budgets.execution(ctx, centreId, unionId, query.year);
    if (query.format !== 'pdf') return execution;
    const meta = await this.meta.build(centreId, '预算执行情况表', `${query.year}年度`, unionId);
    return pdfFile(response, `预算执行情况表-${query.year}.pdf`, renderBudgetExecution(execution, meta));
  }

  @Get('budget-execution')
  @Roles(Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS)
  @ApiOperation({ summary: 'The centre’s roll-up of its federations’ (or all unions’) budget execution for a year' })
  @ApiOkResponse({ type: RollupView })
  @ApiProblems(400, 404)
  rollup(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: RollupQuery) {
    return this.budgets.rollup(ctx, centreId, query.year, query.unions ?? 'federation');
  }
}
