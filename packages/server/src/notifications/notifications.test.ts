import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, KnowledgeNote, Notification, NotificationPage, NotificationPreferences, Poll, Post, Problem, UnreadCount } from '@ecotone/protocol';
import { openEvents, startTestServer, TEST_NOW, type TestServer } from '../_harness.js';
import { FANOUT_BATCH } from './notifier.js';

describe('mentions and notifications', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false });
  });
  afterAll(() => server.close());

  const publish = async (as: string, body: Record<string, unknown>, space = 'general') => {
    const res = await server.json<Post>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const comment = async (as: string, postId: string, body: Record<string, unknown>) => {
    const res = await server.json<Comment>(`/api/v1/posts/${postId}/comments`, { method: 'POST', as, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const inbox = async (as: string, query = '') => {
    const res = await server.json<NotificationPage>(`/api/v1/notifications${query}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const unread = async (as: string) => (await server.json<UnreadCount>('/api/v1/notifications/unread', { as })).body;
  const find = (page: NotificationPage, kind: string, objectId: string): Notification | undefined =>
    page.items.find((n) => n.kind === kind && n.object.id === objectId);

  it('records a mention in a post, carries it on the post, and refuses people who cannot read the space', async () => {
    const post = await publish('hannah', { body: 'Thanks [@Thomas](mention:thomas) for the figures' });
    expect(post.mentions?.map((a) => a.id)).toEqual(['thomas']);
    expect((await server.json<Post>(`/api/v1/posts/${post.id}`, { as: 'marco' })).body.mentions?.[0]?.displayName).toBeTruthy();
    const mention = find(await inbox('thomas'), 'mention', post.id);
    expect(mention).toMatchObject({ actors: [{ id: 'hannah' }], actorCount: 1, read: false, object: { type: 'post', spaceId: 'general', excerpt: 'Thanks @Thomas for the figures' } });

    for (const who of ['nobody-here', 'julien']) {
      // julien exists but is not a member of the private rnd-oncology space.
      const refused = await server.json<Problem>('/api/v1/spaces/rnd-oncology/posts', {
        method: 'POST',
        as: 'priya',
        body: { body: `Hi [@X](mention:${who})` },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('mention_not_allowed');
      expect(JSON.stringify(refused.body.errors)).toContain(who);
    }
  });

  it('notifies the post author of comments, grouped while unread, and a comment author of replies', async () => {
    const post = await publish('hannah', { body: 'Canteen menu feedback, please' });
    await comment('thomas', post.id, { body: 'More soup' });
    const first = await comment('anna', post.id, { body: 'Less salt' });
    await comment('thomas', post.id, { body: 'And bread' });
    const grouped = find(await inbox('hannah'), 'comment', post.id);
    // Thomas counted once; the latest first.
    expect(grouped).toMatchObject({ actorCount: 2, read: false });
    expect(grouped!.actors.map((a) => a.id)).toEqual(['thomas', 'anna']);
    expect((await inbox('hannah')).items.filter((n) => n.kind === 'comment' && n.object.id === post.id)).toHaveLength(1);

    await comment('lukas', post.id, { body: 'Agreed', parentId: first.id });
    expect(find(await inbox('anna'), 'reply', first.id)).toMatchObject({ actors: [{ id: 'lukas' }], object: { type: 'comment', postId: post.id } });
    // Nobody hears of their own action.
    expect(find(await inbox('thomas'), 'comment', post.id)).toBeUndefined();

    // Once read, the next comment starts a new notification.
    const read = await server.api(`/api/v1/notifications/${grouped!.id}/read`, { method: 'POST', as: 'hannah' });
    expect(read.status).toBe(204);
    await comment('camille', post.id, { body: 'Yes' });
    const items = (await inbox('hannah')).items.filter((n) => n.kind === 'comment' && n.object.id === post.id);
    // The reply was a comment on her post too: thomas, anna, lukas.
    expect(items.map((n) => [n.read, n.actorCount])).toEqual([
      [false, 1],
      [true, 3],
    ]);
  });

  it('marks read one or all, idempotently, and tells every stream of the person', async () => {
    const post = await publish('hannah', { body: 'Ping [@Camille](mention:camille)' });
    const mine = await openEvents(server, { as: 'camille' });
    const other = await openEvents(server, { as: 'thomas' });
    const n = find(await inbox('camille'), 'mention', post.id)!;
    const before = await unread('camille');
    expect((await server.api(`/api/v1/notifications/${n.id}/read`, { method: 'POST', as: 'camille' })).status).toBe(204);
    const event = await mine.next((m) => m.event === 'notification.read', 10_000);
    expect(JSON.parse(event.data)).toEqual({ type: 'notification.read', ids: [n.id], unread: { unread: before.unread - 1, more: false } });
    // Again: nothing changes, nothing is sent; someone else's id is not found.
    expect((await server.api(`/api/v1/notifications/${n.id}/read`, { method: 'POST', as: 'camille' })).status).toBe(204);
    expect((await server.api(`/api/v1/notifications/${n.id}/read`, { method: 'POST', as: 'thomas' })).status).toBe(404);
    expect((await server.api('/api/v1/notifications/not-a-number/read', { method: 'POST', as: 'camille' })).status).toBe(404);
    await publish('hannah', { body: 'Ping again [@Camille](mention:camille)' });
    await mine.next((m) => m.event === 'notification.created', 10_000);
    expect((await server.api('/api/v1/notifications/read-all', { method: 'POST', as: 'camille' })).status).toBe(204);
    const all = await mine.next((m) => m.event === 'notification.read', 10_000);
    expect(JSON.parse(all.data)).toMatchObject({ ids: 'all', unread: { unread: 0 } });
    expect(await unread('camille')).toEqual({ unread: 0, more: false });
    await other.expectNone(300, (m) => m.event.startsWith('notification.'));
    mine.close();
    other.close();
  });

  it('sends notification.created to that person only, with their count, whatever spaces the stream is narrowed to', async () => {
    const mine = await openEvents(server, { as: 'priya', query: '?spaces=rnd-oncology' });
    const other = await openEvents(server, { as: 'oliver' });
    const post = await publish('hannah', { body: 'Lab tour with [@Priya](mention:priya)' });
    const event = await mine.next((m) => m.event === 'notification.created', 10_000);
    const data = JSON.parse(event.data) as { notification: Notification; unread: UnreadCount };
    expect(data.notification).toMatchObject({ kind: 'mention', object: { id: post.id, spaceName: expect.any(String) as string } });
    expect(data.unread).toEqual(await unread('priya'));
    await other.expectNone(300, (m) => m.event === 'notification.created' && m.data.includes(post.id));
    mine.close();
    other.close();
  });

  it('asks every member to confirm an announcement, one event for all, each getting their own', async () => {
    const thomas = await openEvents(server, { as: 'thomas' });
    const post = await publish('hannah', { body: 'Fire drill on **Friday**', kind: 'announcement', requireAcknowledgement: true });
    const event = await thomas.next((m) => m.event === 'notification.created' && m.data.includes(post.id), 10_000);
    const own = JSON.parse(event.data) as { notification: Notification; unread: UnreadCount };
    expect(own.notification).toMatchObject({ kind: 'ack_request', actors: [{ id: 'hannah' }], object: { excerpt: 'Fire drill on Friday' } });
    expect(own.notification.id).not.toBe('0');
    expect(find(await inbox('thomas'), 'ack_request', post.id)?.id).toBe(own.notification.id);
    expect(find(await inbox('hannah'), 'ack_request', post.id)).toBeUndefined();
    thomas.close();
  });

  it('honours preferences and muted spaces (mentions still come through a mute)', async () => {
    const prefs = await server.json<NotificationPreferences>('/api/v1/me/notification-preferences', { as: 'oliver' });
    expect(prefs.body).toEqual({ kinds: ['mention', 'comment', 'reply', 'ack_request', 'ack_reminder'], mutedSpaces: [] });
    const saved = await server.json<NotificationPreferences>('/api/v1/me/notification-preferences', {
      method: 'PUT',
      as: 'oliver',
      body: { kinds: ['reply', 'mention', 'comment'], mutedSpaces: ['general'] },
    });
    expect(saved.body).toEqual({ kinds: ['mention', 'comment', 'reply'], mutedSpaces: ['general'] });
    const post = await publish('oliver', { body: 'Muted here' });
    await comment('thomas', post.id, { body: 'Hello' });
    expect(find(await inbox('oliver'), 'comment', post.id)).toBeUndefined();
    const mention = await publish('hannah', { body: 'But [@Oliver](mention:oliver) hears this' });
    expect(find(await inbox('oliver'), 'mention', mention.id)).toBeDefined();
    const bad = await server.json<Problem>('/api/v1/me/notification-preferences', { method: 'PUT', as: 'oliver', body: { kinds: ['shouting'], mutedSpaces: [] } });
    expect(bad.status).toBe(400);
  });

  it('re-checks at read: nothing about a space the person left or a post deleted since', async () => {
    const post = await publish('priya', { body: 'Study results for [@Camille](mention:camille)' }, 'rnd-oncology');
    expect(find(await inbox('camille'), 'mention', post.id)).toBeDefined();
    const counted = (await unread('camille')).unread;
    expect((await server.api('/api/v1/spaces/rnd-oncology/members/camille', { method: 'DELETE', as: 'camille' })).status).toBe(204);
    expect(find(await inbox('camille'), 'mention', post.id)).toBeUndefined();
    expect((await unread('camille')).unread).toBe(counted - 1);

    const gone = await publish('hannah', { body: 'Soon gone, [@Camille](mention:camille)' });
    expect(find(await inbox('camille'), 'mention', gone.id)).toBeDefined();
    expect((await server.api(`/api/v1/posts/${gone.id}`, { method: 'DELETE', as: 'hannah' })).status).toBe(204);
    expect(find(await inbox('camille'), 'mention', gone.id)).toBeUndefined();
    expect(await server.db.selectFrom('notifications').select('id').where('post_id', '=', gone.id).execute()).toEqual([]);
  });

  it('lets an edit keep a mention of someone who left the space since, but not add one', async () => {
    const post = await publish('priya', { body: 'Data from [@Oliver](mention:oliver)' }, 'rnd-oncology');
    expect((await server.api('/api/v1/spaces/rnd-oncology/members/oliver', { method: 'DELETE', as: 'oliver' })).status).toBe(204);
    const kept = await server.json<Post>(`/api/v1/posts/${post.id}`, { method: 'PATCH', as: 'priya', body: { body: 'Data from [@Oliver](mention:oliver), checked' } });
    expect(kept.status).toBe(200);
    const added = await server.json<Problem>(`/api/v1/posts/${post.id}`, {
      method: 'PATCH',
      as: 'priya',
      body: { body: 'Data from [@Oliver](mention:oliver) and [@Julien](mention:julien)' },
    });
    expect(added.status).toBe(422);
    expect(JSON.stringify(added.body.errors)).toContain('julien');
    expect(JSON.stringify(added.body.errors)).not.toContain('oliver');
  });

  it('tells owners of join requests, and people of their answers and of being added', async () => {
    expect((await server.api('/api/v1/spaces/rnd-oncology/join', { method: 'POST', as: 'lukas', body: { message: 'Please' } })).status).toBe(200);
    // join_requested is off by default: priya turns it on.
    await server.json('/api/v1/me/notification-preferences', { method: 'PUT', as: 'priya', body: { kinds: ['mention', 'join_requested'], mutedSpaces: [] } });
    expect((await server.api('/api/v1/spaces/rnd-oncology/join', { method: 'POST', as: 'thomas', body: { message: 'Me too' } })).status).toBe(200);
    expect(find(await inbox('priya'), 'join_requested', 'rnd-oncology')).toMatchObject({ actors: [{ id: 'thomas' }], object: { type: 'space' } });
    await server.json('/api/v1/me/notification-preferences', { method: 'PUT', as: 'thomas', body: { kinds: ['join_answered', 'space_added'], mutedSpaces: [] } });
    expect((await server.api('/api/v1/spaces/rnd-oncology/requests/thomas', { method: 'DELETE', as: 'priya' })).status).toBe(204);
    expect(find(await inbox('thomas'), 'join_answered', 'rnd-oncology')).toMatchObject({ approved: false, actors: [{ id: 'priya' }] });
    expect((await server.api('/api/v1/spaces/rnd-oncology/members/thomas', { method: 'PUT', as: 'priya', body: { role: 'member' } })).status).toBe(200);
    expect(find(await inbox('thomas'), 'space_added', 'rnd-oncology')).toBeDefined();
  });

  it('pages newest first or unread first with a cursor, and refuses a forged cursor', async () => {
    for (let i = 0; i < 5; i += 1) await publish('hannah', { body: `Page ${i} [@Sophie](mention:sophie)` });
    const first = await inbox('sophie', '?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await inbox('sophie', `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.id)).not.toContain(first.items[0]!.id);
    expect((await server.api(`/api/v1/notifications/${first.items[0]!.id}/read`, { method: 'POST', as: 'sophie' })).status).toBe(204);
    const unreadFirst = await inbox('sophie', '?order=unread&limit=50');
    const reads = unreadFirst.items.map((n) => n.read);
    expect(reads.indexOf(true)).toBeGreaterThan(reads.lastIndexOf(false));
    expect((await server.json<Problem>('/api/v1/notifications?cursor=Zm9vfGJhcg', { as: 'sophie' })).body.code).toBe('invalid_cursor');
  });
});

