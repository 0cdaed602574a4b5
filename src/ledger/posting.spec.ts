import { money, ZERO } from '../common/money.js';
import { yearEndClosingLines } from './closing.js';
import { type AccountInfo, cashDecreases, checkEntry, checkPosting, type EntryDraft, type LineDraft, reversalOf } from './posting.js';

const account = (code: string, extra: Partial<AccountInfo> = {}): AccountInfo => ({
  id: `id-${code}`, code, name: code, category: 'asset', normalSide: 'debit', isCash: false, postable: true, ...extra,
});
const CHART = new Map([
  ['102', account('102', { isCash: true })],
  ['101', account('101', { isCash: true })],
  ['402', account('402', { category: 'income', normalSide: 'credit', postable: false })],
  ['40201', account('40201', { category: 'income', normalSide: 'credit' })],
  ['501', account('501', { category: 'expenditure' })],
]);
const byCode = (code: string) => CHART.get(code);
const unions = new Set(['A', 'B']);
const known = (id: string) => unions.has(id);

const line = (unionId: string, accountCode: string, debit: string, credit: string): LineDraft => ({
  unionId, accountCode, debit: money(debit), credit: money(credit),
});
const draft = (lines: LineDraft[], source: EntryDraft['source'] = 'manual'): EntryDraft => ({ date: '2026-03-15', memo: 'm', source, lines });

