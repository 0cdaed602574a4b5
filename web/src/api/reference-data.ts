import { api } from './client';
import type { components } from './schema';

export type Union = components['schemas']['UnionView'];
export type Account = components['schemas']['AccountView'];

/** The centre's unions (up to the API's page size of 200, enough for a street's centre; more need the API's `q`). */
export async function loadUnions(centreId: string): Promise<Union[]> {
  const { data, error } = await api.GET('/api/v1/centres/{centreId}/unions', {
    params: { path: { centreId }, query: { pageSize: 200 } },
  });
  if (!data) throw error;
  return data.items;
}

/** The accounts a line may post to (末级科目), in code order. */
export async function loadPostableAccounts(centreId: string): Promise<Account[]> {
  const { data, error } = await api.GET('/api/v1/centres/{centreId}/accounts', { params: { path: { centreId } } });
  if (!data) throw error;
  return data.filter((account) => account.postable).sort((a, b) => a.code.localeCompare(b.code));
}