describe('polls closing and notes due for review', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false });
  });
  afterAll(() => server.close());

  const inboxOf = async (as: string) => (await server.json<NotificationPage>('/api/v1/notifications', { as })).body.items;
  const setKinds = (as: string, kinds: string[]) =>
    server.json('/api/v1/me/notification-preferences', { method: 'PUT', as, body: { kinds, mutedSpaces: [] } });

  it('tells the named voters who asked for it when a poll closes, never of an anonymous one', async () => {
    await setKinds('thomas', ['mention', 'poll_closed']);
    await setKinds('camille', ['mention', 'poll_closed']);
    const poll = await server.json<Poll>('/api/v1/spaces/general/polls', {
      method: 'POST',
      as: 'hannah',
      body: { question: 'Lunch **at noon**?', mode: 'single', options: ['Yes', 'No'] },
    });
    expect(poll.status).toBe(201);
    const secret = await server.json<Poll>('/api/v1/spaces/general/polls', {
      method: 'POST',
      as: 'hannah',
      body: { question: 'Salary fair?', mode: 'single', options: ['Yes', 'No'], anonymous: true },
    });
    for (const [as, p] of [['thomas', poll.body], ['anna', poll.body], ['camille', secret.body]] as const) {
      expect((await server.json(`/api/v1/polls/${p.id}/ballot`, { method: 'PUT', as, body: { choices: [p.options[0]!.id] } })).status).toBe(200);
    }
    for (const p of [poll.body, secret.body]) expect((await server.json(`/api/v1/polls/${p.id}/close`, { method: 'POST', as: 'hannah' })).status).toBe(200);
    await server.app.ecotone.fanout.idle();
    expect((await inboxOf('thomas')).find((n) => n.kind === 'poll_closed' && n.object.id === poll.body.id)).toMatchObject({
      object: { type: 'poll', excerpt: 'Lunch at noon?' },
    });
    // anna did not ask for it; camille voted in the anonymous one, which nobody can tell.
    expect((await inboxOf('anna')).some((n) => n.kind === 'poll_closed')).toBe(false);
    expect((await inboxOf('camille')).some((n) => n.kind === 'poll_closed')).toBe(false);
  });

  it("tells a note's owner once when it is due for review", async () => {
    await setKinds('amelie', ['mention', 'note_review']);
    const today = TEST_NOW.toISOString().slice(0, 10);
    const note = await server.json<KnowledgeNote>('/api/v1/spaces/general/notes', { method: 'POST', as: 'amelie', body: { title: 'Badge policy', reviewBy: today } });
    expect(note.status).toBe(201);
    expect(await server.app.ecotone.reviews.notifyDue()).toBeGreaterThanOrEqual(1);
    expect(await server.app.ecotone.reviews.notifyDue()).toBe(0);
    const due = (await inboxOf('amelie')).filter((n) => n.kind === 'note_review' && n.object.id === note.body.id);
    expect(due).toMatchObject([{ object: { type: 'note', excerpt: 'Badge policy' }, actors: [] }]);
  });
});

