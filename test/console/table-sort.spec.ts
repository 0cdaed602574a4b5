import { apiSort } from '../../web/src/table-sort.js';

describe('a table column sort as the API sort (web/src/table-sort.ts)', () => {
  it('asks for the key ascending, or with a leading "-" descending', () => {
    expect(apiSort({ prop: 'amount', order: 'ascending' })).toBe('amount');
    expect(apiSort({ prop: 'amount', order: 'descending' })).toBe('-amount');
  });

  it('falls back to the list order when the sort is cleared', () => {
    expect(apiSort({ prop: 'amount', order: null }, '-receivedOn')).toBe('-receivedOn');
    expect(apiSort({ prop: null, order: null })).toBeUndefined();
  });
});
