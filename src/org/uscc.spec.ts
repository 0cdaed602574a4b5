import { isValidUscc, usccCheckCharacter, usccProblem } from './uscc.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts published codes of real organisations', () => {
    // codes printed on public business licences
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91110000802100433B')).toBe(true);
  });

  it.each([
    ['91350100M000100Y44', 'check-character'],
    ['91350100M000100Y4', 'length'],
    ['91350100M000100Y433', 'length'],
    ['91350100M000100I43', 'alphabet'],
    ['91350100m000100Y43', 'alphabet'],
    ['91350100M000100O43', 'alphabet'],
    ['', 'length'],
  ])('refuses %s (%s)', (code, problem) => {
    expect(usccProblem(code)).toBe(problem);
    expect(isValidUscc(code)).toBe(false);
  });

  it('computes a check character that is 0 when the weighted sum is a multiple of 31', () => {
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
  });

  it('detects every single-character substitution of a valid code', () => {
    const valid = '91350100M000100Y43';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let position = 0; position < 18; position += 1) {
      for (const replacement of alphabet) {
        if (replacement === valid[position]) continue;
        const altered = valid.slice(0, position) + replacement + valid.slice(position + 1);
        expect(isValidUscc(altered)).toBe(false);
      }
    }
  });
});
