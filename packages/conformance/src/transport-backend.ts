/**
 * A backend over a client transport (`@ecotone/core`'s `Transport`:
 * `MemoryTransport`, `LocalTransport`, a vendor's own), so the same
 * scenarios run in-process and an in-memory backend cannot drift from the
 * server unnoticed. The interface is restated structurally here: the suite
 * depends on the protocol only, never on the client.
 */
import { ANONYMOUS, BAD_TOKEN, FrameQueue, type Backend, type BackendResponse, type Capabilities, type HttpMethod } from './backend.js';

/** What the suite uses of core's `Transport`. */
export interface TransportLike {
  request<T>(req: {
    method: HttpMethod;
    path: string;
    query?: Record<string, string | number | undefined>;
    body?: unknown;
    idempotencyKey?: string;
  }): Promise<T>;
  readonly events$: {
    subscribe(observer: { next: (event: unknown) => void; error?: (error: unknown) => void; complete?: () => void }): { unsubscribe(): void };
  };
}

/** What a transport rejects with (core's `EcotoneError`): a status, a code and the problem body when there was one. */
interface TransportError {
  status?: unknown;
  code?: unknown;
  problem?: unknown;
  message?: unknown;
}

export interface TransportBackendOptions {
  name?: string;
  /** The personas the transports act as. */
  personas: readonly string[];
  /** The transport of a persona (the same one for every call as that persona). */
  transportFor: (persona: string) => TransportLike;
  /** Capabilities the transport has beyond the in-process defaults (all HTTP ones off, live on). */
  capabilities?: Partial<Capabilities>;
}

const TRANSPORT_CAPABILITIES: Capabilities = {
  httpHeaders: false,
  rawBodies: false,
  authFailures: false,
  rateLimits: false,
  live: true,
  liveReplay: false,
  liveSpacesFilter: false,
  talkShows: true,
  audit: false,
  watch: false,
  moderation: false,
  quotes: false,
};

export function transportBackend(options: TransportBackendOptions): Backend {
  const streams = new Set<FrameQueue>();
  const transport = (as: string): TransportLike => {
    if (as === ANONYMOUS || as === BAD_TOKEN) throw new Error(`a transport has no caller "${as}" (the authFailures capability is off)`);
    return options.transportFor(as);
  };
  return {
    name: options.name ?? 'transport',
    capabilities: { ...TRANSPORT_CAPABILITIES, ...options.capabilities },
    personas: options.personas,

    async request(as, req) {
      const t = transport(as);
      try {
        const body = await t.request<unknown>({
          method: req.method,
          path: req.path,
          ...(req.query ? { query: req.query } : {}),
          ...(req.body !== undefined ? { body: req.body } : {}),
          ...(req.idempotencyKey !== undefined ? { idempotencyKey: req.idempotencyKey } : {}),
        });
        return { status: body === undefined ? 204 : 200, exactStatus: false, headers: {}, body };
      } catch (caught) {
        return fromError(caught);
      }
    },

    async openStream(as, streamOptions = {}) {
      const t = transport(as);
      const held: { subscription?: { unsubscribe(): void } } = {};
      const queue = new FrameQueue(() => {
        streams.delete(queue);
        held.subscription?.unsubscribe();
      });
      streams.add(queue);
      held.subscription = t.events$.subscribe({
        next: (event) => {
          const type = typeof event === 'object' && event !== null && 'type' in event ? String(event.type) : 'message';
          queue.push({ id: null, event: type, data: event });
        },
        error: (error) => queue.end(error instanceof Error ? error : new Error(String(error))),
        complete: () => queue.end(new Error('the transport ended the stream')),
      });
      // A transport has one stream per caller and no `?spaces=` (liveSpacesFilter off): the options have nothing to narrow.
      void streamOptions;
      return { response: { status: 200, exactStatus: false, headers: {}, body: undefined }, stream: queue };
    },

    async close() {
      for (const stream of [...streams]) stream.close();
    },
  };
}

function fromError(caught: unknown): BackendResponse {
  const error = (typeof caught === 'object' && caught !== null ? caught : {}) as TransportError;
  const status = typeof error.status === 'number' ? error.status : 0;
  if (error.problem !== undefined) return { status, exactStatus: true, headers: {}, body: error.problem };
  // No problem body (a client-side failure): a problem-like body so checks can still read the code.
  return { status, exactStatus: true, headers: {}, body: { status, code: error.code, title: String(error.message ?? caught) } };
}
