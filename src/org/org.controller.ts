import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AUDITORS, CENTRE_STAFF, Role, Roles } from '../auth/index.js';
import { PageQuery } from '../common/pagination.js';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { CentresService } from './centres.service.js';
import {
  CentrePage,
  CentreView,
  CreateCentreDto,
  CreateEnterpriseDto,
  CreateUnionDto,
  EnterprisePage,
  EnterpriseQuery,
  EnterpriseView,
  UnionPage,
  UnionQuery,
  UnionView,
  UpdateCentreDto,
  UpdateEnterpriseDto,
  UpdateUnionDto,
} from './dto/org.dto.js';
import { EnterprisesService } from './enterprises.service.js';
import { UnionsService } from './unions.service.js';

const centre = ParseUUIDPipe;

@ApiTags('centres')
@Controller('centres')
export class CentresController {
  constructor(private readonly centres: CentresService) {}

  @Post()
  @Roles(Role.SystemAdmin)
  @ApiOperation({ summary: 'Open a custody centre (system administrator)' })
  @ApiCreatedResponse({ type: CentreView })
  @ApiProblems(400, 409)
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateCentreDto) {
    return this.centres.create(ctx, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Centres you can see: all for the administrator, your own for everyone else' })
  @ApiOkResponse({ type: CentrePage })
  @ApiProblems(400)
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery) {
    return this.centres.list(ctx, query);
  }

  @Get(':centreId')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: CentreView })
  @ApiProblems(400, 404)
  get(@Ctx() ctx: RequestContext, @Param('centreId', centre) centreId: string) {
    return this.centres.get(ctx, centreId);
  }

  @Patch(':centreId')
  @Roles(Role.SystemAdmin, Role.CentreSupervisor)
  @ApiOperation({ summary: "Change a centre's name or unified bank account" })
  @ApiOkResponse({ type: CentreView })
  @ApiProblems(400, 404)
  update(@Ctx() ctx: RequestContext, @Param('centreId', centre) centreId: string, @Body() dto: UpdateCentreDto) {
    return this.centres.update(ctx, centreId, dto);
  }
}

const UNION_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS, Role.UnionTreasurer, Role.UnionChair, Role.Member];

@ApiTags('unions')
@Controller('centres/:centreId/unions')
export class UnionsController {
  constructor(private readonly unions: UnionsService) {}

  @Post()
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Register a union (a fund with its own sub-ledger)' })
  @ApiCreatedResponse({ type: UnionView })
  @ApiProblems(400, 404, 409, 422)
  create(@Ctx() ctx: RequestContext, @Param('centreId', centre) centreId: string, @Body() dto: CreateUnionDto) {
    return this.unions.create(ctx, centreId, dto);
  }

  @Get()
  @Roles(...UNION_READERS)
  @ApiOperation({ summary: "The centre's unions (a union's own people see only their union)" })
  @ApiOkResponse({ type: UnionPage })
  @ApiProblems(400, 404)
  list(@Ctx() ctx: RequestContext, @Param('centreId', centre) centreId: string, @Query() query: UnionQuery) {
    return this.unions.list(ctx, centreId, query);
  }

  @Get(':unionId')
  @Roles(...UNION_READERS)
  @ApiOkResponse({ type: UnionView })
  @ApiProblems(400, 404)
  get(
    @Ctx() ctx: RequestContext,
    @Param('centreId', centre) centreId: string,
    @Param('unionId', ParseUUIDPipe) unionId: string,
  ) {
    return this.unions.get(ctx, centreId, unionId);
  }

  @Patch(':unionId')
  @Roles(...CENTRE_STAFF)
  @ApiOkResponse({ type: UnionView })
  @ApiProblems(400, 404, 409, 422)
  update(
    @Ctx() ctx: RequestContext,
    @Param('centreId', centre) centreId: string,
    @Param('unionId', ParseUUIDPipe) unionId: string,
    @Body() dto: UpdateUnionDto,
  ) {
    return this.unions.update(ctx, centreId, unionId, dto);
  }

  @Delete(':unionId')
  @HttpCode(204)
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Delete a union registered by mistake (only while nothing refers to it)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404, 409)
  remove(
    @Ctx() ctx: RequestContext,
    @Param('centreId', centre) centreId: string,
    @Param('unionId', ParseUUIDPipe) unionId: string,
  ) {
    return this.unions.remove(ctx, centreId, unionId);
  }
}

const ENTERPRISE_READERS = [Role.SystemAdmin, ...CENTRE_STAFF, ...AUDITORS, Role.UnionTreasurer, Role.UnionChair, Role.Enterprise];

@ApiTags('enterprises')
@Controller('centres/:centreId/enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Post()
  @Roles(...CENTRE_STAFF)
  @ApiOperation({ summary: 'Register an enterprise by its unified social credit code' })
  @ApiCreatedResponse({ type: EnterpriseView })
  @ApiProblems(400, 404, 409, 422)
  create(@Ctx() ctx: RequestContext, @Param('centreId', centre) centreId: string, @Body() dto: CreateEnterpriseDto) {
    return this.enterprises.create(ctx, centreId, dto);
  }

  @Get()
  @Roles(...ENTERPRISE_READERS)
  @ApiOperation({ summary: "The centre's enterprises (an enterprise sees itself; a union its own enterprises)" })
  @ApiOkResponse({ type: EnterprisePage })
  @ApiProblems(400, 404)
  list(@Ctx() ctx: RequestContext, @Param('centreId', centre) centreId: string, @Query() query: EnterpriseQuery) {
    return this.enterprises.list(ctx, centreId, query);
  }

  @Get(':enterpriseId')
  @Roles(...ENTERPRISE_READERS)
  @ApiOkResponse({ type: EnterpriseView })
  @ApiProblems(400, 404)
  get(
    @Ctx() ctx: RequestContext,
    @Param('centreId', centre) centreId: string,
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
  ) {
    return this.enterprises.get(ctx, centreId, enterpriseId);
  }

  @Patch(':enterpriseId')
  @Roles(...CENTRE_STAFF)
  @ApiOkResponse({ type: EnterpriseView })
  @ApiProblems(400, 404, 409, 422)
  update(
    @Ctx() ctx: RequestContext,
    @Param('centreId', centre) centreId: string,
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Body() dto: UpdateEnterpriseDto,
  ) {
    return this.enterprises.update(ctx, centreId, enterpriseId, dto);
  }

  @Delete(':enterpriseId')
  @HttpCode(204)
  @Roles(...CENTRE_STAFF)
  @ApiNoContentResponse()
  @ApiProblems(400, 404, 409)
  remove(
    @Ctx() ctx: RequestContext,
    @Param('centreId', centre) centreId: string,
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
  ) {
    return this.enterprises.remove(ctx, centreId, enterpriseId);
  }
}
