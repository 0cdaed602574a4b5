import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_MESSAGES, budgetRefusal } from '../../web/src/budget-problems.js';

describe('budget refusals in Chinese (web/src/budget-problems.ts)', () => {
  it('names the amounts of an overdrawn budget line, formatted', () => {
    const refusal = budgetRefusal({
      code: 'BUDGET.OVERDRAWN', status: 422, detail: 'Budget line x has 5000.00 available',
      budgetLineId: 'x', budget: '30000.00', spent: '20000.5', committed: '5000.00', available: '4999.50', requested: '6000.00',
    });
    expect(refusal?.message).toBe('超出预算：该预算行可用余额 4,999.50 元，本次申请 6,000.00 元。须经批准的预算调整才能增加额度。');
    expect(refusal?.figures).toEqual([
      { label: '调整后预算', value: '30,000.00' },
      { label: '已支出', value: '20,000.50' },
      { label: '已占用（已批未付）', value: '5,000.00' },
      { label: '可用余额', value: '4,999.50' },
      { label: '本次申请', value: '6,000.00' },
    ]);
  });

  it('names the cap, its limit and what was asked', () => {
    expect(budgetRefusal({ code: 'BUDGET.CAP_EXCEEDED', cap: 'per_event', limit: '20000.00', requested: '20000.01' })).toEqual({
      code: 'BUDGET.CAP_EXCEEDED',
      message: '超过正面清单开支标准：每次活动限额 20,000.00 元，本次申请 20,000.01 元。',
      figures: [{ label: '每次活动限额', value: '20,000.00' }, { label: '本次申请', value: '20,000.01' }],
    });
    // a yearly cap counts the year's spending before this claim
    expect(budgetRefusal({ code: 'BUDGET.CAP_EXCEEDED', cap: 'per_member_year', limit: '15000.00', requested: '15000.01' })?.message).toContain('本年累计（含本次） 15,000.01 元');
  });

  it('has words for every code of src/budgets and src/spending, and leaves other problems to problemMessage', () => {
    const codes = new Set<string>();
    for (const dir of ['src/budgets', 'src/spending']) {
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
        for (const [, code] of readFileSync(join(dir, file), 'utf8').matchAll(/'((?:BUDGET|SPENDING)\.[A-Z_]+)'/g)) codes.add(code);
      }
    }
    expect(codes.size).toBeGreaterThan(20);
    expect([...codes].filter((code) => !BUDGET_MESSAGES[code])).toEqual([]);
    for (const code of ['BUDGET.FOUR_EYES', 'BUDGET.LINE_REQUIRED', 'SPENDING.FOUR_EYES', 'SPENDING.WRONG_STATUS']) {
      expect(budgetRefusal({ code })).toEqual({ code, message: BUDGET_MESSAGES[code], figures: [] });
    }
    expect(budgetRefusal({ code: 'BUDGET.SOMETHING_NEW', detail: 'why' })?.message).toBe('未通过（BUDGET.SOMETHING_NEW）：why');
    expect(budgetRefusal({ code: 'LEDGER.CASH_INSUFFICIENT' })).toBeUndefined();
    expect(budgetRefusal(undefined)).toBeUndefined();
  });
});
