/**
 * Binds the current transaction to one centre (migration DatabaseDefence): row-level security then answers only that
 * centre's rows on every table that belongs to a centre, and refuses writes into another, whatever the SQL asks for.
 * The binding ends with the transaction (set_config(…, true)), so a pooled connection never carries it to the next
 * user. Used where a whole centre's data leaves the service in one piece (the auditors' trail export).
 */
export async function bindTransactionToCentre(client: { query: (sql: string, params?: unknown[]) => Promise<unknown> }, centreId: string): Promise<void> {
  await client.query(`SELECT set_config('dcl.centre_id', $1, true)`, [centreId]);
}
