import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { DomainError, problemType } from './domain-error.js';

export class FieldErrorView {
  @ApiProperty({ example: 'bankAccountNo' }) field: string;
  @ApiProperty({ example: 'bankAccountNo must be 8 to 32 digits' }) message: string;
}

/** RFC 9457 problem details, the body of every 4xx and 5xx answer. */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:dues-custody-ledger:problem:common.validation-failed' }) type: string;
  @ApiProperty({ example: 'Validation failed' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiPropertyOptional({ example: 'The request has invalid fields.' }) detail?: string;
  @ApiProperty({ description: 'Stable error code', example: 'COMMON.VALIDATION_FAILED' }) code: string;
  @ApiProperty({ type: [FieldErrorView] }) errors: FieldErrorView[];
  @ApiPropertyOptional({ description: 'The request path' }) instance?: string;
  @ApiPropertyOptional({ description: 'Correlates with the logs and the audit trail' }) requestId?: string;
}

export function toProblem(error: DomainError, instance?: string, requestId?: string): ProblemDetails {
  return {
    ...error.extensions,
    type: problemType(error.code),
    title: error.title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    code: error.code,
    errors: error.errors,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (field errors in errors[])',
  404: 'Not found, or outside your scope',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  422: 'Valid input that breaks a domain rule',
  429: 'Too many requests',
  503: 'Busy; retry',
};

/** Documents the problem-details answers a route can give (401/403 come with @Roles). */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'Error', type: ProblemDetails }),
    ),
  );
}
