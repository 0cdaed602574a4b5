import './auth.errors.js';

// The public surface of the auth context other contexts may use: access rules, roles and scope. The module and its
// services are wired by the composition root (app.module.ts, main.ts, cli/), which keeps this index free of the
// services that themselves depend on the audit context (no import cycle).
export { ENGAGEMENT_HEADER, Public, Roles, ScopedByEngagement } from './access.decorators.js';
export { ALL_ROLES, AUDITORS, CENTRE_STAFF, CENTRE_WIDE_ROLES, isRole, Role, scopeOfRole, UNION_ROLES } from './roles.js';
export {
  asOfInScope,
  assertCentreLevelRead,
  assertCentreVisible,
  assertPeriodsInScope,
  canSeeCentre,
  canSeeUnion,
  daysInScope,
  isAuditor,
  periodInScope,
  seesWholeCentre,
  unionsInScope,
  yearInScope,
} from './scope.js';
export { UserEntity } from './user.entity.js';
