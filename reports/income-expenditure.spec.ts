import { readPdf } from '../test/support/pdf-text.js';
import { renderIncomeExpenditure } from './income-expenditure.js';
import { sampleIncomeExpenditure, sampleMeta } from './samples.js';

describe('收入支出表 (income and expenditure)', () => {
  it('lists income and expenditure by account with their totals and the surplus, month and year to date', async () => {
    const model = sampleIncomeExpenditure();
    const { text } = await readPdf(renderIncomeExpenditure(model, sampleMeta('收入支出表', { periodLabel: '2026年11月' })));
    const lines = text.pages[0].lines;
    expect(lines[0]).toBe('收入支出表');
    expect(lines).toContain('项目 科目编码 本月数 本年累计数');
    expect(lines).toEqual(expect.arrayContaining(['一、收入', '二、支出', '拨缴经费收入 402 11160.00 122760.00', '职工活动支出 501 8200.00 63500.00']));
    expect(lines).toContain(['收入合计', model.totalIncome.month, model.totalIncome.yearToDate].join(' '));
    expect(lines).toContain(['支出合计', model.totalExpenditure.month, model.totalExpenditure.yearToDate].join(' '));
    expect(lines).toContain(['三、收支结余', model.surplus.month, model.surplus.yearToDate].join(' '));
  });
});
