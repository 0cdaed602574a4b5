import { readPdf } from '../test/support/pdf-text.js';
import { renderBudgetExecution } from './budget-execution.js';
import { formatAmount } from './pdf/format.js';
import { sampleBudgetExecution, sampleMeta } from './samples.js';

describe('预算执行情况表 (budget execution)', () => {
  it('prints each line, the income and expenditure totals and 执行率 as the model gives them', async () => {
    const model = sampleBudgetExecution();
    const { text } = await readPdf(renderBudgetExecution(model, sampleMeta('预算执行情况表', { periodLabel: '2026年' })));
    const lines = text.pages[0].lines;
    expect(lines[0]).toBe('预算执行情况表');
    expect(text.text).toContain(`工会：${model.unionName} 预算年度：2026 预算状态：已批准（第 2 版）`);
    expect(lines).toContain('行号 科目编码 预算科目 / 项目 资金性质 年初预算 调整后预算 已占用 已执行 可用余额 执行率');
    expect(lines).toContain('4 501 职工活动支出：职工书屋建设 项目支出 0.00 4,000.00 0.00 3,870.50 129.50 96.76%');
    expect(lines).toContain('2 402 拨缴经费收入 120,000.00 120,000.00 — 122,760.00 — 102.30%');
    const i = model.income;
    const e = model.expenditure;
    expect(lines).toContain(['收入预算合计', formatAmount(i.budget), formatAmount(i.adjustedBudget), '—', formatAmount(i.spent), '—', `${i.percentExecuted}%`].join(' '));
    const expenditure = [e.budget, e.adjustedBudget, e.committed, e.spent, e.available!].map(formatAmount);
    expect(lines).toContain(['支出预算合计', ...expenditure, `${e.percentExecuted}%`].join(' '));
    expect(lines).toContain('支出预算合计 90,000.00 90,000.00 3,000.00 72,170.50 14,829.50 80.19%');
  });
});
