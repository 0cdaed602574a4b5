import type { DomainError } from '../common/domain-error.js';
import { formatMoney, type Money, money, roundToFen, ZERO } from '../common/money.js';
import { type BudgetLineState, CLAIM_PLACE, entryLine, type ItemVersion, type LinePlace } from './budget-model.js';
import { BudgetErrors } from './budgets.errors.js';

export { CLAIM_PLACE, entryLine };
export type { BudgetLineState, ItemVersion, LinePlace };

/**
 * Budget arithmetic and budget control (预算控制) as pure functions: the services load and lock the state, these
 * decide. The checks run in a fixed order and the first that fails is the answer:
 *
 *   1 a named budget line is the union's, of the year, approved, an expenditure line
 *   2 a named positive-list item is on the list that day
 *   3 the account is under the item's and the budget line's category
 *   4 spending by a union with an approved budget names a budget line, and a positive-list item where the list
 *     covers the category
 *   5 the item's caps: per event, per person per occasion, per member per year
 *   6 the budget line has enough available (approved − spent − committed)
 */

/** approved (as adjusted) − committed − spent. */
export function availableOf(line: Pick<BudgetLineState, 'adjusted' | 'committed' | 'spent'>): Money {
  return line.adjusted.minus(line.committed).minus(line.spent);
}

/** % executed (执行率) = spent ÷ adjusted budget, to two places half up; none when nothing was budgeted. */
export function percentExecuted(spent: Money, budget: Money): string | null {
  if (budget.isZero()) return null;
  return roundToFen(spent.times(100).dividedBy(budget)).toFixed(2);
}

/** A line of an entry (or of a claim made into one) as budget control sees it. */
export interface ControlledLine {
  at: LinePlace;
  unionId: string;
  accountCode: string;
  /** The first-level account the line's account rolls up to, and its category. */
  topCode: string;
  category: string;
  debit: Money;
  credit: Money;
  budgetLineId: string | null;
  itemId: string | null;
  headcount: number | null;
}

export interface ControlState {
  /** closing, opening and reversal entries are not spending decisions. */
  exempt: boolean;
  /** Unions with an approved budget for the entry's year. */
  budgetedUnions: ReadonlySet<string>;
  budgetLines: ReadonlyMap<string, BudgetLineState>;
  /** Item id → version in force on the entry's date (absent or withdrawn: not on the list). */
  items: ReadonlyMap<string, ItemVersion>;
  /** Expenditure categories the centre's list covers on the date. */
  listCategories: ReadonlySet<string>;
  memberCounts: ReadonlyMap<string, number>;
  /** `${unionId}/${itemId}` → spent and committed on the item this year, before this entry. */
  itemUsage: ReadonlyMap<string, Money>;
  year: number;
}

const usageKey = (unionId: string, itemId: string) => `${unionId}/${itemId}`;
export { usageKey };

const isSpending = (line: ControlledLine) => line.category === 'expenditure' && line.debit.greaterThan(0);
const net = (line: ControlledLine) => line.debit.minus(line.credit);

export function checkBudgetControl(lines: ControlledLine[], state: ControlState): DomainError | undefined {
  // 1
  for (const line of lines) {
    if (!line.budgetLineId) continue;
    const budgetLine = state.budgetLines.get(line.budgetLineId);
    if (!budgetLine) return BudgetErrors.unknownBudgetLine(line.at, line.budgetLineId);
    if (budgetLine.unionId !== line.unionId) return BudgetErrors.budgetLineOfOtherUnion(line.at, line.budgetLineId);
    if (budgetLine.year !== state.year) return BudgetErrors.budgetLineOfOtherYear(line.at, line.budgetLineId, budgetLine.year, state.year);
    if (budgetLine.budgetStatus !== 'approved') return BudgetErrors.budgetNotApproved(line.at, line.budgetLineId, budgetLine.budgetStatus);
    if (budgetLine.kind !== 'expenditure') return BudgetErrors.notAnExpenditureLine(line.at, line.budgetLineId);
  }
  // 2
  for (const line of lines) {
    if (!line.itemId) continue;
    const item = state.items.get(line.itemId);
    if (!item || item.withdrawn) return BudgetErrors.itemNotOnList(line.at, line.itemId, item?.name);
  }
  // 3
  for (const line of lines) {
    const item = line.itemId ? state.items.get(line.itemId) : undefined;
    if (item && line.topCode !== item.categoryCode) {
      return BudgetErrors.wrongCategory(line.at, line.accountCode, `positive-list item ${item.code} ${item.name}`, item.categoryCode);
    }
    const budgetLine = line.budgetLineId ? state.budgetLines.get(line.budgetLineId) : undefined;
    if (budgetLine && line.topCode !== budgetLine.categoryCode) {
      return BudgetErrors.wrongCategory(line.at, line.accountCode, `budget line ${budgetLine.id}`, budgetLine.categoryCode);
    }
  }
  // 4
  if (!state.exempt) {
    for (const line of lines) {
      if (!isSpending(line) || !state.budgetedUnions.has(line.unionId)) continue;
      if (!line.budgetLineId) return BudgetErrors.budgetLineRequired(line.at, line.unionId, state.year);
      if (!line.itemId && state.listCategories.has(line.topCode)) return BudgetErrors.itemRequired(line.at, line.topCode);
    }
  }
  // 5
  for (const group of groupBy(lines.filter((l) => l.itemId), (l) => usageKey(l.unionId, l.itemId!)).values()) {
    const item = state.items.get(group[0].itemId!)!;
    const requested = group.reduce((sum, l) => sum.plus(net(l)), ZERO);
    if (!requested.greaterThan(0)) continue;
    const error = checkCaps(item, {
      requested,
      headcount: maxHeadcount(group),
      unionMembers: state.memberCounts.get(group[0].unionId) ?? 0,
      usedThisYear: state.itemUsage.get(usageKey(group[0].unionId, item.itemId)) ?? ZERO,
      at: group[0].at,
    });
    if (error) return error;
  }
  // 6
  for (const group of groupBy(lines.filter((l) => l.budgetLineId), (l) => l.budgetLineId!).values()) {
    const budgetLine = state.budgetLines.get(group[0].budgetLineId!)!;
    const requested = group.reduce((sum, l) => sum.plus(net(l)), ZERO);
    const error = checkAvailable(budgetLine, requested);
    if (error) return error;
  }
  return undefined;
}

