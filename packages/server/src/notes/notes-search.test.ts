import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeNote, NoteHit, NoteList, NoteSearchResult } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { attachPostPreview, storeCachedPreview } from '../previews/preview-repository.js';
import { urlKey } from '../previews/service.js';

let server: TestServer;
const ids: Record<string, string> = {};

const create = async (key: string, space: string, draft: Record<string, unknown>, as = 'amelie') => {
  const res = await server.json<KnowledgeNote>(`/api/v1/spaces/${space}/notes`, { method: 'POST', body: draft, as });
  expect(res.status).toBe(201);
  ids[key] = res.body.id;
  return res.body;
};
const search = (query: string, as = 'amelie') => server.json<NoteSearchResult>(`/api/v1/notes?${query}`, { as });
const found = async (q: string, key: string, extra = '') => {
  const { body } = await search(`q=${encodeURIComponent(q)}&space=general${extra}`);
  return body.items.some((hit) => hit.note.id === ids[key]);
};
const marked = (hit: NoteHit, field: 'title' | 'body') => {
  const h = hit.highlights.find((x) => x.field === field);
  return h ? h.ranges.map(([s, e]) => h.text.slice(s, e)) : [];
};

beforeAll(async () => {
  // Review dates are compared with this clock's day (2026-11-27).
  server = await startTestServer();
  await create('fr', 'general', {
    title: 'Sécurité des réseaux industriels',
    body: 'La segmentation des réseaux OT reste la première mesure de sécurité. Les automates exposés sur Internet sont trop nombreux.',
    language: 'fr',
    tags: ['securite', 'ot'],
    maturity: 'reviewed',
    reviewBy: '2026-10-01',
  });
  await create('de', 'general', {
    title: 'Jährliche Prüfung der Netzwerke',
    body: 'Die Prüfung aller Netzwerke im Labor dauert zwei Wochen. Straßenseitige Zugänge werden gesondert geprüft.',
    language: 'de',
    tags: ['audit', 'ot'],
    maturity: 'reference',
    reviewBy: '2026-11-27',
  }, 'lukas');
  await create('en', 'general', {
    title: 'Zero trust for laboratory networks',
    body: 'Instrument networks should authenticate every device. Trust nothing by default.',
    language: 'en',
    tags: ['zero-trust'],
    maturity: 'draft',
    reviewBy: '2026-12-15',
  }, 'hannah');
  await create('roundup', 'general', {
    title: 'Quarterly roundup',
    body: 'Items this quarter: badge readers, printer firmware, and a first look at zero trust for the plant.',
    language: 'en',
    tags: ['roundup'],
  }, 'hannah');
  await create('secret', 'security-watch', {
    title: 'Sécurité : faille critique dans les réseaux VPN',
    body: 'Correctif à appliquer avant vendredi.',
    language: 'fr',
    tags: ['securite', 'vpn'],
    reviewBy: '2026-09-01',
  }, 'julien');
});
afterAll(() => server.close());

describe('note search: accents and inflections in fr, de and en', () => {
  it.each([
    ['securite', 'fr'],
    ['sécurité', 'fr'],
    ['SECURITE', 'fr'],
    ['réseau', 'fr'],
    ['reseau', 'fr'],
    ['réseaux', 'fr'],
    ['Prufung', 'de'],
    ['Prüfung', 'de'],
    ['Prüfungen', 'de'],
    ['Netzwerk', 'de'],
    ['Netzwerke', 'de'],
    ['Strassenseitige', 'de'],
    ['network', 'en'],
    ['networks', 'en'],
    ['authenticating devices', 'en'],
  ])('"%s" finds the %s note', async (q, key) => {
    expect(await found(q, key)).toBe(true);
  });

  it('finds the accented note from the plain spelling and back, with no false hit', async () => {
    expect(await found('securite', 'de')).toBe(false);
    expect(await found('Netzwerk', 'fr')).toBe(false);
    expect(await found('prüfung', 'de')).toBe(true);
  });

  it('requires every word, and matches the last one as a prefix while typing', async () => {
    expect(await found('sécurité automates', 'fr')).toBe(true);
    expect(await found('sécurité kangourou', 'fr')).toBe(false);
    expect(await found('segment', 'fr')).toBe(true);
    expect(await found('segm', 'fr')).toBe(true);
  });

  it('ranks a title match above a body-only match', async () => {
    const { body } = await search('q=zero%20trust&space=general');
    const order = body.items.map((hit) => hit.note.id);
    expect(order.indexOf(ids['en']!)).toBeLessThan(order.indexOf(ids['roundup']!));
    expect(order.indexOf(ids['roundup']!)).toBeGreaterThanOrEqual(0);
    expect(body.items[0]!.score).toBeGreaterThan(body.items[1]!.score);
  });

  it('marks the matched words of the original title and of a body snippet', async () => {
    const { body } = await search('q=securite%20reseau&space=general');
    const hit = body.items.find((h) => h.note.id === ids['fr'])!;
    expect(marked(hit, 'title')).toEqual(['Sécurité', 'réseaux']);
    expect(marked(hit, 'body')).toEqual(['réseaux', 'sécurité']);
    const de = (await search('q=Prufung%20Netzwerk&space=general')).body.items.find((h) => h.note.id === ids['de'])!;
    expect(marked(de, 'title')).toEqual(['Prüfung', 'Netzwerke']);
    expect(marked(de, 'body')).toEqual(['Prüfung', 'Netzwerke']);
  });

  it('cuts long bodies into a snippet around the first match, ranges into the snippet', async () => {
    const filler = 'Lorem ipsum dolor sit amet. '.repeat(40);
    const note = await create('long', 'general', {
      title: 'Long note',
      body: `${filler}Here the word quasicrystals appears. ${filler}`,
      language: 'en',
    });
    const { body } = await search('q=quasicrystal&space=general');
    const hit = body.items.find((h) => h.note.id === note.id)!;
    const snippet = hit.highlights.find((h) => h.field === 'body')!;
    expect(snippet.text.length).toBeLessThan(220);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(marked(hit, 'body')).toEqual(['quasicrystals']);
  });
});

