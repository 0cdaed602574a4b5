import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role, Roles } from '../auth/index.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { FoundingView, FoundUnionDto } from '../dues/index.js';
import { PreparationService } from './preparation.service.js';

@ApiTags('preparation')
@Controller('centres/:centreId/enterprises/:enterpriseId')
export class PreparationController {
  constructor(private readonly preparation: PreparationService) {}

  @Post('found-union')
  @Roles(Role.CentreSupervisor)
  @ApiOperation({ summary: '建会: found the enterprise’s union; its held preparation funds move to the new union by the centre’s rule' })
  @ApiCreatedResponse({ type: FoundingView })
  @ApiProblems(400, 404, 409, 422)
  found(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Body() dto: FoundUnionDto,
  ) {
    return this.preparation.foundUnion(ctx, centreId, enterpriseId, dto);
  }
}
