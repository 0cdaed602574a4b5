import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { APP_CONFIG, type AppConfig, loadConfig } from './config/index.js';
import { createValidationPipe, RejectControlCharactersPipe } from './common/validation.js';

export const API_PREFIX = 'api/v1';

/** Everything an app needs beyond its modules; shared by main.ts and the e2e tests so both serve the same API. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  express.disable('x-powered-by');
  // every answer is what its Content-Type says: a browser never sniffs stored text in JSON or CSV into HTML
  express.use((_request: Request, response: Response, next: () => void) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  express.set('trust proxy', 'loopback');
  express.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new RejectControlCharactersPipe(), createValidationPipe());

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveConsole(express, app.get<AppConfig>(APP_CONFIG).consoleDir);
  return app;
}

/**
 * The web console (web/, built into web/dist by `npm run web:build`, or by `npm start` when stale) at `/`: its files,
 * and index.html for any other GET outside /api so that the console's history-mode routes survive a reload. Nothing
 * under /api is touched. Done here rather than with @nestjs/serve-static, whose loader is chosen when the module is
 * instantiated: under @nestjs/testing that happens before the HTTP adapter exists, and it silently serves nothing.
 */
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

function serveConsole(app: NestExpressApplication, directory: string): void {
  const index = join(directory, 'index.html');
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
  app.useStaticAssets(directory, {
    index: false,
    maxAge: '1h',
    fallthrough: true,
    setHeaders: (response, path) => {
      if (path.endsWith('.html')) response.setHeader('Content-Security-Policy', CONSOLE_CSP);
    },
  });
  app.use((request: Request, response: Response, next: () => void) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApi(request.path) || !existsSync(index)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('Content-Security-Policy', CONSOLE_CSP);
    response.sendFile(index);
  });
}

/** The OpenAPI document of an app whose global prefix is set (served at /api/docs, and the source of web/src/api). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dues Custody Ledger API')
      .setDescription(
        'Double-entry fund accounting for trade-union dues (工会经费) held by custody centres. Amounts are decimal ' +
          'strings, dates ISO 8601, ids UUID; every error is RFC 9457 problem details. `x-roles` on an operation ' +
          'lists the roles that may call it; objects outside your scope answer 404.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
}

/**
 * The same document without a database: Nest's preview mode builds the module graph and the controllers' prototypes
 * but instantiates no provider, so nothing connects (the URL below is never dialled).
 */
export async function openApiDocumentWithoutDatabase(): Promise<OpenAPIObject> {
  const config = loadConfig(
    { NODE_ENV: 'test', DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi', JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' },
    [],
  );
  const app = await NestFactory.create(AppModule.register(config), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX);
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close().catch(() => undefined);
  }
}
