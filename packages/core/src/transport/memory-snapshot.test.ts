import { describe, expect, it } from 'vitest';
import { feedPath, publishPath, type Actor, type FeedPage, type Post } from '@ecotone/protocol';
import { seedDemo, DEMO_SPACE_ID } from './local-demo.js';
import { readSnapshot, SnapshotError } from './memory-snapshot.js';
import { MemoryWorld } from './memory-world.js';

const owner: Actor = { id: 'owner', displayName: 'Owner', locale: 'en' };
const visitor: Actor = { id: 'visitor', displayName: 'Visitor', locale: 'fr', site: 'Lyon' };

/** A world with some of everything: the demo, a private space with a join request, a scheduled announcement asking for acknowledgements. */
function busyWorld(): MemoryWorld {
  const world = new MemoryWorld({ spaces: [], posts: [] });
  seedDemo(world, owner, 'en');
  world.createSpace({ id: 'inner', name: 'Inner', description: '', visibility: 'private', locale: 'en', role: null, canPublish: false }, owner);
  world.addJoinRequest({ spaceId: 'inner', actor: visitor, message: 'Let me in', createdAt: '2026-12-01T10:00:00.000Z' });
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
  world.answer(owner, { method: 'POST', path: publishPath(DEMO_SPACE_ID), body: { body: 'Soon', kind: 'announcement', publishAt: inAWeek, requireAcknowledgement: true } });
  return world;
}

const withoutTime = ({ exportedAt: _t, ...rest }: ReturnType<MemoryWorld['snapshot']>) => rest;

describe('MemoryWorld snapshots', () => {
  it('restore what snapshot took: the same state, the same answers for each person, ids counting on', () => {
    const world = busyWorld();
    const snapshot = world.snapshot();
    const copy = new MemoryWorld({ spaces: [], posts: [] });
    copy.restore(JSON.stringify(snapshot));
    expect(withoutTime(copy.snapshot())).toEqual(withoutTime(snapshot));
    for (const person of [owner, visitor, { id: 'demo-ada', displayName: 'Ada Lindqvist', locale: 'en' } as Actor]) {
      const read = (w: MemoryWorld) => w.answer(person, { method: 'GET', path: feedPath(DEMO_SPACE_ID) }) as FeedPage;
      expect(read(copy)).toEqual(read(world));
    }
    const next = copy.answer(owner, { method: 'POST', path: publishPath(DEMO_SPACE_ID), body: { body: 'After' } }) as Post;
    expect(snapshot.posts.map((p) => p.id)).not.toContain(next.id);
  });

  it('keeps per-person state apart: reactions, ballots, join requests, acknowledgements and scheduled posts', () => {
    const snapshot = busyWorld().snapshot();
    expect(snapshot.reactions.some((r) => Object.keys(r.mine).includes('demo-lena'))).toBe(true);
    expect(snapshot.polls[0]?.ballots).toMatchObject({ 'demo-ada': expect.any(Array), 'demo-hugo': expect.any(Array), 'demo-lena': expect.any(Array) });
    expect(snapshot.joinRequests).toEqual([expect.objectContaining({ spaceId: 'inner', actor: expect.objectContaining({ id: 'visitor' }) })]);
    expect(snapshot.scheduled).toHaveLength(1);
    expect(Object.values(snapshot.acknowledgements)).toEqual([[]]);
  });

  it('refuses what it cannot read, saying why, and changes nothing', () => {
    const world = busyWorld();
    const before = withoutTime(world.snapshot());
    expect(() => world.restore('not json')).toThrow(/not JSON/);
    expect(() => world.restore(JSON.stringify({ format: 'ecotone-world', version: 2 }))).toThrow(/version 2 is newer/);
    expect(() => readSnapshot({ ...world.snapshot(), posts: 'none' })).toThrow(SnapshotError);
    expect(() => readSnapshot({ ...world.snapshot(), posts: 'none' })).toThrow('"posts" must be a list');
    expect(() => readSnapshot([])).toThrow(/expected a JSON object/);
    expect(withoutTime(world.snapshot())).toEqual(before);
  });
});
