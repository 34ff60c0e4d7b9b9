import { describe, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { routes, type LinkPreview, type Post } from '@ecotone/protocol';
import type { FeedState } from '../types.js';
import { AccessError, EcotoneError, ValidationError } from '../errors.js';
import { flush, makePost, makePreview, me, setup } from '../_fixtures.js';

const URL_A = 'https://example.com/article';

function values<T>(source: { subscribe(fn: (v: T) => void): { unsubscribe(): void } }) {
  const seen: T[] = [];
  const sub = source.subscribe((v) => seen.push(v));
  return { seen, last: () => seen.at(-1), stop: () => sub.unsubscribe() };
}

const previewRequests = (requests: readonly { path: string }[]) => requests.filter((r) => r.path === routes.previews());

describe('preview', () => {
  it('asks the server once per URL: concurrent calls share a request, later calls read the cache', async () => {
    const { client, transport } = setup([], [], { [URL_A]: makePreview() });
    const release = transport.hold();
    const both = Promise.all([client.preview(URL_A), client.preview(URL_A)]);
    await flush();
    release();
    const [a, b] = await both;
    expect(a).toEqual(makePreview());
    expect(b).toBe(a);
    // The same URL spelled differently is the same entry.
    expect(await client.preview('HTTPS://Example.com/article')).toBe(a);
    const requests = previewRequests(transport.requests);
    expect(requests).toHaveLength(1);
    // A read: straight to the transport, no idempotency key, no outbox entry.
    expect(requests[0]).toMatchObject({ method: 'POST', body: { url: URL_A } });
    expect(requests[0]).not.toHaveProperty('idempotencyKey');
  });

  it('answers a page without metadata with a preview that has only its URL', async () => {
    const { client } = setup();
    const preview = await client.preview('https://example.org/plain');
    expect(preview.url).toBe('https://example.org/plain');
    expect(preview.title).toBeUndefined();
  });

  it('rejects with typed errors carrying the server codes, and does not cache failures', async () => {
    const { client, transport } = setup([], [], { [URL_A]: makePreview() });
    await client.me(); // the capabilities check, so that failNext hits the preview request
    transport.failNext('egress_blocked');
    const blocked = await client.preview(URL_A).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(AccessError);
    expect((blocked as EcotoneError).code).toBe('egress_blocked');
    transport.failNext('preview_timeout');
    const slow = await client.preview(URL_A).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(EcotoneError);
    expect((slow as EcotoneError).code).toBe('preview_timeout');
    expect((slow as EcotoneError).status).toBe(504);
    // The site may answer next time.
    expect((await client.preview(URL_A)).title).toBe('An article');
    expect(previewRequests(transport.requests)).toHaveLength(3);
  });

  it('refuses non-http(s) URLs as invalid_url without asking the server', async () => {
    const { client, transport } = setup();
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'not a url']) {
      const err = await client.preview(url).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(ValidationError);
      expect((err as EcotoneError).code).toBe('invalid_url');
    }
    expect(previewRequests(transport.requests)).toHaveLength(0);
  });

  it('asks nothing at all of a server whose `me` says previews are off', async () => {
    const { client, transport } = setup([], [], { [URL_A]: makePreview() });
    const me = await client.me();
    (me as { capabilities?: { previews: boolean } }).capabilities = { previews: false };
    const err = await client.preview(URL_A).catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('previews_disabled');
    expect((err as EcotoneError).status).toBe(403);
    expect(previewRequests(transport.requests)).toHaveLength(0);
  });

  it('after previews_disabled, asks the server no more during the client lifetime', async () => {
    const { client, transport } = setup([], [], { [URL_A]: makePreview() });
    transport.disablePreviews();
    const first = await client.preview(URL_A).catch((e: unknown) => e);
    expect((first as EcotoneError).code).toBe('previews_disabled');
    const second = await client.preview('https://example.org/other').catch((e: unknown) => e);
    expect((second as EcotoneError).code).toBe('previews_disabled');
    expect(previewRequests(transport.requests)).toHaveLength(1);
  });
});

describe('preview$', () => {
  it('emits undefined while loading, then the preview; errors typed', async () => {
    const { client, transport } = setup([], [], { [URL_A]: makePreview() });
    const seen = values<LinkPreview | undefined>(client.preview$(URL_A));
    expect(await firstValueFrom(client.preview$(URL_A).pipe(filter(Boolean), timeout(1_000)))).toEqual(makePreview());
    expect(seen.seen[0]).toBeUndefined();
    expect(seen.last()).toEqual(makePreview());
    expect(previewRequests(transport.requests)).toHaveLength(1);
    seen.stop();
    transport.failNext('preview_not_html');
    const err = await firstValueFrom(client.preview$('https://example.com/file.pdf').pipe(filter(Boolean))).catch((e: unknown) => e);
    expect((err as EcotoneError).code).toBe('preview_not_html');
  });
});

