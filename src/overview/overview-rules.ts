import { Money } from '../common/money.js';

/**
 * Pure rules of the centre overview (经费概览): the months a chart covers and the founding rate (建会率). No database.
 */

/** The most months the founding-rate series covers in one request (ten years). */
export const MAX_RATE_MONTHS = 120;

const MONTH = /^([0-9]{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → months since year 0 (for distances and ordering); undefined when not a month. */
export function monthIndex(month: string): number | undefined {
  const match = MONTH.exec(month);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : undefined;
}

function monthOfIndex(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included, in order ([] when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const first = monthIndex(from);
  const last = monthIndex(to);
  if (first === undefined || last === undefined) throw new RangeError(`not a month: ${first === undefined ? from : to}`);
  const months: string[] = [];
  for (let index = first; index <= last; index += 1) months.push(monthOfIndex(index));
  return months;
}

/** The twelve months of a year. */
export function monthsOfYear(year: number): string[] {
  return monthsBetween(`${year}-01`, `${year}-12`);
}

/** The month `count - 1` months before `month` (so that the two span `count` months). */
export function monthsBack(month: string, count: number): string {
  const index = monthIndex(month);
  if (index === undefined) throw new RangeError(`not a month: ${month}`);
  return monthOfIndex(index - count + 1);
}

/**
 * 建会率 of a month: the enterprises with a union at the month's end, in per cent of the enterprises known at its end,
 * rounded half up to two places ('66.67'); null when there is no enterprise (no rate, rather than 0%). The counts
 * themselves are exact and go beside it, so the rate is the only rounded figure and its rounding is this one.
 */
export function foundingRatePercent(withUnion: number, enterprises: number): string | null {
  if (!Number.isInteger(withUnion) || !Number.isInteger(enterprises) || withUnion < 0 || withUnion > enterprises) {
    throw new RangeError(`bad counts: ${withUnion} of ${enterprises}`);
  }
  if (enterprises === 0) return null;
  return new Money(withUnion).times(100).dividedBy(enterprises).toFixed(2, Money.ROUND_HALF_UP);
}
