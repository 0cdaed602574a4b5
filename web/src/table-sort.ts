/** What Element Plus's table says when a column's sort arrows are clicked. */
export interface TableSortChange {
  prop: string | null;
  order: 'ascending' | 'descending' | null;
}

/**
 * A click on a sortable column as the API's `sort` (`key` or `-key`), so that the order spans every page; the list's
 * `fallback` when the column's sort is cleared.
 */
export function apiSort<S extends string>({ prop, order }: TableSortChange, fallback: S): S;
export function apiSort<S extends string>({ prop, order }: TableSortChange, fallback?: S): S | undefined;
export function apiSort<S extends string>({ prop, order }: TableSortChange, fallback?: S): S | undefined {
  return prop && order ? (`${order === 'descending' ? '-' : ''}${prop}` as S) : fallback;
}
