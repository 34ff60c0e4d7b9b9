/**
 * Classification labels (docs/security.md#classification), as a matrix over
 * every pair of labels and every path that carries content from one place
 * to another: reading (feed, post, search, live replay's guards), promoting
 * a post to a note in another space, quoting a post in another space,
 * moving a post, mentioning a person, notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationLabel, KnowledgeNote, Me, Post, PostSearchResult, Problem, Space } from '@ecotone/protocol';
import { openEvents, startTestServer, type TestServer } from '../_harness.js';
import { insertMembership, insertSpace } from '../spaces/space-repository.js';
import { auditEntries } from '../audit/audit-log.js';

const LABELS: ClassificationLabel[] = ['public', 'internal', 'restricted', 'confidential'].map((id, i) => ({
  id,
  color: ['#2e7d32', '#1565c0', '#e65100', '#b71c1c'][i]!,
  names: { en: id.toUpperCase(), fr: id.toUpperCase(), de: id.toUpperCase() },
}));
const ORDER = LABELS.map((l) => l.id);
/** One reader per clearance, each a member of every labelled space. */
const READERS = { public: 'anna', internal: 'camille', restricted: 'thomas', confidential: 'marco' } as const;
/** Owns every labelled space, cleared for everything: the one who copies. */
const COPIER = 'priya';
const spaceOf = (label: string) => `label-${label}`;

