import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  JoinRequestList,
  JoinResult,
  MemberPage,
  MembershipChangedEvent,
  Problem,
  Space,
  SpaceList,
  SpaceMember,
} from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, YIELDING_QUERIES, type TestServer } from '../_harness.js';

/** A join answer or a problem: both have a `status`, of different types. */
type JoinAnswer = Omit<JoinResult, 'status'> & Omit<Problem, 'status'> & { status: JoinResult['status'] | number };

function helpers(server: TestServer) {
  const join = (space: string, as: string, body?: unknown) =>
    server.json<JoinAnswer>(`/api/v1/spaces/${space}/join`, { method: 'POST', as, ...(body === undefined ? {} : { body }) });
  const members = (space: string, as: string, query = '') =>
    server.json<MemberPage & Problem>(`/api/v1/spaces/${space}/members${query}`, { as });
  const setRole = (space: string, actor: string, as: string, body: unknown) =>
    server.json<SpaceMember & Problem>(`/api/v1/spaces/${space}/members/${actor}`, { method: 'PUT', as, body });
  const remove = (space: string, actor: string, as: string) =>
    server.json<Problem>(`/api/v1/spaces/${space}/members/${actor}`, { method: 'DELETE', as });
  const requests = (space: string, as: string) => server.json<JoinRequestList & Problem>(`/api/v1/spaces/${space}/requests`, { as });
  const approve = (space: string, actor: string, as: string, body?: unknown) =>
    server.json<SpaceMember & Problem>(`/api/v1/spaces/${space}/requests/${actor}`, {
      method: 'PUT',
      as,
      ...(body === undefined ? {} : { body }),
    });
  const drop = (space: string, actor: string, as: string) =>
    server.json<Problem>(`/api/v1/spaces/${space}/requests/${actor}`, { method: 'DELETE', as });
  const space = (id: string, as: string) => server.json<Space & Problem>(`/api/v1/spaces/${id}`, { as });
  const directory = (as: string, query = '') => server.json<SpaceList & Problem>(`/api/v1/spaces${query}`, { as });
  const roleOf = async (spaceId: string, actorId: string) =>
    (
      await server.db
        .selectFrom('memberships')
        .select('role')
        .where('space_id', '=', spaceId)
        .where('actor_id', '=', actorId)
        .executeTakeFirst()
    )?.role ?? null;
  const owners = async (spaceId: string) =>
    (await server.db.selectFrom('memberships').select('actor_id').where('space_id', '=', spaceId).where('role', '=', 'owner').execute()).map(
      (r) => r.actor_id,
    );
  return { join, members, setRole, remove, requests, approve, drop, space, directory, roleOf, owners };
}

/** Rows of the tables a membership change writes, to prove that a refusal wrote nothing. */
async function membershipRows(server: TestServer) {
  return {
    memberships: await countRows(server.db, 'memberships'),
    requests: await countRows(server.db, 'join_requests'),
    events: await countRows(server.db, 'events'),
  };
}

