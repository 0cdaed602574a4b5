import { orderBy } from './sorting.js';

describe('orderBy', () => {
  const columns = { date: 'e.entry_date', number: 'e.number' };

  it('sorts ascending, or descending with a leading "-", then by the tiebreak', () => {
    expect(orderBy('date', columns, 'e.entry_date DESC', 'e.id')).toBe('e.entry_date ASC NULLS LAST, e.id');
    expect(orderBy('-number', columns, 'e.entry_date DESC', 'e.id')).toBe('e.number DESC NULLS LAST, e.id');
  });

  it('falls back to the list order when nothing (or an unknown key) is asked for', () => {
    expect(orderBy(undefined, columns, 'e.entry_date DESC', 'e.id')).toBe('e.entry_date DESC, e.id');
    expect(orderBy('-memo; DROP TABLE x', columns, 'e.entry_date DESC', 'e.id')).toBe('e.entry_date DESC, e.id');
  });
});