describe('posting rules, in their documented order', () => {
  it('accepts a balanced entry of one union', () => {
    expect(checkEntry(draft([line('A', '102', '100', '0'), line('A', '40201', '0', '100')]), byCode, known)).toBeUndefined();
  });

  it.each([
    ['one line', [line('A', '102', '1', '0')], 'LEDGER.TOO_FEW_LINES'],
    ['both sides on a line', [line('A', '102', '1', '1'), line('A', '40201', '0', '1')], 'LEDGER.LINE_ONE_SIDE'],
    ['neither side on a line', [line('A', '102', '0', '0'), line('A', '40201', '0', '1')], 'LEDGER.LINE_ONE_SIDE'],
    ['a negative amount outside a reversal', [line('A', '102', '-1', '0'), line('A', '40201', '0', '-1')], 'LEDGER.AMOUNT_SIGN'],
    ['an unknown union', [line('C', '102', '1', '0'), line('C', '40201', '0', '1')], 'LEDGER.UNKNOWN_UNION'],
    ['an unknown account', [line('A', '999', '1', '0'), line('A', '40201', '0', '1')], 'LEDGER.UNKNOWN_ACCOUNT'],
    ['an account with sub-accounts', [line('A', '102', '1', '0'), line('A', '402', '0', '1')], 'LEDGER.ACCOUNT_NOT_POSTABLE'],
    ['debits and credits that differ', [line('A', '102', '100', '0'), line('A', '40201', '0', '99.99')], 'LEDGER.UNBALANCED'],
    ['a balance in total only', [line('A', '102', '100', '0'), line('B', '40201', '0', '100')], 'LEDGER.UNBALANCED_UNION'],
    [
      'a total beyond what numeric(18,2) holds, though every line fits',
      [line('A', '102', '9999999999999999.99', '0'), line('A', '102', '0.01', '0'), line('A', '40201', '0', '9999999999999999.99'), line('A', '40201', '0', '0.01')],
      'LEDGER.TOTAL_TOO_LARGE',
    ],
  ])('refuses %s', (_what, lines, code) => {
    expect(checkEntry(draft(lines), byCode, known)?.code).toBe(code);
  });

  it('reports the first failing rule when several fail', () => {
    // unknown union (rule 3) and unbalanced (rule 4): rule 3 answers
    expect(checkEntry(draft([line('C', '102', '100', '0'), line('A', '40201', '0', '1')]), byCode, known)?.code).toBe('LEDGER.UNKNOWN_UNION');
  });

  it('wants negative amounts in a reversal', () => {
    expect(checkEntry(draft([line('A', '102', '-5', '0'), line('A', '40201', '0', '-5')], 'reversal'), byCode, known)).toBeUndefined();
    expect(checkEntry(draft([line('A', '102', '5', '0'), line('A', '40201', '0', '5')], 'reversal'), byCode, known)?.code).toBe('LEDGER.AMOUNT_SIGN');
  });

  it('refuses a posting into a period that is not open', () => {
    const entry = draft([line('A', '102', '1', '0'), line('A', '40201', '0', '1')]);
    expect(checkPosting(entry, undefined, [], new Map())?.code).toBe('LEDGER.PERIOD_NOT_OPEN');
    expect(checkPosting(entry, { status: 'closed' }, [], new Map())?.detail).toContain('2026-03 is closed');
    expect(checkPosting(entry, { status: 'open' }, [], new Map())).toBeUndefined();
  });

  it('refuses to take a union’s cash below zero, per union and account', () => {
    const spend = draft([line('A', '501', '100', '0'), line('A', '102', '0', '100')]);
    const decreases = cashDecreases(spend.lines, byCode);
    expect(decreases).toHaveLength(1);
    const balances = (amount: string) => new Map([['A/id-102', money(amount)]]);
    expect(checkPosting(spend, { status: 'open' }, decreases, balances('100.00'))).toBeUndefined();
    const error = checkPosting(spend, { status: 'open' }, decreases, balances('99.99'));
    expect(error?.code).toBe('LEDGER.CASH_INSUFFICIENT');
    expect(error?.extensions).toEqual({ unionId: 'A', accountCode: '102', available: '99.99', required: '100.00' });
    // B's money does not help A
    expect(checkPosting(spend, { status: 'open' }, decreases, new Map([['B/id-102', money('1000')]]))?.code).toBe('LEDGER.CASH_INSUFFICIENT');
  });

  it('does not count a transfer between two cash accounts of one union as a decrease of both', () => {
    const withdraw = draft([line('A', '101', '50', '0'), line('A', '102', '0', '50')]);
    expect(cashDecreases(withdraw.lines, byCode).map((d) => d.account.code)).toEqual(['102']);
  });

  it('mirrors an entry with negated amounts for 红字冲销, keeping zero sides zero', () => {
    const mirrored = reversalOf([line('A', '102', '100', '0'), line('A', '40201', '0', '100')]);
    expect(mirrored.map((l) => [l.debit.toString(), l.credit.toString()])).toEqual([['-100', '0'], ['0', '-100']]);
    expect(mirrored[0].credit.isNegative()).toBe(false);
  });

  it('keeps the budget dimensions in the same year and leaves them behind in a later one', () => {
    const spend = { ...line('A', '501', '100', '0'), budgetLineId: 'bl-1', positiveListItemId: 'item-1', headcount: 4 };
    expect(reversalOf([spend])[0]).toEqual(expect.objectContaining({ budgetLineId: 'bl-1', positiveListItemId: 'item-1', headcount: 4 }));
    expect(reversalOf([spend], true)[0]).toEqual(expect.objectContaining({ budgetLineId: null, positiveListItemId: null, headcount: 4 }));
  });
});

describe('year-end closing lines (年终结转)', () => {
  it('zeroes income and expenditure and carries the surplus to the fund balance', () => {
    const lines = yearEndClosingLines('A', [
      { accountCode: '40201', balance: money('-1000') },
      { accountCode: '501', balance: money('300') },
    ], '331');
    expect(lines.map((l) => [l.accountCode, l.debit.toString(), l.credit.toString()])).toEqual([
      ['40201', '1000', '0'],
      ['501', '0', '300'],
      ['331', '0', '700'],
    ]);
  });

  it('debits the fund balance for a deficit and leaves nothing when there was no activity', () => {
    const deficit = yearEndClosingLines('A', [{ accountCode: '40201', balance: money('-100') }, { accountCode: '501', balance: money('150') }], '331');
    expect(deficit[2]).toEqual(expect.objectContaining({ accountCode: '331', debit: money('50'), credit: ZERO }));
    expect(yearEndClosingLines('A', [{ accountCode: '501', balance: ZERO }], '331')).toEqual([]);
  });
});
