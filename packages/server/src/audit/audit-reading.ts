/**
 * The auditors' reading of the audit trail (`GET /audit`): a page of entries,
 * newest first, filtered by action, person and space. Every query is one
 * range of an index ending in `seq` (db/migrations/0026_audit_log.ts), so a
 * page costs the same on a trail of any length. The reading is itself
 * recorded (`audit.read`), in the same transaction: no page leaves the
 * server without its entry.
 */
import type { Kysely } from 'kysely';
import { AUDIT_LIMIT_DEFAULT, type Actor, type AuditEntry as WireAuditEntry, type AuditPage, type AuditQuery } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { decodeAuditCursor, encodeAuditCursor } from '../http/cursor.js';
import { forbidden } from '../http/errors.js';
import { eventTransaction } from '../live/event-transaction.js';
import { findActors } from '../people/actor-repository.js';
import { appendAudit, type AuditEntry } from './audit-log.js';

/** What a page of the trail is read with. */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  spaceId?: string;
  /** Only entries with a lower `seq` (the next page). */
  beforeSeq?: number;
  limit: number;
}

/**
 * Up to `limit + 1` entries matching `filter`, newest first (the extra one
 * tells whether there is a next page). An equality filter and `seq <` are
 * one range of the index of that column; without a filter, of the primary key.
 */
export async function listAuditEntries(db: Kysely<Database>, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
  if (filter.spaceId !== undefined) query = query.where('space_id', '=', filter.spaceId);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
  return query.orderBy('seq', 'desc').limit(filter.limit + 1).execute();
}

/** An entry as it goes on the wire, with its actor's name when known. */
export function auditEntryView(entry: AuditEntry, actors: ReadonlyMap<string, Actor>): WireAuditEntry {
  return {
    seq: entry.seq,
    at: entry.at,
    actorId: entry.actor_id,
    actorName: entry.actor_id === null ? null : (actors.get(entry.actor_id)?.displayName ?? null),
    action: entry.action,
    targetType: entry.target_type,
    targetId: entry.target_id,
    spaceId: entry.space_id,
    detail: JSON.parse(entry.detail) as Record<string, unknown>,
    prevHash: entry.prev_hash,
    hash: entry.hash,
  };
}

/**
 * A page of the trail for `reader`, who must be one of the server's auditors
 * (403 otherwise, recorded nowhere: the trail keeps what was done, and a
 * refused read did nothing). The read and its `audit.read` entry share one
 * transaction, so the page does not hold its own entry and a read that
 * could not be recorded returns nothing.
 */
export async function readAuditPage(ctx: ServerContext, reader: Actor, query: AuditQuery): Promise<AuditPage> {
  if (!ctx.auditors.has(reader.id)) throw forbidden('Only the server\'s auditors may read the audit trail');
  const filter: AuditFilter = {
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(query.actor !== undefined ? { actorId: query.actor } : {}),
    ...(query.space !== undefined ? { spaceId: query.space } : {}),
    ...(query.before !== undefined ? { beforeSeq: decodeAuditCursor(query.before) } : {}),
    limit: query.limit ?? AUDIT_LIMIT_DEFAULT,
  };
  const rows = await eventTransaction(ctx.db, async (trx) => {
    const found = await listAuditEntries(trx, filter);
    await appendAudit(trx, ctx.now(), [
      {
        action: 'audit.read',
        actorId: reader.id,
        targetType: 'audit',
        detail: {
          ...(filter.action !== undefined ? { action: filter.action } : {}),
          ...(filter.actorId !== undefined ? { actor: filter.actorId } : {}),
          ...(filter.spaceId !== undefined ? { space: filter.spaceId } : {}),
          ...(filter.beforeSeq !== undefined ? { before: filter.beforeSeq } : {}),
          limit: filter.limit,
          entries: Math.min(found.length, filter.limit),
        },
      },
    ]);
    return found;
  });
  const page = rows.slice(0, filter.limit);
  const actors = await findActors(ctx.db, page.flatMap((row) => (row.actor_id === null ? [] : [row.actor_id])));
  return {
    items: page.map((row) => auditEntryView(row, actors)),
    nextCursor: rows.length > filter.limit ? encodeAuditCursor(page[page.length - 1]!.seq) : null,
  };
}
