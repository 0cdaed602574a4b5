// Builds the web console (web/ → web/dist) when web/dist is missing or older than any of its sources, so that
// `npm start` (its prestart) serves a console that matches the checkout. `--force` builds regardless.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');
const sources = [join(web, 'index.html'), join(web, 'vite.config.ts'), join(web, 'tsconfig.json'), join(web, 'src'), join(root, 'package-lock.json')];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

const force = process.argv.includes('--force');
const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newest));
if (!force && builtAt >= changedAt) {
  console.log('web console is up to date (web/dist)');
} else {
  console.log(builtAt ? 'web console sources changed: building web/dist' : 'web console not built yet: building web/dist');
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
