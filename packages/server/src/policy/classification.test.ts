/**
 * Classification labels (docs/security.md#classification), as a matrix over
 * every pair of labels and every path that carries content from one place
 * to another: reading (feed, post, search, live replay's guards), promoting
 * a post to a note in another space, mentioning a person, notifications.
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
