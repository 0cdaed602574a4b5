import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { actorOf, AuditedWrite, PLATFORM_CHAIN } from '../audit/index.js';
import { CommonErrors } from '../common/domain-error.js';
import type { RequestContext } from '../common/request-context.js';
import { AuthErrors } from './auth.errors.js';
import type { ChangePasswordDto, LoginDto, LoginResult, UserView } from './dto/auth.dto.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { TokenService } from './token.service.js';
import { UserEntity } from './user.entity.js';
import { userView } from './user.views.js';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Guards in order: attempt budget (429), known and active user, password (both 401 with the same answer, and the
   * same time spent, so neither tells which was wrong). Then the login is recorded and a token issued.
   */
  async login(dto: LoginDto, clientAddress: string, requestId: string): Promise<LoginResult> {
    const username = dto.username.trim().toLowerCase();
    this.throttle.take(clientAddress, username);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ username });
    const passwordOk = user && user.active
      ? await this.passwords.verify(user.passwordHash, dto.password)
      : await this.passwords.verifyAgainstNothing(dto.password);
    if (!user || !passwordOk) throw AuthErrors.invalidCredentials();

    const actor = { userId: user.id, username: user.username, role: user.role, requestId };
    const loggedIn = await this.write.run(actor, async (manager) => {
      const lastLoginAt = new Date();
      await manager.update(UserEntity, { id: user.id }, { lastLoginAt });
      return {
        result: { ...user, lastLoginAt },
        audit: {
          centreId: user.centreId ?? PLATFORM_CHAIN,
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          detail: { clientAddress },
        },
      };
    });
    const token = await this.tokens.issue({ sub: user.id, tv: user.tokenVersion, role: user.role });
    return {
      accessToken: token.accessToken,
      tokenType: 'Bearer',
      expiresIn: token.expiresIn,
      expiresAt: token.expiresAt.toISOString(),
      user: userView(loggedIn),
    };
  }

  async me(ctx: RequestContext): Promise<UserView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: ctx.principal.userId });
    if (!user) throw CommonErrors.notFound('User', ctx.principal.userId);
    return userView(user);
  }

  /** A new password ends every token issued before it. */
  async changePassword(ctx: RequestContext, dto: ChangePasswordDto): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: ctx.principal.userId });
    if (!user) throw CommonErrors.notFound('User', ctx.principal.userId);
    if (!(await this.passwords.verify(user.passwordHash, dto.currentPassword))) throw AuthErrors.wrongPassword();
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.write.run(actorOf(ctx), async (manager) => {
      await manager
        .createQueryBuilder()
        .update(UserEntity)
        .set({ passwordHash, tokenVersion: () => 'token_version + 1', updatedAt: new Date() })
        .where('id = :id', { id: user.id })
        .execute();
      return {
        result: undefined,
        audit: { centreId: user.centreId ?? PLATFORM_CHAIN, action: 'auth.password-change', objectType: 'user', objectId: user.id, detail: {} },
      };
    });
  }
}
