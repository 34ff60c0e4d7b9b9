/**
 * The client's side of the shared live stream: keys it by server and person,
 * and applies what the person's other tabs relay (their optimistic reaction
 * writes, so a like in one tab shows in the others at once). Loaded by
 * client.ts with the live stream, when the browser can share it.
 */
import type { ReactionSummary } from '@ecotone/protocol';
import { serverKeyOf } from './server-key.js';
import type { ClientCore } from '../client-core.js';
import type { HttpTransport } from '../transport/http-transport.js';
import { TabsTransport, type TabMessage } from './tabs.js';

/** A tab's reaction summary of one object, as its write shows it (optimistic, then settled or rolled back). */
export interface ReactionsMessage extends TabMessage {
  readonly type: 'reactions';
  readonly summary: ReactionSummary | undefined;
}


/** The shared stream of the signed-in person on this server (waits for `me()`; rejects when it fails). */
export async function attachTabs(core: ClientCore, http: HttpTransport): Promise<TabsTransport> {
  const me = await core.me();
  const tabs = new TabsTransport(http, { key: `${serverKeyOf({ baseUrl: http.baseUrl })} ${me.actor.id}` });
  tabs.messages$.subscribe((message) => {
    if (message.type === 'reactions') applyReactions(core, (message as ReactionsMessage).summary);
  });
  return tabs;
}

/** Shows another tab's reaction state, unless this tab has its own write in flight on the object or does not show it. */
function applyReactions(core: ClientCore, summary: ReactionSummary | undefined): void {
  if (!summary || !core.store.snapshot.reactions[summary.objectId] || core.reactions.isPending(summary.objectId)) return;
  core.store.setReactions(summary);
}
