import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedPage, LinkPreview, Post, PostUpdatedEvent, Problem } from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, type TestServer } from '../_harness.js';
import { FIXTURE_PNG, startFixtureSite, type FixtureSite } from '../_fixture-site.js';
import { egressProbe, type EgressProbe } from '../_egress-probe.js';

let site: FixtureSite;
let server: TestServer;
let probe: EgressProbe;
beforeAll(async () => {
  site = await startFixtureSite();
  probe = egressProbe();
  // The fixture is allow-listed by its exact address, and nothing else is.
  server = await startTestServer({
    egress: { mode: 'allowlist', allow: ['127.0.0.1/32'], resolver: probe.resolver, socketFactory: probe.socketFactory },
  });
});
afterAll(async () => {
  await server.close();
  await site.close();
});
beforeEach(() => {
  site.reset();
  probe.reset();
});

const PEOPLE = ['amelie', 'thomas', 'camille', 'julien', 'lukas', 'anna', 'jonas', 'sophie', 'priya', 'oliver', 'hannah'];
let turn = 0;
const preview = (url: string, as = PEOPLE[turn++ % PEOPLE.length]) =>
  server.json<LinkPreview & Problem>('/api/v1/previews', { method: 'POST', body: { url }, as });

describe('POST /previews', () => {
  it('reads Open Graph, ignores og:url and serves the image from our own origin', async () => {
    const url = `${site.origin}/og#section`;
    const { status, body } = await preview(url);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      url,
      title: 'Lyon & the river',
      description: 'A walk along the Rhône.',
      siteName: 'Fixture News',
      imageAlt: 'A blue square',
    });
    expect(Date.parse(body.fetchedAt)).not.toBeNaN();
    expect(JSON.stringify(body)).not.toContain('elsewhere.example');
    // The image URL is on this server's origin: no other host in it.
    const imageUrl = new URL(body.imageUrl!);
    expect(imageUrl.origin).toBe(server.url);
    expect(imageUrl.pathname).toMatch(/^\/api\/v1\/previews\/images\/[A-Za-z0-9_-]{43}$/);
    expect(body.imageUrl).not.toContain(String(site.port));
    expect(site.hits('/image.png')).toBe(1);

    // An <img> sends no Authorization header: the image answers without one.
    const image = await server.api(imageUrl.pathname, { as: null });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(image.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(Buffer.from(await image.arrayBuffer()).equals(FIXTURE_PNG)).toBe(true);
    expect((await server.api('/api/v1/previews/images/not-an-image', { as: null })).status).toBe(404);
  });

  it('falls back to Twitter cards', async () => {
    const { body } = await preview(`${site.origin}/twitter`);
    expect(body).toMatchObject({ title: 'Twitter title', description: 'Twitter description' });
    expect(body.imageUrl).toMatch(new RegExp(`^${server.url}/api/v1/previews/images/`));
    expect(body.siteName).toBeUndefined();
  });

  it('falls back to <title> and meta description, and bounds long texts', async () => {
    const { body } = await preview(`${site.origin}/plain`);
    expect(body).toMatchObject({ title: 'Plain & simple', description: 'Only the basics.' });
    expect(body.imageUrl).toBeUndefined();
    expect(body.video).toBeUndefined();
    const long = await preview(`${site.origin}/long`);
    expect(Array.from(long.body.title!).length).toBeLessThanOrEqual(300);
    expect(Array.from(long.body.description!).length).toBeLessThanOrEqual(1000);
  });

  it('decompresses gzip pages', async () => {
    const { body } = await preview(`${site.origin}/og-gzip`);
    expect(body.title).toBe('Lyon & the river');
  });

  it('finds an oEmbed video and keeps only the https iframe src', async () => {
    const { body } = await preview(`${site.origin}/video`);
    expect(body.title).toBe('A video');
    expect(body.video).toEqual({ embedUrl: 'https://video.example/embed/abc123', width: 640, height: 360, provider: 'Fixture Video' });
    expect(site.hits('/oembed.json')).toBe(1);
    // Only the fixture was ever contacted; video.example is for the reader's click.
    expect(probe.sockets.every((s) => s.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('fetches oEmbed through the same guard: a blocked oEmbed address means no video, not a failure', async () => {
    const { status, body } = await preview(`${site.origin}/video-blocked-oembed`);
    expect(status).toBe(200);
    expect(body.title).toBe('Sneaky video');
    expect(body.video).toBeUndefined();
    expect(probe.sockets.every((s) => s.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('refuses SVG images (no image, the preview stays)', async () => {
    const { body } = await preview(`${site.origin}/svg-image`);
    expect(body.title).toBe('SVG');
    expect(body.imageUrl).toBeUndefined();
  });

  it('caches previews for everyone: a second ask, by someone else, fetches nothing', async () => {
    const first = await preview(`${site.origin}/plain?cached`, 'amelie');
    expect(site.hits('/plain')).toBe(1);
    const second = await preview(`${site.origin}/plain?cached#elsewhere`, 'priya');
    expect(site.hits('/plain')).toBe(1);
    expect(second.body).toEqual({ ...first.body, url: `${site.origin}/plain?cached#elsewhere` });
  });

  it('shares one fetch between concurrent asks for the same URL', async () => {
    const answers = await Promise.all(PEOPLE.slice(0, 8).map((as) => preview(`${site.origin}/og?together`, as)));
    expect(answers.every((a) => a.status === 200 && a.body.title === 'Lyon & the river')).toBe(true);
    expect(site.hits('/og')).toBe(1);
  });
});

describe('previews of posts', () => {
  it('attaches the first link preview after publishing and sends post.updated live', async () => {
    const stream = await openEvents(server, { as: 'camille' });
    const published = await server.json<Post>('/api/v1/spaces/lyon-site/posts', {
      method: 'POST',
      as: 'thomas',
      body: { body: `Lisez [cet article](${site.origin}/og?post), puis ${site.origin}/twitter` },
    });
    expect(published.status).toBe(201);
    expect(published.body.linkPreview).toBeUndefined();
    const updated = await stream.next((m) => m.event === 'post.updated', 5_000);
    stream.close();
    const event = JSON.parse(updated.data) as PostUpdatedEvent;
    expect(event).toMatchObject({ type: 'post.updated', spaceId: 'lyon-site', post: { id: published.body.id, body: published.body.body } });
    expect(event.post.linkPreview).toMatchObject({ url: `${site.origin}/og?post`, title: 'Lyon & the river' });
    expect(site.hits('/twitter')).toBe(0);

    const one = await server.json<Post>(`/api/v1/posts/${published.body.id}`, { as: 'priya' });
    expect(one.body.linkPreview).toEqual(event.post.linkPreview);
    const feed = await server.json<FeedPage>('/api/v1/spaces/lyon-site/feed?limit=1', { as: 'amelie' });
    expect(feed.body.items[0]?.linkPreview?.title).toBe('Lyon & the river');
  });

  it('builds post.updated per viewer (own reactions), live and replayed', async () => {
    const published = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'lukas',
      body: { body: `Slow one: <${site.origin}/plain?viewer>` },
    });
    const stream = await openEvents(server, { as: 'anna' });
    await stream.next((m) => m.event === 'post.updated' && m.data.includes(published.body.id), 5_000);
    stream.close();
    await server.api(`/api/v1/objects/${published.body.id}/reactions/like`, { method: 'PUT', as: 'anna' });
    const replay = await openEvents(server, { as: 'anna', query: '?lastEventId=0' });
    const again = await replay.next((m) => m.event === 'post.updated' && m.data.includes(published.body.id));
    replay.close();
    expect((JSON.parse(again.data) as PostUpdatedEvent).post.reactions.mine).toEqual(['like']);
  });

  it('leaves the post as it is when its link has no preview, and sends nothing', async () => {
    const before = await countRows(server.db, 'post_link_previews');
    const stream = await openEvents(server, { as: 'thomas' });
    const published = await server.json<Post>('/api/v1/spaces/lyon-site/posts', {
      method: 'POST',
      as: 'thomas',
      body: { body: `Le PDF : ${site.origin}/pdf?post et http://10.0.0.1/` },
    });
    expect(published.status).toBe(201);
    await stream.expectNone(500, (m) => m.event === 'post.updated');
    stream.close();
    expect(await countRows(server.db, 'post_link_previews')).toBe(before);
    expect(probe.sockets.every((s) => s.startsWith('127.0.0.1:'))).toBe(true);
  });
});
