import { type Money, money, ZERO } from '../common/money.js';
import {
  adjustedAmount,
  availableOf,
  type BudgetLineState,
  checkAvailable,
  checkBudgetControl,
  checkCaps,
  CLAIM_PLACE,
  type ControlledLine,
  type ControlState,
  entryLine,
  type ItemVersion,
  percentExecuted,
  usageKey,
} from './budget-rules.js';

// One union A with an approved 2026 budget: line BL1 under 501 has 1000.00, 200.00 committed and 300.00 spent (500.00
// available). The centre's positive list covers 501.
const budgetLine = (extra: Partial<BudgetLineState> = {}): BudgetLineState => ({
  id: 'BL1', unionId: 'A', year: 2026, budgetStatus: 'approved', kind: 'expenditure', categoryCode: '501',
  adjusted: money('1000'), committed: money('200'), spent: money('300'), ...extra,
});
const item = (extra: Partial<ItemVersion> = {}): ItemVersion => ({
  itemId: 'I1', code: 'P01', name: 'Spring outing', categoryCode: '501',
  capPerMemberYear: null, capPerEvent: null, capPerPersonOccasion: null, withdrawn: false, ...extra,
});

const spend = (amount: string, extra: Partial<ControlledLine> = {}): ControlledLine => ({
  at: entryLine(0), unionId: 'A', accountCode: '50101', topCode: '501', category: 'expenditure',
  debit: money(amount), credit: ZERO, budgetLineId: 'BL1', itemId: 'I1', headcount: null, ...extra,
});
/** The cash side of a spending entry: an asset credit, which budget control does not look at. */
const cash = (amount: string, extra: Partial<ControlledLine> = {}): ControlledLine => ({
  at: entryLine(1), unionId: 'A', accountCode: '102', topCode: '102', category: 'asset',
  debit: ZERO, credit: money(amount), budgetLineId: null, itemId: null, headcount: null, ...extra,
});

const state = (extra: Partial<ControlState> = {}): ControlState => ({
  exempt: false,
  budgetedUnions: new Set(['A']),
  budgetLines: new Map([['BL1', budgetLine()]]),
  items: new Map([['I1', item()]]),
  listCategories: new Set(['501']),
  memberCounts: new Map([['A', 10]]),
  itemUsage: new Map(),
  year: 2026,
  ...extra,
});
const withLine = (line: BudgetLineState) => new Map([[line.id, line]]);
const withItem = (version: ItemVersion) => new Map([[version.itemId, version]]);

const request = (amount: string, headcount: number | null, extra: { unionMembers?: number; usedThisYear?: Money } = {}) => ({
  requested: money(amount), headcount, unionMembers: extra.unionMembers ?? 10, usedThisYear: extra.usedThisYear ?? ZERO, at: CLAIM_PLACE,
});

