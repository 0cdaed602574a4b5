import fc from 'fast-check';
import { isValidUscc, USCC_ALPHABET, usccCheckCharacter } from './uscc.js';

const first17 = fc.array(fc.constantFrom(...USCC_ALPHABET.split('')), { minLength: 17, maxLength: 17 }).map((c) => c.join(''));

describe('USCC check character (properties)', () => {
  it('completes any 17 characters of the alphabet into a valid code', () => {
    fc.assert(fc.property(first17, (body) => isValidUscc(body + usccCheckCharacter(body))));
  });

  it('catches any single wrong character and any swap of two different neighbours', () => {
    fc.assert(
      fc.property(first17, fc.nat(17), fc.nat(30), (body, position, shift) => {
        const code = body + usccCheckCharacter(body);
        const index = USCC_ALPHABET.indexOf(code[position]);
        const replacement = USCC_ALPHABET[(index + 1 + (shift % 30)) % 31];
        const altered = code.slice(0, position) + replacement + code.slice(position + 1);
        return !isValidUscc(altered);
      }),
    );
  });
});
