/**
 * Setting a space's retention (`ecotone spaces retention`): the operator's
 * change and its audit entry (`space.retention`, from and to) in one
 * transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { appendAudit } from '../audit/audit-log.js';
import { eventTransaction } from '../live/event-transaction.js';

/** What setting a retention did: the days before and after (null: kept for good), or nothing when it was already so. */
export type RetentionChange = { changed: true; from: number | null; to: number | null } | { changed: false; days: number | null };

/**
 * Gives `spaceId` a retention of `days` (null: keep its content for good),
 * recorded in the audit trail as done by `operator` from the command line.
 * Answers undefined when there is no such space.
 */
export async function setSpaceRetention(
  db: Kysely<Database>,
  spaceId: string,
  days: number | null,
  operator: string,
  now: Date,
): Promise<RetentionChange | undefined> {
  return eventTransaction(db, async (trx) => {
    const space = await trx.selectFrom('spaces').select(['id', 'retention_days']).where('id', '=', spaceId).executeTakeFirst();
    if (!space) return undefined;
    const from = space.retention_days ?? null;
    if (from === days) return { changed: false, days };
    await trx.updateTable('spaces').set({ retention_days: days }).where('id', '=', spaceId).execute();
    await appendAudit(trx, now, [
      { action: 'space.retention', actorId: null, targetType: 'space', targetId: spaceId, spaceId, detail: { from, to: days, by: 'command line', operator } },
    ]);
    return { changed: true, from, to: days };
  });
}
