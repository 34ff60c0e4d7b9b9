/**
 * Technology-watch sources over real HTTP, against a feed server on
 * loopback that the test's egress allowlist admits (127.0.0.1): RSS, Atom
 * and JSON Feed with an edited item and duplicates; conditional requests;
 * OPML import and export; triage and its permissions; and with egress off,
 * not one DNS lookup nor one socket, whatever is in the database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseOpml } from 'feedsmith';
import type { FeedPage, KnowledgeNote, Post, Problem, WatchOpmlResult, WatchSource, WatchSourceList } from '@ecotone/protocol';
import { startTestServer, until, type TestServer } from '../_harness.js';
import { egressProbe, type EgressProbe } from '../_egress-probe.js';
import { watchPostBody } from './watch-service.js';
import { plainText, readFeed } from './feed-items.js';

interface FeedSite {
  origin: string;
  /** Path → [content type, body]; changed by the tests (edits). */
  feeds: Map<string, [string, string]>;
  requests: string[];
  /** If-None-Match headers received, in order. */
  conditionals: string[];
  connections: number;
  close: () => Promise<void>;
}

async function startFeedSite(): Promise<FeedSite> {
  const sockets = new Set<Socket>();
  const site: FeedSite = { origin: '', feeds: new Map(), requests: [], conditionals: [], connections: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    site.requests.push(path);
    const feed = site.feeds.get(path);
    if (!feed) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${Buffer.from(feed[1]).toString('base64url').slice(-16)}-${feed[1].length}"`;
    const asked = req.headers['if-none-match'];
    if (asked) site.conditionals.push(asked);
    if (asked === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': feed[0], etag });
    res.end(feed[1]);
  });
  server.on('connection', (socket) => {
    site.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return site;
}

const rss = (items: { guid: string; title: string; link: string; description: string }[]) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Rust Blog</title><link>https://blog.example/</link><language>en-gb</language>
${items
  .map(
    (i) => `<item><guid isPermaLink="false">${i.guid}</guid><title>${i.title}</title><link>${i.link}</link>
<description>${i.description}</description><pubDate>Thu, 26 Nov 2026 10:00:00 GMT</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Web Platform News</title><id>urn:wpn</id><updated>2026-11-26T12:00:00Z</updated>
<entry><id>urn:wpn:1</id><title>CSS anchor positioning ships</title><link rel="alternate" href="https://web.example/anchor"/>
<summary type="html">&lt;p&gt;Anchors &lt;em&gt;everywhere&lt;/em&gt;.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</summary><updated>2026-11-26T12:00:00Z</updated></entry>
<entry><id>urn:wpn:2</id><title>Rust 2.0 announced</title><link href="https://blog.example/rust-2"/><summary>The same story, seen by another source.</summary><updated>2026-11-26T11:00:00Z</updated></entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Tooling Weekly',
  items: [
    { id: 'tw-1', url: 'https://tools.example/vite', title: 'Vite 9', content_text: 'Faster builds.', date_published: '2026-11-25T08:00:00Z' },
    // The same guid as the RSS item: the same story.
    { id: 'rust-2', url: 'https://mirror.example/rust-2', title: 'Rust 2.0 (mirror)', content_text: 'Mirrored.' },
    { id: 'tw-2', url: 'javascript:alert(1)', title: 'No link kept', content_text: 'A link that is not http(s) is dropped.' },
  ],
});

let site: FeedSite;
beforeAll(async () => {
  site = await startFeedSite();
});
afterAll(() => site.close());

const rssItems = [
  { guid: 'rust-2', title: 'Rust 2.0 announced', link: 'https://blog.example/rust-2', description: '&lt;p&gt;A new edition.&lt;/p&gt;' },
  { guid: 'rust-async', title: 'Async closures', link: 'https://blog.example/async', description: 'Stable at last.' },
];

function serveFeeds(): void {
  site.feeds.set('/rss.xml', ['application/rss+xml; charset=utf-8', rss(rssItems)]);
  site.feeds.set('/atom.xml', ['application/atom+xml', ATOM]);
  site.feeds.set('/feed.json', ['application/feed+json', JSON_FEED]);
  site.feeds.set('/not-a-feed', ['text/plain', 'hello']);
}

async function watchPosts(server: TestServer, as = 'amelie'): Promise<Post[]> {
  const { body } = await server.json<FeedPage>('/api/v1/spaces/general/feed?limit=50', { as });
  return body.items.filter((p) => p.kind === 'watch');
}

/**
 * Makes every source due now, runs the fetches this instance claims, and
 * waits until every source has been fetched again (the scheduler's own timer
 * may have claimed some of them first).
 */
async function fetchAllNow(server: TestServer): Promise<void> {
  const states = async () =>
    new Map((await server.db.selectFrom('watch_sources').select(['id', 'last_success_at', 'last_error_at']).execute()).map((r) => [r.id, `${r.last_success_at} ${r.last_error_at}`]));
  const before = await states();
  await server.db.updateTable('watch_sources').set({ next_fetch_at: '2000-01-01T00:00:00.000Z' }).execute();
  await server.app.ecotone.watch!.fetchDue();
  await until(async () => {
    const now = await states();
    return [...before].every(([id, state]) => !now.has(id) || now.get(id) !== state);
  }, 'every source fetched again');
}

describe('reading feeds (unit)', () => {
  it('reads RSS, Atom and JSON Feed into plain, bounded items with http(s) links only', () => {
    serveFeeds();
    const base = new URL('http://127.0.0.1/');
    const fromRss = readFeed(rss(rssItems), base);
    expect(fromRss).toMatchObject({ title: 'Rust Blog', language: 'en' });
    expect(fromRss.items[0]).toEqual({ guid: 'rust-2', title: 'Rust 2.0 announced', summary: 'A new edition.', link: 'https://blog.example/rust-2', publishedAt: '2026-11-26T10:00:00.000Z' });
    const fromAtom = readFeed(ATOM, base);
    expect(fromAtom.title).toBe('Web Platform News');
    expect(fromAtom.items[0]).toMatchObject({ guid: 'urn:wpn:1', summary: 'Anchors everywhere .', link: 'https://web.example/anchor' });
    const fromJson = readFeed(JSON_FEED, base);
    expect(fromJson.items.map((i) => i.link)).toEqual(['https://tools.example/vite', 'https://mirror.example/rust-2', null]);
    expect(() => readFeed('hello', base)).toThrow();
    expect(plainText('a'.repeat(700), 600)).toHaveLength(600);
    expect(watchPostBody({ guid: 'g', title: 'A [b] *c*', summary: 'S', link: 'https://x.example/a(b)', publishedAt: null }, 'Src')).toBe(
      '[A \\[b\\] \\*c\\*](https://x.example/a%28b%29)\n\nS\n\n— Src',
    );
  });
});

describe('egress allow-listing the loopback feed server', () => {
  let server: TestServer;
  let probe: EgressProbe;
  beforeAll(async () => {
    probe = egressProbe();
    server = await startTestServer({
      egress: { mode: 'allowlist', allow: ['127.0.0.1'], resolver: probe.resolver, socketFactory: probe.socketFactory },
    });
    serveFeeds();
  });
  afterAll(() => server.close());
  beforeEach(() => probe.reset());

  const add = (url: string, as = 'amelie', title?: string) =>
    server.json<WatchSource & Problem>('/api/v1/spaces/general/watch/sources', { method: 'POST', as, body: { url, ...(title ? { title } : {}) } });

  it('adds RSS, Atom and JSON Feed sources; their items become one watch post per story', async () => {
    const added = [await add(`${site.origin}/rss.xml`), await add(`${site.origin}/atom.xml`, 'hannah'), await add(`${site.origin}/feed.json`, 'amelie', 'Tooling')];
    expect(added.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(added[0]!.body).toMatchObject({ url: `${site.origin}/rss.xml`, title: '127.0.0.1', addedBy: { id: 'amelie' } });
    // The same URL again is the same source.
    const again = await add(`${site.origin}/rss.xml`);
    expect(again.body.id).toBe(added[0]!.body.id);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');

    await fetchAllNow(server);
    await until(async () => (await watchPosts(server)).length === 5, 'five watch posts');
    const posts = await watchPosts(server);
    // RSS: two; Atom: one (its second entry has the RSS item's link); JSON Feed: two (its second item has the RSS item's guid).
    expect(posts.map((p) => p.watch!.title).sort()).toEqual(['Async closures', 'CSS anchor positioning ships', 'No link kept', 'Rust 2.0 announced', 'Vite 9']);
    expect(posts.find((p) => p.watch!.title === 'No link kept')!.watch!.link).toBeUndefined();
    const rust = posts.find((p) => p.watch!.title === 'Rust 2.0 announced')!;
    expect(rust.author.id).toBe('amelie');
    expect(rust.watch).toEqual({
      title: 'Rust 2.0 announced',
      summary: 'A new edition.',
      link: 'https://blog.example/rust-2',
      publishedAt: '2026-11-26T10:00:00.000Z',
      source: { title: 'Rust Blog', url: `${site.origin}/rss.xml` },
      triage: 'new',
      mayTriage: true,
    });
    const anchor = posts.find((p) => p.watch!.title === 'CSS anchor positioning ships')!;
    expect(anchor.author.id).toBe('hannah');
    expect(anchor.watch!.summary).not.toContain('alert');
    // The source's title: the feed's own, unless a person gave one.
    const { body: list } = await server.json<WatchSourceList>('/api/v1/spaces/general/watch/sources', { as: 'marco' });
    expect(list.mayManage).toBe(false);
    expect(list.items.map((s) => s.title)).toEqual(['Rust Blog', 'Web Platform News', 'Tooling']);
    expect(list.items.every((s) => s.lastSuccessAt && !s.lastError)).toBe(true);
    // Every socket went to the feed server, through the guard; no name was resolved.
    expect(probe.lookups).toEqual([]);
    expect(probe.sockets.every((s) => s.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('updates the post of an edited item, and asks again with the ETag (304: nothing changes)', async () => {
    const before = await watchPosts(server);
    site.feeds.set('/rss.xml', ['application/rss+xml', rss([{ ...rssItems[0]!, title: 'Rust 2.0 released', description: 'Now stable.' }, rssItems[1]!])]);
    await fetchAllNow(server);
    await until(async () => (await watchPosts(server)).some((p) => p.watch!.title === 'Rust 2.0 released'), 'the edited item');
    const after = await watchPosts(server);
    expect(after).toHaveLength(before.length);
    const edited = after.find((p) => p.watch!.title === 'Rust 2.0 released')!;
    expect(edited.id).toBe(before.find((p) => p.watch!.title === 'Rust 2.0 announced')!.id);
    expect(edited.watch!.summary).toBe('Now stable.');
    expect(edited.editedAt).toBeDefined();
    expect(edited.body).toContain('Rust 2.0 released');

    // A deleted watch post is not brought back, even when its item changes.
    const closures = after.find((p) => p.watch!.title === 'Async closures')!;
    expect((await server.api(`/api/v1/posts/${closures.id}`, { method: 'DELETE' })).status).toBe(204);
    site.feeds.set('/rss.xml', ['application/rss+xml', rss([{ ...rssItems[0]!, title: 'Rust 2.0 released', description: 'Now stable.' }, { ...rssItems[1]!, title: 'Async closures, edited' }])]);
    await fetchAllNow(server);
    expect((await watchPosts(server)).map((p) => p.watch!.title)).not.toContain('Async closures, edited');
    expect(await watchPosts(server)).toHaveLength(before.length - 1);

    site.conditionals = [];
    await fetchAllNow(server);
    expect(site.conditionals.length).toBeGreaterThanOrEqual(3);
    expect((await watchPosts(server)).length).toBe(before.length - 1);
  });

  it('records a failed fetch (not a feed, not found) on the source, and refuses hosts the allowlist does not admit', async () => {
    const bad = await add(`${site.origin}/not-a-feed`);
    const missing = await add(`${site.origin}/missing.xml`);
    await fetchAllNow(server);
    const { body: list } = await server.json<WatchSourceList>('/api/v1/spaces/general/watch/sources');
    expect(list.items.find((s) => s.id === bad.body.id)!.lastError!.code).toBe('not_a_feed');
    expect(list.items.find((s) => s.id === missing.body.id)!.lastError!.code).toBe('unreachable');
    probe.reset();
    const refused = await add('https://feeds.example/rss');
    expect([refused.status, refused.body.code]).toEqual([403, 'egress_blocked']);
    expect((await add('javascript:alert(1)')).body.code).toBe('validation_failed');
    expect(probe.lookups).toEqual([]);
    expect(probe.sockets).toEqual([]);
    for (const id of [bad.body.id, missing.body.id]) expect((await server.api(`/api/v1/watch/sources/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('lets owners and correspondents manage sources, members and readers only list them', async () => {
    expect((await add(`${site.origin}/other.xml`, 'camille')).status).toBe(403);
    expect((await add(`${site.origin}/other.xml`, 'marco')).status).toBe(403);
    const { body: list } = await server.json<WatchSourceList>('/api/v1/spaces/general/watch/sources', { as: 'camille' });
    expect(list.items.length).toBeGreaterThan(0);
    expect((await server.api(`/api/v1/watch/sources/${list.items[0]!.id}`, { method: 'DELETE', as: 'camille' })).status).toBe(403);
    // A secret space's sources are not found by outsiders.
    expect((await server.json<Problem>('/api/v1/spaces/leadership/watch/sources', { as: 'marco' })).status).toBe(404);
  });

  it('triages for the whole space: those who publish dismiss, discuss, reopen and promote; readers do not', async () => {
    const [post] = await watchPosts(server);
    const triage = (action: string, as = 'camille', id = post!.id) =>
      server.json<Post & Problem>(`/api/v1/posts/${id}/watch/triage`, { method: 'POST', as, body: { action } });
    expect((await triage('dismiss', 'marco')).status).toBe(403);
    expect((await triage('dismiss')).body.watch!.triage).toBe('dismissed');
    // One state for the space: everyone sees it dismissed.
    expect((await server.json<Post>(`/api/v1/posts/${post!.id}`, { as: 'marco' })).body.watch).toMatchObject({ triage: 'dismissed', mayTriage: false });
    expect((await triage('discuss', 'amelie')).body.watch!.triage).toBe('discussed');
    expect((await triage('reopen')).body.watch!.triage).toBe('new');
    expect((await triage('archive')).body.code).toBe('validation_failed');

    // Promotion: the existing note path, with the item's link as the note's source.
    const promoted = await server.json<KnowledgeNote>(`/api/v1/posts/${post!.id}/promote`, { method: 'POST', as: 'camille', body: {} });
    expect(promoted.status).toBe(201);
    expect(promoted.body.sources.map((s) => s.url)).toEqual([post!.watch!.link]);
    expect(promoted.body.promotedFrom).toBe(post!.id);
    const after = (await server.json<Post>(`/api/v1/posts/${post!.id}`)).body.watch!;
    expect(after).toMatchObject({ triage: 'promoted', noteId: promoted.body.id });
    expect((await triage('reopen')).body.code).toBe('conflict');

    // Not a watch post: a conflict; nobody publishes a watch post by hand.
    const note = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', body: { body: 'Hello' } });
    expect((await triage('dismiss', 'amelie', note.body.id)).body.code).toBe('conflict');
    expect((await triage('dismiss', 'amelie', 'no-such-post')).status).toBe(404);
    const forged = await server.json<Problem>('/api/v1/spaces/general/posts', { method: 'POST', body: { body: 'x', kind: 'watch' } });
    expect(forged.status).toBe(403);
  });

  it('imports and exports OPML (round trip), skipping duplicates and refused URLs, with audit entries', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="Folder"><outline text="Loopback one" type="rss" xmlUrl="${site.origin}/one.xml"/>
      <outline text="Loopback two" type="rss" xmlUrl="${site.origin}/two.xml"/></outline>
      <outline text="Again" type="rss" xmlUrl="${site.origin}/rss.xml"/>
      <outline text="Script" type="rss" xmlUrl="javascript:alert(1)"/>
      <outline text="Elsewhere" type="rss" xmlUrl="https://feeds.example/x"/>
    </body></opml>`;
    const imported = await server.json<WatchOpmlResult & Problem>('/api/v1/spaces/general/watch/opml', { method: 'POST', as: 'hannah', body: { opml } });
    expect(imported.status).toBe(200);
    expect([imported.body.added, imported.body.skipped]).toEqual([2, 3]);
    expect(imported.body.sources.items.map((s) => s.title)).toEqual(expect.arrayContaining(['Loopback one', 'Loopback two']));
    expect((await server.json<Problem>('/api/v1/spaces/general/watch/opml', { method: 'POST', as: 'camille', body: { opml } })).status).toBe(403);
    expect((await server.json<Problem>('/api/v1/spaces/general/watch/opml', { method: 'POST', body: { opml: 'not xml at all' } })).body.code).toBe('validation_failed');

    const res = await server.api('/api/v1/spaces/general/watch/opml', { as: 'marco' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/x-opml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const exported = parseOpml(await res.text());
    const urls = (exported.body?.outlines ?? []).map((o) => o.xmlUrl);
    const { body: list } = await server.json<WatchSourceList>('/api/v1/spaces/general/watch/sources');
    expect(urls).toEqual(list.items.map((s) => s.url));

    const actions = await server.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail']).where('action', 'like', 'watch.%').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['watch.source_add', 'watch.source_remove', 'watch.opml_import']));
    const importEntry = actions.find((a) => a.action === 'watch.opml_import')!;
    expect(importEntry.actor_id).toBe('hannah');
    expect(JSON.parse(importEntry.detail)).toMatchObject({ added: 2, skipped: 3 });
  });

  it('keeps the posts of a removed source', async () => {
    const { body: list } = await server.json<WatchSourceList>('/api/v1/spaces/general/watch/sources');
    const count = (await watchPosts(server)).length;
    for (const source of list.items) expect((await server.api(`/api/v1/watch/sources/${source.id}`, { method: 'DELETE', as: 'hannah' })).status).toBe(204);
    expect((await server.json<WatchSourceList>('/api/v1/spaces/general/watch/sources')).body.items).toEqual([]);
    expect((await watchPosts(server)).length).toBe(count);
  });
});

describe('egress off: the feature explains itself and nothing is ever fetched', () => {
  let server: TestServer;
  let probe: EgressProbe;
  beforeAll(async () => {
    probe = egressProbe({ 'feeds.example': ['127.0.0.1'] });
    server = await startTestServer({ egress: { mode: 'off', resolver: probe.resolver, socketFactory: probe.socketFactory } });
    serveFeeds();
  });
  afterAll(() => server.close());

  it('answers watch_unavailable to listing, adding, importing and exporting; zero DNS lookups, zero sockets', async () => {
    site.connections = 0;
    const answers = [
      await server.json<Problem>('/api/v1/spaces/general/watch/sources'),
      await server.json<Problem>('/api/v1/spaces/general/watch/sources', { method: 'POST', body: { url: `${site.origin}/rss.xml` } }),
      await server.json<Problem>('/api/v1/spaces/general/watch/sources', { method: 'POST', body: { url: 'https://feeds.example/rss' } }),
      await server.json<Problem>('/api/v1/spaces/general/watch/opml', { method: 'POST', body: { opml: `<opml version="2.0"><body><outline xmlUrl="${site.origin}/rss.xml"/></body></opml>` } }),
      await server.json<Problem>('/api/v1/spaces/general/watch/opml'),
    ];
    expect(answers.map((a) => [a.status, a.body.code])).toEqual(Array(5).fill([403, 'watch_unavailable']));
    expect(await server.db.selectFrom('watch_sources').select('id').execute()).toEqual([]);

    // A source left from when egress was on: still never fetched.
    await server.db
      .insertInto('watch_sources')
      .values({ id: 'left-over', space_id: 'general', url: `${site.origin}/rss.xml`, url_key: 'k', title: 'Left over', added_by: 'amelie', created_at: '2026-01-01T00:00:00.000Z', next_fetch_at: '2000-01-01T00:00:00.000Z' })
      .execute();
    expect(await server.app.ecotone.watch!.fetchDue()).toBe(0);
    expect(probe.lookups).toEqual([]);
    expect(probe.sockets).toEqual([]);
    expect(site.connections).toBe(0);
    // It may still be removed.
    expect((await server.api('/api/v1/watch/sources/left-over', { method: 'DELETE' })).status).toBe(204);
  });
});
