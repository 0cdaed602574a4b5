import { registerConstraintErrors, registerSqlStateErrors } from '../common/database-errors.js';
import { CommonErrors, DomainError, type FieldError } from '../common/domain-error.js';

const rule = (code: string, detail: string, errors: FieldError[] = [], extensions: Record<string, unknown> = {}) =>
  new DomainError(code, 422, 'Unprocessable entry', detail, errors, extensions);

/** The guards of posting, in the order they are checked (posting.ts); each has its own code. */
export const LedgerErrors = {
  tooFewLines: () => rule('LEDGER.TOO_FEW_LINES', 'An entry needs at least two lines.', [{ field: 'lines', message: 'lines must hold at least two lines' }]),
  tooManyLines: (max: number) => rule('LEDGER.TOO_MANY_LINES', `An entry holds at most ${max} lines.`, [{ field: 'lines', message: `lines must hold at most ${max} lines` }]),
  lineOneSide: (index: number) =>
    rule('LEDGER.LINE_ONE_SIDE', `Line ${index + 1} must have either a debit or a credit amount, not both and not neither.`, [
      { field: `lines.${index}`, message: 'give exactly one of debit and credit' },
    ]),
  amountSign: (index: number, reversal: boolean) =>
    rule(
      'LEDGER.AMOUNT_SIGN',
      reversal
        ? `Line ${index + 1}: a reversal (红字冲销) carries negative amounts.`
        : `Line ${index + 1}: amounts must be greater than zero.`,
      [{ field: `lines.${index}`, message: reversal ? 'amount must be negative' : 'amount must be greater than zero' }],
    ),
  unknownUnion: (index: number, unionId: string) =>
    rule('LEDGER.UNKNOWN_UNION', `Line ${index + 1}: union ${unionId} is not a union of this centre.`, [
      { field: `lines.${index}.unionId`, message: 'unionId is not a union of this centre' },
    ]),
  unknownAccount: (index: number, code: string) =>
    rule('LEDGER.UNKNOWN_ACCOUNT', `Line ${index + 1}: there is no account ${code} in this centre's chart.`, [
      { field: `lines.${index}.accountCode`, message: 'accountCode is not in the chart of accounts' },
    ]),
  accountNotPostable: (index: number, code: string) =>
    rule('LEDGER.ACCOUNT_NOT_POSTABLE', `Line ${index + 1}: account ${code} has sub-accounts; post to one of them (末级科目).`, [
      { field: `lines.${index}.accountCode`, message: 'accountCode has sub-accounts' },
    ]),
  unbalanced: (debit: string, credit: string) =>
    rule('LEDGER.UNBALANCED', `The entry does not balance (借贷不平): debits ${debit}, credits ${credit}.`, [], { debit, credit }),
  totalTooLarge: (total: string, max: string) =>
    rule('LEDGER.TOTAL_TOO_LARGE', `The entry's total ${total} is more than the largest amount the books hold (${max}).`, [
      { field: 'lines', message: `the lines add up to more than ${max}` },
    ], { total, max }),
  unbalancedUnion: (unionId: string, debit: string, credit: string) =>
    rule(
      'LEDGER.UNBALANCED_UNION',
      `The entry balances in total but not for union ${unionId}: its debits ${debit}, its credits ${credit}. Each union's sub-ledger must balance on its own (分户核算).`,
      [], { unionId, debit, credit },
    ),
  periodNotOpen: (period: string, status: string) =>
    rule('LEDGER.PERIOD_NOT_OPEN', `Period ${period} is ${status}; nothing posts into it.`, [{ field: 'date', message: `period ${period} is ${status}` }], { period }),
  cashInsufficient: (unionId: string, accountCode: string, available: string, required: string) =>
    rule(
      'LEDGER.CASH_INSUFFICIENT',
      `Union ${unionId} has ${available} in account ${accountCode}; the entry takes ${required}. A union spends only its own money.`,
      [], { unionId, accountCode, available, required },
    ),
  entryNotFound: (id: string) => CommonErrors.notFound('Entry', id),
  wrongStatus: (id: string, status: string, wanted: string) =>
    CommonErrors.conflict('LEDGER.WRONG_STATUS', `Entry ${id} is ${status}; this needs it ${wanted}.`, { status }),
  fourEyes: () =>
    new DomainError('LEDGER.FOUR_EYES', 403, 'Forbidden', 'Whoever prepared an entry cannot approve it (四眼原则).'),
  notPreparer: () =>
    new DomainError('LEDGER.NOT_PREPARER', 403, 'Forbidden', 'Only whoever prepared a draft changes or discards it.'),
  alreadyReversed: (id: string) => CommonErrors.conflict('LEDGER.ALREADY_REVERSED', `Entry ${id} has already been reversed.`),
  cannotReverseReversal: (id: string) => CommonErrors.conflict('LEDGER.REVERSAL_NOT_REVERSIBLE', `Entry ${id} is itself a reversal.`),
  periodOrder: (detail: string) => CommonErrors.conflict('LEDGER.PERIOD_ORDER', detail),
  periodExists: (period: string) => CommonErrors.conflict('LEDGER.PERIOD_EXISTS', `Period ${period} is already open or closed.`),
  periodNotFound: (period: string) => CommonErrors.notFound('Period', period),
  periodHasPending: (period: string, count: number) =>
    CommonErrors.conflict('LEDGER.PERIOD_HAS_PENDING_ENTRIES', `Period ${period} still has ${count} entries that are not posted.`, { pending: count }),
  trialBalanceUnbalanced: (period: string) =>
    CommonErrors.conflict('LEDGER.TRIAL_BALANCE_UNBALANCED', `The trial balance of ${period} does not balance.`),
  accountCodeTaken: () => CommonErrors.conflict('LEDGER.ACCOUNT_CODE_TAKEN', 'The centre already has an account with this code.'),
  accountRule: (detail: string) => CommonErrors.unprocessable('LEDGER.ACCOUNT_RULE', detail),
  unionRequired: () =>
    CommonErrors.validation([{ field: 'unionId', message: 'unionId is required: you read your own union’s books' }]),
  parentAccountHasPostings: () =>
    CommonErrors.unprocessable('LEDGER.ACCOUNT_HAS_POSTINGS', 'The account already has postings in this centre; it cannot take sub-accounts.'),
};

