import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

/**
 * Bodies generated from an operation's request schema (OpenAPI), then corrupted so that validation or the service
 * must refuse them. Every body carries at least one corruption that no valid request has ("sure"), plus perhaps
 * hostile values that a valid request may carry (SQL metacharacters, unicode edge cases, zero and negative amounts,
 * huge numbers), so the validators and the code behind them meet both.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
}

export type Schemas = Record<string, Schema>;

/** Decimal strings whose schema gives no pattern (shares, rates, statement amounts, changes …). */
const DECIMAL_FIELDS = /^(amount|debit|credit|rate|share|retainedShare|preparationTransferShare|change|balance|totalPayroll|capPer\w+)$/;
const PERIOD_FIELDS = /^(period|periodFrom|periodTo|namedPeriod)$/;

/** Text a valid request may carry, that has broken many a system. */
export const HOSTILE_TEXT = [
  "'; DROP TABLE journal_entry; --", '" OR "1"="1', "' OR 1=1 --", '\\', '%_%', '$1', '${jndi:ldap://x}', '{{7*7}}',
  '\u202Eevil\u202C', 'zero\u200Bwidth\u200D', '\uFEFFbom', 'lone \uD800 surrogate', 'other lone \uDC00', '👨‍👩‍👧 family',
  'e\u0301\u0301\u0301', '𠜎𠜱𠝹', 'non\u00A0breaking', 'عربي RTL', '<img src=x onerror=alert(1)>', '=HYPERLINK("http://x","y")',
  '+SUM(1,2)', '@cmd', '-2+3', '../../etc/passwd', 'null', 'undefined', 'NaN', 'true', '0', ' ', '',
];
const BAD_DECIMALS = ['NaN', 'Infinity', '-Infinity', '1e5', 'abc', '', ' ', '0x10', '1,000.00', '１２.００', '12.345.6', '١٢', '--1', '1.2.3'];
/** Bad for money fields with the two-decimal pattern (never negative, at most sixteen digits before the point). */
const BAD_MONEY = [...BAD_DECIMALS, '1.001', '12.345', '-1.00', '-0.01', '99999999999999999.00', '00012.00', '+1.00', '.5', '5.'];
/** Bad for every date field: a union's founding day may be as early as 1925-05-01, every other date lies in 2000–2999. */
const BAD_DATES = ['0000-00-00', '2025-02-30', '9999-12-31', '1900-01-01', '2025-13-01', '2025-1-1', '20251101', "2025-11-01' OR 1=1--", '2025-11-01T00:00:00Z', '', 'today'];
const BAD_PERIODS = ['2025-13', '2025-00', '0000-00', '25-11', "2025-11'--", '', '2025/11', '2025-1'];
const BAD_UUIDS = ['not-a-uuid', "' OR 1=1 --", '00000000-0000-0000-0000-00000000000g', '', '6f1c0d2e9a514bb08f0e1f6c8a2b9d11', '../..'];
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -1, 0, 1.5, 1e-7];
const WRONG_TYPES: Record<string, unknown[]> = {
  string: [12, 1.5, true, false, {}, [], ['x'], { $gt: '' }],
  number: ['12', '1e3', true, {}, [], [1]],
  boolean: ['true', 1, 0, 'false', {}, []],
  array: [{}, 'x', 1, true, { 0: 'a' }],
  object: [[], 'x', 1, true],
};
const UNKNOWN_FIELDS = ['centreId', 'role', 'unionId', 'status', 'postedAt', 'createdBy', 'id', 'version', '__proto__', 'constructor', 'prototype', 'isAdmin', 'x'];

export function resolve(schema: Schema, schemas: Schemas): Schema {
  return schema.$ref ? schemas[schema.$ref.split('/').pop()!] : schema;
}

function kindOf(schema: Schema): string {
  if (schema.properties || schema.$ref) return 'object';
  return schema.type ?? 'string';
}

