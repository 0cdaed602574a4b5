import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import type { Response } from 'express';
import { translateDatabaseError } from './database-errors.js';
import { CommonErrors, DomainError, type FieldError } from './domain-error.js';
import { toProblem } from './problem-details.js';
import { requestIdOf, type RequestWithContext } from './request-context.js';

/** Records a refused write in the audit trail (implemented by the audit context). */
export interface RefusalRecorder {
  recordRefusal(request: RequestWithContext, error: DomainError): Promise<void>;
}
export const REFUSAL_RECORDER = Symbol('REFUSAL_RECORDER');

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one exit for errors: every 4xx and 5xx leaves as RFC 9457 problem details. Unknown errors are logged with the
 * request id and answered 500 without detail, so no stack trace or SQL reaches a client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() @Inject(REFUSAL_RECORDER) private readonly refusals?: RefusalRecorder) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestWithContext>();
    const response = http.getResponse<Response>();
    // errors raised before the request logger ran (a body that is not JSON) still get an id to quote
    if (!request.id) {
      request.id = randomUUID();
      if (!response.headersSent) response.setHeader('X-Request-Id', request.id);
    }
    const requestId = requestIdOf(request);
    const error = this.toDomainError(exception, request);

    if (error.status >= 500) {
      this.logger.error({ err: exception, requestId, path: request.originalUrl }, 'request failed');
    }
    if (this.refusals && this.isRefusedWrite(request, error)) {
      await this.refusals.recordRefusal(request, error).catch((recordError: unknown) => {
        this.logger.error({ err: recordError, requestId }, 'could not record a refused write in the audit trail');
      });
    }
    if (response.headersSent) return;
    if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    const retryAfter = error.extensions.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response
      .status(error.status)
      .type('application/problem+json')
      .send(JSON.stringify(toProblem(error, request.originalUrl?.split('?')[0], requestId)));
  }

  private isRefusedWrite(request: RequestWithContext, error: DomainError): boolean {
    if (READ_METHODS.has(request.method)) return false;
    if (error.status < 400 || error.status >= 500) return false;
    return !['COMMON.TOO_MANY_REQUESTS', 'COMMON.ROUTE_NOT_FOUND'].includes(error.code);
  }

  private toDomainError(exception: unknown, request: RequestWithContext): DomainError {
    if (exception instanceof DomainError) return exception;
    const fromDatabase = translateDatabaseError(exception);
    if (fromDatabase) return fromDatabase;
    const bodyParserType = (exception as { type?: string } | undefined)?.type;
    if (bodyParserType === 'entity.parse.failed') return CommonErrors.malformedBody('The body is not valid JSON.');
    if (bodyParserType === 'entity.too.large') return CommonErrors.payloadTooLarge();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const cause = exception.cause as { type?: string } | undefined;
      if (cause?.type === 'entity.parse.failed') return CommonErrors.malformedBody('The body is not valid JSON.');
      if (status === 404) return CommonErrors.routeNotFound(request.method, request.originalUrl.split('?')[0]);
      if (status === 429) return CommonErrors.tooManyRequests();
      if (status === 413) return CommonErrors.payloadTooLarge();
      if (status === 401) return CommonErrors.unauthenticated();
      if (status === 403) return CommonErrors.forbidden();
      if (status === 400) {
        const body = exception.getResponse() as { message?: string | string[] };
        const messages = Array.isArray(body?.message) ? body.message : [];
        const errors: FieldError[] = messages.map((message) => ({ field: '', message }));
        return CommonErrors.validation(errors, typeof body?.message === 'string' ? body.message : undefined);
      }
      if (status < 500) return new DomainError(`HTTP.${status}`, status, exception.message, exception.message);
    }
    return CommonErrors.internal();
  }
}
