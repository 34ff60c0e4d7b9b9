import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes, type LiveEvent, type ResetEvent } from '@ecotone/protocol';
import { audienceFromColumns } from './audience.js';
import type { LiveConnection } from './hub.js';
import { SseStream } from './sse-stream.js';
import { eventIdRange, listEventsAfter } from './event-repository.js';
import type { ServerContext } from '../context.js';
import { apiPath } from '../http/paths.js';

/** Stored events read per query while replaying. */
const REPLAY_BATCH_SIZE = 500;

const EventsQuery = Type.Object({
  spaces: Type.Optional(Type.String({ maxLength: 4000 })),
  /** Fallback for clients that cannot set the Last-Event-ID header. */
  lastEventId: Type.Optional(Type.String({ maxLength: 20 })),
});

const RESET: ResetEvent = { type: 'stream.reset' };

function parseEventId(value: string | undefined): number | null | 'invalid' {
  if (value === undefined || value === '') return null;
  return /^\d{1,15}$/.test(value) ? Number(value) : 'invalid';
}

/**
 * Replays what a reconnecting client missed, shaped for its person; or
 * `stream.reset` when the id is older than the retention (or not ours).
 */
async function replay(ctx: ServerContext, connection: LiveConnection, lastEventId: number | 'invalid'): Promise<void> {
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
      if (connection.spaces && !connection.spaces.has(row.space_id)) continue;
      const stored = JSON.parse(row.payload) as LiveEvent;
      const audience = audienceFromColumns(row.audience, row.audience_actor);
      const shaped = audience ? await live.shapeFor(connection.viewer, row.space_id, stored, audience) : null;
      // Unchanged for this viewer: the stored text as it is.
      if (shaped) connection.stream.send(row.id, row.type, shaped === stored ? row.payload : JSON.stringify(shaped));
    }
    if (rows.length < REPLAY_BATCH_SIZE || connection.stream.closed) return;
  }
}

export const eventRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(apiPath(routes.events), { schema: { querystring: EventsQuery }, config: { limitClass: 'stream' } }, async (request, reply) => {
    const ctx = app.ecotone;
    // A place among the person's streams first (429 too_many_streams past the limit), and their readable spaces.
    const slot = await ctx.live.reserve(request.actor);
    // Spaces the caller cannot read are never delivered whatever the filter
    // names: refusing them would confirm that they exist.
    const requested = request.query.spaces?.split(',').map((s) => s.trim()).filter(Boolean);
    const header = request.headers['last-event-id'];
    const lastEventId = parseEventId(typeof header === 'string' ? header : request.query.lastEventId);

    let stream: SseStream;
    try {
      reply.hijack();
      // hijack() skips onSend, so the headers set by hooks (security, CORS) are copied here.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value);
      }
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'private, no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      stream = new SseStream(reply.raw, ctx.live.writeRounds);
    } catch (error) {
      slot.cancel();
      throw error;
    }
    // From here on, live events are held for this stream while it replays,
    // so nothing that commits meanwhile is lost or sent twice.
    const connection = slot.attach(stream, requested ? new Set(requested) : null);
    connection.expireAt(request.tokenExpiresAt ?? null, ctx.now());
    stream.comment('connected');
    try {
      if (lastEventId !== null) await replay(ctx, connection, lastEventId);
    } catch (error) {
      request.log.error({ err: error }, 'live event replay failed');
      stream.close();
    } finally {
      connection.release();
    }
  });
};
