import { canonicalJson } from './canonical-json.js';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys at every depth and drops white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('sorts keys by UTF-16 code units, not by locale', () => {
    // "é" (U+00E9) sorts after "z"; "€" (U+20AC) after both; an astral character by its surrogates (U+D83D)
    expect(canonicalJson({ '€': 1, z: 2, é: 3, '😀': 4, A: 5 })).toBe('{"A":5,"z":2,"é":3,"€":1,"😀":4}');
  });

  it('escapes strings as JSON.stringify does and keeps Chinese as it is', () => {
    expect(canonicalJson({ name: '工会"经费"\n\u0001' })).toBe('{"name":"工会\\"经费\\"\\n\\u0001"}');
  });

  it('writes numbers in their shortest ECMAScript form', () => {
    expect(canonicalJson([1, 1.5, -0, 1e21, 12345678901234])).toBe('[1,1.5,0,1e+21,12345678901234]');
  });

  it('omits undefined members like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
