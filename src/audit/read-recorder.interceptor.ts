import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { from, mergeMap, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { requestIdOf, type RequestWithContext } from '../common/request-context.js';
import { AuditTrail } from './audit-trail.service.js';

/**
 * Every read an auditor makes under an engagement is itself on the trail (四位一体: the watchers are watched): one
 * record per successful GET, appended before the answer leaves, naming the engagements in force and what was read.
 */
@Injectable()
export class AuditorReadRecorder implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithContext & { method: string; originalUrl?: string; url: string }>();
    const principal = request.principal;
    if (request.method !== 'GET' || !principal?.audit || !principal.centreId) return next.handle();
    const reach = principal.audit;
    const centreId = principal.centreId;
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          this.dataSource
            .transaction((manager) =>
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
            )
            .then(() => body),
        ),
      ),
    );
  }
}
