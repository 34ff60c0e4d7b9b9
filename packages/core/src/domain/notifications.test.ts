import { describe, expect, it, vi } from 'vitest';
import type { Subscription } from 'rxjs';
import { mentionMarkdown, routes, type Actor, type Post, type Space, type UnreadCount } from '@ecotone/protocol';
import { createClient } from '../client.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import { MemoryWorld } from '../transport/memory-world.js';
import type { NotificationsState } from '../types.js';
import { ana, ben } from '../_fixtures.js';

const news: Space = { id: 'news', name: 'News', description: '', visibility: 'open', locale: 'en', role: null, canPublish: false };

/** Ana and Ben are members of news; Ben's client watches his notifications (two tabs share the world). */
function setup() {
  const world = new MemoryWorld({ spaces: [news], posts: [], people: [ana, ben] });
  for (const actor of [ana, ben]) world.addMember('news', { actor, role: 'member', since: '2026-01-01T00:00:00Z' });
  const anaTransport = new MemoryTransport(world, ana);
  const benTransport = new MemoryTransport(world, ben);
  const client = createClient({ transport: benTransport, locale: 'en' });
  const otherTab = createClient({ transport: new MemoryTransport(world, ben), locale: 'en' });
  const mention = (text = 'Hi') =>
    anaTransport.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: `${text} ${mentionMarkdown(ben)}` } });
  return { world, client, otherTab, benTransport, mention };
}

function watch<T>(source: { subscribe(fn: (v: T) => void): Subscription }) {
  const states: T[] = [];
  const sub = source.subscribe((s) => states.push(s));
  return { last: () => states.at(-1)!, states, sub };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 5000 });
const count = (n: number, more = false): UnreadCount => ({ unread: n, more });

