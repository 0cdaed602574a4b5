/** The roles of DESIGN.md §1. */
export const Role = {
  SystemAdmin: 'system_admin',
  /** 托管中心会计 */
  CentreAccountant: 'centre_accountant',
  /** 托管中心负责人/审核 */
  CentreSupervisor: 'centre_supervisor',
  /** 工会财务 */
  UnionTreasurer: 'union_treasurer',
  /** 工会主席 */
  UnionChair: 'union_chair',
  /** 工会内审 (经审会) */
  InternalAuditor: 'internal_auditor',
  /** 国家审计 */
  StateAuditor: 'state_auditor',
  /** 社会审计 */
  SocialAuditor: 'social_auditor',
  /** 职工会员 */
  Member: 'member',
  /** 企业 */
  Enterprise: 'enterprise',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.values(Role);
export const CENTRE_STAFF: readonly Role[] = [Role.CentreAccountant, Role.CentreSupervisor];
export const AUDITORS: readonly Role[] = [Role.InternalAuditor, Role.StateAuditor, Role.SocialAuditor];
/** Roles bound to one union. */
export const UNION_ROLES: readonly Role[] = [Role.UnionTreasurer, Role.UnionChair, Role.Member];
/** Roles that see a whole centre (auditors until engagements narrow them). */
export const CENTRE_WIDE_ROLES: readonly Role[] = [...CENTRE_STAFF, ...AUDITORS];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

/** The scope a role is bound to: nothing (the platform), a centre, a union of a centre, or an enterprise. */
export function scopeOfRole(role: Role): 'platform' | 'centre' | 'union' | 'enterprise' {
  if (role === Role.SystemAdmin) return 'platform';
  if ((UNION_ROLES as readonly string[]).includes(role)) return 'union';
  if (role === Role.Enterprise) return 'enterprise';
  return 'centre';
}