describe('classification labels and flow control', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false, classification: { labels: LABELS } });
    const at = new Date().toISOString();
    for (const label of ORDER) {
      await insertSpace(server.db, { id: spaceOf(label), name: `Space ${label}`, description: '', visibility: 'private', site: null, locale: 'en', created_at: at, label });
      await insertMembership(server.db, { spaceId: spaceOf(label), actorId: COPIER, role: 'owner', createdAt: at });
      for (const reader of Object.values(READERS)) await insertMembership(server.db, { spaceId: spaceOf(label), actorId: reader, role: 'member', createdAt: at });
    }
    // Development tokens carry no claim: the stored clearance holds.
    await server.db.updateTable('actors').set({ clearance: 'confidential' }).where('id', '=', COPIER).execute();
    for (const [clearance, reader] of Object.entries(READERS)) await server.db.updateTable('actors').set({ clearance }).where('id', '=', reader).execute();
    for (const label of ORDER) {
      const res = await server.json<Post>(`/api/v1/spaces/${spaceOf(label)}/posts`, { method: 'POST', as: COPIER, body: { body: `Quarterly zeppelin report, ${label} edition` } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('tells each person the labels and their clearance', async () => {
    for (const [clearance, reader] of Object.entries(READERS)) {
      const me = await server.json<Me>('/api/v1/me', { as: reader });
      expect(me.body.classification).toEqual({ labels: LABELS, clearance });
    }
    // Spaces say their label; one never labelled carries the lowest.
    expect((await server.json<Space>(`/api/v1/spaces/${spaceOf('restricted')}`, { as: COPIER })).body.label).toBe('restricted');
    expect((await server.json<Space>('/api/v1/spaces/general', { as: COPIER })).body.label).toBe('public');
  });

  it("says each membership's label in GET /me (the lowest for a space never labelled), for elements to show", async () => {
    const me = await server.json<Me>('/api/v1/me', { as: COPIER });
    const labels = Object.fromEntries(me.body.memberships.map((m) => [m.spaceId, m.label]));
    for (const label of ORDER) expect(labels[spaceOf(label)], spaceOf(label)).toBe(label);
    expect(labels['general']).toBe('public');
    expect(me.body.memberships.every((m) => m.label !== undefined)).toBe(true);
  });

  it('lets nobody read above their clearance, through the feed, a post or search', async () => {
    for (const [clearance, reader] of Object.entries(READERS)) {
      const hits = await server.json<PostSearchResult>('/api/v1/posts/search?q=zeppelin', { as: reader });
      expect(hits.status).toBe(200);
      const seen = hits.body.items.map((hit) => hit.post.spaceId).sort();
      const cleared = ORDER.slice(0, ORDER.indexOf(clearance) + 1).map(spaceOf).sort();
      expect(seen, `${reader} (${clearance}) searches`).toEqual(cleared);
      expect(hits.body.total).toBe(cleared.length);
      for (const label of ORDER) {
        const feed = await server.json(`/api/v1/spaces/${spaceOf(label)}/feed`, { as: reader });
        expect(feed.status, `${clearance} reads ${label}`).toBe(ORDER.indexOf(clearance) >= ORDER.indexOf(label) ? 200 : 404);
      }
    }
  });

  it('promotes a post to a note only into a space of the same label or a higher one, over every pair', async () => {
    const posts = new Map<string, string>();
    for (const label of ORDER) {
      const feed = await server.json<{ items: Post[] }>(`/api/v1/spaces/${spaceOf(label)}/feed`, { as: COPIER });
      posts.set(label, feed.body.items[0]!.id);
    }
    for (const from of ORDER) {
      for (const to of ORDER) {
        const res = await server.json<KnowledgeNote | Problem>(`/api/v1/posts/${posts.get(from)!}/promote`, { method: 'POST', as: COPIER, body: { spaceId: spaceOf(to) } });
        if (ORDER.indexOf(to) >= ORDER.indexOf(from)) {
          expect(res.status, `${from} → ${to}`).toBe(201);
          expect((res.body as KnowledgeNote).spaceId).toBe(spaceOf(to));
        } else {
          expect(res.status, `${from} → ${to}`).toBe(403);
          expect((res.body as Problem).code).toBe('classification_violation');
        }
      }
    }
    // Each promotion is in the trail with both labels; a refused one left nothing.
    const promotions: unknown[] = [];
    for await (const row of auditEntries(server.db)) if (row.action === 'note.promote') promotions.push(JSON.parse(row.detail));
    expect(promotions).toHaveLength(10);
    expect(promotions).toContainEqual(expect.objectContaining({ fromLabel: 'internal', toLabel: 'confidential' }));
  });

  it('mentions a person into a space only when they are cleared for its label, over every pair', async () => {
    for (const label of ORDER) {
      for (const [clearance, reader] of Object.entries(READERS)) {
        const res = await server.json<Post | Problem>(`/api/v1/spaces/${spaceOf(label)}/posts`, {
          method: 'POST',
          as: COPIER,
          body: { body: `For [@${reader}](mention:${reader}): the ${label} figures` },
        });
        if (ORDER.indexOf(clearance) >= ORDER.indexOf(label)) {
          expect(res.status, `${clearance} mentioned in ${label}`).toBe(201);
        } else {
          expect(res.status, `${clearance} mentioned in ${label}`).toBe(403);
          expect((res.body as Problem).code).toBe('classification_violation');
          expect((res.body as Problem).errors?.[0]?.message).toContain(reader);
        }
      }
    }
  });

  it("keeps a person card's recent posts to the spaces the reader is cleared for", async () => {
    for (const [clearance, reader] of Object.entries(READERS)) {
      const card = await server.json<{ recentPosts: Post[] }>(`/api/v1/people/${COPIER}`, { as: reader });
      expect(card.status).toBe(200);
      const above = card.body.recentPosts.filter((p) => p.spaceId.startsWith('label-') && ORDER.indexOf(p.spaceId.slice('label-'.length)) > ORDER.indexOf(clearance));
      expect(above.map((p) => p.spaceId), `${reader} (${clearance})`).toEqual([]);
    }
  });

  it('quotes a post only into a space of the same label or a higher one, over every pair', async () => {
    const posts = new Map<string, string>();
    for (const label of ORDER) {
      const res = await server.json<Post>(`/api/v1/spaces/${spaceOf(label)}/posts`, { method: 'POST', as: COPIER, body: { body: `Airship budget, ${label} figures` } });
      posts.set(label, res.body.id);
    }
    for (const from of ORDER) {
      for (const to of ORDER) {
        const res = await server.json<Post | Problem>(`/api/v1/spaces/${spaceOf(to)}/posts`, { method: 'POST', as: COPIER, body: { body: `Sharing the ${from} figures`, quote: posts.get(from)! } });
        if (ORDER.indexOf(to) >= ORDER.indexOf(from)) {
          expect(res.status, `${from} → ${to}`).toBe(201);
          expect((res.body as Post).quoted, `${from} → ${to}`).toEqual({
            id: posts.get(from),
            spaceId: spaceOf(from),
            author: expect.objectContaining({ id: COPIER }),
            excerpt: `Airship budget, ${from} figures`,
            createdAt: expect.any(String),
          });
        } else {
          expect(res.status, `${from} → ${to}`).toBe(403);
          expect((res.body as Problem).code).toBe('classification_violation');
        }
      }
    }
    // Each quote is in the trail with the quoted post and both labels; a refused one left nothing.
    const quotes: Record<string, unknown>[] = [];
    for await (const row of auditEntries(server.db)) {
      const detail = JSON.parse(row.detail) as Record<string, unknown>;
      if (row.action === 'post.publish' && 'quoteOf' in detail) quotes.push(detail);
    }
    expect(quotes).toHaveLength(10);
    expect(quotes).toContainEqual(expect.objectContaining({ quoteOf: posts.get('internal'), quotedSpaceId: spaceOf('internal'), fromLabel: 'internal', toLabel: 'confidential' }));
  });

  it('moves a post only into a space of the same label or a higher one, over every pair', async () => {
    // A second space of each label, for the pairs of one label (a post never moves to its own space).
    const at = new Date().toISOString();
    for (const label of ORDER) {
      await insertSpace(server.db, { id: `${spaceOf(label)}-b`, name: `Space ${label} (b)`, description: '', visibility: 'private', site: null, locale: 'en', created_at: at, label });
      await insertMembership(server.db, { spaceId: `${spaceOf(label)}-b`, actorId: COPIER, role: 'owner', createdAt: at });
    }
    for (const from of ORDER) {
      for (const to of ORDER) {
        const target = from === to ? `${spaceOf(to)}-b` : spaceOf(to);
        const published = await server.json<Post>(`/api/v1/spaces/${spaceOf(from)}/posts`, { method: 'POST', as: COPIER, body: { body: `Hangar plan, ${from} to ${to}` } });
        expect(published.status).toBe(201);
        const res = await server.json<Post | Problem>(`/api/v1/posts/${published.body.id}/move`, { method: 'POST', as: COPIER, body: { spaceId: target } });
        const moved = ORDER.indexOf(to) >= ORDER.indexOf(from);
        if (moved) {
          expect(res.status, `${from} → ${to}`).toBe(200);
          expect((res.body as Post)).toMatchObject({ id: published.body.id, spaceId: target, author: { id: COPIER } });
        } else {
          expect(res.status, `${from} → ${to}`).toBe(403);
          expect((res.body as Problem).code).toBe('classification_violation');
        }
        // Where it is now, as readers find it.
        const read = await server.json<Post>(`/api/v1/posts/${published.body.id}`, { as: COPIER });
        expect(read.body.spaceId, `${from} → ${to}`).toBe(moved ? target : spaceOf(from));
      }
    }
    const moves: Record<string, unknown>[] = [];
    for await (const row of auditEntries(server.db)) if (row.action === 'post.move') moves.push(JSON.parse(row.detail) as Record<string, unknown>);
    expect(moves).toHaveLength(10);
    expect(moves).toContainEqual(expect.objectContaining({ fromSpaceId: spaceOf('public'), toSpaceId: spaceOf('restricted'), fromLabel: 'public', toLabel: 'restricted' }));
  });

  it('answers 404 to quoting a post one cannot read: above one\'s clearance, in a space one is not in, a draft', async () => {
    const secret = await server.json<Post>(`/api/v1/spaces/${spaceOf('confidential')}/posts`, { method: 'POST', as: COPIER, body: { body: 'Confidential hangar lease' } });
    // anna (public) is a member of the confidential space but not cleared for it.
    const above = await server.json<Problem>(`/api/v1/spaces/${spaceOf('confidential')}/posts`, { method: 'POST', as: READERS.public, body: { body: 'Look', quote: secret.body.id } });
    expect([above.status, above.body.code]).toEqual([404, 'not_found']);
    const elsewhere = await server.json<Problem>('/api/v1/spaces/general/posts', { method: 'POST', as: READERS.public, body: { body: 'Look', quote: secret.body.id } });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'not_found']);
    // Not a member of a private space (the copier's own), though cleared.
    const at = new Date().toISOString();
    await insertSpace(server.db, { id: 'label-closed', name: 'Closed', description: '', visibility: 'private', site: null, locale: 'en', created_at: at, label: 'public' });
    await insertMembership(server.db, { spaceId: 'label-closed', actorId: COPIER, role: 'owner', createdAt: at });
    const closed = await server.json<Post>('/api/v1/spaces/label-closed/posts', { method: 'POST', as: COPIER, body: { body: 'Members only' } });
    const outsider = await server.json<Problem>(`/api/v1/spaces/${spaceOf('confidential')}/posts`, { method: 'POST', as: READERS.confidential, body: { body: 'Look', quote: closed.body.id } });
    expect([outsider.status, outsider.body.code]).toEqual([404, 'not_found']);
    // A draft is quoted by those who see it only.
    const draft = await server.json<Post>(`/api/v1/spaces/${spaceOf('public')}/posts`, { method: 'POST', as: COPIER, body: { body: 'Draft', publishAt: new Date(Date.now() + 86_400_000).toISOString() } });
    const early = await server.json<Problem>(`/api/v1/spaces/${spaceOf('public')}/posts`, { method: 'POST', as: READERS.confidential, body: { body: 'Look', quote: draft.body.id } });
    expect([early.status, early.body.code]).toEqual([404, 'not_found']);
    expect((await server.json<Problem>('/api/v1/spaces/general/posts', { method: 'POST', as: COPIER, body: { body: 'Mine', quote: 'no-such-post' } })).status).toBe(404);
  });

  it("shows a quoted post's summary only to readers who may read it now; others, and everyone once it is gone, see it unavailable", async () => {
    const at = new Date().toISOString();
    // A space labelled public now; the quote goes into the internal space, readable to camille, thomas and marco.
    await insertSpace(server.db, { id: 'label-relabelled', name: 'Relabelled', description: '', visibility: 'private', site: null, locale: 'en', created_at: at, label: 'public' });
    await insertMembership(server.db, { spaceId: 'label-relabelled', actorId: COPIER, role: 'owner', createdAt: at });
    // Added as owners add people, so that what is kept of their memberships hears of it.
    for (const id of Object.values(READERS)) expect((await server.json(`/api/v1/spaces/label-relabelled/members/${id}`, { method: 'PUT', as: COPIER, body: { role: 'member' } })).status).toBeLessThan(300);
    const original = await server.json<Post>('/api/v1/spaces/label-relabelled/posts', { method: 'POST', as: COPIER, body: { body: 'Blimp **maintenance** schedule' } });
    const quoting = await server.json<Post>(`/api/v1/spaces/${spaceOf('internal')}/posts`, { method: 'POST', as: COPIER, body: { body: 'Blimp upkeep, see below', quote: original.body.id } });
    expect(quoting.status).toBe(201);
    const summary = { id: original.body.id, spaceId: 'label-relabelled', author: expect.objectContaining({ id: COPIER }), excerpt: 'Blimp maintenance schedule', createdAt: original.body.createdAt };
    const unavailable = { id: original.body.id, unavailable: true };
    const seenBy = async (as: string) => {
      const read = await server.json<Post>(`/api/v1/posts/${quoting.body.id}`, { as });
      const feed = await server.json<{ items: Post[] }>(`/api/v1/spaces/${spaceOf('internal')}/feed`, { as });
      const found = await server.json<PostSearchResult>('/api/v1/posts/search?q=upkeep', { as });
      const inFeed = feed.body.items.find((p) => p.id === quoting.body.id)?.quoted;
      const inSearch = found.body.items.find((hit) => hit.post.id === quoting.body.id)?.post.quoted;
      expect(inFeed, `${as}: feed`).toEqual(read.body.quoted);
      expect(inSearch, `${as}: search`).toEqual(read.body.quoted);
      return read.body.quoted;
    };
    for (const as of [READERS.internal, READERS.confidential]) expect(await seenBy(as), as).toEqual(summary);
    // The quoted space is now restricted: camille (internal) is not cleared for it any more, marco is.
    await server.db.updateTable('spaces').set({ label: 'restricted' }).where('id', '=', 'label-relabelled').execute();
    expect(await seenBy(READERS.internal)).toEqual(unavailable);
    expect(await seenBy(READERS.confidential)).toEqual(summary);
    // Not a member any more: unavailable, though cleared.
    expect((await server.json(`/api/v1/spaces/label-relabelled/members/${READERS.confidential}`, { method: 'DELETE', as: COPIER })).status).toBe(204);
    expect(await seenBy(READERS.confidential)).toEqual(unavailable);
    // Gone: unavailable to everyone, its author included.
    expect((await server.json(`/api/v1/posts/${original.body.id}`, { method: 'DELETE', as: COPIER })).status).toBe(204);
    expect((await server.json<Post>(`/api/v1/posts/${quoting.body.id}`, { as: COPIER })).body.quoted).toEqual(unavailable);
  });

  it('keeps notifications of a space from people not cleared for it', async () => {
    // An announcement tells every member; those below the label hear nothing of it.
    const res = await server.json<Post>(`/api/v1/spaces/${spaceOf('restricted')}/posts`, {
      method: 'POST',
      as: COPIER,
      body: { body: 'Everyone: new zeppelin procedure', kind: 'announcement', requireAcknowledgement: true },
    });
    expect(res.status).toBe(201);
    await server.app.ecotone.fanout.idle();
    let told = 0;
    for (const [clearance, reader] of Object.entries(READERS)) {
      const list = await server.json<{ items: { kind: string; object: { id: string } }[] }>('/api/v1/notifications', { as: reader });
      expect(list.status).toBe(200);
      const heard = list.body.items.some((n) => n.kind === 'ack_request' && n.object.id === res.body.id);
      expect(heard, `${reader} (${clearance})`).toBe(ORDER.indexOf(clearance) >= ORDER.indexOf('restricted'));
      if (heard) told += 1;
      // Nor is anything recorded for them, so no delivery module ever hears of it.
      const stored = await server.db.selectFrom('notifications').select('id').where('recipient_id', '=', reader).where('post_id', '=', res.body.id).execute();
      expect(stored.length > 0, `${reader} (${clearance}) stored`).toBe(heard);
    }
    expect(told).toBe(2);
  });
});

