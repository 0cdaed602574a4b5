import { foundingRatePercent, monthIndex, monthsBack, monthsBetween, monthsOfYear } from './overview-rules.js';

describe('overview rules', () => {
  it('lists the months of a span, both ends included, across years', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-04', '2026-03')).toEqual([]);
    expect(() => monthsBetween('2026-13', '2026-12')).toThrow(RangeError);
  });

  it('gives a year its twelve months', () => {
    const months = monthsOfYear(2026);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2026-01');
    expect(months[11]).toBe('2026-12');
  });

  it('counts back so that the two months span the count', () => {
    expect(monthsBack('2026-03', 12)).toBe('2025-04');
    expect(monthsBetween(monthsBack('2026-03', 12), '2026-03')).toHaveLength(12);
    expect(monthsBack('2026-01', 1)).toBe('2026-01');
  });

  it('orders months by their index', () => {
    expect(monthIndex('2026-01')! - monthIndex('2025-12')!).toBe(1);
    expect(monthIndex('2026-1')).toBeUndefined();
  });

  it.each([
    [0, 0, null],
    [0, 3, '0.00'],
    [3, 3, '100.00'],
    [2, 3, '66.67'], // 66.666… rounds up
    [1, 3, '33.33'], // 33.333… rounds down
    [1, 8, '12.50'],
    [1, 16, '6.25'],
    [1, 400, '0.25'],
    [1, 800, '0.13'], // 0.125 half up
    [1, 7, '14.29'],
  ])('建会率 of %i enterprises with a union among %i is %s per cent, half up to two places', (withUnion, enterprises, rate) => {
    expect(foundingRatePercent(withUnion, enterprises)).toBe(rate);
  });

  it('refuses counts that cannot be', () => {
    expect(() => foundingRatePercent(4, 3)).toThrow(RangeError);
    expect(() => foundingRatePercent(-1, 3)).toThrow(RangeError);
    expect(() => foundingRatePercent(1.5, 3)).toThrow(RangeError);
  });
});
