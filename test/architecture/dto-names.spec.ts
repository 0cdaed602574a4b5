import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The OpenAPI document names each schema after its class, and @nestjs/swagger keeps only one of two classes with
 * the same name: the other's endpoints would then be described with the wrong schema. Every class a DTO file
 * exports has a name of its own.
 */
describe('OpenAPI schema names', () => {
  it('are unique across the DTO files', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(dto|views?)\.ts$/.test(entry.name) || /pagination\.ts$|problem-details\.ts$/.test(entry.name)) files.push(path);
      }
    };
    walk(join(process.cwd(), 'src'));
    const owners = new Map<string, string[]>();
    for (const file of files) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/export class (\w+)/g)) {
        owners.set(name, [...(owners.get(name) ?? []), file.slice(process.cwd().length + 1)]);
      }
    }
    const duplicated = [...owners.entries()].filter(([, where]) => where.length > 1);
    expect(files.length).toBeGreaterThan(5);
    expect(duplicated).toEqual([]);
  });
});
