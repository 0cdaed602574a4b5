import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PrintsDocument } from '../audit/index.js';
import { AUDITORS, CENTRE_STAFF, Role, Roles, ScopedByEngagement } from '../auth/index.js';
import { pdfFile } from '../common/pdf-response.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { AuditPackageService } from './audit-package.service.js';

@ApiTags('audit')
@Controller('centres/:centreId')
export class ReportingController {
  constructor(private readonly packages: AuditPackageService) {}

  @Get('audit-engagements/:engagementId/package')
  @ScopedByEngagement()
  @PrintsDocument()
  @Roles(Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS)
  @ApiOperation({
    summary: '审计资料包: the engagement’s audit package as one PDF (cover, scope, trial balance, sub-ledgers, journal, budget execution, reversals and adjustments, the trail of the period), streamed',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 403, 404)
  async package(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('engagementId', ParseUUIDPipe) engagementId: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { filename, document } = await this.packages.render(ctx, centreId, engagementId);
    return pdfFile(response, filename, document);
  }
}
