import { allocate, type Money, money, roundToFen, sumMoney, ZERO } from '../common/money.js';

/**
 * The arithmetic of dues (拨缴经费), pure: periods, the rule in effect, the assessment, its split between the
 * grassroots union and the levels above, and how a payment settles what is owed. Splits always add up to the whole
 * to the fen (invariant 6): they go through `allocate`, which gives the fen left over by rounding to the largest
 * remainders.
 */

export interface DuesPeriod {
  label: string;
  kind: 'month' | 'quarter';
  start: string;
  end: string;
}

const PERIOD = /^([0-9]{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;

export function parseDuesPeriod(label: string): DuesPeriod | undefined {
  const match = PERIOD.exec(label);
  if (!match) return undefined;
  const year = Number(match[1]);
  const firstMonth = match[2] ? Number(match[2]) : (Number(match[3]) - 1) * 3 + 1;
  const lastMonth = match[2] ? firstMonth : firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    label,
    kind: match[2] ? 'month' : 'quarter',
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(lastDay)}`,
  };
}

export function periodsOverlap(a: DuesPeriod, b: DuesPeriod): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export interface UpwardShare {
  levelName: string;
  share: Money;
  payableAccountCode: string;
}

export interface DuesRule {
  id: string;
  effectiveFrom: string;
  enterpriseClass: string | null;
  rate: Money;
  retainedShare: Money;
  preparationTransferShare: Money;
  upward: UpwardShare[];
}

/**
 * The rule in effect on a date for an enterprise: the latest one that has started, a rule naming the enterprise's
 * class before a general one.
 */
export function ruleInEffect(rules: DuesRule[], date: string, enterpriseClass: string | null): DuesRule | undefined {
  const started = rules.filter((r) => r.effectiveFrom <= date).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  return (enterpriseClass ? started.find((r) => r.enterpriseClass === enterpriseClass) : undefined) ?? started.find((r) => r.enterpriseClass === null);
}

/** 2% (the rule's rate) of the payroll, rounded half up to the fen. */
export function assessDues(totalPayroll: Money, rate: Money): Money {
  return roundToFen(totalPayroll.times(rate));
}

export interface DuesSplit {
  retained: Money;
  upward: Array<UpwardShare & { amount: Money }>;
}

/** Splits a paid amount into the union's retained share and each upper level's share. */
export function splitDues(amount: Money, rule: Pick<DuesRule, 'retainedShare' | 'upward'>): DuesSplit {
  const parts = allocate(amount, [rule.retainedShare, ...rule.upward.map((u) => u.share)]);
  return { retained: parts[0], upward: rule.upward.map((u, i) => ({ ...u, amount: parts[i + 1] })) };
}

export interface Owed {
  periodLabel: string;
  periodStart: string;
  owed: Money;
}

/**
 * Settles a payment against what is owed: the period the payer named first, then the oldest owed first. What is
 * left over is a credit held for the enterprise.
 */
export function settle(amount: Money, owed: Owed[], namedPeriod?: string | null): { paid: Array<{ periodLabel: string; amount: Money }>; credit: Money } {
  const order = owed
    .filter((o) => o.owed.greaterThan(0))
    .sort((a, b) => {
      if (namedPeriod && (a.periodLabel === namedPeriod) !== (b.periodLabel === namedPeriod)) return a.periodLabel === namedPeriod ? -1 : 1;
      return a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0;
    });
  let left = amount;
  const paid: Array<{ periodLabel: string; amount: Money }> = [];
  for (const period of order) {
    if (!left.greaterThan(0)) break; // not isPositive(): decimal.js counts zero as positive
    const take = left.lessThan(period.owed) ? left : period.owed;
    paid.push({ periodLabel: period.periodLabel, amount: take });
    left = left.minus(take);
  }
  return { paid, credit: left };
}

/** What moves to a newly founded union of the preparation funds held for its enterprise, and what stays owed upward. */
export function preparationTransfer(held: Money, transferShare: Money): { transferred: Money; remainder: Money } {
  if (held.isZero()) return { transferred: ZERO, remainder: ZERO };
  if (transferShare.equals(1)) return { transferred: held, remainder: ZERO };
  if (transferShare.isZero()) return { transferred: ZERO, remainder: held };
  const [transferred, remainder] = allocate(held, [transferShare, money(1).minus(transferShare)]);
  return { transferred, remainder };
}

export const total = (values: Money[]) => sumMoney(values);
