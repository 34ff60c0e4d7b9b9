/**
 * Talk-shows of a client: their question queues. A function of its own
 * rather than methods of the client, so that pages that never show a
 * talk-show (a like button alone, most feeds) carry none of it; the element
 * that shows a queue imports it, and loads with the first talk-show post.
 */
import { tap } from 'rxjs';
import type { ClientCore } from './client-core.js';
import { attach, type TalkShowsDomain } from './domain/talk-shows.js';
import type { EcotoneClient, TalkShows } from './types.js';

/** One per client. */
const domains = new WeakMap<EcotoneClient, TalkShowsDomain>();

/**
 * The talk-shows of a client: `list`, `ask`, `vote`, `unvote`, `setState`
 * a talk-show's questions, and `changes$`, their live changes.
 *
 * @example
 * const talkShows = clientTalkShows(client);
 * const { items } = await talkShows.list(post.id);
 * await talkShows.vote(items[0].id);
 */
export function clientTalkShows(client: EcotoneClient): TalkShows {
  let domain = domains.get(client);
  // The client is its own core (client-core.ts); the public type does not show it.
  if (!domain) domains.set(client, (domain = attach(client as unknown as ClientCore)));
  const shows = domain;
  return {
    list: (postId, options) => shows.list(postId, options),
    ask: (postId, body) => shows.ask(postId, body),
    vote: (questionId) => shows.vote(questionId, true),
    unvote: (questionId) => shows.vote(questionId, false),
    setState: (questionId, state) => shows.setState(questionId, state),
    // The post's count of visible questions follows, while someone shows its queue.
    changes$: (postId) => shows.changes$(postId).pipe(tap((event) => shows.applyEvent(event))),
  };
}
