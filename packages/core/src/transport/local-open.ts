/**
 * The way in to the local backend that costs a page nothing until used: the
 * backend itself (`local-transport.ts`, with the in-memory world and idb) is
 * loaded by dynamic import, only when a local transport is asked for.
 */
import { defer, startWith, switchMap, type Observable } from 'rxjs';
import type { LiveEvent } from '@ecotone/protocol';
import type { ConnectionStatus, Transport, TransportRequest } from '../types.js';
import type { LocalTransport, LocalTransportOptions } from './local-transport.js';

/**
 * Loads the local backend and opens a transport on it, once its world is
 * loaded from IndexedDB (or seeded). See `LocalTransport`.
 *
 * @example
 * const transport = await openLocalTransport({ person: 'Ada', seed: 'demo' });
 * const client = createClient({ transport });
 */
export async function openLocalTransport(options?: LocalTransportOptions): Promise<LocalTransport> {
  const { LocalTransport } = await import('./local-transport.js');
  const transport = new LocalTransport(options);
  await transport.ready;
  return transport;
}

/**
 * A transport made at once that loads the local backend on first use:
 * requests and live events wait for it (`createClient({ transport: 'local' })`
 * builds its transport synchronously).
 */
export class LazyLocalTransport implements Transport {
  readonly events$: Observable<LiveEvent>;
  readonly status$: Observable<ConnectionStatus>;
  /** The transport, once loaded. */
  readonly loaded: Promise<LocalTransport>;

  constructor(options?: LocalTransportOptions) {
    this.loaded = openLocalTransport(options);
    // A failed load rejects each request; it is not an unhandled rejection.
    this.loaded.catch(() => undefined);
    const loaded$ = defer(() => this.loaded);
    this.events$ = loaded$.pipe(switchMap((t) => t.events$));
    this.status$ = loaded$.pipe(
      switchMap((t) => t.status$),
      startWith<ConnectionStatus>('connecting'),
    );
  }

  async request<T>(req: TransportRequest): Promise<T> {
    return (await this.loaded).request<T>(req);
  }

  close(): void {
    void this.loaded.then((t) => t.close(), () => undefined);
  }
}
