import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, KnowledgeNote, ModerationQueue, NoteList, NoteSearchResult, Notification, Post, Report } from '@ecotone/protocol';
import { openEvents, startTestServer, type TestServer } from '../_harness.js';
import { auditEntries, type AuditEntry } from '../audit/audit-log.js';

/** In general: amelie owns it, thomas writes, marco reads, camille is a member. */
const OWNER = 'amelie';
const AUTHOR = 'thomas';
const READER = 'marco';
const MEMBER = 'camille';
/** A correspondent of general: edits every note there, yet no longer sees a hidden one. */
const CORRESPONDENT = 'hannah';

async function entriesOf(server: TestServer, action: string): Promise<AuditEntry[]> {
  const found: AuditEntry[] = [];
  for await (const entry of auditEntries(server.db)) if (entry.action === action) found.push(entry);
  return found;
}

describe('moderation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false });
  });
  afterAll(() => server.close());

  const publish = async (as: string, body: string) => {
    const res = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as, body: { body } });
    expect(res.status).toBe(201);
    return res.body;
  };
  const feedHas = async (as: string, id: string) => (await server.json<{ items: Post[] }>('/api/v1/spaces/general/feed?limit=100', { as })).body.items.some((p) => p.id === id);
  const queue = async (as = OWNER) => server.json<ModerationQueue>('/api/v1/spaces/general/moderation', { as });

  it('takes reports, shows the owners a live queue, hides and restores on every read path', async () => {
    const ownerStream = await openEvents(server, { as: OWNER });
    const readerStream = await openEvents(server, { as: READER });
    const post = await publish(AUTHOR, 'A post about zanzibarfruit that some dislike');
    await readerStream.next((m) => m.event === 'post.created' && m.data.includes(post.id), 10_000);
    const before = readerStream.received().find((m) => m.data.includes(post.id))!.id!;

    // A report: 201, again 200 with the same report; one's own: 403; a bad reason: 400.
    const first = await server.json<Report>('/api/v1/reports', { method: 'POST', as: READER, body: { targetType: 'post', targetId: post.id, reason: 'spam', text: 'Looks like an ad' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ spaceId: 'general', targetType: 'post', targetId: post.id, reason: 'spam' });
    const again = await server.json<Report>('/api/v1/reports', { method: 'POST', as: READER, body: { targetType: 'post', targetId: post.id, reason: 'hate' } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await server.json('/api/v1/reports', { method: 'POST', as: AUTHOR, body: { targetType: 'post', targetId: post.id, reason: 'spam' } })).status).toBe(403);
    expect((await server.json('/api/v1/reports', { method: 'POST', as: MEMBER, body: { targetType: 'post', targetId: post.id, reason: 'rude' } })).status).toBe(400);
    expect((await server.json('/api/v1/reports', { method: 'POST', as: MEMBER, body: { targetType: 'post', targetId: 'nope', reason: 'spam' } })).status).toBe(404);
    expect((await server.json('/api/v1/reports', { method: 'POST', as: MEMBER, body: { targetType: 'post', targetId: post.id, reason: 'harassment' } })).status).toBe(201);

    // The owners' queue changed, live; nobody else hears of it.
    await ownerStream.next((m) => m.event === 'moderation.changed', 10_000);
    expect(readerStream.received().some((m) => m.event === 'moderation.changed')).toBe(false);
    expect((await queue(READER)).status).toBe(403);
    const listed = await queue();
    expect(listed.status).toBe(200);
    expect(listed.body.items[0]).toMatchObject({ targetType: 'post', targetId: post.id, reports: 2, reasons: { spam: 1, harassment: 1 }, texts: ['Looks like an ad'], author: { id: AUTHOR } });
    expect(listed.body.items[0]!.preview).toContain('zanzibarfruit');

    // Hiding: a reason is required, only owners may.
    expect((await server.json(`/api/v1/moderation/post/${post.id}/hide`, { method: 'POST', as: OWNER, body: { reason: ' ' } })).status).toBe(400);
    expect((await server.json(`/api/v1/moderation/post/${post.id}/hide`, { method: 'POST', as: MEMBER, body: { reason: 'No' } })).status).toBe(403);
    expect((await server.json(`/api/v1/moderation/post/${post.id}/hide`, { method: 'POST', as: OWNER, body: { reason: 'Advertising is not allowed here' } })).status).toBe(204);
    const hidden = await readerStream.next((m) => m.event === 'content.hidden', 10_000);
    expect(JSON.parse(hidden.data)).toEqual({ type: 'content.hidden', spaceId: 'general', targetType: 'post', targetId: post.id, postId: post.id, authorId: AUTHOR });

    // Gone for everyone else, on every path; its author sees it marked, with the reason; owners too.
    expect(await feedHas(READER, post.id)).toBe(false);
    expect(await feedHas(MEMBER, post.id)).toBe(false);
    expect((await server.json(`/api/v1/feed?spaces=general&limit=100`, { as: READER })).body).not.toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id: post.id })]) });
    expect((await server.json(`/api/v1/posts/${post.id}`, { as: READER })).status).toBe(404);
    expect((await server.json(`/api/v1/posts/${post.id}/comments`, { as: READER })).status).toBe(404);
    expect(await (await server.api('/api/v1/posts/search?q=zanzibarfruit', { as: READER })).text()).not.toContain(post.id);
    expect(await (await server.api('/api/v1/posts/search?q=zanzibarfruit', { as: AUTHOR })).text()).toContain(post.id);
    const own = await server.json<Post>(`/api/v1/posts/${post.id}`, { as: AUTHOR });
    expect(own.body.moderation).toMatchObject({ state: 'hidden', reason: 'Advertising is not allowed here' });
    expect(await feedHas(AUTHOR, post.id)).toBe(true);
    expect(await feedHas(OWNER, post.id)).toBe(true);
    // The replay from before it was published no longer carries it.
    const replay = await openEvents(server, { as: READER, headers: { 'last-event-id': before } });
    await replay.next((m) => m.event === 'content.hidden', 10_000);
    expect(replay.received().filter((m) => m.event === 'post.created' && m.data.includes(post.id))).toEqual([]);
    replay.close();
    // In the queue as hidden, its reports dealt with.
    expect((await queue()).body.items.find((i) => i.targetId === post.id)).toMatchObject({ reports: 0, moderation: { state: 'hidden' } });

    // Restored: back for everyone.
    expect((await server.json(`/api/v1/moderation/post/${post.id}/restore`, { method: 'POST', as: OWNER })).status).toBe(204);
    await readerStream.next((m) => m.event === 'content.restored' && m.data.includes(post.id), 10_000);
    expect(await feedHas(READER, post.id)).toBe(true);
    expect((await queue()).body.items.find((i) => i.targetId === post.id)).toBeUndefined();

    const actions = ['report.create', 'content.hide', 'content.restore'];
    for (const action of actions) expect((await entriesOf(server, action)).length, action).toBeGreaterThan(0);
    const [hide] = await entriesOf(server, 'content.hide');
    expect(hide).toMatchObject({ actor_id: OWNER, target_type: 'post', target_id: post.id, space_id: 'general' });
    ownerStream.close();
    readerStream.close();
  });

  it('hides a comment from everyone but its author and the owners', async () => {
    const post = await publish(AUTHOR, 'A post with comments');
    const comment = await server.json<Comment>(`/api/v1/posts/${post.id}/comments`, { method: 'POST', as: MEMBER, body: { body: 'A rude comment' } });
    expect(comment.status).toBe(201);
    expect((await server.json(`/api/v1/moderation/comment/${comment.body.id}/hide`, { method: 'POST', as: OWNER, body: { reason: 'Be kind' } })).status).toBe(204);
    const ids = async (as: string) => (await server.json<{ items: Comment[] }>(`/api/v1/posts/${post.id}/comments`, { as })).body.items.map((c) => c.id);
    expect(await ids(READER)).toEqual([]);
    expect(await ids(MEMBER)).toEqual([comment.body.id]);
    const mine = (await server.json<{ items: Comment[] }>(`/api/v1/posts/${post.id}/comments`, { as: MEMBER })).body.items[0]!;
    expect(mine.moderation).toMatchObject({ state: 'hidden', reason: 'Be kind' });
    expect((await server.json(`/api/v1/objects/${comment.body.id}/reactions`, { as: READER })).status).toBe(200);
  });

  it('counts only the comments every reader sees, moved in the transaction that hides or restores one, live', async () => {
    const post = await publish(AUTHOR, 'A post whose comments are counted');
    const comment = async (as: string, body: string) => (await server.json<Comment>(`/api/v1/posts/${post.id}/comments`, { method: 'POST', as, body: { body } })).body;
    const kept = await comment(MEMBER, 'A kind comment');
    const rude = await comment(MEMBER, 'A rude comment');
    const count = async (as: string) => (await server.json<Post>(`/api/v1/posts/${post.id}`, { as })).body.commentCount;
    const inFeed = async (as: string) => (await server.json<{ items: Post[] }>('/api/v1/spaces/general/feed?limit=100', { as })).body.items.find((p) => p.id === post.id)?.commentCount;
    expect(await count(READER)).toBe(2);
    const stream = await openEvents(server, { as: READER });

    expect((await server.json(`/api/v1/moderation/comment/${rude.id}/hide`, { method: 'POST', as: OWNER, body: { reason: 'Be kind' } })).status).toBe(204);
    const hidden = JSON.parse((await stream.next((m) => m.event === 'content.hidden' && m.data.includes(rude.id), 10_000)).data);
    expect(hidden).toMatchObject({ targetType: 'comment', postId: post.id, commentCount: 1 });
    // One for everyone: readers see one comment; its author and the owners see the hidden one beyond the count.
    for (const as of [READER, MEMBER, OWNER]) {
      expect(await count(as), as).toBe(1);
      expect(await inFeed(as), as).toBe(1);
    }
    // A new comment's event carries the count without the hidden one.
    await comment(AUTHOR, 'Another comment');
    const created = JSON.parse((await stream.next((m) => m.event === 'comment.created' && m.data.includes('Another comment'), 10_000)).data);
    expect(created.commentCount).toBe(2);

    expect((await server.json(`/api/v1/moderation/comment/${rude.id}/restore`, { method: 'POST', as: OWNER })).status).toBe(204);
    const restored = JSON.parse((await stream.next((m) => m.event === 'content.restored' && m.data.includes(rude.id), 10_000)).data);
    expect(restored).toMatchObject({ targetType: 'comment', commentCount: 3 });
    expect(await count(READER)).toBe(3);

    // Deleting a hidden comment does not count it twice.
    expect((await server.json(`/api/v1/moderation/comment/${rude.id}/hide`, { method: 'POST', as: OWNER, body: { reason: 'Again' } })).status).toBe(204);
    expect(await count(READER)).toBe(2);
    expect((await server.api(`/api/v1/comments/${rude.id}`, { method: 'DELETE', as: MEMBER })).status).toBe(204);
    expect(await count(READER)).toBe(2);
    expect((await server.api(`/api/v1/comments/${kept.id}`, { method: 'DELETE', as: MEMBER })).status).toBe(204);
    expect(await count(READER)).toBe(1);
    stream.close();
  });

  it('hides a note on every read path but from its owner (with the reason) and the space owners, live, and restores it', async () => {
    const created = await server.json<KnowledgeNote>('/api/v1/spaces/general/notes', {
      method: 'POST',
      as: AUTHOR,
      body: { title: 'Quokkaberry notes', body: 'About quokkaberry, for [@Marco](mention:marco)', tags: ['quokkatag'], reviewBy: '2020-01-02' },
    });
    expect(created.status).toBe(201);
    const note = created.body;
    const readerStream = await openEvents(server, { as: READER });
    const authorStream = await openEvents(server, { as: AUTHOR });
    const ownerStream = await openEvents(server, { as: OWNER });

    const reads = (as: string) => server.json<KnowledgeNote>(`/api/v1/notes/${note.id}`, { as });
    const revisions = (as: string) => server.json(`/api/v1/notes/${note.id}/revisions`, { as });
    const search = async (as: string, query: string) => (await server.json<NoteSearchResult>(`/api/v1/notes?${query}`, { as })).body;
    const found = async (as: string) => {
      const [matched, tagged, listed] = await Promise.all([search(as, 'q=quokkaberry'), search(as, 'tag=quokkatag'), search(as, 'space=general')]);
      return {
        matched: matched.items.some((i) => i.note.id === note.id),
        total: matched.total,
        tagged: tagged.items.some((i) => i.note.id === note.id),
        facet: listed.tags.some((t) => t.tag === 'quokkatag'),
        listed: listed.items.some((i) => i.note.id === note.id),
      };
    };
    const due = async (as: string) => (await server.json<NoteList>('/api/v1/notes/review', { as })).body.items.some((n) => n.id === note.id);
    const notified = async (as: string) => (await server.json<{ items: Notification[] }>('/api/v1/notifications?limit=50', { as })).body.items.some((n) => n.object.id === note.id);

    // Before: everyone who reads the space finds it.
    expect((await reads(READER)).status).toBe(200);
    expect(await found(READER)).toEqual({ matched: true, total: 1, tagged: true, facet: true, listed: true });
    expect(await due(CORRESPONDENT)).toBe(true);
    expect(await notified(READER)).toBe(true);
    expect((await server.json('/api/v1/reports', { method: 'POST', as: READER, body: { targetType: 'note', targetId: note.id, reason: 'off_topic' } })).status).toBe(201);

    expect((await server.json(`/api/v1/moderation/note/${note.id}/hide`, { method: 'POST', as: MEMBER, body: { reason: 'No' } })).status).toBe(403);
    expect((await server.json(`/api/v1/moderation/note/${note.id}/hide`, { method: 'POST', as: OWNER, body: { reason: 'Not about our work' } })).status).toBe(204);
    const expected = { type: 'content.hidden', spaceId: 'general', targetType: 'note', targetId: note.id, postId: null, authorId: AUTHOR };
    for (const stream of [readerStream, authorStream, ownerStream]) {
      expect(JSON.parse((await stream.next((m) => m.event === 'content.hidden' && m.data.includes(note.id), 10_000)).data)).toEqual(expected);
    }

    // Gone for readers, members and correspondents, on every path.
    for (const as of [READER, MEMBER, CORRESPONDENT]) {
      expect((await reads(as)).status, as).toBe(404);
      expect((await revisions(as)).status, as).toBe(404);
      expect(await found(as), as).toEqual({ matched: false, total: 0, tagged: false, facet: false, listed: false });
      expect((await server.json(`/api/v1/notes/${note.id}`, { method: 'PATCH', as, body: { baseRevision: 1, title: 'x' } })).status, as).toBe(404);
    }
    expect(await due(CORRESPONDENT)).toBe(false);
    expect(await notified(READER)).toBe(false);
    // Its owner and the space's owners see it, marked with the reason.
    for (const as of [AUTHOR, OWNER]) {
      const read = await reads(as);
      expect(read.status, as).toBe(200);
      expect(read.body.moderation, as).toMatchObject({ state: 'hidden', reason: 'Not about our work' });
      expect((await revisions(as)).status, as).toBe(200);
      expect(await found(as), as).toEqual({ matched: true, total: 1, tagged: true, facet: true, listed: true });
      expect(await due(as), as).toBe(true);
    }
    expect((await search(AUTHOR, 'q=quokkaberry')).items[0]!.note.moderation).toMatchObject({ state: 'hidden' });
    // In the owners' queue as hidden, its report dealt with.
    expect((await queue()).body.items.find((i) => i.targetId === note.id)).toMatchObject({ targetType: 'note', reports: 0, moderation: { state: 'hidden', reason: 'Not about our work' } });
    // Reporting it again: not found for those who no longer see it.
    expect((await server.json('/api/v1/reports', { method: 'POST', as: READER, body: { targetType: 'note', targetId: note.id, reason: 'spam' } })).status).toBe(404);

    // Restored: back for everyone, live.
    expect((await server.json(`/api/v1/moderation/note/${note.id}/restore`, { method: 'POST', as: OWNER })).status).toBe(204);
    const restored = await readerStream.next((m) => m.event === 'content.restored' && m.data.includes(note.id), 10_000);
    expect(JSON.parse(restored.data)).toEqual({ ...expected, type: 'content.restored' });
    expect((await reads(READER)).body.moderation).toBeUndefined();
    expect(await found(READER)).toEqual({ matched: true, total: 1, tagged: true, facet: true, listed: true });
    expect(await due(CORRESPONDENT)).toBe(true);
    expect(await notified(READER)).toBe(true);
    expect((await queue()).body.items.find((i) => i.targetId === note.id)).toBeUndefined();
    const hides = (await entriesOf(server, 'content.hide')).filter((e) => e.target_id === note.id);
    expect(hides).toMatchObject([{ actor_id: OWNER, target_type: 'note', space_id: 'general' }]);
    expect((await entriesOf(server, 'content.restore')).filter((e) => e.target_id === note.id)).toHaveLength(1);
    for (const stream of [readerStream, authorStream, ownerStream]) stream.close();
  });

  it('holds a post matching the word filter until an owner releases it', async () => {
    expect((await server.json('/api/v1/spaces/general/word-filters', { as: MEMBER })).status).toBe(403);
    const set = await server.json<{ words: string[] }>('/api/v1/spaces/general/word-filters', { method: 'PUT', as: OWNER, body: { words: [' Café  crème ', 'cafe creme', 'bargain'] } });
    expect(set.status).toBe(200);
    expect(set.body.words).toEqual(['Café crème', 'bargain']);
    expect((await server.json('/api/v1/spaces/general/word-filters', { method: 'PUT', as: OWNER, body: { words: ['!!!'] } })).status).toBe(400);

    const readerStream = await openEvents(server, { as: READER });
    const free = await publish(AUTHOR, 'Un bon café');
    expect(free.moderation).toBeUndefined();
    const held = await publish(AUTHOR, 'Un CAFE CREME, svp, mention of [@Marco](mention:marco)');
    expect(held.moderation).toMatchObject({ state: 'held', reason: 'Café crème' });
    expect(await feedHas(READER, held.id)).toBe(false);
    expect(await feedHas(AUTHOR, held.id)).toBe(true);
    // Marco, mentioned, is not told yet.
    expect(await (await server.api('/api/v1/notifications?limit=50', { as: READER })).text()).not.toContain(held.id);
    const item = (await queue()).body.items.find((i) => i.targetId === held.id);
    expect(item).toMatchObject({ reports: 0, moderation: { state: 'held', reason: 'Café crème' } });
    // Owners are not held.
    expect((await publish(OWNER, 'A bargain, says the owner')).moderation).toBeUndefined();

    expect((await server.json(`/api/v1/moderation/post/${held.id}/restore`, { method: 'POST', as: OWNER })).status).toBe(409);
    expect((await server.json(`/api/v1/posts/${held.id}/release`, { method: 'POST', as: MEMBER })).status).toBe(404);
    expect((await server.json(`/api/v1/posts/${held.id}/release`, { method: 'POST', as: OWNER })).status).toBe(204);
    await readerStream.next((m) => m.event === 'post.created' && m.data.includes(held.id), 10_000);
    expect(readerStream.received().some((m) => m.event === 'post.created' && m.data.includes(held.id) && m.data.includes('"moderation"'))).toBe(false);
    expect(await feedHas(READER, held.id)).toBe(true);
    expect(await (await server.api('/api/v1/notifications?limit=50', { as: READER })).text()).toContain(held.id);
    expect((await server.json(`/api/v1/posts/${held.id}/release`, { method: 'POST', as: OWNER })).status).toBe(409);
    readerStream.close();

    for (const action of ['post.held', 'post.released', 'moderation.word_filters']) expect((await entriesOf(server, action)).length, action).toBe(1);
  });

  it('forgets the reports of a post deleted through its own route', async () => {
    const post = await publish(AUTHOR, 'Soon deleted');
    expect((await server.json('/api/v1/reports', { method: 'POST', as: READER, body: { targetType: 'post', targetId: post.id, reason: 'off_topic' } })).status).toBe(201);
    expect((await queue()).body.items.some((i) => i.targetId === post.id)).toBe(true);
    expect((await server.api(`/api/v1/posts/${post.id}`, { method: 'DELETE', as: OWNER })).status).toBe(204);
    expect((await queue()).body.items.some((i) => i.targetId === post.id)).toBe(false);
    expect(await server.db.selectFrom('reports').select('id').where('post_id', '=', post.id).execute()).toEqual([]);
  });
});
