import { newCentre, newEnterprise, newUnion, newUser, validUscc } from '../support/fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

describe('organisations: centres, unions, enterprises', () => {
  let t: TestApp;
  let centreId: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    centreId = (await newCentre(t)).id;
    token = (await newUser(t, centreId, 'centre_accountant')).token;
  });
  afterAll(() => t.close());

  describe('centres', () => {
    it('opens a centre with its unified bank account and reads it back', async () => {
      const created = await t.api.post('/centres', t.adminToken, {
        code: ' xihu-01 ', name: '  西湖街道工会经费托管服务中心 ', bankAccountNo: '33050161672700009999', bankName: '中国农业银行西湖支行',
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(expect.objectContaining({ code: 'XIHU-01', name: '西湖街道工会经费托管服务中心', bankAccountNo: '33050161672700009999' }));
      const read = await t.api.get(`/centres/${created.body.id}`, t.adminToken);
      expect(read.body).toEqual(created.body);
    });

    it('refuses a duplicate code and a bank account that is not digits', async () => {
      const centre = await newCentre(t);
      expectProblem(await t.api.post('/centres', t.adminToken, { code: centre.code, name: '重复', bankAccountNo: '12345678', bankName: '银行' }), 409, 'ORG.CENTRE_CODE_TAKEN');
      const problem = expectProblem(await t.api.post('/centres', t.adminToken, { code: 'OK-CODE', name: '中心', bankAccountNo: '6222-0000', bankName: '银行' }), 400);
      expect(problem.errors).toEqual([{ field: 'bankAccountNo', message: 'bankAccountNo must be 8 to 32 digits' }]);
    });

    it('lets the supervisor rename the centre but not change its code', async () => {
      const supervisor = await newUser(t, centreId, 'centre_supervisor');
      const renamed = await t.api.patch(`/centres/${centreId}`, supervisor.token, { name: '改名后的托管中心' });
      expect(renamed.body.name).toBe('改名后的托管中心');
      expectProblem(await t.api.patch(`/centres/${centreId}`, supervisor.token, { code: 'NEW' }), 400);
    });
  });

  describe('unions', () => {
    it('builds the street → federation → grassroots hierarchy', async () => {
      const street = await newUnion(t.api, token, centreId, { kind: 'street' });
      const federation = await newUnion(t.api, token, centreId, { kind: 'federation', parentUnionId: street.id });
      const grassroots = await newUnion(t.api, token, centreId, { parentUnionId: federation.id, foundedOn: '2019-03-12', memberCount: 56 });
      expect(grassroots).toEqual(expect.objectContaining({ kind: 'grassroots', parentUnionId: federation.id, foundedOn: '2019-03-12', memberCount: 56, centreId }));
      const children = await t.api.get(`/centres/${centreId}/unions?parentUnionId=${federation.id}`, token);
      expect(children.body.items.map((u: { id: string }) => u.id)).toEqual([grassroots.id]);
    });

    it.each([
      ['federation', 'federation'],
      ['federation', 'grassroots'],
      ['street', 'street'],
      ['grassroots', 'grassroots'],
    ])('refuses a %s union under a %s union', async (kind, parentKind) => {
      const parent = await newUnion(t.api, token, centreId, { kind: parentKind });
      const response = await t.api.post(`/centres/${centreId}/unions`, token, { code: `K-${kind}-${parentKind}`, name: `${kind} 工会 ${parentKind}`, kind, memberCount: 1, parentUnionId: parent.id });
      expectProblem(response, 422, 'ORG.PARENT_KIND_NOT_ALLOWED');
    });

    it('refuses bad fields with one clear message per field', async () => {
      const problem = expectProblem(
        await t.api.post(`/centres/${centreId}/unions`, token, { code: 'bad code!', name: 'x'.repeat(101), kind: 'club', memberCount: -1, foundedOn: '2099-01-01' }),
        400, 'COMMON.VALIDATION_FAILED',
      );
      expect(problem.errors.map((e) => e.field).sort()).toEqual(['code', 'foundedOn', 'kind', 'memberCount', 'name']);
      expect(problem.errors.find((e) => e.field === 'foundedOn')?.message).toBe('foundedOn must be a date (YYYY-MM-DD) not in the future');
      const impossible = expectProblem(
        await t.api.post(`/centres/${centreId}/unions`, token, { code: 'D1', name: '日期', kind: 'grassroots', memberCount: 1, foundedOn: '2023-02-30' }),
        400,
      );
      expect(impossible.errors[0].field).toBe('foundedOn');
      const typed = expectProblem(await t.api.post(`/centres/${centreId}/unions`, token, { code: 'D2', name: '类型', kind: 'grassroots', memberCount: '12' }), 400);
      expect(typed.errors[0].field).toBe('memberCount');
    });

    it('refuses control characters in text', async () => {
      const problem = expectProblem(
        await t.api.post(`/centres/${centreId}/unions`, token, { code: 'NUL-1', name: 'bad\u0000name', kind: 'grassroots', memberCount: 1 }),
        400,
      );
      expect(problem.errors).toEqual([{ field: 'name', message: 'name contains control characters' }]);
    });

    it('refuses a duplicate code or name within the centre, but allows them in another centre', async () => {
      const union = await newUnion(t.api, token, centreId);
      expectProblem(await t.api.post(`/centres/${centreId}/unions`, token, { code: union.code, name: '另一个', kind: 'grassroots', memberCount: 1 }), 409, 'ORG.UNION_CODE_TAKEN');
      expectProblem(await t.api.post(`/centres/${centreId}/unions`, token, { code: 'OTHER-1', name: union.name, kind: 'grassroots', memberCount: 1 }), 409, 'ORG.UNION_NAME_TAKEN');
      const other = await newCentre(t);
      const otherToken = (await newUser(t, other.id, 'centre_accountant')).token;
      expect((await t.api.post(`/centres/${other.id}/unions`, otherToken, { code: union.code, name: union.name, kind: 'grassroots', memberCount: 1 })).status).toBe(201);
    });

    it('updates a union, keeps its kind fixed, and detaches it from its parent with null', async () => {
      const street = await newUnion(t.api, token, centreId, { kind: 'street' });
      const union = await newUnion(t.api, token, centreId, { parentUnionId: street.id });
      const updated = await t.api.patch(`/centres/${centreId}/unions/${union.id}`, token, { name: '新名称工会', memberCount: 80, parentUnionId: null });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual(expect.objectContaining({ name: '新名称工会', memberCount: 80, parentUnionId: null, kind: 'grassroots' }));
      expectProblem(await t.api.patch(`/centres/${centreId}/unions/${union.id}`, token, { kind: 'federation' }), 400);
      expectProblem(await t.api.patch(`/centres/${centreId}/unions/${union.id}`, token, { name: null }), 400);
      expectProblem(await t.api.patch(`/centres/${centreId}/unions/${union.id}`, token, { parentUnionId: union.id }), 422);
    });

    it('deletes a union nothing refers to, and refuses one still in use', async () => {
      const federation = await newUnion(t.api, token, centreId, { kind: 'federation' });
      const child = await newUnion(t.api, token, centreId, { parentUnionId: federation.id });
      const problem = expectProblem(await t.api.delete(`/centres/${centreId}/unions/${federation.id}`, token), 409, 'ORG.UNION_IN_USE');
      expect(problem.detail).toContain('1 childUnions');
      expect((await t.api.delete(`/centres/${centreId}/unions/${child.id}`, token)).status).toBe(204);
      expect((await t.api.delete(`/centres/${centreId}/unions/${federation.id}`, token)).status).toBe(204);
      expectProblem(await t.api.get(`/centres/${centreId}/unions/${federation.id}`, token), 404);
    });

    it('pages and searches', async () => {
      const own = await newCentre(t);
      const ownToken = (await newUser(t, own.id, 'centre_accountant')).token;
      for (let i = 0; i < 5; i += 1) await newUnion(t.api, ownToken, own.id, { code: `P-${i}`, name: `分页工会${i}号` });
      const page = await t.api.get(`/centres/${own.id}/unions?page=2&pageSize=2`, ownToken);
      expect(page.body).toEqual(expect.objectContaining({ page: 2, pageSize: 2, total: 5 }));
      expect(page.body.items.map((u: { code: string }) => u.code)).toEqual(['P-2', 'P-3']);
      const found = await t.api.get(`/centres/${own.id}/unions?q=${encodeURIComponent('3号')}`, ownToken);
      expect(found.body.items.map((u: { code: string }) => u.code)).toEqual(['P-3']);
      const wildcard = await t.api.get(`/centres/${own.id}/unions?q=${encodeURIComponent('%')}`, ownToken);
      expect(wildcard.body.total).toBe(0);
      expectProblem(await t.api.get(`/centres/${own.id}/unions?pageSize=1000`, ownToken), 400);
    });
  });

  describe('enterprises', () => {
    it('registers an enterprise by its USCC, upper-casing what was typed', async () => {
      const union = await newUnion(t.api, token, centreId);
      const uscc = validUscc();
      const response = await t.api.post(`/centres/${centreId}/enterprises`, token, {
        name: '杭州云帆网络科技有限公司', uscc: uscc.toLowerCase(), payrollContactName: '陈晓燕', payrollContactPhone: '0571-88231234', unionId: union.id,
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual(expect.objectContaining({ uscc, unionId: union.id, payrollContactName: '陈晓燕' }));
    });

    it.each([
      ['91350100M000100Y44', 'uscc has a wrong check character (GB 32100-2015)'],
      ['91350100M000100Y4', 'uscc must be 18 characters'],
      ['91350100M000100I43', 'uscc may hold only digits and capitals other than I, O, S, V, Z'],
    ])('refuses the USCC %s', async (uscc, message) => {
      const problem = expectProblem(await t.api.post(`/centres/${centreId}/enterprises`, token, { name: '企业', uscc }), 400);
      expect(problem.errors).toEqual([{ field: 'uscc', message }]);
    });

    it('holds the USCC rule in the database too', async () => {
      await expect(
        t.sql.query(`INSERT INTO enterprise (centre_id, id, name, uscc) VALUES ($1, gen_random_uuid(), '直插企业', '91350100M000100Y44')`, [centreId]),
      ).rejects.toThrow(/enterprise_uscc_valid/);
      await t.sql.query(`INSERT INTO enterprise (centre_id, id, name, uscc) VALUES ($1, gen_random_uuid(), '直插企业', '91350100M000100Y43')`, [centreId]);
    });

    it('refuses a USCC already registered in the centre', async () => {
      const enterprise = await newEnterprise(t.api, token, centreId);
      expectProblem(await t.api.post(`/centres/${centreId}/enterprises`, token, { name: '另一家', uscc: enterprise.uscc }), 409, 'ORG.USCC_TAKEN');
    });

    it('belongs to a grassroots union or to none', async () => {
      const federation = await newUnion(t.api, token, centreId, { kind: 'federation' });
      expectProblem(
        await t.api.post(`/centres/${centreId}/enterprises`, token, { name: '挂在联合会下的企业', uscc: validUscc(), unionId: federation.id }),
        422, 'ORG.ENTERPRISE_UNION_NOT_GRASSROOTS',
      );
      const without = await newEnterprise(t.api, token, centreId);
      expect(without.unionId).toBeNull();
      const union = await newUnion(t.api, token, centreId);
      const joined = await t.api.patch(`/centres/${centreId}/enterprises/${without.id}`, token, { unionId: union.id });
      expect(joined.body.unionId).toBe(union.id);
      const noUnion = await t.api.get(`/centres/${centreId}/enterprises?hasUnion=false`, token);
      expect(noUnion.body.items.every((e: { unionId: string | null }) => e.unionId === null)).toBe(true);
      const ofUnion = await t.api.get(`/centres/${centreId}/enterprises?unionId=${union.id}`, token);
      expect(ofUnion.body.items.map((e: { id: string }) => e.id)).toEqual([without.id]);
    });

    it('refuses to delete an enterprise that has a user', async () => {
      const enterprise = await newEnterprise(t.api, token, centreId);
      await newUser(t, centreId, 'enterprise', { enterpriseId: enterprise.id });
      expectProblem(await t.api.delete(`/centres/${centreId}/enterprises/${enterprise.id}`, token), 409, 'ORG.ENTERPRISE_IN_USE');
    });
  });

  describe('users', () => {
    it('requires the scope a role needs', async () => {
      const union = await newUnion(t.api, token, centreId);
      const base = { displayName: '用户', password: 'long-enough-password' };
      expectProblem(await t.api.post(`/centres/${centreId}/users`, t.adminToken, { ...base, username: 'no-union', role: 'union_treasurer' }), 400, 'AUTH.SCOPE_MISMATCH');
      expectProblem(await t.api.post(`/centres/${centreId}/users`, t.adminToken, { ...base, username: 'with-union', role: 'centre_accountant', unionId: union.id }), 400, 'AUTH.SCOPE_MISMATCH');
      expectProblem(await t.api.post(`/centres/${centreId}/users`, t.adminToken, { ...base, username: 'no-enterprise', role: 'enterprise' }), 400, 'AUTH.SCOPE_MISMATCH');
      expectProblem(await t.api.post(`/centres/${centreId}/users`, t.adminToken, { ...base, username: 'Bad Name', role: 'member', unionId: union.id }), 400);
      expectProblem(await t.api.post(`/centres/${centreId}/users`, t.adminToken, { ...base, username: 'short-pw', role: 'centre_accountant', password: 'short' }), 400);
      const ok = await t.api.post(`/centres/${centreId}/users`, t.adminToken, { ...base, username: 'Treasurer.Ok', role: 'union_treasurer', unionId: union.id });
      expect(ok.status).toBe(201);
      expect(ok.body.username).toBe('treasurer.ok');
      expectProblem(await t.api.post(`/centres/${centreId}/users`, t.adminToken, { ...base, username: 'treasurer.ok', role: 'member', unionId: union.id }), 409, 'AUTH.USERNAME_TAKEN');
    });

    it('holds the role-scope rule in the database too', async () => {
      await expect(
        t.sql.query(
          `INSERT INTO app_user (id, username, display_name, role, centre_id, password_hash)
           VALUES (gen_random_uuid(), 'direct-insert', '直插', 'union_treasurer', $1, '$argon2id$v=19$x')`,
          [centreId],
        ),
      ).rejects.toThrow(/app_user_scope_matches_role/);
    });

    it('lists the users of the centre for the supervisor', async () => {
      const supervisor = await newUser(t, centreId, 'centre_supervisor');
      const list = await t.api.get(`/centres/${centreId}/users?role=centre_supervisor`, supervisor.token);
      expect(list.status).toBe(200);
      expect(list.body.items.some((u: { id: string }) => u.id === supervisor.id)).toBe(true);
      expect(JSON.stringify(list.body)).not.toContain('password');
    });
  });
});
