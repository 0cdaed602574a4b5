import { csvCell, toCsv } from './csv.js';

describe('CSV', () => {
  it('quotes what needs quoting', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('makes formulas inert: an apostrophe first and the field quoted (OWASP)', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("+cmd|' /C calc'!A0")).toBe(`"'+cmd|' /C calc'!A0"`);
    expect(csvCell('@SUM(1)')).toBe(`"'@SUM(1)"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('-x')).toBe(`"'-x"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=1')).toBe(`"'=1"`);
  });

  it('guards the full-width forms too', () => {
    expect(csvCell('＝1+1')).toBe(`"'＝1+1"`);
    expect(csvCell('＋1')).toBe(`"'＋1"`);
    expect(csvCell('－1')).toBe(`"'－1"`);
    expect(csvCell('＠SUM(1)')).toBe(`"'＠SUM(1)"`);
  });

  it('leaves plain decimal numbers alone, negative ones included, so amount columns stay numbers', () => {
    expect(csvCell('-1234.50')).toBe('-1234.50');
    expect(csvCell('-20.00')).toBe('-20.00');
    expect(csvCell('-3')).toBe('-3');
    expect(csvCell('0.00')).toBe('0.00');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12)).toBe('12');
    // not a plain decimal: guarded
    expect(csvCell('-1e5')).toBe(`"'-1e5"`);
    expect(csvCell('-1.')).toBe(`"'-1."`);
  });

  it('leaves text that merely contains a formula character alone', () => {
    expect(csvCell('工会=经费')).toBe('工会=经费');
    expect(csvCell('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(csvCell(' =1')).toBe(' =1');
  });

  it('guards the header row as well', () => {
    expect(toCsv(['=A1'], [])).toBe(`\uFEFF"'=A1"\r\n`);
  });

  it('starts with a byte-order mark and ends rows with CRLF', () => {
    expect(toCsv(['科目', '金额'], [['银行存款', '1.00']])).toBe('\uFEFF科目,金额\r\n银行存款,1.00\r\n');
  });
});
