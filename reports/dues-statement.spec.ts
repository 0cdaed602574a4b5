import { readPdf } from '../test/support/pdf-text.js';
import { renderDuesStatement } from './dues-statement.js';
import { formatAmount } from './pdf/format.js';
import { sampleDuesStatement, sampleMeta } from './samples.js';

describe('工会经费拨缴对账单 (enterprise dues statement)', () => {
  const meta = sampleMeta('工会经费拨缴对账单', { unionName: null, periodLabel: '2026年' });

  it('prints the enterprise, each period with its receipts, and the year totals the model gives', async () => {
    const model = sampleDuesStatement();
    const { text } = await readPdf(renderDuesStatement(model, meta));
    const lines = text.pages[0].lines;
    expect(lines[0]).toBe('工会经费拨缴对账单');
    expect(text.text).toContain('缴费单位：杭州云帆网络科技有限公司');
    expect(text.text).toContain('统一社会信用代码：91330106MA2GL8XX1K');
    expect(lines).toContain('2026年4月 930,000.00 18,600.00 6,000.00 12,600.00 工会经费 2026-05-12 6,000.00');
    expect(lines).toContain('2026年1月 900,000.00 18,000.00 18,000.00 0.00 工会经费 2026-02-10 10,000.00');
    expect(lines).toContain('2026-02-25 8,000.00');
    expect(lines).toContain(['合计', formatAmount(model.totalAssessed), formatAmount(model.totalPaid), formatAmount(model.totalOwed)].join(' '));
    expect(lines).toContain('合计 72,600.00 60,000.00 12,600.00');
    expect(text.text).toContain('本年应缴合计：72,600.00 元');
    expect(text.text).toContain(`尚欠缴：${formatAmount(model.totalOwed)} 元`);
    expect(text.text).toContain(`预缴结余（多缴留抵以后期间）：${formatAmount(model.credit)} 元`);
  });

  it('names preparation funds and periods with nothing declared', async () => {
    const model = sampleDuesStatement();
    model.periods[0] = { ...model.periods[0], kind: 'preparation', payrollDeclared: null, receipts: [] };
    const { text } = await readPdf(renderDuesStatement(model, meta));
    expect(text.pages[0].lines).toContain('2026年1月 未申报 18,000.00 18,000.00 0.00 建会筹备金');
  });
});