describe('note search: filters, facets, pages', () => {
  it('filters by tag, maturity and space, and counts tags over every match', async () => {
    const byTag = await search('q=&space=general&tag=ot');
    expect(byTag.body.items.map((h) => h.note.id).sort()).toEqual([ids['fr'], ids['de']].sort());
    const byMaturity = await search('q=netzwerk&space=general&maturity=reference');
    expect(byMaturity.body.items.map((h) => h.note.id)).toEqual([ids['de']]);
    const none = await search('q=netzwerk&space=general&maturity=draft');
    expect(none.body.total).toBe(0);
    const facets = await search('q=&space=general');
    expect(facets.body.tags).toEqual(
      expect.arrayContaining([
        { tag: 'ot', count: 2 },
        { tag: 'securite', count: 1 },
      ]),
    );
    expect(facets.body.tags[0]).toEqual({ tag: 'ot', count: 2 });
  });

  it('lists newest first without a query and pages with an opaque cursor', async () => {
    const first = await search('space=general&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((h) => h.score === 0 && h.highlights.length === 0)).toBe(true);
    expect(first.body.items[0]!.note.createdAt >= first.body.items[1]!.note.createdAt).toBe(true);
    const seen = first.body.items.map((h) => h.note.id);
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await search(`space=general&limit=2&cursor=${cursor}`);
      seen.push(...next.body.items.map((h) => h.note.id));
      cursor = next.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(first.body.total);
    expect(seen.length).toBe(first.body.total);
    expect((await search('cursor=bm9wZQ')).status).toBe(400);
    expect((await search('limit=51')).status).toBe(400);
  });
});

describe('note search and review: authorisation', () => {
  it('never returns, counts or facets notes of spaces the caller cannot read', async () => {
    const amelie = await search('q=securite');
    expect(amelie.body.items.map((h) => h.note.id)).not.toContain(ids['secret']);
    expect(amelie.body.tags.find((t) => t.tag === 'vpn')).toBeUndefined();
    const general = await search('q=securite&space=general');
    expect(general.body.tags.find((t) => t.tag === 'securite')?.count).toBe(1);
    // The seeded tech-watch notes are readable to amelie; the secret ones never are.
    expect(amelie.body.items.map((h) => h.note.id)).toContain('note-passkeys');
    expect(amelie.body.items.map((h) => h.note.id)).not.toContain('note-vpn-flaw');
    const asked = await search('q=securite&space=security-watch');
    expect(asked.body).toEqual({ items: [], nextCursor: null, tags: [], total: 0 });
    expect((await search('tag=vpn')).body.total).toBe(0);
    expect((await server.json(`/api/v1/notes/${ids['secret']}`)).status).toBe(404);
    const julien = await search('q=securite', 'julien');
    expect(julien.body.items.map((h) => h.note.id)).toContain(ids['secret']);
    expect(julien.body.tags.find((t) => t.tag === 'vpn')).toEqual({ tag: 'vpn', count: 1 });
  });

  it('lists notes due for review that the caller may edit, oldest date first', async () => {
    const due = (as: string) => server.json<NoteList>('/api/v1/notes/review', { as }).then((r) => r.body.items.map((n) => n.id));
    // amelie owns general: fr (2026-10-01) and de (2026-11-27, today) are due; en is not yet.
    const amelie = await due('amelie');
    expect(amelie.filter((id) => Object.values(ids).includes(id))).toEqual([ids['fr'], ids['de']]);
    expect(amelie).not.toContain(ids['secret']);
    // lukas is a correspondent of general, and a member of security-watch (not the note's owner).
    expect(await due('lukas')).not.toContain(ids['secret']);
    expect(await due('julien')).toContain(ids['secret']);
    // sophie may read general but edits none of these notes.
    expect((await due('sophie')).filter((id) => Object.values(ids).includes(id))).toEqual([]);
  });

  it('follows the injected clock', async () => {
    const later = await startTestServer({ now: () => new Date('2026-12-20T08:00:00.000Z') });
    try {
      const note = await later.json<KnowledgeNote>('/api/v1/spaces/general/notes', {
        method: 'POST',
        body: { title: 'Review me', reviewBy: '2026-12-15' },
      });
      const before = await later.json<NoteList>('/api/v1/notes/review');
      expect(before.body.items.map((n) => n.id)).toContain(note.body.id);
    } finally {
      await later.close();
    }
    const { body } = await server.json<NoteList>('/api/v1/notes/review');
    expect(body.items.map((n) => n.id)).not.toContain(ids['en']);
  });
});

describe('promoting a post', () => {
  it('makes a note from the post with its link card and a backlink', async () => {
    const link = 'https://example.org/pqc-roadmap';
    const post = await server.json<{ id: string }>('/api/v1/spaces/general/posts', {
      method: 'POST',
      body: { body: `Feuille de route **post-quantique** publiée\nDétails : ${link}`, locale: 'fr' },
    });
    expect(post.status).toBe(201);
    const preview = { url: link, title: 'PQC roadmap', description: 'Migration plan', siteName: 'Example', fetchedAt: '2026-11-20T10:00:00.000Z' };
    await attachPostPreview(server.db, post.body.id, preview, new Date().toISOString());
    const res = await server.json<KnowledgeNote>(`/api/v1/posts/${post.body.id}/promote`, {
      method: 'POST',
      body: { tags: ['pqc'] },
      as: 'hannah',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Feuille de route post-quantique publiée',
      language: 'fr',
      owner: { id: 'hannah' },
      promotedFrom: post.body.id,
      tags: ['pqc'],
      sources: [{ url: link, preview }],
      revision: 1,
    });
    expect(res.body.body).toContain(link);
    const again = await server.json<KnowledgeNote>(`/api/v1/posts/${post.body.id}/promote`, {
      method: 'POST',
      body: { title: 'Second note' },
      as: 'hannah',
    });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(res.body.id);
    const hits = (await search('q=post-quantique&space=general')).body.items.map((h) => h.note.id);
    expect(hits).toEqual(expect.arrayContaining([res.body.id, again.body.id]));
  });

  it('refuses readers (403) and posts the caller cannot see (404)', async () => {
    expect(
      (await server.json('/api/v1/posts/demo-general-001/promote', { method: 'POST', body: {}, as: 'marco' })).status,
    ).toBe(403);
    expect(
      (await server.json('/api/v1/posts/demo-security-watch-001/promote', { method: 'POST', body: {}, as: 'amelie' })).status,
    ).toBe(404);
    expect((await server.json('/api/v1/posts/nope/promote', { method: 'POST', body: {} })).status).toBe(404);
  });

  it('shows a source with the cached preview when the server has one, without fetching', async () => {
    const url = 'https://example.org/zero-trust-guide';
    await storeCachedPreview(server.db, {
      urlKey: urlKey(new URL(url)),
      value: { kind: 'preview', preview: { title: 'Zero trust guide', fetchedAt: '2026-11-26T10:00:00.000Z' } },
      fetchedAt: new Date(),
      // Valid at the test clock (2026-11-27), whatever the real date.
      expiresAt: new Date('2030-01-01T00:00:00.000Z'),
    });
    const note = await create('cards', 'general', { title: 'With cards', sources: [url, 'https://example.org/unknown'] });
    expect(note.sources).toEqual([
      { url, preview: { url, title: 'Zero trust guide', fetchedAt: '2026-11-26T10:00:00.000Z' } },
      { url: 'https://example.org/unknown' },
    ]);
  });
});
