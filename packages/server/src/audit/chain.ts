/**
 * The audit trail's hash chain: each entry's hash covers its fields and the
 * hash of the entry before it, so changing or removing an entry breaks the
 * chain at that entry or the next (see {@link entryHash}).
 */
import { createHash } from 'node:crypto';

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers, as stored. */
export interface ChainedFields {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  space_id: string | null;
  /** JSON text, hashed as stored (never re-serialised). */
  detail: string;
  prev_hash: string;
}

/**
 * SHA-256 (hex) of an entry: its fields in a fixed order as one JSON array,
 * the previous entry's hash last. The same on every engine and in every
 * export, so anyone holding an export can check it with a few lines of code.
 */
export function entryHash(entry: ChainedFields): string {
  const fields = [entry.seq, entry.at, entry.actor_id, entry.action, entry.target_type, entry.target_id, entry.space_id, entry.detail, entry.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
