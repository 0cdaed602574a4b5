import DecimalModule from 'decimal.js';
import type { Decimal as DecimalClass } from 'decimal.js';

// decimal.js ships CommonJS typings beside an ESM build whose default export is the class itself; under nodenext
// TypeScript reads the default import as the module object, so the class is recovered here once.
const Decimal = DecimalModule as unknown as typeof DecimalClass;
type Decimal = DecimalClass;

/**
 * Money is decimal.js in code, numeric(18,2) in the database and a decimal string in JSON ("1234.56"); never a
 * JavaScript number. Amounts carry fen (two places); rounding is half up and happens only where a rule says so.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Money = Decimal;

/** The largest amount numeric(18,2) holds. */
export const MAX_AMOUNT = new Money('9999999999999999.99');

/** A decimal string with at most two places, optionally negative: what the API accepts and the database returns. */
export const AMOUNT_PATTERN = /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$/;
export const POSITIVE_AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$/;

export function money(value: string | Decimal | number): Money {
  if (typeof value === 'number' && !Number.isInteger(value)) throw new TypeError('money from a fractional number');
  return new Money(value);
}

export const ZERO = new Money(0);

/** "1234.50" — always two places, never exponent notation. */
export function formatMoney(value: Decimal): string {
  return value.isZero() ? '0.00' : value.toFixed(2, Decimal.ROUND_HALF_UP);
}

export function sumMoney(values: Iterable<Decimal>): Money {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** Rounds to the fen, half up (四舍五入). */
export function roundToFen(value: Decimal): Money {
  return new Money(value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
}

/**
 * Splits `total` by `weights` so that the parts add up to the whole to the fen (invariant 6): each part is rounded
 * down to the fen, then the fen left over go one each to the parts with the largest remainders (ties to the
 * earlier part). Weights are non-negative and not all zero.
 */
export function allocate(total: Decimal, weights: Decimal[]): Money[] {
  if (weights.length === 0) throw new RangeError('nothing to allocate to');
  if (weights.some((w) => w.isNegative())) throw new RangeError('weights must not be negative');
  const weightSum = sumMoney(weights);
  if (weightSum.isZero()) throw new RangeError('weights must not all be zero');
  const sign = total.isNegative() ? -1 : 1;
  const fen = total.abs().times(100);
  if (!fen.isInteger()) throw new RangeError('total must be in whole fen');
  const exact = weights.map((w) => fen.times(w).dividedBy(weightSum));
  const floors = exact.map((e) => e.floor());
  let leftover = fen.minus(sumMoney(floors)).toNumber();
  const order = exact
    .map((e, index) => ({ index, remainder: e.minus(floors[index]) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  const parts = floors.slice();
  for (const { index } of order) {
    if (leftover <= 0) break;
    parts[index] = parts[index].plus(1);
    leftover -= 1;
  }
  return parts.map((p) => new Money(p.dividedBy(100).times(sign)));
}
