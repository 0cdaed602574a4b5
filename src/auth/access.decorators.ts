import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiResponse } from '@nestjs/swagger';
import { ProblemDetails } from '../common/problem-details.js';
import type { Role } from './roles.js';

export const ACCESS_RULE = 'dcl:access-rule';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

/**
 * Every route declares who may call it; a route without a rule is refused at start-up (AccessRuleCheck) and at
 * run time. Scope (which centre, union, enterprise) is checked by the service, where the object is known.
 */
export function Roles(...roles: readonly Role[]) {
  return applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth(),
    ApiExtension('x-roles', [...roles]),
    ApiResponse({ status: 401, description: 'No valid token', type: ProblemDetails }),
    ApiResponse({ status: 403, description: 'Role not allowed', type: ProblemDetails }),
  );
}

export function Public() {
  return applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule), ApiExtension('x-roles', ['public']));
}
