/**
 * Reads of secret spaces in the audit trail, when the operator asks for them
 * (`--audit-secret-reads`): who read what in a space that only its members
 * know exists. Every read of a space's content passes the same guards
 * (policy/authz.ts); each guard that lets a request read a secret space
 * notes it here, in the request's scope, and before a successful answer is
 * sent one `space.read` entry per secret space it read is appended, naming
 * the route and its parameters (never a query's text or a cursor). The
 * entry is written before the content leaves: if it cannot be written, the
 * reader gets an error, not the content.
 *
 * Only reads (GET) are recorded: a write records its own entry. A live
 * stream is not recorded as a read: it carries what happens from then on,
 * and the page that shows it reads the feed first, which is recorded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { audit, type AuditRecord } from './audit-log.js';

/** The secret spaces one request has read so far. */
interface ReadScope {
  spaces: Set<string>;
}

const scopes = new AsyncLocalStorage<ReadScope>();

/**
 * Notes that the request being answered reads `space`'s content (a guard
 * calls it when it lets the read through). Nothing happens unless the space
 * is secret and secret reads are audited.
 */
export function noteSpaceRead(space: { id: string; visibility: string }): void {
  if (space.visibility === 'secret') scopes.getStore()?.spaces.add(space.id);
}

/** What is recorded of a read: the route as declared and its path parameters. */
function readDetail(request: FastifyRequest): Record<string, unknown> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  return { route: request.routeOptions.url ?? null, ...(Object.keys(params).length > 0 ? { params } : {}) };
}

/**
 * Records, in `scope` (the authenticated routes), every successful read of
 * a secret space as a `space.read` entry by the reader, except on the
 * routes in `unrecorded` (the live stream).
 */
export function auditSecretReads(scope: FastifyInstance, db: Kysely<Database>, now: () => Date, unrecorded: readonly string[]): void {
  const reads = new WeakMap<FastifyRequest, ReadScope>();
  scope.addHook('onRequest', (request, _reply, done) => {
    if (request.method !== 'GET' || unrecorded.includes(request.routeOptions.url ?? '')) {
      done();
      return;
    }
    const read: ReadScope = { spaces: new Set() };
    reads.set(request, read);
    // The rest of the request (hooks, handler) runs in this scope.
    scopes.run(read, done);
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    const read = reads.get(request);
    if (!read || read.spaces.size === 0 || reply.statusCode >= 400) return payload;
    reads.delete(request);
    const detail = readDetail(request);
    const records: AuditRecord[] = [...read.spaces].map((spaceId) => ({
      action: 'space.read',
      actorId: request.actor?.id ?? null,
      targetType: 'space',
      targetId: spaceId,
      spaceId,
      detail,
    }));
    await audit(db, now(), records);
    return payload;
  });
}
