import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type KeyClaim =
  | { claimed: true }
  | { claimed: false; requestHash: string; resourceId: string };

/**
 * Claims an idempotency key for what a request is about to create. The
 * primary key on (actor_id, key) decides concurrent claims: exactly one
 * insert wins, the others see the winner's row. Run inside the transaction
 * that creates the resource so a failed request releases the key.
 */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  claim: { actorId: string; key: string; requestHash: string; resourceId: string; createdAt: string },
): Promise<KeyClaim> {
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      actor_id: claim.actorId,
      key: claim.key,
      request_hash: claim.requestHash,
      resource_id: claim.resourceId,
      created_at: claim.createdAt,
    })
    .onConflict((oc) => oc.columns(['actor_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return { claimed: true };
  const existing = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'resource_id'])
    .where('actor_id', '=', claim.actorId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  return { claimed: false, requestHash: existing.request_hash, resourceId: existing.resource_id };
}
