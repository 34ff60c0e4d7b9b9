/**
 * The fixture: the world every scenario runs in, built through the protocol
 * itself so the suite runs against a backend that already holds data.
 *
 * The protocol has no route to create a space or a person, so the vendor
 * provides them (see {@link SuiteConfig}); everything else is made here:
 * roles in the three spaces, and in each a published post and a scheduled
 * draft, both with a poll, carrying words of this run only.
 */
import {
  joinRequestPath,
  memberPath,
  mePath,
  publishPath,
  type Me,
  type Post,
  type Role,
  type Visibility,
} from '@ecotone/protocol';
import type { Backend, BackendRequest, BackendResponse, Caller } from './backend.js';
import { isSuccess, ScenarioFailure, type Exchange } from './scenario.js';

/** The five personas of every world, by the role they get in the three spaces (`outsider`: none). */
export const PERSONAS = ['owner', 'correspondent', 'member', 'reader', 'outsider'] as const;
export type Persona = (typeof PERSONAS)[number];

/** An optional persona that the rate-limit scenarios exhaust (give it a person nobody else uses). */
export const LIMITED_PERSONA = 'limited';
/** An optional persona the backend counts among the auditors of its audit trail (`ecotone serve --auditor <id>`). */
export const AUDITOR_PERSONA = 'auditor';

export const VISIBILITY_LIST: readonly Visibility[] = ['open', 'private', 'secret'];

/** What a vendor gives the suite (the tokens file, or what its command prints). */
export interface SuiteConfig {
  /** Bearer token of each persona: the five of {@link PERSONAS}, optionally `limited` and `auditor`, and any helper named in `spaceOwners`. */
  personas: Record<string, string>;
  /** One space of each visibility where `owner` is (or is made) an owner. */
  spaces: Record<Visibility, string>;
  /**
   * For a space where `owner` is not an owner yet: the persona (an owner of
   * it) that makes them one.
   */
  spaceOwners?: Partial<Record<Visibility, string>>;
}

export interface WorldPost {
  id: string;
  pollId: string;
  /** A word only this post holds (for search). */
  word: string;
}

export interface World {
  /** Letters only, unique per run: in every text the suite writes. */
  prefix: string;
  spaces: Record<Visibility, string>;
  /** Actor id of each persona. */
  actors: Record<string, string>;
  /** Per visibility, a published post and a scheduled draft by `owner`. */
  posts: Record<Visibility, { published: WorldPost; draft: WorldPost }>;
  reactionKinds: string[];
  /** Whether the backend says link previews are on (`Me.capabilities.previews`; unknown counts as on). */
  previews: boolean;
}

/** Scheduled drafts are due this far ahead: never within a run, whatever the server's clock. */
const DRAFT_AHEAD_MS = 30 * 24 * 3600_000;

/** A `publishAt` that keeps a post a draft for the whole run. */
export const draftPublishAt = (): string => new Date(Date.now() + DRAFT_AHEAD_MS).toISOString();

/** A fresh run prefix: lower-case letters only, so every search tokeniser keeps it one word. */
export function runPrefix(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = 'cf';
  for (let i = 0; i < 8; i++) out += letters[Math.floor(Math.random() * letters.length)];
  return out;
}

/** Reads and checks a tokens file's JSON. */
export function parseConfig(value: unknown): SuiteConfig {
  const problems: string[] = [];
  const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!record(value)) throw new Error('the tokens JSON must be an object with "personas" and "spaces"');
  const personas = value.personas;
  const spaces = value.spaces;
  if (!record(personas)) problems.push('"personas" must map persona names to tokens');
  else {
    for (const p of PERSONAS) if (typeof personas[p] !== 'string') problems.push(`"personas.${p}" is missing`);
    for (const [k, v] of Object.entries(personas)) if (typeof v !== 'string') problems.push(`"personas.${k}" must be a string`);
  }
  if (!record(spaces)) problems.push('"spaces" must name an "open", a "private" and a "secret" space');
  else for (const v of VISIBILITY_LIST) if (typeof spaces[v] !== 'string') problems.push(`"spaces.${v}" is missing`);
  if (value.spaceOwners !== undefined && !record(value.spaceOwners)) problems.push('"spaceOwners" must map a visibility to a persona');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return value as unknown as SuiteConfig;
}

