import { csvCell, toCsv } from './csv.js';

describe('CSV', () => {
  it('quotes what needs quoting', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
  });

  it('makes formulas inert but keeps negative amounts', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-1234.50')).toBe('-1234.50');
    expect(csvCell('-x')).toBe("'-x");
  });

  it('starts with a byte-order mark and ends rows with CRLF', () => {
    expect(toCsv(['科目', '金额'], [['银行存款', '1.00']])).toBe('\uFEFF科目,金额\r\n银行存款,1.00\r\n');
  });
});
