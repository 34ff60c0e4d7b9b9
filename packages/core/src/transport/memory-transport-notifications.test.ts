import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_UNREAD_COUNTED_MAX,
  mentionMarkdown,
  routes,
  type Actor,
  type Comment,
  type KnowledgeNote,
  type LiveEvent,
  type NotificationPage,
  type NotificationPreferences,
  type Post,
  type Space,
  type UnreadCount,
} from '@ecotone/protocol';
import { ana, ben } from '../_fixtures.js';
import { MemoryTransport } from './memory-transport.js';
import { MemoryWorld } from './memory-world.js';
import { excerpt } from './memory-notifications.js';

const cleo: Actor = { id: 'cleo', displayName: 'Cléo', locale: 'fr' };
const dan: Actor = { id: 'dan', displayName: 'Dan', locale: 'de' };
const eve: Actor = { id: 'eve', displayName: 'Eve', locale: 'en' };
const outsider: Actor = { id: 'out', displayName: 'Outsider', locale: 'en' };

const open: Space = { id: 'news', name: 'News', description: '', visibility: 'open', locale: 'en', role: null, canPublish: false };
const secret: Space = { ...open, id: 'board', name: 'Board', visibility: 'secret' };
const priv: Space = { ...open, id: 'club', name: 'Club', visibility: 'private' };

/** Ana owns every space; Ben, Cléo, Dan and Eve are members of news and board; the outsider belongs nowhere. */
function world() {
  const w = new MemoryWorld({ spaces: [open, secret, priv], posts: [], people: [ana, ben, cleo, dan, eve, outsider] });
  for (const space of ['news', 'board', 'club']) w.addMember(space, { actor: ana, role: 'owner', since: '2026-01-01T00:00:00Z' });
  for (const space of ['news', 'board']) {
    for (const actor of [ben, cleo, dan, eve]) w.addMember(space, { actor, role: 'member', since: '2026-01-01T00:00:00Z' });
  }
  const as = (actor: Actor) => {
    const t = new MemoryTransport(w, actor);
    const events: LiveEvent[] = [];
    t.events$.subscribe((e) => events.push(e));
    return {
      t,
      events,
      publish: (space: string, body: string, extra: Record<string, unknown> = {}) =>
        t.request<Post>({ method: 'POST', path: routes.publish(space), body: { body, ...extra } }),
      comment: (postId: string, body: string, parentId?: string) =>
        t.request<Comment>({ method: 'POST', path: routes.comments(postId), body: { body, ...(parentId ? { parentId } : {}) } }),
      list: (query: Record<string, string | number> = {}) => t.request<NotificationPage>({ method: 'GET', path: routes.notifications(), query }),
      unread: () => t.request<UnreadCount>({ method: 'GET', path: routes.unreadNotifications() }),
      read: (id: string) => t.request({ method: 'POST', path: routes.notificationRead(id) }),
      readAll: () => t.request({ method: 'POST', path: routes.notificationsReadAll() }),
      prefs: (body?: NotificationPreferences) =>
        t.request<NotificationPreferences>({ method: body ? 'PUT' : 'GET', path: routes.notificationPreferences(), ...(body ? { body } : {}) }),
    };
  };
  return { w, as };
}

const notified = (events: LiveEvent[]) => events.filter((e) => e.type === 'notification.created');

