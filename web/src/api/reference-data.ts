import { api } from './client';
import { engagementHeader } from '../engagement-scope';
import type { components } from './schema';

export type Union = components['schemas']['UnionView'];
export type Account = components['schemas']['AccountView'];

const pending = new Map<string, Promise<unknown>>();

/**
 * One request at a time for the same list: the header's union switcher and the screen ask for the unions together
 * when the console opens. Nothing is kept once the answer is in, so a list read later is always fresh.
 */
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  const asked = pending.get(key) as Promise<T> | undefined;
  if (asked) return asked;
  const promise = load().finally(() => pending.delete(key));
  pending.set(key, promise);
  return promise;
}

/** The centre's unions (up to the API's page size of 200, enough for a street's centre; more need the API's `q`). */
export async function loadUnions(centreId: string): Promise<Union[]> {
  // an auditor's unions are those of the engagement the request is made under
  const items = await once(`unions ${centreId} ${engagementHeader() ?? ''}`, async () => {
    const { data, error } = await api.GET('/api/v1/centres/{centreId}/unions', {
      params: { path: { centreId }, query: { pageSize: 200 } },
    });
    if (!data) throw error;
    return data.items;
  });
  return [...items];
}

/** The accounts a line may post to (末级科目), in code order. */
export async function loadPostableAccounts(centreId: string): Promise<Account[]> {
  const { data, error } = await api.GET('/api/v1/centres/{centreId}/accounts', { params: { path: { centreId } } });
  if (!data) throw error;
  return data.filter((account) => account.postable).sort((a, b) => a.code.localeCompare(b.code));
}