/** A plausible value of the schema, with hostile text where free text goes. */
export function valid(schema: Schema, schemas: Schemas, name: string, ids: string[]): fc.Arbitrary<unknown> {
  const s = resolve(schema, schemas);
  if (s.properties) {
    const required = s.required ?? [];
    const arbs = Object.fromEntries(Object.entries(s.properties).map(([key, sub]) => [key, valid(sub, schemas, key, ids)]));
    return fc.record(arbs, { requiredKeys: required });
  }
  if (s.type === 'array') return fc.array(valid(s.items ?? {}, schemas, name, ids), { minLength: 1, maxLength: 3 });
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'number' || s.type === 'integer') {
    return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 1_000_000, 1_000_000) });
  }
  if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'uuid' || /Ids?$/.test(name)) return fc.constantFrom(...ids, randomUUID());
  if (s.pattern || DECIMAL_FIELDS.test(name)) {
    return fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 })).map(([n, c]) => `${n}.${String(c).padStart(2, '0')}`);
  }
  if (PERIOD_FIELDS.test(name)) return fc.tuple(fc.integer({ min: 2000, max: 2999 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
  const max = Math.min(s.maxLength ?? 64, 200);
  return fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: max, unit: 'grapheme' }), fc.string({ maxLength: max, unit: 'binary' }))
    .map((text) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').slice(0, max));
}

/** Where a value sits in a body, and the schema it should follow. */
interface Slot {
  path: Array<string | number>;
  name: string;
  schema: Schema;
  required: boolean;
}

function slotsOf(value: unknown, schema: Schema, schemas: Schemas, path: Array<string | number> = [], name = '', required = true): Slot[] {
  const s = resolve(schema, schemas);
  const slots: Slot[] = path.length > 0 ? [{ path, name, schema: s, required }] : [];
  if (s.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, sub] of Object.entries(s.properties)) {
      if (key in (value as object)) slots.push(...slotsOf((value as Record<string, unknown>)[key], sub, schemas, [...path, key], key, (s.required ?? []).includes(key)));
    }
  }
  if (s.type === 'array' && Array.isArray(value)) {
    value.forEach((item, index) => slots.push(...slotsOf(item, s.items ?? {}, schemas, [...path, index], name, true)));
  }
  return slots;
}

