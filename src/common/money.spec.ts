import { allocate, formatMoney, money, roundToFen, sumMoney } from './money.js';

describe('money', () => {
  it('formats with two places and no exponent', () => {
    expect(formatMoney(money('1234.5'))).toBe('1234.50');
    expect(formatMoney(money('0.1').plus('0.2'))).toBe('0.30');
    expect(formatMoney(money('9999999999999999.99'))).toBe('9999999999999999.99');
    expect(formatMoney(money('-0.5'))).toBe('-0.50');
  });

  it('rounds half up to the fen', () => {
    expect(formatMoney(roundToFen(money('2.345')))).toBe('2.35');
    expect(formatMoney(roundToFen(money('2.344999')))).toBe('2.34');
    expect(formatMoney(roundToFen(money('-2.345')))).toBe('-2.35');
  });

  it('refuses fractional JavaScript numbers', () => {
    expect(() => money(0.1)).toThrow(TypeError);
  });

  it.each([
    ['100.00', ['60', '40'], ['60.00', '40.00']],
    ['0.01', ['60', '40'], ['0.01', '0.00']],
    ['0.03', ['1', '1', '1'], ['0.01', '0.01', '0.01']],
    ['100.00', ['1', '1', '1'], ['33.34', '33.33', '33.33']],
    ['10.00', ['60', '25', '15'], ['6.00', '2.50', '1.50']],
    ['-100.00', ['1', '1', '1'], ['-33.34', '-33.33', '-33.33']],
  ])('allocates %s by %j as %j', (total, weights, expected) => {
    const parts = allocate(money(total), weights.map((w) => money(w)));
    expect(parts.map(formatMoney)).toEqual(expected);
    expect(formatMoney(sumMoney(parts))).toBe(formatMoney(money(total)));
  });

  it('refuses what cannot be allocated', () => {
    expect(() => allocate(money('1.00'), [])).toThrow(RangeError);
    expect(() => allocate(money('1.00'), [money(0)])).toThrow(RangeError);
    expect(() => allocate(money('1.001'), [money(1)])).toThrow(RangeError);
  });
});
