import type { ServerContext } from '../context.js';
import type { EventTransaction } from './event-transaction.js';
import { insertEvent, pruneEvents } from './event-repository.js';
import { scopeOf, type RecordableEvent } from './audience.js';
import type { StoredLiveEvent } from './bus.js';

export { eventTransaction, type EventTransaction } from './event-transaction.js';

/**
 * Stores a live event with its audience (live/audience.ts); call inside the
 * transaction that made the change, so the audience is decided on the state
 * it commits.
 */
export async function recordEvent(
  db: EventTransaction,
  now: Date,
  spaceId: string,
  event: RecordableEvent,
): Promise<StoredLiveEvent> {
  const { audience, postId } = await scopeOf(db, now, event);
  const id = await insertEvent(db, {
    spaceId,
    type: event.type,
    payload: JSON.stringify(event),
    createdAt: now.toISOString(),
    audience,
    postId,
  });
  return { id, spaceId, event, audience };
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
