/**
 * The way in to the local backend that costs a page nothing until used: the
 * backend itself (`local-backend.js`: the local transport with the in-memory
 * world and idb, bundled on its own) is loaded by dynamic import, only when a
 * local transport is asked for.
 */
import { defer, startWith, switchMap } from 'rxjs';
import type { ConnectionStatus, Transport } from '../types.js';
import type { LocalTransport, LocalTransportOptions } from './local-transport.js';

/** A local transport, once its module is loaded. */
const newLocalTransport = async (options?: LocalTransportOptions): Promise<LocalTransport> =>
  new (await import('./local-backend.js')).LocalTransport(options);

/**
 * Loads the local backend and opens a transport on it, once its world is
 * loaded from IndexedDB (or seeded). See `LocalTransport`.
 *
 * @example
 * const transport = await openLocalTransport({ person: 'Ada', seed: 'demo' });
 * const client = createClient({ transport });
 */
export async function openLocalTransport(options?: LocalTransportOptions): Promise<LocalTransport> {
  const transport = await newLocalTransport(options);
  await transport.ready;
  return transport;
}

/**
 * A transport made at once that loads the local backend on first use:
 * requests and live events wait for it (`createClient({ transport: 'local' })`
 * builds its transport synchronously).
 */
export function lazyLocalTransport(options?: LocalTransportOptions): Transport {
  const loaded = newLocalTransport(options);
  // A failed load rejects each request; it is not an unhandled rejection.
  loaded.catch(() => undefined);
  const loaded$ = defer(() => loaded);
  return {
    request: async (req) => (await loaded).request(req),
    events$: loaded$.pipe(switchMap((t) => t.events$)),
    status$: loaded$.pipe(
      switchMap((t) => t.status$),
      startWith<ConnectionStatus>('connecting'),
    ),
    close: () => void loaded.then((t) => t.close(), () => undefined),
  };
}
