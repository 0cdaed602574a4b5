/**
 * Signed amounts of the API ('-5.00', '1234.50') in whole fen, for comparing and summing in the browser without a
 * binary float (money.ts's parseFen reads what a user types, which is never negative). Pure, no imports.
 */

const SIGNED_AMOUNT = /^\s*(-?)(\d{1,16})(?:\.(\d{0,2}))?\s*$/;

/** '-1,234.50' → -123450n; a text that is no amount → null. */
export function signedFen(decimal: string): bigint | null {
  const match = SIGNED_AMOUNT.exec(decimal.replace(/,/g, ''));
  if (!match) return null;
  const [, sign, yuan, cents = ''] = match;
  const fen = BigInt(yuan) * 100n + BigInt((cents + '00').slice(0, 2));
  return sign ? -fen : fen;
}

/** Σ of decimal strings, in fen (an unreadable one counts as nothing). */
export function sumFen(decimals: readonly string[]): bigint {
  let sum = 0n;
  for (const decimal of decimals) sum += signedFen(decimal) ?? 0n;
  return sum;
}

export function absFen(fen: bigint): bigint {
  return fen < 0n ? -fen : fen;
}
