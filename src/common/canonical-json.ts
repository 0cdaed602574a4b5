/**
 * Canonical JSON (RFC 8785, JCS) for the values the audit trail hashes: objects with keys sorted by UTF-16 code
 * units, no whitespace, strings and numbers serialised as ECMAScript's JSON.stringify does. Any JCS
 * implementation in any language gives the same bytes, which is what lets an outside tool recompute the chain.
 * Money never appears as a number here (it is a decimal string), so the number rules never meet a fraction.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}