describe('reminders before a confirmation deadline', () => {
  let server: TestServer;
  let clock = TEST_NOW.getTime();
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false, now: () => new Date((clock += 1)) });
  });
  afterAll(() => server.close());

  it('reminds those who have not confirmed, once, when the deadline is less than a day away', async () => {
    const by = new Date(TEST_NOW.getTime() + 30 * 60 * 60 * 1000).toISOString();
    const res = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Sign the safety sheet', kind: 'announcement', requireAcknowledgement: true, acknowledgeBy: by },
    });
    expect(res.status).toBe(201);
    const post = res.body;
    expect(post.acknowledgement?.by).toBe(by);
    expect((await server.api(`/api/v1/posts/${post.id}/acks`, { method: 'PUT', as: 'marco' })).status).toBe(200);
    // More than a day before: nothing yet.
    expect(await server.app.ecotone.reminders.remindDue()).toBe(0);
    clock += 7 * 60 * 60 * 1000;
    expect(await server.app.ecotone.reminders.remindDue()).toBe(1);
    expect(await server.app.ecotone.reminders.remindDue()).toBe(0);
    // Recorded in batches once the claim committed.
    await server.app.ecotone.fanout.idle();
    const reminded = async (as: string) =>
      (await server.json<NotificationPage>('/api/v1/notifications', { as })).body.items.filter((n) => n.kind === 'ack_reminder' && n.object.id === post.id);
    expect(await reminded('thomas')).toMatchObject([{ actors: [], actorCount: 0, object: { excerpt: 'Sign the safety sheet' } }]);
    expect(await reminded('marco')).toEqual([]);
    expect(await reminded('hannah')).toEqual([]);
  });

  it('refuses a deadline without a confirmation request, or before the publication', async () => {
    for (const body of [
      { body: 'x', kind: 'announcement', acknowledgeBy: new Date(clock + 86_400_000).toISOString() },
      { body: 'x', kind: 'announcement', requireAcknowledgement: true, acknowledgeBy: new Date(clock - 1000).toISOString() },
    ]) {
      const res = await server.json<Problem>('/api/v1/spaces/general/posts', { method: 'POST', as: 'hannah', body });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.path).toBe('/body/acknowledgeBy');
    }
  });
});

