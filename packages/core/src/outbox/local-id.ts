/**
 * Provisional ids: what a write creates is named `local-<uuid>` until the
 * server has it; later writes that use it (a comment on a post still in the
 * outbox) carry the provisional id, replaced by the server's when sent.
 */
import { newIdempotencyKey } from './idempotency-key.js';

/** The shape of a provisional id. */
export const LOCAL_ID_PATTERN = /local-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A fresh provisional id. */
export function newLocalId(): string {
  return `local-${newIdempotencyKey()}`;
}
