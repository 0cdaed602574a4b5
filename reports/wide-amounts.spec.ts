import { readPdf } from '../test/support/pdf-text.js';
import { renderAccountLedger } from './account-ledger.js';
import { renderBalanceSheet } from './balance-sheet.js';
import { renderBankReconciliation } from './bank-reconciliation.js';
import { renderBudgetAdjustments } from './budget-adjustments.js';
import { renderBudgetExecution } from './budget-execution.js';
import { renderDuesStatement } from './dues-statement.js';
import { renderIncomeExpenditure } from './income-expenditure.js';
import { renderJournalListing } from './journal-listing.js';
import { renderMemberDisclosure } from './member-disclosure.js';
import { formatAmount } from './pdf/format.js';
import { renderReversals } from './reversals.js';
import {
  sampleAccountLedger,
  sampleAuditPackage,
  sampleBalanceSheet,
  sampleBankReconciliation,
  sampleBudgetExecution,
  sampleDuesStatement,
  sampleIncomeExpenditure,
  sampleMemberDisclosure,
  sampleMeta,
  sampleTrialBalance,
  SAMPLE_UNIONS,
} from './samples.js';
import { renderTrialBalance } from './trial-balance.js';

/**
 * Every amount a layout prints, at its widest: money columns are sized so that no amount is ever cut, the widest a
 * numeric(18,2) column holds stays above 60 % of the table's size, and amounts up to 999,999,999.99 print at full size.
 */

const DECIMAL = /^-?[0-9]+\.[0-9]{2}$/;
/** A printed amount, grouped; a cut one would end in "…". */
const PRINTED = /-?[0-9]{1,3}(?:,[0-9]{3})*\.[0-9]{2}/g;

/** The model with every amount replaced by `amount` (and no 执行率, a percentage, not money). */
function everyAmount<T>(model: T, amount: string): T {
  const walk = (value: unknown, key: string): unknown => {
    if (key === 'percentExecuted') return null;
    if (typeof value === 'string') return DECIMAL.test(value) ? amount : value;
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(model, '') as T;
}

/** Each layout, with every amount (and every total a layout adds up itself) equal to `amount`; its table's size. */
function layouts(amount: string): Array<[string, number, () => NodeJS.ReadableStream]> {
  const meta = (title: string) => sampleMeta(title);
  const oneItem = <T>(items: T[]) => everyAmount(items.slice(0, 1), amount);
  const reconciliation = sampleBankReconciliation();
  const adjustment = sampleAuditPackage().budgetAdjustments[1];
  const union = SAMPLE_UNIONS[0];
  return [
    ['科目余额表', 8.5, () => renderTrialBalance(everyAmount(sampleTrialBalance(), amount), meta('科目余额表'))],
    ['明细账', 8.5, () => renderAccountLedger(everyAmount(sampleAccountLedger(12), amount), meta('明细账'))],
    ['资产负债表', 8.5, () => renderBalanceSheet(everyAmount(sampleBalanceSheet(), amount), meta('资产负债表'))],
    ['收入支出表', 9, () => renderIncomeExpenditure(everyAmount(sampleIncomeExpenditure(), amount), meta('收入支出表'))],
    ['预算执行情况表', 8.5, () => renderBudgetExecution(everyAmount(sampleBudgetExecution(), amount), meta('预算执行情况表'))],
    ['工会经费拨缴对账单', 8.5, () => renderDuesStatement(everyAmount(sampleDuesStatement(), amount), meta('工会经费拨缴对账单'))],
    [
      '银行存款余额调节表',
      8.5,
      () =>
        renderBankReconciliation(
          {
            ...everyAmount(reconciliation, amount),
            // The layout adds each list up and prints the size of the negative ones: one item a list keeps the sums at `amount`.
            depositsInTransit: oneItem(reconciliation.depositsInTransit),
            paymentsInTransit: oneItem(reconciliation.paymentsInTransit),
            bankCreditsNotBooked: oneItem(reconciliation.bankCreditsNotBooked),
            bankDebitsNotBooked: oneItem(reconciliation.bankDebitsNotBooked),
          },
          meta('银行存款余额调节表'),
        ),
    ],
    ['财务公开', 10, () => renderMemberDisclosure(everyAmount(sampleMemberDisclosure(), amount), meta('财务公开'))],
    [
      '凭证清单',
      8.5,
      () =>
        renderJournalListing(
          {
            entries: [
              {
                number: 1,
                date: '2026-06-30',
                memo: '冲销重复登记的职工活动支出',
                lines: [
                  { unionId: union.id, unionName: union.name, accountCode: '501', accountName: '职工活动支出', debit: amount, credit: '0.00' },
                  { unionId: union.id, unionName: union.name, accountCode: '102', accountName: '银行存款', debit: '0.00', credit: amount },
                ],
              },
            ],
          },
          meta('凭证清单'),
        ),
    ],
    ['冲销凭证清单', 8.5, () => renderReversals({ reversals: oneItem(sampleAuditPackage().reversals) }, meta('冲销凭证清单'))],
    ['预算调整清单', 8.5, () => renderBudgetAdjustments({ adjustments: [everyAmount(adjustment, amount)] }, meta('预算调整清单'))],
  ];
}

/** The amounts printed on the first page, with the size each is set at. */
async function printedAmounts(render: () => NodeJS.ReadableStream) {
  const { text } = await readPdf(render(), { pages: [1] });
  const page = text.pages[0];
  const amounts = page.items.flatMap((item) => [...item.text.matchAll(PRINTED)].map((match) => ({ text: match[0], size: item.size })));
  return { page, amounts };
}

describe('money columns hold the widest amounts', () => {
  const widest = '-9999999999999999.99';

  it.each(layouts(widest))(
    '%s prints the widest amounts whole, shrunk no further than 60 %% of its tables’ %s points',
    async (_name, size, render) => {
      const { page, amounts } = await printedAmounts(render);
      expect(page.text).not.toContain('…');
      expect(amounts.length).toBeGreaterThan(0);
      // Zero is the one other amount: a debit or credit left empty in the model, or no difference.
      for (const amount of amounts) expect([formatAmount(widest), '0.00', formatAmount(widest.slice(1))]).toContain(amount.text);
      expect(Math.min(...amounts.map((amount) => amount.size))).toBeGreaterThanOrEqual(0.6 * size);
    },
  );

  const billion = '-999999999.99';
  it.each(layouts(billion))(
    '%s prints amounts up to 999,999,999.99 at its tables’ full %s points',
    async (_name, size, render) => {
      const { page, amounts } = await printedAmounts(render);
      expect(page.text).not.toContain('…');
      for (const amount of amounts) expect(['-999,999,999.99', '999,999,999.99', '0.00']).toContain(amount.text);
      expect(Math.min(...amounts.map((amount) => amount.size))).toBeGreaterThanOrEqual(size);
    },
  );
});
