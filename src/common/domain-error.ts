/** One field that failed validation: where (dotted path into the body or query) and why. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error the domain names. `code` is stable (clients and the CLI branch on it); the edge maps `status` and the
 * rest to an RFC 9457 problem-details body. Services throw these, never HTTP exceptions.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    /** Extra members of the problem body, e.g. the limit and the amounts that broke it. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'DomainError';
  }
}

export const CommonErrors = {
  validation: (errors: FieldError[], detail = 'The request has invalid fields.') =>
    new DomainError('COMMON.VALIDATION_FAILED', 400, 'Validation failed', detail, errors),
  malformedBody: (detail: string) => new DomainError('COMMON.MALFORMED_BODY', 400, 'Malformed request body', detail),
  unauthenticated: (detail = 'A valid bearer token is required.') =>
    new DomainError('AUTH.UNAUTHENTICATED', 401, 'Authentication required', detail),
  forbidden: (detail = 'Your role may not do this.') => new DomainError('AUTH.FORBIDDEN', 403, 'Forbidden', detail),
  notFound: (what: string, id?: string) =>
    new DomainError('COMMON.NOT_FOUND', 404, 'Not found', id ? `${what} ${id} was not found.` : `${what} was not found.`),
  routeNotFound: (method: string, path: string) =>
    new DomainError('COMMON.ROUTE_NOT_FOUND', 404, 'Not found', `No endpoint answers ${method} ${path}.`),
  conflict: (code: string, detail: string, extensions: Record<string, unknown> = {}) =>
    new DomainError(code, 409, 'Conflict', detail, [], extensions),
  unprocessable: (code: string, detail: string, errors: FieldError[] = []) =>
    new DomainError(code, 422, 'Unprocessable request', detail, errors),
  tooManyRequests: (detail = 'Too many requests; wait and try again.') =>
    new DomainError('COMMON.TOO_MANY_REQUESTS', 429, 'Too many requests', detail),
  payloadTooLarge: () => new DomainError('COMMON.PAYLOAD_TOO_LARGE', 413, 'Payload too large', 'The request body is too large.'),
  unavailable: (detail = 'The service is busy; try again.') =>
    new DomainError('COMMON.UNAVAILABLE', 503, 'Service unavailable', detail),
  internal: () => new DomainError('COMMON.INTERNAL', 500, 'Internal server error', 'An unexpected error occurred.'),
};

/** `urn:dues-custody-ledger:problem:auth.invalid-credentials` for code `AUTH.INVALID_CREDENTIALS`. */
export function problemType(code: string): string {
  return `urn:dues-custody-ledger:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
