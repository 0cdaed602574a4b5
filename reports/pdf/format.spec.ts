import { beijingTime, dateLabel, formatAmount, fromFen, periodLabel, periodRangeLabel, sumAmounts, toFen } from './format.js';

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

  it.each([
    ['0.00', '0.00'],
    ['0', '0.00'],
    ['-0.00', '0.00'],
    ['-0.01', '-0.01'],
    ['5', '5.00'],
    ['12.3', '12.30'],
    ['999.99', '999.99'],
    ['1000.00', '1,000.00'],
    ['-1234.5', '-1,234.50'],
    ['12345.67', '12,345.67'],
    ['123456.00', '123,456.00'],
    ['1234567.50', '1,234,567.50'],
    ['-100000000.00', '-100,000,000.00'],
    ['0001234.00', '1,234.00'],
    [' 42.10 ', '42.10'],
    ['9999999999999999.99', '9,999,999,999,999,999.99'],
    ['-9999999999999999.99', '-9,999,999,999,999,999.99'],
    ['123456789012345678901234.56', '123,456,789,012,345,678,901,234.56'],
  ])('formatAmount(%j) prints %s', (amount, printed) => expect(formatAmount(amount)).toBe(printed));

  it('keeps every digit of amounts past what a float holds', () => {
    // Through a JS number these come out as 90071992547409.94 and 10000000000000000.00.
    expect(formatAmount('90071992547409.93')).toBe('90,071,992,547,409.93');
    expect(formatAmount('9999999999999999.99')).not.toBe(formatAmount('10000000000000000.00'));
  });

  it.each(['', '-', '.50', '1,234.00', '1.234', '12.3.4', '1e6', '+5.00', 'NaN', '—', '37.50%', '１２.００', '0x10'])(
    'refuses %j, which is no decimal amount',
    (text) => expect(() => formatAmount(text)).toThrow(RangeError),
  );
});
