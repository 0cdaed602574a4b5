import { beijingTime, dateLabel, fromFen, periodLabel, periodRangeLabel, sumAmounts, toFen } from './format.js';

describe('report text helpers', () => {
  it.each([
    ['2026-03', '2026年3月'],
    ['2026-11', '2026年11月'],
    ['2026-Q1', '2026年第1季度'],
    ['全年', '全年'],
  ])('periodLabel(%s) is %s', (period, label) => expect(periodLabel(period)).toBe(label));

  it('labels a range of months, or one month', () => {
    expect(periodRangeLabel('2026-01', '2026-11')).toBe('2026年1月—2026年11月');
    expect(periodRangeLabel('2026-11', '2026-11')).toBe('2026年11月');
  });

  it('prints instants as Beijing time (UTC+8, no daylight saving) and dates in Chinese', () => {
    expect(beijingTime('2026-11-26T08:00:00.000Z')).toBe('2026-11-26 16:00:00');
    expect(beijingTime('2026-12-31T20:30:05Z')).toBe('2027-01-01 04:30:05');
    expect(beijingTime('not a time')).toBe('not a time');
    expect(dateLabel('2026-12-05')).toBe('2026年12月5日');
  });

  it('adds decimal strings exactly, in fen', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['1234.5', '-5.00', '0'])).toBe('1229.50');
    expect(sumAmounts(['-0.01'])).toBe('-0.01');
    expect(sumAmounts([])).toBe('0.00');
    expect(sumAmounts(['9999999999999999.99', '0.01'])).toBe('10000000000000000.00');
    expect(fromFen(toFen('-12.34'))).toBe('-12.34');
    expect(() => toFen('1,234.00')).toThrow(RangeError);
    expect(() => toFen('1.234')).toThrow(RangeError);
  });
});
