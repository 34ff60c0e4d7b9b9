import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Me, Poll, Post, Problem, Space, SpaceCapabilities } from '@ecotone/protocol';
import { openEvents, startTestServer, until, type TestServer } from '../_harness.js';
import { startFixtureSite, type FixtureSite } from '../_fixture-site.js';
import { egressProbe } from '../_egress-probe.js';
import { auditEntries } from '../audit/audit-log.js';

let site: FixtureSite;
let server: TestServer;
beforeAll(async () => {
  site = await startFixtureSite();
  const probe = egressProbe();
  server = await startTestServer({
    egress: { mode: 'allowlist', allow: ['127.0.0.1/32'], resolver: probe.resolver, socketFactory: probe.socketFactory },
  });
});
afterAll(async () => {
  await server.close();
  await site.close();
});

const ALL: SpaceCapabilities = { reactions: true, comments: true, polls: true, previews: true, attachments: true, translations: true, announcements: true };

const change = (space: string, body: unknown, as = 'amelie') =>
  server.json<Space & Problem>(`/api/v1/spaces/${space}/capabilities`, { method: 'PUT', body, as });
const publish = (space: string, body: Record<string, unknown>, as = 'amelie') =>
  server.json<Post & Problem>(`/api/v1/spaces/${space}/posts`, { method: 'POST', body: { body: 'Hello', ...body }, as });

