import type { CentreEntity, EnterpriseEntity, TradeUnionEntity } from './org.entities.js';
import type { CentreView, EnterpriseView, UnionView } from './dto/org.dto.js';

export function centreView(centre: CentreEntity): CentreView {
  return {
    id: centre.id,
    code: centre.code,
    name: centre.name,
    bankAccountNo: centre.bankAccountNo,
    bankName: centre.bankName,
    createdAt: centre.createdAt.toISOString(),
    updatedAt: centre.updatedAt.toISOString(),
  };
}

export function unionView(union: TradeUnionEntity): UnionView {
  return {
    id: union.id,
    centreId: union.centreId,
    code: union.code,
    name: union.name,
    kind: union.kind,
    parentUnionId: union.parentUnionId,
    memberCount: union.memberCount,
    foundedOn: union.foundedOn,
    createdAt: union.createdAt.toISOString(),
    updatedAt: union.updatedAt.toISOString(),
  };
}

export function enterpriseView(enterprise: EnterpriseEntity): EnterpriseView {
  return {
    id: enterprise.id,
    centreId: enterprise.centreId,
    name: enterprise.name,
    uscc: enterprise.uscc,
    payrollContactName: enterprise.payrollContactName,
    payrollContactPhone: enterprise.payrollContactPhone,
    unionId: enterprise.unionId,
    duesClass: enterprise.duesClass ?? null,
    createdAt: enterprise.createdAt.toISOString(),
    updatedAt: enterprise.updatedAt.toISOString(),
  };
}

/** The fields of `after` that differ from `before`, as {field: [before, after]}: what an audit record keeps of an update. */
export function changes<T extends object>(before: T, after: T): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) diff[key as string] = [before[key], after[key]];
  }
  return diff;
}
