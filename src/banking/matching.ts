import { type Money, sumMoney } from '../common/money.js';

/**
 * Matching bank statement lines to the book (银行对账), pure. A book item is a posted entry's net movement of the
 * unified account (the sum of its 102 lines over all unions). Pairs are one to one: first where the bank reference
 * equals the one recorded with the receipt and the amounts agree, then equal amounts within `windowDays`, the
 * closest dates first, and last a whole batch of imported receipts against one bank line of their total (a bulk
 * transfer from the tax authority arrives as one credit).
 */
export interface BankLine {
  key: string;
  date: string;
  amount: Money;
  reference: string | null;
}

export interface BookItem {
  entryId: string;
  date: string;
  amount: Money;
  reference: string | null;
  /** Receipts imported together (one bulk transfer) share a batch. */
  batch?: string | null;
}

const days = (a: string, b: string) => Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;

export function matchStatement(lines: BankLine[], book: BookItem[], windowDays = 7): Array<{ key: string; entryId: string }> {
  const pairs: Array<{ key: string; entryId: string }> = [];
  const usedLines = new Set<string>();
  const usedEntries = new Set<string>();
  for (const line of lines) {
    if (!line.reference) continue;
    const item = book.find((b) => !usedEntries.has(b.entryId) && b.reference === line.reference && b.amount.equals(line.amount));
    if (item) {
      pairs.push({ key: line.key, entryId: item.entryId });
      usedLines.add(line.key);
      usedEntries.add(item.entryId);
    }
  }
  const candidates: Array<{ key: string; entryId: string; distance: number }> = [];
  for (const line of lines) {
    if (usedLines.has(line.key)) continue;
    for (const item of book) {
      if (usedEntries.has(item.entryId) || !item.amount.equals(line.amount)) continue;
      const distance = days(line.date, item.date);
      if (distance <= windowDays) candidates.push({ key: line.key, entryId: item.entryId, distance });
    }
  }
  candidates.sort((a, b) => a.distance - b.distance || (a.key < b.key ? -1 : 1));
  for (const candidate of candidates) {
    if (usedLines.has(candidate.key) || usedEntries.has(candidate.entryId)) continue;
    pairs.push({ key: candidate.key, entryId: candidate.entryId });
    usedLines.add(candidate.key);
    usedEntries.add(candidate.entryId);
  }
  const batches = new Map<string, BookItem[]>();
  for (const item of book) {
    if (item.batch && !usedEntries.has(item.entryId)) batches.set(item.batch, [...(batches.get(item.batch) ?? []), item]);
  }
  for (const line of lines) {
    if (usedLines.has(line.key)) continue;
    for (const [batch, items] of batches) {
      if (items.length < 2 || !sumMoney(items.map((i) => i.amount)).equals(line.amount)) continue;
      if (items.some((i) => days(i.date, line.date) > windowDays)) continue;
      for (const item of items) {
        pairs.push({ key: line.key, entryId: item.entryId });
        usedEntries.add(item.entryId);
      }
      usedLines.add(line.key);
      batches.delete(batch);
      break;
    }
  }
  return pairs;
}

export interface Reconciliation {
  bookBalance: Money;
  bankBalance: Money;
  /** Booked receipts the bank has not shown yet (未达账项: 企业已收银行未收). */
  depositsInTransit: BookItem[];
  /** Booked payments the bank has not paid yet (企业已付银行未付). */
  paymentsInTransit: BookItem[];
  /** Bank credits not booked yet (银行已收企业未收). */
  bankCreditsNotBooked: BankLine[];
  /** Bank debits not booked yet, such as fees (银行已付企业未付). */
  bankDebitsNotBooked: BankLine[];
  adjustedBook: Money;
  adjustedBank: Money;
  difference: Money;
}

/** 银行存款余额调节表: both balances adjusted by the items in transit meet when everything is accounted for. */
export function reconcile(bookBalance: Money, bankBalance: Money, unmatchedBook: BookItem[], unmatchedBank: BankLine[]): Reconciliation {
  const depositsInTransit = unmatchedBook.filter((b) => b.amount.greaterThan(0));
  const paymentsInTransit = unmatchedBook.filter((b) => b.amount.lessThan(0));
  const bankCreditsNotBooked = unmatchedBank.filter((l) => l.amount.greaterThan(0));
  const bankDebitsNotBooked = unmatchedBank.filter((l) => l.amount.lessThan(0));
  const adjustedBank = bankBalance.plus(sumMoney(depositsInTransit.map((b) => b.amount))).plus(sumMoney(paymentsInTransit.map((b) => b.amount)));
  const adjustedBook = bookBalance.plus(sumMoney(bankCreditsNotBooked.map((l) => l.amount))).plus(sumMoney(bankDebitsNotBooked.map((l) => l.amount)));
  return {
    bookBalance, bankBalance, depositsInTransit, paymentsInTransit, bankCreditsNotBooked, bankDebitsNotBooked,
    adjustedBook, adjustedBank, difference: adjustedBank.minus(adjustedBook),
  };
}
