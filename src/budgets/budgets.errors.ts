import { registerConstraintErrors, registerSqlStateErrors } from '../common/database-errors.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import type { ItemVersion, LinePlace } from './budget-model.js';

const refuse = (code: string, detail: string, field?: string, message?: string, extensions: Record<string, unknown> = {}) =>
  new DomainError(code, 422, 'Unprocessable request', detail, field ? [{ field, message: message ?? detail }] : [], extensions);

export type CapKind = 'per_event' | 'per_person_occasion' | 'per_member_year';

/** Budget control and the budget workflow; each refusal names the limit and the amounts that broke it. */
export const BudgetErrors = {
  unknownBudgetLine: (at: LinePlace, id: string) =>
    refuse('BUDGET.UNKNOWN_LINE', `${at.label}: there is no budget line ${id} in this centre.`, `${at.prefix}budgetLineId`, 'budgetLineId is not a budget line of this centre'),
  budgetLineOfOtherUnion: (at: LinePlace, id: string) =>
    refuse('BUDGET.LINE_OF_OTHER_UNION', `${at.label}: budget line ${id} belongs to another union's budget; a union spends only against its own budget.`,
      `${at.prefix}budgetLineId`, 'budgetLineId is another union’s'),
  budgetLineOfOtherYear: (at: LinePlace, id: string, lineYear: number, year: number) =>
    refuse('BUDGET.LINE_OF_OTHER_YEAR', `${at.label}: budget line ${id} is of the ${lineYear} budget; spending in ${year} draws on the ${year} budget.`,
      `${at.prefix}budgetLineId`, `budgetLineId is of ${lineYear}`),
  budgetNotApproved: (at: LinePlace, id: string, status: string) =>
    refuse('BUDGET.NOT_APPROVED', `${at.label}: budget line ${id} belongs to a budget that is ${status}, not approved.`, `${at.prefix}budgetLineId`, 'the budget is not approved'),
  notAnExpenditureLine: (at: LinePlace, id: string) =>
    refuse('BUDGET.NOT_EXPENDITURE_LINE', `${at.label}: budget line ${id} is an income line; spending names an expenditure line.`, `${at.prefix}budgetLineId`, 'budgetLineId is an income line'),
  itemNotOnList: (at: LinePlace, id: string, name?: string) =>
    refuse('BUDGET.ITEM_NOT_ON_LIST', `${at.label}: ${name ? `item ${name} (${id})` : `item ${id}`} is not on the centre's positive list (正面清单) on that date.`,
      `${at.prefix}positiveListItemId`, 'the item is not on the positive list on that date', { itemId: id }),
  wrongCategory: (at: LinePlace, accountCode: string, what: string, categoryCode: string) =>
    refuse('BUDGET.WRONG_CATEGORY', `${at.label}: account ${accountCode} is not under expenditure category ${categoryCode}, the category of ${what}.`,
      `${at.prefix}accountCode`, `the account must be ${categoryCode} or one of its sub-accounts`, { accountCode, categoryCode }),
  budgetLineRequired: (at: LinePlace, unionId: string, year: number) =>
    refuse('BUDGET.LINE_REQUIRED', `${at.label}: union ${unionId} has an approved budget for ${year}; its spending names the budget line it draws on (预算控制).`,
      `${at.prefix}budgetLineId`, 'budgetLineId is required for spending under an approved budget', { unionId, year }),
  itemRequired: (at: LinePlace, categoryCode: string) =>
    refuse('BUDGET.ITEM_REQUIRED', `${at.label}: spending under ${categoryCode} names the positive-list item (正面清单) it is for.`,
      `${at.prefix}positiveListItemId`, 'positiveListItemId is required for this category', { categoryCode }),
  headcountRequired: (at: LinePlace, item: ItemVersion) =>
    refuse('BUDGET.HEADCOUNT_REQUIRED', `${at.label}: item ${item.name} has a cap per person; give the number of people it benefits.`,
      at.prefix ? `${at.prefix}headcount` : 'memberCount', 'the number of people is required for a cap per person'),
  headcountAboveMembers: (at: LinePlace, headcount: number, members: number) =>
    refuse('BUDGET.HEADCOUNT_ABOVE_MEMBERS', `${at.label}: ${headcount} members are more than the union's ${members}.`,
      at.prefix ? `${at.prefix}headcount` : 'memberCount', `at most ${members}`, { headcount, members }),
  capExceeded: (item: ItemVersion, cap: CapKind, limitText: string, limit: string, requested: string) =>
    new DomainError('BUDGET.CAP_EXCEEDED', 422, 'Unprocessable request',
      `Item ${item.name} (${item.code}) allows ${limitText}; this asks ${requested}.`, [],
      { itemId: item.itemId, cap, limit, requested }),
  overdrawn: (budgetLineId: string, budget: string, spent: string, committed: string, available: string, requested: string) =>
    new DomainError('BUDGET.OVERDRAWN', 422, 'Unprocessable request',
      `Budget line ${budgetLineId} has ${available} available (budget ${budget}, spent ${spent}, committed ${committed}); this needs ${requested}. ` +
        'Only an approved budget adjustment (预算调整) makes room.', [],
      { budgetLineId, budget, spent, committed, available, requested }),
  adjustmentBelowZero: (lineId: string, adjusted: string, change: string) =>
    refuse('BUDGET.ADJUSTMENT_BELOW_ZERO', `Budget line ${lineId} is ${adjusted}; a change of ${change} takes it below zero.`, undefined, undefined, { budgetLineId: lineId }),
  adjustmentBelowUsed: (lineId: string, amount: string, spent: string, committed: string) =>
    refuse('BUDGET.ADJUSTMENT_BELOW_USED',
      `Budget line ${lineId} would be ${amount}, below what is already spent (${spent}) and committed (${committed}).`, undefined, undefined,
      { budgetLineId: lineId, amount, spent, committed }),
  adjustmentUnknownLine: (index: number, lineId: string) =>
    refuse('BUDGET.UNKNOWN_LINE', `Change ${index + 1}: line ${lineId} is not a line of this budget.`, `changes.${index}.budgetLineId`, 'not a line of this budget'),
  adjustmentEmpty: () =>
    CommonErrors.validation([{ field: 'changes', message: 'an adjustment changes at least one line or adds one' }]),
  duplicateLine: (field: string) => CommonErrors.validation([{ field, message: 'a line of the same category, fund type and project exists already' }]),
  notACategory: (field: string, code: string, wanted: string) =>
    refuse('BUDGET.NOT_A_CATEGORY', `Account ${code} is not a first-level ${wanted} account (e.g. ${wanted === 'income' ? '402 拨缴经费收入' : '501 职工活动支出'}).`, field,
      `must be a first-level ${wanted} account`),
  budgetExists: (unionId: string, year: number) =>
    CommonErrors.conflict('BUDGET.EXISTS', `Union ${unionId} already has a budget for ${year}.`),
  wrongStatus: (id: string, status: string, wanted: string) =>
    CommonErrors.conflict('BUDGET.WRONG_STATUS', `Budget ${id} is ${status}; this needs it ${wanted}.`, { status }),
  adjustmentWrongStatus: (id: string, status: string) =>
    CommonErrors.conflict('BUDGET.ADJUSTMENT_WRONG_STATUS', `Adjustment ${id} is ${status}; only a submitted adjustment is decided.`, { status }),
  fourEyes: () => new DomainError('BUDGET.FOUR_EYES', 403, 'Forbidden', 'Whoever drew up or asked for a budget change cannot approve it (四眼原则).'),
  budgetNotFound: (id: string) => CommonErrors.notFound('Budget', id),
  adjustmentNotFound: (id: string) => CommonErrors.notFound('Budget adjustment', id),
  itemNotFound: (id: string) => CommonErrors.notFound('Positive-list item', id),
  itemCodeTaken: () => CommonErrors.conflict('BUDGET.ITEM_CODE_TAKEN', 'The positive list already has an item with this code.'),
  versionExists: (date: string) => CommonErrors.conflict('BUDGET.ITEM_VERSION_EXISTS', `The item already has a version in force from ${date}.`),
};

