/**
 * A statement (资产负债表, 收入支出表) as the rows of a table: section headings, the lines under them, and the totals
 * the API computed. Pure: the rows carry the API's decimal text, nothing is summed here.
 */
export interface StatementRow<K extends string> {
  kind: 'section' | 'line' | 'total';
  name: string;
  code?: string;
  amounts?: Partial<Record<K, string>>;
}

export function section<K extends string>(name: string): StatementRow<K> {
  return { kind: 'section', name };
}

export function lines<K extends string, L extends { code: string; name: string } & Record<K, string>>(items: L[], keys: readonly K[]): StatementRow<K>[] {
  return items.map((item) => ({
    kind: 'line',
    name: item.name,
    code: item.code,
    amounts: Object.fromEntries(keys.map((key) => [key, String(item[key])])) as Partial<Record<K, string>>,
  }));
}

export function total<K extends string>(name: string, amounts: Record<K, string>): StatementRow<K> {
  return { kind: 'total', name, amounts };
}
