import type { Money } from '../common/money.js';

/** The shapes budget control reasons about. */

export type LineKind = 'income' | 'expenditure';

export interface BudgetLineState {
  id: string;
  unionId: string;
  year: number;
  budgetStatus: string;
  kind: LineKind;
  /** The first-level account the line budgets (501 …). */
  categoryCode: string;
  adjusted: Money;
  committed: Money;
  spent: Money;
}

/** The version of a positive-list item in force on a date. */
export interface ItemVersion {
  itemId: string;
  code: string;
  name: string;
  categoryCode: string;
  capPerMemberYear: Money | null;
  capPerEvent: Money | null;
  capPerPersonOccasion: Money | null;
  withdrawn: boolean;
}

/** Where a line sits, for error messages: "Line 2" and `lines.1.` in an entry, "The claim" and no prefix in a claim. */
export interface LinePlace {
  label: string;
  prefix: string;
}

export const entryLine = (index: number): LinePlace => ({ label: `Line ${index + 1}`, prefix: `lines.${index}.` });
export const CLAIM_PLACE: LinePlace = { label: 'The claim', prefix: '' };

