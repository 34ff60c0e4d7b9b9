/**
 * The audit trail (docs/security.md#audit-trail): an append-only log of
 * security-relevant actions in the database, chained by hash. Entries are
 * appended in the transaction of the change they record, under the lock
 * that orders live events, so they are numbered without gaps in the order
 * they commit, on SQLite and on PostgreSQL with several instances.
 */
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.js';
import { eventTransaction, type EventTransaction } from '../live/event-transaction.js';
import { entryHash, GENESIS_HASH } from './chain.js';

/** What kind of thing an entry is about. */
export type AuditTargetType = 'post' | 'comment' | 'note' | 'file' | 'space' | 'person' | 'server' | 'token' | 'audit';

/** One action to record. */
export interface AuditRecord {
  /** A stable code (docs/security.md lists every one). */
  action: string;
  /** Who acted; null for the server itself or a caller it could not identify. */
  actorId: string | null;
  targetType?: AuditTargetType;
  targetId?: string;
  spaceId?: string;
  /** What else it was: small, plain values (never a post's text). */
  detail?: Record<string, unknown>;
}

/** An entry as stored and exported. */
export type AuditEntry = AuditLogTable;

/**
 * Appends `records` to the trail at `now`, in the transaction of the change
 * they record (which holds the event-order lock: {@link eventTransaction}).
 */
export async function appendAudit(trx: EventTransaction, now: Date, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const at = now.toISOString();
  const rows: AuditEntry[] = records.map((record) => {
    seq += 1;
    const fields = {
      seq,
      at,
      actor_id: record.actorId,
      action: record.action,
      target_type: record.targetType ?? null,
      target_id: record.targetId ?? null,
      space_id: record.spaceId ?? null,
      detail: JSON.stringify(record.detail ?? {}),
      prev_hash: prev,
    };
    prev = entryHash(fields);
    return { ...fields, hash: prev };
  });
  await trx.insertInto('audit_log').values(rows).execute();
}

/** Records `records` in a transaction of their own (actions that change nothing else: a refused token, the server starting). */
export function audit(db: Kysely<Database>, now: Date, records: readonly AuditRecord[]): Promise<void> {
  return eventTransaction(db, (trx) => appendAudit(trx, now, records));
}

/** Entries read per query while verifying or exporting. */
const AUDIT_READ_BATCH = 1_000;

/** Every entry with `seq` above `after` (and `at` from `since`, when given), in order, read a batch at a time. */
export async function* auditEntries(db: Kysely<Database>, options: { since?: string; until?: string; after?: number } = {}): AsyncGenerator<AuditEntry> {
  let after = options.after ?? 0;
  if (options.since !== undefined) {
    // The first entry at or after `since`: entries are appended in time order.
    const first = await db.selectFrom('audit_log').select('seq').where('at', '>=', options.since).orderBy('at').orderBy('seq').limit(1).executeTakeFirst();
    if (!first) return;
    after = Math.max(after, first.seq - 1);
  }
  for (;;) {
    let query = db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(AUDIT_READ_BATCH);
    if (options.until !== undefined) query = query.where('at', '<', options.until);
    const rows = await query.execute();
    for (const row of rows) yield row;
    if (rows.length < AUDIT_READ_BATCH) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** What `verifyAudit` found. */
export type AuditVerification =
  | { ok: true; entries: number; lastSeq: number; lastHash: string }
  | { ok: false; entries: number; brokenSeq: number; reason: string };

/**
 * Walks the whole trail and checks every link: numbers follow each other
 * from 1, each entry's `prev_hash` is the hash of the one before, and each
 * entry's hash is that of its fields. Names the first entry where it breaks:
 * a row changed in place breaks at itself (or, if its hash was recomputed,
 * at the next); a row deleted breaks where its number is missing. Entries
 * the retention deleted (audit/retention.ts) are accounted for by its
 * `audit.pruned` entry, itself in the chain: the check starts from the
 * first entry kept, following the hash that entry names. Removing
 * the newest entries leaves a shorter chain that still holds: compare the
 * last hash with one kept elsewhere (an export, the SIEM) to tell.
 */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let entries = 0;
  const first = await db.selectFrom('audit_log').select(['seq', 'prev_hash']).orderBy('seq').limit(1).executeTakeFirst();
  if (first && first.seq !== 1) {
    // Entries before it may have been deleted by the retention, which says so in an entry of its own (checked with the rest).
    const pruned = await db.selectFrom('audit_log').select('detail').where('action', '=', 'audit.pruned').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const detail = pruned ? (JSON.parse(pruned.detail) as { throughSeq?: number; lastHash?: string }) : {};
    if (detail.throughSeq !== first.seq - 1 || detail.lastHash === undefined) {
      return { ok: false, entries: 0, brokenSeq: 1, reason: `entries 1 to ${first.seq - 1} are missing, and no retention run says it deleted them` };
    }
    expectedSeq = first.seq;
    prev = detail.lastHash;
  }
  for await (const entry of auditEntries(db, { after: expectedSeq - 1 })) {
    if (entry.seq !== expectedSeq) {
      return { ok: false, entries, brokenSeq: expectedSeq, reason: entry.seq > expectedSeq ? `entry ${expectedSeq} is missing (the next is ${entry.seq})` : `entry ${entry.seq} is out of order` };
    }
    if (entry.prev_hash !== prev) return { ok: false, entries, brokenSeq: entry.seq, reason: `entry ${entry.seq} does not follow entry ${entry.seq - 1} (its previous hash differs)` };
    const hash = entryHash(entry);
    if (hash !== entry.hash) return { ok: false, entries, brokenSeq: entry.seq, reason: `entry ${entry.seq} was changed (its hash does not match its content)` };
    prev = hash;
    expectedSeq += 1;
    entries += 1;
  }
  return { ok: true, entries, lastSeq: expectedSeq - 1, lastHash: prev };
}

/** The columns of a CSV export, in order. */
export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor_id', 'action', 'target_type', 'target_id', 'space_id', 'detail', 'prev_hash', 'hash'] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading =, +, - or @ is prefixed with ' so a spreadsheet does not run it. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** An entry as one line of an export (without its line break). */
export function auditLine(entry: AuditEntry, format: 'ndjson' | 'csv'): string {
  if (format === 'ndjson') return JSON.stringify({ ...entry, detail: JSON.parse(entry.detail) as unknown });
  return AUDIT_CSV_COLUMNS.map((column) => csvField(entry[column])).join(',');
}