describe('budget control (checkBudgetControl)', () => {
  it('accepts spending that names its line and item and fits', () => {
    expect(checkBudgetControl([spend('500'), cash('500')], state())).toBeUndefined();
  });

  describe('rule 1: a named budget line is the union’s, of the year, approved, an expenditure line', () => {
    it.each([
      ['an unknown line', spend('1', { budgetLineId: 'BL9' }), state(), 'BUDGET.UNKNOWN_LINE'],
      ['another union’s line', spend('1', { unionId: 'B' }), state({ budgetedUnions: new Set(['A', 'B']) }), 'BUDGET.LINE_OF_OTHER_UNION'],
      ['a line of another year', spend('1'), state({ budgetLines: withLine(budgetLine({ year: 2025 })) }), 'BUDGET.LINE_OF_OTHER_YEAR'],
      ['a line of a budget not approved', spend('1'), state({ budgetLines: withLine(budgetLine({ budgetStatus: 'submitted' })) }), 'BUDGET.NOT_APPROVED'],
      ['an income line', spend('1'), state({ budgetLines: withLine(budgetLine({ kind: 'income' })) }), 'BUDGET.NOT_EXPENDITURE_LINE'],
    ])('refuses %s', (_what, line, controlState, code) => {
      const error = checkBudgetControl([line, cash('1')], controlState);
      expect(error?.code).toBe(code);
      expect(error?.status).toBe(422);
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.0.budgetLineId']);
    });

    it('names the years and the status', () => {
      expect(checkBudgetControl([spend('1')], state({ budgetLines: withLine(budgetLine({ year: 2025 })) }))?.detail)
        .toContain('of the 2025 budget; spending in 2026 draws on the 2026 budget');
      expect(checkBudgetControl([spend('1')], state({ budgetLines: withLine(budgetLine({ budgetStatus: 'draft' })) }))?.detail)
        .toContain('is draft, not approved');
    });

    it('checks a line that names a budget line even when it does not spend', () => {
      const refund = spend('0', { credit: money('5') });
      expect(checkBudgetControl([refund], state({ budgetLines: withLine(budgetLine({ year: 2025 })) }))?.code).toBe('BUDGET.LINE_OF_OTHER_YEAR');
    });

    it('places the error on the failing line, and on the claim without a prefix', () => {
      const error = checkBudgetControl([spend('1'), cash('1'), spend('1', { at: entryLine(2), budgetLineId: 'BL9' })], state());
      expect(error?.detail).toMatch(/^Line 3: there is no budget line BL9/);
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.2.budgetLineId']);
      const claim = checkBudgetControl([spend('1', { at: CLAIM_PLACE, budgetLineId: 'BL9' })], state());
      expect(claim?.detail).toMatch(/^The claim: /);
      expect(claim?.errors.map((e) => e.field)).toEqual(['budgetLineId']);
    });
  });

  describe('rule 2: a named positive-list item is on the list that day', () => {
    it('refuses an item with no version in force', () => {
      const error = checkBudgetControl([spend('1', { itemId: 'I9' })], state());
      expect(error?.code).toBe('BUDGET.ITEM_NOT_ON_LIST');
      expect(error?.extensions).toEqual({ itemId: 'I9' });
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.0.positiveListItemId']);
    });

    it('refuses a withdrawn item, by name', () => {
      const error = checkBudgetControl([spend('1')], state({ items: withItem(item({ withdrawn: true })) }));
      expect(error?.code).toBe('BUDGET.ITEM_NOT_ON_LIST');
      expect(error?.detail).toContain('item Spring outing (I1)');
    });
  });

  describe('rule 3: the account is under the item’s and the budget line’s category', () => {
    it('refuses an account outside the item’s category', () => {
      const items = withItem(item({ categoryCode: '502' }));
      const error = checkBudgetControl([spend('1')], state({ items }));
      expect(error?.code).toBe('BUDGET.WRONG_CATEGORY');
      expect(error?.extensions).toEqual({ accountCode: '50101', categoryCode: '502' });
      expect(error?.detail).toContain('positive-list item P01 Spring outing');
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.0.accountCode']);
    });

    it('refuses an account outside the budget line’s category', () => {
      const line = spend('1', { accountCode: '50201', topCode: '502', itemId: null });
      const error = checkBudgetControl([line], state({ listCategories: new Set() }));
      expect(error?.code).toBe('BUDGET.WRONG_CATEGORY');
      expect(error?.extensions).toEqual({ accountCode: '50201', categoryCode: '501' });
      expect(error?.detail).toContain('budget line BL1');
    });
  });

  describe('rule 4: spending under an approved budget names a budget line, and an item where the list covers it', () => {
    it('wants a budget line', () => {
      const error = checkBudgetControl([spend('1', { budgetLineId: null }), cash('1')], state());
      expect(error?.code).toBe('BUDGET.LINE_REQUIRED');
      expect(error?.extensions).toEqual({ unionId: 'A', year: 2026 });
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.0.budgetLineId']);
    });

    it('wants an item where the list covers the category', () => {
      const error = checkBudgetControl([spend('1', { itemId: null }), cash('1')], state());
      expect(error?.code).toBe('BUDGET.ITEM_REQUIRED');
      expect(error?.extensions).toEqual({ categoryCode: '501' });
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.0.positiveListItemId']);
    });

    it('does not want an item where the list does not cover the category', () => {
      expect(checkBudgetControl([spend('1', { itemId: null }), cash('1')], state({ listCategories: new Set(['502']) }))).toBeUndefined();
    });

    it('wants nothing of a union without an approved budget', () => {
      const line = spend('1', { unionId: 'B', budgetLineId: null, itemId: null });
      expect(checkBudgetControl([line, cash('1', { unionId: 'B' })], state())).toBeUndefined();
    });

    it('looks only at spending: expenditure debits', () => {
      const refund = spend('0', { credit: money('5'), budgetLineId: null, itemId: null });
      const income = spend('5', { category: 'income', accountCode: '40201', topCode: '402', budgetLineId: null, itemId: null });
      const reversed = spend('-5', { budgetLineId: null, itemId: null });
      expect(checkBudgetControl([refund, income, reversed, cash('5')], state())).toBeUndefined();
    });

    it('is waived for an exempt entry (closing, opening, reversal)', () => {
      expect(checkBudgetControl([spend('1', { budgetLineId: null, itemId: null }), cash('1')], state({ exempt: true }))).toBeUndefined();
    });

    it('an exempt entry still names valid lines and items (rules 1–3)', () => {
      expect(checkBudgetControl([spend('-1', { budgetLineId: 'BL9' })], state({ exempt: true }))?.code).toBe('BUDGET.UNKNOWN_LINE');
      expect(checkBudgetControl([spend('-1', { itemId: 'I9' })], state({ exempt: true }))?.code).toBe('BUDGET.ITEM_NOT_ON_LIST');
      expect(checkBudgetControl([spend('-1', { topCode: '502' })], state({ exempt: true }))?.code).toBe('BUDGET.WRONG_CATEGORY');
    });
  });

  describe('rule 5: the item’s caps', () => {
    it('refuses spending above the cap per event, naming the limit and the request', () => {
      const items = withItem(item({ capPerEvent: money('400') }));
      expect(checkBudgetControl([spend('400')], state({ items }))).toBeUndefined();
      const error = checkBudgetControl([spend('400.01')], state({ items }));
      expect(error?.code).toBe('BUDGET.CAP_EXCEEDED');
      expect(error?.extensions).toEqual({ itemId: 'I1', cap: 'per_event', limit: '400.00', requested: '400.01' });
    });

    it('adds up the lines of one union and item, net of credits', () => {
      const items = withItem(item({ capPerEvent: money('400') }));
      const two = [spend('250'), spend('150.01', { at: entryLine(1) }), cash('400.01', { at: entryLine(2) })];
      expect(checkBudgetControl(two, state({ items }))?.extensions).toMatchObject({ cap: 'per_event', requested: '400.01' });
      const credited = [...two, spend('0', { at: entryLine(3), credit: money('0.01') })];
      expect(checkBudgetControl(credited, state({ items }))).toBeUndefined();
    });

    it('keeps unions apart', () => {
      const items = withItem(item({ capPerEvent: money('400') }));
      const lines = [spend('300'), spend('300', { at: entryLine(1), unionId: 'B', budgetLineId: null })];
      expect(checkBudgetControl(lines, state({ items }))).toBeUndefined();
    });

    it('takes the largest headcount of the group', () => {
      const items = withItem(item({ capPerPersonOccasion: money('100') }));
      const lines = [spend('200', { headcount: 2 }), spend('100', { at: entryLine(1), headcount: 3 })];
      expect(checkBudgetControl(lines, state({ items }))).toBeUndefined();
      expect(checkBudgetControl([lines[0], { ...lines[1], headcount: null }], state({ items }))?.extensions).toMatchObject({ limit: '200.00', requested: '300.00' });
    });

    it('wants a headcount for a cap per person', () => {
      const items = withItem(item({ capPerPersonOccasion: money('100') }));
      const error = checkBudgetControl([spend('100')], state({ items }));
      expect(error?.code).toBe('BUDGET.HEADCOUNT_REQUIRED');
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.0.headcount']);
    });

    it('counts the union’s members and this year’s usage of the item', () => {
      const items = withItem(item({ capPerMemberYear: money('50') }));
      // 10 members × 50.00 = 500.00 a year; 450.00 used
      const used = (unionId: string) => new Map([[usageKey(unionId, 'I1'), money('450')]]);
      expect(checkBudgetControl([spend('50', { headcount: 10 })], state({ items, itemUsage: used('A') }))).toBeUndefined();
      const error = checkBudgetControl([spend('50.01', { headcount: 10 })], state({ items, itemUsage: used('A') }));
      expect(error?.extensions).toEqual({ itemId: 'I1', cap: 'per_member_year', limit: '500.00', requested: '500.01' });
      // another union’s usage does not count
      expect(checkBudgetControl([spend('50.01', { headcount: 10 })], state({ items, itemUsage: used('B') }))).toBeUndefined();
      // a union without a member count has no room
      expect(checkBudgetControl([spend('1', { headcount: 1 })], state({ items, memberCounts: new Map() }))?.code).toBe('BUDGET.HEADCOUNT_ABOVE_MEMBERS');
    });

    it('skips the caps when the lines give back (a reversal)', () => {
      const items = withItem(item({ capPerEvent: money('1'), capPerPersonOccasion: money('1'), capPerMemberYear: money('1') }));
      const usage = new Map([[usageKey('A', 'I1'), money('1000')]]);
      expect(checkBudgetControl([spend('-500'), cash('-500')], state({ items, itemUsage: usage, exempt: true }))).toBeUndefined();
      expect(checkBudgetControl([spend('0', { credit: money('500') })], state({ items, itemUsage: usage }))).toBeUndefined();
    });
  });

  describe('rule 6: the budget line has enough available', () => {
    it('accepts spending of exactly what is available and refuses a fen more', () => {
      expect(checkBudgetControl([spend('500'), cash('500')], state())).toBeUndefined();
      const error = checkBudgetControl([spend('500.01'), cash('500.01')], state());
      expect(error?.code).toBe('BUDGET.OVERDRAWN');
      expect(error?.extensions).toEqual({
        budgetLineId: 'BL1', budget: '1000.00', spent: '300.00', committed: '200.00', available: '500.00', requested: '500.01',
      });
    });

    it('adds up the lines on one budget line, net of credits', () => {
      const lines = [spend('300'), spend('200.01', { at: entryLine(1) })];
      expect(checkBudgetControl(lines, state())?.extensions).toMatchObject({ available: '500.00', requested: '500.01' });
      expect(checkBudgetControl([...lines, spend('0', { at: entryLine(2), credit: money('0.01') })], state())).toBeUndefined();
    });

    it('keeps budget lines apart', () => {
      const second = budgetLine({ id: 'BL2', adjusted: money('100'), committed: ZERO, spent: ZERO });
      const lines = new Map([['BL1', budgetLine()], ['BL2', second]]);
      const both = [spend('500'), spend('100', { at: entryLine(1), budgetLineId: 'BL2' })];
      expect(checkBudgetControl(both, state({ budgetLines: lines }))).toBeUndefined();
      const over = [spend('500'), spend('100.01', { at: entryLine(1), budgetLineId: 'BL2' })];
      expect(checkBudgetControl(over, state({ budgetLines: lines }))?.extensions).toMatchObject({ budgetLineId: 'BL2', available: '100.00' });
    });

    it('lets a reversal-like negative line give budget back, even on a line with nothing available', () => {
      const full = withLine(budgetLine({ committed: money('400'), spent: money('600') }));
      expect(checkBudgetControl([spend('-600'), cash('-600')], state({ budgetLines: full, exempt: true }))).toBeUndefined();
      expect(checkBudgetControl([spend('-600'), cash('-600')], state({ budgetLines: full }))).toBeUndefined();
      expect(checkBudgetControl([spend('0', { credit: money('10') })], state({ budgetLines: full }))).toBeUndefined();
      expect(checkBudgetControl([spend('0.01')], state({ budgetLines: full }))?.code).toBe('BUDGET.OVERDRAWN');
    });
  });

  describe('the order: the first failing rule answers', () => {
    const capped = withItem(item({ capPerEvent: money('10') }));
    it.each([
      // each case breaks the named rule and every later one it can
      ['1 before 2', [spend('1', { budgetLineId: 'BL9', itemId: 'I9' })], state(), 'BUDGET.UNKNOWN_LINE'],
      ['2 before 3', [spend('1', { itemId: 'I9', topCode: '502' })], state(), 'BUDGET.ITEM_NOT_ON_LIST'],
      ['3 before 4', [spend('1', { topCode: '502', budgetLineId: null })], state(), 'BUDGET.WRONG_CATEGORY'],
      ['4 (line) before 5', [spend('11', { budgetLineId: null })], state({ items: capped }), 'BUDGET.LINE_REQUIRED'],
      ['5 before 6', [spend('600')], state({ items: withItem(item({ capPerEvent: money('10') })) }), 'BUDGET.CAP_EXCEEDED'],
      ['5 (headcount) before 6', [spend('600')], state({ items: withItem(item({ capPerPersonOccasion: money('1') })) }), 'BUDGET.HEADCOUNT_REQUIRED'],
      ['all six', [spend('600', { budgetLineId: 'BL9', itemId: 'I9', topCode: '502' })], state({ items: capped }), 'BUDGET.UNKNOWN_LINE'],
    ])('%s', (_what, lines, controlState, code) => {
      expect(checkBudgetControl(lines, controlState)?.code).toBe(code);
    });

    it('checks a rule across all lines before the next rule', () => {
      // line 1 breaks rule 2, line 2 rule 1: rule 1 answers, about line 2
      const error = checkBudgetControl([spend('1', { itemId: 'I9' }), spend('1', { at: entryLine(1), budgetLineId: 'BL9' })], state());
      expect(error?.code).toBe('BUDGET.UNKNOWN_LINE');
      expect(error?.errors.map((e) => e.field)).toEqual(['lines.1.budgetLineId']);
      // line 1 overdraws (rule 6), line 2 of another union has no budget line (rule 4)
      const lines = [spend('600'), spend('1', { at: entryLine(1), unionId: 'B', budgetLineId: null, itemId: null })];
      expect(checkBudgetControl(lines, state({ budgetedUnions: new Set(['A', 'B']) }))?.code).toBe('BUDGET.LINE_REQUIRED');
      // 4: the budget line is asked for before the item
      expect(checkBudgetControl([spend('1', { budgetLineId: null, itemId: null })], state())?.code).toBe('BUDGET.LINE_REQUIRED');
    });
  });
});