export interface CapRequest {
  requested: Money;
  /** People the spending benefits (受益人数); required when a cap is per person or per member. */
  headcount: number | null;
  unionMembers: number;
  usedThisYear: Money;
  at: LinePlace;
}

/** Rule 5: the caps of one item for one spending (an event). */
export function checkCaps(item: ItemVersion, request: CapRequest): DomainError | undefined {
  const { requested, headcount } = request;
  const limit = (cap: Money, times: number) => cap.times(times);
  if (item.capPerEvent && requested.greaterThan(item.capPerEvent)) {
    return BudgetErrors.capExceeded(item, 'per_event', `${formatMoney(item.capPerEvent)} per event`, formatMoney(item.capPerEvent), formatMoney(requested));
  }
  const perPerson = item.capPerPersonOccasion ?? item.capPerMemberYear;
  if (perPerson && headcount === null) return BudgetErrors.headcountRequired(request.at, item);
  if (item.capPerPersonOccasion && headcount !== null) {
    const allowed = limit(item.capPerPersonOccasion, headcount);
    if (requested.greaterThan(allowed)) {
      return BudgetErrors.capExceeded(item, 'per_person_occasion',
        `${formatMoney(item.capPerPersonOccasion)} per person per occasion × ${headcount} people = ${formatMoney(allowed)}`,
        formatMoney(allowed), formatMoney(requested));
    }
  }
  if (item.capPerMemberYear && headcount !== null) {
    if (headcount > request.unionMembers) return BudgetErrors.headcountAboveMembers(request.at, headcount, request.unionMembers);
    const allowed = limit(item.capPerMemberYear, headcount);
    if (requested.greaterThan(allowed)) {
      return BudgetErrors.capExceeded(item, 'per_member_year',
        `${formatMoney(item.capPerMemberYear)} per member per year × ${headcount} members = ${formatMoney(allowed)}`,
        formatMoney(allowed), formatMoney(requested));
    }
    const yearly = limit(item.capPerMemberYear, request.unionMembers);
    const total = request.usedThisYear.plus(requested);
    if (total.greaterThan(yearly)) {
      return BudgetErrors.capExceeded(item, 'per_member_year',
        `${formatMoney(item.capPerMemberYear)} per member per year × ${request.unionMembers} members = ${formatMoney(yearly)} a year; ` +
          `${formatMoney(request.usedThisYear)} is spent or committed already`,
        formatMoney(yearly), formatMoney(total));
    }
  }
  return undefined;
}

/** Rule 6: a line's budget takes `requested` more (negative: gives back). */
export function checkAvailable(line: BudgetLineState, requested: Money): DomainError | undefined {
  if (!requested.greaterThan(0)) return undefined;
  const available = availableOf(line);
  if (requested.greaterThan(available)) {
    return BudgetErrors.overdrawn(line.id, formatMoney(line.adjusted), formatMoney(line.spent), formatMoney(line.committed), formatMoney(available), formatMoney(requested));
  }
  return undefined;
}

/** A change to one approved line by an adjustment (预算调整): the new adjusted amount, or why it cannot be. */
export function adjustedAmount(line: BudgetLineState, change: Money): { amount: Money } | { error: DomainError } {
  const amount = line.adjusted.plus(change);
  if (amount.isNegative()) return { error: BudgetErrors.adjustmentBelowZero(line.id, formatMoney(line.adjusted), formatMoney(change)) };
  const used = line.spent.plus(line.committed);
  if (amount.lessThan(used)) {
    return { error: BudgetErrors.adjustmentBelowUsed(line.id, formatMoney(amount), formatMoney(line.spent), formatMoney(line.committed)) };
  }
  return { amount };
}

function maxHeadcount(lines: ControlledLine[]): number | null {
  const counts = lines.map((l) => l.headcount).filter((c): c is number => c !== null);
  return counts.length > 0 ? Math.max(...counts) : null;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export const amountOf = (value: string | null): Money | null => (value === null ? null : money(value));