describe('post.updated', () => {
  const withLink = (): Post => makePost(6, { body: `Read ${URL_A}.` });

  it('replaces the post in feed items and post$, keeping reactions and polls normalised', async () => {
    const { client, transport } = setup([withLink()], [], { [URL_A]: makePreview() });
    const feed = values<FeedState>(client.feed$('news'));
    const post = values<Post | undefined>(client.post$('p6'));
    await firstValueFrom(client.feed$('news').pipe(filter((s) => s.status === 'ready'), timeout(1_000)));
    expect(feed.last()?.items[0]?.linkPreview).toBeUndefined();
    transport.attachPreview('p6');
    expect(feed.last()?.items[0]?.linkPreview).toEqual(makePreview());
    expect(post.last()?.linkPreview).toEqual(makePreview());
    expect(post.last()?.reactions).toEqual({ objectId: 'p6', counts: { like: 2, celebrate: 0 }, mine: [] });
    // A live reaction after the update still reaches the post.
    transport.emit({ type: 'reaction.changed', spaceId: 'news', objectId: 'p6', counts: { like: 5 }, actorId: 'ben', kind: 'like', active: true });
    expect(feed.last()?.items[0]?.reactions.counts.like).toBe(5);
    feed.stop();
    post.stop();
  });

  it('keeps an optimistic reaction in flight over the updated post', async () => {
    const { client, transport } = setup([withLink()], [], { [URL_A]: makePreview() });
    const post = values<Post | undefined>(client.post$('p6'));
    await firstValueFrom(client.post$('p6').pipe(filter(Boolean), timeout(1_000)));
    const release = transport.hold();
    const liking = client.react('p6', 'like');
    transport.attachPreview('p6');
    expect(post.last()?.linkPreview?.title).toBe('An article');
    expect(post.last()?.reactions.mine).toEqual(['like']);
    release();
    await liking;
    post.stop();
  });

  it('arrives live after publishing a post whose first link has a preview', async () => {
    const { client } = setup([], [], { [URL_A]: makePreview() });
    const feed = values<FeedState>(client.feed$('news'));
    await firstValueFrom(client.feed$('news').pipe(filter((s) => s.status === 'ready'), timeout(1_000)));
    const published = await client.publish('news', { body: `See [this](${URL_A})` });
    expect(published.linkPreview).toBeUndefined();
    const updated = await firstValueFrom(
      client.feed$('news').pipe(filter((s) => !!s.items[0]?.linkPreview), timeout(1_000)),
    );
    expect(updated.items[0]?.id).toBe(published.id);
    expect(updated.items[0]?.linkPreview?.url).toBe(URL_A);
    feed.stop();
  });

  it('keeps the preview of the caller\'s own post when the update overtakes the publish answer', async () => {
    const { client } = setup([], [], {});
    await client.me();
    const own = makePost(42, { author: me.actor, body: URL_A });
    // The live update (with its preview) arrives first, then the publish answer without it.
    (client as unknown as { applyLive(e: unknown): void }).applyLive({
      type: 'post.updated',
      spaceId: 'news',
      post: { ...own, linkPreview: makePreview() },
    });
    (client as unknown as { upsertPosts(p: unknown[]): void }).upsertPosts([own]);
    const shown = await firstValueFrom(client.post$(own.id).pipe(filter(Boolean), timeout(1_000)));
    expect(shown.linkPreview?.url).toBe(URL_A);
  });

  it('ignores posts nobody loaded, and attaches nothing with previews disabled', async () => {
    const { client, transport } = setup([withLink()], [], { [URL_A]: makePreview() });
    const feed = values<FeedState>(client.feed$('news'));
    await firstValueFrom(client.feed$('news').pipe(filter((s) => s.status === 'ready'), timeout(1_000)));
    transport.emit({ type: 'post.updated', spaceId: 'news', post: makePost(99, { linkPreview: makePreview() }) });
    expect(feed.last()?.items.map((p) => p.id)).toEqual(['p6']);
    transport.disablePreviews();
    await client.publish('news', { body: URL_A });
    await flush(5);
    expect(feed.last()?.items.every((p) => p.linkPreview === undefined)).toBe(true);
    feed.stop();
  });
});
