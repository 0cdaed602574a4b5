import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Who is calling. Built by the authentication guard from a verified token and the user's current row. */
export interface Principal {
  userId: string;
  username: string;
  role: string;
  centreId: string | null;
  unionId: string | null;
  enterpriseId: string | null;
  /**
   * An auditor's reach, from the engagements in force today (四位一体): which unions (or all of the centre's) and
   * which months. Absent for everyone else; an auditor with no engagement in force reaches nothing.
   */
  audit?: AuditReach;
}

export interface AuditReach {
  engagementIds: string[];
  allUnions: boolean;
  unionIds: string[];
  /** First and last month audited, YYYY-MM. */
  periodFrom: string;
  periodTo: string;
}

/** What every service call receives first: the caller and the request id that ties logs and trail together. */
export interface RequestContext {
  principal: Principal;
  requestId: string;
}

export type RequestWithContext = Request & { id?: string; principal?: Principal };

export function requestIdOf(request: RequestWithContext): string {
  return String(request.id ?? '');
}

/** The RequestContext of an authenticated request (the guard has run). */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<RequestWithContext>();
  if (!request.principal) throw new Error('Ctx used on a route without an authenticated principal');
  return { principal: request.principal, requestId: requestIdOf(request) };
});
