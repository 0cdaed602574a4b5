import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { ImportRunPage, ImportRunQuery, ImportRunView, StartImportDto } from './dto/imports.dto.js';
import { ImportsService, MAX_IMPORT_FILE_BYTES } from './imports.service.js';

const READERS = [Role.SystemAdmin, ...CENTRE_STAFF];

@ApiTags('imports')
@Controller('centres/:centreId/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @HttpCode(202)
  @Roles(Role.CentreAccountant)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1, fields: 10, parts: 11 }, defParamCharset: 'utf8' }),
  )
  @ApiOperation({
    summary: 'Upload a payroll, receipts or bank statement file (CSV or XLSX, at most 20 MB) and import it in the background',
    description:
      'The file is read and checked at once: an empty, unreadable or too large file, or one whose headings are not those of `kind`, is ' +
      'refused and nothing is recorded. Otherwise the answer is 202 with the run; poll GET …/imports/{id} for its progress. ' +
      'Rows an earlier run of the same file applied are not applied again.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: StartImportDto })
  @ApiAcceptedResponse({ type: ImportRunView })
  @ApiProblems(400, 404, 409, 413, 422)
  start(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Body() dto: StartImportDto,
    @UploadedFile() file: { originalname: string; size: number; buffer: Buffer } | undefined,
  ) {
    return this.imports.start(ctx, centreId, dto, file);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The import runs of the centre, newest first' })
  @ApiOkResponse({ type: ImportRunPage })
  @ApiProblems(400, 404)
  list(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: ImportRunQuery) {
    return this.imports.list(ctx, centreId, query);
  }

  @Get(':runId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One run: its status and progress (rows processed of the total), and what it applied and refused' })
  @ApiOkResponse({ type: ImportRunView })
  @ApiProblems(400, 404)
  get(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Param('runId', ParseUUIDPipe) runId: string) {
    return this.imports.get(ctx, centreId, runId);
  }

  @Get(':runId/refused')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The refused rows of a finished run with their reasons: CSV (UTF-8 with BOM), the file’s columns then `row` and `reason`' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'text/csv; charset=utf-8' })
  @ApiProblems(400, 404, 409)
  async refused(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('runId', ParseUUIDPipe) runId: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { fileName, csv } = await this.imports.refused(ctx, centreId, runId);
    const ascii = fileName.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    return csv;
  }
}
