import { readPdf } from '../test/support/pdf-text.js';
import { renderBalanceSheet } from './balance-sheet.js';
import { formatAmount } from './pdf/format.js';
import { sampleBalanceSheet, sampleMeta } from './samples.js';

describe('资产负债表 (balance sheet)', () => {
  const meta = sampleMeta('资产负债表', { periodLabel: '2026年11月' });

  it('sets assets beside liabilities and net assets, with the subtotals and totals the model gives', async () => {
    const model = sampleBalanceSheet();
    const { text } = await readPdf(renderBalanceSheet(model, meta));
    const lines = text.pages[0].lines;
    expect(lines[0]).toBe('资产负债表');
    expect(lines).toContain('资产 年初数 期末数 负债和净资产 年初数 期末数');
    expect(lines).toContain('101 库存现金 1,200.00 860.50 211 应付上级经费 42,000.00 51,234.17');
    // The right side runs beside the assets: its subtotals share lines with asset rows.
    expect(lines).toContain('102 银行存款 356,000.00 412,345.67 负债合计 42,000.00 51,234.17');
    expect(text.text).toContain(['净资产合计', formatAmount(model.totalNetAssets.yearStart), formatAmount(model.totalNetAssets.periodEnd)].join(' '));
    const a = model.totalAssets;
    const l = model.totalLiabilitiesAndNetAssets;
    expect(lines).toContain(['资产总计', formatAmount(a.yearStart), formatAmount(a.periodEnd), '负债和净资产总计', formatAmount(l.yearStart), formatAmount(l.periodEnd)].join(' '));
    expect(lines).toContain('资产总计 357,700.00 425,206.17 负债和净资产总计 357,700.00 425,206.17');
    expect(text.text).not.toContain('不相等');
  });

  it('warns when the two sides differ', async () => {
    const { text } = await readPdf(renderBalanceSheet({ ...sampleBalanceSheet(), balanced: false }, meta));
    expect(text.text).toContain('资产总计与负债和净资产总计不相等');
  });
});
