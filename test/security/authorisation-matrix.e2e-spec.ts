import type request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { OPERATIONS, requestFor } from './operations.js';
import { buildSecurityWorld, ROLES, type RoleName, type ScopeName, SCOPES, type SecurityWorld } from './security-world.js';

/**
 * Invariant 8 checked exhaustively: every operation of the OpenAPI document, as every role, on the objects of the
 * caller's own union, of another union of the same centre and of another centre (and another centre's objects named
 * under one's own centre), answers as the operation's `x-roles` and the scope rules say.
 */

type Operation = { method: string; path: string; roles: string[]; fields: string[] };
type DocumentOperation = { 'x-roles'?: string[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } };
type Scope = ScopeName | 'foreign';

const PREFIX = '/api/v1';
const READ_ONLY: RoleName[] = ['member', 'enterprise', 'internal_auditor', 'state_auditor', 'social_auditor'];
/** Roles bound to part of a centre: one union (auditors: the unions of their engagements), one enterprise. */
const PART_OF_CENTRE: RoleName[] = READ_ONLY.concat(['union_treasurer', 'union_chair']);
/** The writes a read-only role may make: its own password and login, and the auditors' findings. */
const READ_ONLY_WRITES = new Set([
  'POST /auth/login',
  'POST /auth/password',
  'POST /centres/{centreId}/audit-engagements/{engagementId}/findings',
  'POST /centres/{centreId}/audit-findings/{findingId}/close',
]);
const MASS_ASSIGNED: Record<string, unknown> = {
  id: '6f1c0d2e-9a51-4bb0-8f0e-1f6c8a2b9d11', centreId: '', unionId: '', role: 'system_admin', status: 'posted', postedAt: '2020-01-01T00:00:00Z',
  createdBy: '6f1c0d2e-9a51-4bb0-8f0e-1f6c8a2b9d12', version: 99, constructor: { role: 'system_admin' }, prototype: { status: 'posted' },
};
// an own field named __proto__, as JSON.parse makes of {"__proto__": …} (a literal would set the prototype instead)
Object.defineProperty(MASS_ASSIGNED, '__proto__', { value: { isAdmin: true }, enumerable: true, writable: true, configurable: true });
const BATCH = 12;

