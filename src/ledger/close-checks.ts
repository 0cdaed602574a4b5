import { formatMoney, type Money } from '../common/money.js';

/** What closing a period looks at, read in one go (PeriodsService.closeFacts) before anything changes. */
export interface CloseFacts {
  period: string;
  status: 'open' | 'closed';
  closedAt: string | null;
  /** Earlier periods of the centre still open, in order. */
  earlierOpen: string[];
  /** Entries of the period not posted yet. */
  drafts: number;
  approved: number;
  /** Σ debits and Σ credits of every posted line up to the end of the period (the whole centre). */
  debit: Money;
  credit: Money;
  /** December only: the unions whose income and expenditure of the year the closing carries into 工会资金结余. */
  unionsToCarry: number | null;
}

export const CLOSE_CHECK_CODES = ['period_open', 'earlier_closed', 'no_pending', 'trial_balance', 'year_end'] as const;
export type CloseCheckCode = (typeof CLOSE_CHECK_CODES)[number];

export interface CloseCheck {
  code: CloseCheckCode;
  /** The check's name as the console shows it. */
  name: string;
  passed: boolean;
  /** What was found, in Chinese (the console prints it as it is). */
  detail: string;
}

/** The words the closing keeps in its answer and audit record for a check that passed (PeriodCloseView.checks). */
export const CLOSE_CHECK_NOTES: Record<Exclude<CloseCheckCode, 'period_open' | 'year_end'>, string> = {
  earlier_closed: 'earlier periods are closed',
  no_pending: 'no draft or approved entry is left in the period',
  trial_balance: 'the trial balance balances',
};

/**
 * The checks of closing a period, in the order the closing makes them: the period is still open, every earlier
 * period is closed, no entry of the period is left unposted, and the trial balance up to its end balances. December
 * adds the year-end carry-forward (结转), which is not a condition but what the closing will do. A period closes
 * only when every check passes.
 */
export function closeChecks(facts: CloseFacts): CloseCheck[] {
  const pending = facts.drafts + facts.approved;
  const checks: CloseCheck[] = [
    {
      code: 'period_open',
      name: '本期尚未结账',
      passed: facts.status === 'open',
      detail: facts.status === 'open' ? `${facts.period} 处于开启状态。` : `${facts.period} 已结账${facts.closedAt ? `（${facts.closedAt.slice(0, 10)}）` : ''}。`,
    },
    {
      code: 'earlier_closed',
      name: '以前期间均已结账',
      passed: facts.earlierOpen.length === 0,
      detail:
        facts.earlierOpen.length === 0
          ? '没有未结账的以前期间。'
          : `以前期间 ${facts.earlierOpen.join('、')} 尚未结账；期间须按顺序结账。`,
    },
    {
      code: 'no_pending',
      name: '本期凭证均已记账',
      passed: pending === 0,
      detail:
        pending === 0
          ? '本期没有待审核或待记账的凭证。'
          : `本期尚有 ${pending} 张凭证未记账（待审核 ${facts.drafts} 张，已审核待记账 ${facts.approved} 张）。`,
    },
    {
      code: 'trial_balance',
      name: '试算平衡',
      passed: facts.debit.equals(facts.credit),
      detail: `截至本期末借方累计 ${formatMoney(facts.debit)}，贷方累计 ${formatMoney(facts.credit)}${
        facts.debit.equals(facts.credit) ? '，借贷相等。' : `，相差 ${formatMoney(facts.debit.minus(facts.credit).abs())}。`
      }`,
    },
  ];
  if (facts.unionsToCarry !== null) {
    const nextYear = Number(facts.period.slice(0, 4)) + 1;
    checks.push({
      code: 'year_end',
      name: '年终收支结转',
      passed: true,
      detail: `结账时将 ${facts.unionsToCarry} 个工会本年的收入、支出结转至工会资金结余（331），并开启 ${nextYear}-01 期间。`,
    });
  }
  return checks;
}

/** The first check that failed, if any: what refuses the closing. */
export function firstFailure(checks: CloseCheck[]): CloseCheck | undefined {
  return checks.find((check) => !check.passed);
}
