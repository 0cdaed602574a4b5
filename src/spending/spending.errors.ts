import { CommonErrors, DomainError } from '../common/domain-error.js';

export const SpendingErrors = {
  notFound: (id: string) => CommonErrors.notFound('Spending claim', id),
  wrongStatus: (id: string, status: string, wanted: string) =>
    CommonErrors.conflict('SPENDING.WRONG_STATUS', `Claim ${id} is ${status}; this needs it ${wanted}.`, { status }),
  fourEyes: () =>
    new DomainError('SPENDING.FOUR_EYES', 403, 'Forbidden', 'Whoever raised a claim cannot approve or refuse it (四眼原则); another of the union’s officers decides.'),
  notRaiser: () => new DomainError('SPENDING.NOT_RAISER', 403, 'Forbidden', 'Only whoever raised a claim withdraws it.'),
  accountNotExpenditure: (code: string) =>
    CommonErrors.unprocessable('SPENDING.ACCOUNT_NOT_EXPENDITURE', `Account ${code} is not an expenditure account of this centre.`, [
      { field: 'accountCode', message: 'accountCode must be an expenditure account (5xx)' },
    ]),
  accountNotPostable: (code: string) =>
    CommonErrors.unprocessable('SPENDING.ACCOUNT_NOT_POSTABLE', `Account ${code} has sub-accounts; name the one to post to (末级科目).`, [
      { field: 'accountCode', message: 'accountCode has sub-accounts' },
    ]),
  payFromNotPostable: (code: string) =>
    CommonErrors.unprocessable('SPENDING.PAY_FROM_ACCOUNT', `Account ${code} is not a postable cash or bank account of this centre.`, [
      { field: 'payFromAccountCode', message: 'must be a postable cash or bank account' },
    ]),
  wrongYear: (year: number, date: string) =>
    CommonErrors.unprocessable('SPENDING.WRONG_YEAR', `The claim is of ${year}; it is paid in ${year}, not on ${date}.`, [
      { field: 'date', message: `date must be in ${year}` },
    ]),
};