describe('notifications', () => {
  it('counts unread on first subscription and follows live events', async () => {
    const { client, mention } = setup();
    await mention('before');
    const unread = watch(client.notifications().unread$);
    const arrived = watch(client.notifications().arrived$);
    await until(() => expect(unread.last()).toEqual(count(1)));
    await mention('after');
    await until(() => expect(unread.last()).toEqual(count(2)));
    expect(arrived.states.map((n) => n.object.excerpt)).toEqual(['after @Ben']);
    arrived.sub.unsubscribe();
    expect(client.notifications()).toBe(client.notifications());
    unread.sub.unsubscribe();
  });

  it('lists newest first, inserts live ones at the top and replaces a grown group in place', async () => {
    const { world, client, mention } = setup();
    const first = await mention('one');
    const list = watch(client.notifications().list().state$);
    expect(list.states[0]!.status).toBe('loading');
    await until(() => expect(list.last().items).toHaveLength(1));
    await mention('two');
    await until(() => expect(list.last().items.map((n) => n.object.excerpt)).toEqual(['two @Ben', 'one @Ben']));
    // Another comment on Ben's post grows one notification: same id, still once in the list.
    const post = await new MemoryTransport(world, ben).request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: 'mine' } });
    const cleo: Actor = { id: 'cleo', displayName: 'Cleo', locale: 'en' };
    world.addMember('news', { actor: cleo, role: 'member', since: '2026-01-01T00:00:00Z' });
    const anaT = new MemoryTransport(world, ana);
    await anaT.request({ method: 'POST', path: routes.comments(post.id), body: { body: 'a' } });
    await until(() => expect(list.last().items[0]!.kind).toBe('comment'));
    await new MemoryTransport(world, cleo).request({ method: 'POST', path: routes.comments(post.id), body: { body: 'c' } });
    await until(() => expect(list.last().items[0]!.actorCount).toBe(2));
    expect(list.last().items.filter((n) => n.kind === 'comment')).toHaveLength(1);
    expect(list.last().items).toHaveLength(3);
    expect(first.id).toBeTruthy();
    list.sub.unsubscribe();
  });

  it('marks read at once, and every tab converges through the live events', async () => {
    const { client, otherTab, mention } = setup();
    await mention('one');
    await mention('two');
    const unread = watch(client.notifications().unread$);
    const list = watch(client.notifications().list().state$);
    const otherUnread = watch(otherTab.notifications().unread$);
    const otherList = watch(otherTab.notifications().list().state$);
    await until(() => expect(list.last().items).toHaveLength(2));
    await until(() => expect(otherList.last().items).toHaveLength(2));
    const id = list.last().items[0]!.id;
    const marking = client.notifications().markRead(id);
    // Optimistic: in the same task.
    expect(unread.last()).toEqual(count(1));
    expect(list.last().items[0]!.read).toBe(true);
    await marking;
    await until(() => expect(otherUnread.last()).toEqual(count(1)));
    await until(() => expect(otherList.last().items.find((n) => n.id === id)!.read).toBe(true));
    await client.notifications().markAllRead();
    await until(() => expect(otherUnread.last()).toEqual(count(0)));
    expect(unread.last()).toEqual(count(0));
    expect(otherList.last().items.every((n) => n.read)).toBe(true);
    for (const w of [unread, list, otherUnread, otherList]) w.sub.unsubscribe();
  });

  it('puts back the count and the flag when the server refuses, and rejects with the error', async () => {
    const { client, benTransport, mention } = setup();
    await mention();
    const unread = watch(client.notifications().unread$);
    const list = watch(client.notifications().list().state$);
    await until(() => expect(list.last().items).toHaveLength(1));
    benTransport.failNext('forbidden', 1, { match: (req) => req.path.endsWith('/read') });
    const marking = client.notifications().markRead(list.last().items[0]!.id);
    expect(unread.last()).toEqual(count(0));
    await expect(marking).rejects.toMatchObject({ code: 'forbidden' });
    expect(unread.last()).toEqual(count(1));
    expect(list.last().items[0]!.read).toBe(false);
    benTransport.failNext('network', 1, { match: (req) => req.path.endsWith('/read-all') });
    const all = client.notifications().markAllRead();
    expect(unread.last()).toEqual(count(0));
    await expect(all).rejects.toMatchObject({ code: 'network' });
    expect(unread.last()).toEqual(count(1));
    unread.sub.unsubscribe();
    list.sub.unsubscribe();
  });

  it('fetches again after a stream reset and when the stream comes back', async () => {
    const { client, benTransport, mention } = setup();
    const unread = watch(client.notifications().unread$);
    const list = watch(client.notifications().list('unread').state$);
    await until(() => expect(list.last().status).toBe('ready'));
    // Recorded while the stream was away: no event reached this tab.
    benTransport.setStatus('reconnecting');
    const silenced = benTransport.requests.length;
    await mentionSilently(benTransport, mention);
    benTransport.setStatus('connected');
    await until(() => expect(unread.last()).toEqual(count(1)));
    await until(() => expect(list.last().items).toHaveLength(1));
    expect(benTransport.requests.length).toBeGreaterThan(silenced);
    const before = benTransport.requests.filter((r) => r.path === routes.unreadNotifications()).length;
    benTransport.emit({ type: 'stream.reset' });
    await until(() => expect(benTransport.requests.filter((r) => r.path === routes.unreadNotifications()).length).toBe(before + 1));
    unread.sub.unsubscribe();
    list.sub.unsubscribe();
  });

  it('pages with loadMore, and shows an error with its retry', async () => {
    const { client, benTransport, mention } = setup();
    for (let i = 0; i < 25; i++) await mention(`n${i}`);
    benTransport.failNext('network', 1, { match: (req) => req.path === routes.notifications() });
    const center = client.notifications();
    const list = watch(center.list().state$);
    await until(() => expect(list.last().status).toBe('error'));
    expect(list.last().error?.code).toBe('network');
    await center.list().refresh();
    expect(list.last()).toMatchObject<Partial<NotificationsState>>({ status: 'ready', hasMore: true, error: null });
    expect(list.last().items).toHaveLength(20);
    await center.list().loadMore();
    expect(list.last()).toMatchObject({ hasMore: false });
    expect(list.last().items).toHaveLength(25);
    expect(new Set(list.last().items.map((n) => n.id)).size).toBe(25);
    list.sub.unsubscribe();
  });

  it('reads and stores preferences', async () => {
    const { client } = setup();
    const center = client.notifications();
    expect((await center.preferences()).kinds).toContain('mention');
    const stored = await center.setPreferences({ kinds: ['reply', 'mention'], mutedSpaces: ['news'] });
    expect(stored).toEqual({ kinds: ['mention', 'reply'], mutedSpaces: ['news'] });
    expect(await center.preferences()).toEqual(stored);
  });
});

/**
 * Records a mention for Ben while his transport delivers nothing: his live
 * events are dropped, as during a lost connection.
 */
async function mentionSilently(transport: MemoryTransport, mention: () => Promise<Post>): Promise<void> {
  const emit = transport.emit.bind(transport);
  transport.emit = () => undefined;
  try {
    await mention();
  } finally {
    transport.emit = emit;
  }
}
