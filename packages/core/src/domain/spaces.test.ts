import { describe, expect, it, vi } from 'vitest';
import type { Subscription } from 'rxjs';
import type { Actor, Space } from '@ecotone/protocol';
import { createClient } from '../client.js';
import type { EcotoneError } from '../errors.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import type { MembersState, SpacesState } from '../types.js';
import { ana, ben, flush, me } from '../_fixtures.js';

const cleo: Actor = { id: 'cleo', displayName: 'Cleo', site: 'Basel', locale: 'de' };

function space(id: string, overrides: Partial<Space> = {}): Space {
  return { id, name: id, description: '', visibility: 'open', locale: 'en', role: null, canPublish: false, ...overrides };
}

function setup() {
  const transport = new MemoryTransport({
    me: { ...me, memberships: [{ spaceId: 'lyon', actorId: 'ana', role: 'owner' }] },
    spaces: [
      space('lyon', { name: 'Lyon', site: 'Lyon', role: 'owner', canPublish: true }),
      space('basel', { name: 'Basel', site: 'Basel', description: 'Neuigkeiten' }),
      space('rnd', { name: 'Recherche et développement', visibility: 'private', site: 'Lyon' }),
      space('secret', { name: 'Secret', visibility: 'secret' }),
    ],
    posts: [],
    members: { lyon: [{ actor: ben, role: 'member', since: '2026-01-01T00:00:00Z' }] },
    joinRequests: [{ spaceId: 'lyon', actor: cleo, message: 'Hello', createdAt: '2026-11-01T00:00:00Z' }],
  });
  const client = createClient({ transport, locale: 'en' });
  return { transport, client };
}

function watch<T>(source: { subscribe(fn: (v: T) => void): Subscription }) {
  const states: T[] = [];
  const sub = source.subscribe((s) => states.push(s));
  return { last: () => states.at(-1)!, states, sub };
}

const ids = (s: SpacesState) => s.items.map((x) => x.id);

/** Waits for a view to leave `loading` (its domain loads lazily). */
function ready(view: { last: () => { status: string } }): Promise<void> {
  return vi.waitFor(() => expect(view.last().status).not.toBe('loading'));
}

describe('spaces directory', () => {
  it('lists what the caller may see, filtered by site, words (accents ignored) and membership', async () => {
    const { client } = setup();
    const all = watch(client.spaceDirectory().state$);
    expect(all.states[0]!.status).toBe('loading');
    await ready(all);
    expect(ids(all.last())).toEqual(['basel', 'lyon', 'rnd']);
    expect(all.last().items.find((s) => s.id === 'lyon')!.memberCount).toBe(2);
    const lyon = watch(client.spaceDirectory({ site: 'Lyon' }).state$);
    const words = watch(client.spaceDirectory({ q: 'developpement' }).state$);
    const mine = watch(client.spaceDirectory({ mine: true }).state$);
    await Promise.all([ready(lyon), ready(words), ready(mine)]);
    expect(ids(lyon.last())).toEqual(['lyon', 'rnd']);
    expect(ids(words.last())).toEqual(['rnd']);
    expect(ids(mine.last())).toEqual(['lyon']);
    client.close();
  });

  it('joins an open space at once: every view and me() follow, and "mine" lists it', async () => {
    const { client } = setup();
    const all = watch(client.spaceDirectory().state$);
    const mine = watch(client.spaceDirectory({ mine: true }).state$);
    await Promise.all([ready(all), ready(mine)]);
    const joining = client.joinSpace('basel');
    expect(all.last().pending.has('basel')).toBe(true);
    const result = await joining;
    expect(result.status).toBe('joined');
    await flush();
    expect(all.last().pending.size).toBe(0);
    expect(all.last().items.find((s) => s.id === 'basel')).toMatchObject({ role: 'member', canPublish: true, memberCount: 1 });
    expect(ids(mine.last())).toEqual(['basel', 'lyon']);
    expect((await client.me()).memberships.find((m) => m.spaceId === 'basel')?.role).toBe('member');
    await client.leaveSpace('basel');
    await flush();
    expect(all.last().items.find((s) => s.id === 'basel')).toMatchObject({ role: null, memberCount: 0 });
    expect((await client.me()).memberships.some((m) => m.spaceId === 'basel')).toBe(false);
    expect(ids(mine.last())).toEqual(['lyon']);
    client.close();
  });

  it('asks to join a private space; leaving then withdraws the request', async () => {
    const { client } = setup();
    const all = watch(client.spaceDirectory().state$);
    await ready(all);
    const result = await client.joinSpace('rnd', 'I would like to help');
    expect(result.status).toBe('requested');
    await flush();
    expect(all.last().items.find((s) => s.id === 'rnd')).toMatchObject({ role: null, joinRequest: 'pending' });
    await client.leaveSpace('rnd');
    await flush();
    expect(all.last().items.find((s) => s.id === 'rnd')!.joinRequest).toBeUndefined();
    client.close();
  });

  it('keeps a failed load as an error with a retry, and a refused join changes nothing', async () => {
    const { client, transport } = setup();
    transport.failNext('internal', 1, { match: (r) => r.path.endsWith('/spaces') });
    const all = watch(client.spaceDirectory().state$);
    await ready(all);
    expect(all.last().status).toBe('error');
    expect(all.last().error?.code).toBe('internal');
    await client.spaceDirectory().refresh();
    expect(all.last().status).toBe('ready');
    transport.failNext('forbidden');
    await expect(client.joinSpace('basel')).rejects.toMatchObject({ code: 'forbidden' });
    expect(all.last().items.find((s) => s.id === 'basel')!.role).toBeNull();
    expect(all.last().pending.size).toBe(0);
    client.close();
  });
});

