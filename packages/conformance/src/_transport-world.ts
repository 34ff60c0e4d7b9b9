/**
 * The world the in-process backends (`MemoryTransport`, `LocalTransport`)
 * start the suite with, as a vendor's backend would hold it before the
 * suite: the three spaces, owned by `owner`; previews off, as `--egress off`.
 */
import { MemoryWorld } from '@ecotone/core';
import type { Actor, Space, Visibility } from '@ecotone/protocol';
import { PERSONAS, VISIBILITY_LIST, type SuiteConfig } from './world.js';

export const SPACES: Record<Visibility, string> = { open: 'conf-open', private: 'conf-private', secret: 'conf-secret' };
const SINCE = '2026-01-01T00:00:00.000Z';

/** The actor a persona is, by its name. */
export const actor = (persona: string): Actor => ({ id: persona, displayName: persona[0]!.toUpperCase() + persona.slice(1), locale: 'en' });

export function conformanceWorld(): MemoryWorld {
  const spaces: Space[] = VISIBILITY_LIST.map((v) => ({
    id: SPACES[v],
    name: `Conformance ${v}`,
    description: `The ${v} space of the conformance world`,
    visibility: v,
    locale: 'en',
    role: null,
    canPublish: false,
  }));
  const owner = actor('owner');
  const world = new MemoryWorld({
    reactionKinds: ['like', 'celebrate'],
    capabilities: { previews: false },
    people: PERSONAS.map(actor),
    spaces,
    posts: [],
    members: Object.fromEntries(Object.values(SPACES).map((id) => [id, [{ actor: owner, role: 'owner' as const, since: SINCE }]])),
  });
  world.disablePreviews();
  return world;
}

/** The suite's configuration for these backends: personas by their own name, the three spaces. */
export const transportSuiteConfig: SuiteConfig = { personas: Object.fromEntries(PERSONAS.map((p) => [p, p])), spaces: SPACES };

/** Why a scenario may be skipped on an in-process backend: it needs HTTP itself, or the server's audit trail. */
export const HTTP_ONLY_SKIP = /^needs (httpHeaders|rawBodies|authFailures|rateLimits|liveReplay|liveSpacesFilter|audit|watch|moderation|quotes|persona limited|persona auditor)/;
