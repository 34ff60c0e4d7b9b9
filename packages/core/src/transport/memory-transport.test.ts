import { describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { routes, type FeedPage, type LiveEvent, type Me, type Poll, type Post, type ReactionSummary } from '@ecotone/protocol';
import { AccessError, NetworkError, ValidationError } from '../errors.js';
import { ben, me, newsSpace, makePosts } from '../_fixtures.js';
import { MemoryTransport } from './memory-transport.js';
import { MemoryWorld } from './memory-world.js';

const fixture = () => new MemoryTransport({ me, spaces: [newsSpace], posts: makePosts(5) });

describe('MemoryTransport', () => {
  it('pages the feed newest first with a cursor', async () => {
    const t = fixture();
    const first = await t.request<FeedPage>({ method: 'GET', path: routes.feed('news'), query: { limit: 2 } });
    expect(first.items.map((p) => p.id)).toEqual(['p5', 'p4']);
    const second = await t.request<FeedPage>({ method: 'GET', path: routes.feed('news'), query: { limit: 2, cursor: first.nextCursor ?? '' } });
    expect(second.items.map((p) => p.id)).toEqual(['p3', 'p2']);
    const last = await t.request<FeedPage>({ method: 'GET', path: routes.feed('news'), query: { limit: 2, cursor: second.nextCursor ?? '' } });
    expect(last.items.map((p) => p.id)).toEqual(['p1']);
    expect(last.nextCursor).toBeNull();
    await expect(t.request({ method: 'GET', path: routes.feed('news'), query: { cursor: 'bogus' } })).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('stores post and comment bodies without bidi overrides, in NFC', async () => {
    const t = fixture();
    const post = await t.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: 'Caf\u0065\u0301 \u202efdp.exe' } });
    expect(post.body).toBe('Caf\u00e9 fdp.exe');
    const comment = await t.request<{ body: string }>({ method: 'POST', path: routes.comments(post.id), body: { body: '\u202dhi' } });
    expect(comment.body).toBe('hi');
  });

  it('answers 404 for unknown spaces, posts and routes', async () => {
    const t = fixture();
    await expect(t.request({ method: 'GET', path: routes.space('nope') })).rejects.toBeInstanceOf(AccessError);
    await expect(t.request({ method: 'GET', path: routes.post('nope') })).rejects.toBeInstanceOf(AccessError);
    await expect(t.request({ method: 'GET', path: '/api/v1/elsewhere' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('toggles reactions idempotently and emits reaction.changed only on change', async () => {
    const t = fixture();
    const events = firstValueFrom(t.events$.pipe(take(2), toArray()));
    const put = () => t.request<ReactionSummary>({ method: 'PUT', path: routes.reaction('p1', 'like') });
    expect(await put()).toEqual({ objectId: 'p1', counts: { like: 3, celebrate: 0 }, mine: ['like'] });
    expect(await put()).toEqual({ objectId: 'p1', counts: { like: 3, celebrate: 0 }, mine: ['like'] });
    await t.request({ method: 'DELETE', path: routes.reaction('p1', 'like') });
    expect((await events).map((e) => (e.type === 'reaction.changed' ? e.active : null))).toEqual([true, false]);
    await expect(t.request({ method: 'PUT', path: routes.reaction('p1', 'nope') })).rejects.toBeInstanceOf(ValidationError);
  });

  it('replays a publish with the same key and refuses the key for another body', async () => {
    const t = fixture();
    const send = (body: string) => t.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body }, idempotencyKey: 'k1' });
    const a = await send('hello');
    const b = await send('hello');
    expect(b.id).toBe(a.id);
    await expect(send('other')).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    const page = await t.request<FeedPage>({ method: 'GET', path: routes.feed('news') });
    expect(page.items[0]?.id).toBe(a.id);
    expect(page.items).toHaveLength(6);
  });

  it('fails the next requests on demand, optionally after applying them', async () => {
    const t = fixture();
    t.failNext('network', 2);
    await expect(t.request({ method: 'GET', path: routes.me() })).rejects.toBeInstanceOf(NetworkError);
    await expect(t.request({ method: 'GET', path: routes.me() })).rejects.toMatchObject({ code: 'network' });
    await expect(t.request({ method: 'GET', path: routes.me() })).resolves.toMatchObject(me);
    t.failNext('internal', 1, { afterApply: true });
    await expect(t.request({ method: 'PUT', path: routes.reaction('p2', 'like') })).rejects.toMatchObject({ code: 'internal', status: 500 });
    const summary = await t.request<ReactionSummary>({ method: 'GET', path: routes.reactions('p2') });
    expect(summary.mine).toEqual(['like']);
  });

  it('holds answers until released, and pushes live events', async () => {
    const t = fixture();
    const release = t.hold();
    let done = false;
    const pending = t.request({ method: 'GET', path: routes.me() }).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    release();
    await pending;
    expect(done).toBe(true);
    const event: LiveEvent = { type: 'stream.reset' };
    const next = firstValueFrom(t.events$);
    expect(await firstValueFrom(t.status$)).toBe('connected');
    t.emit(event);
    expect(await next).toEqual(event);
  });

  it('does not let callers mutate its data through answers', async () => {
    const t = fixture();
    const post = await t.request<Post>({ method: 'GET', path: routes.post('p1') });
    post.body = 'hacked';
    expect((await t.request<Post>({ method: 'GET', path: routes.post('p1') })).body).toBe('Post 1');
  });
});

describe('MemoryWorld', () => {
  // Ana is a member of both spaces; Ben owns the news space only.
  const secretSpace = { ...newsSpace, id: 'secret', name: 'Secret', visibility: 'secret' as const };
  const world = () => {
    const w = new MemoryWorld({ me, spaces: [newsSpace, secretSpace], posts: makePosts(1), members: { news: [{ actor: ben, role: 'owner', since: '2026-01-01T00:00:00.000Z' }] } });
    return { ana: new MemoryTransport(w, me.actor), ben: new MemoryTransport(w, ben) };
  };

  it('shares what one person writes with the others, each seeing it as theirs to see', async () => {
    const { ana, ben: b } = world();
    const received: LiveEvent[] = [];
    b.events$.subscribe((e) => received.push(e));
    const post = await ana.request<Post>({
      method: 'POST',
      path: routes.publish('news'),
      body: { body: 'For everyone', polls: [{ question: 'Lunch?', mode: 'single', options: ['Yes', 'No'], resultsVisibility: 'after-vote' }] },
    });
    await ana.request({ method: 'PUT', path: routes.reaction(post.id, 'like') });
    const seen = await b.request<Post>({ method: 'GET', path: routes.post(post.id) });
    expect(seen.reactions).toMatchObject({ counts: { like: 1 }, mine: [] });
    // Ben owns the space: he may close Ana's poll, and sees no results before he votes.
    expect(seen.polls?.[0]).toMatchObject({ canClose: true, myBallot: null });
    expect(seen.polls?.[0]?.results).toBeUndefined();
    await ana.request({ method: 'PUT', path: routes.ballot(post.polls![0]!.id), body: { choices: ['o1'] } });
    const pollEvent = received.find((e) => e.type === 'poll.changed');
    expect(pollEvent).toMatchObject({ type: 'poll.changed' });
    expect(pollEvent && 'results' in pollEvent).toBe(false);
    expect(received.map((e) => e.type)).toEqual(['post.created', 'reaction.changed', 'poll.changed']);
    const mine = await ana.request<Poll>({ method: 'GET', path: routes.poll(post.polls![0]!.id) });
    expect(mine.results).toEqual({ voters: 1, counts: { o1: 1 } });
  });

  it("keeps a space's events and members to those who may see them", async () => {
    const { ana, ben: b } = world();
    const received: LiveEvent[] = [];
    b.events$.subscribe((e) => received.push(e));
    await ana.request({ method: 'POST', path: routes.publish('secret'), body: { body: 'Between us' } });
    // A draft reaches its author and the space's owners: Ben owns the space.
    const draft = await ana.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: 'Later', publishAt: '2099-01-01T00:00:00.000Z' } });
    expect(received.map((e) => e.type === 'post.created' && e.post.id)).toEqual([draft.id]);
    await expect(b.request({ method: 'GET', path: routes.space('secret') })).rejects.toMatchObject({ code: 'not_found' });
    // Ana leaves the news space: Ben (its owner) learns of it, and her own Me follows.
    await ana.request({ method: 'DELETE', path: routes.member('news', 'ana') });
    expect(received.at(-1)).toEqual({ type: 'membership.changed', spaceId: 'news', actorId: 'ana', role: null, joinRequest: null });
    const after = await ana.request<Me>({ method: 'GET', path: routes.me() });
    expect(after.memberships.map((m) => m.spaceId)).toEqual(['secret']);
  });

  it('keeps idempotency keys per person', async () => {
    const { ana, ben: b } = world();
    const body = { body: 'Same key' };
    const first = await ana.request<Post>({ method: 'POST', path: routes.publish('news'), body, idempotencyKey: 'k1' });
    const again = await ana.request<Post>({ method: 'POST', path: routes.publish('news'), body, idempotencyKey: 'k1' });
    const other = await b.request<Post>({ method: 'POST', path: routes.publish('news'), body, idempotencyKey: 'k1' });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
  });
});