describe('space capabilities', () => {
  it('are all on for existing spaces, on Space and on Me', async () => {
    const { body } = await server.json<Space>('/api/v1/spaces/lyon-site', { as: 'amelie' });
    expect(body.capabilities).toEqual(ALL);
    const me = await server.json<Me>('/api/v1/me', { as: 'julien' });
    expect(me.body.memberships.find((m) => m.spaceId === 'security-watch')?.capabilities).toEqual(ALL);
  });

  it('are switched by owners only: 403 for members, 404 where the space is unseen, 400 for an unknown kind', async () => {
    expect((await change('general', { comments: false }, 'marco')).body.code).toBe('forbidden');
    expect((await change('security-watch', { comments: false }, 'amelie')).status).toBe(404);
    const unknown = await change('general', { reactionKinds: ['like', 'nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: '/body/reactionKinds/1', message: 'is not a reaction kind of this server' }]);
    expect((await change('general', { comments: 'no' })).status).toBe(400);
  });

  it('tell open pages (space.capabilities), reach Me, and leave an audit entry naming who changed what', async () => {
    const stream = await openEvents(server, { as: 'marco' });
    const { status, body } = await change('basel-site', { polls: false, reactionKinds: ['like', 'celebrate'] }, 'lukas');
    expect(status).toBe(200);
    expect(body.capabilities).toEqual({ ...ALL, polls: false, reactionKinds: ['like', 'celebrate'] });
    const event = await stream.next((m) => m.event === 'space.capabilities', 10_000);
    expect(JSON.parse(event.data)).toEqual({ type: 'space.capabilities', spaceId: 'basel-site', capabilities: body.capabilities });
    stream.close();
    const me = await server.json<Me>('/api/v1/me', { as: 'anna' });
    expect(me.body.memberships.find((m) => m.spaceId === 'basel-site')?.capabilities).toEqual(body.capabilities);
    const entries = [];
    for await (const entry of auditEntries(server.db)) if (entry.action === 'space.capabilities') entries.push(entry);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: 'lukas', target_type: 'space', target_id: 'basel-site', space_id: 'basel-site' });
    expect(JSON.parse(entries[0]!.detail)).toEqual({ changed: { polls: false, reactionKinds: ['like', 'celebrate'] } });
    // The same again changes nothing and records nothing.
    await change('basel-site', { polls: false }, 'lukas');
    let count = 0;
    for await (const entry of auditEntries(server.db)) if (entry.action === 'space.capabilities') count += 1;
    expect(count).toBe(1);
    // null offers every kind again.
    expect((await change('basel-site', { polls: true, reactionKinds: null }, 'lukas')).body.capabilities).toEqual(ALL);
  });

  it('refuse every write a space does not offer with capability_disabled, and keep existing content readable', async () => {
    const space = 'general';
    const before = await publish(space, { body: 'Existing', kind: 'announcement', variants: [{ locale: 'de', body: 'Vorhanden' }] });
    expect(before.status).toBe(201);
    const comment = await server.json<Comment>(`/api/v1/posts/${before.body.id}/comments`, { method: 'POST', body: { body: 'First' }, as: 'amelie' });
    expect(comment.status).toBe(201);
    await change(space, { reactions: true, reactionKinds: ['like'], comments: false, polls: false, attachments: false, translations: false, announcements: false });

    const refused = async (res: Promise<{ status: number; body: Problem }>) => {
      const { status, body } = await res;
      expect(body.code).toBe('capability_disabled');
      expect(status).toBe(403);
    };
    const draft = { question: 'Lunch?', mode: 'single', options: ['Yes', 'No'] };
    await refused(publish(space, { polls: [draft] }));
    await refused(publish(space, { kind: 'announcement' }));
    await refused(publish(space, { variants: [{ locale: 'de', body: 'Hallo' }] }));
    await refused(publish(space, { attachments: [{ file: 'some-file' }] }));
    await refused(server.json<Poll & Problem>(`/api/v1/spaces/${space}/polls`, { method: 'POST', body: draft, as: 'amelie' }));
    await refused(server.json(`/api/v1/posts/${before.body.id}/comments`, { method: 'POST', body: { body: 'Second' }, as: 'amelie' }));
    await refused(server.json(`/api/v1/objects/${before.body.id}/reactions/celebrate`, { method: 'PUT', as: 'marco' }));
    await refused(server.json(`/api/v1/posts/${before.body.id}`, { method: 'PATCH', body: { variants: [{ locale: 'fr', body: 'Bonjour' }] }, as: 'amelie' }));
    await refused(server.json(`/api/v1/posts/${before.body.id}`, { method: 'PATCH', body: { attach: [{ file: 'some-file' }] }, as: 'amelie' }));
    await refused(server.json(`/api/v1/posts/${before.body.id}/translations`, { method: 'POST', body: { locale: 'fr' }, as: 'marco' }));
    await refused(server.json(`/api/v1/posts/${before.body.id}/pin`, { method: 'PUT', body: {}, as: 'amelie' }));

    // What the space offers still works, and what exists stays as it was.
    expect((await server.json(`/api/v1/objects/${before.body.id}/reactions/like`, { method: 'PUT', as: 'marco' })).status).toBe(200);
    expect((await publish(space, { body: 'Plain' })).status).toBe(201);
    const edited = await server.json<Post>(`/api/v1/posts/${before.body.id}`, { method: 'PATCH', body: { body: 'Existing, edited', variants: [] }, as: 'amelie' });
    expect(edited.status).toBe(200);
    const read = await server.json<Post>(`/api/v1/posts/${before.body.id}`, { as: 'marco' });
    expect(read.body).toMatchObject({ kind: 'announcement', commentCount: 1 });
    const comments = await server.json<{ items: Comment[] }>(`/api/v1/posts/${before.body.id}/comments`, { as: 'marco' });
    expect(comments.body.items.map((c) => c.body)).toEqual(['First']);
    await change(space, { ...ALL, reactionKinds: null });
    expect((await server.json(`/api/v1/objects/${before.body.id}/reactions/celebrate`, { method: 'PUT', as: 'marco' })).status).toBe(200);
  });

  it('fetch no link preview for a space without previews, and the preview route refuses for it', async () => {
    await change('lyon-site', { previews: false }, 'amelie');
    const refused = await server.json<Problem>('/api/v1/previews', { method: 'POST', body: { url: `${site.origin}/og`, spaceId: 'lyon-site' }, as: 'julien' });
    expect(refused.body.code).toBe('capability_disabled');
    expect((await server.json<Problem>('/api/v1/previews', { method: 'POST', body: { url: `${site.origin}/og`, spaceId: 'security-watch' }, as: 'amelie' })).status).toBe(404);
    site.reset();
    const quiet = await publish('lyon-site', { body: `Look ${site.origin}/og` }, 'amelie');
    expect(quiet.status).toBe(201);
    // A post in a space with previews, published after it, does get one; the quiet one's link was never asked for.
    const loud = await publish('general', { body: `Look ${site.origin}/og-gzip` }, 'amelie');
    await until(async () => (await server.json<Post>(`/api/v1/posts/${loud.body.id}`, { as: 'amelie' })).body.linkPreview !== undefined, 'the preview of a post in a space with previews');
    expect(site.hits('/og')).toBe(0);
    expect((await server.json<Post>(`/api/v1/posts/${quiet.body.id}`, { as: 'julien' })).body.linkPreview).toBeUndefined();
  });
});
