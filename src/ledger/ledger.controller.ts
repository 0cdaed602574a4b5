import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, type PipeTransform, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  periodLabel,
  periodRangeLabel,
  renderAccountLedger,
  renderBalanceSheet,
  renderIncomeExpenditure,
  renderMemberDisclosure,
  renderTrialBalance,
} from '../../reports/index.js';
import { ReportMetaService } from '../audit/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { toCsv } from '../common/csv.js';
import { pdfFile } from '../common/pdf-response.js';

import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { IdempotencyKey } from '../common/idempotency.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { AccountsService } from './accounts.service.js';
import {
  AccountLedgerQuery,
  AccountLedgerView,
  AccountView,
  AsOfQuery,
  BalanceSheetView,
  BalancesQuery,
  BalancesView,
  CashPositionView,
  CreateEntryDto,
  CreateSubAccountDto,
  DisclosureQuery,
  DisclosureView,
  EntryPage,
  EntryQuery,
  EntryView,
  ExportQuery,
  IncomeExpenditureView,
  OpenPeriodDto,
  PERIOD,
  PeriodCloseChecksView,
  PeriodCloseView,
  PeriodQuery,
  PeriodRangeQuery,
  PeriodView,
  RejectEntryDto,
  ReverseEntryDto,
  TrialBalanceView,
} from './dto/ledger.dto.js';
import { ExportService } from './export.service.js';
import { LedgerService } from './ledger.service.js';
import { PeriodsService } from './periods.service.js';
import { reportCsv } from './report-csv.js';
import { ReportsService } from './reports.service.js';

/** A `YYYY-MM` path parameter. */
class PeriodPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PERIOD.test(value)) throw CommonErrors.validation([{ field: 'period', message: 'period must be YYYY-MM' }]);
    return value;
  }
}

/** Who reads the books: the centre, its auditors, and a union's treasurer and chair (their own union only). */
const LEDGER_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS, Role.UnionTreasurer, Role.UnionChair];
const IDEMPOTENCY_HEADER = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat a request with the same key and body to get the first response again without a second posting',
});

function replayed(response: Response, outcome: { result: unknown; replayed: boolean }) {
  if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return outcome.result;
}

@ApiTags('ledger')
@Controller('centres/:centreId')
export class LedgerController {
  constructor(
    private readonly entries: LedgerService,
    private readonly periods: PeriodsService,
    private readonly accounts: AccountsService,
  ) {}

  @Get('accounts')
  @Roles(...LEDGER_READERS)
  @ApiOperation({ summary: 'The chart of accounts as the centre sees it (工会会计制度 2021 plus its own sub-accounts)' })
  @ApiOkResponse({ type: [AccountView] })
  @ApiProblems(400, 404)
  listAccounts(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string) {
    return this.accounts.list(ctx, centreId);
  }

  @Post('accounts')
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Add a sub-account under an account (standard accounts never change)' })
  @ApiCreatedResponse({ type: AccountView })
  @ApiProblems(400, 404, 409, 422)
  addAccount(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: CreateSubAccountDto) {
    return this.accounts.addSubAccount(ctx, centreId, dto);
  }

  @Get('periods')
  @Roles(...LEDGER_READERS)
  @ApiOkResponse({ type: [PeriodView] })
  @ApiProblems(400, 404)
  listPeriods(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string) {
    return this.periods.list(ctx, centreId);
  }

  @Post('periods')
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Open the next accounting period (the first may be any month)' })
  @ApiCreatedResponse({ type: PeriodView })
  @ApiProblems(400, 404, 409)
  openPeriod(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: OpenPeriodDto) {
    return this.periods.open(ctx, centreId, dto.period);
  }

  @Get('periods/:period/close-checks')
  @Roles(Role.SystemAdmin, ...CENTRE_STAFF)
  @ApiOperation({ summary: 'The checks of closing a period as they stand now (the same the closing makes), without closing it' })
  @ApiOkResponse({ type: PeriodCloseChecksView })
  @ApiProblems(400, 404)
  closeChecks(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('period', new PeriodPipe()) period: string,
  ) {
    return this.periods.closeChecks(ctx, centreId, period);
  }

