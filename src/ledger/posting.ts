import type { DomainError } from '../common/domain-error.js';
import { formatMoney, MAX_AMOUNT, type Money, sumMoney, ZERO } from '../common/money.js';
import { LedgerErrors } from './ledger.errors.js';

/**
 * The rules of posting, as pure functions: no I/O, so every rule is tested on its own. The guards run in this
 * documented order and the first that fails is the answer (TigerBeetle style); only when all pass is anything written.
 *
 *   shape (checkEntry):        1 line count · 2 one side per line and its sign · 3 union, account, postable account ·
 *                              4 balanced in total · 5 balanced for every union (分户核算)
 *   posting (checkPosting):    6 period open · 7 no union's cash below zero
 *   guards of other contexts:  8 budget control (budgets/budget-rules.ts), through `PostingGuard`; it runs after 6
 *                              and before 7, so that its rows are locked before the cash rows in every posting
 */

export const ENTRY_SOURCES = ['manual', 'dues_receipt', 'remittance', 'spending', 'reversal', 'opening', 'closing', 'bank', 'preparation'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export const MAX_LINES = 500;

export interface AccountInfo {
  id: string;
  code: string;
  name: string;
  category: 'asset' | 'liability' | 'net_assets' | 'income' | 'expenditure';
  normalSide: 'debit' | 'credit';
  isCash: boolean;
  /** No sub-account of it exists for this centre (末级科目). */
  postable: boolean;
}

export interface LineDraft {
  unionId: string;
  accountCode: string;
  debit: Money;
  credit: Money;
  enterpriseId?: string | null;
  budgetLineId?: string | null;
  projectCode?: string | null;
  positiveListItemId?: string | null;
  /** People the spending benefits (受益人数), for positive-list caps per person. */
  headcount?: number | null;
  memo?: string | null;
}

export interface EntryDraft {
  date: string;
  memo: string;
  source: EntrySource;
  lines: LineDraft[];
}

export function periodOf(date: string): { year: number; month: number; label: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return { year, month, label: date.slice(0, 7) };
}

/** Rules 1–5: what makes an entry an entry, whatever the state of the books. */
export function checkEntry(
  draft: EntryDraft,
  accountByCode: (code: string) => AccountInfo | undefined,
  unionExists: (unionId: string) => boolean,
): DomainError | undefined {
  const { lines } = draft;
  if (lines.length < 2) return LedgerErrors.tooFewLines();
  if (lines.length > MAX_LINES) return LedgerErrors.tooManyLines(MAX_LINES);

  const reversal = draft.source === 'reversal';
  for (const [index, line] of lines.entries()) {
    if (line.debit.isZero() === line.credit.isZero()) return LedgerErrors.lineOneSide(index);
    const amount = line.debit.isZero() ? line.credit : line.debit;
    if (reversal ? !amount.isNegative() : !amount.isPositive()) return LedgerErrors.amountSign(index, reversal);
  }

  for (const [index, line] of lines.entries()) {
    if (!unionExists(line.unionId)) return LedgerErrors.unknownUnion(index, line.unionId);
    const account = accountByCode(line.accountCode);
    if (!account) return LedgerErrors.unknownAccount(index, line.accountCode);
    if (!account.postable) return LedgerErrors.accountNotPostable(index, line.accountCode);
  }

  const debit = sumMoney(lines.map((l) => l.debit));
  const credit = sumMoney(lines.map((l) => l.credit));
  if (!debit.equals(credit)) return LedgerErrors.unbalanced(formatMoney(debit), formatMoney(credit));
  // each line fits numeric(18,2), but their sum must too: the entry's total is stored and summed into balances
  if (debit.abs().greaterThan(MAX_AMOUNT)) return LedgerErrors.totalTooLarge(formatMoney(debit), formatMoney(MAX_AMOUNT));

  for (const [unionId, totals] of totalsByUnion(lines)) {
    if (!totals.debit.equals(totals.credit)) {
      return LedgerErrors.unbalancedUnion(unionId, formatMoney(totals.debit), formatMoney(totals.credit));
    }
  }
  return undefined;
}

export function totalsByUnion(lines: LineDraft[]): Map<string, { debit: Money; credit: Money }> {
  const totals = new Map<string, { debit: Money; credit: Money }>();
  for (const line of lines) {
    const current = totals.get(line.unionId) ?? { debit: ZERO, credit: ZERO };
    totals.set(line.unionId, { debit: current.debit.plus(line.debit), credit: current.credit.plus(line.credit) });
  }
  return totals;
}

/** Key of a (union, account) balance. */
export const balanceKey = (unionId: string, accountId: string) => `${unionId}/${accountId}`;

/**
 * The change an entry makes to each union's cash accounts (debit minus credit), for the cash guard. Only decreases
 * can break it, so only those are returned.
 */
export function cashDecreases(lines: LineDraft[], accountByCode: (code: string) => AccountInfo | undefined) {
  const change = new Map<string, { unionId: string; account: AccountInfo; delta: Money }>();
  for (const line of lines) {
    const account = accountByCode(line.accountCode);
    if (!account?.isCash) continue;
    const key = balanceKey(line.unionId, account.id);
    const current = change.get(key) ?? { unionId: line.unionId, account, delta: ZERO };
    change.set(key, { ...current, delta: current.delta.plus(line.debit).minus(line.credit) });
  }
  return [...change.values()].filter((c) => c.delta.isNegative());
}

/**
 * Rules 6–7, against the locked state of the books: the period is open, and no union's cash (bank or on hand) goes
 * below zero (invariant 3). `cashBalances` holds the current balance of every (union, cash account) that decreases.
 */
export function checkPosting(
  draft: EntryDraft,
  period: { status: string } | undefined,
  decreases: Array<{ unionId: string; account: AccountInfo; delta: Money }>,
  cashBalances: Map<string, Money>,
): DomainError | undefined {
  const { label } = periodOf(draft.date);
  if (!period) return LedgerErrors.periodNotOpen(label, 'not opened');
  if (period.status !== 'open') return LedgerErrors.periodNotOpen(label, period.status);
  for (const { unionId, account, delta } of decreases) {
    const available = cashBalances.get(balanceKey(unionId, account.id)) ?? ZERO;
    if (available.plus(delta).isNegative()) {
      return LedgerErrors.cashInsufficient(unionId, account.code, formatMoney(available), formatMoney(delta.negated()));
    }
  }
  return undefined;
}

/**
 * The mirror of a posted entry for 红字冲销: the same lines on the same sides with the amounts negated. A reversal in
 * a later year leaves the budget dimensions behind: the earlier year's budget execution stays as that year ended,
 * and the reversal counts as a refund of the year it falls in.
 */
export function reversalOf(lines: LineDraft[], laterYear = false): LineDraft[] {
  return lines.map((line) => ({
    ...line,
    ...(laterYear ? { budgetLineId: null, positiveListItemId: null } : {}),
    debit: line.debit.isZero() ? ZERO : line.debit.negated(),
    credit: line.credit.isZero() ? ZERO : line.credit.negated(),
  }));
}
