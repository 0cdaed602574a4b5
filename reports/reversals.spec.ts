import { readPdf } from '../test/support/pdf-text.js';
import { renderBudgetAdjustments } from './budget-adjustments.js';
import { renderReversals } from './reversals.js';
import { sampleAuditPackage, sampleMeta } from './samples.js';

describe('冲销凭证 and 预算调整 lists', () => {
  it('lists reversals with the entries they reverse and their total', async () => {
    const { reversals } = sampleAuditPackage();
    const { text } = await readPdf(renderReversals({ reversals }, sampleMeta('冲销凭证清单')));
    const lines = text.pages[0].lines;
    expect(lines).toContain('凭证号 日期 摘要 被冲销凭证 金额');
    expect(lines).toContain('37 2026-06-18 冲销 第 35 号凭证：重复登记的慰问品支出 35 -2,400.00');
    expect(lines).toContain('88 2026-09-02 冲销 错记科目的场地费 5c6d7e8f -1,500.00'); // no number given: the id's start
    expect(lines).toContain('合计 2 张 -3,900.00');
  });

  it('says so when there are none', async () => {
    const { text } = await readPdf(renderReversals({ reversals: [] }, sampleMeta('冲销凭证清单')));
    expect(text.text).toContain('本期无冲销凭证。');
  });

  it('lists budget adjustments with their net change, decision and the version they made', async () => {
    const { budgetAdjustments } = sampleAuditPackage();
    const { text } = await readPdf(renderBudgetAdjustments({ adjustments: budgetAdjustments }, sampleMeta('预算调整清单')));
    const lines = text.pages[0].lines;
    expect(lines).toContain('杭州云帆网络科技有限公司工会 2026 1 新增职工书屋项目，压减职工活动支出 调整 1 行 0.00 已批准 2026-05-06 2026-05-08 第 2 版');
    expect(lines).toContain('新增 1 行 10:30:00 14:10:00'); // Beijing time, on the cell's second line
    expect(lines).toContain('杭州拾光文化传媒有限公司工会 2026 1 追加年终慰问预算 调整 1 行 6,000.00 已驳回 2026-10-15 2026-10-16');
    expect(text.text).toContain('合计 2 项');
  });
});
