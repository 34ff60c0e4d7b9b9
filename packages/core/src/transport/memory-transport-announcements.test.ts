import { describe, expect, it } from 'vitest';
import {
  routes,
  type AcknowledgementSummary,
  type Actor,
  type FeedPage,
  type LiveEvent,
  type Post,
  type PublishRequest,
  type Space,
} from '@ecotone/protocol';
import { AccessError, ConflictError, ValidationError } from '../errors.js';
import { ben, makePost, me, newsSpace } from '../_fixtures.js';
import { MemoryTransport } from './memory-transport.js';

const HOUR_MS = 60 * 60 * 1000;
const later = (ms = HOUR_MS) => new Date(Date.now() + ms).toISOString();

/** The caller (ana) owns `hq`, is a correspondent of `sites` and a member of `news`. */
const hq: Space = { ...newsSpace, id: 'hq', name: 'HQ', role: 'owner' };
const sites: Space = { ...newsSpace, id: 'sites', name: 'Sites', role: 'correspondent' };
const lyon: Actor = { id: 'lea', displayName: 'Léa', site: 'Lyon', locale: 'fr' };
const basel: Actor = { id: 'max', displayName: 'Max', site: 'Basel', locale: 'de' };

function fixture(posts: Post[] = [], acknowledgements?: Record<string, Actor[]>) {
  const t = new MemoryTransport({ me, spaces: [newsSpace, hq, sites], posts, acknowledgements });
  const events: LiveEvent[] = [];
  const sub = t.events$.subscribe((e) => events.push(e));
  const publish = (space: string, body: PublishRequest) => t.request<Post>({ method: 'POST', path: routes.publish(space), body });
  const feed = (space: string, query: Record<string, string | number> = {}) =>
    t.request<FeedPage>({ method: 'GET', path: routes.feed(space), query });
  return { t, events, stop: () => sub.unsubscribe(), publish, feed };
}

