/**
 * Builds the durable outbox of a client in a browser: storage in IndexedDB
 * (memory when refused), the queue's Web Lock and BroadcastChannel, the
 * browser's online/offline state, and the localStorage flag that makes the
 * next page load this chunk at once when writes wait.
 */
import type { Me } from '@ecotone/protocol';
import type { ClientOptions, ConnectionStatus, Transport } from '../types.js';
import type { Observable } from 'rxjs';
import { WAITING_FLAG } from '../outbox/deferred-outbox.js';
import { DurableOutbox, type OutboxChannel } from './durable-outbox.js';
import { openOutboxStorage } from './outbox-storage.js';

/** What the durable outbox needs of its client. */
export interface OutboxClient {
  me(): Promise<Me>;
  readonly meValue: Me | undefined;
}

/**
 * The server as the partition key of what is stored: the absolute base URL,
 * or `transport` for a client given its own transport.
 */
export function serverKey(options: ClientOptions): string {
  if (options.transport) return 'transport';
  return new URL(options.baseUrl ?? '', globalThis.location?.href).href.replace(/\/+$/, '');
}

/** Opens the durable outbox of a client. */
export async function createDurableOutbox(
  client: OutboxClient,
  transport: Pick<Transport, 'request'> & { readonly status$: Observable<ConnectionStatus> },
  options: ClientOptions,
): Promise<DurableOutbox> {
  const server = serverKey(options);
  const storage = await openOutboxStorage();
  const nav = globalThis.navigator as Navigator | undefined;
  const outbox = new DurableOutbox({
    transport,
    storage,
    server,
    confirmedPerson: () => client.me().then((me) => me.actor.id),
    knownPerson: () => client.meValue?.actor.id,
    ...(nav?.locks ? { locks: nav.locks } : {}),
    ...(typeof BroadcastChannel === 'function' ? { openChannel: (name: string) => new BroadcastChannel(name) as OutboxChannel } : {}),
    isOffline: () => nav?.onLine === false,
    onWake: (wake) => {
      globalThis.addEventListener?.('online', wake);
      // The live stream coming back is a sign the server is reachable again.
      const status = transport.status$.subscribe((s) => {
        if (s === 'connected') wake();
      });
      return () => {
        globalThis.removeEventListener?.('online', wake);
        status.unsubscribe();
      };
    },
  });
  // Anyone's writes waiting here (another person's too, who may sign in again): the next page loads this at once.
  outbox.pending$.subscribe((entries) => {
    void (entries.length > 0 ? Promise.resolve(true) : storage.waiting()).then((waiting) => {
      try {
        if (waiting) globalThis.localStorage?.setItem(WAITING_FLAG, '1');
        else globalThis.localStorage?.removeItem(WAITING_FLAG);
      } catch {
        // localStorage refused: the outbox then loads with every page.
      }
    });
  });
  return outbox;
}
