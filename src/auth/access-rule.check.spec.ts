import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Public, Roles } from './access.decorators.js';
import { AccessRuleCheck } from './access-rule.check.js';
import { Role } from './roles.js';

@Controller('declared')
class DeclaredController {
  @Get('a') @Roles(Role.CentreAccountant) a() { return 1; }
  @Get('b') @Public() b() { return 2; }
  helper() { return 3; }
}

@Controller('forgotten')
class ForgottenController {
  @Get() @Roles(Role.SystemAdmin) fine() { return 1; }
  @Get('oops') oops() { return 2; }
}

describe('every route declares who may call it', () => {
  async function boot(controllers: Array<new () => unknown>) {
    @Module({ imports: [DiscoveryModule], controllers, providers: [AccessRuleCheck] })
    class TestModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      await app.init();
    } finally {
      await app.close();
    }
  }

  it('starts when every route has a rule (methods that are not routes need none)', async () => {
    await expect(boot([DeclaredController])).resolves.toBeUndefined();
  });

  it('refuses to start and names the route that has none', async () => {
    await expect(boot([DeclaredController, ForgottenController])).rejects.toThrow('ForgottenController.oops');
  });
});
