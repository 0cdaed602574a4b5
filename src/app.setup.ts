import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, RejectControlCharactersPipe } from './common/validation.js';

export const API_PREFIX = 'api/v1';

/** Everything an app needs beyond its modules; shared by main.ts and the e2e tests so both serve the same API. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  express.useBodyParser('json', { limit: '1mb' });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new RejectControlCharactersPipe(), createValidationPipe());

  const document = SwaggerModule.createDocument(
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
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