/** The fixture failed: the suite cannot run. */
export class FixtureError extends ScenarioFailure {}

/**
 * Builds the world: learns each persona's id, gives the personas their
 * roles in the three spaces (and takes the outsider out of them), then
 * publishes the posts every visibility scenario reads.
 */
export async function buildWorld(backend: Backend, config: SuiteConfig, prefix = runPrefix()): Promise<World> {
  const call = async (as: Caller, request: BackendRequest, accept: (r: BackendResponse) => boolean = (r) => isSuccess(r.status)): Promise<Exchange> => {
    const response = await backend.request(as, request);
    const exchange = { as, request, response };
    if (!accept(response)) throw new FixtureError(`fixture step failed: ${request.method} ${request.path} as ${as}`, exchange);
    return exchange;
  };

  const actors: Record<string, string> = {};
  const me: Record<string, Me> = {};
  for (const persona of PERSONAS) {
    const answer = await call(persona, { method: 'GET', path: mePath() });
    me[persona] = answer.response.body as Me;
    actors[persona] = me[persona].actor.id;
  }
  const owner = me.owner!;
  const ownedSpaces = new Set(owner.memberships.filter((m) => m.role === 'owner').map((m) => m.spaceId));

  for (const visibility of VISIBILITY_LIST) {
    const space = config.spaces[visibility];
    if (!ownedSpaces.has(space)) {
      const helper = config.spaceOwners?.[visibility];
      if (!helper) throw new FixtureError(`"owner" is not an owner of the ${visibility} space "${space}", and "spaceOwners.${visibility}" names nobody who could make them one`);
      await call(helper, { method: 'PUT', path: memberPath(space, actors.owner!), body: { role: 'owner' satisfies Role } });
    }
    const roles: [Persona, Role][] = [['correspondent', 'correspondent'], ['member', 'member'], ['reader', 'reader']];
    for (const [persona, role] of roles) {
      await call('owner', { method: 'PUT', path: memberPath(space, actors[persona]!), body: { role } });
    }
    // Not a member, and no pending request: 404 when there was nothing to remove.
    await call('owner', { method: 'DELETE', path: memberPath(space, actors.outsider!) }, (r) => isSuccess(r.status) || r.status === 404);
    await call('owner', { method: 'DELETE', path: joinRequestPath(space, actors.outsider!) }, (r) => isSuccess(r.status) || r.status === 404);
  }

  const posts = {} as World['posts'];
  for (const visibility of VISIBILITY_LIST) {
    const space = config.spaces[visibility];
    const make = async (state: 'published' | 'draft'): Promise<WorldPost> => {
      const word = `${prefix}${visibility}${state}`;
      const answer = await call('owner', {
        method: 'POST',
        path: publishPath(space),
        body: {
          body: `Conformance ${state} post in the ${visibility} space: ${word}`,
          locale: 'en',
          polls: [{ question: `Conformance poll ${word}?`, mode: 'single', options: ['Yes', 'No'], resultsVisibility: 'always' }],
          ...(state === 'draft' ? { publishAt: draftPublishAt() } : {}),
        },
      });
      const post = answer.response.body as Post;
      const pollId = post.polls?.[0]?.id;
      if (!pollId) throw new FixtureError('a published post with a poll came back without `polls`', answer);
      return { id: post.id, pollId, word };
    };
    posts[visibility] = { published: await make('published'), draft: await make('draft') };
  }

  return {
    prefix,
    spaces: { ...config.spaces },
    actors,
    posts,
    reactionKinds: owner.reactionKinds,
    previews: owner.capabilities?.previews ?? true,
  };
}
