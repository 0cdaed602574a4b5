import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openApiDocumentWithoutDatabase } from '../../src/app.setup.js';

/**
 * web/src/api/schema.d.ts is generated from the service's OpenAPI document (`npm run api:types`); this regenerates it
 * the same way (the document without a database, then the openapi-typescript command) and fails on any difference,
 * so the console never compiles against an API that is not the one served.
 */
describe('the console API types', () => {
  it('match the OpenAPI document of the service (run `npm run api:types` when this fails)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dcl-api-types-'));
    const documentFile = join(directory, 'openapi.json');
    const typesFile = join(directory, 'schema.d.ts');
    writeFileSync(documentFile, JSON.stringify(await openApiDocumentWithoutDatabase(), null, 2) + '\n');
    execFileSync(process.execPath, [resolve('node_modules/openapi-typescript/bin/cli.js'), documentFile, '-o', typesFile], { stdio: 'pipe' });
    const generated = readFileSync(typesFile, 'utf8');
    const checkedIn = readFileSync(resolve('web/src/api/schema.d.ts'), 'utf8');
    expect(generated === checkedIn).toBe(true);
  });
});
