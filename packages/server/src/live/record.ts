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

/**
 * Events recorded since the replay window was last trimmed, per database:
 * trimming reads the retained ids from the lowest, so it runs once per
 * hundredth of the window (every 100 events with the default 10,000), not
 * after every write; the window keeps at most that many more.
 */
const sinceTrimmed = new WeakMap<object, number>();

/** How many events are recorded between two trims of a window of `maxEvents`. */
export function eventsPerTrim(maxEvents: number): number {
  return Math.max(1, Math.floor(maxEvents / 100));
}

/** After commit: fans the events out and trims the replay window (every eventsPerTrim events). */
export async function afterCommit(
  ctx: Pick<ServerContext, 'bus' | 'db' | 'retention' | 'now'>,
  events: readonly StoredLiveEvent[]): Promise<void> {
  for (const event of events) ctx.bus.publish(event);
  if (events.length === 0) return;
  const recorded = (sinceTrimmed.get(ctx.db) ?? 0) + events.length;
  if (recorded < eventsPerTrim(ctx.retention.maxEvents)) {
    sinceTrimmed.set(ctx.db, recorded);
    return;
  }
  sinceTrimmed.set(ctx.db, 0);
  await pruneEvents(ctx.db, {
    maxEvents: ctx.retention.maxEvents,
    olderThan: new Date(ctx.now().getTime() - ctx.retention.maxAgeMs).toISOString(),
  });
}
