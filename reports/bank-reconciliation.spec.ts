import { readPdf } from '../test/support/pdf-text.js';
import { renderBankReconciliation } from './bank-reconciliation.js';
import { formatAmount } from './pdf/format.js';
import { sampleBankReconciliation, sampleMeta } from './samples.js';

describe('银行存款余额调节表 (bank reconciliation)', () => {
  const meta = sampleMeta('银行存款余额调节表', { unionName: null, periodLabel: '2026年11月' });

  it('adjusts book and bank balances by the items in transit and lists the items', async () => {
    const model = sampleBankReconciliation();
    const { text } = await readPdf(renderBankReconciliation(model, meta));
    const lines = text.pages[0].lines;
    expect(lines[0]).toBe('银行存款余额调节表');
    expect(text.text).toContain('银行账号：33050161672700000123');
    expect(lines).toContain('单位银行存款日记账余额 412,345.67 银行对账单余额 398,765.67');
    expect(lines).toContain(['单位银行存款日记账余额', formatAmount(model.bookBalance), '银行对账单余额', formatAmount(model.bankBalance)].join(' '));
    expect(lines).toContain('加：银行已收、单位未收（1 笔） 25.00 加：单位已收、银行未收（1 笔） 18,600.00');
    expect(lines).toContain('减：银行已付、单位未付（1 笔） 5.00 减：单位已付、银行未付（1 笔） 5,000.00');
    expect(lines).toContain(['调节后的存款余额', formatAmount(model.adjustedBookBalance), '调节后的存款余额', formatAmount(model.adjustedBankBalance)].join(' '));
    expect(lines).toContain('调节后的存款余额 412,365.67 调节后的存款余额 412,365.67');
    expect(text.text).toContain('调节结果：调节后余额相符（差额 0.00）。');
    expect(lines).toContain('1 2026-11-28 stmt-2026-11:38 手续费 -5.00');
    expect(lines).toContain('小计 -5,000.00');
  });

  it('shows the difference when the balances do not meet', async () => {
    const model = { ...sampleBankReconciliation(), adjustedBankBalance: '413565.67', difference: '-1200.00', reconciled: false };
    const { text } = await readPdf(renderBankReconciliation(model, meta));
    expect(text.text).toContain('调节后余额不符，差额 -1,200.00 元');
  });
});
