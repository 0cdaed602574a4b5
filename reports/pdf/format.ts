/**
 * Text helpers for the layouts: period and time labels, the printed form of an amount, and an exact sum of decimal
 * strings. Amounts arrive as the decimal strings the service returns ("1234.56", "-5.00") and every one printed goes
 * through formatAmount ("1,234.56", "-5.00"), the way the console and Chinese accounting forms print them; a sum is
 * made only where a layout shows one the model does not carry (a list's total), in whole fen with BigInt, never in
 * floating point.
 */

const MONTH = /^([0-9]{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^([0-9]{4})-Q([1-4])$/;
const AMOUNT = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;

/** "2026-03" → "2026年3月"; "2026-Q1" → "2026年第1季度"; anything else as it is. */
export function periodLabel(period: string): string {
  const month = MONTH.exec(period);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const quarter = QUARTER.exec(period);
  if (quarter) return `${quarter[1]}年第${quarter[2]}季度`;
  return period;
}

/** "2026-01", "2026-11" → "2026年1月—2026年11月"; one period when both ends are the same. */
export function periodRangeLabel(from: string, to: string): string {
  return from === to ? periodLabel(from) : `${periodLabel(from)}—${periodLabel(to)}`;
}

/** "2026-12-05" → "2026年12月5日"; anything else as it is. */
export function dateLabel(date: string): string {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : date;
}

/** China Standard Time has no daylight saving: UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An ISO instant as Beijing time, "2026-11-26 16:00:00"; a string that is no instant comes back as it is. */
export function beijingTime(iso: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  return new Date(instant + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Adds decimal strings exactly (fen as BigInt) and answers a decimal string with two places: "0.00" when empty. */
export function sumAmounts(amounts: Iterable<string>): string {
  let fen = 0n;
  for (const amount of amounts) fen += toFen(amount);
  return fromFen(fen);
}

/**
 * An amount as printed: thousands grouped with commas, exactly two decimals, a minus sign kept ("-1234.5" →
 * "-1,234.50"). Worked on the digits (BigInt fen), so no amount of numeric(18,2) loses a fen to a float. Anything that
 * is not a decimal amount (a label, a percentage, an amount already grouped) throws: a layout that printed it would
 * pass it off as money.
 */
export function formatAmount(amount: string): string {
  const plain = fromFen(toFen(amount));
  const negative = plain.startsWith('-');
  const [whole, fen] = (negative ? plain.slice(1) : plain).split('.');
  return `${negative ? '-' : ''}${groupThousands(whole)}.${fen}`;
}

function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  const groups = [digits.slice(0, head)];
  for (let index = head; index < digits.length; index += 3) groups.push(digits.slice(index, index + 3));
  return groups.join(',');
}

export function toFen(amount: string): bigint {
  const match = AMOUNT.exec(amount.trim());
  if (!match) throw new RangeError(`not a decimal amount: "${amount}"`);
  const whole = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -whole : whole;
}

export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const magnitude = fen < 0n ? -fen : fen;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

/** The first characters of a hash or id, for a narrow column. */
export function prefix(text: string | null | undefined, length: number): string {
  if (!text) return '';
  return text.length <= length ? text : text.slice(0, length);
}
