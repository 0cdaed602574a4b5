import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openApiDocumentWithoutDatabase } from '../app.setup.js';

/** Writes the service's OpenAPI document (the one /api/docs-json serves) to the file named, without a database. */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node dist/src/cli/openapi-document.js OUT.json');
  const document = await openApiDocumentWithoutDatabase();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(document, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
