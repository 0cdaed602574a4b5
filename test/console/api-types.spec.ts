import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openApiDocumentWithoutDatabase } from '../../src/app.setup.js';
import { createTestApp } from '../support/test-app.js';

/**
 * web/src/api/schema.d.ts is generated from the service's OpenAPI document (`npm run api:types`, which builds the
 * document without a database). This regenerates it from the document the running service serves at /api/docs-json
 * and fails on any difference, so the console never compiles against an API that is not the one served; it also
 * holds the served document equal to the one `api:types` builds.
 */
describe('the console API types', () => {
  it('match the OpenAPI document the running service serves (run `npm run api:types` when this fails)', async () => {
    const t = await createTestApp();
    let served: unknown;
    try {
      const response = await t.api.http().get('/api/docs-json');
      expect(response.status).toBe(200);
      served = response.body;
    } finally {
      await t.close();
    }
    expect(served).toEqual(JSON.parse(JSON.stringify(await openApiDocumentWithoutDatabase())));

    const directory = mkdtempSync(join(tmpdir(), 'dcl-api-types-'));
    const documentFile = join(directory, 'openapi.json');
    const typesFile = join(directory, 'schema.d.ts');
    writeFileSync(documentFile, JSON.stringify(served, null, 2) + '\n');
    execFileSync(process.execPath, [resolve('node_modules/openapi-typescript/bin/cli.js'), documentFile, '-o', typesFile], { stdio: 'pipe' });
    const generated = readFileSync(typesFile, 'utf8');
    const checkedIn = readFileSync(resolve('web/src/api/schema.d.ts'), 'utf8');
    expect(generated === checkedIn).toBe(true);
  }, 60_000);
});