describe('MemoryTransport mentions', () => {
  it('refuses mentions of people who cannot read the space, naming only the ids written', async () => {
    const { as } = world();
    const a = as(ana);
    const refused = await a.publish('board', `Hi ${mentionMarkdown(outsider)} and ${mentionMarkdown(ben)}`).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'mention_not_allowed', status: 422 });
    const message = JSON.stringify((refused as { problem: unknown }).problem);
    expect(message).toContain('out');
    expect(message).not.toContain('ben');
    // A person who does not exist is refused the same way; an open space lets anyone be mentioned.
    await expect(a.publish('news', '[@Ghost](mention:ghost)')).rejects.toMatchObject({ code: 'mention_not_allowed' });
    const post = await a.publish('news', `Hello ${mentionMarkdown(outsider)}`);
    expect(post.mentions).toEqual([outsider]);
  });

  it('refuses mentions of people whose access ended', async () => {
    const { w, as } = world();
    w.addPerson({ ...dan, deactivated: true });
    await expect(as(ana).publish('news', `Bye ${mentionMarkdown(dan)}`)).rejects.toMatchObject({ code: 'mention_not_allowed' });
  });

  it('refuses more than twenty people, at publish, comment and edit', async () => {
    const { w, as } = world();
    const many = Array.from({ length: 21 }, (_, i) => ({ id: `p${i}`, displayName: `P${i}`, locale: 'en' as const }));
    for (const p of many) w.addPerson(p);
    const a = as(ana);
    const body = many.map((p) => mentionMarkdown(p)).join(' ');
    await expect(a.publish('news', body)).rejects.toMatchObject({ code: 'mention_not_allowed' });
    const post = await a.publish('news', 'plain');
    await expect(a.comment(post.id, body)).rejects.toMatchObject({ code: 'mention_not_allowed' });
    await expect(a.t.request({ method: 'PATCH', path: routes.post(post.id), body: { body: `x ${mentionMarkdown(outsider)} ${body}` } })).rejects.toMatchObject({
      code: 'mention_not_allowed',
    });
  });

  it('carries the mentioned people as they are now on posts, comments and notes', async () => {
    const { w, as } = world();
    const a = as(ana);
    const post = await a.publish('news', `Thanks ${mentionMarkdown(ben)}`);
    const comment = await a.comment(post.id, `and ${mentionMarkdown(cleo)}`);
    expect(comment.mentions).toEqual([cleo]);
    const note = await a.t.request<KnowledgeNote>({ method: 'POST', path: routes.spaceNotes('news'), body: { title: 'T', body: mentionMarkdown(dan) } });
    expect(note.mentions).toEqual([dan]);
    w.addPerson({ ...ben, displayName: 'Benoît' });
    expect((await a.t.request<Post>({ method: 'GET', path: routes.post(post.id) })).mentions).toEqual([{ ...ben, displayName: 'Benoît' }]);
    expect((await a.publish('news', 'nobody')).mentions).toBeUndefined();
  });
});

