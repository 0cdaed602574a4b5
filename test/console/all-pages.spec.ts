import { LARGEST_PAGE, readAllPages } from '../../web/src/all-pages.js';

describe('reading every page of a list for its export (web/src/all-pages.ts)', () => {
  const list = (count: number) => Array.from({ length: count }, (_, i) => i);
  const pagesOf = (rows: number[], total = rows.length) => {
    const asked: Array<[number, number]> = [];
    const read = async (page: number, pageSize: number) => {
      asked.push([page, pageSize]);
      return { data: { items: rows.slice((page - 1) * pageSize, page * pageSize), total } };
    };
    return { asked, read };
  };

  it('reads the largest pages in order until it has the total', async () => {
    const rows = list(2 * LARGEST_PAGE + 3);
    const { asked, read } = pagesOf(rows);
    expect(await readAllPages(read)).toEqual({ rows });
    expect(asked).toEqual([[1, LARGEST_PAGE], [2, LARGEST_PAGE], [3, LARGEST_PAGE]]);
  });

  it('stops at a full last page and at a short page whatever the total says', async () => {
    const exact = pagesOf(list(LARGEST_PAGE));
    expect(await readAllPages(exact.read)).toEqual({ rows: list(LARGEST_PAGE) });
    expect(exact.asked).toHaveLength(1);
    const grown = pagesOf(list(5), 9);
    expect(await readAllPages(grown.read)).toEqual({ rows: list(5) });
    expect(grown.asked).toHaveLength(1);
    const empty = pagesOf([]);
    expect(await readAllPages(empty.read)).toEqual({ rows: [] });
  });

  it('hands back the first refusal', async () => {
    const problem = { status: 400 };
    let calls = 0;
    const result = await readAllPages(async (page) => {
      calls += 1;
      return page === 1 ? { data: { items: list(LARGEST_PAGE), total: 1000 } } : { error: problem };
    });
    expect(result).toEqual({ error: problem });
    expect(calls).toBe(2);
  });
});
