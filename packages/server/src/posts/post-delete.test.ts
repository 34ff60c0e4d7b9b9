import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, KnowledgeNote, Post, PostSearchResult, Problem } from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, type TestServer } from '../_harness.js';

describe('DELETE /posts/:post', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const publish = async (as: string, body: Record<string, unknown>) => {
    const res = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as, body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const rowsOf = async (postId: string) => ({
    posts: (await server.db.selectFrom('posts').select('id').where('id', '=', postId).execute()).length,
    polls: (await server.db.selectFrom('polls').select('id').where('post_id', '=', postId).execute()).length,
    comments: (await server.db.selectFrom('comments').select('id').where('post_id', '=', postId).execute()).length,
    acks: (await server.db.selectFrom('post_acks').select('actor_id').where('post_id', '=', postId).execute()).length,
    texts: (await server.db.selectFrom('post_texts').select('seq').where('post_id', '=', postId).execute()).length,
    events: (await server.db.selectFrom('events').select('id').where('post_id', '=', postId).execute()).length,
  });

  it('lets its author delete it with everything attached; notes promoted from it stay without the link', async () => {
    const post = await publish('hannah', {
      body: 'Wombatfestival in the atrium on Friday',
      kind: 'announcement',
      requireAcknowledgement: true,
      polls: [{ question: 'Coming?', mode: 'single', options: ['Yes', 'No'] }],
    });
    const comment = await server.json<Comment>(`/api/v1/posts/${post.id}/comments`, { method: 'POST', as: 'thomas', body: { body: 'Count me in' } });
    await server.json(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as: 'thomas' });
    await server.json(`/api/v1/objects/${comment.body.id}/reactions/like`, { method: 'PUT', as: 'camille' });
    await server.json(`/api/v1/polls/${post.polls![0]!.id}/ballot`, { method: 'PUT', as: 'thomas', body: { choices: [post.polls![0]!.options[0]!.id] } });
    await server.json(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'marco' });
    const note = await server.json<KnowledgeNote>(`/api/v1/posts/${post.id}/promote`, { method: 'POST', as: 'hannah', body: {} });
    expect(note.status).toBe(201);
    expect(note.body.promotedFrom).toBe(post.id);
    expect(await rowsOf(post.id)).toMatchObject({ posts: 1, polls: 1, comments: 1, acks: 1, texts: 1 });
    const reactionsBefore = await countRows(server.db, 'reactions');
    const ballotsBefore = await countRows(server.db, 'ballots');

    const reader = await openEvents(server, { as: 'marco' });
    const res = await server.api(`/api/v1/posts/${post.id}`, { method: 'DELETE', as: 'hannah' });
    expect(res.status).toBe(204);
    const event = await reader.next((m) => m.event === 'post.deleted');
    expect(JSON.parse(event.data)).toEqual({ type: 'post.deleted', spaceId: 'general', postId: post.id });
    reader.close();

    // Only the post.deleted event stays about it in the replay window.
    expect(await rowsOf(post.id)).toEqual({ posts: 0, polls: 0, comments: 0, acks: 0, texts: 0, events: 1 });
    expect(await countRows(server.db, 'reactions')).toBe(reactionsBefore - 2);
    expect(await countRows(server.db, 'ballots')).toBe(ballotsBefore - 1);
    expect((await server.json(`/api/v1/posts/${post.id}`, { as: 'hannah' })).status).toBe(404);
    const search = await server.json<PostSearchResult>('/api/v1/posts/search?q=Wombatfestival', { as: 'hannah' });
    expect(search.body.total).toBe(0);
    const kept = await server.json<KnowledgeNote>(`/api/v1/notes/${note.body.id}`, { as: 'thomas' });
    expect(kept.status).toBe(200);
    expect(kept.body.body).toBe('Wombatfestival in the atrium on Friday');
    expect(kept.body.promotedFrom).toBeNull();
    // Again: it is gone.
    expect((await server.api(`/api/v1/posts/${post.id}`, { method: 'DELETE', as: 'hannah' })).status).toBe(404);
  });

  it('lets an owner of the space delete anyone’s post, and refuses other readers (403) and outsiders of a secret space (404)', async () => {
    const post = await publish('thomas', { body: 'An off-topic post' });
    for (const as of ['hannah', 'camille', 'marco']) {
      const refused = await server.json<Problem>(`/api/v1/posts/${post.id}`, { method: 'DELETE', as });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
    }
    expect((await server.api(`/api/v1/posts/${post.id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(204);

    const secret = await server.json<Post>('/api/v1/spaces/security-watch/posts', { method: 'POST', as: 'lukas', body: { body: 'Nur intern' } });
    const hidden = await server.json<Problem>(`/api/v1/posts/${secret.body.id}`, { method: 'DELETE', as: 'amelie' });
    expect(hidden.status).toBe(404);
    expect((await server.json(`/api/v1/posts/${secret.body.id}`, { as: 'lukas' })).status).toBe(200);
  });
});
