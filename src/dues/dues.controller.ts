import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { renderDuesStatement } from '../../reports/index.js';
import { ReportMetaService } from '../audit/index.js';
import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { pdfFile } from '../common/pdf-response.js';
import { IdempotencyKey } from '../common/idempotency.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { EntryView } from '../ledger/index.js';
import {
  ArrearsPage,
  ArrearsQuery,
  AssignReceiptDto,
  CreateDuesRuleDto,
  DeclarationView,
  DeclarePayrollDto,
  DuesRuleView,
  ReceiptPage,
  ReceiptQuery,
  ReceiptView,
  RecordReceiptDto,
  RemitDto,
  StatementQuery,
  StatementView,
} from './dto/dues.dto.js';
import { DuesService } from './dues.service.js';

const CENTRE_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS];
const IDEMPOTENCY_HEADER = ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat with the same key and body to get the first answer again' });

@ApiTags('dues')
@Controller('centres/:centreId')
export class DuesController {
  constructor(
    private readonly dues: DuesService,
    private readonly meta: ReportMetaService,
  ) {}

  @Get('dues-rules')
  @Roles(...CENTRE_READERS)
  @ApiOperation({ summary: 'The centre’s dues rules: rate and allocation, effective-dated' })
  @ApiOkResponse({ type: [DuesRuleView] })
  @ApiProblems(400, 404)
  rules(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string) {
    return this.dues.listRules(ctx, centreId);
  }

  @Post('dues-rules')
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: 'A new rule from a date on (the shares must make the whole)' })
  @ApiCreatedResponse({ type: DuesRuleView })
  @ApiProblems(400, 404, 409, 422)
  createRule(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: CreateDuesRuleDto) {
    return this.dues.createRule(ctx, centreId, dto);
  }

  @Post('enterprises/:enterpriseId/payroll-declarations')
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Declare an enterprise’s payroll for a month or quarter; a repeat for the same period corrects it (history kept)' })
  @ApiCreatedResponse({ type: DeclarationView })
  @ApiProblems(400, 404, 409, 422)
  declare(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Body() dto: DeclarePayrollDto,
  ) {
    return this.dues.declare(ctx, centreId, enterpriseId, dto);
  }

  @Get('enterprises/:enterpriseId/payroll-declarations')
  @Roles(...CENTRE_READERS, Role.Enterprise, Role.UnionTreasurer, Role.UnionChair)
  @ApiOperation({ summary: 'Every declaration of the enterprise, corrections included' })
  @ApiOkResponse({ type: [DeclarationView] })
  @ApiProblems(400, 404)
  declarations(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string) {
    return this.dues.declarations(ctx, centreId, enterpriseId);
  }

  @Get('enterprises/:enterpriseId/dues-statement')
  @Roles(...CENTRE_READERS, Role.Enterprise, Role.UnionTreasurer, Role.UnionChair)
  @ApiOperation({ summary: '拨缴对账单: payroll declared, dues assessed, paid and owed per period of a year' })
  @ApiOkResponse({ type: StatementView })
  @ApiProduces('application/json', 'application/pdf')
  @ApiProblems(400, 404)
  async statement(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Query() query: StatementQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const statement = await this.dues.statement(ctx, centreId, enterpriseId, query.year);
    if (query.format !== 'pdf') return statement;
    const meta = await this.meta.build(centreId, '工会经费拨缴对账单', `${query.year}年度`);
    return pdfFile(response, `拨缴对账单-${statement.uscc}-${query.year}.pdf`, renderDuesStatement(statement, meta));
  }

  @Post('dues-receipts')
  @Roles(...CENTRE_STAFF)
  @IDEMPOTENCY_HEADER
  @ApiOperation({ summary: 'Record dues that reached the unified account; an unknown payer’s money waits in 待查明款项' })
  @ApiCreatedResponse({ type: ReceiptView })
  @ApiProblems(400, 404, 409, 422)
  async record(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Body() dto: RecordReceiptDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.dues.recordReceipt(ctx, centreId, dto, key);
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.result;
  }

  @Get('dues-receipts')
  @Roles(...CENTRE_READERS)
  @ApiOperation({ summary: 'Receipts, newest first; status=suspense lists what waits for its payer' })
  @ApiOkResponse({ type: ReceiptPage })
  @ApiProblems(400, 404)
  receipts(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: ReceiptQuery) {
    return this.dues.listReceipts(ctx, centreId, query);
  }

  @Post('dues-receipts/:receiptId/assign')
  @HttpCode(200)
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Name the payer of a receipt in suspense: it settles that enterprise’s dues' })
  @ApiOkResponse({ type: ReceiptView })
  @ApiProblems(400, 404, 409, 422)
  assign(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('receiptId', ParseUUIDPipe) receiptId: string,
    @Body() dto: AssignReceiptDto,
  ) {
    return this.dues.assignReceipt(ctx, centreId, receiptId, dto);
  }

  @Post('remittances')
  @Roles(...CENTRE_STAFF)
  @IDEMPOTENCY_HEADER
  @ApiOperation({ summary: '上解: pay the upward shares out of the unified account' })
  @ApiCreatedResponse({ type: EntryView })
  @ApiProblems(400, 404, 409, 422)
  async remit(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Body() dto: RemitDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.dues.remit(ctx, centreId, dto, key);
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.result;
  }

  @Get('dues/arrears')
  @Roles(...CENTRE_READERS)
  @ApiOperation({ summary: '欠缴清单: enterprises that owe dues, how much and since when; paged, with Σ owed of all pages' })
  @ApiOkResponse({ type: ArrearsPage })
  @ApiProblems(400, 404)
  arrears(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: ArrearsQuery) {
    return this.dues.arrears(ctx, centreId, query);
  }
}
