import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DomainError } from '../common/domain-error.js';
import type { RefusalRecorder } from '../common/problem-details.filter.js';
import type { RequestContext, RequestWithContext } from '../common/request-context.js';
import {
  type AuditRecordContent,
  ChainVerifier,
  GENESIS_HASH,
  hashRecord,
  normaliseDetail,
  PLATFORM_CHAIN,
} from './chain.js';

/** Who did it: a user, or nobody yet (an anonymous refused request). */
export interface AuditActor {
  userId: string | null;
  username: string | null;
  role: string | null;
  requestId: string | null;
}

/** What a use case reports about the change it made. */
export interface AuditEntry {
  /** The chain the record joins: the centre the object belongs to (PLATFORM_CHAIN for none). */
  centreId: string;
  action: string;
  objectType?: string;
  objectId?: string;
  /** before/after of a change, or the content created; never secrets. */
  detail: Record<string, unknown>;
}

export interface AuditRecordRow extends AuditRecordContent {
  hash: string;
}

const VERIFY_BATCH = 1000;

export function actorOf(ctx: RequestContext): AuditActor {
  return {
    userId: ctx.principal.userId,
    username: ctx.principal.username,
    role: ctx.principal.role,
    requestId: ctx.requestId || null,
  };
}

/** The only writer of the trail (invariant 5): one record per state change, in the transaction of the change. */
@Injectable()
export class AuditTrail implements RefusalRecorder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one record to its centre's chain. Call it last in the transaction: it locks the chain head, and the
   * lock is held until commit, so the shorter the rest of the transaction after it, the better.
   */
  async append(manager: EntityManager, actor: AuditActor, entry: AuditEntry, outcome: 'ok' | 'refused' = 'ok') {
    const head = await this.lockHead(manager, entry.centreId);
    const content: AuditRecordContent = {
      centreId: entry.centreId,
      seq: head.seq + 1,
      prevHash: head.hash,
      occurredAt: new Date().toISOString(),
      actorUserId: actor.userId,
      actorUsername: actor.username,
      actorRole: actor.role,
      action: entry.action,
      objectType: entry.objectType ?? null,
      objectId: entry.objectId ?? null,
      outcome,
      requestId: actor.requestId,
      detail: normaliseDetail(entry.detail),
    };
    const hash = hashRecord(content);
    await manager.query(
      `INSERT INTO audit_record (centre_id, seq, prev_hash, occurred_at, actor_user_id, actor_username, actor_role,
         action, object_type, object_id, outcome, request_id, detail, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        content.centreId, content.seq, content.prevHash, content.occurredAt, content.actorUserId,
        content.actorUsername, content.actorRole, content.action, content.objectType, content.objectId,
        content.outcome, content.requestId, JSON.stringify(content.detail), hash,
      ],
    );
    return { seq: content.seq, hash };
  }

  /**
   * Appends several records, chain by chain in a fixed order (so two writes touching the same chains lock their
   * heads in one order), each chain's head locked once and its records written in one statement.
   */
  async appendAll(manager: EntityManager, actor: AuditActor, entries: AuditEntry[], outcome: 'ok' | 'refused' = 'ok'): Promise<void> {
    if (entries.length === 1) {
      await this.append(manager, actor, entries[0], outcome);
      return;
    }
    const byChain = new Map<string, AuditEntry[]>();
    for (const entry of entries) byChain.set(entry.centreId, [...(byChain.get(entry.centreId) ?? []), entry]);
    for (const centreId of [...byChain.keys()].sort()) {
      const head = await this.lockHead(manager, centreId);
      let seq = head.seq;
      let prevHash = head.hash;
      const rows: unknown[][] = [];
      for (const entry of byChain.get(centreId)!) {
        seq += 1;
        const content: AuditRecordContent = {
          centreId, seq, prevHash, occurredAt: new Date().toISOString(), actorUserId: actor.userId, actorUsername: actor.username,
          actorRole: actor.role, action: entry.action, objectType: entry.objectType ?? null, objectId: entry.objectId ?? null, outcome,
          requestId: actor.requestId, detail: normaliseDetail(entry.detail),
        };
        const hash = hashRecord(content);
        rows.push([content.seq, content.prevHash, content.occurredAt, content.action, content.objectType, content.objectId, JSON.stringify(content.detail), hash]);
        prevHash = hash;
      }
      // one statement; the row trigger checks and moves the head row by row, in this order
      await manager.query(
        `INSERT INTO audit_record (centre_id, seq, prev_hash, occurred_at, actor_user_id, actor_username, actor_role, action, object_type,
           object_id, outcome, request_id, detail, hash)
         SELECT $1, r.seq, r.prev_hash, r.occurred_at, $2, $3, $4, r.action, r.object_type, r.object_id, $5, $6, r.detail, r.hash
           FROM unnest($7::bigint[], $8::text[], $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::jsonb[], $14::text[])
                WITH ORDINALITY AS r(seq, prev_hash, occurred_at, action, object_type, object_id, detail, hash, n)
          ORDER BY r.n`,
        [
          centreId, actor.userId, actor.username, actor.role, outcome, actor.requestId,
          rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]),
          rows.map((r) => r[4]), rows.map((r) => r[5]), rows.map((r) => r[6]), rows.map((r) => r[7]),
        ],
      );
    }
  }

  /**
   * Records a refused write after its transaction has rolled back, in a transaction of its own: the refusal is the
   * only trace a failed write leaves. It joins the caller's own centre chain (the platform chain for a system
   * administrator or an anonymous caller), never the chain of a centre the caller named but may not see.
   */
  async recordRefusal(request: RequestWithContext, error: DomainError): Promise<void> {
    const principal = request.principal;
    const actor: AuditActor = {
      userId: principal?.userId ?? null,
      username: principal?.username ?? null,
      role: principal?.role ?? null,
      requestId: request.id ? String(request.id) : null,
    };
    const routePath = (request.route as { path?: string } | undefined)?.path;
    const body = request.body as Record<string, unknown> | undefined;
    const attemptedUsername =
      body && typeof body.username === 'string' && body.username.length <= 64 ? body.username : undefined;
    const detail = {
      method: request.method,
      path: request.originalUrl.split('?')[0].slice(0, 500),
      status: error.status,
      code: error.code,
      reason: error.detail ?? error.title,
      errors: error.errors.slice(0, 50),
      ...(attemptedUsername !== undefined ? { attemptedUsername } : {}),
    };
    await this.dataSource.transaction((manager) =>
      this.append(
        manager,
        actor,
        {
          centreId: principal?.centreId ?? PLATFORM_CHAIN,
          action: `${request.method} ${routePath ? `${request.baseUrl ?? ''}${routePath}` : 'unmatched'}`,
          detail,
        },
        'refused',
      ),
    );
  }

  /** Recomputes a whole chain in seq order, a batch at a time, and names the first broken record. */
  async verify(centreId: string) {
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query(
        `SELECT ${RECORD_COLUMNS} FROM audit_record WHERE centre_id = $1 AND seq > $2 ORDER BY seq LIMIT ${VERIFY_BATCH}`,
        [centreId, after],
      );
      if (rows.length === 0) break;
      let intact = true;
      for (const row of rows) {
        if (!verifier.push(toRecord(row))) {
          intact = false;
          break;
        }
      }
      if (!intact) break;
      after = Number(rows[rows.length - 1].seq);
    }
    const [head] = await this.dataSource.query('SELECT seq, hash FROM audit_chain_head WHERE centre_id = $1', [centreId]);
    verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : undefined);
    return { centreId, ...verifier.result, verifiedAt: new Date().toISOString() };
  }

  /** Records in chain order; `days` keeps those made on those days (Beijing time), as an auditor's engagement reads them. */
  async listRecords(centreId: string, afterSeq: number, limit: number, days?: { from: string; to: string }): Promise<AuditRecordRow[]> {
    const rows = await this.dataSource.query(
      `SELECT ${RECORD_COLUMNS} FROM audit_record
        WHERE centre_id = $1 AND seq > $2 AND ($4::date IS NULL OR ${BEIJING_DAY} BETWEEN $4::date AND $5::date)
        ORDER BY seq LIMIT $3`,
      [centreId, afterSeq, limit, days?.from ?? null, days?.to ?? null],
    );
    return rows.map(toRecord);
  }

  private async lockHead(manager: EntityManager, centreId: string): Promise<{ seq: number; hash: string }> {
    const select = 'SELECT seq, hash FROM audit_chain_head WHERE centre_id = $1 FOR UPDATE';
    let [head] = await manager.query(select, [centreId]);
    if (!head) {
      // a new chain: create its head, then lock it (a concurrent creator makes us wait, then we see its row)
      await manager.query(
        'INSERT INTO audit_chain_head (centre_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (centre_id) DO NOTHING',
        [centreId, GENESIS_HASH],
      );
      [head] = await manager.query(select, [centreId]);
    }
    return { seq: Number(head.seq), hash: head.hash };
  }
}

/** The day a record was made on, in Beijing: the engagement's months are the centre's calendar months. */
export const BEIJING_DAY = `(occurred_at AT TIME ZONE 'Asia/Shanghai')::date`;

const RECORD_COLUMNS = `centre_id, seq, prev_hash, occurred_at, actor_user_id, actor_username, actor_role, action,
  object_type, object_id, outcome, request_id, detail, hash`;

function toRecord(row: Record<string, unknown>): AuditRecordRow {
  return {
    centreId: row.centre_id as string,
    seq: Number(row.seq),
    prevHash: row.prev_hash as string,
    occurredAt: (row.occurred_at as Date).toISOString(),
    actorUserId: (row.actor_user_id as string | null) ?? null,
    actorUsername: (row.actor_username as string | null) ?? null,
    actorRole: (row.actor_role as string | null) ?? null,
    action: row.action as string,
    objectType: (row.object_type as string | null) ?? null,
    objectId: (row.object_id as string | null) ?? null,
    outcome: row.outcome as 'ok' | 'refused',
    requestId: (row.request_id as string | null) ?? null,
    detail: row.detail,
    hash: row.hash as string,
  };
}
