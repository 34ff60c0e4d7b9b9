/** Test data shared by the core tests (not built: files starting with `_` are excluded). */
import type { Actor, LinkPreview, Me, Poll, Post, Space } from '@ecotone/protocol';
import { MemoryTransport } from './transport/memory-transport.js';
import { createClient } from './client.js';
import { MemoryOutbox } from './outbox/memory-outbox.js';
import type { EcotoneClient } from './types.js';

export const ana: Actor = { id: 'ana', displayName: 'Ana', locale: 'en' };
export const ben: Actor = { id: 'ben', displayName: 'Ben', locale: 'fr' };

export const me: Me = { actor: ana, memberships: [{ spaceId: 'news', actorId: 'ana', role: 'member' }], reactionKinds: ['like', 'celebrate'] };

export const newsSpace: Space = {
  id: 'news', name: 'News', description: 'Company news', visibility: 'open', locale: 'en', role: 'member', canPublish: true,
};
export const readOnlySpace: Space = { ...newsSpace, id: 'board', name: 'Board', role: 'reader', canPublish: false };

const BASE_TIME_MS = Date.parse('2026-11-01T10:00:00Z');

/** A post `n` minutes after the base time (higher n = newer). */
export function makePost(n: number, overrides: Partial<Post> = {}): Post {
  const id = overrides.id ?? `p${n}`;
  return {
    id,
    spaceId: 'news',
    author: ben,
    kind: 'note',
    body: `Post ${n}`,
    locale: 'en',
    createdAt: new Date(BASE_TIME_MS + n * 60_000).toISOString(),
    reactions: { objectId: id, counts: { like: 2 }, mine: [] },
    commentCount: 0,
    ...overrides,
  };
}

/** `count` posts p1..pN in the news space. */
export function makePosts(count: number): Post[] {
  return Array.from({ length: count }, (_, i) => makePost(i + 1));
}

/** A single-choice poll by Ben in the news space, results visible to all: 3 voters (a: 2, b: 1), none of them the caller. */
export function makePoll(id: string, overrides: Partial<Poll> = {}): Poll {
  return {
    id,
    spaceId: 'news',
    postId: null,
    position: 0,
    authorId: 'ben',
    question: `Question ${id}?`,
    mode: 'single',
    options: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
      { id: 'c', label: 'C' },
    ],
    maxChoices: 1,
    anonymous: false,
    resultsVisibility: 'always',
    closesAt: null,
    closedAt: null,
    myBallot: null,
    results: { voters: 3, counts: { a: 2, b: 1 } },
    canClose: false,
    ...overrides,
  };
}

/** An article preview with every field, image on the server's own origin. */
export function makePreview(url = 'https://example.com/article', overrides: Partial<LinkPreview> = {}): LinkPreview {
  return {
    url,
    title: 'An article',
    description: 'What the article is about.',
    siteName: 'Example',
    imageUrl: 'https://social.example/api/v1/previews/images/abc',
    fetchedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A client over a fresh MemoryTransport, with fast outbox retries. */
export function setup(
  posts: Post[] = makePosts(5),
  polls: Poll[] = [],
  previews: Record<string, LinkPreview> = {},
): { transport: MemoryTransport; client: EcotoneClient } {
  const transport = new MemoryTransport({ me, spaces: [newsSpace, readOnlySpace], posts, polls, previews });
  const outbox = new MemoryOutbox(transport, { retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
  const client = createClient({ transport, outbox, locale: 'en' });
  return { transport, client };
}

/** Lets pending promise callbacks and timers of 0 ms run. */
export function flush(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
