import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { defer, from, mergeMap, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { requestIdOf, type RequestWithContext } from '../common/request-context.js';
import { AuditTrail } from './audit-trail.service.js';

const PRINTS_DOCUMENT = 'dcl:prints-document';

/** A route whose answer is always a printed document (the audit package); other reports print with `format=pdf`. */
export const PrintsDocument = () => SetMetadata(PRINTS_DOCUMENT, true);

/**
 * Every read an auditor makes under an engagement is itself on the trail (四位一体: the watchers are watched): one
 * record per successful GET, appended before the answer leaves, naming the engagements in force and what was read.
 *
 * A printed document is the exception in timing: its read is appended before the document is made, so that the chain
 * head printed in its footer is the record of this very read, and the auditor who verifies the chain next sees that
 * same head. Should the printing then fail, the attempt stays on the trail.
 */
@Injectable()
export class AuditorReadRecorder implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: AuditTrail,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithContext & { method: string; originalUrl?: string; url: string }>();
    const principal = request.principal;
    if (request.method !== 'GET' || !principal?.audit || !principal.centreId) return next.handle();
    const reach = principal.audit;
    const centreId = principal.centreId;
    const record = () =>
      this.dataSource.transaction((manager) =>
        this.trail.append(
          manager,
          { userId: principal.userId, username: principal.username, role: principal.role, requestId: requestIdOf(request) || null },
          {
            centreId,
            action: 'audit.read',
            objectType: 'request',
            detail: { method: request.method, path: (request.originalUrl ?? request.url).slice(0, 500), engagementIds: reach.engagementIds },
          },
        ),
      );
    const printed = this.reflector.get<boolean>(PRINTS_DOCUMENT, context.getHandler()) || (request.query as Record<string, unknown> | undefined)?.format === 'pdf';
    if (printed) return defer(() => from(record())).pipe(mergeMap(() => next.handle()));
    return next.handle().pipe(mergeMap((body) => from(record().then(() => body))));
  }
}
