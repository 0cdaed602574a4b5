import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem-details.js';
import { Ctx, requestIdOf, type RequestContext, type RequestWithContext } from '../common/request-context.js';
import { Public, Roles } from './access.decorators.js';
import { AuthService } from './auth.service.js';
import {
  ChangePasswordDto,
  CreateUserDto,
  LoginDto,
  LoginResult,
  UpdateUserDto,
  UserPage,
  UserQuery,
  UserView,
} from './dto/auth.dto.js';
import { ALL_ROLES, Role } from './roles.js';
import { UsersService } from './users.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Log in with user name and password; returns a bearer token with its expiry' })
  @ApiOkResponse({ type: LoginResult })
  @ApiProblems(400, 401, 429)
  login(@Body() dto: LoginDto, @Req() request: RequestWithContext) {
    return this.auth.login(dto, request.ip ?? request.socket.remoteAddress ?? 'unknown', requestIdOf(request));
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The user the token belongs to' })
  @ApiOkResponse({ type: UserView })
  me(@Ctx() ctx: RequestContext) {
    return this.auth.me(ctx);
  }

  @Post('password')
  @HttpCode(204)
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Change your own password; every token issued before stops working' })
  @ApiNoContentResponse()
  @ApiProblems(400, 422)
  changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangePasswordDto) {
    return this.auth.changePassword(ctx, dto);
  }
}

const USER_ADMINS = [Role.SystemAdmin, Role.CentreSupervisor];

@ApiTags('users')
@Controller('centres/:centreId/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles(...USER_ADMINS)
  @ApiOperation({ summary: "Create a user of the centre (a supervisor cannot grant state_auditor)" })
  @ApiCreatedResponse({ type: UserView })
  @ApiProblems(400, 404, 409, 422)
  create(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Body() dto: CreateUserDto) {
    return this.users.create(ctx, centreId, dto);
  }

  @Get()
  @Roles(...USER_ADMINS)
  @ApiOkResponse({ type: UserPage })
  @ApiProblems(400, 404)
  list(@Ctx() ctx: RequestContext, @Param('centreId', ParseUUIDPipe) centreId: string, @Query() query: UserQuery) {
    return this.users.list(ctx, centreId, query);
  }

  @Get(':userId')
  @Roles(...USER_ADMINS)
  @ApiOkResponse({ type: UserView })
  @ApiProblems(400, 404)
  get(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
  ) {
    return this.users.get(ctx, centreId, userId);
  }

  @Patch(':userId')
  @Roles(...USER_ADMINS)
  @ApiOperation({ summary: 'Rename, deactivate or reset the password of a user' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(400, 404)
  update(
    @Ctx() ctx: RequestContext,
    @Param('centreId', ParseUUIDPipe) centreId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.users.update(ctx, centreId, userId, dto);
  }
}
