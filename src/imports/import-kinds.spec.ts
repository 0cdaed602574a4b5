import { columnsOf, refusedCsv } from './import-kinds.js';

describe('import kinds', () => {
  it('name the columns each kind must have', () => {
    expect(columnsOf('payroll').required).toEqual(['uscc', 'period', 'totalPayroll']);
    expect(columnsOf('receipts').required).toEqual(['uscc', 'amount', 'receivedOn']);
    expect(columnsOf('bank').required).toEqual(['date', 'balance']);
    expect(columnsOf('receipts').aliases['入库金额']).toBe('amount');
  });

  it('write the refused rows as CSV with a BOM: the file’s columns, then row and reason; formulas stay inert', () => {
    const csv = refusedCsv(['uscc', 'amount'], [
      { rowNumber: 3, values: { uscc: 'BAD', amount: '1.00' }, reason: 'uscc is not a valid unified social credit code' },
      { rowNumber: 7, values: { uscc: '=HYPERLINK("x")' }, reason: '金额, 格式错误' },
    ]);
    expect(csv).toBe(
      '\uFEFFuscc,amount,row,reason\r\n' +
        'BAD,1.00,3,uscc is not a valid unified social credit code\r\n' +
        `"'=HYPERLINK(""x"")",,7,"金额, 格式错误"\r\n`,
    );
  });
});
