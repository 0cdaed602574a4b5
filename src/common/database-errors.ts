import { CommonErrors, DomainError } from './domain-error.js';

interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
}

const constraintErrors = new Map<string, () => DomainError>();

/**
 * Each context names the domain error that a constraint of its schema stands for, so that a rule the database
 * enforces (a unique code, a reference to a missing union) reaches the client as the same error the service would
 * have raised itself.
 */
export function registerConstraintErrors(map: Record<string, () => DomainError>): void {
  for (const [name, build] of Object.entries(map)) constraintErrors.set(name, build);
}

const sqlStateErrors = new Map<string, () => DomainError>();

/** The domain error a custom SQLSTATE raised by one of our triggers stands for. */
export function registerSqlStateErrors(map: Record<string, () => DomainError>): void {
  for (const [code, build] of Object.entries(map)) sqlStateErrors.set(code, build);
}

/** Errors worth retrying the whole transaction for: serialization failure and deadlock. */
export function isRetryableDatabaseError(error: unknown): boolean {
  const code = pgError(error)?.code;
  return code === '40001' || code === '40P01';
}

export function pgError(error: unknown): PgError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = (error as { driverError?: PgError }).driverError ?? (error as PgError);
  return typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code) ? candidate : undefined;
}

/** SQLSTATEs of a server that is going away or not there yet: class 08, admin/crash shutdown, starting up, full. */
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03|53300)$/;
/** What node-postgres says when the socket to the server fails (no SQLSTATE: the server never answered). */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * True when the database could not be reached or dropped the connection (a restart, a crash, a failover): nothing
 * of the request was committed and the same request may succeed in a moment, so the client gets a 503 to retry
 * (with its Idempotency-Key), not a 500 that says the service is at fault.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const candidate = (error as { driverError?: unknown }).driverError ?? error;
  const { code, message } = candidate as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/** The domain error a database error stands for, or undefined when it is a fault of ours (a 500). */
export function translateDatabaseError(error: unknown): DomainError | undefined {
  if (isDatabaseUnavailable(error)) {
    return new DomainError('COMMON.UNAVAILABLE', 503, 'Service unavailable', 'The database is unavailable; try again in a moment.', [], {
      retryAfterSeconds: 1,
    });
  }
  const pg = pgError(error);
  if (!pg?.code) return undefined;
  const named = pg.constraint ? constraintErrors.get(pg.constraint) : undefined;
  if (named) return named();
  const raised = sqlStateErrors.get(pg.code);
  if (raised) return raised();
  switch (pg.code) {
    case '23505':
      return CommonErrors.conflict('COMMON.DUPLICATE', 'An object with the same identifying values already exists.');
    case '23503':
      return CommonErrors.conflict('COMMON.REFERENCED', 'The object is referenced by others or refers to a missing one.');
    case '23514':
    case '23502':
      return CommonErrors.unprocessable('COMMON.CONSTRAINT_VIOLATED', 'The request breaks a rule of the ledger.');
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
      return CommonErrors.validation([], 'A value is out of range or malformed.');
    case '40001':
    case '40P01':
    case '55P03':
      return CommonErrors.unavailable('The request collided with another one; try again.');
    case 'P0A02':
      return CommonErrors.conflict('COMMON.IMMUTABLE', 'The record is final and cannot be changed.');
    default:
      return undefined;
  }
}
