import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { openApiDocumentWithoutDatabase } from '../../src/app.setup.js';
import { CONSOLE_CSP } from '../../src/web-console.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

/** A plain 404: neither the console's page nor an error's stack. */
function expectNotTheConsole(response: request.Response) {
  expect(response.status).toBe(404);
  expect(response.text).not.toContain('id="app"');
  expect(response.text).not.toMatch(/node_modules|\n\s+at /);
}

/** The app serves the built console at `/` with a history-mode fallback, while /api stays the API. */
describe('serving the web console', () => {
  let t: TestApp;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-console.mjs'], { stdio: 'pipe' }); // builds web/dist when stale
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  it('serves index.html at / and at any console route (a reload of /vouchers/new), under the console policy', async () => {
    for (const path of ['/', '/vouchers/new', '/login?next=%2Fapprovals']) {
      const response = await t.api.http().get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('<div id="app"></div>');
      expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      // a new build must reach a reload: the page names the hashed assets of its build
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers HEAD on a console route like GET, without the body', async () => {
    const response = await t.api.http().head('/vouchers/new');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(response.text).toBeUndefined();
  });

  it('serves index.html requested as a file under the same policy', async () => {
    const response = await t.api.http().get('/index.html');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<div id="app"></div>');
    expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves the built assets, cached for an hour and never sniffed', async () => {
    const index = (await t.api.http().get('/')).text;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const response = await t.api.http().get(script!);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=3600');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('leaves /api to the API: unknown API paths are problem details, not the console', async () => {
    expectProblem(await t.api.http().get('/api/v1/no-such-thing'), 404);
    expectProblem(await t.api.http().get('/api/v1/unknown/deeper?x=1'), 404);
    expectNotTheConsole(await t.api.http().get('/api'));
    const head = await t.api.http().head('/api/v1/no-such-thing');
    expect(head.status).toBe(404);
    expect(head.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.api.http().get('/api/v1/health')).body.status).toBe('ok');
    expect((await t.api.http().get('/api/docs')).text).toContain('swagger');
  });

  it('gives the console only to GET and HEAD: another method on a console route is a 404', async () => {
    expectNotTheConsole(await t.api.http().post('/vouchers/new').send({}));
  });

  it('serves the same OpenAPI document as the one the console types are generated from', async () => {
    const served = (await t.api.http().get('/api/docs-json')).body;
    expect(served).toEqual(JSON.parse(JSON.stringify(await openApiDocumentWithoutDatabase())));
  });
});

describe('a service whose console is not built', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ CONSOLE_DIR: mkdtempSync(join(tmpdir(), 'dcl-no-console-')) });
  }, 120_000);
  afterAll(() => t?.close());

  it('still answers the API, and a console route is a 404 problem rather than a failure', async () => {
    for (const path of ['/', '/vouchers/new', '/index.html']) {
      const response = await t.api.http().get(path);
      expectNotTheConsole(response);
      expectProblem(response, 404);
    }
    expect((await t.api.http().head('/vouchers/new')).status).toBe(404);
    expectProblem(await t.api.http().get('/api/v1/no-such-thing'), 404);
    expect((await t.api.http().get('/api/v1/health')).body.status).toBe('ok');
  });
});
