import { absFen, signedFen, sumFen } from '../../web/src/signed-fen.js';

describe('signed amounts in fen', () => {
  it('reads the API’s signed decimal strings', () => {
    expect(signedFen('-5.00')).toBe(-500n);
    expect(signedFen('1234.5')).toBe(123450n);
    expect(signedFen('-1,234.56')).toBe(-123456n);
    expect(signedFen('0.00')).toBe(0n);
    expect(signedFen('abc')).toBeNull();
    expect(signedFen('--1')).toBeNull();
  });

  it('sums without a float: 0.1 + 0.2 is 0.30 to the fen', () => {
    expect(sumFen(['0.10', '0.20'])).toBe(30n);
    expect(sumFen(['18600.00', '-2380.00', '-5.00'])).toBe(1621500n);
    expect(sumFen([])).toBe(0n);
    expect(absFen(-500n)).toBe(500n);
  });
});
