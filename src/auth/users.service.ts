import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuditActor, actorOf, AuditedWrite, PLATFORM_CHAIN } from '../audit/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { offsetOf, pageOf } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { AuthErrors } from './auth.errors.js';
import type { CreateUserDto, UpdateUserDto, UserQuery, UserView } from './dto/auth.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { Role, scopeOfRole } from './roles.js';
import { assertCentreVisible } from './scope.js';
import { UserEntity } from './user.entity.js';
import { userView } from './user.views.js';

/** Roles only the system administrator grants: state audit is appointed from outside the centre. */
const ADMIN_ONLY_ROLES: readonly Role[] = [Role.StateAuditor];

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
    private readonly passwords: PasswordHasher,
  ) {}

  async create(ctx: RequestContext, centreId: string, dto: CreateUserDto): Promise<UserView> {
    assertCentreVisible(ctx.principal, centreId);
    this.assertGrantable(ctx, dto.role);
    const unionId = dto.unionId ?? null;
    const enterpriseId = dto.enterpriseId ?? null;
    const scope = scopeOfRole(dto.role);
    if (scope === 'union' && (!unionId || enterpriseId)) {
      throw AuthErrors.scopeMismatch(`The role ${dto.role} needs a unionId and no enterpriseId.`);
    }
    if (scope === 'enterprise' && (!enterpriseId || unionId)) {
      throw AuthErrors.scopeMismatch(`The role ${dto.role} needs an enterpriseId and no unionId.`);
    }
    if (scope === 'centre' && (unionId || enterpriseId)) {
      throw AuthErrors.scopeMismatch(`The role ${dto.role} covers the centre; give neither unionId nor enterpriseId.`);
    }
    const passwordHash = await this.passwords.hash(dto.password);
    return this.write.run(actorOf(ctx), async (manager) => {
      await this.checkScopeObjects(manager, centreId, unionId, enterpriseId);
      const now = new Date();
      const user = manager.create(UserEntity, {
        id: randomUUID(),
        username: dto.username,
        displayName: dto.displayName,
        role: dto.role,
        centreId,
        unionId,
        enterpriseId,
        passwordHash,
        active: true,
        tokenVersion: 0,
        lastLoginAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(UserEntity, user);
      const view = userView(user);
      return { result: view, audit: { centreId, action: 'user.create', objectType: 'user', objectId: user.id, detail: { after: view } } };
    });
  }

  async list(ctx: RequestContext, centreId: string, query: UserQuery) {
    assertCentreVisible(ctx.principal, centreId);
    const [rows, total] = await this.dataSource.getRepository(UserEntity).findAndCount({
      where: { centreId, ...(query.role ? { role: query.role } : {}) },
      order: { username: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(rows.map(userView), total, query);
  }

  async get(ctx: RequestContext, centreId: string, userId: string): Promise<UserView> {
    assertCentreVisible(ctx.principal, centreId);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ centreId, id: userId });
    if (!user) throw CommonErrors.notFound('User', userId);
    return userView(user);
  }

  async update(ctx: RequestContext, centreId: string, userId: string, dto: UpdateUserDto): Promise<UserView> {
    assertCentreVisible(ctx.principal, centreId);
    const passwordHash = dto.password !== undefined ? await this.passwords.hash(dto.password) : undefined;
    return this.write.run(actorOf(ctx), async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { centreId, id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw CommonErrors.notFound('User', userId);
      this.assertGrantable(ctx, user.role);
      const before = userView(user);
      const endsTokens = passwordHash !== undefined || dto.active === false;
      const patch: Partial<UserEntity> = {
        ...(dto.displayName !== undefined ? { displayName: dto.displayName } : {}),
        ...(dto.active !== undefined ? { active: dto.active } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
        ...(endsTokens ? { tokenVersion: user.tokenVersion + 1 } : {}),
        updatedAt: new Date(),
      };
      await manager.update(UserEntity, { id: userId }, patch);
      const after = userView(Object.assign(user, patch));
      return {
        result: after,
        audit: {
          centreId, action: 'user.update', objectType: 'user', objectId: userId,
          detail: { before: { displayName: before.displayName, active: before.active }, after: { displayName: after.displayName, active: after.active }, passwordReset: passwordHash !== undefined },
        },
      };
    });
  }

  /**
   * The first start of an empty database creates the system administrator `admin`, with the given password or a
   * generated one (returned, so it can be printed once). Returns undefined when any user exists already.
   */
  async bootstrapSystemAdmin(password?: string): Promise<{ username: string; password: string } | undefined> {
    const [{ count: existing }] = await this.dataSource.query('SELECT count(*)::int AS count FROM app_user');
    if (existing > 0) return undefined;
    const secret = password ?? randomBytes(12).toString('base64url');
    const passwordHash = await this.passwords.hash(secret);
    const system: AuditActor = { userId: null, username: 'system', role: null, requestId: null };
    return this.write.run(system, async (manager) => {
      // serialises two first starts racing each other
      await manager.query('LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE');
      const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM app_user');
      if (count > 0) return { result: undefined, audit: [] };
      const now = new Date();
      const user = manager.create(UserEntity, {
        id: randomUUID(), username: 'admin', displayName: '系统管理员', role: Role.SystemAdmin, centreId: null,
        unionId: null, enterpriseId: null, passwordHash, active: true, tokenVersion: 0, lastLoginAt: null,
        createdAt: now, updatedAt: now,
      });
      await manager.insert(UserEntity, user);
      return {
        result: { username: user.username, password: secret },
        audit: { centreId: PLATFORM_CHAIN, action: 'user.bootstrap-admin', objectType: 'user', objectId: user.id, detail: { after: userView(user) } },
      };
    });
  }

  private assertGrantable(ctx: RequestContext, role: Role): void {
    if (ctx.principal.role === Role.SystemAdmin) return;
    if (ctx.principal.role === Role.CentreSupervisor && !ADMIN_ONLY_ROLES.includes(role) && role !== Role.SystemAdmin) return;
    throw AuthErrors.roleNotGrantable(role);
  }

  /** The centre, and the union or enterprise a user is bound to, must exist in that centre. */
  private async checkScopeObjects(manager: EntityManager, centreId: string, unionId: string | null, enterpriseId: string | null) {
    const [row] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM centre WHERE id = $1) AS centre,
              ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM trade_union WHERE centre_id = $1 AND id = $2 FOR SHARE)) AS union,
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM enterprise WHERE centre_id = $1 AND id = $3 FOR SHARE)) AS enterprise`,
      [centreId, unionId, enterpriseId],
    );
    if (!row.centre) throw CommonErrors.notFound('Centre', centreId);
    if (!row.union) throw AuthErrors.unionNotInCentre();
    if (!row.enterprise) throw AuthErrors.enterpriseNotInCentre();
  }
}
