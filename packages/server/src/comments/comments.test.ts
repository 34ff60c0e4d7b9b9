import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, CommentChangedEvent, CommentDeletedEvent, CommentPage, Post, Problem, ReactionSummary } from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, type TestServer } from '../_harness.js';

let server: TestServer;
let postId: string;
beforeAll(async () => {
  server = await startTestServer();
  const { body } = await server.json<Post>('/api/v1/spaces/general/posts', {
    method: 'POST',
    as: 'hannah',
    body: { body: 'Comment on me' },
  });
  postId = body.id;
});
afterAll(() => server.close());

const comment = (as: string, body: string, parentId?: string, post = postId) =>
  server.json<Comment & Problem>(`/api/v1/posts/${post}/comments`, {
    method: 'POST',
    as,
    body: { body, ...(parentId ? { parentId } : {}) },
  });
const list = (as: string, query = '', post = postId) =>
  server.json<CommentPage & Problem>(`/api/v1/posts/${post}/comments${query}`, { as });
const getPost = async (as: string, id = postId) => (await server.json<Post>(`/api/v1/posts/${id}`, { as })).body;

describe('comments', () => {
  it('adds comments and replies, lists them oldest first with rights per viewer', async () => {
    const first = await comment('lukas', 'Guten Morgen');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      postId,
      spaceId: 'general',
      parentId: null,
      author: { id: 'lukas' },
      body: 'Guten Morgen',
      locale: 'de',
      deleted: false,
      canEdit: true,
      canDelete: true,
      reactions: { objectId: first.body.id, counts: { like: 0 }, mine: [] },
    });
    const reply = await comment('priya', 'Morning!', first.body.id);
    expect(reply.status).toBe(201);
    expect(reply.body.parentId).toBe(first.body.id);

    const asOwner = await list('amelie');
    expect(asOwner.body.items.map((c) => c.id)).toEqual([first.body.id, reply.body.id]);
    // The space owner may delete but not edit others' comments.
    expect(asOwner.body.items[0]).toMatchObject({ canEdit: false, canDelete: true });
    const asReader = await list('marco');
    expect(asReader.body.items[0]).toMatchObject({ canEdit: false, canDelete: false });
    expect((await getPost('marco')).commentCount).toBe(2);
  });

  it('pages with a cursor and bounds the limit', async () => {
    const page = await list('amelie', '?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).not.toBeNull();
    const next = await list('amelie', `?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0]!.id).not.toBe(page.body.items[0]!.id);
    expect((await list('amelie', '?limit=101')).status).toBe(400);
    expect((await list('amelie', '?cursor=nonsense')).body.code).toBe('invalid_cursor');
  });

  it('keeps replies one level deep and within the same post', async () => {
    const top = await comment('anna', 'Top');
    const reply = await comment('anna', 'Reply', top.body.id);
    const before = await countRows(server.db, 'comments');
    const deeper = await comment('anna', 'Reply to a reply', reply.body.id);
    expect(deeper.status).toBe(400);
    expect(deeper.body.code).toBe('validation_failed');
    expect(deeper.body.errors?.[0]?.path).toBe('/body/parentId');
    const other = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'anna', body: { body: 'Other' } });
    const elsewhere = await comment('anna', 'Cross-post', top.body.id, other.body.id);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors?.[0]?.path).toBe('/body/parentId');
    expect((await comment('anna', 'Nowhere', 'no-such-comment')).status).toBe(400);
    expect(await countRows(server.db, 'comments')).toBe(before);
  });

  it('refuses readers and non-members of an open space with 403, and hides secret spaces with 404', async () => {
    const before = await countRows(server.db, 'comments');
    const reader = await comment('marco', 'I only read');
    expect(reader.status).toBe(403);
    expect(reader.body.code).toBe('forbidden');
    // priya is not a member of lyon-site (open): she reads and reacts, but does not comment.
    expect((await list('priya', '', 'demo-lyon-site-001')).status).toBe(200);
    expect((await comment('priya', 'Bonjour', undefined, 'demo-lyon-site-001')).status).toBe(403);
    // amelie is not a member of security-watch (secret).
    expect((await list('amelie', '', 'demo-security-watch-001')).status).toBe(404);
    expect((await comment('amelie', 'Hi', undefined, 'demo-security-watch-001')).status).toBe(404);
    expect((await list('amelie', '', 'no-such-post')).body.code).toBe('not_found');
    expect(await countRows(server.db, 'comments')).toBe(before);
  });

  it('hides comments of a secret space from non-members for edit, delete and reactions', async () => {
    const secret = await comment('lukas', 'Nur intern', undefined, 'demo-security-watch-001');
    expect(secret.status).toBe(201);
    const id = secret.body.id;
    const patch = await server.json<Problem>(`/api/v1/comments/${id}`, { method: 'PATCH', as: 'amelie', body: { body: 'x' } });
    expect(patch.status).toBe(404);
    expect((await server.api(`/api/v1/comments/${id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(404);
    expect((await server.api(`/api/v1/objects/${id}/reactions/like`, { method: 'PUT', as: 'amelie' })).status).toBe(404);
    expect((await server.api(`/api/v1/objects/${id}/reactions`, { as: 'amelie' })).status).toBe(404);
    // Members react to it.
    const liked = await server.json<ReactionSummary>(`/api/v1/objects/${id}/reactions/like`, { method: 'PUT', as: 'oliver' });
    expect(liked.body).toMatchObject({ objectId: id, counts: { like: 1 }, mine: ['like'] });
  });

  it('lets only the author edit, and the author or a space owner delete', async () => {
    const own = await comment('thomas', 'Première version');
    const id = own.body.id;
    const byOther = await server.json<Problem>(`/api/v1/comments/${id}`, { method: 'PATCH', as: 'amelie', body: { body: 'Non' } });
    expect(byOther.status).toBe(403);
    const edited = await server.json<Comment>(`/api/v1/comments/${id}`, { method: 'PATCH', as: 'thomas', body: { body: 'Version corrigée' } });
    expect(edited.status).toBe(200);
    expect(edited.body.body).toBe('Version corrigée');
    expect(edited.body.editedAt).toBeDefined();
    expect((await server.json(`/api/v1/comments/${id}`, { method: 'PATCH', as: 'thomas', body: { body: '' } })).status).toBe(400);

    expect((await server.api(`/api/v1/comments/${id}`, { method: 'DELETE', as: 'anna' })).status).toBe(403);
    const countBefore = (await getPost('amelie')).commentCount;
    // amelie owns general.
    expect((await server.api(`/api/v1/comments/${id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(204);
    expect((await getPost('amelie')).commentCount).toBe(countBefore - 1);
    expect((await list('amelie')).body.items.some((c) => c.id === id)).toBe(false);
    expect((await server.api(`/api/v1/comments/${id}`, { method: 'DELETE', as: 'thomas' })).status).toBe(404);
  });

  it('keeps a deleted comment with replies as a placeholder, and drops it with its last reply', async () => {
    const top = await comment('sophie', 'Frage an alle');
    const reply = await comment('oliver', 'Answer', top.body.id);
    await server.api(`/api/v1/objects/${top.body.id}/reactions/like`, { method: 'PUT', as: 'anna' });
    const countBefore = (await getPost('amelie')).commentCount;
    expect((await server.api(`/api/v1/comments/${top.body.id}`, { method: 'DELETE', as: 'sophie' })).status).toBe(204);
    const items = (await list('sophie')).body.items;
    const placeholder = items.find((c) => c.id === top.body.id);
    expect(placeholder).toMatchObject({ deleted: true, body: '', canEdit: false, canDelete: false });
    expect(items.find((c) => c.id === reply.body.id)).toMatchObject({ parentId: top.body.id, deleted: false });
    expect((await getPost('amelie')).commentCount).toBe(countBefore - 1);
    // Editing or replying to a placeholder is refused.
    expect((await server.api(`/api/v1/comments/${top.body.id}`, { method: 'PATCH', as: 'sophie', body: { body: 'x' } })).status).toBe(404);
    expect((await comment('anna', 'Late reply', top.body.id)).status).toBe(400);

    expect((await server.api(`/api/v1/comments/${reply.body.id}`, { method: 'DELETE', as: 'oliver' })).status).toBe(204);
    const after = (await list('sophie')).body.items;
    expect(after.some((c) => c.id === top.body.id || c.id === reply.body.id)).toBe(false);
    expect((await getPost('amelie')).commentCount).toBe(countBefore - 2);
  });

  it('takes reactions like posts, and the feed carries the real comment count', async () => {
    const c = await comment('camille', 'Bravo');
    const liked = await server.json<ReactionSummary>(`/api/v1/objects/${c.body.id}/reactions/celebrate`, { method: 'PUT', as: 'marco' });
    expect(liked.status).toBe(200);
    expect(liked.body).toMatchObject({ objectId: c.body.id, counts: { celebrate: 1 }, mine: ['celebrate'] });
    const seen = (await list('marco')).body.items.find((x) => x.id === c.body.id)!;
    expect(seen.reactions).toMatchObject({ counts: { celebrate: 1 }, mine: ['celebrate'] });
    const feed = await server.json<{ items: Post[] }>('/api/v1/spaces/general/feed', { as: 'amelie' });
    const inFeed = feed.body.items.find((p) => p.id === postId)!;
    expect(inFeed.commentCount).toBe((await getPost('amelie')).commentCount);
    expect(inFeed.commentCount).toBeGreaterThan(0);
  });
});

describe('comment live events', () => {
  it('sends comment.created/updated/deleted per viewer with the new count, replays them, and spares non-members', async () => {
    const author = await openEvents(server, { as: 'oliver' });
    const owner = await openEvents(server, { as: 'julien' });
    const outsider = await openEvents(server, { as: 'amelie' });
    const created = await comment('oliver', 'Live secret', undefined, 'demo-security-watch-001');
    const mine = JSON.parse((await author.next((m) => m.event === 'comment.created')).data) as CommentChangedEvent;
    expect(mine).toMatchObject({
      type: 'comment.created',
      spaceId: 'security-watch',
      postId: 'demo-security-watch-001',
      comment: { id: created.body.id, canEdit: true, canDelete: true },
    });
    const base = mine.commentCount;
    expect(base).toBeGreaterThan(0);
    const theirs = JSON.parse((await owner.next((m) => m.event === 'comment.created')).data) as CommentChangedEvent;
    expect(theirs.comment).toMatchObject({ canEdit: false, canDelete: true });

    await server.api(`/api/v1/objects/${created.body.id}/reactions/like`, { method: 'PUT', as: 'julien' });
    await server.json(`/api/v1/comments/${created.body.id}`, { method: 'PATCH', as: 'oliver', body: { body: 'Edited live' } });
    const updated = await owner.next((m) => m.event === 'comment.updated');
    const updatedData = JSON.parse(updated.data) as CommentChangedEvent;
    expect(updatedData.comment).toMatchObject({ body: 'Edited live', reactions: { mine: ['like'] } });
    expect(updatedData.commentCount).toBe(base);
    const authorUpdate = JSON.parse((await author.next((m) => m.event === 'comment.updated')).data) as CommentChangedEvent;
    expect(authorUpdate.comment.reactions.mine).toEqual([]);

    await server.api(`/api/v1/comments/${created.body.id}`, { method: 'DELETE', as: 'julien' });
    const deleted = JSON.parse((await author.next((m) => m.event === 'comment.deleted')).data) as CommentDeletedEvent;
    expect(deleted).toEqual({
      type: 'comment.deleted',
      spaceId: 'security-watch',
      postId: 'demo-security-watch-001',
      commentId: created.body.id,
      commentCount: base - 1,
    });
    await outsider.expectNone(300, (m) => m.event.startsWith('comment.'));

    // Replay after Last-Event-ID, shaped for the viewer.
    const replay = await openEvents(server, { as: 'oliver', headers: { 'last-event-id': '0' } });
    const replayed = JSON.parse((await replay.next((m) => m.event === 'comment.created' && m.data.includes(created.body.id))).data) as CommentChangedEvent;
    expect(replayed.comment.canEdit).toBe(true);
    const outsiderReplay = await openEvents(server, { as: 'amelie', headers: { 'last-event-id': '0' } });
    await outsiderReplay.expectNone(300, (m) => m.event.startsWith('comment.') && m.data.includes('security-watch'));
    for (const s of [author, owner, outsider, replay, outsiderReplay]) s.close();
  });
});
