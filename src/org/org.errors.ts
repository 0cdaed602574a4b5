import { registerConstraintErrors } from '../common/database-errors.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';

export const OrgErrors = {
  centreCodeTaken: () => CommonErrors.conflict('ORG.CENTRE_CODE_TAKEN', 'Another centre already has this code.'),
  unionCodeTaken: () => CommonErrors.conflict('ORG.UNION_CODE_TAKEN', 'Another union of this centre already has this code.'),
  unionNameTaken: () => CommonErrors.conflict('ORG.UNION_NAME_TAKEN', 'Another union of this centre already has this name.'),
  usccTaken: () =>
    CommonErrors.conflict('ORG.USCC_TAKEN', 'An enterprise with this unified social credit code is already registered in this centre.'),
  parentNotFound: () =>
    CommonErrors.unprocessable('ORG.PARENT_UNION_NOT_FOUND', 'The parent union is not a union of this centre.', [
      { field: 'parentUnionId', message: 'parentUnionId is not a union of this centre' },
    ]),
  parentKindNotAllowed: (kind: string, parentKind: string | null) =>
    CommonErrors.unprocessable(
      'ORG.PARENT_KIND_NOT_ALLOWED',
      parentKind
        ? `A ${kind} union cannot sit under a ${parentKind} union.`
        : `A ${kind} union cannot have a parent union.`,
      [{ field: 'parentUnionId', message: 'parentUnionId names a union of a kind that cannot be the parent' }],
    ),
  unionNotFoundForEnterprise: () =>
    CommonErrors.unprocessable('ORG.UNION_NOT_FOUND', 'The union is not a union of this centre.', [
      { field: 'unionId', message: 'unionId is not a union of this centre' },
    ]),
  enterpriseUnionNotGrassroots: () =>
    CommonErrors.unprocessable('ORG.ENTERPRISE_UNION_NOT_GRASSROOTS', 'An enterprise belongs to a grassroots union.', [
      { field: 'unionId', message: 'unionId must name a grassroots union' },
    ]),
  unionInUse: (references: Record<string, number>) =>
    new DomainError(
      'ORG.UNION_IN_USE', 409, 'Conflict',
      `The union is still referenced (${Object.entries(references).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`).join(', ')}); it cannot be deleted.`,
      [], { references },
    ),
  enterpriseInUse: (references: Record<string, number>) =>
    new DomainError(
      'ORG.ENTERPRISE_IN_USE', 409, 'Conflict',
      `The enterprise is still referenced (${Object.entries(references).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`).join(', ')}); it cannot be deleted.`,
      [], { references },
    ),
};

registerConstraintErrors({
  centre_code_unique: OrgErrors.centreCodeTaken,
  trade_union_code_unique: OrgErrors.unionCodeTaken,
  trade_union_name_unique: OrgErrors.unionNameTaken,
  enterprise_uscc_unique: OrgErrors.usccTaken,
});
