import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post, PostHit, PostSearchResult, Problem } from '@ecotone/protocol';
import { countRows, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

const HOUR_MS = 60 * 60 * 1000;

describe('post search', () => {
  let server: TestServer;
  /** Added to the test clock: lets a scheduled post's time come. */
  let clockShiftMs = 0;
  let tick = 0;
  beforeAll(async () => {
    server = await startTestServer({
      now: () => new Date(TEST_NOW.getTime() + clockShiftMs + ++tick),
      translate: (text, _from, to) =>
        Promise.resolve(to === 'de' ? text.replace('sandwiches', 'Butterbrote') : `[${to}] ${text}`),
    });
  });
  afterAll(() => server.close());

  const search = (query: Record<string, string | number>, as = 'amelie') => {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return server.json<PostSearchResult & Problem>(`/api/v1/posts/search?${params}`, { as });
  };
  const publish = async (space: string, as: string, body: Record<string, unknown>): Promise<Post> => {
    const res = await server.json<Post>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const hitOf = (result: PostSearchResult, postId: string): PostHit | undefined =>
    result.items.find((hit) => hit.post.id === postId);
  /** The words a hit marks, as the reader sees them. */
  const marked = (hit: PostHit): string[] => hit.highlights.map(([start, end]) => hit.text.slice(start, end));

  it('finds a variant by a word of its language, and says so, with marks on that text', async () => {
    const post = await publish('general', 'hannah', {
      body: 'The warehouse moves to building C on Friday.',
      locale: 'en',
      variants: [
        { locale: 'fr', body: 'L’entrepôt déménage au bâtiment C vendredi. Les entrepôts B et D ne bougent pas.' },
        { locale: 'de', body: 'Das Lager zieht am Freitag in Gebäude C um.' },
      ],
    });
    for (const q of ['entrepôts', 'entrepots', 'ENTREPÔT']) {
      const { status, body } = await search({ q }, 'marco');
      expect(status).toBe(200);
      const hit = hitOf(body, post.id);
      expect(hit?.locale).toBe('fr');
      expect(hit?.text).toBe(post.variants?.find((v) => v.locale === 'fr')?.body);
      expect(marked(hit!)).toEqual(['entrepôt', 'entrepôts']);
      // The post is the whole post, source and variants.
      expect(hit?.post.body).toBe('The warehouse moves to building C on Friday.');
      expect(hit?.post.variants).toHaveLength(2);
    }
    // The source's own words find it in English.
    const english = hitOf((await search({ q: 'warehouses' })).body, post.id);
    expect(english?.locale).toBe('en');
    expect(marked(english!)).toEqual(['warehouse']);
  });

  it('matches German words with and without umlauts, and their inflections', async () => {
    const written = await publish('basel-site', 'lukas', { body: 'Die Prüfung der Netzwerke beginnt am Montag.', locale: 'de' });
    const typed = await publish('basel-site', 'lukas', { body: 'Prufung des Netzwerk im Labor (ohne Umlaut getippt).', locale: 'de' });
    for (const q of ['Prüfung', 'Prufung', 'prüfungen']) {
      const { body } = await search({ q }, 'sophie');
      expect(hitOf(body, written.id)?.locale).toBe('de');
      expect(marked(hitOf(body, written.id)!)).toEqual(['Prüfung']);
      expect(marked(hitOf(body, typed.id)!)).toEqual(['Prufung']);
    }
    const networks = (await search({ q: 'Netzwerke' }, 'sophie')).body;
    expect(marked(hitOf(networks, written.id)!)).toEqual(['Netzwerke']);
    expect(marked(hitOf(networks, typed.id)!)).toEqual(['Netzwerk']);
  });

  it('expands an English query to French stems: "parking" finds the French posts of Lyon', async () => {
    const { body } = await search({ q: 'parking', spaces: 'lyon-site' }, 'priya');
    expect(body.total).toBeGreaterThan(0);
    for (const hit of body.items) {
      expect(hit.post.spaceId).toBe('lyon-site');
      expect(hit.locale).toBe('fr');
      expect(marked(hit).every((word) => word === 'parking')).toBe(true);
    }
    // Accent-less French finds the demo's "formations sécurité".
    const security = (await search({ q: 'securite' })).body;
    expect(security.items.some((hit) => marked(hit).includes('sécurité'))).toBe(true);
  });

  it('never shows or counts a post of a secret space to a non-member', async () => {
    const word = 'Kryptokalypse';
    const secret = await publish('security-watch', 'julien', { body: `Note interne : ${word} prévue pour 2030.`, locale: 'fr' });
    const open = await publish('general', 'hannah', { body: `Talk next week: the ${word} and us.`, locale: 'en' });
    const outsider = (await search({ q: word }, 'amelie')).body;
    expect(outsider.items.map((hit) => hit.post.id)).toEqual([open.id]);
    expect(outsider.total).toBe(1);
    const member = (await search({ q: word }, 'julien')).body;
    expect(member.items.map((hit) => hit.post.id).sort()).toEqual([open.id, secret.id].sort());
    expect(member.total).toBe(2);
    // Naming it answers as the multi-space feed does: it does not exist.
    for (const spaces of ['security-watch', 'general,security-watch', 'no-such-space']) {
      const res = await search({ q: word, spaces }, 'amelie');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await search({ q: word, spaces: 'security-watch' }, 'julien')).body.items.map((h) => h.post.id)).toEqual([secret.id]);
    // Private spaces too: jonas reads rnd-oncology, sophie does not.
    const privatePost = await publish('rnd-oncology', 'priya', { body: `Oncology ${word} review.`, locale: 'en' });
    expect(hitOf((await search({ q: word }, 'jonas')).body, privatePost.id)).toBeDefined();
    expect(hitOf((await search({ q: word }, 'sophie')).body, privatePost.id)).toBeUndefined();
    expect((await search({ q: word }, 'sophie')).body.total).toBe(1);
  });

  it('shows a scheduled draft to its author and the space owners only, to everyone once its time has come', async () => {
    const publishAt = new Date(TEST_NOW.getTime() + clockShiftMs + 2 * HOUR_MS).toISOString();
    const draft = await publish('cambridge-site', 'oliver', { body: 'Open house at the glasshouse on Sunday.', locale: 'en', publishAt });
    const find = async (as: string) => (await search({ q: 'glasshouse' }, as)).body;
    expect((await find('oliver')).items.map((hit) => hit.post.id)).toEqual([draft.id]);
    expect((await find('oliver')).items[0]?.post.publishAt).toBe(publishAt);
    // hannah owns cambridge-site; priya only reads it.
    expect((await find('hannah')).total).toBe(1);
    expect(await find('priya')).toEqual({ items: [], total: 0, nextCursor: null });
    clockShiftMs += 3 * HOUR_MS;
    const published = await find('priya');
    expect(published.items.map((hit) => hit.post.id)).toEqual([draft.id]);
    expect(published.items[0]?.post.publishAt).toBeUndefined();
    // The demo's scheduled post is a draft for everyone but oliver and hannah.
    expect((await search({ q: 'families' }, 'amelie')).body.total).toBe(0);
    expect((await search({ q: 'families' }, 'oliver')).body.items.map((hit) => hit.post.id)).toEqual(['scheduled-cambridge-open-day']);
  });

  it('follows edits: replaced variants and a changed body are found by their new words only', async () => {
    const post = await publish('general', 'hannah', {
      body: 'The kiosk on floor 2 closes.',
      locale: 'en',
      variants: [{ locale: 'fr', body: 'Le kiosque du deuxième étage ferme.' }],
    });
    expect(hitOf((await search({ q: 'kiosque' })).body, post.id)?.locale).toBe('fr');

    const edited = await server.json<Post>(`/api/v1/posts/${post.id}`, {
      method: 'PATCH',
      as: 'hannah',
      body: { variants: [{ locale: 'de', body: 'Der Schalter im zweiten Stock schliesst.' }] },
    });
    expect(edited.status).toBe(200);
    expect(hitOf((await search({ q: 'kiosque' })).body, post.id)).toBeUndefined();
    const german = hitOf((await search({ q: 'Schalter' })).body, post.id);
    expect(german?.locale).toBe('de');
    expect(marked(german!)).toEqual(['Schalter']);

    await server.json<Post>(`/api/v1/posts/${post.id}`, { method: 'PATCH', as: 'hannah', body: { body: 'The cafeteria on floor 2 closes.' } });
    expect(hitOf((await search({ q: 'kiosk' })).body, post.id)).toBeUndefined();
    expect(hitOf((await search({ q: 'cafeteria' })).body, post.id)?.locale).toBe('en');
    // The author's variant stays (and stays searchable) when only the body changes.
    expect(hitOf((await search({ q: 'Schalter' })).body, post.id)?.locale).toBe('de');
  });

  it('finds a machine translation added through the translation hook, until the source changes', async () => {
    const post = await publish('general', 'hannah', { body: 'Free sandwiches in the atrium at noon.', locale: 'en' });
    expect(hitOf((await search({ q: 'Butterbrote' }, 'lukas')).body, post.id)).toBeUndefined();
    const translated = await server.json<Post>(`/api/v1/posts/${post.id}/translations`, { method: 'POST', as: 'lukas', body: { locale: 'de' } });
    expect(translated.status).toBe(200);
    const hit = hitOf((await search({ q: 'Butterbrot' }, 'lukas')).body, post.id);
    expect(hit?.locale).toBe('de');
    expect(hit?.text).toBe('Free Butterbrote in the atrium at noon.');
    expect(hit?.post.variants).toEqual([{ locale: 'de', body: hit?.text, machine: true }]);
    // A new source drops machine translations, and their words with them.
    await server.json<Post>(`/api/v1/posts/${post.id}`, { method: 'PATCH', as: 'hannah', body: { body: 'Free soup in the atrium at noon.' } });
    expect(hitOf((await search({ q: 'Butterbrote' }, 'lukas')).body, post.id)).toBeUndefined();
  });

  it('pages with a cursor: best first, then newest, each post once', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      // Same text in the source and a variant: one hit per post all the same.
      const post = await publish('general', 'hannah', {
        body: 'Quokka sightings near the car park.',
        locale: 'en',
        variants: [{ locale: 'fr', body: 'Des quokkas vus près du parking.' }],
      });
      ids.push(post.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: PostSearchResult } = await search({ q: 'quokka', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.body.total).toBe(5);
      seen.push(...page.body.items.map((hit) => hit.post.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    // Equal scores: newest first.
    expect(seen).toEqual([...ids].reverse());
  });

  it('ranks the better match first, before a newer one: the word more often, or in a shorter text', async () => {
    // The better match of each pair is published first: newest first would put it second.
    const twice = await publish('general', 'hannah', { body: 'Axolotl news: the axolotl tank is cleaned today.', locale: 'en' });
    const once = await publish('general', 'hannah', { body: 'Axolotl news: the lizard tank is cleaned today.', locale: 'en' });
    expect((await search({ q: 'axolotl' })).body.items.map((hit) => hit.post.id)).toEqual([twice.id, once.id]);
    const short = await publish('general', 'hannah', { body: 'Capybara visit.', locale: 'en' });
    const long = await publish('general', 'hannah', { body: 'A capybara visits the campus garden after the board meeting on Thursday afternoon.', locale: 'en' });
    expect((await search({ q: 'capybara' })).body.items.map((hit) => hit.post.id)).toEqual([short.id, long.id]);
  });

  it('refuses bad queries with stable codes, and writes nothing', async () => {
    const before = await Promise.all([countRows(server.db, 'post_texts'), countRows(server.db, 'events')]);
    const refused = async (query: Record<string, string | number>, code: string, path?: string) => {
      const res = await search(query);
      expect(res.status).toBe(400);
      expect(res.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe(code);
      if (path) expect(res.body.errors?.map((e) => e.path)).toContain(path);
    };
    await refused({}, 'validation_failed', '/query/q');
    await refused({ q: '' }, 'validation_failed', '/query/q');
    await refused({ q: '?! …' }, 'validation_failed', '/query/q');
    await refused({ q: 'x'.repeat(201) }, 'validation_failed', '/query/q');
    await refused({ q: 'parking', limit: 0 }, 'validation_failed', '/query/limit');
    await refused({ q: 'parking', limit: 51 }, 'validation_failed', '/query/limit');
    await refused({ q: 'parking', spaces: 'general,,lyon-site' }, 'validation_failed', '/query/spaces');
    const many = Array.from({ length: 21 }, (_, i) => `space-${i}`).join(',');
    await refused({ q: 'parking', spaces: many }, 'validation_failed', '/query/spaces');
    await refused({ q: 'parking', cursor: 'not-a-cursor' }, 'invalid_cursor');
    // A cursor of note search is not one of post search.
    const notes = await server.json<{ nextCursor: string | null }>('/api/v1/notes?limit=1');
    expect(notes.body.nextCursor).not.toBeNull();
    await refused({ q: 'parking', cursor: notes.body.nextCursor! }, 'invalid_cursor');
    expect((await search({ q: 'parking', limit: 50 })).status).toBe(200);
    expect((await search({ q: 'parking '.repeat(25) })).status).toBe(200);
    expect(await Promise.all([countRows(server.db, 'post_texts'), countRows(server.db, 'events')])).toEqual(before);
  });

  it('asks for credentials', async () => {
    const res = await server.json<Problem>('/api/v1/posts/search?q=parking', { as: null });
    expect(res.status).toBe(401);
  });
});

describe('post search index of the demo', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('holds every post and every variant, each in its own language', async () => {
    const [posts, variants, texts] = await Promise.all([
      countRows(server.db, 'posts'),
      countRows(server.db, 'post_variants'),
      countRows(server.db, 'post_texts'),
    ]);
    expect(posts).toBe(158);
    expect(texts).toBe(posts + variants);
    const { body } = await server.json<PostSearchResult>('/api/v1/posts/search?q=cellulaire', { as: 'marco' });
    expect(body.items.map((hit) => [hit.post.id, hit.locale])).toEqual([['news-basel-lab', 'fr']]);
  });
});
