/**
 * The same scenarios through core's `MemoryTransport`, so the in-memory
 * backend of tests and prototypes cannot drift from the protocol unnoticed.
 *
 * `MemoryTransport` serves one caller per instance, so each persona gets an
 * instance of its own, seeded with the same three spaces (its role in each),
 * the other personas as members, and the same posts of the visibility matrix
 * (which each instance must then hide by its own rules). What one persona
 * writes is not seen by another: every scenario that needs that fails here,
 * and is listed in `_memory-drift.ts` as known drift with the rule
 * differences. The test asserts that exactly those fail, so the list can
 * only shrink as the transport catches up.
 */
import { MemoryTransport } from '@ecotone/core';
import type { Me, Poll, Post, Role, Space, SpaceMember, Visibility } from '@ecotone/protocol';
import { describe, expect, it } from 'vitest';
import { formatReport, formatResult } from './report.js';
import { runSuite } from './runner.js';
import { allScenarios } from './scenarios/index.js';
import { transportBackend } from './transport-backend.js';
import { PERSONAS, VISIBILITY_LIST, type SuiteConfig, type World } from './world.js';
import { KNOWN_MEMORY_DRIFT } from './_memory-drift.js';

const SPACES: Record<Visibility, string> = { open: 'conf-open', private: 'conf-private', secret: 'conf-secret' };
const ROLES: Record<string, Role | null> = { owner: 'owner', correspondent: 'correspondent', member: 'member', reader: 'reader', outsider: null };
const SINCE = '2026-01-01T00:00:00.000Z';

const actor = (persona: string) => ({ id: persona, displayName: persona[0]!.toUpperCase() + persona.slice(1), locale: 'en' as const });

/** Letters only, as a run prefix must be. */
const PREFIX = 'cfmemoryworld';
const DRAFT_PUBLISH_AT = '2099-01-01T00:00:00.000Z';

/**
 * The posts of the visibility matrix, seeded alike in every persona's
 * transport (one world per persona cannot share what the fixture would
 * publish): in each space a published post and a scheduled draft by `owner`,
 * each with a poll. Each transport must then hide them by its own rules.
 */
const WORLD_POSTS = Object.fromEntries(
  VISIBILITY_LIST.map((v) => [
    v,
    Object.fromEntries((['published', 'draft'] as const).map((state) => [state, { id: `world-${v}-${state}`, pollId: `world-${v}-${state}-poll`, word: `${PREFIX}${v}${state}` }])),
  ]),
) as World['posts'];

function worldPosts(): Post[] {
  return VISIBILITY_LIST.flatMap((v) =>
    (['published', 'draft'] as const).map((state): Post => {
      const { id, pollId, word } = WORLD_POSTS[v][state];
      const poll: Poll = {
        id: pollId, spaceId: SPACES[v], postId: id, position: 0, authorId: 'owner', question: `Conformance poll ${word}?`, mode: 'single',
        options: [{ id: 'o1', label: 'Yes' }, { id: 'o2', label: 'No' }], maxChoices: 1, anonymous: false, resultsVisibility: 'always',
        closesAt: null, closedAt: null, myBallot: null, canClose: false,
      };
      return {
        id, spaceId: SPACES[v], author: actor('owner'), kind: 'note', body: `Conformance ${state} post in the ${v} space: ${word}`, locale: 'en',
        createdAt: SINCE, reactions: { objectId: id, counts: {}, mine: [] }, commentCount: 0, polls: [poll],
        ...(state === 'draft' ? { publishAt: DRAFT_PUBLISH_AT } : {}),
      };
    }),
  );
}

/** One persona's transport: the three spaces with its role, the others as members, the world's posts. */
function transportOf(persona: string): MemoryTransport {
  const role = ROLES[persona] ?? null;
  const me: Me = {
    actor: actor(persona),
    memberships: role ? VISIBILITY_LIST.map((v) => ({ spaceId: SPACES[v], actorId: persona, role })) : [],
    reactionKinds: ['like', 'celebrate'],
    capabilities: { previews: false },
  };
  const spaces: Space[] = VISIBILITY_LIST.map((v) => ({
    id: SPACES[v],
    name: `Conformance ${v}`,
    description: `The ${v} space of the conformance world`,
    visibility: v,
    locale: 'en',
    role,
    canPublish: role !== null && role !== 'reader',
  }));
  const members: Record<string, SpaceMember[]> = Object.fromEntries(
    Object.values(SPACES).map((id) => [
      id,
      PERSONAS.filter((p) => p !== persona && ROLES[p]).map((p) => ({ actor: actor(p), role: ROLES[p]!, since: SINCE })),
    ]),
  );
  const transport = new MemoryTransport({ me, spaces, posts: worldPosts(), members });
  // As `me.capabilities` says: previews are off, as on a server started with `--egress off`.
  transport.disablePreviews();
  return transport;
}

describe('MemoryTransport against the conformance suite', () => {
  it('passes every scenario but its known drift; HTTP-only ones are skipped', async () => {
    const transports = new Map(PERSONAS.map((p) => [p, transportOf(p)]));
    const backend = transportBackend({
      name: 'MemoryTransport',
      personas: PERSONAS,
      transportFor: (persona) => {
        const t = transports.get(persona as (typeof PERSONAS)[number]);
        if (!t) throw new Error(`no transport for ${persona}`);
        return t;
      },
    });
    const config: SuiteConfig = { personas: Object.fromEntries(PERSONAS.map((p) => [p, p])), spaces: SPACES, worldPosts: WORLD_POSTS };
    // Events of a memory transport arrive synchronously: a few seconds tell one that never comes.
    const suite = await runSuite(backend, config, allScenarios, { liveWaitMs: 3_000, prefix: PREFIX });
    const report = formatReport(suite);
    expect(suite.fixtureError, report).toBeUndefined();
    const failed = suite.results.filter((r) => r.outcome === 'failed');
    // New failures shown with their request and answer; drift that went away, by name (remove it from the list).
    const unexpected = failed.filter((r) => !KNOWN_MEMORY_DRIFT.includes(r.id)).map(formatResult);
    expect(unexpected.join('\n'), 'scenarios that newly fail').toBe('');
    const fixed = KNOWN_MEMORY_DRIFT.filter((id) => !failed.some((r) => r.id === id));
    expect(fixed, 'known drift that now passes').toEqual([]);
    for (const skipped of suite.results.filter((r) => r.outcome === 'skipped')) {
      expect(skipped.message, skipped.id).toMatch(/^needs (httpHeaders|rawBodies|authFailures|rateLimits|liveReplay|liveSpacesFilter|persona limited)/);
    }
    for (const t of transports.values()) t.close();
  }, 300_000);
});
