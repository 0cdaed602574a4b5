import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessRuleCheck } from './access-rule.check.js';
import { AuthController, UsersController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { TokenService } from './token.service.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [JwtModule.register({}), DiscoveryModule],
  controllers: [AuthController, UsersController],
  providers: [
    AuthService,
    UsersService,
    PasswordHasher,
    TokenService,
    LoginThrottle,
    AccessRuleCheck,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, TokenService, PasswordHasher],
})
export class AuthModule {}
