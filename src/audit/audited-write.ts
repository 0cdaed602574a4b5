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
 * The one envelope of every write (STYLE.md §4): transaction (READ COMMITTED, PostgreSQL's default, so no extra SET
 * statement), use case, audit records, commit. A deadlock or
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
   * Many writes in one transaction (bulk imports: one transaction per chunk of rows rather than per row). Each item
   * runs under a savepoint: one that fails is rolled back to it and reported, the others stand. The audit records of
   * the items that stood are appended at the end, so the chain head is locked once per chunk.
   */
  async runBatch<I, T>(
    actor: AuditActor,
    items: I[],
    work: (manager: EntityManager, item: I) => Promise<WriteOutcome<T>>,
    isRefusal: (error: unknown) => boolean,
    /** Runs after the items, in the same transaction (e.g. one posting for the whole chunk); its records join the rest. */
    finish?: (manager: EntityManager) => Promise<AuditEntry[]>,
    /** Resets what the items gather in memory, before each attempt (a lost race re-runs the whole batch). */
    beforeAttempt?: () => void,
  ): Promise<Array<{ ok: true; result: T } | { ok: false; error: unknown }>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        beforeAttempt?.();
        return await this.dataSource.transaction(async (manager) => {
          const outcomes: Array<{ ok: true; result: T } | { ok: false; error: unknown }> = [];
          const audits: AuditEntry[] = [];
          for (const item of items) {
            await manager.query('SAVEPOINT batch_item');
            try {
              const { result, audit } = await work(manager, item);
              await manager.query('RELEASE SAVEPOINT batch_item');
              audits.push(...(Array.isArray(audit) ? audit : [audit]));
              outcomes.push({ ok: true, result });
            } catch (error) {
              if (!isRefusal(error)) throw error;
              await manager.query('ROLLBACK TO SAVEPOINT batch_item');
              outcomes.push({ ok: false, error });
            }
          }
          if (finish) audits.push(...(await finish(manager)));
          await this.trail.appendAll(manager, actor, audits);
          return outcomes;
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableDatabaseError(error)) throw error;
        this.logger.warn({ attempt, requestId: actor.requestId }, 'batch transaction lost a race; retrying');
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
      }
    }
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
        return await this.dataSource.transaction(async (manager) => {
          if (claim) {
            const earlier = await claimIdempotencyKey(manager, claim);
            if (earlier) return { result: earlier.body as T, replayed: true };
          }
          const { result, audit } = await work(manager);
          if (claim) await storeIdempotentResponse(manager, claim, status, result);
          await this.trail.appendAll(manager, actor, Array.isArray(audit) ? audit : [audit]);
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
