import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import type { Comment, Post } from '@ecotone/protocol';
import { createClient } from '../client.js';
import type { EcotoneError } from '../errors.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import type { CommentsState, EcotoneClient } from '../types.js';
import { ana, ben, flush, makePost, me, newsSpace, readOnlySpace } from '../_fixtures.js';

function makeComment(n: number, overrides: Partial<Comment> = {}): Comment {
  const id = overrides.id ?? `c${n}`;
  return {
    id,
    postId: 'p1',
    spaceId: 'news',
    parentId: null,
    author: ben,
    body: `Comment ${n}`,
    locale: 'en',
    createdAt: new Date(Date.parse('2026-11-01T11:00:00Z') + n * 60_000).toISOString(),
    deleted: false,
    reactions: { objectId: id, counts: {}, mine: [] },
    canEdit: false,
    canDelete: false,
    ...overrides,
  };
}

function setup(comments: Comment[] = [], posts: Post[] = [makePost(1), makePost(2, { spaceId: 'board' })]) {
  const transport = new MemoryTransport({ me, spaces: [newsSpace, readOnlySpace], posts, comments });
  const outbox = new MemoryOutbox(transport, { retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
  return { transport, client: createClient({ transport, outbox, locale: 'en' }) };
}

/** Subscribes to a thread and keeps its last state. */
function watch(client: EcotoneClient, postId = 'p1') {
  const states: CommentsState[] = [];
  const sub: Subscription = client.comments$(postId).subscribe((s) => states.push(s));
  return { last: () => states.at(-1)!, states, sub };
}

const ready = (client: EcotoneClient, postId = 'p1') =>
  firstValueFrom(client.comments$(postId).pipe(filter((s) => s.status === 'ready')));

const bodies = (s: CommentsState) => s.items.map((c) => c.body);

describe('comments(postId)', () => {
  it('loads comments oldest first, then pages with loadMore', async () => {
    const { client } = setup(Array.from({ length: 25 }, (_, i) => makeComment(i + 1)));
    const thread = client.comments('p1');
    const w = watch(client);
    expect(w.states[0]!.status).toBe('loading');
    const first = await ready(client);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.body).toBe('Comment 1');
    expect(first.hasMore).toBe(true);
    await thread.loadMore();
    await flush();
    expect(w.last().items).toHaveLength(25);
    expect(w.last().items.at(-1)!.body).toBe('Comment 25');
    expect(w.last().hasMore).toBe(false);
    w.sub.unsubscribe();
  });

  it('reports a failed first page as an error, and refresh recovers', async () => {
    const { client, transport } = setup([makeComment(1)]);
    transport.failNext('internal');
    const w = watch(client);
    await flush(5);
    expect(w.last().status).toBe('error');
    expect(w.last().error?.code).toBe('internal');
    await client.comments('p1').refresh();
    await flush();
    expect(w.last().status).toBe('ready');
    expect(bodies(w.last())).toEqual(['Comment 1']);
    w.sub.unsubscribe();
  });

  it('keeps comment reactions in the reactions table', async () => {
    const { client } = setup([makeComment(1, { reactions: { objectId: 'c1', counts: { like: 3 }, mine: [] } })]);
    const w = watch(client);
    await ready(client);
    expect(await firstValueFrom(client.reactions$('c1'))).toMatchObject({ counts: { like: 3 } });
    await client.react('c1', 'like');
    await flush();
    expect(w.last().items[0]!.reactions).toMatchObject({ counts: { like: 4 }, mine: ['like'] });
    w.sub.unsubscribe();
  });
});

describe('comment(postId, draft)', () => {
  it('shows a pending comment at once, then the server one; the count follows', async () => {
    const { client, transport } = setup([makeComment(1)]);
    const post = watchPost(client);
    const w = watch(client);
    await ready(client);
    await flush();
    const release = transport.hold();
    const sent = client.comment('p1', { body: 'Hello' });
    await flush();
    expect(bodies(w.last())).toEqual(['Comment 1', 'Hello']);
    const pendingId = w.last().items[1]!.id;
    expect(w.last().pending.has(pendingId)).toBe(true);
    expect(w.last().items[1]!.author.id).toBe(ana.id);
    release();
    const comment = await sent;
    await flush();
    expect(w.last().items.map((c) => c.id)).toEqual(['c1', comment.id]);
    expect(w.last().pending.size).toBe(0);
    expect(post.last()?.commentCount).toBe(2);
    w.sub.unsubscribe();
    post.sub.unsubscribe();
  });

  it('removes the pending comment and rejects with a typed error on refusal', async () => {
    const { client } = setup();
    const w = watch(client, 'p2');
    await ready(client, 'p2');
    const err = (await client.comment('p2', { body: 'Hi' }).catch((e: unknown) => e)) as EcotoneError;
    expect(err.code).toBe('forbidden');
    await flush();
    expect(w.last().items).toEqual([]);
    expect(w.last().pending.size).toBe(0);
    w.sub.unsubscribe();
  });

  it('replies to a top-level comment only', async () => {
    const { client } = setup([makeComment(1)]);
    const reply = await client.comment('p1', { body: 'Re', parentId: 'c1' });
    expect(reply.parentId).toBe('c1');
    const err = (await client.comment('p1', { body: 'Re re', parentId: reply.id }).catch((e: unknown) => e)) as EcotoneError;
    expect(err.code).toBe('validation_failed');
  });
});

describe('live comments', () => {
  it('adds comments of others and updates the count', async () => {
    const { client, transport } = setup([makeComment(1)]);
    const post = watchPost(client);
    const w = watch(client);
    await ready(client);
    await flush();
    transport.commentAsOther('p1', ben, 'From Ben');
    await flush();
    expect(bodies(w.last())).toEqual(['Comment 1', 'From Ben']);
    expect(post.last()?.commentCount).toBe(2);
    w.sub.unsubscribe();
    post.sub.unsubscribe();
  });

  it('updates the count of a post on screen with no thread open', async () => {
    const { client, transport } = setup();
    const post = watchPost(client);
    await flush();
    transport.commentAsOther('p1', ben, 'Hi');
    await flush(5);
    expect(post.last()?.commentCount).toBe(1);
    post.sub.unsubscribe();
  });

  it('refetches threads on screen after a stream reset', async () => {
    const { client, transport } = setup([makeComment(1)]);
    const w = watch(client);
    await ready(client);
    transport.addComment(makeComment(2));
    transport.emit({ type: 'stream.reset' });
    await flush(5);
    expect(bodies(w.last())).toEqual(['Comment 1', 'Comment 2']);
    w.sub.unsubscribe();
  });

  it('does not show the caller own comment twice when its event comes before the answer', async () => {
    const { client, transport } = setup();
    const post = watchPost(client);
    const w = watch(client);
    await ready(client);
    await client.me();
    // The answer is lost after being applied: the event is there first, the retry answers from the key.
    transport.failNext('network', 1, { afterApply: true, match: (r) => r.method === 'POST' });
    const comment = await client.comment('p1', { body: 'Once' });
    await flush(5);
    expect(w.last().items.map((c) => c.id)).toEqual([comment.id]);
    expect(post.last()?.commentCount).toBe(1);
    w.sub.unsubscribe();
    post.sub.unsubscribe();
  });

  it('applies edits and deletions from others', async () => {
    const { client, transport } = setup([makeComment(1), makeComment(2)]);
    const w = watch(client);
    await ready(client);
    await flush();
    transport.emit({
      type: 'comment.updated', spaceId: 'news', postId: 'p1', commentCount: 2,
      comment: makeComment(1, { body: 'Edited', editedAt: '2026-11-01T12:00:00.000Z' }),
    });
    transport.emit({ type: 'comment.deleted', spaceId: 'news', postId: 'p1', commentId: 'c2', commentCount: 1 });
    await flush();
    expect(bodies(w.last())).toEqual(['Edited']);
    w.sub.unsubscribe();
  });
});

describe('editComment and deleteComment', () => {
  it('edits optimistically and rolls back on refusal', async () => {
    const { client, transport } = setup([makeComment(1, { author: ana }), makeComment(2)]);
    const w = watch(client);
    await ready(client);
    const release = transport.hold();
    const edited = client.editComment('c1', 'New text');
    await flush();
    expect(bodies(w.last())[0]).toBe('New text');
    expect(w.last().pending.has('c1')).toBe(true);
    release();
    expect((await edited).editedAt).toBeDefined();
    const err = (await client.editComment('c2', 'Not mine').catch((e: unknown) => e)) as EcotoneError;
    expect(err.code).toBe('forbidden');
    await flush();
    expect(bodies(w.last())).toEqual(['New text', 'Comment 2']);
    w.sub.unsubscribe();
  });

  it('deletes, keeping a placeholder when replies exist', async () => {
    const { client } = setup([
      makeComment(1, { author: ana }),
      makeComment(2, { parentId: 'c1' }),
      makeComment(3, { author: ana }),
    ]);
    const post = watchPost(client);
    const w = watch(client);
    await ready(client);
    await flush();
    expect(post.last()?.commentCount).toBe(3);
    await client.deleteComment('c3');
    await client.deleteComment('c1');
    await flush();
    expect(w.last().items.map((c) => [c.id, c.deleted])).toEqual([['c1', true], ['c2', false]]);
    expect(post.last()?.commentCount).toBe(1);
    const err = (await client.deleteComment('c2').catch((e: unknown) => e)) as EcotoneError;
    expect(err.code).toBe('forbidden');
    w.sub.unsubscribe();
    post.sub.unsubscribe();
  });
});

describe('editPost and translatePost', () => {
  it('replaces variants (author only) and translates only with a hook', async () => {
    const { client, transport } = setup([], [makePost(1, { author: ana }), makePost(2)]);
    const post = await client.editPost('p1', { variants: [{ locale: 'fr', body: 'Bonjour' }] });
    expect(post.variants).toEqual([{ locale: 'fr', body: 'Bonjour', machine: false }]);
    expect(((await client.editPost('p2', { body: 'x' }).catch((e: unknown) => e)) as EcotoneError).code).toBe('forbidden');
    expect(((await client.translatePost('p1', 'de').catch((e: unknown) => e)) as EcotoneError).code).toBe('translation_unavailable');
    transport.setTranslator((text, _from, to) => `[${to}] ${text}`);
    const translated = await client.translatePost('p1', 'de');
    expect(translated.variants?.find((v) => v.locale === 'de')).toEqual({ locale: 'de', body: '[de] Post 1', machine: true });
  });
});

describe('deletePost', () => {
  it('removes the post from feeds and views once the server deleted it; refuses others than author and owners', async () => {
    const { client, transport } = setup([], [makePost(1, { author: ana }), makePost(2), makePost(3)]);
    const feed = client.feed('news');
    const sub = feed.state$.subscribe();
    await firstValueFrom(feed.state$.pipe(filter((s) => s.status === 'ready' && s.items.length === 3)));
    const view = watchPost(client, 'p1');
    await client.deletePost('p1');
    const after = await firstValueFrom(feed.state$.pipe(filter((s) => !s.items.some((p) => p.id === 'p1'))));
    expect(after.items.map((p) => p.id)).toEqual(['p3', 'p2']);
    expect(view.last()).toBeUndefined();
    expect(transport.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/posts/p1' });
    // ben's post: ana is a member, not an owner.
    expect(((await client.deletePost('p2').catch((e: unknown) => e)) as EcotoneError).code).toBe('forbidden');
    // Someone else deletes p3: it goes live.
    transport.emit({ type: 'post.deleted', spaceId: 'news', postId: 'p3' });
    const live = await firstValueFrom(feed.state$.pipe(filter((s) => !s.items.some((p) => p.id === 'p3'))));
    expect(live.items.map((p) => p.id)).toEqual(['p2']);
    view.sub.unsubscribe();
    sub.unsubscribe();
  });
});

function watchPost(client: EcotoneClient, postId = 'p1') {
  let last: Post | undefined;
  const sub = client.post$(postId).subscribe((p) => (last = p));
  return { last: () => last, sub };
}