registerConstraintErrors({
  budget_union_year_unique: () => CommonErrors.conflict('BUDGET.EXISTS', 'The union already has a budget for that year.'),
  budget_line_within_budget: () =>
    new DomainError('BUDGET.OVERDRAWN', 422, 'Unprocessable request', 'The spending would exceed the budget line’s available amount.'),
  budget_line_unique_purpose: () => BudgetErrors.duplicateLine('lines'),
  positive_list_item_code_unique: BudgetErrors.itemCodeTaken,
  budget_four_eyes: BudgetErrors.fourEyes,
  budget_adjustment_four_eyes: BudgetErrors.fourEyes,
  journal_line_budget_line_fk: () => refuse('BUDGET.UNKNOWN_LINE', 'A line names a budget line that does not exist in this centre.'),
  journal_line_positive_list_item_fk: () => refuse('BUDGET.ITEM_NOT_ON_LIST', 'A line names a positive-list item that does not exist in this centre.'),
});

registerSqlStateErrors({
  P0B01: () => refuse('BUDGET.LINE_MISMATCH', 'A line names a budget line of another union or year, of a budget not approved, or of another category.'),
  P0B02: () => refuse('BUDGET.ITEM_NOT_ON_LIST', 'A line names a positive-list item that is not on the list that day or is of another category.'),
  P0B03: () => refuse('BUDGET.LINE_REQUIRED', 'Spending by a union with an approved budget names a budget line (预算控制).'),
  P0B10: () => CommonErrors.conflict('BUDGET.APPROVED_IS_FINAL', 'An approved budget changes only by approved adjustments.'),
});