describe('members and join requests', () => {
  const names = (s: MembersState) => s.items.map((m) => `${m.actor.id}:${m.role}`);

  it('lists members (owners first) and, for an owner, pending requests; approving moves a request to the members', async () => {
    const { client } = setup();
    const members = watch(client.members('lyon').state$);
    const all = watch(client.spaceDirectory().state$);
    await Promise.all([ready(members), ready(all)]);
    expect(names(members.last())).toEqual(['ana:owner', 'ben:member']);
    expect(members.last().requests.map((r) => r.actor.id)).toEqual(['cleo']);
    const approved = await client.decideJoinRequest('lyon', 'cleo', true, 'reader');
    expect(approved).toMatchObject({ role: 'reader', actor: { id: 'cleo' } });
    await flush();
    expect(names(members.last())).toEqual(['ana:owner', 'ben:member', 'cleo:reader']);
    expect(members.last().requests).toEqual([]);
    expect(all.last().items.find((s) => s.id === 'lyon')!.memberCount).toBe(3);
    client.close();
  });

  it('changes roles and removes members; never the last owner', async () => {
    const { client } = setup();
    const members = watch(client.members('lyon').state$);
    await ready(members);
    const promoting = client.setRole('lyon', 'ben', 'correspondent');
    expect(members.last().pending.has('ben')).toBe(true);
    await promoting;
    await flush();
    expect(names(members.last())).toContain('ben:correspondent');
    expect(members.last().pending.size).toBe(0);
    const refused = await client.setRole('lyon', 'ana', 'member').catch((e: EcotoneError) => e);
    expect((refused as EcotoneError).code).toBe('last_owner');
    expect(names(members.last())).toContain('ana:owner');
    await client.removeMember('lyon', 'ben');
    await flush();
    expect(names(members.last())).toEqual(['ana:owner']);
    await client.decideJoinRequest('lyon', 'cleo', false);
    await flush();
    expect(members.last().requests).toEqual([]);
    client.close();
  });

  it('follows membership.changed events: a new request reaches an owner watching the list', async () => {
    const { client, transport } = setup();
    const members = watch(client.members('lyon').state$);
    await ready(members);
    transport.addJoinRequest({ spaceId: 'lyon', actor: { ...ana, id: 'dora', displayName: 'Dora' }, message: '', createdAt: '2026-11-02T00:00:00Z' });
    await flush();
    expect(members.last().requests.map((r) => r.actor.id)).toEqual(['cleo', 'dora']);
    client.close();
  });

  it('a non-member cannot list the members of a private space', async () => {
    const { client } = setup();
    const members = watch(client.members('rnd').state$);
    await ready(members);
    expect(members.last().status).toBe('error');
    expect(members.last().error?.code).toBe('not_found');
    client.close();
  });
});
