import { checkVoucher, fenToDecimal, formatAmount, formatFen, parseFen } from '../../web/src/money.js';

const A = 'union-a';
const B = 'union-b';
const line = (unionId: string, accountCode: string, debit = '', credit = '') => ({ unionId, accountCode, debit, credit });

describe('console amounts (web/src/money.ts)', () => {
  it.each([
    ['1234.5', 123450n],
    ['1,234.50', 123450n],
    ['1234', 123400n],
    ['0.07', 7n],
    [' 12. ', 1200n],
    ['', 0n],
    ['-1', null],
    ['1.234', null],
    ['12a', null],
  ])('parses %p as %p fen', (text, fen) => {
    expect(parseFen(text)).toBe(fen);
  });

  it('shows 1234.5 as 1,234.50 and hands the API 1234.50', () => {
    expect(formatFen(parseFen('1234.5')!)).toBe('1,234.50');
    expect(fenToDecimal(parseFen('1234.5')!)).toBe('1234.50');
    expect(formatFen(123456789012n)).toBe('1,234,567,890.12');
    expect(formatAmount('-20.5')).toBe('-20.50');
    expect(formatAmount('0.00')).toBe('0.00');
  });

  it('sums in fen, never in floats (0.1 + 0.2 is 0.30)', () => {
    const check = checkVoucher([line(A, '102', '0.1'), line(A, '102', '0.2'), line(A, '40201', '', '0.3')]);
    expect(check.totalDebit).toBe(30n);
    expect(check.problems).toEqual([]);
  });
});

describe('voucher check before submitting (the service guards, as the user types)', () => {
  it('accepts a voucher balanced in total and for each union, ignoring blank lines', () => {
    const check = checkVoucher([
      line(A, '102', '1234.5'),
      line(A, '40201', '', '1,234.50'),
      line(B, '102', '800'),
      line(B, '40201', '', '800'),
      line('', ''),
    ]);
    expect(check.problems).toEqual([]);
    expect(check.unions).toEqual([
      { unionId: A, debit: 123450n, credit: 123450n },
      { unionId: B, debit: 80000n, credit: 80000n },
    ]);
  });

  it('names each union that does not balance although the total does (分户核算)', () => {
    const check = checkVoucher([line(A, '102', '100'), line(B, '40201', '', '100')]);
    expect(check.problems).toEqual([
      { kind: 'unbalanced_union', unionId: A, debit: 10000n, credit: 0n },
      { kind: 'unbalanced_union', unionId: B, debit: 0n, credit: 10000n },
    ]);
  });

  it('refuses an empty voucher, incomplete lines, both sides on a line, no amount and a bad amount', () => {
    expect(checkVoucher([line('', '')]).problems).toEqual([{ kind: 'no_lines' }]);
    const kinds = checkVoucher([line(A, ''), line(A, '102', '1', '1'), line(A, '102'), line(A, '102', 'x')]).problems.map((p) => p.kind);
    expect(kinds).toEqual(['line_incomplete', 'no_amount', 'both_sides', 'no_amount', 'bad_amount']);
  });

  it('reports an unbalanced total with its amounts', () => {
    expect(checkVoucher([line(A, '102', '10'), line(A, '40201', '', '9.99')]).problems).toContainEqual({
      kind: 'unbalanced_total',
      debit: 1000n,
      credit: 999n,
    });
  });
});
