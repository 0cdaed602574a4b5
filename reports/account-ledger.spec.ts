import { pageFurnitureProblems, readPdf } from '../test/support/pdf-text.js';
import { renderAccountLedger } from './account-ledger.js';
import { formatAmount } from './pdf/format.js';
import { sampleAccountLedger, sampleMeta } from './samples.js';

describe('明细账 (account detail ledger)', () => {
  const meta = sampleMeta('明细账');

  it('prints the account, the opening balance, each posting with its running balance and the period totals', async () => {
    const model = sampleAccountLedger(12);
    const { text } = await readPdf(renderAccountLedger(model, meta));
    expect(text.pageCount).toBe(1);
    expect(text.text).toContain('科目：102 银行存款 余额方向：借');
    const lines = text.pages[0].lines;
    expect(lines).toContain('日期 凭证号 摘要 借方金额 贷方金额 余额');
    expect(lines).toContain('期初余额 50,000.00');
    // The first posting, as printed: 1,000.00 in, the balance 51,000.00.
    expect(lines).toContain('2026-01-01 1 收到杭州云帆网络科技有限公司2026年3月工 1,000.00 0.00 51,000.00');
    for (const row of model.rows.filter((r) => r.memo.length < 15)) {
      expect(lines).toContain([row.date, row.entryNumber, row.memo, ...[row.debit, row.credit, row.balance].map(formatAmount)].join(' '));
    }
    expect(lines).toContain(['本期合计', ...[model.periodDebit, model.periodCredit, model.closingBalance].map(formatAmount)].join(' '));
  });

  it('grows to more pages with 300 postings, every page with the column heads, the last with the totals', async () => {
    const model = sampleAccountLedger(300);
    const { text } = await readPdf(renderAccountLedger(model, meta));
    expect(text.pageCount).toBeGreaterThanOrEqual(8);
    expect(pageFurnitureProblems(text, meta)).toEqual([]);
    text.pages.forEach((page) => expect(page.lines).toContain('日期 凭证号 摘要 借方金额 贷方金额 余额'));
    text.pages.slice(1).forEach((page) => expect(page.text).toContain('明细账 102 银行存款（续）'));
    const dated = text.pages.flatMap((page) => page.lines).filter((line) => /^2026-\d\d-\d\d \d+ /.test(line));
    expect(dated).toHaveLength(300); // every posting once, none lost at a page break
    expect(text.pages.at(-1)?.lines).toContain(['本期合计', ...[model.periodDebit, model.periodCredit, model.closingBalance].map(formatAmount)].join(' '));
  });
});
