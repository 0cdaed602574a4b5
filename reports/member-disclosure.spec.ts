import { pageFurnitureProblems, readPdf } from '../test/support/pdf-text.js';
import { renderMemberDisclosure } from './member-disclosure.js';
import { formatAmount } from './pdf/format.js';
import { sampleMemberDisclosure, sampleMeta } from './samples.js';

describe('财务公开 (member disclosure)', () => {
  it('tells the members the income and spending by category, the totals and the fund balance', async () => {
    const model = sampleMemberDisclosure();
    const meta = sampleMeta('财务公开');
    const { text } = await readPdf(renderMemberDisclosure(model, meta));
    expect(text.pageCount).toBe(1);
    expect(pageFurnitureProblems(text, meta)).toEqual([]);
    const lines = text.pages[0].lines;
    expect(lines).toEqual(expect.arrayContaining([model.unionName, '经费收支情况公示', '（2026年1月—2026年11月）']));
    expect(text.text).toContain('现将本会2026年1月—2026年11月');
    expect(lines).toContain('1 会费收入 20,460.00 会员 186 人');
    expect(lines).toContain('3 业务支出 9,870.50 会员培训、办公用品');
    expect(lines).toContain(`收入合计 ${formatAmount(model.totalIncome)}`);
    expect(lines).toContain(`支出合计 ${formatAmount(model.totalExpenditure)}`);
    expect(lines).toContain([model.fundBalanceStart, model.totalIncome, model.totalExpenditure, model.fundBalanceEnd].map(formatAmount).join(' '));
    expect(lines).toContain('315,700.00 158,220.00 78,170.50 395,749.50');
    expect(text.text).toContain('本期收入 158,220.00 元，支出 78,170.50 元；期末经费结余 395,749.50 元。');
    expect(text.text).toContain(`期末经费结余 ${formatAmount(model.fundBalanceEnd)} 元`);
    expect(text.text).toContain('经审委员会 王丽');
    expect(lines).toContain('2026年12月5日');
  });
});
