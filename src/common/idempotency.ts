import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json.js';
import { CommonErrors } from './domain-error.js';

/** What makes a write idempotent (invariant 9): its key, scoped to a centre, and a hash of the request. */
export interface IdempotencyClaim {
  centreId: string;
  key: string;
  requestHash: string;
}

const KEY = /^[\x21-\x7E]{1,200}$/;

/** The optional `Idempotency-Key` header of a money-moving POST: 1 to 200 visible ASCII characters. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw CommonErrors.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 200 visible ASCII characters' }]);
  }
  return value;
});

export function idempotencyClaim(centreId: string, key: string | undefined, operation: string, request: unknown): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  const requestHash = createHash('sha256').update(canonicalJson({ operation, request: JSON.parse(JSON.stringify(request ?? null)) })).digest('hex');
  return { centreId, key, requestHash };
}

export const IdempotencyErrors = {
  keyReused: () =>
    CommonErrors.conflict('COMMON.IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used before with a different request.'),
};

/**
 * Claims the key inside the write's transaction. Returns the stored response when the key was used before with the
 * same request (the caller replays it and writes nothing), throws when it was used with another request, and
 * returns undefined when the key is new: the caller does the work and then `storeResponse`. A concurrent request
 * with the same key waits on the first one's row until it commits, then replays it.
 */
export async function claimIdempotencyKey(manager: EntityManager, claim: IdempotencyClaim): Promise<{ body: unknown } | undefined> {
  const inserted = await manager.query(
    `INSERT INTO idempotency_record (centre_id, key, request_hash, response_status) VALUES ($1, $2, $3, 0)
     ON CONFLICT (centre_id, key) DO NOTHING RETURNING key`,
    [claim.centreId, claim.key, claim.requestHash],
  );
  if (inserted.length > 0) return undefined;
  const [row] = await manager.query('SELECT request_hash, response_body FROM idempotency_record WHERE centre_id = $1 AND key = $2', [
    claim.centreId,
    claim.key,
  ]);
  if (row.request_hash !== claim.requestHash) throw IdempotencyErrors.keyReused();
  return { body: row.response_body };
}

export async function storeIdempotentResponse(manager: EntityManager, claim: IdempotencyClaim, status: number, body: unknown) {
  await manager.query('UPDATE idempotency_record SET response_status = $3, response_body = $4 WHERE centre_id = $1 AND key = $2', [
    claim.centreId,
    claim.key,
    status,
    JSON.stringify(body ?? null),
  ]);
}