describe('a confirmation asked of a large space', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false });
    // 700 more members of `general`, on either engine.
    const ids = Array.from({ length: 700 }, (_, i) => `crowd-${String(i).padStart(3, '0')}`);
    const at = TEST_NOW.toISOString();
    await server.db
      .insertInto('actors')
      .values(ids.map((id) => ({ id, display_name: id, avatar_url: null, site: null, locale: 'en', title: null, created_at: at, deactivated_at: null, search_name: id })))
      .execute();
    await server.db.insertInto('memberships').values(ids.map((actor_id) => ({ space_id: 'general', actor_id, role: 'member', created_at: at }))).execute();
  });
  afterAll(() => server.close());

  it('records one notification per member in batches, and one live event that each gets as their own', async () => {
    const members = (await server.db.selectFrom('memberships').select('actor_id').where('space_id', '=', 'general').execute()).length;
    expect(members).toBeGreaterThan(FANOUT_BATCH * 2);
    const stream = await openEvents(server, { as: 'crowd-650' });
    const res = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Everyone: confirm', kind: 'announcement', requireAcknowledgement: true },
    });
    expect(res.status).toBe(201);
    await server.app.ecotone.fanout.idle();
    const rows = await server.db.selectFrom('notifications').select('recipient_id').where('object_id', '=', res.body.id).where('kind', '=', 'ack_request').execute();
    expect(rows).toHaveLength(members - 1);
    expect(new Set(rows.map((r) => r.recipient_id)).size).toBe(members - 1);
    expect(await server.db.selectFrom('notification_fanouts').select('id').execute()).toEqual([]);
    const event = await stream.next((m) => m.event === 'notification.created', 10_000);
    const data = JSON.parse(event.data) as { notification: Notification };
    expect(data.notification).toMatchObject({ kind: 'ack_request', object: { id: res.body.id, spaceName: 'General' } });
    expect(data.notification.id).not.toBe('0');
    await stream.expectNone(300, (m) => m.event === 'notification.created');
    stream.close();
  });
});
