import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { corrupt, hostilePathValues, resolve, type Schema, type Schemas, valid } from './hostile-bodies.js';
import { defaultParam, OPERATIONS, requestFor } from './operations.js';
import { buildSecurityWorld, type RoleName, type ScopeObjects, type SecurityWorld } from './security-world.js';

/**
 * Hostile input (issue 9.3): every write operation of the OpenAPI document receives bodies generated from its request
 * schema and corrupted (wrong types, huge numbers, more than two decimals, NaN/Infinity, overlong and odd unicode
 * text, SQL metacharacters, impossible dates, unknown fields, arrays for objects, null), or, for operations without
 * a body and for a share of the others, path parameters that name nothing the caller may touch. Every answer must be
 * a 4xx problem-details answer, never a 5xx, and the database must be exactly as before.
 *
 * The checksum covers every table but what a refusal is expected to leave: the audit trail records each refused
 * write (outcome 'refused', by design: the refusal is the only trace a failed write leaves, DESIGN invariant 7), so
 * audit_record is summed without its refused rows and audit_chain_head (the chain's tip, which each of those records
 * moves) is left out. The chain itself is verified at the end.
 *
 * Runs per operation: FUZZ_RUNS (200 by default); FUZZ_SEED replays a run.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const BATCH = 40;
const PREFIX = '/api/v1';
/** Who sends the bodies: the first of these the operation allows (the system administrator last). */
const PREFERRED: RoleName[] = ['centre_accountant', 'centre_supervisor', 'union_treasurer', 'union_chair', 'internal_auditor', 'system_admin'];

type DocumentOperation = { 'x-roles'?: string[]; requestBody?: { content: Record<string, { schema: Schema }> } };
interface WriteOperation {
  method: string;
  path: string;
  role: RoleName;
  schema?: Schema;
  /** a multipart/form-data upload (its fields are corrupted instead of a JSON body) */
  multipart: boolean;
}
interface Upload {
  fields: Array<[string, string]>;
  file?: { name: string; content: Buffer };
}
/** Where a share of the operations is sent: each centre's refusals join its own audit chain, so two lanes run at once. */
interface Lane {
  objects: ScopeObjects;
  tokens: Partial<Record<RoleName, string>>;
  foreign: ScopeObjects;
}

