import { createHmac } from 'node:crypto';
import { newCentre, newUser, PASSWORD } from '../support/fixtures.js';
import { ADMIN_PASSWORD, createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

function base64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A token signed by hand, to try what a forger would. */
function forge(header: object, payload: object, secret: string | null): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

describe('identities: login, tokens, expiry, rate limit', () => {
  let t: TestApp;
  let centreId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_ATTEMPTS_PER_WINDOW: '5', LOGIN_WINDOW_SECONDS: '60' });
    centreId = (await newCentre(t)).id;
  });
  afterAll(() => t.close());

  it('logs in with the right password and returns a bearer token with its expiry', async () => {
    const user = await newUser(t, centreId, 'centre_accountant');
    const response = await t.api.post('/auth/login', undefined, { username: user.username, password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      expect.objectContaining({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: t.config.tokenTtlSeconds }),
    );
    const expiresAt = Date.parse(response.body.expiresAt);
    expect(Math.abs(expiresAt - (Date.now() + t.config.tokenTtlSeconds * 1000))).toBeLessThan(10_000);
    expect(response.body.user).toEqual(expect.objectContaining({ username: user.username, role: 'centre_accountant', centreId }));
    expect(JSON.stringify(response.body)).not.toContain('argon2');

    const me = await t.api.get('/auth/me', response.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('stores passwords as argon2id hashes', async () => {
    const user = await newUser(t, centreId, 'centre_supervisor');
    const { rows } = await t.sql.query('SELECT password_hash FROM app_user WHERE id = $1', [user.id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(rows[0].password_hash).not.toContain(PASSWORD);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const user = await newUser(t, centreId, 'centre_accountant');
    const wrong = expectProblem(await t.api.post('/auth/login', undefined, { username: user.username, password: 'wrong-password' }), 401, 'AUTH.INVALID_CREDENTIALS');
    const unknown = expectProblem(await t.api.post('/auth/login', undefined, { username: 'nobody-here', password: 'wrong-password' }), 401, 'AUTH.INVALID_CREDENTIALS');
    expect(wrong.detail).toBe(unknown.detail);
  });

  it('refuses a request without a token, with a malformed one, or with a wrong signature', async () => {
    expectProblem(await t.api.get('/auth/me'), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(await t.api.get('/auth/me', 'not-a-token'), 401, 'AUTH.TOKEN_INVALID');
    const user = await newUser(t, centreId, 'centre_accountant');
    const [header, payload] = user.token.split('.');
    expectProblem(await t.api.get('/auth/me', `${header}.${payload}.${base64url('forged')}`), 401, 'AUTH.TOKEN_INVALID');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expectProblem(await t.api.get('/auth/me', forge({ alg: 'HS256', typ: 'JWT' }, claims, 'some-other-secret-of-32-characters!')), 401, 'AUTH.TOKEN_INVALID');
  });

  it('refuses the none algorithm', async () => {
    const user = await newUser(t, centreId, 'centre_accountant');
    const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
    expectProblem(await t.api.get('/auth/me', forge({ alg: 'none', typ: 'JWT' }, claims, null)), 401, 'AUTH.TOKEN_INVALID');
  });

  it('refuses an expired token', async () => {
    const user = await newUser(t, centreId, 'centre_accountant');
    const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    const expired = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 60 }, t.config.jwtSecret);
    expectProblem(await t.api.get('/auth/me', expired), 401, 'AUTH.TOKEN_EXPIRED');
    // the same claims with a future expiry pass: it is the expiry that was refused
    const fresh = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now, exp: now + 60 }, t.config.jwtSecret);
    expect((await t.api.get('/auth/me', fresh)).status).toBe(200);
  });

  it('ends a token when it expires by its configured lifetime', async () => {
    // `exp` is whole seconds (iat + ttl, iat rounded down), so a token of ttl 2 lives between 1 and 2 s: the
    // administrator logs in again before each step of the set-up, which then never races the expiry on a busy machine
    const short = await createTestApp({ TOKEN_TTL_SECONDS: '2' });
    try {
      short.adminToken = await short.api.login('admin', ADMIN_PASSWORD);
      const shortCentre = await newCentre(short);
      short.adminToken = await short.api.login('admin', ADMIN_PASSWORD);
      const user = await newUser(short, shortCentre.id, 'centre_accountant');
      expect((await short.api.get('/auth/me', user.token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expectProblem(await short.api.get('/auth/me', user.token), 401, 'AUTH.TOKEN_EXPIRED');
    } finally {
      await short.close();
    }
  });

  it('ends older tokens when the password changes, and the new password works', async () => {
    const user = await newUser(t, centreId, 'centre_accountant');
    expectProblem(
      await t.api.post('/auth/password', user.token, { currentPassword: 'not-my-password', newPassword: 'a-new-password-1' }),
      422, 'AUTH.WRONG_PASSWORD',
    );
    const changed = await t.api.post('/auth/password', user.token, { currentPassword: PASSWORD, newPassword: 'a-new-password-1' });
    expect(changed.status).toBe(204);
    expectProblem(await t.api.get('/auth/me', user.token), 401, 'AUTH.UNAUTHENTICATED');
    const token = await t.api.login(user.username, 'a-new-password-1');
    expect((await t.api.get('/auth/me', token)).status).toBe(200);
  });

  it('locks out a deactivated user at once', async () => {
    const supervisor = await newUser(t, centreId, 'centre_supervisor');
    const user = await newUser(t, centreId, 'centre_accountant');
    const response = await t.api.patch(`/centres/${centreId}/users/${user.id}`, supervisor.token, { active: false });
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
    expectProblem(await t.api.get('/auth/me', user.token), 401);
    expectProblem(await t.api.post('/auth/login', undefined, { username: user.username, password: PASSWORD }), 401, 'AUTH.INVALID_CREDENTIALS');
  });

  it('rate-limits login attempts per user name and tells when to retry', async () => {
    const user = await newUser(t, centreId, 'centre_accountant');
    // newUser logged in once; four more wrong tries use up the window of five
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expectProblem(await t.api.post('/auth/login', undefined, { username: user.username, password: 'guess-' + attempt }), 401);
    }
    const throttled = await t.api.post('/auth/login', undefined, { username: user.username, password: PASSWORD });
    expectProblem(throttled, 429, 'AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // another user from the same address is not held up by this one
    const other = await newUser(t, centreId, 'centre_accountant');
    expect(other.token).toEqual(expect.any(String));
  });

  it('records refused logins in the platform trail without the password', async () => {
    await t.api.post('/auth/login', undefined, { username: 'mallory', password: 'secret-guess-123' });
    const { rows } = await t.sql.query(
      `SELECT action, outcome, detail FROM audit_record WHERE centre_id = '00000000-0000-0000-0000-000000000000'
        AND detail->>'attemptedUsername' = 'mallory'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.objectContaining({ action: 'POST /api/v1/auth/login', outcome: 'refused' }));
    expect(rows[0].detail.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect(JSON.stringify(rows[0].detail)).not.toContain('secret-guess-123');
  });

  it('records a successful login in the user’s centre chain', async () => {
    const user = await newUser(t, centreId, 'centre_accountant');
    const { rows } = await t.sql.query(
      `SELECT outcome FROM audit_record WHERE centre_id = $1 AND action = 'auth.login' AND actor_user_id = $2`,
      [centreId, user.id],
    );
    expect(rows).toEqual([{ outcome: 'ok' }]);
  });
});
