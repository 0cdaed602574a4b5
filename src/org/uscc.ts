/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character alphabet (digits and
 * capitals without I, O, S, V, Z). Character 18 is a check character over the first 17, with weights 3^(i-1) mod 31:
 * check = (31 - Σ value(c_i)·w_i mod 31) mod 31. The same rule is a CHECK constraint in the database.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** The check character for the first 17 characters, or undefined if they hold a character outside the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let total = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_ALPHABET.indexOf(first17[i]);
    if (value < 0) return undefined;
    total += value * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (total % 31)) % 31];
}

export type UsccProblem = 'length' | 'alphabet' | 'check-character';

/** Why a code is not a valid USCC, or undefined when it is. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'alphabet';
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? undefined : 'check-character';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === undefined;
}
