/**
 * Per-space retention: a space keeping 30 days loses its older posts (with
 * everything attached), comments and notes, through the API as readers see
 * it; newer content, other spaces and spaces without a retention keep
 * theirs; every batch is one `retention.purge` entry and the trail still
 * verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, CommentPage, FeedPage, KnowledgeNote, NoteSearchResult, Post, PostSearchResult, Space } from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, TEST_ENGINE, TEST_NOW, until, type TestServer } from '../_harness.js';
import { insertMembership, insertSpace } from '../spaces/space-repository.js';
import { verifyAudit } from '../audit/audit-log.js';
import { ContentRetention, parseRetentionDays, purgeExpiredContent, retentionCutoff, type SpacePurge } from './purge.js';
import { setSpaceRetention } from './settings.js';

const DAY = 86_400_000;
const T0 = TEST_NOW.getTime();

describe('per-space retention', () => {
  let server: TestServer;
  /** The server's clock: set back to write content of an age, forward to purge. */
  let clock = T0;
  const at = (daysAgo: number) => {
    clock = T0 - daysAgo * DAY;
  };

  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date((clock += 1)), rateLimits: false });
    const created = new Date(T0 - 400 * DAY).toISOString();
    for (const id of ['keep-30', 'keep-all', 'keep-batch']) {
      await insertSpace(server.db, { id, name: `Space ${id}`, description: '', visibility: 'public', site: null, locale: 'en', created_at: created });
      await insertMembership(server.db, { spaceId: id, actorId: 'amelie', role: 'owner', createdAt: created });
      await insertMembership(server.db, { spaceId: id, actorId: 'thomas', role: 'member', createdAt: created });
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = async (space: string, body: Record<string, unknown>, as = 'amelie') => {
    const res = await server.json<Post>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const comment = async (postId: string, body: Record<string, unknown>, as = 'thomas') => {
    const res = await server.json<Comment>(`/api/v1/posts/${postId}/comments`, { method: 'POST', as, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const note = async (space: string, title: string) => {
    const res = await server.json<KnowledgeNote>(`/api/v1/spaces/${space}/notes`, { method: 'POST', as: 'amelie', body: { title, body: `About ${title}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const status = async (path: string) => (await server.api(path, { as: 'amelie' })).status;
  const feedIds = async (space: string) => {
    const page = (await server.json<FeedPage>(`/api/v1/spaces/${space}/feed?limit=50`, { as: 'thomas' })).body;
    return [...(page.pinned ?? []), ...page.items].map((p) => p.id);
  };
  const searchIds = async (word: string) => (await server.json<PostSearchResult>(`/api/v1/posts/search?q=${word}`, { as: 'thomas' })).body.items.map((r) => r.post.id);
  const purgeEntries = async () =>
    (await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.purge').orderBy('seq').execute()).map((e) => ({
      ...e,
      detail: JSON.parse(e.detail) as Record<string, unknown> & { counts: { posts: number; comments: number; notes: number } },
    }));

  it('reads a retention as days from 1 to 36500, or keep', () => {
    expect(parseRetentionDays('30')).toBe(30);
    expect(parseRetentionDays('36500')).toBe(36_500);
    expect(parseRetentionDays('keep')).toBeNull();
    for (const bad of ['0', '-3', '1.5', '36501', '30d', '', ' 30', '030', 'forever']) expect(parseRetentionDays(bad), bad).toBeUndefined();
    expect(retentionCutoff(new Date(T0), 30)).toBe(new Date(T0 - 30 * DAY).toISOString());
  });

  it('records the operator setting it (space.retention, from and to) and shows it on the space', async () => {
    const before = await countRows(server.db, 'audit_log');
    expect(await setSpaceRetention(server.db, 'keep-30', 90, 'ops', new Date(T0))).toEqual({ changed: true, from: null, to: 90 });
    expect(await setSpaceRetention(server.db, 'keep-30', 30, 'ops', new Date(T0))).toEqual({ changed: true, from: 90, to: 30 });
    expect(await setSpaceRetention(server.db, 'keep-30', 30, 'ops', new Date(T0))).toEqual({ changed: false, days: 30 });
    expect(await setSpaceRetention(server.db, 'no-such-space', 30, 'ops', new Date(T0))).toBeUndefined();
    const entries = await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'space.retention').orderBy('seq').execute();
    expect(entries.map((e) => [e.space_id, e.target_type, e.target_id, e.actor_id, JSON.parse(e.detail)])).toEqual([
      ['keep-30', 'space', 'keep-30', null, { from: null, to: 90, by: 'command line', operator: 'ops' }],
      ['keep-30', 'space', 'keep-30', null, { from: 90, to: 30, by: 'command line', operator: 'ops' }],
    ]);
    expect(await countRows(server.db, 'audit_log')).toBe(before + 2);
    const space = await server.json<Space>('/api/v1/spaces/keep-30', { as: 'thomas' });
    expect(space.body.retentionDays).toBe(30);
    // Kept for good: nothing said.
    const other = await server.json<Space>('/api/v1/spaces/keep-all', { as: 'thomas' });
    expect(other.status).toBe(200);
    expect(other.body).not.toHaveProperty('retentionDays');
    // Set and cleared again (keep).
    expect(await setSpaceRetention(server.db, 'keep-all', 7, 'ops', new Date(T0))).toMatchObject({ changed: true, to: 7 });
    expect(await setSpaceRetention(server.db, 'keep-all', null, 'ops', new Date(T0))).toEqual({ changed: true, from: 7, to: null });
    expect((await server.json<Space>('/api/v1/spaces/keep-all', { as: 'thomas' })).body).not.toHaveProperty('retentionDays');
  });

  it('deletes posts, comments and notes older than 30 days with everything attached; newer content and other spaces stay', async () => {
    // Sixty days ago: a post with a poll, a comment, reactions and a ballot, a pinned one, a note; the same in a space that keeps all.
    at(60);
    const old = await post('keep-30', { body: 'Ancient wombatquarry memo', polls: [{ question: 'Still relevant?', mode: 'single', options: ['Yes', 'No'] }] });
    const oldComment = await comment(old.id, { body: 'Ancient reply' });
    await server.json(`/api/v1/objects/${old.id}/reactions/like`, { method: 'PUT', as: 'thomas' });
    await server.json(`/api/v1/objects/${oldComment.id}/reactions/like`, { method: 'PUT', as: 'amelie' });
    expect((await server.json(`/api/v1/polls/${old.polls![0]!.id}/ballot`, { method: 'PUT', as: 'thomas', body: { choices: [old.polls![0]!.options[0]!.id] } })).status).toBe(200);
    // As a technology-watch source records its items (watch/watch-service.ts).
    await server.db
      .insertInto('watch_items')
      .values({ post_id: old.id, space_id: 'keep-30', source_id: null, guid_key: 'guid-key', link_key: 'link-key', title: 'Ancient wombatquarry item', summary: 'What it said', link: 'https://news.example/old', published_at: null, source_title: 'News', source_url: 'https://news.example/feed.xml', triage: 'new', triaged_by: null, triaged_at: null, note_id: null })
      .execute();
    const pinned = await post('keep-30', { body: 'Pinned wombatquarry rules' });
    await server.db.updateTable('posts').set({ pinned_at: new Date(clock).toISOString() }).where('id', '=', pinned.id).execute();
    const oldNote = await note('keep-30', 'Ancient wombatquarry note');
    const otherOld = await post('keep-all', { body: 'Ancient wombatquarry elsewhere' });
    const otherNote = await note('keep-all', 'Ancient note elsewhere');
    // Forty-five days ago: a note, changed five days ago (kept: by its last change).
    at(45);
    const edited = await note('keep-30', 'Long-lived wombatquarry note');
    // Ten days ago: a newer post, a comment on it and a reply to that comment.
    at(10);
    const fresh = await post('keep-30', { body: 'Fresh wombatquarry memo' });
    const freshComment = await comment(fresh.id, { body: 'A recent remark' });
    const threadTop = await comment(fresh.id, { body: 'Started the thread' });
    at(5);
    const reply = await comment(fresh.id, { body: 'A recent reply', parentId: threadTop.id }, 'amelie');
    const patched = await server.json<KnowledgeNote>(`/api/v1/notes/${edited.id}`, { method: 'PATCH', as: 'amelie', body: { baseRevision: 1, title: 'Long-lived wombatquarry note, revised' } });
    expect(patched.status).toBe(200);
    // Comments written before the cutoff on the newer post (as an import or a move leaves them): one alone, one with a reply.
    const oldOnFresh = await comment(fresh.id, { body: 'An old remark on a newer post' });
    const back = new Date(T0 - 45 * DAY).toISOString();
    await server.db.updateTable('comments').set({ created_at: back }).where('id', 'in', [oldOnFresh.id, threadTop.id]).execute();
    const auditBefore = await countRows(server.db, 'audit_log');
    const reactionsBefore = await countRows(server.db, 'reactions');
    const ballotsBefore = await countRows(server.db, 'ballots');

    expect(await feedIds('keep-30')).toEqual(expect.arrayContaining([old.id, pinned.id, fresh.id]));
    const reader = await openEvents(server, { as: 'thomas' });
    clock = T0;
    const purged = await purgeExpiredContent(server.app.ecotone);
    expect(purged).toEqual<SpacePurge[]>([
      { spaceId: 'keep-30', retentionDays: 30, olderThan: purged[0]!.olderThan, posts: 2, comments: 2, notes: 1, batches: 1 },
    ]);
    expect(Date.parse(purged[0]!.olderThan)).toBeGreaterThanOrEqual(T0 - 30 * DAY);
    // Open pages are told, as for a person's deletion.
    const deleted = await reader.next((m) => m.event === 'post.deleted' && (JSON.parse(m.data) as { postId: string }).postId === old.id);
    expect(JSON.parse(deleted.data)).toEqual({ type: 'post.deleted', spaceId: 'keep-30', postId: old.id });
    await reader.next((m) => m.event === 'comment.deleted' && (JSON.parse(m.data) as { commentId: string }).commentId === oldOnFresh.id);
    reader.close();

    // Gone, as readers see it: not in the feed, 404 by id, not found by search; attached rows too.
    expect(await feedIds('keep-30')).toEqual([fresh.id]);
    expect(await status(`/api/v1/posts/${old.id}`)).toBe(404);
    expect(await status(`/api/v1/posts/${pinned.id}`)).toBe(404);
    expect(await status(`/api/v1/notes/${oldNote.id}`)).toBe(404);
    expect(await searchIds('wombatquarry')).toEqual(expect.arrayContaining([fresh.id, otherOld.id]));
    expect((await searchIds('wombatquarry')).filter((id) => id === old.id || id === pinned.id)).toEqual([]);
    expect(await server.db.selectFrom('polls').select('id').where('post_id', '=', old.id).execute()).toEqual([]);
    expect(await server.db.selectFrom('comments').select('id').where('post_id', '=', old.id).execute()).toEqual([]);
    expect(await server.db.selectFrom('post_texts').select('seq').where('post_id', '=', old.id).execute()).toEqual([]);
    // The watch item keeps the keys that stop its feed from bringing it back, not what it said.
    expect(await server.db.selectFrom('watch_items').select(['guid_key', 'link_key', 'title', 'summary', 'link']).where('post_id', '=', old.id).execute()).toEqual([
      { guid_key: 'guid-key', link_key: 'link-key', title: '', summary: '', link: null },
    ]);
    expect(await countRows(server.db, 'reactions')).toBe(reactionsBefore - 2);
    expect(await countRows(server.db, 'ballots')).toBe(ballotsBefore - 1);
    const notes = await server.json<NoteSearchResult>('/api/v1/notes?q=wombatquarry', { as: 'amelie' });
    expect(notes.body.items.map((hit) => hit.note.id)).toEqual([edited.id]);

    // Kept: the newer post and its newer comments; the old comment with a reply is now the usual placeholder.
    expect(await status(`/api/v1/posts/${fresh.id}`)).toBe(200);
    expect(await status(`/api/v1/notes/${edited.id}`)).toBe(200);
    const thread = await server.json<CommentPage>(`/api/v1/posts/${fresh.id}/comments?limit=50`, { as: 'thomas' });
    const shown = thread.body.items;
    expect(shown.map((c) => c.id).sort()).toEqual([freshComment.id, threadTop.id, reply.id].sort());
    const placeholder = shown.find((c) => c.id === threadTop.id)!;
    expect(placeholder.body).toBe('');
    // The space that keeps everything keeps everything.
    expect(await status(`/api/v1/posts/${otherOld.id}`)).toBe(200);
    expect(await status(`/api/v1/notes/${otherNote.id}`)).toBe(200);

    // One audit entry for the batch, naming what went without its content; the chain holds.
    const entries = await purgeEntries();
    expect(entries).toHaveLength(1);
    expect(await countRows(server.db, 'audit_log')).toBe(auditBefore + 1);
    expect(entries[0]).toMatchObject({ actor_id: null, target_type: 'space', target_id: 'keep-30', space_id: 'keep-30' });
    expect(entries[0]!.detail).toEqual({
      retentionDays: 30,
      olderThan: purged[0]!.olderThan,
      counts: { posts: 2, comments: 2, notes: 1 },
      posts: { count: 2, first: old.id, last: pinned.id, from: old.createdAt, through: pinned.createdAt },
      comments: expect.objectContaining({ count: 2, from: back, through: back }) as unknown,
      notes: { count: 1, first: oldNote.id, last: oldNote.id, from: oldNote.updatedAt, through: oldNote.updatedAt },
    });
    expect(JSON.stringify(entries[0])).not.toContain('wombatquarry');
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true });

    // Nothing more to do: no entry.
    expect(await purgeExpiredContent(server.app.ecotone)).toEqual([]);
    expect(await purgeEntries()).toHaveLength(1);
  });

  it('works through more than one batch, one audit entry each, until nothing old is left', async () => {
    await setSpaceRetention(server.db, 'keep-batch', 10, 'ops', new Date(T0));
    at(20);
    const posts: Post[] = [];
    for (let i = 0; i < 7; i++) posts.push(await post('keep-batch', { body: `Batch post ${i}` }));
    const notes: KnowledgeNote[] = [];
    for (let i = 0; i < 3; i++) notes.push(await note('keep-batch', `Batch note ${i}`));
    at(2);
    const kept = await post('keep-batch', { body: 'Batch post kept' });
    const before = (await purgeEntries()).length;
    clock = T0;
    const purged = await purgeExpiredContent(server.app.ecotone, { batchSize: 3 });
    expect(purged).toEqual([expect.objectContaining({ spaceId: 'keep-batch', posts: 7, comments: 0, notes: 3, batches: 4 })]);
    const entries = (await purgeEntries()).slice(before);
    expect(entries.map((e) => e.detail.counts)).toEqual([
      { posts: 3, comments: 0, notes: 0 },
      { posts: 3, comments: 0, notes: 0 },
      { posts: 1, comments: 0, notes: 2 },
      { posts: 0, comments: 0, notes: 1 },
    ]);
    // In time order, across batches.
    expect(entries.flatMap((e) => (e.detail['posts'] ? [(e.detail['posts'] as { first: string }).first] : []))).toEqual([posts[0]!.id, posts[3]!.id, posts[6]!.id]);
    expect(await feedIds('keep-batch')).toEqual([kept.id]);
    for (const n of notes) expect(await status(`/api/v1/notes/${n.id}`)).toBe(404);
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true });
  });

  it('runs on a schedule in the server and stops cleanly', async () => {
    at(40);
    const old = await post('keep-30', { body: 'Scheduled purge target' });
    clock = T0;
    const runs: SpacePurge[][] = [];
    const errors: unknown[] = [];
    const job = new ContentRetention(server.app.ecotone, { firstRunMs: 0, intervalMs: 3_600_000 }, (p) => runs.push([...p]), (e) => errors.push(e));
    job.start();
    await until(async () => runs.length > 0, 'the first scheduled run');
    expect(runs[0]).toEqual([expect.objectContaining({ spaceId: 'keep-30', posts: 1 })]);
    expect(errors).toEqual([]);
    expect(await status(`/api/v1/posts/${old.id}`)).toBe(404);
    await job.stop();
    // Stopped: a run asked for now does nothing more than look.
    expect(await purgeExpiredContent(server.app.ecotone, { stopped: () => true })).toEqual([]);
  });
});

describe.skipIf(TEST_ENGINE !== 'postgres')('per-space retention on several instances (PostgreSQL)', () => {
  let clock = T0;
  const now = () => new Date((clock += 1));
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ now, rateLimits: false });
    b = await startTestServer({ now, rateLimits: false, sharing: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('deletes each old post once and records it once, whichever instance gets there', async () => {
    const created = new Date(T0 - 400 * DAY).toISOString();
    await insertSpace(a.db, { id: 'keep-shared', name: 'Shared', description: '', visibility: 'public', site: null, locale: 'en', created_at: created });
    await insertMembership(a.db, { spaceId: 'keep-shared', actorId: 'amelie', role: 'owner', createdAt: created });
    await setSpaceRetention(a.db, 'keep-shared', 30, 'ops', new Date(T0));
    clock = T0 - 40 * DAY;
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await (i % 2 === 0 ? a : b).json<Post>('/api/v1/spaces/keep-shared/posts', { method: 'POST', as: 'amelie', body: { body: `Shared old post ${i}` } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    clock = T0;
    const [fromA, fromB] = await Promise.all([
      purgeExpiredContent(a.app.ecotone, { batchSize: 5 }),
      purgeExpiredContent(b.app.ecotone, { batchSize: 5 }),
    ]);
    const removed = [...fromA, ...fromB].reduce((n, space) => n + space.posts, 0);
    expect(removed).toBe(40);
    const entries = await a.db.selectFrom('audit_log').select('detail').where('action', '=', 'retention.purge').where('space_id', '=', 'keep-shared').execute();
    expect(entries.reduce((n, e) => n + (JSON.parse(e.detail) as { counts: { posts: number } }).counts.posts, 0)).toBe(40);
    const deleted = await a.db.selectFrom('events').select('post_id').where('type', '=', 'post.deleted').where('post_id', 'in', ids).execute();
    expect(deleted.map((e) => e.post_id).sort()).toEqual([...ids].sort());
    expect(await verifyAudit(a.db)).toMatchObject({ ok: true });
  });
});