registerConstraintErrors({
  ledger_balance_cash_non_negative: () =>
    rule('LEDGER.CASH_INSUFFICIENT', 'The entry would take a union’s cash below zero. A union spends only its own money.'),
  account_centre_code_unique: LedgerErrors.accountCodeTaken,
  journal_entry_reversed_once: () => CommonErrors.conflict('LEDGER.ALREADY_REVERSED', 'The entry has already been reversed.'),
  journal_entry_period_fk: () => rule('LEDGER.PERIOD_NOT_OPEN', 'The date falls in a period that has not been opened.'),
  journal_entry_four_eyes: LedgerErrors.fourEyes,
});

// what the ledger's triggers raise when SQL tries what the service would have refused
registerSqlStateErrors({
  P0L02: LedgerErrors.tooFewLines,
  P0L03: () => rule('LEDGER.UNBALANCED_UNION', 'The entry does not balance for every union on it.'),
  P0L04: () => rule('LEDGER.AMOUNT_SIGN', 'The entry has amounts of the wrong sign.'),
  P0L05: () => rule('LEDGER.ACCOUNT_NOT_POSTABLE', 'The entry posts to an account that is not postable in this centre.'),
  P0L10: () => LedgerErrors.accountRule('The sub-account breaks a rule of the chart of accounts.'),
  P0L11: LedgerErrors.parentAccountHasPostings,
  P0L20: () => LedgerErrors.periodOrder('Periods open one month after another.'),
  P0L21: () => rule('LEDGER.PERIOD_NOT_OPEN', 'The period is not open.'),
  P0L22: () => LedgerErrors.periodOrder('An earlier period is still open; periods close in order.'),
});
