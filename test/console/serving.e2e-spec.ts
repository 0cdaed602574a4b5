import { execFileSync } from 'node:child_process';
import { openApiDocumentWithoutDatabase } from '../../src/app.setup.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The app serves the built console at `/` with a history-mode fallback, while /api stays the API. */
describe('serving the web console', () => {
  let t: TestApp;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-console.mjs'], { stdio: 'pipe' }); // builds web/dist when stale
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  it('serves index.html at / and at any console route (a reload of /vouchers/new)', async () => {
    for (const path of ['/', '/vouchers/new', '/login?next=%2Fapprovals']) {
      const response = await t.api.http().get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('<div id="app"></div>');
    }
  });

  it('serves the built assets', async () => {
    const index = (await t.api.http().get('/')).text;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const response = await t.api.http().get(script!);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
  });

  it('leaves /api to the API: unknown API paths are problem details, not the console', async () => {
    const response = await t.api.http().get('/api/v1/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.api.http().get('/api/v1/health')).body.status).toBe('ok');
    expect((await t.api.http().get('/api/docs')).text).toContain('swagger');
  });

  it('serves the same OpenAPI document as the one the console types are generated from', async () => {
    const served = (await t.api.http().get('/api/docs-json')).body;
    expect(served).toEqual(JSON.parse(JSON.stringify(await openApiDocumentWithoutDatabase())));
  });
});
