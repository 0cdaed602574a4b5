import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { dateLabel, renderBankReconciliation } from '../../reports/index.js';
import { ReportMetaService } from '../audit/index.js';
import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { pdfFile } from '../common/pdf-response.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { isCalendarDate } from '../common/validators.js';
import { BankingService } from './banking.service.js';
import { ImportStatementDto, MatchLineDto, ReconciliationView, BankStatementView } from './dto/banking.dto.js';

@ApiTags('banking')
@Controller('centres/:centreId')
export class BankingController {
  constructor(
    private readonly banking: BankingService,
    private readonly meta: ReportMetaService,
  ) {}

  @Post('bank-statements')
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Import a statement of the unified account and match its lines to the book (importing it again adds nothing)' })
  @ApiCreatedResponse({ type: BankStatementView })
  @ApiProblems(400, 404, 409)
  import(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: ImportStatementDto) {
    return this.banking.importStatement(ctx, centreId, dto);
  }

  @Get('bank-statements')
  @Roles(Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS)
  @ApiOkResponse({ type: [BankStatementView] })
  @ApiProblems(400, 404)
  list(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string) {
    return this.banking.listStatements(ctx, centreId);
  }

  @Post('bank-statements/:statementId/lines/:lineNo/match')
  @HttpCode(200)
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Match a statement line to a posted entry by hand' })
  @ApiOkResponse({ type: BankStatementView })
  @ApiProblems(400, 404, 409, 422)
  match(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('statementId', ParseUUIDPipe) statementId: string,
    @Param('lineNo', ParseIntPipe) lineNo: number,
    @Body() dto: MatchLineDto,
  ) {
    return this.banking.match(ctx, centreId, statementId, lineNo, dto.entryId);
  }

  @Get('reports/bank-reconciliation')
  @Roles(Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS)
  @ApiOperation({ summary: '银行存款余额调节表: book and bank balances, the items in transit both ways, the difference' })
  @ApiQuery({ name: 'asOf', required: true, description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'pdf'], description: 'pdf: the statement to print (in Chinese)' })
  @ApiOkResponse({ type: ReconciliationView })
  @ApiProduces('application/json', 'application/pdf')
  @ApiProblems(400, 404)
  async reconciliation(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Query('asOf') asOf: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!isCalendarDate(asOf)) throw CommonErrors.validation([{ field: 'asOf', message: 'asOf must be a date YYYY-MM-DD' }]);
    if (format !== undefined && format !== 'json' && format !== 'pdf') throw CommonErrors.validation([{ field: 'format', message: 'format must be json or pdf' }]);
    const report = await this.banking.reconciliation(ctx, centreId, asOf);
    if (format !== 'pdf') return report;
    const meta = await this.meta.build(centreId, '银行存款余额调节表', dateLabel(asOf));
    return pdfFile(response, `银行存款余额调节表-${asOf}.pdf`, renderBankReconciliation(report, meta));
  }
}
