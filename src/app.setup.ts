import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/index.js';
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
  return app;
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