describe('authorisation matrix: every operation × every role × own / other union / other centre', () => {
  let t: TestApp;
  let world: SecurityWorld;
  let operations: Operation[];
  const anomalies: string[] = [];
  let calls = 0;
  /** allowed calls in scope that succeeded: the world is real enough for the matrix to mean something */
  let succeeded = 0;

  beforeAll(async () => {
    // thousands of small writes, durability not under test: commits need not wait for the disk
    t = await createTestApp({}, { quickCommits: true });
    // one listening server for the thousands of calls (supertest otherwise opens and closes one per request)
    await t.app.listen(0, '127.0.0.1');
    world = await buildSecurityWorld(t);
    const document = (await t.api.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, DocumentOperation>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const fieldsOf = (op: DocumentOperation) => {
      const ref = op.requestBody?.content['application/json']?.schema.$ref;
      return ref ? Object.keys(document.components.schemas[ref.split('/').pop()!].properties ?? {}) : [];
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(), path: path.slice(PREFIX.length), roles: op['x-roles'] ?? [], fields: fieldsOf(op),
      })),
    );
  }, 120_000);
  afterAll(() => t?.close());

  const key = (op: Operation) => `${op.method} ${op.path}`;

  it('declares a rule on every operation, and the matrix knows how to call every one', () => {
    expect(operations.length).toBeGreaterThan(90);
    expect(operations.filter((op) => op.roles.length === 0).map(key)).toEqual([]);
    expect(operations.map(key).filter((k) => !OPERATIONS[k])).toEqual([]);
    // and nothing stale in the table
    expect(Object.keys(OPERATIONS).filter((k) => !operations.some((op) => key(op) === k))).toEqual([]);
  });

  it('lets read-only roles write only their password, their login and the auditors’ findings', () => {
    const writes = operations.filter((op) => op.method !== 'GET' && (op.roles.includes('public') || op.roles.some((r) => READ_ONLY.includes(r as RoleName))));
    expect(writes.map(key).filter((k) => !READ_ONLY_WRITES.has(k))).toEqual([]);
  });

  /** The ids a role must never see in an answer. */
  function foreignIds(role: RoleName): Set<string> {
    if (role === 'system_admin') return new Set();
    const scopes: ScopeName[] = PART_OF_CENTRE.includes(role) ? ['otherUnion', 'otherCentre'] : ['otherCentre'];
    return new Set(scopes.flatMap((s) => [...world.idsOf[s]]));
  }

  function send(op: Operation, role: RoleName | null, url: string, body: unknown): Promise<request.Response> {
    calls += 1;
    const method = op.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const token = role ? world.tokens[role] : undefined;
    const upload = OPERATIONS[key(op)].upload?.(world.scopes.own);
    if (upload) {
      let test = t.api.http()[method](`${PREFIX}${url}`);
      if (token) test = test.set('Authorization', `Bearer ${token}`);
      for (const [name, value] of Object.entries(upload.fields)) test = test.field(name, value);
      return test.attach('file', Buffer.from(upload.file.content, 'utf8'), { filename: upload.file.name, contentType: 'text/csv' });
    }
    return t.api.call(method, url, token, method === 'get' ? undefined : (body ?? {}));
  }

  interface Case {
    op: Operation;
    role: RoleName;
    scope: Scope;
    url: string;
    body: unknown;
    leakCheckOnly: boolean;
    allowed: boolean;
    inScope: boolean;
  }

  function casesOf(op: Operation): Case[] {
    const cases: Case[] = [];
    const centred = op.path.startsWith('/centres/{centreId}');
    for (const role of ROLES) {
      const allowed = op.roles.includes('public') || op.roles.includes(role);
      const own = requestFor(op.method, op.path, world.scopes.own, role);
      for (const scope of [...SCOPES, 'foreign'] as Scope[]) {
        if (!centred && scope !== 'own') continue; // nothing of a scope in the request
        const objects = scope === 'foreign' ? { ...world.scopes.otherCentre, centreId: world.centre1 } : world.scopes[scope];
        const { url, body, filter } = requestFor(op.method, op.path, objects, role);
        const text = url + JSON.stringify(body ?? null);
        const mentions = (s: ScopeName) => [...world.idsOf[s]].some((id) => text.includes(id));
        if (scope === 'foreign' && url === own.url && !mentions('otherCentre')) continue;
        let inScope = true;
        if (scope === 'otherCentre') inScope = role === 'system_admin';
        if (scope === 'otherUnion') inScope = !(PART_OF_CENTRE.includes(role) && mentions('otherUnion'));
        if (scope === 'foreign') inScope = false;
        // a filtered list may answer an empty page for a filter naming a union out of scope; an object named in the
        // path of another centre is not found, filter or not
        const leakCheckOnly = op.method === 'GET' && filter && (scope === 'otherUnion' || url.split('?')[0] === own.url.split('?')[0]);
        cases.push({ op, role, scope, url, body, leakCheckOnly, allowed, inScope });
      }
    }
    return cases;
  }

  function judge(c: Case, response: request.Response): void {
    const { status } = response;
    const where = `${c.op.method} ${c.url} as ${c.role} (${c.scope})`;
    const fail = (why: string): void => {
      anomalies.push(`${where}: ${why} — got ${status} ${JSON.stringify(response.body).slice(0, 300)}`);
    };
    const success = status >= 200 && status < 300;
    if (status >= 500) return fail('server error');
    if (!success && !/^application\/problem\+json/.test(String(response.headers['content-type']))) fail('an error that is not problem details');
    if (success && c.allowed && c.inScope) succeeded += 1;
    // MATRIX_VERBOSE=1 lists the allowed calls that were refused (to keep the bodies of the table plausible)
    if (!success && c.allowed && c.inScope && process.env.MATRIX_VERBOSE) process.stdout.write(`refused: ${where} ${status} ${response.body?.code}\n`);
    if (!c.allowed) {
      if (c.scope === 'own' ? status !== 403 : ![403, 404].includes(status)) fail('role outside x-roles: expected 403');
      return;
    }
    if (success && c.op.method !== 'GET' && READ_ONLY.includes(c.role) && !READ_ONLY_WRITES.has(`${c.op.method} ${c.op.path}`)) {
      return fail('a read-only role wrote');
    }
    if (!c.inScope) {
      if (!c.leakCheckOnly && success) return fail('out of scope, yet answered 2xx');
      if (!success && ![403, 404, 422].includes(status)) return fail('out of scope: expected 404 (or 403)');
    }
    if (success && c.op.method === 'GET') {
      const text = typeof response.text === 'string' ? response.text : JSON.stringify(response.body);
      const leaked = [...foreignIds(c.role)].filter((id) => text.includes(id));
      if (leaked.length > 0) fail(`answer names objects out of the caller's scope: ${leaked.join(', ')}`);
    }
  }

  async function runAll(cases: Case[], parallel: boolean): Promise<void> {
    if (!parallel) {
      for (const c of cases) judge(c, await send(c.op, c.role, c.url, c.body));
      return;
    }
    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      const responses = await Promise.all(batch.map((c) => send(c.op, c.role, c.url, c.body)));
      batch.forEach((c, index) => judge(c, responses[index]));
    }
  }

  it('answers every call as x-roles and the scope rules say', async () => {
    const started = Date.now();
    // anonymous: every operation but the public ones is 401
    const anonymous = operations.filter((op) => !op.roles.includes('public'));
    for (let i = 0; i < anonymous.length; i += BATCH) {
      const batch = anonymous.slice(i, i + BATCH);
      const urls = batch.map((op) => requestFor(op.method, op.path, world.scopes.own, 'centre_accountant'));
      const responses = await Promise.all(batch.map((op, index) => send(op, null, urls[index].url, urls[index].body)));
      responses.forEach((response, index) => {
        if (response.status !== 401) anomalies.push(`${key(batch[index])} without a token: expected 401, got ${response.status}`);
      });
    }

    // reads first, all at once; then each write: what must be refused before what may succeed (which changes objects)
    const reads = operations.filter((op) => op.method === 'GET');
    await runAll(reads.flatMap(casesOf), true);
    for (const op of operations.filter((o) => o.method !== 'GET')) {
      const cases = casesOf(op);
      await runAll(cases.filter((c) => !c.allowed || !c.inScope), true);
      await runAll(cases.filter((c) => c.allowed && c.inScope), false);
    }
    process.stdout.write(`authorisation matrix: ${operations.length} operations, ${calls} calls (${succeeded} allowed ones succeeded) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(anomalies).toEqual([]);
    expect(succeeded).toBeGreaterThan(500);
  }, 300_000);

  it('never applies fields a caller may not set (centre, union, role, status, posting, author)', async () => {
    let checked = 0;
    for (const op of operations.filter((o) => o.method !== 'GET' && OPERATIONS[key(o)].body)) {
      const role = (op.roles.includes('public') ? 'centre_accountant' : op.roles.find((r) => r !== 'system_admin') ?? op.roles[0]) as RoleName;
      const { url, body } = requestFor(op.method, op.path, world.scopes.own, role);
      const extra = { ...MASS_ASSIGNED, centreId: world.centre2, unionId: world.scopes.otherCentre.unionId };
      const own = body as Record<string, unknown>;
      // fields the operation really has are set on purpose (and attacked by the matrix with other scopes' ids)
      const smuggled: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(extra)) {
        if (Object.hasOwn(own, field) || op.fields.includes(field)) continue;
        Object.defineProperty(smuggled, field, { value, enumerable: true, writable: true, configurable: true });
      }
      // the names that reach a prototype are refused by a pipe of their own, before the others are looked at
      const prototypeKeys = ['__proto__', 'constructor', 'prototype'];
      const groups = [Object.keys(smuggled).filter((f) => !prototypeKeys.includes(f)), Object.keys(smuggled).filter((f) => prototypeKeys.includes(f))];
      for (const fields of groups.filter((g) => g.length > 0)) {
        const extraBody: Record<string, unknown> = Object.assign(Object.create(null), own);
        for (const field of fields) Object.defineProperty(extraBody, field, { value: smuggled[field], enumerable: true, writable: true, configurable: true });
        const response = await send(op, role, url, extraBody);
        checked += 1;
        if (response.status !== 400 || response.body.code !== 'COMMON.VALIDATION_FAILED') {
          anomalies.push(`${key(op)} with ${fields.join(', ')}: expected 400, got ${response.status}`);
          continue;
        }
        const named = new Set((response.body.errors as Array<{ field: string }>).map((e) => e.field));
        const missed = fields.filter((field) => !named.has(field));
        if (missed.length > 0) anomalies.push(`${key(op)}: unknown fields not named: ${missed.join(', ')}`);
      }
    }
    process.stdout.write(`mass assignment: ${checked} writes with extra fields\n`);
    expect(anomalies).toEqual([]);
  });
});
