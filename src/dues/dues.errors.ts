import { registerSqlStateErrors } from '../common/database-errors.js';
import { CommonErrors } from '../common/domain-error.js';

export const DuesErrors = {
  badPeriod: (field: string) => CommonErrors.validation([{ field, message: `${field} must be a month YYYY-MM or a quarter YYYY-Qn` }]),
  overlappingDeclaration: (period: string, existing: string) =>
    CommonErrors.conflict('DUES.OVERLAPPING_DECLARATION', `The enterprise already declared ${existing}, which overlaps ${period}; correct that declaration instead.`),
  noRule: (date: string) => CommonErrors.unprocessable('DUES.NO_RULE', `No dues rule is in effect on ${date}.`),
  noStreetUnion: () =>
    CommonErrors.unprocessable('DUES.NO_STREET_UNION', 'The centre has no street union (街道总工会) to hold preparation funds and unidentified receipts.'),
  sharesNotWhole: () =>
    CommonErrors.unprocessable('DUES.SHARES_NOT_WHOLE', 'The retained share and the upward shares must add up to 1.', [
      { field: 'upwardShares', message: 'retainedShare plus the upward shares must be exactly 1' },
    ]),
  ruleExists: () => CommonErrors.conflict('DUES.RULE_EXISTS', 'A rule with this start date (and class) exists already.'),
  payableNotPostable: (code: string) =>
    CommonErrors.unprocessable('DUES.PAYABLE_ACCOUNT', `Account ${code} is not a postable payable account (211 or one of its sub-accounts) of this centre.`),
  receiptNotSuspense: (id: string) => CommonErrors.conflict('DUES.RECEIPT_NOT_IN_SUSPENSE', `Receipt ${id} is not waiting in suspense.`),
  receiptNotFound: (id: string) => CommonErrors.notFound('Receipt', id),
  enterpriseNotFound: (id: string) => CommonErrors.notFound('Enterprise', id),
  unknownUscc: () =>
    CommonErrors.unprocessable('DUES.UNKNOWN_USCC', 'No enterprise of this centre has that unified social credit code.', [
      { field: 'uscc', message: 'uscc is not registered in this centre' },
    ]),
  payerAmbiguous: () =>
    CommonErrors.validation([{ field: 'enterpriseId', message: 'give enterpriseId or uscc, not both' }]),
  nothingToRemit: () => CommonErrors.unprocessable('DUES.NOTHING_TO_REMIT', 'No union owes anything upward on that account.'),
  remitTooMuch: (unionId: string, owed: string) =>
    CommonErrors.unprocessable('DUES.REMIT_EXCEEDS_OWED', `Union ${unionId} owes ${owed} upward; it cannot remit more.`),
  alreadyHasUnion: () => CommonErrors.conflict('PREPARATION.ENTERPRISE_HAS_UNION', 'The enterprise already has its union.'),
};

registerSqlStateErrors({ P0D01: DuesErrors.sharesNotWhole });