describe('hostile input: every write endpoint refuses corrupted bodies without a 5xx and without a trace', () => {
  let t: TestApp;
  let world: SecurityWorld;
  let schemas: Schemas;
  let writes: WriteOperation[];
  let checksumSql: string;

  beforeAll(async () => {
    // thousands of small writes, durability not under test: commits need not wait for the disk
    t = await createTestApp({}, { quickCommits: true });
    await t.app.listen(0, '127.0.0.1');
    world = await buildSecurityWorld(t);
    const document = (await t.api.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, DocumentOperation>>;
      components: { schemas: Schemas };
    };
    schemas = document.components.schemas;
    writes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method !== 'get')
        .map(([method, op]) => {
          const roles = op['x-roles'] ?? [];
          const role = roles.includes('public') ? 'centre_accountant' : PREFERRED.find((r) => roles.includes(r));
          if (!role) throw new Error(`${method} ${path}: no role to send bodies as (${roles.join(', ')})`);
          return {
            method: method.toUpperCase(), path: path.slice(PREFIX.length), role, schema: op.requestBody?.content['application/json']?.schema,
            multipart: Boolean(op.requestBody?.content['multipart/form-data']),
          };
        }),
    );
    const { rows } = await t.sql.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('audit_chain_head') ORDER BY table_name`,
    );
    checksumSql = rows
      .map(({ table_name: name }) => {
        const where = name === 'audit_record' ? ` WHERE x.outcome <> 'refused'` : '';
        return `SELECT '${name}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM "${name}" x${where}`;
      })
      .join(' UNION ALL ');
  }, 180_000);
  afterAll(() => t?.close());

  async function checksum(): Promise<Map<string, string>> {
    const { rows } = await t.sql.query(checksumSql);
    return new Map(rows.map((r) => [r.name as string, r.sum as string]));
  }

  function send(op: WriteOperation, url: string, text: string | undefined, token = world.tokens[op.role], upload?: Upload): Promise<request.Response> {
    const method = op.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
    let test = t.api.http()[method](`${PREFIX}${url}`).set('Authorization', `Bearer ${token}`);
    if (upload) {
      for (const [name, value] of upload.fields) test = test.field(name, value);
      return upload.file ? test.attach('file', upload.file.content, { filename: upload.file.name, contentType: 'application/octet-stream' }) : test;
    }
    if (text !== undefined) test = test.set('Content-Type', 'application/json').send(text);
    return test;
  }

  /** What is wrong with an answer that should be a refusal in problem details. */
  function wrongWith(response: request.Response): string | undefined {
    if (response.status >= 500) return 'server error';
    if (response.status < 400) return 'accepted';
    if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) return 'not problem details';
    const body = response.body as Record<string, unknown>;
    if (typeof body.type !== 'string' || typeof body.title !== 'string' || body.status !== response.status || !Array.isArray(body.errors)) {
      return 'problem details without type, title, status and errors';
    }
    if (typeof body.detail !== 'string' || body.detail.length === 0) return 'problem details without a detail';
    return undefined;
  }

  /** One request of a run: a corrupted body on the right objects, or hostile path parameters. */
  function caseFor(op: WriteOperation, lane: Lane, body: unknown, picks: number[]): { url: string; text: string | undefined; how: string[]; upload?: Upload } {
    let i = 0;
    const pick = (n: number) => (n <= 1 ? 0 : picks[i++ % picks.length] % n);
    const own = requestFor(op.method, op.path, lane.objects, op.role);
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const objects = params.filter((p) => p !== 'centreId');
    if (op.multipart && pick(10) < 7) return { url: own.url, text: undefined, ...corruptUpload(pick) };
    // bodies of operations that have one, mostly; hostile path parameters otherwise (a valid path with no body acts)
    if (op.schema && (pick(10) < 7 || params.length === 0)) {
      const bad = corrupt(body, op.schema, schemas, pick);
      return { url: own.url, text: bad.text, how: bad.how };
    }
    if (params.length === 0) return { url: own.url, text: '{"a":', how: ['malformed'] };
    const param = objects.length > 0 && pick(5) > 0 ? objects[pick(objects.length)] : 'centreId';
    const foreign = Object.values(lane.foreign).filter((v): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v));
    const values = hostilePathValues(param, foreign.slice(0, 3));
    const value = values[pick(values.length)];
    const encoded = value.startsWith('%') ? value : safeEncode(value);
    const call = OPERATIONS[`${op.method} ${op.path}`];
    const overrides = call.params?.(lane.objects, op.role) ?? {};
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === param ? encoded : encodeURIComponent(overrides[name] ?? defaultParam(name, lane.objects, op.role)),
    );
    // a valid body (with hostile text in it) on an object that is not there; or junk on a body-less operation
    const text = op.schema ? JSON.stringify(body) : JSON.stringify({ junk: value, role: 'system_admin' });
    return { url, text, how: [`path ${param}=${value.slice(0, 40)}`] };
  }

  it(`answers ${RUNS} corrupted requests per write operation with 4xx problem details and changes nothing`, async () => {
    const started = Date.now();
    const anomalies: string[] = [];
    const ids = [world.scopes.own.unionId, world.scopes.own.enterpriseId, world.scopes.own.budgetLineId, world.scopes.own.itemId, world.scopes.otherCentre.unionId];
    let calls = 0;
    // operations of the centre's staff go half to centre 2 (its own objects, its own staff); the rest to centre 1
    const lanes: Lane[] = [
      { objects: world.scopes.own, tokens: world.tokens, foreign: world.scopes.otherCentre },
      { objects: world.scopes.otherCentre, tokens: world.centre2Tokens, foreign: world.scopes.own },
    ];
    const queues: Array<Array<[number, WriteOperation]>> = [[], []];
    let toggle = 0;
    for (const entry of writes.entries()) {
      const staff = entry[1].role === 'centre_accountant' || entry[1].role === 'centre_supervisor';
      queues[staff && (toggle++ % 2 === 1) ? 1 : 0].push(entry);
    }
    // keep the lanes even: centre 1 also takes the operations only its callers may make
    while (queues[1].length < queues[0].length - 1) {
      const index = queues[0].findIndex(([, op]) => op.role === 'centre_accountant' || op.role === 'centre_supervisor');
      if (index < 0) break;
      queues[1].push(...queues[0].splice(index, 1));
    }
    const samplesOf = ([index, op]: [number, WriteOperation]) => {
      const bodies = op.schema ? valid(op.schema, schemas, '', ids) : fc.constant(undefined);
      return fc.sample(fc.tuple(bodies, fc.array(fc.nat(), { minLength: 16, maxLength: 16 })), { numRuns: RUNS, seed: SEED + index });
    };
    let before = await checksum();
    for (let round = 0; round < Math.max(queues[0].length, queues[1].length); round += 1) {
      const work = [0, 1].flatMap((l) => (queues[l][round] ? [{ lane: lanes[l], op: queues[l][round][1], samples: samplesOf(queues[l][round]) }] : []));
      for (let start = 0; start < RUNS; start += BATCH) {
        await Promise.all(work.map(async ({ lane, op, samples }) => {
          const cases = samples.slice(start, start + BATCH).map(([body, picks]) => caseFor(op, lane, body, picks));
          const responses = await Promise.all(cases.map((c) => send(op, c.url, c.text, lane.tokens[op.role], c.upload)));
          calls += responses.length;
          responses.forEach((response, k) => {
            const wrong = wrongWith(response);
            if (wrong) {
              anomalies.push(`${op.method} ${op.path} as ${op.role}: ${wrong} — ${response.status} ${JSON.stringify(response.body).slice(0, 200)}\n    ${cases[k].how.join('; ')}\n    ${cases[k].url}\n    ${cases[k].text?.slice(0, 400)}`);
            }
          });
        }));
        const after = await checksum();
        const changed = [...after].filter(([name, sum]) => before.get(name) !== sum).map(([name]) => name);
        if (changed.length > 0) anomalies.push(`${work.map(({ op }) => `${op.method} ${op.path}`).join(' or ')}: changed ${changed.join(', ')} (batch from ${start})`);
        before = after;
      }
    }
    process.stdout.write(`fuzzer: ${writes.length} write operations × ${RUNS} runs = ${calls} calls in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED})\n`);
    expect(anomalies.slice(0, 30)).toEqual([]);
    // the refusals joined the trail, which still verifies
    const verified = await t.api.get(`/centres/${world.centre1}/audit/verify`, world.tokens.centre_supervisor);
    expect(verified.body.ok).toBe(true);
  }, 600_000);

  it('refuses a list where a list of objects holds an object, for every such field (found by the fuzzer: 500)', async () => {
    let tried = 0;
    const wrong: string[] = [];
    for (const op of writes.filter((w) => w.schema)) {
      const own = requestFor(op.method, op.path, world.scopes.own, op.role);
      const schema = resolve(op.schema!, schemas);
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        // no request field is a list of lists (the validation pipe refuses them all on that ground)
        expect([field, property.type === 'array' && resolve(property.items ?? {}, schemas).type === 'array']).toEqual([field, false]);
        if (property.type !== 'array' || !property.items?.$ref) continue;
        const valid = (own.body as Record<string, unknown[]> | undefined)?.[field]?.[0] ?? {};
        for (const value of [[[]], [[valid]], [valid, []]]) {
          tried += 1;
          const response = await send(op, own.url, JSON.stringify({ ...(own.body as object), [field]: value }));
          if (response.status !== 400) wrong.push(`${op.method} ${op.path} ${field}=${JSON.stringify(value).slice(0, 60)}: ${response.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(10);
  });

  describe('tokens a forger would try (beyond test/e2e/auth: wrong secret, alg none, expiry)', () => {
    const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const sign = (header: object, payload: object, secret: string, algorithm = 'sha256') => {
      const unsigned = `${b64(header)}.${b64(payload)}`;
      return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
    };

    it('refuses a token whose claims were changed under the original signature, another algorithm, or none spelt otherwise', async () => {
      const token = world.tokens.member;
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const admin = JSON.parse(Buffer.from(t.adminToken.split('.')[1], 'base64url').toString());
      const forged = [
        `${header}.${b64({ ...claims, role: 'system_admin' })}.${signature}`,
        `${header}.${b64({ ...claims, sub: admin.sub })}.${signature}`,
        sign({ alg: 'HS512', typ: 'JWT' }, claims, t.config.jwtSecret, 'sha512'),
        sign({ alg: 'HS384', typ: 'JWT' }, claims, t.config.jwtSecret, 'sha384'),
        `${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`,
        ...['NONE', 'None', 'nOnE'].map((alg) => `${b64({ alg, typ: 'JWT' })}.${payload}.`),
        `${b64({ alg: 'none' })}.${payload}`,
        `${header}.${payload}`,
        `${header}.${payload}.${signature}.extra`,
        sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: undefined }, t.config.jwtSecret),
        sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: Math.floor(Date.now() / 1000) + 3600, exp: Math.floor(Date.now() / 1000) + 7200, nbf: Math.floor(Date.now() / 1000) + 3600 }, 'x'.repeat(32)),
      ];
      const answers = await Promise.all(forged.map((candidate) => t.api.get('/auth/me', candidate)));
      expect(answers.map((r, i) => [i, r.status])).toEqual(forged.map((_, i) => [i, 401]));
      for (const response of answers) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      // the genuine token still passes: it is the forgery that was refused
      expect((await t.api.get('/auth/me', token)).status).toBe(200);
    });

    it('answers any garbage in the Authorization header 401, never a 5xx', async () => {
      const headers = fc.sample(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.tuple(fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 400 }), fc.base64String({ maxLength: 100 })).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`.replace(/=/g, '')),
          fc.jsonValue().map((value) => `Bearer ${b64({ alg: 'HS256' })}.${b64(JSON.stringify(value) ?? 'null')}.${b64('sig')}`),
        ),
        { numRuns: 200, seed: SEED },
      );
      const responses = await Promise.all(headers.map((header) =>
        t.api.http().get(`${PREFIX}/auth/me`).set('Authorization', header.replace(/[^\t\x20-\x7e]/g, '')),
      ));
      const wrong = responses.map((r, i) => [headers[i], r.status]).filter(([, status]) => status !== 401);
      expect(wrong).toEqual([]);
    });
  });

  it('throttles guessing across many user names from one address: 429 with Retry-After, even for the right password', async () => {
    const guarded = await createTestApp({ LOGIN_ATTEMPTS_PER_ADDRESS: '12', LOGIN_WINDOW_SECONDS: '60' });
    try {
      const statuses: number[] = [];
      let throttled: request.Response | undefined;
      for (let i = 0; i < 15 && !throttled; i += 1) {
        const response = await guarded.api.post('/auth/login', undefined, { username: `guess-${i}`, password: 'password-guess' });
        statuses.push(response.status);
        if (response.status === 429) throttled = response;
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(throttled?.status).toBe(429);
      expect(throttled?.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      expect(Number(throttled?.headers['retry-after'])).toBeGreaterThan(0);
      // the address is held up: the administrator's right password does not get through either
      expect((await guarded.api.post('/auth/login', undefined, { username: 'admin', password: 'admin-password-for-tests' })).status).toBe(429);
    } finally {
      await guarded.close();
    }
  });
});