describe('spaces directory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('gives every space its member count and the caller\'s pending request', async () => {
    const { directory, space } = helpers(server);
    const { status, body } = await directory('marco');
    expect(status).toBe(200);
    const byId = new Map(body.items.map((s) => [s.id, s]));
    expect(byId.get('general')).toMatchObject({ memberCount: 12, role: 'reader' });
    expect(byId.get('rnd-oncology')).toMatchObject({ memberCount: 5, role: null, joinRequest: 'pending' });
    expect(byId.get('general')?.joinRequest).toBeUndefined();
    expect(byId.has('security-watch')).toBe(false);
    expect((await space('rnd-oncology', 'marco')).body).toMatchObject({ memberCount: 5, joinRequest: 'pending' });
    const owner = await space('rnd-oncology', 'priya');
    expect(owner.body).toMatchObject({ memberCount: 5, role: 'owner' });
    expect(owner.body.joinRequest).toBeUndefined();
    expect((await space('security-watch', 'julien')).body).toMatchObject({ memberCount: 3, role: 'owner' });
  });

  it('finds words in names and descriptions whatever their accents and case, never secret spaces for outsiders', async () => {
    const { directory } = helpers(server);
    const ids = async (as: string, query: string) => (await directory(as, query)).body.items.map((s) => s.id);
    // "Veille sécurité : vulnérabilités…", the description of the secret space.
    expect(await ids('julien', '?q=securite')).toEqual(['security-watch']);
    expect(await ids('julien', '?q=S%C3%89CURIT%C3%89%20vulnerabilites')).toEqual(['security-watch']);
    expect(await ids('amelie', '?q=securite')).toEqual([]);
    expect(await ids('amelie', '?q=lyon')).toEqual(['lyon-site']);
    // Every word must be found: one that is nowhere empties the list.
    expect(await ids('amelie', '?q=lyon%20basel')).toEqual([]);
    expect(await ids('amelie', '?q=')).toHaveLength(7);
    expect(await ids('amelie', '?q=%25')).toHaveLength(7);
    expect(await ids('amelie', '?q=100%25')).toEqual([]);
  });

  it('filters by site and by the caller\'s own spaces, combined with the words', async () => {
    const { directory } = helpers(server);
    const ids = async (as: string, query: string) => (await directory(as, query)).body.items.map((s) => s.id).sort();
    expect(await ids('amelie', '?site=Basel')).toEqual(['basel-site']);
    expect(await ids('amelie', '?site=Nowhere')).toEqual([]);
    // A pending request is not membership.
    expect(await ids('marco', '?mine=true')).toEqual(['announcements', 'basel-site', 'general', 'tech-watch']);
    expect(await ids('marco', '?mine=false')).toHaveLength(7);
    expect(await ids('julien', '?mine=true&q=watch')).toEqual(['security-watch', 'tech-watch']);
    expect(await ids('lukas', '?mine=true&site=Basel&q=standort')).toEqual(['basel-site']);
  });

  it('refuses bad filters with problem+json naming the field', async () => {
    const { directory } = helpers(server);
    const cases: [string, string][] = [
      [`?q=${'a'.repeat(101)}`, '/query/q'],
      ['?mine=perhaps', '/query/mine'],
      ['?site=', '/query/site'],
      ['?sort=name', '/query/sort'],
    ];
    for (const [query, path] of cases) {
      const { status, body, res } = await directory('amelie', query);
      expect(status, query).toBe(400);
      expect(body.code).toBe('validation_failed');
      expect(body.errors?.map((e) => e.path)).toContain(path);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('joining', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('makes the caller a member of an open space at once, and changes nothing for members', async () => {
    const { join, roleOf } = helpers(server);
    const joined = await join('cambridge-site', 'sophie');
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ status: 'joined', space: { id: 'cambridge-site', role: 'member', canPublish: true, memberCount: 4 } });
    expect(await roleOf('cambridge-site', 'sophie')).toBe('member');
    const again = await join('cambridge-site', 'sophie', {});
    expect(again.body).toMatchObject({ status: 'joined', space: { role: 'member', memberCount: 4 } });
    // A reader stays a reader.
    const reader = await join('general', 'marco', {});
    expect(reader.body).toMatchObject({ status: 'joined', space: { role: 'reader', canPublish: false } });
    expect(await roleOf('general', 'marco')).toBe('reader');
  });

  it('asks to join a private space, once, keeping the message for its owners', async () => {
    const { join, requests } = helpers(server);
    const before = await countRows(server.db, 'join_requests');
    const asked = await join('rnd-oncology', 'thomas', { message: 'Je coordonne les essais à Lyon.' });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'requested', space: { id: 'rnd-oncology', role: null, joinRequest: 'pending', memberCount: 5 } });
    const again = await join('rnd-oncology', 'thomas', { message: 'Second thoughts' });
    expect(again.body.status).toBe('requested');
    expect(await countRows(server.db, 'join_requests')).toBe(before + 1);
    const list = await requests('rnd-oncology', 'priya');
    expect(list.body.items.find((r) => r.actor.id === 'thomas')).toMatchObject({
      spaceId: 'rnd-oncology',
      actor: { id: 'thomas', displayName: 'Thomas Moreau' },
      message: 'Je coordonne les essais à Lyon.',
    });
    // A member of the private space is in already.
    expect((await join('rnd-oncology', 'anna')).body).toMatchObject({ status: 'joined', space: { role: 'member' } });
  });

  it('takes a join without any body, as a client sends a bare POST', async () => {
    const res = await server.api('/api/v1/spaces/lyon-site/join', { method: 'POST', as: 'oliver' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JoinResult).status).toBe('joined');
    const empty = await server.api('/api/v1/spaces/rnd-oncology/join', {
      method: 'POST',
      as: 'julien',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(200);
    expect(((await empty.json()) as JoinResult).status).toBe('requested');
    const stored = await server.db
      .selectFrom('join_requests')
      .select('message')
      .where('space_id', '=', 'rnd-oncology')
      .where('actor_id', '=', 'julien')
      .executeTakeFirstOrThrow();
    expect(stored.message).toBe('');
  });

  it('answers 404 for a secret space to a non-member and an unknown space; lets a member through', async () => {
    const { join } = helpers(server);
    const before = await membershipRows(server);
    const secret = await join('security-watch', 'amelie', { message: 'Let me in' });
    expect(secret.status).toBe(404);
    expect(secret.body.code).toBe('not_found');
    expect((await join('nope', 'amelie')).status).toBe(404);
    expect(await membershipRows(server)).toEqual(before);
    expect((await join('security-watch', 'lukas')).body).toMatchObject({ status: 'joined', space: { role: 'member' } });
  });

  it('refuses bad bodies with a stable code and writes nothing', async () => {
    const { join } = helpers(server);
    const before = await membershipRows(server);
    const long = await join('rnd-oncology', 'hannah', { message: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('validation_failed');
    expect(long.body.errors?.[0]?.path).toBe('/body/message');
    const extra = await join('rnd-oncology', 'hannah', { message: 'hi', role: 'owner' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors?.[0]?.path).toBe('/body/role');
    const notAnObject = await join('rnd-oncology', 'hannah', 'please');
    expect(notAnObject.body.code).toBe('validation_failed');
    const raw = await server.json<Problem>('/api/v1/spaces/rnd-oncology/join', { method: 'POST', as: 'hannah', body: '{"message":', raw: true });
    expect(raw.status).toBe(400);
    expect(raw.body.code).toBe('malformed_json');
    expect(await membershipRows(server)).toEqual(before);
  });
});

describe('members', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('lists owners, correspondents, members then readers, by name, to whoever reads the space', async () => {
    const { members } = helpers(server);
    const { status, body } = await members('rnd-oncology', 'jonas');
    expect(status).toBe(200);
    expect(body.items.map((m) => [m.actor.id, m.role])).toEqual([
      ['priya', 'owner'],
      ['anna', 'member'],
      ['camille', 'member'],
      ['oliver', 'member'],
      ['jonas', 'reader'],
    ]);
    expect(body.items[0]).toMatchObject({ actor: { displayName: 'Priya Raman', site: 'Cambridge' }, since: expect.any(String) });
    expect(body.nextCursor).toBeNull();
    // An open space shows its members to everyone, members or not.
    const open = await members('lyon-site', 'priya');
    expect(open.body.items.map((m) => m.actor.id)).toEqual(['amelie', 'thomas', 'camille', 'julien']);
    expect((await members('rnd-oncology', 'jonas', '?role=member')).body.items.map((m) => m.actor.id)).toEqual([
      'anna',
      'camille',
      'oliver',
    ]);
  });

  it('pages with a cursor, every member once, in order', async () => {
    const { members } = helpers(server);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: MemberPage } = await members('general', 'marco', `?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.items.map((m) => m.actor.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    // amelie owns general; hannah and lukas correspond (by name: Hannah Clarke, Lukas Meier); marco reads, last.
    expect(seen.slice(0, 3)).toEqual(['amelie', 'hannah', 'lukas']);
    expect(seen.at(-1)).toBe('marco');
  });

  it('is 404 for outsiders of private and secret spaces; refuses bad queries', async () => {
    const { members } = helpers(server);
    expect((await members('rnd-oncology', 'amelie')).status).toBe(404);
    const secret = await members('security-watch', 'amelie');
    expect(secret.status).toBe(404);
    expect(secret.body.code).toBe('not_found');
    const forged = await members('general', 'amelie', '?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('invalid_cursor');
    const tooMany = await members('general', 'amelie', '?limit=101');
    expect(tooMany.body.errors?.[0]?.path).toBe('/query/limit');
    expect((await members('general', 'amelie', '?role=boss')).body.errors?.[0]?.path).toBe('/query/role');
  });

  it('lets owners add people and change roles, answering their pending request; 403 for other members', async () => {
    const { setRole, roleOf, requests } = helpers(server);
    const added = await setRole('rnd-oncology', 'marco', 'priya', { role: 'reader' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ actor: { id: 'marco', displayName: 'Marco Rossi' }, role: 'reader', since: expect.any(String) });
    // marco had asked to join: the request is answered.
    expect((await requests('rnd-oncology', 'priya')).body.items.map((r) => r.actor.id)).toEqual(['sophie']);
    const promoted = await setRole('rnd-oncology', 'marco', 'priya', { role: 'correspondent' });
    expect(promoted.body).toMatchObject({ role: 'correspondent', since: added.body.since });
    expect(await roleOf('rnd-oncology', 'marco')).toBe('correspondent');

    const before = await membershipRows(server);
    const member = await setRole('rnd-oncology', 'marco', 'anna', { role: 'owner' });
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('forbidden');
    // A private space is visible to outsiders, so they are refused, not ignored.
    expect((await setRole('rnd-oncology', 'amelie', 'amelie', { role: 'owner' })).status).toBe(403);
    expect((await setRole('rnd-oncology', 'nobody', 'priya', { role: 'member' })).status).toBe(404);
    const badRole = await setRole('rnd-oncology', 'marco', 'priya', { role: 'boss' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors?.[0]?.path).toBe('/body/role');
    expect((await setRole('rnd-oncology', 'marco', 'priya', {})).body.errors?.[0]?.path).toBe('/body/role');
    expect(await membershipRows(server)).toEqual(before);
  });

  it('lets an owner remove anyone and anyone leave; 403 for removing others, 404 for non-members', async () => {
    const { remove, roleOf, setRole } = helpers(server);
    await setRole('cambridge-site', 'anna', 'hannah', { role: 'member' });
    const refused = await remove('cambridge-site', 'anna', 'priya');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    expect((await remove('cambridge-site', 'anna', 'hannah')).status).toBe(204);
    expect(await roleOf('cambridge-site', 'anna')).toBeNull();
    expect((await remove('cambridge-site', 'anna', 'hannah')).status).toBe(404);

    // Leaving a private space: its content is then out of reach.
    expect((await server.json('/api/v1/spaces/rnd-oncology/feed', { as: 'camille' })).status).toBe(200);
    expect((await remove('rnd-oncology', 'camille', 'camille')).status).toBe(204);
    expect((await server.json('/api/v1/spaces/rnd-oncology/feed', { as: 'camille' })).status).toBe(404);
    expect((await remove('rnd-oncology', 'camille', 'camille')).status).toBe(404);
  });

  it('keeps an owner: the last one can neither step down, leave nor be removed (409 last_owner)', async () => {
    const { setRole, remove, owners } = helpers(server);
    const before = await membershipRows(server);
    const demote = await setRole('lyon-site', 'amelie', 'amelie', { role: 'member' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_owner');
    expect(demote.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await remove('lyon-site', 'amelie', 'amelie')).body.code).toBe('last_owner');
    expect(await membershipRows(server)).toEqual(before);
    // With a second owner, the first may go.
    expect((await setRole('lyon-site', 'thomas', 'amelie', { role: 'owner' })).status).toBe(200);
    expect((await setRole('lyon-site', 'amelie', 'amelie', { role: 'member' })).status).toBe(200);
    expect(await owners('lyon-site')).toEqual(['thomas']);
    expect((await remove('lyon-site', 'thomas', 'amelie')).status).toBe(403);
    expect((await remove('lyon-site', 'thomas', 'thomas')).body.code).toBe('last_owner');
  });
});

describe('the last-owner rule under concurrent requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Queries yield to the event loop, so concurrent requests really interleave.
    server = await startTestServer({ dbPlugins: [YIELDING_QUERIES] });
  });
  afterAll(() => server.close());

  it('never leaves a space without an owner when owners act at once', async () => {
    const { setRole, remove, owners } = helpers(server);
    for (let round = 0; round < 5; round++) {
      // Two owners of basel-site…
      await setRole('basel-site', 'anna', 'lukas', { role: 'owner' });
      expect((await owners('basel-site')).sort()).toEqual(['anna', 'lukas']);
      const [a, b] = await Promise.all(
        round % 2 === 0
          ? // …demoting each other,
            [setRole('basel-site', 'lukas', 'anna', { role: 'member' }), setRole('basel-site', 'anna', 'lukas', { role: 'member' })]
          : // …or both leaving.
            [remove('basel-site', 'lukas', 'lukas'), remove('basel-site', 'anna', 'anna')],
      );
      const statuses = [a.status, b.status].sort();
      // One wins; the other is no longer an owner (403) or the last one (409).
      expect(statuses[0] === 200 || statuses[0] === 204).toBe(true);
      expect([403, 409]).toContain(statuses[1]);
      const left = await owners('basel-site');
      expect(left).toHaveLength(1);
      // Back to lukas as the one owner, anna as a correspondent.
      const owner = left[0]!;
      if (owner !== 'lukas') {
        await setRole('basel-site', 'lukas', owner, { role: 'owner' });
        await setRole('basel-site', owner, 'lukas', { role: 'correspondent' });
      } else {
        await setRole('basel-site', 'anna', 'lukas', { role: 'correspondent' });
      }
    }
    // Three owners stepping down at once: two may, one stays.
    await setRole('basel-site', 'anna', 'lukas', { role: 'owner' });
    await setRole('basel-site', 'sophie', 'lukas', { role: 'owner' });
    const results = await Promise.all(
      ['lukas', 'anna', 'sophie'].map((as) => setRole('basel-site', as, as, { role: 'member' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    expect(await owners('basel-site')).toHaveLength(1);
  });

  it('keeps one owner when every member of a space is made an owner and all step down at once', async () => {
    const { setRole, owners } = helpers(server);
    const people = ['amelie', 'thomas', 'camille', 'julien', 'lukas', 'anna', 'jonas', 'sophie', 'priya', 'oliver', 'hannah', 'marco'];
    for (const person of people.slice(1)) await setRole('general', person, 'amelie', { role: 'owner' });
    expect(await owners('general')).toHaveLength(12);
    const results = await Promise.all(people.map((as) => setRole('general', as, as, { role: 'member' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(11);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(['last_owner']);
    expect(await owners('general')).toHaveLength(1);
  });
});

describe('join requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('are listed to owners, oldest first; 403 to other people who see the space, 404 to outsiders of a secret one', async () => {
    const { requests } = helpers(server);
    const { status, body } = await requests('rnd-oncology', 'priya');
    expect(status).toBe(200);
    expect(body.items.map((r) => r.actor.id)).toEqual(['marco', 'sophie']);
    expect(body.items[0]!.message).toMatch(/cell-therapy/);
    expect(body.items[0]!.createdAt < body.items[1]!.createdAt).toBe(true);
    expect((await requests('rnd-oncology', 'anna')).status).toBe(403);
    expect((await requests('rnd-oncology', 'amelie')).status).toBe(403);
    expect((await requests('rnd-oncology', 'marco')).status).toBe(403);
    expect((await requests('security-watch', 'amelie')).status).toBe(404);
    expect((await requests('security-watch', 'julien')).body.items).toEqual([]);
  });

  it('are approved by owners with a role (member by default), 404 when there is none', async () => {
    const { approve, roleOf, requests, space } = helpers(server);
    expect((await approve('rnd-oncology', 'sophie', 'anna')).status).toBe(403);
    const approved = await approve('rnd-oncology', 'sophie', 'priya');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ actor: { id: 'sophie' }, role: 'member' });
    expect(await roleOf('rnd-oncology', 'sophie')).toBe('member');
    expect((await space('rnd-oncology', 'sophie')).body).toMatchObject({ role: 'member', memberCount: 6 });
    expect((await space('rnd-oncology', 'sophie')).body.joinRequest).toBeUndefined();
    const again = await approve('rnd-oncology', 'sophie', 'priya');
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');

    await helpers(server).join('rnd-oncology', 'hannah', { message: 'For the Cambridge seminar' });
    const asReader = await approve('rnd-oncology', 'hannah', 'priya', { role: 'reader' });
    expect(asReader.body.role).toBe('reader');
    expect((await approve('rnd-oncology', 'thomas', 'priya', { role: 'boss' })).body.errors?.[0]?.path).toBe('/body/role');
    expect((await requests('rnd-oncology', 'priya')).body.items.map((r) => r.actor.id)).toEqual(['marco']);
  });

  it('are declined by owners or withdrawn by the person who asked; 403 for others', async () => {
    const { drop, join, requests, space } = helpers(server);
    const stranger = await drop('rnd-oncology', 'marco', 'amelie');
    expect(stranger.status).toBe(403);
    expect((await drop('rnd-oncology', 'marco', 'anna')).status).toBe(403);
    expect((await drop('rnd-oncology', 'marco', 'marco')).status).toBe(204);
    expect((await space('rnd-oncology', 'marco')).body.joinRequest).toBeUndefined();
    expect((await drop('rnd-oncology', 'marco', 'marco')).status).toBe(404);
    await join('rnd-oncology', 'marco', { message: 'Again, please' });
    expect((await drop('rnd-oncology', 'marco', 'priya')).status).toBe(204);
    expect((await requests('rnd-oncology', 'priya')).body.items).toEqual([]);
    expect((await drop('security-watch', 'marco', 'amelie')).status).toBe(404);
  });
});

describe('secret spaces and publishing rights', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answer 404 to a non-member everywhere: the space, its posts, comments, memberships and requests', async () => {
    const before = await membershipRows(server);
    const as = 'amelie';
    const notFound: [string, string, unknown?][] = [
      ['GET', '/api/v1/spaces/security-watch'],
      ['GET', '/api/v1/spaces/security-watch/feed'],
      ['GET', '/api/v1/feed?spaces=general,security-watch'],
      ['POST', '/api/v1/spaces/security-watch/posts', { body: 'Hello?' }],
      ['GET', '/api/v1/posts/demo-security-watch-001'],
      ['GET', '/api/v1/posts/demo-security-watch-001/comments'],
      ['POST', '/api/v1/posts/demo-security-watch-001/comments', { body: 'Hello?' }],
      ['POST', '/api/v1/spaces/security-watch/join', {}],
      ['GET', '/api/v1/spaces/security-watch/members'],
      ['PUT', '/api/v1/spaces/security-watch/members/amelie', { role: 'owner' }],
      ['PUT', '/api/v1/spaces/security-watch/members/lukas', { role: 'reader' }],
      ['DELETE', '/api/v1/spaces/security-watch/members/lukas'],
      ['DELETE', '/api/v1/spaces/security-watch/members/amelie'],
      ['GET', '/api/v1/spaces/security-watch/requests'],
      ['PUT', '/api/v1/spaces/security-watch/requests/amelie', {}],
      ['DELETE', '/api/v1/spaces/security-watch/requests/amelie'],
    ];
    for (const [method, path, body] of notFound) {
      const res = await server.json<Problem>(path, { method, as, ...(body === undefined ? {} : { body }) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect(await membershipRows(server)).toEqual(before);
    // Its listing and search never show it either.
    const listed = await server.json<SpaceList>('/api/v1/spaces?q=security', { as });
    expect(listed.body.items.map((s) => s.id)).toEqual([]);
  });

  it('refuses a reader who publishes (403) and a member who publishes an announcement (403)', async () => {
    const reader = await server.json<Problem>('/api/v1/spaces/general/posts', { method: 'POST', as: 'marco', body: { body: 'Hi' } });
    expect(reader.status).toBe(403);
    expect(reader.body.code).toBe('forbidden');
    const member = await server.json<Problem>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'thomas',
      body: { body: 'Official', kind: 'announcement' },
    });
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('forbidden');
    // Promoted by an owner, the same member may.
    await server.json(`/api/v1/spaces/general/members/thomas`, { method: 'PUT', as: 'amelie', body: { role: 'correspondent' } });
    const now = await server.json('/api/v1/spaces/general/posts', { method: 'POST', as: 'thomas', body: { body: 'Official', kind: 'announcement' } });
    expect(now.status).toBe(201);
  });
});

describe('membership.changed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const publish = (space: string, as: string, body: string) =>
    server.json<{ id: string }>(`/api/v1/spaces/${space}/posts`, { method: 'POST', as, body: { body } });
  const isMembership = (actorId: string, spaceId = 'rnd-oncology') => (m: { event: string; data: string }) =>
    m.event === 'membership.changed' &&
    (JSON.parse(m.data) as MembershipChangedEvent).actorId === actorId &&
    (JSON.parse(m.data) as MembershipChangedEvent).spaceId === spaceId;

  it('reaches the person and the space\'s owners only, at every step, and moves the stream with the membership', async () => {
    const { join, approve, remove } = helpers(server);
    const thomas = await openEvents(server, { as: 'thomas' });
    const priya = await openEvents(server, { as: 'priya' });
    const anna = await openEvents(server, { as: 'anna' });
    const amelie = await openEvents(server, { as: 'amelie' });

    // Before: thomas does not read the private space.
    await publish('rnd-oncology', 'priya', 'Before thomas joins');
    await anna.next((m) => m.event === 'post.created' && m.data.includes('Before thomas joins'));

    await join('rnd-oncology', 'thomas', { message: 'Bonjour' });
    const expected: MembershipChangedEvent = {
      type: 'membership.changed',
      spaceId: 'rnd-oncology',
      actorId: 'thomas',
      role: null,
      joinRequest: 'pending',
    };
    expect(JSON.parse((await thomas.next(isMembership('thomas'))).data)).toEqual(expected);
    expect(JSON.parse((await priya.next(isMembership('thomas'))).data)).toEqual(expected);

    await approve('rnd-oncology', 'thomas', 'priya');
    const approved = { ...expected, role: 'member', joinRequest: null };
    expect(JSON.parse((await thomas.next(isMembership('thomas'))).data)).toEqual(approved);
    expect(JSON.parse((await priya.next(isMembership('thomas'))).data)).toEqual(approved);

    // Now a member: the same connection gets the space's posts.
    await publish('rnd-oncology', 'priya', 'Welcome thomas');
    await thomas.next((m) => m.event === 'post.created' && m.data.includes('Welcome thomas'));

    await remove('rnd-oncology', 'thomas', 'priya');
    expect(JSON.parse((await thomas.next(isMembership('thomas'))).data)).toEqual({ ...expected, role: null, joinRequest: null });
    await publish('rnd-oncology', 'priya', 'After thomas left');
    await anna.next((m) => m.data.includes('After thomas left'));
    await priya.next((m) => m.data.includes('After thomas left'));
    await thomas.expectNone(200, (m) => m.event === 'post.created' && m.data.includes('rnd-oncology'));
    expect(thomas).toBeDefined();

    // Never to members who do not own the space, nor to strangers.
    await anna.expectNone(100, (m) => m.event === 'membership.changed');
    await amelie.expectNone(100, (m) => m.event === 'membership.changed');
    await amelie.expectNone(0, (m) => m.event === 'post.created' && m.data.includes('rnd-oncology'));
    for (const s of [thomas, priya, anna, amelie]) s.close();
  });

  it('announces declines, withdrawals, role changes and open joins; not repeats', async () => {
    const { join, drop, setRole } = helpers(server);
    const marco = await openEvents(server, { as: 'marco' });
    const priya = await openEvents(server, { as: 'priya' });
    const hannah = await openEvents(server, { as: 'hannah' });
    const data = async (stream: typeof marco, actorId: string, spaceId?: string) =>
      JSON.parse((await stream.next(isMembership(actorId, spaceId))).data) as MembershipChangedEvent;

    await drop('rnd-oncology', 'marco', 'marco');
    expect(await data(marco, 'marco')).toMatchObject({ role: null, joinRequest: null });
    expect(await data(priya, 'marco')).toMatchObject({ role: null, joinRequest: null });
    await join('rnd-oncology', 'marco');
    expect(await data(marco, 'marco')).toMatchObject({ joinRequest: 'pending' });
    await join('rnd-oncology', 'marco');
    await drop('rnd-oncology', 'marco', 'priya');
    // The repeated request announced nothing: the next one is the decline.
    expect(await data(marco, 'marco')).toMatchObject({ joinRequest: null });

    await join('cambridge-site', 'marco');
    expect(await data(marco, 'marco', 'cambridge-site')).toMatchObject({ role: 'member', joinRequest: null });
    expect(await data(hannah, 'marco', 'cambridge-site')).toMatchObject({ role: 'member' });
    await setRole('cambridge-site', 'marco', 'hannah', { role: 'reader' });
    expect(await data(marco, 'marco', 'cambridge-site')).toMatchObject({ role: 'reader' });
    // The same role again is no change.
    await setRole('cambridge-site', 'marco', 'hannah', { role: 'reader' });
    await marco.expectNone(200, (m) => m.event === 'membership.changed');
    await priya.expectNone(0, (m) => m.event === 'membership.changed' && m.data.includes('cambridge-site'));
    for (const s of [marco, priya, hannah]) s.close();
  });

  it('lets someone added to a secret space receive its events from then on; replays only what they may see', async () => {
    const amelie = await openEvents(server, { as: 'amelie' });
    const oliver = await openEvents(server, { as: 'oliver' });
    const first = await publish('security-watch', 'julien', 'Before amelie');
    await oliver.next((m) => m.data.includes('Before amelie'));
    await server.json(`/api/v1/spaces/security-watch/members/amelie`, { method: 'PUT', as: 'julien', body: { role: 'member' } });
    const added = JSON.parse((await amelie.next(isMembership('amelie', 'security-watch'))).data) as MembershipChangedEvent;
    expect(added.role).toBe('member');
    await publish('security-watch', 'julien', 'After amelie');
    await amelie.next((m) => m.event === 'post.created' && m.data.includes('After amelie'));
    // Oliver is a member, not an owner: nothing about amelie.
    await oliver.expectNone(100, (m) => m.event === 'membership.changed');
    expect(first.status).toBe(201);
    amelie.close();
    oliver.close();

    // Removed, then replaying from before: her own removal, nothing of the space's content.
    const from = await server.db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
    await server.json(`/api/v1/spaces/security-watch/members/amelie`, { method: 'DELETE', as: 'julien' });
    await publish('security-watch', 'julien', 'After amelie left');
    const replay = await openEvents(server, { as: 'amelie', headers: { 'last-event-id': String(from.max) } });
    const removed = JSON.parse((await replay.next((m) => m.event === 'membership.changed')).data) as MembershipChangedEvent;
    expect(removed).toMatchObject({ spaceId: 'security-watch', actorId: 'amelie', role: null });
    await replay.expectNone(200, (m) => m.data.includes('After amelie left'));
    replay.close();
  });
});
