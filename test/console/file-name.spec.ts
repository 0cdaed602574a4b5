import { safeFilename } from '../../web/src/file-name.js';

describe('download file names', () => {
  it('keep stored text to one plain file name', () => {
    expect(safeFilename('拨缴对账单-<img src=x onerror=alert(1)>-2026.xlsx')).toBe('拨缴对账单-_img src=x onerror=alert(1)_-2026.xlsx');
    expect(safeFilename('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFilename('a\\b:c*d?e"f|g\r\nh\u0000.csv')).toBe('a_b_c_d_e_f_g__h_.csv');
    expect(safeFilename('..')).toBe('download');
    expect(safeFilename('=HYPERLINK("x").refused.csv')).toBe('=HYPERLINK(_x_).refused.csv');
    expect(safeFilename('明细账-102-2026-01-2026-03.pdf')).toBe('明细账-102-2026-01-2026-03.pdf');
  });

});
