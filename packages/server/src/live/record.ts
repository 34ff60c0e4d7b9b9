import type { ServerContext } from '../context.js';
import { atRecording, type EventTransaction } from './event-transaction.js';
import { deletePostEvents, insertEvent, pruneEvents } from './event-repository.js';
import { scopeOf, type RecordableEvent } from './audience.js';
import type { StoredLiveEvent } from './bus.js';

export { eventTransaction, type EventTransaction } from './event-transaction.js';

/**
 * Records a live event with its audience (live/audience.ts); call inside the
 * transaction that made the change. The audience is decided now, on the
 * state the change sees; the row is written at the end of the transaction
 * (live/event-transaction.ts), and the returned event has its id from then
 * on: read it after the commit (afterCommit), not inside the transaction.
 */
export async function recordEvent(
  db: EventTransaction,
  now: Date,
  spaceId: string,
  event: RecordableEvent,
): Promise<StoredLiveEvent> {
  const { audience, postId } = await scopeOf(db, now, event);
  const stored: StoredLiveEvent = { id: 0, spaceId, event, audience };
  atRecording(db, async () => {
    stored.id = await insertEvent(db, {
      spaceId,
      type: event.type,
      payload: JSON.stringify(event),
      createdAt: now.toISOString(),
      audience,
      postId,
    });
  });
  return stored;
}

/**
 * Removes from the replay window what it kept of a deleted post, at the end
 * of the transaction under the lock that orders events: every event about it
 * committed before is gone, whichever instance recorded it; the deletion's
 * own event (recorded before this call) stays.
 */
export function forgetPostEvents(db: EventTransaction, postId: string, deletion: StoredLiveEvent): void {
  atRecording(db, () => deletePostEvents(db, postId, deletion.id));
}

/** After commit: fans the events out and trims the replay window. */
export async function afterCommit(
  ctx: Pick<ServerContext, 'bus' | 'db' | 'retention' | 'now'>,
  events: readonly StoredLiveEvent[]): Promise<void> {
  for (const event of events) ctx.bus.publish(event);
  if (events.length === 0) return;
  await pruneEvents(ctx.db, {
    maxEvents: ctx.retention.maxEvents,
    olderThan: new Date(ctx.now().getTime() - ctx.retention.maxAgeMs).toISOString(),
  });
}
