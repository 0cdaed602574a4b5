/**
 * 统一社会信用代码 checked in the form as the API checks it (GB 32100-2015; src/org/uscc.ts): 18 characters of a
 * 31-character alphabet, the last a check character over the first 17. Pure (test/console/uscc.spec.ts).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** Why a code is not a valid USCC, in Chinese; null when it is valid. */
export function usccMessage(text: string): string | null {
  const code = text.trim().toUpperCase();
  if (code.length !== 18) return `统一社会信用代码应为 18 位（现为 ${code.length} 位）。`;
  if (!SHAPE.test(code)) return '统一社会信用代码只含数字和大写字母（不含 I、O、S、V、Z）。';
  let total = 0;
  for (let i = 0; i < 17; i += 1) total += ALPHABET.indexOf(code[i]) * WEIGHTS[i];
  const check = ALPHABET[(31 - (total % 31)) % 31];
  return check === code[17] ? null : `统一社会信用代码校验位不符（第 18 位应为 ${check}），请核对。`;
}