describe('caps of a positive-list item (checkCaps)', () => {
  it('passes an item without caps, headcount or not', () => {
    expect(checkCaps(item(), request('1000000', null))).toBeUndefined();
  });

  it('per event: up to the cap, without a headcount', () => {
    const capped = item({ capPerEvent: money('300') });
    expect(checkCaps(capped, request('300', null))).toBeUndefined();
    const error = checkCaps(capped, request('300.01', null));
    expect(error?.code).toBe('BUDGET.CAP_EXCEEDED');
    expect(error?.status).toBe(422);
    expect(error?.extensions).toEqual({ itemId: 'I1', cap: 'per_event', limit: '300.00', requested: '300.01' });
    expect(error?.detail).toBe('Item Spring outing (P01) allows 300.00 per event; this asks 300.01.');
  });

  it('per person per occasion: the cap × the headcount', () => {
    const capped = item({ capPerPersonOccasion: money('33.33') });
    expect(checkCaps(capped, request('99.99', 3))).toBeUndefined();
    const error = checkCaps(capped, request('100', 3));
    expect(error?.extensions).toEqual({ itemId: 'I1', cap: 'per_person_occasion', limit: '99.99', requested: '100.00' });
    expect(error?.detail).toContain('33.33 per person per occasion × 3 people = 99.99');
    expect(checkCaps(capped, request('0.01', 0))?.extensions).toMatchObject({ limit: '0.00' });
  });

  it('per person or per member: wants a headcount', () => {
    for (const capped of [item({ capPerPersonOccasion: money('10') }), item({ capPerMemberYear: money('10') })]) {
      const error = checkCaps(capped, request('1', null));
      expect(error?.code).toBe('BUDGET.HEADCOUNT_REQUIRED');
      expect(error?.errors.map((e) => e.field)).toEqual(['memberCount']);
    }
  });

  it('per member per year: the cap × the headcount, within the union’s members', () => {
    const capped = item({ capPerMemberYear: money('200') });
    expect(checkCaps(capped, request('1000', 5))).toBeUndefined();
    expect(checkCaps(capped, request('1000.01', 5))?.extensions).toEqual({
      itemId: 'I1', cap: 'per_member_year', limit: '1000.00', requested: '1000.01',
    });
    expect(checkCaps(capped, request('1', 10, { unionMembers: 10 }))).toBeUndefined();
    const above = checkCaps(capped, request('1', 11, { unionMembers: 10 }));
    expect(above?.code).toBe('BUDGET.HEADCOUNT_ABOVE_MEMBERS');
    expect(above?.extensions).toEqual({ headcount: 11, members: 10 });
  });

  it('per member per year: the cap × the union’s members for the year, counting what is used already', () => {
    const capped = item({ capPerMemberYear: money('200') });
    // 10 members × 200.00 = 2000.00 a year
    expect(checkCaps(capped, request('500', 10, { usedThisYear: money('1500') }))).toBeUndefined();
    const error = checkCaps(capped, request('500.01', 10, { usedThisYear: money('1500') }));
    expect(error?.code).toBe('BUDGET.CAP_EXCEEDED');
    expect(error?.extensions).toEqual({ itemId: 'I1', cap: 'per_member_year', limit: '2000.00', requested: '2000.01' });
    expect(error?.detail).toContain('200.00 per member per year × 10 members = 2000.00 a year; 1500.00 is spent or committed already');
    // a smaller headcount does not make the year's room larger
    expect(checkCaps(capped, request('0.01', 1, { usedThisYear: money('2000') }))?.extensions).toMatchObject({ limit: '2000.00', requested: '2000.01' });
  });

  it('checks per event, then per person, then per member', () => {
    const all = item({ capPerEvent: money('100'), capPerPersonOccasion: money('10'), capPerMemberYear: money('5') });
    expect(checkCaps(all, request('100.01', null))?.extensions).toMatchObject({ cap: 'per_event' });
    expect(checkCaps(all, request('100', null))?.code).toBe('BUDGET.HEADCOUNT_REQUIRED');
    expect(checkCaps(all, request('100', 9))?.extensions).toMatchObject({ cap: 'per_person_occasion', limit: '90.00' });
    expect(checkCaps(all, request('90', 9))?.extensions).toMatchObject({ cap: 'per_member_year', limit: '45.00' });
    expect(checkCaps(all, request('45', 9))).toBeUndefined();
  });
});

