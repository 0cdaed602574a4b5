import { parentKindAllowed } from './union-hierarchy.js';

describe('union hierarchy', () => {
  it.each([
    ['grassroots', 'federation', true],
    ['grassroots', 'street', true],
    ['grassroots', 'grassroots', false],
    ['federation', 'street', true],
    ['federation', 'federation', false],
    ['federation', 'grassroots', false],
    ['street', 'street', false],
    ['street', 'federation', false],
    ['street', null, true],
    ['grassroots', null, true],
  ] as const)('a %s union under a %s parent: %s', (kind, parent, allowed) => {
    expect(parentKindAllowed(kind, parent)).toBe(allowed);
  });
});
