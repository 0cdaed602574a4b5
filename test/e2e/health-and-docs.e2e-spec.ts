import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

describe('health, OpenAPI document and problem details', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers health when the database is ready', async () => {
    const response = await t.api.get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expect.objectContaining({ status: 'ok', database: 'up', migrations: expect.any(Number) }));
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('keeps a safe X-Request-Id of the caller and replaces an unsafe one', async () => {
    const kept = await t.api.get('/health').set('X-Request-Id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.api.get('/health').set('X-Request-Id', 'evil\u00e9 id');
    expect(replaced.headers['x-request-id']).not.toContain('evil');
  });

  it('serves the OpenAPI document with request and response schemas and the roles of every operation', async () => {
    const response = await t.api.http().get('/api/docs-json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toMatch(/^3\./);
    const schemas = Object.keys(document.components.schemas);
    for (const name of ['ProblemDetails', 'LoginDto', 'LoginResult', 'CreateUnionDto', 'UnionView', 'UnionPage', 'CreateEnterpriseDto', 'ChainVerificationView']) {
      expect(schemas).toContain(name);
    }
    let operations = 0;
    for (const [path, item] of Object.entries<Record<string, { 'x-roles'?: string[]; responses: Record<string, unknown> }>>(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations += 1;
        expect({ path, method, roles: operation['x-roles']?.length ?? 0 }).toEqual({ path, method, roles: expect.any(Number) });
        expect(operation['x-roles']?.length).toBeGreaterThan(0);
        const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
        expect(success.length).toBeGreaterThan(0);
      }
    }
    expect(operations).toBeGreaterThan(15);
    const createUnion = document.paths['/api/v1/centres/{centreId}/unions'].post;
    expect(createUnion.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateUnionDto');
    expect(Object.keys(createUnion.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '422']));
    expect((await t.api.http().get('/api/docs')).status).toBe(200);
  });

  it('answers an unknown route with problem details', async () => {
    expectProblem(await t.api.get('/no-such-thing'), 404, 'COMMON.ROUTE_NOT_FOUND');
  });

  it('answers a body that is not JSON with problem details and a request id', async () => {
    const response = await t.api.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":');
    const problem = expectProblem(response, 400, 'COMMON.MALFORMED_BODY');
    expect(problem).toEqual(expect.objectContaining({ requestId: expect.any(String) }));
  });

  it('never leaks SQL or stack traces: an internal failure is a bare 500', async () => {
    // break the database under the app on purpose: the next query fails in a way no rule foresees
    await t.sql.query('ALTER TABLE centre RENAME TO centre_gone');
    try {
      const response = await t.api.get('/centres', t.adminToken);
      const problem = expectProblem(response, 500, 'COMMON.INTERNAL');
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/centre_gone|relation|SELECT|at .*\.js/);
      expect(problem.detail).toBe('An unexpected error occurred.');
    } finally {
      await t.sql.query('ALTER TABLE centre_gone RENAME TO centre');
    }
  });
});
