/**
 * Builds the durable outbox of a client in a browser: storage in IndexedDB
 * (memory when refused), the queue's Web Lock and BroadcastChannel, the
 * browser's online/offline state, and the localStorage flag that makes the
 * next page load this chunk at once when writes wait.
 */
import type { Me, Poll, Post, ReactionSummary } from '@ecotone/protocol';
import type { EntityStore } from '../store/entity-store.js';
import type { ClientOptions, ConnectionStatus, OutboxEntry, Transport } from '../types.js';
import type { Observable } from 'rxjs';
import { WAITING_FLAG } from '../outbox/deferred-outbox.js';
import { DurableOutbox, type OutboxChannel } from './durable-outbox.js';
import { openOutboxStorage } from './outbox-storage.js';
import { serverKeyOf } from './server-key.js';

/** What the durable outbox needs of its client. */
export interface OutboxClient {
  me(): Promise<Me>;
  readonly meValue: Me | undefined;
  readonly store: EntityStore;
  upsertPosts(posts: readonly Post[]): void;
  readonly feeds: ReadonlyMap<string, { insertOwn(post: Post): void }>;
}

/**
 * Shows the server's answer to a write sent with no caller waiting in this
 * page (made before a reload, or in another tab): what live events do not
 * carry, such as the caller's own ballot, or their post in the feeds.
 */
function showAnswer(client: OutboxClient, entry: OutboxEntry, value: unknown): void {
  if (!value || typeof value !== 'object') return;
  if (entry.action === 'vote') {
    const polls = 'items' in value ? (value as { items: Poll[] }).items : [value as Poll];
    client.store.setPolls(polls);
  } else if (entry.action === 'react' && entry.target) {
    client.store.setReactions({ ...(value as ReactionSummary), objectId: entry.target });
  } else if (entry.action === 'publish' || entry.action === 'acknowledge') {
    const post = value as Post;
    client.upsertPosts([post]);
    if (entry.action === 'publish') client.feeds.forEach((feed) => feed.insertOwn(post));
  }
}

/** Opens the durable outbox of a client. */
export async function createDurableOutbox(
  client: OutboxClient,
  transport: Pick<Transport, 'request'> & { readonly status$: Observable<ConnectionStatus> },
  options: ClientOptions,
): Promise<DurableOutbox> {
  const server = serverKeyOf(options);
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
    onOrphanSent: (entry, value) => showAnswer(client, entry, value),
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
