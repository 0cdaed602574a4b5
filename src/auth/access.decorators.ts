import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ProblemDetails } from '../common/problem-details.js';
import { AUDITORS, type Role } from './roles.js';

export const ACCESS_RULE = 'dcl:access-rule';
export const SCOPED_BY_ENGAGEMENT = 'dcl:scoped-by-engagement';
/** The header in which an auditor holding several engagements in force names the one a request is made under. */
export const ENGAGEMENT_HEADER = 'X-Audit-Engagement';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

/**
 * Every route declares who may call it; a route without a rule is refused at start-up (AccessRuleCheck) and at
 * run time. Scope (which centre, union, enterprise) is checked by the service, where the object is known.
 */
export function Roles(...roles: readonly Role[]) {
  const auditors = roles.some((role) => (AUDITORS as readonly string[]).includes(role));
  return applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth(),
    ApiExtension('x-roles', [...roles]),
    ApiResponse({ status: 401, description: 'No valid token', type: ProblemDetails }),
    ApiResponse({
      status: 403,
      description: auditors
        ? 'Role not allowed; for an auditor also AUTH.NO_ENGAGEMENT, AUTH.ENGAGEMENT_REQUIRED, AUTH.ENGAGEMENT_NOT_HELD or AUTH.OUT_OF_ENGAGEMENT'
        : 'Role not allowed',
      type: ProblemDetails,
    }),
    ...(auditors
      ? [
          ApiHeader({
            name: ENGAGEMENT_HEADER,
            required: false,
            schema: { type: 'string', format: 'uuid' },
            description:
              'Auditors: the engagement in force this request is made under (its unions and months are the reach). ' +
              'Needed when the auditor holds several; with one it is that one. Routes that name an engagement act under it.',
          }),
        ]
      : []),
  );
}

/**
 * An auditor's route that names its engagement (in its path, or through a finding) and checks it in the service: it
 * acts under that engagement, so an auditor holding several need not choose one in the header.
 */
export function ScopedByEngagement() {
  return SetMetadata(SCOPED_BY_ENGAGEMENT, true);
}

export function Public() {
  return applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule), ApiExtension('x-roles', ['public']));
}