/** An upload no valid request makes: a kind or channel that is not one, an unknown field, no file, a file sent as text. */
function corruptUpload(pick: (n: number) => number): { upload: Upload; how: string[] } {
  const content = Buffer.from(`统一社会信用代码,所属期,职工工资总额\r\n${"' OR 1=1 --"},2025-13,NaN\r\n`, 'utf8');
  const file = { name: ['payroll.csv', '../../etc/passwd', '工资\u202E.csv', 'x'.repeat(300) + '.xlsx', 'a.exe'][pick(5)], content };
  const badKinds = ['', 'PAYROLL', 'payroll ', 'ledger', "payroll' --", '长'.repeat(100), 'constructor'];
  switch (pick(5)) {
    case 0: return { upload: { fields: [['kind', badKinds[pick(badKinds.length)]]], file }, how: ['bad kind'] };
    case 1: return { upload: { fields: [['kind', 'receipts'], ['channel', ['bank', 'TAX', '', '1'][pick(4)]]], file }, how: ['bad channel'] };
    case 2: {
      const field = ['centreId', 'role', 'status', 'startedBy', 'x', '__proto__'][pick(6)];
      return { upload: { fields: [['kind', 'payroll'], [field, 'system_admin']], file }, how: [`unknown field ${field}`] };
    }
    case 3: return { upload: { fields: [['kind', ['payroll', 'receipts', 'bank'][pick(3)]]] }, how: ['no file'] };
    default: return { upload: { fields: [['kind', 'payroll'], ['file', content.toString('utf8')]] }, how: ['file as text'] };
  }
}

function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate has no UTF-8: send the bytes it would have
  }
}
