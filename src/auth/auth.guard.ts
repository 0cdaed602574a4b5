import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CommonErrors } from '../common/domain-error.js';
import type { Principal, RequestWithContext } from '../common/request-context.js';
import { AuthErrors } from './auth.errors.js';
import { ALL_ROLES } from './roles.js';
import { isAuditor } from './scope.js';
import { ACCESS_RULE, type AccessRule, SCOPED_BY_ENGAGEMENT } from './access.decorators.js';
import { chooseReach, type EngagementInForce } from './engagement-reach.js';
import { TokenService } from './token.service.js';

/**
 * Runs on every route: a route with no declared rule is refused (fail closed); otherwise the bearer token is
 * verified, the user is read afresh (a deactivated user or a changed password ends every older token at once) and
 * the user's current role must be one the route allows.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} declares no access rule`);
      throw CommonErrors.forbidden('This endpoint declares no access rule.');
    }
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<RequestWithContext>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.trim()) : null;
    if (!match) throw CommonErrors.unauthenticated();
    const claims = await this.tokens.verify(match[1]);
    // every request reads the user afresh (one indexed lookup; plain SQL, as it runs on every call)
    const [user] = await this.dataSource.query(
      `SELECT id, username, role, centre_id, union_id, enterprise_id, active, token_version FROM app_user WHERE id = $1`,
      [claims.sub],
    );
    if (!user || !user.active || user.token_version !== claims.tv) {
      throw CommonErrors.unauthenticated('The token is no longer valid; log in again.');
    }
    const principal: Principal = {
      userId: user.id,
      username: user.username,
      role: user.role,
      centreId: user.centre_id,
      unionId: user.union_id,
      enterpriseId: user.enterprise_id,
    };
    request.principal = principal;
    if (!rule.roles.includes(user.role)) throw CommonErrors.forbidden();
    if (isAuditor(user.role)) {
      const held = await this.engagementsInForce(user.id);
      // outside an engagement in force an auditor reaches only their own account (who am I, change password)
      if (held.length === 0 && rule.roles.length < ALL_ROLES.length) throw AuthErrors.noEngagement();
      if (held.length > 0) {
        const scopedByEngagement = this.reflector.getAllAndOverride<boolean>(SCOPED_BY_ENGAGEMENT, [context.getHandler(), context.getClass()]) === true;
        principal.audit = chooseReach(held, request, scopedByEngagement || rule.roles.length === ALL_ROLES.length);
      }
    }
    return true;
  }

  /** The auditor's engagements in force today (they live in the audit context's tables; one query, as it runs on every request). */
  private engagementsInForce(userId: string): Promise<EngagementInForce[]> {
    return this.dataSource.query(
      `SELECT e.id, e.all_unions, to_char(e.period_from, 'YYYY-MM') AS period_from, to_char(e.period_to, 'YYYY-MM') AS period_to,
              ARRAY(SELECT u.union_id FROM audit_engagement_union u WHERE u.centre_id = e.centre_id AND u.engagement_id = e.id) AS unions
         FROM audit_engagement_auditor a
         JOIN audit_engagement e ON e.centre_id = a.centre_id AND e.id = a.engagement_id
        WHERE a.user_id = $1 AND e.status = 'open' AND current_date BETWEEN e.valid_from AND e.valid_until
        ORDER BY e.opened_at, e.id`,
      [userId],
    );
  }
}