  @Post('periods/:period/close')
  @HttpCode(200)
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: 'Close a period after its checks; closing December carries the year into 工会资金结余 and opens January' })
  @ApiOkResponse({ type: PeriodCloseView })
  @ApiProblems(400, 404, 409, 422)
  closePeriod(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('period', new PeriodPipe()) period: string,
  ) {
    return this.periods.close(ctx, centreId, period);
  }

  @Post('entries')
  @Roles(...CENTRE_STAFF)
  @IDEMPOTENCY_HEADER
  @ApiOperation({ summary: 'Prepare a journal entry (凭证) as a draft; it posts after another person approves it' })
  @ApiCreatedResponse({ type: EntryView })
  @ApiProblems(400, 404, 409, 422)
  async createEntry(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Body() dto: CreateEntryDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return replayed(response, await this.entries.createDraft(ctx, centreId, dto, key));
  }

  @Get('entries')
  @Roles(...LEDGER_READERS)
  @ApiOkResponse({ type: EntryPage })
  @ApiProblems(400, 404)
  listEntries(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: EntryQuery) {
    return this.entries.list(ctx, centreId, query);
  }

  @Get('entries/:entryId')
  @Roles(...LEDGER_READERS)
  @ApiOkResponse({ type: EntryView })
  @ApiProblems(400, 404)
  getEntry(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('entryId', ParseUUIDPipe) entryId: string) {
    return this.entries.get(ctx, centreId, entryId);
  }

  @Put('entries/:entryId')
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Replace a draft (its preparer only); a refused draft is corrected this way' })
  @ApiOkResponse({ type: EntryView })
  @ApiProblems(400, 404, 409, 422)
  updateEntry(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
    @Body() dto: CreateEntryDto,
  ) {
    return this.entries.updateDraft(ctx, centreId, entryId, dto);
  }

  @Delete('entries/:entryId')
  @HttpCode(204)
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Discard a draft or approved entry that has not posted (its preparer only)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404, 409)
  discardEntry(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('entryId', ParseUUIDPipe) entryId: string) {
    return this.entries.discardDraft(ctx, centreId, entryId);
  }

  @Post('entries/:entryId/approve')
  @HttpCode(200)
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: 'Approve (审核) a draft prepared by someone else' })
  @ApiOkResponse({ type: EntryView })
  @ApiProblems(400, 404, 409, 422)
  approve(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('entryId', ParseUUIDPipe) entryId: string) {
    return this.entries.approve(ctx, centreId, entryId);
  }

  @Post('entries/:entryId/reject')
  @HttpCode(200)
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: 'Send an entry back to its preparer with a reason' })
  @ApiOkResponse({ type: EntryView })
  @ApiProblems(400, 404, 409)
  reject(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
    @Body() dto: RejectEntryDto,
  ) {
    return this.entries.reject(ctx, centreId, entryId, dto.reason);
  }

  @Post('entries/:entryId/post')
  @HttpCode(200)
  @Roles(...CENTRE_STAFF)
  @IDEMPOTENCY_HEADER
  @ApiOperation({ summary: 'Post (记账) an approved entry: it takes its number and moves the balances' })
  @ApiOkResponse({ type: EntryView })
  @ApiProblems(400, 404, 409, 422)
  async post(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return replayed(response, await this.entries.post(ctx, centreId, entryId, key));
  }

  @Post('entries/:entryId/reverse')
  @Roles(Role.CentreSupervisor)
  @IDEMPOTENCY_HEADER
  @ApiOperation({ summary: 'Reverse a posted entry (红字冲销) in an open period; an entry is reversed at most once' })
  @ApiCreatedResponse({ type: EntryView })
  @ApiProblems(400, 404, 409, 422)
  async reverse(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
    @Body() dto: ReverseEntryDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    return replayed(response, await this.entries.reverse(ctx, centreId, entryId, dto, key));
  }
}

