import { readPdf } from '../test/support/pdf-text.js';
import { renderIncomeExpenditure } from './income-expenditure.js';
import { formatAmount } from './pdf/format.js';
import { sampleIncomeExpenditure, sampleMeta } from './samples.js';

describe('收入支出表 (income and expenditure)', () => {
  it('lists income and expenditure by account with their totals and the surplus, month and year to date', async () => {
    const model = sampleIncomeExpenditure();
    const { text } = await readPdf(renderIncomeExpenditure(model, sampleMeta('收入支出表', { periodLabel: '2026年11月' })));
    const lines = text.pages[0].lines;
    expect(lines[0]).toBe('收入支出表');
    expect(lines).toContain('项目 科目编码 本月数 本年累计数');
    expect(lines).toEqual(expect.arrayContaining(['一、收入', '二、支出', '拨缴经费收入 402 11,160.00 122,760.00', '职工活动支出 501 8,200.00 63,500.00']));
    expect(lines).toContain(['收入合计', formatAmount(model.totalIncome.month), formatAmount(model.totalIncome.yearToDate)].join(' '));
    expect(lines).toContain(['支出合计', formatAmount(model.totalExpenditure.month), formatAmount(model.totalExpenditure.yearToDate)].join(' '));
    expect(lines).toContain(['三、收支结余', formatAmount(model.surplus.month), formatAmount(model.surplus.yearToDate)].join(' '));
    expect(lines).toContain('三、收支结余 3,569.50 80,049.50');
  });
});