describe('available amount (checkAvailable, availableOf)', () => {
  it('available = adjusted − committed − spent', () => {
    expect(availableOf(budgetLine()).toFixed(2)).toBe('500.00');
    expect(availableOf({ adjusted: money('0.03'), committed: money('0.01'), spent: money('0.01') }).toFixed(2)).toBe('0.01');
    expect(availableOf({ adjusted: money('100'), committed: money('60'), spent: money('60') }).toFixed(2)).toBe('-20.00');
  });

  it('accepts up to what is available, and refuses a fen more naming the amounts', () => {
    expect(checkAvailable(budgetLine(), money('500'))).toBeUndefined();
    const error = checkAvailable(budgetLine(), money('500.01'));
    expect(error?.code).toBe('BUDGET.OVERDRAWN');
    expect(error?.status).toBe(422);
    expect(error?.extensions).toEqual({
      budgetLineId: 'BL1', budget: '1000.00', spent: '300.00', committed: '200.00', available: '500.00', requested: '500.01',
    });
    expect(error?.detail).toContain('Budget line BL1 has 500.00 available (budget 1000.00, spent 300.00, committed 200.00); this needs 500.01.');
  });

  it('always accepts nothing or a give-back, even on an overdrawn line', () => {
    const overdrawn = budgetLine({ committed: money('800'), spent: money('800') });
    expect(checkAvailable(overdrawn, ZERO)).toBeUndefined();
    expect(checkAvailable(overdrawn, money('-100'))).toBeUndefined();
    expect(checkAvailable(overdrawn, money('0.01'))?.extensions).toMatchObject({ available: '-600.00' });
  });

  it('refuses any spending of a line with nothing left', () => {
    const empty = budgetLine({ adjusted: ZERO, committed: ZERO, spent: ZERO });
    expect(checkAvailable(empty, money('0.01'))?.extensions).toMatchObject({ budget: '0.00', available: '0.00', requested: '0.01' });
  });
});