function setAt(body: unknown, path: Array<string | number>, value: unknown, remove = false): void {
  let node = body as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

/** A value no valid request has in this slot (null in a field that may not be null, a wrong type, a bad string …). */
function sureBadValues(slot: Slot): unknown[] {
  const s = slot.schema;
  const kind = kindOf(s);
  const values: unknown[] = [...(WRONG_TYPES[kind] ?? WRONG_TYPES.string)];
  if (!s.nullable) values.push(null);
  if (kind === 'string') {
    values.push(`${'x'}\u0000nul`);
    if (s.enum) values.push('NOT_IN_ENUM', String(s.enum[0]).toUpperCase() + '_', `${String(s.enum[0])} `);
    else if (s.format === 'date') values.push(...BAD_DATES);
    else if (s.format === 'uuid') values.push(...BAD_UUIDS);
    else if (s.pattern) values.push(...BAD_MONEY);
    else if (DECIMAL_FIELDS.test(slot.name)) values.push(...BAD_DECIMALS);
    else if (PERIOD_FIELDS.test(slot.name)) values.push(...BAD_PERIODS);
    if (s.maxLength) values.push('长'.repeat(s.maxLength + 1), 'x'.repeat(s.maxLength * 10 + 1));
  }
  if (kind === 'number') {
    if (s.minimum !== undefined) values.push(s.minimum - 1);
    if (s.maximum !== undefined) values.push(s.maximum + 1, 1e308);
  }
  if (kind === 'object') values.push([{}]);
  return values;
}

/** Values a valid request may carry in this slot: accepted or refused, never a 5xx. */
function maybeBadValues(slot: Slot): unknown[] {
  const s = slot.schema;
  const kind = kindOf(s);
  if (kind === 'number') return HUGE_NUMBERS;
  if (kind === 'string' && !s.enum && !s.format) {
    if (s.pattern || DECIMAL_FIELDS.test(slot.name)) return ['0', '0.00', '-0.00', '-1.00', '9999999999999999.99', '0.01', '1'];
    if (!PERIOD_FIELDS.test(slot.name)) return HOSTILE_TEXT.map((text) => text.slice(0, s.maxLength ?? 64));
  }
  if (kind === 'string' && s.format === 'date') return ['2000-01-01', '2999-12-31', '2024-02-29', '1999-12-31'];
  if (kind === 'string' && s.format === 'uuid') return [randomUUID(), '00000000-0000-0000-0000-000000000000'];
  return [];
}

export interface Corrupted {
  /** JSON text to send (raw, so that bodies JSON cannot hold as objects are sent too) */
  text: string;
  /** what was done, for the report of a failure */
  how: string[];
}

/**
 * Corrupts a valid body: at least one sure corruption, and up to two maybe-bad values. `pick` draws from fast-check's
 * random source so a failure shrinks and replays.
 */
export function corrupt(body: unknown, schema: Schema, schemas: Schemas, pick: (n: number) => number): Corrupted {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const slots = slotsOf(copy, schema, schemas);
  const how: string[] = [];
  // maybe-bad values first (they may land in a slot the sure corruption then replaces)
  for (let i = pick(3); i > 0 && slots.length > 0; i -= 1) {
    const slot = slots[pick(slots.length)];
    const values = maybeBadValues(slot);
    if (values.length === 0) continue;
    const value = values[pick(values.length)];
    setAt(copy, slot.path, value);
    how.push(`maybe ${slot.path.join('.')}=${JSON.stringify(value).slice(0, 40)}`);
  }
  const sure = pick(10);
  if (sure === 0 || slots.length === 0) {
    const field = UNKNOWN_FIELDS[pick(UNKNOWN_FIELDS.length)];
    const values: unknown[] = ['x', 1, null, true, { role: 'system_admin' }, [randomUUID()], nested(40)];
    const value = values[pick(values.length)];
    setAt(copy, [field], value);
    how.push(`unknown field ${field}`);
    return { text: JSON.stringify(copy), how };
  }
  if (sure === 1) {
    const required = slots.filter((slot) => slot.required && typeof slot.path[slot.path.length - 1] === 'string');
    if (required.length > 0) {
      const slot = required[pick(required.length)];
      setAt(copy, slot.path, undefined, true);
      how.push(`without ${slot.path.join('.')}`);
      return { text: JSON.stringify(copy), how };
    }
  }
  if (sure === 2) {
    const texts = ['null', '"just a string"', '42', 'true', '[]', `[${JSON.stringify(copy)}]`, '{"a":', '{"a":1,}', "{'a':1}", '\u0000', 'NaN'];
    const text = texts[pick(texts.length)];
    how.push(`body ${text.slice(0, 20)}`);
    return { text, how };
  }
  const slot = slots[pick(slots.length)];
  const values = sureBadValues(slot);
  const value = values[pick(values.length)];
  setAt(copy, slot.path, value);
  how.push(`sure ${slot.path.join('.')}=${JSON.stringify(value)?.slice(0, 40)}`);
  return { text: JSON.stringify(copy), how };
}

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/** Path parameter values that name nothing the caller may touch (or nothing at all). */
export function hostilePathValues(name: string, foreignIds: string[]): string[] {
  const common = ["' OR 1=1 --", 'not-a-uuid', '%00', '..%2F..%2F', '長'.repeat(300), '\uD800', '\u202E', randomUUID(), '00000000-0000-0000-0000-000000000000', ...foreignIds];
  if (name === 'lineNo') return ['0', '-1', '1.5', '99999999999999999999', 'NaN', '1e3', ' 1', '2147483648'];
  if (name === 'period') return ['2025-13', '0000-00', '2999-12', '9999-12', "2025-11'--", '2025-1', 'NaN'];
  return common;
}
