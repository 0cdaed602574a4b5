/**
 * Amounts in the console: the API speaks decimal strings ('1234.50'); the form works in whole fen (BigInt), so no
 * sum ever passes through a binary float. Pure: no Vue, no DOM (tested by jest in test/console/money.spec.ts).
 */

const AMOUNT = /^\s*(\d{1,16})(?:\.(\d{0,2}))?\s*$/;

/** '1234.5', '1,234.50', '1234' → 123450n fen; '' → 0n; anything else (negative, three decimals, letters) → null. */
export function parseFen(text: string): bigint | null {
  const plain = text.replace(/[,，\s]/g, '');
  if (plain === '') return 0n;
  const match = AMOUNT.exec(plain);
  if (!match) return null;
  const [, yuan, fen = ''] = match;
  return BigInt(yuan) * 100n + BigInt((fen + '00').slice(0, 2));
}

/** 123450n → '1234.50' (the API's form). */
export function fenToDecimal(fen: bigint): string {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const text = `${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** 123450n → '1,234.50' (thousands separated, as an accountant reads it). */
export function formatFen(fen: bigint): string {
  const [whole, cents] = fenToDecimal(fen).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents}`;
}

/** A decimal string of the API ('1234.5', '-20.00') → '1,234.50'. */
export function formatAmount(decimal: string | null | undefined): string {
  if (decimal === null || decimal === undefined || decimal === '') return '';
  const negative = decimal.trim().startsWith('-');
  const fen = parseFen(negative ? decimal.trim().slice(1) : decimal);
  if (fen === null) return decimal;
  return formatFen(negative ? -fen : fen);
}

export interface DraftLine {
  unionId: string;
  accountCode: string;
  debit: string;
  credit: string;
}

export interface UnionBalance {
  unionId: string;
  debit: bigint;
  credit: bigint;
}

export interface VoucherCheck {
  /** Per union on the voucher, in the order the unions first appear. */
  unions: UnionBalance[];
  totalDebit: bigint;
  totalCredit: bigint;
  /** Empty when the voucher may be submitted; otherwise each reason, in the order the service checks them. */
  problems: VoucherProblem[];
}

export type VoucherProblem =
  | { kind: 'no_lines' }
  | { kind: 'line_incomplete'; lineNo: number }
  | { kind: 'bad_amount'; lineNo: number }
  | { kind: 'both_sides'; lineNo: number }
  | { kind: 'no_amount'; lineNo: number }
  | { kind: 'unbalanced_total'; debit: bigint; credit: bigint }
  | { kind: 'unbalanced_union'; unionId: string; debit: bigint; credit: bigint };

/** Lines left wholly empty are ignored (the form always keeps a blank line to type into). */
export function isBlankLine(line: DraftLine): boolean {
  return !line.unionId && !line.accountCode && !line.debit.trim() && !line.credit.trim();
}

/**
 * What the service's posting guards would say about a draft (LEDGER.* in the README), checked as the user types:
 * every line complete, one side per line, balanced in total and for every union (分户核算).
 */
export function checkVoucher(lines: DraftLine[]): VoucherCheck {
  const problems: VoucherProblem[] = [];
  const unions = new Map<string, UnionBalance>();
  let totalDebit = 0n;
  let totalCredit = 0n;
  let counted = 0;
  lines.forEach((line, index) => {
    if (isBlankLine(line)) return;
    counted += 1;
    const lineNo = index + 1;
    const debit = parseFen(line.debit);
    const credit = parseFen(line.credit);
    if (!line.unionId || !line.accountCode) problems.push({ kind: 'line_incomplete', lineNo });
    if (debit === null || credit === null) {
      problems.push({ kind: 'bad_amount', lineNo });
      return;
    }
    if (debit > 0n && credit > 0n) problems.push({ kind: 'both_sides', lineNo });
    if (debit === 0n && credit === 0n) problems.push({ kind: 'no_amount', lineNo });
    totalDebit += debit;
    totalCredit += credit;
    if (line.unionId) {
      const balance = unions.get(line.unionId) ?? { unionId: line.unionId, debit: 0n, credit: 0n };
      balance.debit += debit;
      balance.credit += credit;
      unions.set(line.unionId, balance);
    }
  });
  if (counted === 0) problems.push({ kind: 'no_lines' });
  if (totalDebit !== totalCredit) problems.push({ kind: 'unbalanced_total', debit: totalDebit, credit: totalCredit });
  for (const balance of unions.values()) {
    if (balance.debit !== balance.credit) problems.push({ kind: 'unbalanced_union', ...balance });
  }
  return { unions: [...unions.values()], totalDebit, totalCredit, problems };
}

/**
 * A decimal string as a number for a chart's drawing (bar heights, axis ticks) and nothing else: no sum, total or
 * stored value is ever made from it. Tooltips and tables print the API's own decimal text.
 */
export function amountForChart(decimal: string | null | undefined): number {
  const value = Number(decimal ?? 0);
  return Number.isFinite(value) ? value : 0;
}
