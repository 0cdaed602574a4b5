import { pageFurnitureProblems, readPdf } from '../test/support/pdf-text.js';
import { formatAmount } from './pdf/format.js';
import { sampleMeta, sampleTrialBalance } from './samples.js';
import { renderTrialBalance } from './trial-balance.js';

describe('科目余额表 (trial balance)', () => {
  const meta = sampleMeta('科目余额表');

  it('prints the title, the column groups, every account and the totals the model gives', async () => {
    const model = sampleTrialBalance();
    const { text } = await readPdf(renderTrialBalance(model, meta));
    expect(text.pageCount).toBe(1);
    const lines = text.pages[0].lines;
    expect(lines[0]).toBe('科目余额表');
    expect(lines).toContain('期初余额 本期发生额 期末余额');
    expect(lines).toContain('借方 贷方 借方 贷方 借方 贷方');
    expect(lines).toContain('102 银行存款 356,000.00 0.00 158,220.00 80,096.83 434,123.17 0.00');
    for (const row of model.rows) {
      const amounts = [row.openingDebit, row.openingCredit, row.periodDebit, row.periodCredit, row.closingDebit, row.closingCredit];
      expect(lines).toContain([row.code, row.name, ...amounts.map(formatAmount)].join(' '));
    }
    const t = model.totals;
    const totals = [t.openingDebit, t.openingCredit, t.periodDebit, t.periodCredit, t.closingDebit, t.closingCredit];
    expect(lines).toContain(['合计', ...totals.map(formatAmount)].join(' '));
    expect(text.text).toContain('试算平衡');
  });

  it('says so when the trial balance does not balance', async () => {
    const model = { ...sampleTrialBalance(), balanced: false };
    const { text } = await readPdf(renderTrialBalance(model, meta));
    expect(text.text).toContain('借贷不平衡，请核查');
  });

  it('runs onto more pages for a long chart, the column heads and the header and footer on each', async () => {
    const short = await readPdf(renderTrialBalance(sampleTrialBalance(), meta));
    const long = await readPdf(renderTrialBalance(sampleTrialBalance(300), meta));
    expect(long.text.pageCount).toBeGreaterThan(short.text.pageCount + 5);
    long.text.pages.filter((page) => page.text.includes('其他应收款')).forEach((page) => expect(page.lines).toContain('借方 贷方 借方 贷方 借方 贷方'));
    long.text.pages.slice(1).forEach((page) => expect(page.text).toContain('科目余额表（续）'));
    expect(pageFurnitureProblems(long.text, meta, '2026-11-26 16:00:00')).toEqual([]);
    expect(long.text.text).toContain('合计 357,700.00 357,700.00 301,390.50 301,390.50 525,154.17 525,154.17');
    expect(long.text.pages.at(-1)?.text).toContain('试算平衡');
  });
});
