/**
 * Moving a post to another space (POST /posts/:post/move) and quoting one
 * (PublishRequest.quote): what goes with a moved post, who hears of it, who
 * may move, and what live events carry of a quote. Classification labels:
 * policy/classification.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Post, Problem } from '@ecotone/protocol';
import { openEvents, startTestServer, type TestServer } from '../_harness.js';
import { insertSpace } from '../spaces/space-repository.js';
import { auditEntries } from '../audit/audit-log.js';

describe('moving and quoting posts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false });
    // A private space amelie owns, where camille is a member and thomas is not.
    await insertSpace(server.db, { id: 'move-target', name: 'Move target', description: '', visibility: 'private', site: null, locale: 'en', created_at: new Date().toISOString(), label: null });
    await server.db.insertInto('memberships').values([
      { space_id: 'move-target', actor_id: 'amelie', role: 'owner', created_at: new Date().toISOString() },
      { space_id: 'move-target', actor_id: 'camille', role: 'member', created_at: new Date().toISOString() },
    ]).execute();
  });
  afterAll(() => server?.close());

  it('moves a post with its comments, reactions and poll; the old space hears of its removal, the new one of its arrival', async () => {
    const published = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Capybara visit on Friday', polls: [{ question: 'Coming?', mode: 'single', options: ['Yes', 'No'] }] },
    });
    expect(published.status).toBe(201);
    const post = published.body;
    const comment = await server.json<Comment>(`/api/v1/posts/${post.id}/comments`, { method: 'POST', as: 'camille', body: { body: 'Count me in' } });
    expect(comment.status).toBe(201);
    await server.json(`/api/v1/objects/${post.id}/reactions/like`, { method: 'PUT', as: 'camille' });
    await server.json(`/api/v1/polls/${post.polls![0]!.id}/ballot`, { method: 'PUT', as: 'camille', body: { choices: [post.polls![0]!.options[0]!.id] } });

    // Its author, a correspondent of general, may not move it; nor may anyone into a space where they cannot publish.
    const byAuthor = await server.json<Problem>(`/api/v1/posts/${post.id}/move`, { method: 'POST', as: 'hannah', body: { spaceId: 'announcements' } });
    expect([byAuthor.status, byAuthor.body.code]).toEqual([403, 'forbidden']);
    const same = await server.json<Problem>(`/api/v1/posts/${post.id}/move`, { method: 'POST', as: 'amelie', body: { spaceId: 'general' } });
    expect([same.status, same.body.code]).toEqual([400, 'validation_failed']);
    const unknown = await server.json<Problem>(`/api/v1/posts/${post.id}/move`, { method: 'POST', as: 'amelie', body: { spaceId: 'no-such-space' } });
    expect(unknown.status).toBe(404);

    const thomas = await openEvents(server, { as: 'thomas' });
    const camille = await openEvents(server, { as: 'camille' });
    const moved = await server.json<Post>(`/api/v1/posts/${post.id}/move`, { method: 'POST', as: 'amelie', body: { spaceId: 'move-target' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: post.id, spaceId: 'move-target', author: { id: 'hannah' }, commentCount: 1 });
    expect(moved.body.reactions.counts['like']).toBe(1);
    expect(moved.body.polls?.[0]?.id).toBe(post.polls![0]!.id);

    // thomas reads general only: the post leaves his feed. camille reads both: it leaves one and arrives in the other.
    const removal = await thomas.next((m) => m.event === 'post.deleted' && m.data.includes(post.id), 10_000);
    expect(JSON.parse(removal.data)).toMatchObject({ spaceId: 'general', postId: post.id });
    await camille.next((m) => m.event === 'post.deleted' && m.data.includes(post.id), 10_000);
    const arrival = await camille.next((m) => m.event === 'post.created' && m.data.includes(post.id), 10_000);
    expect(JSON.parse(arrival.data)).toMatchObject({ spaceId: 'move-target', post: { id: post.id, spaceId: 'move-target' } });
    await thomas.expectNone(300, (m) => m.event === 'post.created' && m.data.includes(post.id));
    thomas.close();
    camille.close();

    // Read where it is now, by those who may; its comment follows it.
    expect((await server.json(`/api/v1/posts/${post.id}`, { as: 'thomas' })).status).toBe(404);
    expect((await server.json(`/api/v1/comments/${comment.body.id}`, { method: 'PATCH', as: 'thomas', body: { body: 'x' } })).status).toBe(404);
    const comments = await server.json<{ items: Comment[] }>(`/api/v1/posts/${post.id}/comments`, { as: 'camille' });
    expect(comments.body.items.map((c) => c.id)).toEqual([comment.body.id]);
    const feed = await server.json<{ items: Post[] }>('/api/v1/spaces/move-target/feed', { as: 'camille' });
    expect(feed.body.items.map((p) => p.id)).toContain(post.id);

    const entries = [];
    for await (const row of auditEntries(server.db)) if (row.action === 'post.move') entries.push(row);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: 'amelie', target_id: post.id, space_id: 'move-target' });
    expect(JSON.parse(entries[0]!.detail)).toEqual({ fromSpaceId: 'general', toSpaceId: 'move-target', authorId: 'hannah' });
  });

  it('sends a quote live with the id of the quoted post only, and answers its author with the summary', async () => {
    const original = await server.json<Post>('/api/v1/spaces/move-target/posts', { method: 'POST', as: 'amelie', body: { body: 'Quarterly tapir census' } });
    const stream = await openEvents(server, { as: 'thomas' });
    const quoting = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'amelie', body: { body: 'See this', quote: original.body.id } });
    expect(quoting.status).toBe(201);
    expect(quoting.body.quoted).toMatchObject({ id: original.body.id, spaceId: 'move-target', excerpt: 'Quarterly tapir census' });
    const created = await stream.next((m) => m.event === 'post.created' && m.data.includes(quoting.body.id), 10_000);
    stream.close();
    expect((JSON.parse(created.data) as { post: Post }).post.quoted).toEqual({ id: original.body.id });
    expect(created.data).not.toContain('tapir');
    // thomas may not read the private space: his read says unavailable; camille's gives the summary.
    expect((await server.json<Post>(`/api/v1/posts/${quoting.body.id}`, { as: 'thomas' })).body.quoted).toEqual({ id: original.body.id, unavailable: true });
    expect((await server.json<Post>(`/api/v1/posts/${quoting.body.id}`, { as: 'camille' })).body.quoted).toMatchObject({ excerpt: 'Quarterly tapir census' });
    // The audit entry names the quoted post (no labels on this server).
    let detail: Record<string, unknown> | undefined;
    for await (const row of auditEntries(server.db)) if (row.action === 'post.publish' && row.target_id === quoting.body.id) detail = JSON.parse(row.detail) as Record<string, unknown>;
    expect(detail).toEqual({ kind: 'note', quoteOf: original.body.id, quotedSpaceId: 'move-target' });
  });
});
