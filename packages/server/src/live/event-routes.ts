import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { SseStream } from './sse-stream.js';
import { replay } from './replay.js';
import { apiPath } from '../http/paths.js';
import { DATABASE_RETRY_AFTER_S } from '../db/availability.js';

/**
 * The reconnection delay every stream announces (SSE `retry:`): a stream
 * ends when its instance loses the database, and its client comes back
 * after about this long with Last-Event-ID, here or on another instance.
 */
const RETRY_FRAME = Buffer.from(`retry: ${DATABASE_RETRY_AFTER_S * 1000}\n\n`);

const EventsQuery = Type.Object({
  spaces: Type.Optional(Type.String({ maxLength: 4000 })),
  /** Fallback for clients that cannot set the Last-Event-ID header. */
  lastEventId: Type.Optional(Type.String({ maxLength: 20 })),
});

function parseEventId(value: string | undefined): number | null | 'invalid' {
  if (value === undefined || value === '') return null;
  return /^\d{1,15}$/.test(value) ? Number(value) : 'invalid';
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
    stream.sendFrame(RETRY_FRAME);
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
