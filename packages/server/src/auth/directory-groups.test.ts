/**
 * Space memberships from the directory's groups (--group-space): unit rules
 * for reading the claim and choosing the role, then the server applying a
 * token's groups, on SQLite and PostgreSQL alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { Me } from '@ecotone/protocol';
import { grantsFor, groupsOf, parseGroupSpaceRule, type GroupSpaceRule } from './directory-groups.js';
import { startTestServer, TEST_NOW, type TestServer } from '../_harness.js';

describe('group rules and claims', () => {
  it('reads <group>=<space>[:role], the group up to the last "=" (LDAP names)', () => {
    expect(parseGroupSpaceRule('CN=Oncology,OU=Groups,DC=corp=rnd-oncology')).toEqual({
      group: 'CN=Oncology,OU=Groups,DC=corp',
      spaceId: 'rnd-oncology',
      role: 'member',
    });
    expect(parseGroupSpaceRule('/biotech/lyon=lyon-site:correspondent')).toEqual({ group: '/biotech/lyon', spaceId: 'lyon-site', role: 'correspondent' });
    for (const bad of ['lyon-site', '=lyon-site', 'g=lyon site', 'g=lyon-site:admin', 'g=lyon-site:owner:x', 'g=']) {
      expect(() => parseGroupSpaceRule(bad), bad).toThrow(/expected <group>=<space>/);
    }
  });

  it('reads the claim by its exact name first (AD FS URIs have dots), then as a path into nested claims', () => {
    const uri = 'http://schemas.xmlsoap.org/claims/Group';
    expect(groupsOf({ [uri]: ['Domain Users', 'Lyon'] }, uri)).toEqual(new Set(['Domain Users', 'Lyon']));
    expect(groupsOf({ realm_access: { roles: ['oncology'] } }, 'realm_access.roles')).toEqual(new Set(['oncology']));
    // One group alone may come as a string; other values are ignored.
    expect(groupsOf({ groups: 'Lyon' }, 'groups')).toEqual(new Set(['Lyon']));
    expect(groupsOf({ groups: ['a', 7, '', null, 'b'] }, 'groups')).toEqual(new Set(['a', 'b']));
    // Absent is not "in no group" (Entra ID leaves the claim out past its limit).
    expect(groupsOf({}, 'groups')).toBeUndefined();
    expect(groupsOf({ realm_access: {} }, 'realm_access.roles')).toBeUndefined();
    expect(groupsOf({ groups: [] }, 'groups')).toEqual(new Set());
  });

  it('grants each mapped space the highest role of the person\'s groups, and null to the others', () => {
    const rules: GroupSpaceRule[] = [
      { group: 'lab', spaceId: 'rnd', role: 'reader' },
      { group: 'leads', spaceId: 'rnd', role: 'owner' },
      { group: 'lab', spaceId: 'lyon', role: 'member' },
      { group: 'basel', spaceId: 'basel', role: 'member' },
    ];
    expect(grantsFor(rules, new Set(['lab', 'leads']))).toEqual(
      new Map([
        ['rnd', { role: 'owner', group: 'leads' }],
        ['lyon', { role: 'member', group: 'lab' }],
        ['basel', null],
      ]),
    );
  });
});

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
let issued = 0;
/** A fresh token each call (its own jti), as an identity provider issues them. */
const token = (sub: string, claims: Record<string, unknown> = {}) =>
  new SignJWT({ sub, name: sub, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(`t${++issued}`)
    .setIssuedAt(Math.floor(TEST_NOW.getTime() / 1000) - 60)
    .setExpirationTime(new Date(TEST_NOW.getTime() + 3_600_000))
    .sign(new TextEncoder().encode(SECRET));

describe('memberships follow the groups of each new token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      auth: {
        mode: 'jwt',
        secret: SECRET,
        groups: {
          claim: 'groups',
          rules: [
            parseGroupSpaceRule('CN=Oncology,OU=Groups,DC=corp=rnd-oncology'),
            parseGroupSpaceRule('sec-leads=security-watch:owner'),
            parseGroupSpaceRule('nobody=no-such-space'),
          ],
        },
      },
    });
  });
  afterAll(() => server.close());

  const rolesOf = async (bearer: string) => {
    const me = await server.json<Me>('/api/v1/me', { token: bearer });
    expect(me.status).toBe(200);
    return Object.fromEntries(me.body.memberships.map((m) => [m.spaceId, m.role]));
  };
  const changesFor = async (actorId: string) =>
    (await server.db.selectFrom('events').select('payload').where('type', '=', 'membership.changed').execute()).filter(
      (row) => (JSON.parse(row.payload) as { actorId: string }).actorId === actorId,
    ).length;

  it('adds a new person to the spaces of their groups on first sign-in, and they read them at once', async () => {
    const bearer = await token('nadia', { groups: ['CN=Oncology,OU=Groups,DC=corp', 'Domain Users'] });
    expect(await rolesOf(bearer)).toMatchObject({ 'rnd-oncology': 'member' });
    expect((await rolesOf(bearer))['security-watch']).toBeUndefined();
    expect((await server.api('/api/v1/spaces/rnd-oncology/feed', { token: bearer })).status).toBe(200);
    const row = await server.db.selectFrom('memberships').select('directory_group').where('actor_id', '=', 'nadia').where('space_id', '=', 'rnd-oncology').executeTakeFirstOrThrow();
    expect(row.directory_group).toBe('CN=Oncology,OU=Groups,DC=corp');
  });

  it('applies a token once, even to requests that arrive together', async () => {
    const bearer = await token('omar', { groups: ['CN=Oncology,OU=Groups,DC=corp'] });
    const answers = await Promise.all(Array.from({ length: 6 }, () => server.api('/api/v1/me', { token: bearer })));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await changesFor('omar')).toBe(1);
    // An owner removes omar: the same token does not put him back; his next token does.
    expect((await server.api('/api/v1/spaces/rnd-oncology/members/omar', { method: 'DELETE', token: await token('priya') })).status).toBe(204);
    expect((await rolesOf(bearer))['rnd-oncology']).toBeUndefined();
    expect((await rolesOf(await token('omar', { groups: ['CN=Oncology,OU=Groups,DC=corp'] })))['rnd-oncology']).toBe('member');
  });

  it('removes a membership from a group when a new token lacks the group, and changes nothing when the claim is absent', async () => {
    const bearer = await token('nadia', { groups: ['CN=Oncology,OU=Groups,DC=corp'] });
    expect((await rolesOf(bearer))['rnd-oncology']).toBe('member');
    // No groups claim at all (Entra ID past its limit): nothing is taken away.
    expect((await rolesOf(await token('nadia')))['rnd-oncology']).toBe('member');
    const without = await token('nadia', { groups: ['Domain Users'] });
    expect((await rolesOf(without))['rnd-oncology']).toBeUndefined();
    expect((await server.api('/api/v1/spaces/rnd-oncology/feed', { token: without })).status).toBe(404);
  });

  it('leaves memberships made in Ecotone alone unless a group grants more, and keeps the last owner', async () => {
    // jonas is a reader of rnd-oncology, made so in Ecotone: a token without the group keeps him.
    expect((await rolesOf(await token('jonas', { groups: [] })))['rnd-oncology']).toBe('reader');
    // A group granting member raises him; the membership is the directory's from then on.
    expect((await rolesOf(await token('jonas', { groups: ['CN=Oncology,OU=Groups,DC=corp'] })))['rnd-oncology']).toBe('member');
    // A secret space's owner from a group: once the only owner, the directory cannot take it away.
    expect((await rolesOf(await token('sara', { groups: ['sec-leads'] })))['security-watch']).toBe('owner');
    expect((await server.api('/api/v1/spaces/security-watch/members/julien', { method: 'DELETE', token: await token('julien') })).status).toBe(204);
    expect((await rolesOf(await token('sara', { groups: [] })))['security-watch']).toBe('owner');
  });
});