@ApiTags('reports')
@Controller('centres/:centreId/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly exports: ExportService,
    private readonly meta: ReportMetaService,
  ) {}

  @Get('trial-balance')
  @Roles(...LEDGER_READERS)
  @ApiOperation({ summary: '科目余额表: opening, period debits and credits, closing per account; the centre or one union' })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: TrialBalanceView })
  @ApiProblems(400, 404)
  async trialBalance(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Query() query: PeriodRangeQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.reports.trialBalance(ctx, centreId, query.from, query.to, query.unionId);
    if (query.format === 'pdf') {
      const meta = await this.meta.build(centreId, '科目余额表', periodRangeLabel(query.from, query.to), query.unionId);
      return pdfFile(response, `科目余额表-${query.from}-${query.to}.pdf`, renderTrialBalance(report, meta));
    }
    return query.format === 'csv' ? csv(response, `trial-balance-${query.from}-${query.to}.csv`, reportCsv.trialBalance(report)) : report;
  }

  @Get('account-ledger')
  @Roles(...LEDGER_READERS)
  @ApiOperation({ summary: '明细账: the posted lines of an account with the running balance' })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: AccountLedgerView })
  @ApiProblems(400, 404)
  async accountLedger(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Query() query: AccountLedgerQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.reports.accountLedger(ctx, centreId, query.accountCode, query.from, query.to, query.unionId);
    if (query.format === 'pdf') {
      const meta = await this.meta.build(centreId, '明细账', periodRangeLabel(query.from, query.to), query.unionId);
      return pdfFile(response, `明细账-${query.accountCode}-${query.from}-${query.to}.pdf`, renderAccountLedger(report, meta));
    }
    return query.format === 'csv' ? csv(response, `ledger-${query.accountCode}-${query.from}-${query.to}.csv`, reportCsv.accountLedger(report)) : report;
  }

  @Get('balance-sheet')
  @Roles(...LEDGER_READERS)
  @ApiOperation({ summary: '资产负债表 at the end of a period' })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: BalanceSheetView })
  @ApiProblems(400, 404)
  async balanceSheet(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Query() query: PeriodQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.reports.balanceSheet(ctx, centreId, query.period, query.unionId);
    if (query.format === 'pdf') {
      const meta = await this.meta.build(centreId, '资产负债表', periodLabel(query.period), query.unionId);
      return pdfFile(response, `资产负债表-${query.period}.pdf`, renderBalanceSheet(report, meta));
    }
    return query.format === 'csv' ? csv(response, `balance-sheet-${query.period}.csv`, reportCsv.balanceSheet(report)) : report;
  }

  @Get('income-expenditure')
  @Roles(...LEDGER_READERS)
  @ApiOperation({ summary: '收入支出表: the month and the year to date' })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: IncomeExpenditureView })
  @ApiProblems(400, 404)
  async incomeExpenditure(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Query() query: PeriodQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.reports.incomeExpenditure(ctx, centreId, query.period, query.unionId);
    if (query.format === 'pdf') {
      const meta = await this.meta.build(centreId, '收入支出表', periodLabel(query.period), query.unionId);
      return pdfFile(response, `收入支出表-${query.period}.pdf`, renderIncomeExpenditure(report, meta));
    }
    return query.format === 'csv' ? csv(response, `income-expenditure-${query.period}.csv`, reportCsv.incomeExpenditure(report)) : report;
  }

  @Get('disclosure/:unionId')
  @Roles(...LEDGER_READERS, Role.Member)
  @ApiOperation({ summary: '财务公开: a union’s income and spending by category for a range of months, for posting to its members' })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiOkResponse({ type: DisclosureView })
  @ApiProblems(400, 403, 404)
  async disclosure(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('unionId', ParseUUIDPipe) unionId: string,
    @Query() query: DisclosureQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.reports.disclosure(ctx, centreId, unionId, query.from, query.to);
    if (query.format === 'pdf') {
      const meta = await this.meta.build(centreId, '工会经费收支情况公开', periodRangeLabel(query.from, query.to), unionId);
      return pdfFile(response, `财务公开-${query.from}-${query.to}.pdf`, renderMemberDisclosure(report, meta));
    }
    if (query.format === 'csv') {
      const rows = [...report.income.map((l) => ['收入', `${l.code} ${l.category}`, l.amount]), ['收入合计', '', report.totalIncome],
        ...report.expenditure.map((l) => ['支出', `${l.code} ${l.category}`, l.amount]), ['支出合计', '', report.totalExpenditure],
        ['期初经费结余', '', report.fundBalanceStart], ['期末经费结余', '', report.fundBalanceEnd]];
      return csv(response, `disclosure-${query.from}-${query.to}.csv`, toCsv(['类别', '科目', '金额'], rows));
    }
    return report;
  }

  @Get('balances')
  @Roles(...LEDGER_READERS)
  @ApiOperation({ summary: 'Every account’s balance as of the end of a date, for the centre or one union' })
  @ApiOkResponse({ type: BalancesView })
  @ApiProblems(400, 404)
  balances(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: BalancesQuery) {
    return this.reports.balancesAsOf(ctx, centreId, query.asOf, query.unionId);
  }

  @Get('cash-position')
  @Roles(Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS)
  @ApiOperation({ summary: 'Each union’s cash against the unified bank account, as of a date' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CashPositionView })
  @ApiProblems(400, 404)
  async cashPosition(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.reports.cashPosition(ctx, centreId, query.asOf);
    return query.format === 'csv' ? csv(response, `cash-position-${report.asOf}.csv`, reportCsv.cashPosition(report)) : report;
  }

  @Get('export/hledger')
  @Roles(...LEDGER_READERS)
  @ApiOperation({ summary: 'The posted journal in hledger format, to re-check the books with an independent tool' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiProblems(400, 404)
  async hledger(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    const text = await this.exports.hledger(ctx, centreId, query.from, query.to, query.unionId);
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="journal-${query.from}-${query.to}.journal"`);
    return text;
  }
}

function csv(response: Response, filename: string, body: string): string {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return body;
}
