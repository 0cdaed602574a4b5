import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { isCalendarDate } from '../common/validators.js';
import { BankingService } from './banking.service.js';
import { ImportStatementDto, MatchLineDto, ReconciliationView, BankStatementView } from './dto/banking.dto.js';

@ApiTags('banking')
@Controller('centres/:centreId')
export class BankingController {
  constructor(private readonly banking: BankingService) {}

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
  @ApiOkResponse({ type: ReconciliationView })
  @ApiProblems(400, 404)
  reconciliation(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query('asOf') asOf: string) {
    if (!isCalendarDate(asOf)) throw CommonErrors.validation([{ field: 'asOf', message: 'asOf must be a date YYYY-MM-DD' }]);
    return this.banking.reconciliation(ctx, centreId, asOf);
  }
}
