import { describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { routes, type FeedPage, type LiveEvent, type Post, type ReactionSummary } from '@ecotone/protocol';
import { AccessError, NetworkError, ValidationError } from '../errors.js';
import { me, newsSpace, makePosts } from '../_fixtures.js';
import { MemoryTransport } from './memory-transport.js';

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
    await expect(t.request({ method: 'GET', path: routes.me() })).resolves.toEqual(me);
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