describe('MemoryTransport notifications', () => {
  it('notifies a mention to that person only, live and in their list, never the author', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    const c = as(cleo);
    const post = await a.publish('news', `Figures for ${mentionMarkdown(ben)} and ${mentionMarkdown(ana)}`);
    expect(notified(a.events)).toEqual([]);
    expect(notified(c.events)).toEqual([]);
    const [event] = notified(b.events);
    expect(event).toMatchObject({
      type: 'notification.created',
      unread: { unread: 1, more: false },
      notification: {
        kind: 'mention',
        actors: [ana],
        actorCount: 1,
        read: false,
        object: { type: 'post', id: post.id, spaceId: 'news', spaceName: 'News', postId: post.id, excerpt: 'Figures for @Ben and @Ana' },
      },
    });
    const page = await b.list();
    expect(page.items).toHaveLength(1);
    expect(page.unread).toEqual({ unread: 1, more: false });
    expect((await a.list()).items).toEqual([]);
  });

  it('notifies comments to the post author and replies to the comment author, grouped while unread', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    const c = as(cleo);
    const d = as(dan);
    const post = await a.publish('news', 'Lunch?');
    const first = await b.comment(post.id, 'Yes');
    await c.comment(post.id, 'Me too');
    await d.comment(post.id, 'Count me in');
    await b.comment(post.id, 'Again');
    const [grouped, ...rest] = (await a.list()).items;
    expect(rest).toEqual([]);
    expect(grouped).toMatchObject({ kind: 'comment', actorCount: 3, object: { type: 'post', id: post.id } });
    // Latest first, each person once.
    expect(grouped!.actors.map((x) => x.id)).toEqual(['ben', 'dan', 'cleo']);
    // The group kept its id in every live event.
    expect(new Set(notified(a.events).map((e) => e.type === 'notification.created' && e.notification.id))).toEqual(new Set([grouped!.id]));
    // A reply notifies the author of the comment answered (and the post's author of a comment).
    await c.comment(post.id, 'Reply', first.id);
    const replies = (await b.list()).items;
    expect(replies.map((n) => n.kind)).toEqual(['reply']);
    expect(replies[0]!.object).toMatchObject({ type: 'comment', id: first.id, postId: post.id, excerpt: 'Yes' });
    // Once read, the next comment starts a new notification.
    await a.read(grouped!.id);
    await eve_comment(as, post.id);
    const after = (await a.list()).items;
    expect(after.map((n) => [n.kind, n.read, n.actorCount])).toEqual([
      ['comment', false, 1],
      ['comment', true, 3],
    ]);
  });

  it('asks every member to confirm an announcement, and not before a scheduled one is published', async () => {
    const { w, as } = world();
    const a = as(ana);
    const b = as(ben);
    const publishAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await a.publish('news', 'Drill', { kind: 'announcement', requireAcknowledgement: true, publishAt });
    expect((await b.list()).items).toEqual([]);
    const post = w.store.posts.get(scheduled.id)!;
    post.publishAt = new Date(Date.now() - 1000).toISOString();
    w.publishDue();
    const items = (await b.list()).items;
    expect(items.map((n) => [n.kind, n.object.id])).toEqual([['ack_request', scheduled.id]]);
    // The author is not asked.
    expect((await a.list()).items).toEqual([]);
  });

  it('tells owners of join requests, and people of their membership, with the preferences that turn them on', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    // Off by default: nothing.
    await b.t.request({ method: 'POST', path: routes.join('club'), body: {} });
    expect((await a.list()).items).toEqual([]);
    const all = ['mention', 'comment', 'reply', 'ack_request', 'space_added', 'join_answered', 'join_requested'] as const;
    expect(await a.prefs({ kinds: [...all], mutedSpaces: [] })).toEqual({ kinds: [...all], mutedSpaces: [] });
    await b.prefs({ kinds: [...all], mutedSpaces: [] });
    await b.t.request({ method: 'DELETE', path: routes.joinRequest('club', 'ben') });
    expect((await b.list()).items).toEqual([]);
    await b.t.request({ method: 'POST', path: routes.join('club'), body: {} });
    expect((await a.list()).items.map((n) => [n.kind, n.actors[0]!.id, n.object.type])).toEqual([['join_requested', 'ben', 'space']]);
    await a.t.request({ method: 'PUT', path: routes.joinRequest('club', 'ben'), body: {} });
    expect((await b.list()).items.map((n) => [n.kind, n.approved])).toEqual([['join_answered', true]]);
    await a.t.request({ method: 'PUT', path: routes.member('club', 'cleo'), body: { role: 'member' } });
    const c = as(cleo);
    // Cléo has the defaults: space_added is off.
    expect((await c.list()).items).toEqual([]);
  });

  it('honours muted spaces except for mentions, and validates preferences', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    expect(await a.prefs()).toEqual({ kinds: ['mention', 'comment', 'reply', 'ack_request', 'ack_reminder'], mutedSpaces: [] });
    await a.prefs({ kinds: ['mention', 'comment'], mutedSpaces: ['news'] });
    const post = await a.publish('news', 'Muted');
    await b.comment(post.id, `cc ${mentionMarkdown(ana)}`);
    expect((await a.list()).items.map((n) => n.kind)).toEqual(['mention']);
    await expect(a.prefs({ kinds: ['nope' as 'mention'], mutedSpaces: [] })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('re-checks at read: nothing about a space left or an object deleted', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    const inBoard = await a.publish('board', `Secret ${mentionMarkdown(ben)}`);
    const inNews = await a.publish('news', `Open ${mentionMarkdown(ben)}`);
    const comment = await a.comment(inNews.id, `Again ${mentionMarkdown(ben)}`);
    expect((await b.unread()).unread).toBe(3);
    // Ben leaves the secret space: its notification is neither listed nor counted.
    await b.t.request({ method: 'DELETE', path: routes.member('board', 'ben') });
    expect((await b.list()).items.map((n) => n.object.id)).toEqual([comment.id, inNews.id]);
    await a.t.request({ method: 'DELETE', path: routes.comment(comment.id) });
    expect((await b.list()).items.map((n) => n.object.id)).toEqual([inNews.id]);
    await a.t.request({ method: 'DELETE', path: routes.post(inNews.id) });
    expect(await b.list()).toMatchObject({ items: [], unread: { unread: 0, more: false } });
    expect(inBoard.id).toBeTruthy();
  });

  it('pages newest first or unread first, with a cursor', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await a.publish('news', `n${i} ${mentionMarkdown(ben)}`)).id);
    const listed = (await b.list()).items;
    expect(listed.map((n) => n.object.id)).toEqual([...ids].reverse());
    await b.read(listed[0]!.id);
    const first = await b.list({ limit: 2, order: 'unread' });
    expect(first.items.map((n) => n.object.id)).toEqual([ids[3], ids[2]]);
    const second = await b.list({ limit: 2, order: 'unread', cursor: first.nextCursor! });
    expect(second.items.map((n) => n.object.id)).toEqual([ids[1], ids[0]]);
    const third = await b.list({ limit: 2, order: 'unread', cursor: second.nextCursor! });
    expect(third).toMatchObject({ nextCursor: null });
    expect(third.items.map((n) => [n.object.id, n.read])).toEqual([[ids[4], true]]);
    await expect(b.list({ cursor: 'nonsense' })).rejects.toMatchObject({ code: 'invalid_cursor' });
    await expect(b.list({ limit: 51 })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('marks read, one or all, idempotently, telling every stream of the person', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    const bOtherTab = as(ben);
    await a.publish('news', `one ${mentionMarkdown(ben)}`);
    await a.publish('news', `two ${mentionMarkdown(ben)}`);
    const [n2] = (await b.list()).items;
    await b.read(n2!.id);
    await b.read(n2!.id);
    const reads = bOtherTab.events.filter((e) => e.type === 'notification.read');
    expect(reads).toEqual([{ type: 'notification.read', ids: [n2!.id], unread: { unread: 1, more: false } }]);
    await b.readAll();
    expect(bOtherTab.events.at(-1)).toEqual({ type: 'notification.read', ids: 'all', unread: { unread: 0, more: false } });
    expect(a.events.some((e) => e.type === 'notification.read')).toBe(false);
    // Someone else's notification does not exist for the caller.
    await expect(a.read(n2!.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('caps the unread count and says there are more', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    for (let i = 0; i <= NOTIFICATION_UNREAD_COUNTED_MAX; i++) await a.publish('news', `${i} ${mentionMarkdown(ben)}`);
    expect(await b.unread()).toEqual({ unread: NOTIFICATION_UNREAD_COUNTED_MAX, more: true });
  });

  it('notifies only the people an edit adds', async () => {
    const { as } = world();
    const a = as(ana);
    const b = as(ben);
    const c = as(cleo);
    const post = await a.publish('news', `Hi ${mentionMarkdown(ben)}`);
    await a.t.request({ method: 'PATCH', path: routes.post(post.id), body: { body: `Hi ${mentionMarkdown(ben)} ${mentionMarkdown(cleo)}` } });
    expect((await b.list()).items).toHaveLength(1);
    expect((await c.list()).items.map((n) => n.kind)).toEqual(['mention']);
  });
});

describe('excerpt', () => {
  it('reads Markdown as one plain line, cut with an ellipsis', () => {
    expect(excerpt('# Title\n\n**Bold** [link](https://x.test) and [@Ben](mention:ben)')).toBe('Title Bold link and @Ben');
    expect(excerpt('x'.repeat(300))!.length).toBe(140);
    expect(excerpt('   ')).toBeUndefined();
  });
});

async function eve_comment(as: ReturnType<typeof world>['as'], postId: string): Promise<void> {
  await as(eve).comment(postId, 'Late');
}
