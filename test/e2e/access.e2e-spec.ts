import { newEnterprise, newUnion, newWorld, validUscc } from '../support/fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

type World = Awaited<ReturnType<typeof newWorld>>;
type RoleName = keyof World['users'];

const ROLES: RoleName[] = [
  'system_admin', 'centre_accountant', 'centre_supervisor', 'union_treasurer', 'union_chair', 'member',
  'internal_auditor', 'state_auditor', 'social_auditor', 'enterprise',
];

describe('who may do what (invariant 8): roles and scope', () => {
  let t: TestApp;
  let home: World;
  let away: World;

  beforeAll(async () => {
    t = await createTestApp();
    home = await newWorld(t);
    away = await newWorld(t);
  });
  afterAll(() => t.close());

  const token = (role: RoleName) => home.users[role].token;

  describe('role rules: a role outside the rule gets 403 and nothing changes', () => {
    const writers: RoleName[] = ['centre_accountant', 'centre_supervisor'];

    it.each(ROLES)('creating a union as %s', async (role) => {
      const response = await t.api.post(`/centres/${home.centre.id}/unions`, token(role), {
        code: `R-${role}`.slice(0, 32), name: `工会 ${role}`, kind: 'grassroots', memberCount: 3,
      });
      if (writers.includes(role)) expect(response.status).toBe(201);
      else expectProblem(response, 403, 'AUTH.FORBIDDEN');
      const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM trade_union WHERE code = $1', [`R-${role}`.slice(0, 32)]);
      expect(rows[0].n).toBe(writers.includes(role) ? 1 : 0);
    });

    it.each(ROLES)('creating an enterprise as %s', async (role) => {
      const response = await t.api.post(`/centres/${home.centre.id}/enterprises`, token(role), { name: `企业 ${role}`, uscc: validUscc() });
      if (writers.includes(role)) expect(response.status).toBe(201);
      else expectProblem(response, 403, 'AUTH.FORBIDDEN');
    });

    it.each(ROLES)('creating a centre as %s', async (role) => {
      const response = await t.api.post('/centres', token(role), {
        code: `X-${role.slice(0, 8).toUpperCase().replace(/_/g, '-')}`, name: '中心', bankAccountNo: '12345678', bankName: '银行',
      });
      if (role === 'system_admin') expect(response.status).toBe(201);
      else expectProblem(response, 403, 'AUTH.FORBIDDEN');
    });

    it.each(ROLES)('creating a user as %s', async (role) => {
      const response = await t.api.post(`/centres/${home.centre.id}/users`, token(role), {
        username: `made-by-${role}`.replace(/_/g, '-').slice(0, 32), displayName: '新用户', role: 'centre_accountant', password: 'long-enough-password',
      });
      if (role === 'system_admin' || role === 'centre_supervisor') expect(response.status).toBe(201);
      else expectProblem(response, 403, 'AUTH.FORBIDDEN');
    });

    it.each(ROLES)('reading the unions as %s', async (role) => {
      const response = await t.api.get(`/centres/${home.centre.id}/unions`, token(role));
      if (role === 'enterprise') expectProblem(response, 403, 'AUTH.FORBIDDEN');
      else expect(response.status).toBe(200);
    });

    it.each(ROLES)('verifying the audit chain as %s', async (role) => {
      const response = await t.api.get(`/centres/${home.centre.id}/audit/verify`, token(role));
      const readers: RoleName[] = ['system_admin', 'centre_accountant', 'centre_supervisor', 'internal_auditor', 'state_auditor', 'social_auditor'];
      if (readers.includes(role)) expect(response.status).toBe(200);
      else expectProblem(response, 403, 'AUTH.FORBIDDEN');
    });

    it('a supervisor cannot grant the state auditor role; the administrator can', async () => {
      const body = { username: 'state-audit-x', displayName: '审计员', role: 'state_auditor', password: 'long-enough-password' };
      expectProblem(await t.api.post(`/centres/${home.centre.id}/users`, token('centre_supervisor'), body), 403, 'AUTH.ROLE_NOT_GRANTABLE');
      expect((await t.api.post(`/centres/${home.centre.id}/users`, t.adminToken, body)).status).toBe(201);
    });

    it('nobody can create a system administrator through a centre', async () => {
      const response = await t.api.post(`/centres/${home.centre.id}/users`, t.adminToken, {
        username: 'sneaky-admin', displayName: '管理员', role: 'system_admin', password: 'long-enough-password',
      });
      expectProblem(response, 400, 'COMMON.VALIDATION_FAILED');
    });
  });

  describe('scope: another centre’s objects do not exist for you (404)', () => {
    const centreRoles: RoleName[] = ROLES.filter((role) => role !== 'system_admin');

    it.each(centreRoles)('%s reading another centre, its unions and enterprises', async (role) => {
      expectProblem(await t.api.get(`/centres/${away.centre.id}`, token(role)), 404);
      const unions = await t.api.get(`/centres/${away.centre.id}/unions/${away.union.id}`, token(role));
      expect([403, 404]).toContain(unions.status);
      const enterprises = await t.api.get(`/centres/${away.centre.id}/enterprises/${away.enterprise.id}`, token(role));
      expect([403, 404]).toContain(enterprises.status);
      if (role !== 'enterprise') expect(unions.status).toBe(404);
      if (!['member'].includes(role)) expect(enterprises.status).toBe(404);
    });

    it.each(['centre_accountant', 'centre_supervisor'] as RoleName[])('%s writing into another centre', async (role) => {
      expectProblem(await t.api.post(`/centres/${away.centre.id}/unions`, token(role), { code: 'ZZ-1', name: '越权工会', kind: 'grassroots', memberCount: 1 }), 404);
      expectProblem(await t.api.patch(`/centres/${away.centre.id}/unions/${away.union.id}`, token(role), { name: '改名' }), 404);
      expectProblem(await t.api.delete(`/centres/${away.centre.id}/enterprises/${away.enterprise.id}`, token(role)), 404);
      // a union of the other centre named through one's own centre is not found either
      expectProblem(await t.api.patch(`/centres/${home.centre.id}/unions/${away.union.id}`, token(role), { name: '改名' }), 404);
      const { rows } = await t.sql.query('SELECT name FROM trade_union WHERE id = $1', [away.union.id]);
      expect(rows[0].name).not.toBe('改名');
    });

    it('a centre lists only itself to its people; the administrator sees all', async () => {
      const mine = await t.api.get('/centres', token('centre_accountant'));
      expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([home.centre.id]);
      const all = await t.api.get('/centres', t.adminToken);
      expect(all.body.total).toBeGreaterThanOrEqual(2);
    });

    it('the administrator gets 404 for a centre that does not exist', async () => {
      expectProblem(await t.api.get('/centres/6f1c0d2e-9a51-4bb0-8f0e-1f6c8a2b9d11', t.adminToken), 404);
      expectProblem(await t.api.get('/centres/6f1c0d2e-9a51-4bb0-8f0e-1f6c8a2b9d11/audit/verify', t.adminToken), 404);
    });
  });

  describe('scope inside a centre: a union’s people see their own union only', () => {
    it.each(['union_treasurer', 'union_chair', 'member'] as RoleName[])('%s', async (role) => {
      expect((await t.api.get(`/centres/${home.centre.id}/unions/${home.union.id}`, token(role))).status).toBe(200);
      expectProblem(await t.api.get(`/centres/${home.centre.id}/unions/${home.otherUnion.id}`, token(role)), 404);
      const list = await t.api.get(`/centres/${home.centre.id}/unions`, token(role));
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([home.union.id]);
    });

    it('a treasurer sees the enterprises of their union only', async () => {
      expect((await t.api.get(`/centres/${home.centre.id}/enterprises/${home.enterprise.id}`, token('union_treasurer'))).status).toBe(200);
      expectProblem(await t.api.get(`/centres/${home.centre.id}/enterprises/${home.otherEnterprise.id}`, token('union_treasurer')), 404);
    });

    it('an enterprise sees itself only', async () => {
      expect((await t.api.get(`/centres/${home.centre.id}/enterprises/${home.enterprise.id}`, token('enterprise'))).status).toBe(200);
      expectProblem(await t.api.get(`/centres/${home.centre.id}/enterprises/${home.otherEnterprise.id}`, token('enterprise')), 404);
      const list = await t.api.get(`/centres/${home.centre.id}/enterprises`, token('enterprise'));
      expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([home.enterprise.id]);
    });
  });

  describe('no mass assignment', () => {
    it('refuses fields the caller may not set, such as the centre or the id', async () => {
      const problem = expectProblem(
        await t.api.post(`/centres/${home.centre.id}/unions`, token('centre_accountant'), {
          code: 'MA-1', name: '工会', kind: 'grassroots', memberCount: 1, centreId: away.centre.id, id: away.union.id,
        }),
        400, 'COMMON.VALIDATION_FAILED',
      );
      expect(problem.errors.map((e) => e.field).sort()).toEqual(['centreId', 'id']);
    });

    it('refuses a role change through a user update', async () => {
      const user = home.users.centre_accountant;
      expectProblem(await t.api.patch(`/centres/${home.centre.id}/users/${user.id}`, token('centre_supervisor'), { role: 'centre_supervisor' }), 400);
    });

    it('binds a union to another centre’s union only by failing', async () => {
      const response = await t.api.post(`/centres/${home.centre.id}/unions`, token('centre_accountant'), {
        code: 'MA-2', name: '挂错上级的工会', kind: 'grassroots', memberCount: 1, parentUnionId: away.union.id,
      });
      expectProblem(response, 422, 'ORG.PARENT_UNION_NOT_FOUND');
      const enterprise = await t.api.post(`/centres/${home.centre.id}/enterprises`, token('centre_accountant'), {
        name: '挂错工会的企业', uscc: validUscc(), unionId: away.union.id,
      });
      expectProblem(enterprise, 422, 'ORG.UNION_NOT_FOUND');
      const user = await t.api.post(`/centres/${home.centre.id}/users`, t.adminToken, {
        username: 'wrong-union-user', displayName: '用户', role: 'union_treasurer', password: 'long-enough-password', unionId: away.union.id,
      });
      expectProblem(user, 422, 'AUTH.UNION_NOT_IN_CENTRE');
    });
  });

  it('keeps the fixtures honest: both centres have their objects', async () => {
    await newUnion(t.api, away.users.centre_accountant.token, away.centre.id);
    await newEnterprise(t.api, away.users.centre_accountant.token, away.centre.id);
    const list = await t.api.get(`/centres/${away.centre.id}/unions`, away.users.centre_accountant.token);
    expect(list.body.total).toBe(3);
  });
});