describe('a server without labels', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('says no labels and no membership labels in GET /me, and none for spaces', async () => {
    const me = await server.json<Me>('/api/v1/me', { as: 'priya' });
    expect(me.body.classification).toBeUndefined();
    expect(me.body.memberships.length).toBeGreaterThan(0);
    expect(me.body.memberships.some((m) => 'label' in m)).toBe(false);
    expect('label' in (await server.json<Space>('/api/v1/spaces/general', { as: 'priya' })).body).toBe(false);
  });
});

describe('a clearance lowered while a live stream is open', () => {
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('ends the stream, which reopens with the lower clearance; other streams stay', async () => {
    server = await startTestServer({ rateLimits: false, classification: { labels: LABELS }, deactivationCheckMs: 100 });
    await server.db.updateTable('actors').set({ clearance: 'restricted' }).where('id', 'in', ['thomas', 'camille']).execute();
    const lowered = await server.api('/api/v1/events', { as: 'thomas' });
    expect(lowered.status).toBe(200);
    const ended = lowered.text();
    const kept = await openEvents(server, { as: 'camille' });
    // Raised for camille: nothing to end (the next stream has it).
    await server.cli().updateTable('actors').set({ clearance: 'confidential' }).where('id', '=', 'camille').execute();
    await server.cli().updateTable('actors').set({ clearance: 'public' }).where('id', '=', 'thomas').execute();
    await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), 15_000))]);
    const post = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'priya', body: { body: 'Still live for camille' } });
    expect(post.status).toBe(201);
    await kept.next((m) => m.event === 'post.created' && m.data.includes(post.body.id), 15_000);
    kept.close();
  });
});
