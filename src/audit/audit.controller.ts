import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { ProblemDetails } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { AuditQueries } from './audit-queries.service.js';
import { AuditRecordList, AuditRecordQuery, ChainVerificationView } from './dto/audit.dto.js';

const TRAIL_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS];

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditQueries) {}

  @Get('centres/:centreId/audit/verify')
  @Roles(...TRAIL_READERS)
  @ApiOperation({ summary: "Recompute the centre's audit hash chain and name the first broken record" })
  @ApiOkResponse({ type: ChainVerificationView })
  @ApiResponse({ status: 404, type: ProblemDetails })
  verify(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string) {
    return this.audit.verifyCentre(ctx, centreId);
  }

  @Get('centres/:centreId/audit/records')
  @Roles(...TRAIL_READERS)
  @ApiOperation({ summary: "Read the centre's audit trail in chain order" })
  @ApiOkResponse({ type: AuditRecordList })
  @ApiResponse({ status: 404, type: ProblemDetails })
  records(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: AuditRecordQuery) {
    return this.audit.listCentreRecords(ctx, centreId, query);
  }

  @Get('platform/audit/verify')
  @Roles(Role.SystemAdmin)
  @ApiOperation({ summary: "Recompute the platform's own chain (system administration, anonymous refusals)" })
  @ApiOkResponse({ type: ChainVerificationView })
  verifyPlatform() {
    return this.audit.verifyPlatform();
  }

  @Get('platform/audit/records')
  @Roles(Role.SystemAdmin)
  @ApiOperation({ summary: "Read the platform's own chain" })
  @ApiOkResponse({ type: AuditRecordList })
  platformRecords(@Query() query: AuditRecordQuery) {
    return this.audit.listPlatformRecords(query);
  }
}
