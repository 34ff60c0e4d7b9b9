import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes, type LiveEvent, type ResetEvent } from '@ecotone/protocol';
import { readableSpaceRoles } from '../authz.js';
import { audienceFromColumns, receives, type EventAudience } from '../live/audience.js';
import { createViewerFilter } from '../live/viewer-filter.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { SseStream } from '../live/sse-stream.js';
import { eventIdRange, listEventsAfter } from '../repositories/events.js';
import { apiPath } from './paths.js';

/** Event types whose data depends on the viewer (poll results, canClose, canEdit/canDelete, own reactions). */
const PER_VIEWER_TYPES: ReadonlySet<string> = new Set([
  'poll.changed',
  'post.created',
  'post.updated',
  'comment.created',
  'comment.updated',
]);

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

export const eventRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(apiPath(routes.events), { schema: { querystring: EventsQuery } }, async (request, reply) => {
    const ctx = app.ecotone;
    const { db, bus, heartbeatMs, liveStreams: open } = ctx;
    // The caller's readable spaces and roles, refreshed whenever their own
    // membership changes, so joining or leaving takes effect on this stream.
    const roles = await readableSpaceRoles(db, request.actor);
    const refreshRoles = async () => {
      const fresh = await readableSpaceRoles(db, request.actor);
      roles.clear();
      for (const [spaceId, role] of fresh) roles.set(spaceId, role);
    };
    const shape = createViewerFilter(ctx, request.actor.id, roles);
    // Spaces the caller cannot read are never delivered whatever the filter
    // names: refusing them would confirm that they exist.
    const requested = request.query.spaces?.split(',').map((s) => s.trim()).filter(Boolean);
    const inFilter = requested ? new Set(requested) : null;
    /** The event as this viewer gets it now, or null when it is not theirs to see. */
    const forViewer = async (spaceId: string, event: LiveEvent, audience: EventAudience): Promise<LiveEvent | null> => {
      if (inFilter && !inFilter.has(spaceId)) return null;
      // Decided on the roles after the change: a new owner sees the next requests.
      if (event.type === 'membership.changed' && event.actorId === request.actor.id) await refreshRoles();
      if (!receives(audience, request.actor.id, roles.has(spaceId), roles.get(spaceId) ?? null)) return null;
      return PER_VIEWER_TYPES.has(event.type) ? shape(event) : event;
    };
    const header = request.headers['last-event-id'];
    const lastEventId = parseEventId(typeof header === 'string' ? header : request.query.lastEventId);

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
    const stream = new SseStream(reply.raw);
    open.add(stream);

    // Subscribe before replaying and hold live events back, so nothing that
    // commits during the replay is lost or sent twice.
    let lastSent = 0;
    let pending: StoredLiveEvent[] | null = [];
    // Shaping an event per viewer may query the database, so deliveries are
    // chained: events still leave in id order.
    let delivering = Promise.resolve();
    const deliver = (event: StoredLiveEvent) => {
      if (event.id <= lastSent) return;
      lastSent = event.id;
      delivering = delivering
        .then(async () => {
          // Decided in the chain, after every earlier event: a membership
          // change earlier in the chain has updated the readable spaces.
          const shaped = await forViewer(event.spaceId, event.event, event.audience);
          // Not for this viewer (another space, a draft, someone else's membership): skipped.
          if (shaped) stream.send(event.id, shaped.type, JSON.stringify(shaped));
        })
        .catch((error: unknown) => {
          // A stream that cannot be shaped safely is ended; the client resumes.
          request.log.error({ err: error }, 'live event delivery failed');
          stream.close();
        });
    };
    const unsubscribe = bus.subscribe((event) => (pending ? pending.push(event) : deliver(event)));
    const heartbeat = setInterval(() => stream.comment('heartbeat'), heartbeatMs);
    heartbeat.unref();
    stream.onClose(() => {
      unsubscribe();
      clearInterval(heartbeat);
      open.delete(stream);
    });
    stream.comment('connected');

    try {
      if (lastEventId !== null) {
        const range = await eventIdRange(db);
        const resumable =
          lastEventId !== 'invalid' &&
          (range === null ? lastEventId === 0 : lastEventId >= range.min - 1 && lastEventId <= range.max);
        if (!resumable) {
          // Missed events are gone (or the id is not ours): the client refetches.
          lastSent = range?.max ?? 0;
          stream.send(range?.max ?? null, RESET.type, JSON.stringify(RESET));
        } else {
          lastSent = lastEventId;
          for (;;) {
            const rows = await listEventsAfter(db, lastSent, REPLAY_BATCH_SIZE);
            for (const row of rows) {
              const stored = JSON.parse(row.payload) as LiveEvent;
              const audience = audienceFromColumns(row.audience, row.audience_actor);
              const shaped = audience ? await forViewer(row.space_id, stored, audience) : null;
              // Unchanged for this viewer: the stored text as it is.
              if (shaped) stream.send(row.id, row.type, shaped === stored ? row.payload : JSON.stringify(shaped));
              lastSent = row.id;
            }
            if (rows.length < REPLAY_BATCH_SIZE || stream.closed) break;
          }
        }
      }
    } finally {
      const held = pending ?? [];
      pending = null;
      for (const event of held) deliver(event);
    }
  });
};
