import { type Money, sumMoney, ZERO } from '../common/money.js';
import type { LineDraft } from './posting.js';

/**
 * 年终结转: the lines that bring every income and expenditure account of a union to zero and carry the difference into
 * its fund balance (工会资金结余). `balances` are debit-minus-credit balances for the year; an income account
 * (credit balance) is debited, an expenditure account (debit balance) credited, and the surplus credited (a deficit
 * debited) to the fund balance account.
 */
export function yearEndClosingLines(unionId: string, balances: Array<{ accountCode: string; balance: Money }>, fundBalanceCode: string): LineDraft[] {
  const lines: LineDraft[] = [];
  for (const { accountCode, balance } of balances) {
    if (balance.isZero()) continue;
    lines.push(
      balance.isNegative()
        ? { unionId, accountCode, debit: balance.negated(), credit: ZERO }
        : { unionId, accountCode, debit: ZERO, credit: balance },
    );
  }
  if (lines.length === 0) return [];
  const net = sumMoney(balances.map((b) => b.balance)); // negative: surplus (credits exceeded debits)
  if (!net.isZero()) {
    lines.push(net.isNegative() ? { unionId, accountCode: fundBalanceCode, debit: ZERO, credit: net.negated() } : { unionId, accountCode: fundBalanceCode, debit: net, credit: ZERO });
  }
  return lines;
}
