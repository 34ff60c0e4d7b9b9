/**
 * The audit trail's hash chain: each entry's hash covers its fields and the
 * hash of the entry before it, so changing or removing an entry breaks the
 * chain at that entry or the next (see {@link entryHash}).
 */
import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../db/schema.js';

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers, as stored (`detail` as its JSON text, hashed as stored, never re-serialised). */
export type ChainedFields = Omit<AuditLogTable, 'hash'>;

/**
 * SHA-256 (hex) of an entry: its fields in a fixed order as one JSON array,
 * the previous entry's hash last. The same on every engine and in every
 * export, so anyone holding an export can check it with a few lines of code.
 */
export function entryHash(entry: ChainedFields): string {
  const fields = [entry.seq, entry.at, entry.actor_id, entry.action, entry.target_type, entry.target_id, entry.space_id, entry.detail, entry.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