describe('MemoryTransport announcements', () => {
  it('publishes announcements for owners and correspondents only, with their options', async () => {
    const { publish } = fixture();
    const until = later(2 * HOUR_MS);
    const post = await publish('sites', { body: 'Fire drill', kind: 'announcement', pinUntil: until, requireAcknowledgement: true });
    expect(post).toMatchObject({ kind: 'announcement', pinned: { until }, acknowledgement: { mine: false, count: 0 } });
    expect((await publish('hq', { body: 'Pinned', kind: 'announcement', pin: true })).pinned).toEqual({ until: null });
    await expect(publish('news', { body: 'Not mine to announce', kind: 'announcement' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses announcement options on other posts and a pin that ends in the past, naming the fields', async () => {
    const { publish, feed } = fixture();
    const refused = await publish('hq', { body: 'x', pin: true, pinUntil: later(), requireAcknowledgement: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors.map((e) => e.path).sort()).toEqual([
      '/body/pin',
      '/body/pinUntil',
      '/body/requireAcknowledgement',
    ]);
    const past = await publish('hq', { body: 'x', kind: 'announcement', pinUntil: later(-HOUR_MS) }).catch((e: unknown) => e);
    expect((past as ValidationError).fieldErrors).toEqual([{ path: '/body/pinUntil', message: 'is in the past' }]);
    const early = publish('hq', { body: 'x', kind: 'announcement', publishAt: later(2 * HOUR_MS), pinUntil: later() });
    await expect(early).rejects.toMatchObject({ problem: { errors: [{ path: '/body/pinUntil', message: 'is before publishAt' }] } });
    // Nothing was created.
    expect((await feed('hq')).items).toEqual([]);
  });

  it('keeps scheduled drafts to their author and the space owners until their time, then announces them once', async () => {
    const publishAt = later();
    const theirs = makePost(1, { id: 'theirs', publishAt });
    const inHq = makePost(2, { id: 'in-hq', spaceId: 'hq', publishAt });
    const { t, publish, feed, events, stop } = fixture([makePost(3), theirs, inHq]);
    // Another person's draft in a space the caller only belongs to: invisible, by id too, with its reactions.
    expect((await feed('news')).items.map((p) => p.id)).toEqual(['p3']);
    await expect(t.request({ method: 'GET', path: routes.post('theirs') })).rejects.toBeInstanceOf(AccessError);
    await expect(t.request({ method: 'PUT', path: routes.reaction('theirs', 'like') })).rejects.toMatchObject({ code: 'not_found' });
    // An owner sees it, with its time, at its time's place.
    expect((await feed('hq')).items[0]).toMatchObject({ id: 'in-hq', publishAt });
    // The caller's own draft comes back with publishAt, and its post.created is the caller's to see.
    const mine = await publish('news', { body: 'Canteen closed on Friday', publishAt });
    expect(mine.publishAt).toBe(publishAt);
    expect((await feed('news')).items.map((p) => p.id)).toEqual([mine.id, 'p3']);
    expect(events.filter((e) => e.type === 'post.created').map((e) => e.type === 'post.created' && e.post.id)).toEqual([mine.id]);
    // A time already past publishes at once.
    expect((await publish('news', { body: 'Now', publishAt: later(-1000) })).publishAt).toBeUndefined();
    // Nothing is due before its time.
    expect(t.publishDue()).toBe(0);
    stop();
  });

  it('announces a scheduled post when its time has come, with its publication time as createdAt', async () => {
    const publishAt = new Date(Date.now() + 30).toISOString();
    const { t, feed, events, stop } = fixture([makePost(3), makePost(1, { id: 'soon', publishAt })]);
    expect((await feed('news')).items.map((p) => p.id)).toEqual(['p3']);
    expect(t.publishDue()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(t.publishDue()).toBe(1);
    expect(t.publishDue()).toBe(0);
    const created = events.find((e) => e.type === 'post.created');
    expect(created?.type === 'post.created' && created.post).toMatchObject({ id: 'soon', createdAt: publishAt });
    expect(created?.type === 'post.created' && created.post.publishAt).toBeUndefined();
    expect((await feed('news')).items.map((p) => p.id)).toEqual(['soon', 'p3']);
    stop();
  });

  it('heads the first page with pinned posts, newest first, never in items, until they expire', async () => {
    const posts = [
      makePost(1, { spaceId: 'hq', kind: 'announcement', pinned: { until: null } }),
      makePost(2, { spaceId: 'hq', kind: 'announcement', pinned: { until: new Date(Date.now() + 30).toISOString() } }),
      makePost(3, { spaceId: 'hq' }),
      makePost(4, { spaceId: 'hq' }),
      makePost(5, { spaceId: 'hq', kind: 'announcement', pinned: { until: later(-HOUR_MS) } }),
    ];
    const { feed } = fixture(posts);
    const first = await feed('hq', { limit: 1 });
    expect(first.pinned?.map((p) => p.id)).toEqual(['p2', 'p1']);
    expect(first.items.map((p) => p.id)).toEqual(['p5']);
    // An expired pin is not shown.
    expect(first.items[0]?.pinned).toBeUndefined();
    const second = await feed('hq', { limit: 10, cursor: first.nextCursor ?? '' });
    expect(second.pinned).toBeUndefined();
    expect(second.items.map((p) => p.id)).toEqual(['p4', 'p3']);
    await new Promise((resolve) => setTimeout(resolve, 40));
    const after = await feed('hq');
    expect(after.pinned?.map((p) => p.id)).toEqual(['p1']);
    expect(after.items.map((p) => p.id)).toEqual(['p5', 'p4', 'p3', 'p2']);
  });

  it('pins and unpins for owners and correspondents with post.updated; forbidden for others; announcements only', async () => {
    const announcement = makePost(1, { spaceId: 'sites', kind: 'announcement' });
    const { t, events, stop } = fixture([announcement, makePost(2, { spaceId: 'hq' }), makePost(3, { kind: 'announcement' })]);
    const pin = (id: string, body?: unknown) => t.request<Post>({ method: 'PUT', path: routes.pin(id), body });
    const unpin = (id: string) => t.request<Post>({ method: 'DELETE', path: routes.pin(id) });
    const until = later();
    expect((await pin('p1', { until })).pinned).toEqual({ until });
    expect((await pin('p1')).pinned).toEqual({ until: null });
    expect((await unpin('p1')).pinned).toBeUndefined();
    expect(events.map((e) => e.type === 'post.updated' && e.post.pinned)).toEqual([{ until }, { until: null }, undefined]);
    // Unpinning what is not pinned changes nothing and says nothing.
    await unpin('p1');
    expect(events).toHaveLength(3);
    await expect(pin('p3')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(unpin('p3')).rejects.toBeInstanceOf(AccessError);
    await expect(pin('p2')).rejects.toMatchObject({ code: 'validation_failed', problem: { errors: [{ path: '/params/post' }] } });
    await expect(pin('p1', { until: later(-1) })).rejects.toMatchObject({ problem: { errors: [{ path: '/body/until' }] } });
    stop();
  });

  it('records acknowledgements idempotently, emitting acknowledgement.changed only when new', async () => {
    const post = makePost(1, { acknowledgement: { mine: false, count: 0 } });
    const { t, events, stop } = fixture([post, makePost(2)]);
    const ack = (id: string) => t.request<Post>({ method: 'PUT', path: routes.acknowledgements(id) });
    expect((await ack('p1')).acknowledgement).toEqual({ mine: true, count: 1 });
    expect((await ack('p1')).acknowledgement).toEqual({ mine: true, count: 1 });
    t.acknowledgeAsOther('p1', lyon);
    t.acknowledgeAsOther('p1', lyon);
    expect(events).toEqual([
      { type: 'acknowledgement.changed', spaceId: 'news', postId: 'p1', count: 1, actorId: 'ana' },
      { type: 'acknowledgement.changed', spaceId: 'news', postId: 'p1', count: 2, actorId: 'lea' },
    ]);
    expect((await t.request<Post>({ method: 'GET', path: routes.post('p1') })).acknowledgement).toEqual({ mine: true, count: 2 });
    const refused = await ack('p2').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ code: 'acknowledgement_not_requested', status: 409 });
    stop();
  });

  it('sums acknowledgements per site, most first, for the author and owners only', async () => {
    const byBen = makePost(1, { spaceId: 'hq', acknowledgement: { mine: false, count: 3 } });
    const mine = makePost(2, { author: me.actor, acknowledgement: { mine: false, count: 0 } });
    const theirs = makePost(3, { acknowledgement: { mine: false, count: 2 } });
    const noSite: Actor = { ...ben, site: undefined };
    const { t } = fixture([byBen, mine, theirs], { p1: [basel, lyon, { ...lyon, id: 'zoe' }] });
    const summary = (id: string) => t.request<AcknowledgementSummary>({ method: 'GET', path: routes.acknowledgements(id) });
    // An owner of the space sees who acknowledged another person's post.
    expect(await summary('p1')).toEqual({
      postId: 'p1',
      count: 3,
      bySite: [
        { site: 'Lyon', count: 2 },
        { site: 'Basel', count: 1 },
      ],
    });
    // The author does too; people without a site come last among equals.
    t.acknowledgeAsOther('p2', noSite);
    t.acknowledgeAsOther('p2', basel);
    expect((await summary('p2')).bySite).toEqual([
      { site: 'Basel', count: 1 },
      { site: null, count: 1 },
    ]);
    // The caller (without a site) acknowledges too.
    await t.request({ method: 'PUT', path: routes.acknowledgements('p2') });
    expect(await summary('p2')).toEqual({
      postId: 'p2',
      count: 3,
      bySite: [
        { site: null, count: 2 },
        { site: 'Basel', count: 1 },
      ],
    });
    // A member who did not write it: forbidden. Seeded counts without names are people without a site.
    await expect(summary('p3')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.request<Post>({ method: 'GET', path: routes.post('p3') })).acknowledgement).toEqual({ mine: false, count: 2 });
  });
});