describe('adjustments (adjustedAmount)', () => {
  const amountOf = (result: ReturnType<typeof adjustedAmount>) => ('amount' in result ? result.amount.toFixed(2) : result.error.code);

  it('raises and lowers the adjusted amount', () => {
    expect(amountOf(adjustedAmount(budgetLine(), money('250.50')))).toBe('1250.50');
    expect(amountOf(adjustedAmount(budgetLine(), money('-499.99')))).toBe('500.01');
    expect(amountOf(adjustedAmount(budgetLine(), ZERO))).toBe('1000.00');
  });

  it('lowers it down to what is spent and committed, not below', () => {
    expect(amountOf(adjustedAmount(budgetLine(), money('-500')))).toBe('500.00');
    const result = adjustedAmount(budgetLine(), money('-500.01'));
    expect('error' in result && result.error.code).toBe('BUDGET.ADJUSTMENT_BELOW_USED');
    expect('error' in result && result.error.extensions).toEqual({ budgetLineId: 'BL1', amount: '499.99', spent: '300.00', committed: '200.00' });
  });

  it('lowers an unused line to zero, not below', () => {
    const unused = budgetLine({ committed: ZERO, spent: ZERO });
    expect(amountOf(adjustedAmount(unused, money('-1000')))).toBe('0.00');
    const result = adjustedAmount(unused, money('-1000.01'));
    expect('error' in result && result.error.code).toBe('BUDGET.ADJUSTMENT_BELOW_ZERO');
    expect('error' in result && result.error.extensions).toEqual({ budgetLineId: 'BL1' });
    expect('error' in result && result.error.detail).toBe('Budget line BL1 is 1000.00; a change of -1000.01 takes it below zero.');
  });

  it('names below zero before below used', () => {
    expect(amountOf(adjustedAmount(budgetLine(), money('-1000.01')))).toBe('BUDGET.ADJUSTMENT_BELOW_ZERO');
  });

  it('does not let an overdrawn line be raised short of what is used', () => {
    const overdrawn = budgetLine({ committed: money('800'), spent: money('800') });
    expect(amountOf(adjustedAmount(overdrawn, money('599.99')))).toBe('BUDGET.ADJUSTMENT_BELOW_USED');
    expect(amountOf(adjustedAmount(overdrawn, money('600')))).toBe('1600.00');
  });
});

describe('% executed (percentExecuted)', () => {
  it.each([
    ['0', '1000', '0.00'],
    ['300', '1000', '30.00'],
    ['1', '3', '33.33'],
    ['2', '3', '66.67'],
    ['1', '800', '0.13'], // 0.125: half up, not half even
    ['2.5', '2000', '0.13'],
    ['0.01', '0.08', '12.50'],
    ['1', '1600', '0.06'], // 0.0625
    ['1', '199.99', '0.50'], // 0.500025…
    ['-10', '1000', '-1.00'],
    ['1', '0.02', '5000.00'],
    ['1500', '1000', '150.00'],
  ])('%s of %s is %s%%', (spent, budget, expected) => {
    expect(percentExecuted(money(spent), money(budget))).toBe(expected);
  });

  it('is none for a zero budget', () => {
    expect(percentExecuted(ZERO, ZERO)).toBeNull();
    expect(percentExecuted(money('10'), money('0.00'))).toBeNull();
  });
});
