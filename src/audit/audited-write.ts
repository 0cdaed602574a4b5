import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isRetryableDatabaseError } from '../common/database-errors.js';
import { claimIdempotencyKey, type IdempotencyClaim, storeIdempotentResponse } from '../common/idempotency.js';
import { type AuditActor, type AuditEntry, AuditTrail } from './audit-trail.service.js';

/** Bound on re-running a transaction that lost a serialization or deadlock race. */
const MAX_ATTEMPTS = 5;

export interface WriteOutcome<T> {
  result: T;
  /** One record per state change the use case made. */
  audit: AuditEntry | AuditEntry[];
}

/**
 * The one envelope of every write (STYLE.md §4): transaction, use case, audit records, commit. A deadlock or
 * serialization failure re-runs the whole envelope a bounded number of times with jitter; anything else rolls back
 * and propagates, leaving no trace (the error filter then records the refusal).
 */
@Injectable()
export class AuditedWrite {
  private readonly logger = new Logger(AuditedWrite.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: AuditTrail,
  ) {}

  async run<T>(actor: AuditActor, work: (manager: EntityManager) => Promise<WriteOutcome<T>>): Promise<T> {
    return (await this.runIdempotent(actor, undefined, work)).result;
  }

  /**
   * The envelope with an idempotency key (invariant 9): the first request with a key does the work and keeps its
   * response; a repeat with the same request gets that response back (`replayed`) and changes nothing; a repeat with
   * another request is refused (409).
   */
  async runIdempotent<T>(
    actor: AuditActor,
    claim: IdempotencyClaim | undefined,
    work: (manager: EntityManager) => Promise<WriteOutcome<T>>,
    status = 200,
  ): Promise<{ result: T; replayed: boolean }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction('READ COMMITTED', async (manager) => {
          if (claim) {
            const earlier = await claimIdempotencyKey(manager, claim);
            if (earlier) return { result: earlier.body as T, replayed: true };
          }
          const { result, audit } = await work(manager);
          if (claim) await storeIdempotentResponse(manager, claim, status, result);
          // sorted by chain so that two writes touching the same two chains lock them in one order
          const entries = (Array.isArray(audit) ? audit : [audit]).slice().sort((a, b) => a.centreId.localeCompare(b.centreId));
          for (const entry of entries) await this.trail.append(manager, actor, entry);
          return { result, replayed: false };
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableDatabaseError(error)) throw error;
        this.logger.warn({ attempt, requestId: actor.requestId }, 'transaction lost a race; retrying');
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
      }
    }
  }
}
