/** The API's largest page (MAX_PAGE_SIZE in src/common/pagination.ts). */
export const LARGEST_PAGE = 200;

/** What openapi-fetch answers for one page of a list. */
export interface PageAnswer<T> {
  data?: { items: T[]; total: number };
  error?: unknown;
}

/**
 * Every row a paged list's filters select, in the list's order, read a largest page at a time: what a table's
 * 导出Excel saves while the table shows one page of it. The first refusal ends the reading and is handed back.
 */
export async function readAllPages<T>(read: (page: number, pageSize: number) => Promise<PageAnswer<T>>): Promise<{ rows: T[] } | { error: unknown }> {
  const rows: T[] = [];
  for (let page = 1; ; page += 1) {
    const { data, error } = await read(page, LARGEST_PAGE);
    if (!data) return { error };
    rows.push(...data.items);
    // a short page is the last, even when rows were added meanwhile and the total has grown
    if (data.items.length < LARGEST_PAGE || rows.length >= data.total) return { rows };
  }
}
