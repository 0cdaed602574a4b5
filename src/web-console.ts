import type { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';

/**
 * The console's Content-Security-Policy: its own scripts only, no inline script, handler or eval, so that stored text
 * which ever reached the page as markup (a union named `<img src=x onerror=…>`) still could not run. Inline styles are
 * allowed: Element Plus and ECharts position their popups with them.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The web console (web/, built into `directory` by `npm run web:build`, or by `npm start` when stale) at `/`: its
 * files, and index.html for any other GET or HEAD outside /api so that the console's history-mode routes survive a
 * reload. Nothing under /api is touched, so an unknown API path stays a problem-details 404.
 *
 * The loader is chosen when this module is instantiated, from the HTTP adapter then known: an app made by NestFactory
 * serves; an application context (the CLI) or a @nestjs/testing module compiled before its app exists serves nothing.
 */
export function webConsoleModule(directory: string): DynamicModule {
  return ServeStaticModule.forRoot({
    rootPath: directory,
    exclude: ['/api/{*rest}'],
    serveStaticOptions: {
      // `/` is the fallback's, so that it too is answered uncached
      index: false,
      maxAge: '1h',
      // called for a file and for the fallback alike; the page is the one thing the policy and no-cache are for (it
      // names the hashed assets of its build, so a new build must reach the next reload)
      setHeaders: (response: Response, path: string) => {
        if (!path.endsWith('.html')) return;
        response.setHeader('Content-Security-Policy', CONSOLE_CSP);
        response.setHeader('Cache-Control', 'no-cache');
      },
    },
  });
}
