import type { LiveEvent, ResetEvent } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import { audienceFromColumns } from './audience.js';
import type { LiveConnection } from './hub.js';
import { eventIdRange, listEventsAfter } from './event-repository.js';
import { PERSONAL_EVENTS } from '../notifications/notifier.js';

/** Stored events read per query while replaying. */
const REPLAY_BATCH_SIZE = 500;

const RESET: ResetEvent = { type: 'stream.reset' };

/**
 * Replays what a reconnecting client missed, shaped for its person; or
 * `stream.reset` when the id is older than the retention (or not ours).
 */
export async function replay(ctx: ServerContext, connection: LiveConnection, lastEventId: number | 'invalid'): Promise<void> {
  const { db, live } = ctx;
  const range = await eventIdRange(db);
  const resumable =
    lastEventId !== 'invalid' && (range === null ? lastEventId === 0 : lastEventId >= range.min - 1 && lastEventId <= range.max);
  if (!resumable) {
    // Missed events are gone (or the id is not ours): the client refetches.
    connection.lastSent = range?.max ?? 0;
    connection.stream.send(range?.max ?? null, RESET.type, JSON.stringify(RESET));
    return;
  }
  connection.lastSent = lastEventId;
  for (;;) {
    const rows = await listEventsAfter(db, connection.lastSent, REPLAY_BATCH_SIZE);
    for (const row of rows) {
      connection.lastSent = row.id;
      // A space the stream filters out is not shaped at all.
      if (connection.spaces && row.space_id !== PERSONAL_EVENTS && !connection.spaces.has(row.space_id)) continue;
      const stored = JSON.parse(row.payload) as LiveEvent;
      const audience = audienceFromColumns(row.audience, row.audience_actor);
      const shaped = audience ? await live.shapeFor(connection.viewer, row.space_id, stored, audience) : null;
      // Unchanged for this viewer: the stored text as it is.
      if (shaped) connection.stream.send(row.id, row.type, shaped === stored ? row.payload : JSON.stringify(shaped));
    }
    if (rows.length < REPLAY_BATCH_SIZE || connection.stream.closed) return;
  }
}
