import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';

describe('canonical JSON (properties)', () => {
  it('is valid JSON that parses back to the same value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const parsed = JSON.parse(canonicalJson(value));
      return canonicalJson(parsed) === canonicalJson(value);
    }));
  });

  it('does not depend on the order in which object members were written', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
      const reversed = Object.fromEntries(Object.entries(object).reverse());
      return canonicalJson(reversed) === canonicalJson(object);
    }));
  });
});
