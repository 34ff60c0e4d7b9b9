/**
 * `Idempotency-Key` on every creating route, one mechanism for all of them:
 * the key is claimed in the transaction that creates the resource, so a
 * retry (same person, same key) gets the first request's resource back, even
 * when it arrives while the first is still running; the same key with
 * another request is refused with `idempotency_key_reused`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../db/schema.js';
import { eventTransaction, type EventTransaction } from '../live/event-transaction.js';
import { HttpProblem } from './errors.js';
import { claimIdempotencyKey } from './idempotency-repository.js';

/** Longest accepted Idempotency-Key header, in characters. */
export const IDEMPOTENCY_KEY_MAX_CHARS = 200;

/** The optional header, for route schemas. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_CHARS })),
});

/** What a creating request is, for its key. */
export interface IdempotentRequest {
  /** The caller; keys are theirs alone. */
  actorId: string;
  /** The header's value, if sent. */
  key: string | undefined;
  /** The route, so a key used on one route is refused on another. */
  scope: string;
  /** Everything of the request that decides its outcome (parameters and body). */
  request: unknown;
  /** Id of what the request creates (or, for a ballot, what it answers). */
  resourceId: string;
  /** When, for the key's row. */
  at: string;
}

/** The first request's resource: answer with it again. */
export interface Replay {
  replayOf: string;
}

export function requestHash(scope: string, request: unknown): string {
  return createHash('sha256').update(JSON.stringify([scope, request])).digest('hex');
}

/**
 * Runs `create` in one transaction after claiming the key. Resolves with what
 * `create` returned, or with the resource of the request that claimed the
 * key first (nothing is written then).
 */
export async function idempotentTransaction<T>(
  db: Kysely<Database>,
  write: IdempotentRequest,
  create: (trx: EventTransaction) => Promise<T>,
): Promise<{ created: T } | Replay> {
  const hash = requestHash(write.scope, write.request);
  const outcome = await eventTransaction(db, async (trx): Promise<{ created: T } | Replay | { reused: true }> => {
    if (write.key !== undefined) {
      // Claim first, in the same transaction: the primary key lets exactly
      // one of any number of concurrent requests through.
      const claim = await claimIdempotencyKey(trx, {
        actorId: write.actorId,
        key: write.key,
        requestHash: hash,
        resourceId: write.resourceId,
        createdAt: write.at,
      });
      if (!claim.claimed) return claim.requestHash === hash ? { replayOf: claim.resourceId } : { reused: true };
    }
    return { created: await create(trx) };
  });
  if ('reused' in outcome) {
    throw new HttpProblem('idempotency_key_reused', 'This Idempotency-Key was used for a different request');
  }
  return outcome;
}

/** Marks an answer as the replay of an earlier one. */
export function markReplayed(reply: FastifyReply): void {
  reply.header('Idempotent-Replayed', 'true');
}

/** What a creating service answers: the new resource, or the one a replayed key created first. */
export interface Created<T> {
  resource: T;
  /** True when the idempotency key was used before: nothing new was written. */
  replayed: boolean;
}

/** Answers a creating route: 201 with the resource, marked when it is a replay. */
export function sendCreated<T>(reply: FastifyReply, { resource, replayed }: Created<T>): FastifyReply {
  if (replayed) markReplayed(reply);
  return reply.code(201).send(resource);
}
