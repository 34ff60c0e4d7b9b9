/**
 * People search and person cards of {@link MemoryTransport}, with the
 * server's rules from `@ecotone/protocol/rules`: names folded and matched as
 * the server stores and matches them, people in the same order, a space
 * filter that answers 404 for a space the caller may not read (a secret
 * space never shows its members), and cards that list only spaces and posts
 * the caller may read (drafts as the feed shows them). Time zones come from
 * the world's seed (`timeZones`) only.
 */
import {
  PEOPLE_LIMIT_MAX,
  PEOPLE_QUERY_MAX_CHARS,
  PERSON_CARD_POSTS_MAX,
  PERSON_CARD_SPACES_MAX,
  type Actor,
  type ActorList,
  type PersonCard,
  type ProblemFieldError,
} from '@ecotone/protocol';
import { comparePeople, foldForSearch, INVALID_REQUEST_TITLE, nameMatches, offeredInSpace, searchWords } from '@ecotone/protocol/rules';
import type { TransportRequest } from '../types.js';
import { newestFirst, type MemoryPosts } from './memory-posts.js';
import { answer, fail, type MemoryRouteTable } from './memory-routing.js';
import { NOBODY, type MemoryStore } from './memory-store.js';

const QUERY_KEYS = new Set(['q', 'spaceId', 'limit']);

export class MemoryPeople {
  /** IANA time zones by person id (from the seed). */
  readonly timeZones = new Map<string, string>();

  constructor(
    private readonly store: MemoryStore,
    private readonly posts: MemoryPosts,
  ) {}

  readonly routes: MemoryRouteTable = {
    people: { GET: answer((req) => this.search(req.query ?? {})) },
    person: { GET: answer((_req, actorId) => this.card(actorId)) },
  };

  private search(query: NonNullable<TransportRequest['query']>): ActorList {
    const { q, spaceId, limit } = validQuery(query);
    const words = searchWords(q);
    let candidates: Iterable<Actor>;
    if (spaceId === undefined) candidates = this.store.people.values();
    else {
      const space = this.store.readableSpace(spaceId);
      candidates = offeredInSpace(space.visibility, null)
        ? this.store.people.values()
        : [...this.store.membersOf(spaceId).keys()].map((id) => this.store.people.get(id)).filter((a): a is Actor => a !== undefined);
    }
    const found = [...candidates].filter((a) => !a.deactivated && a.id !== NOBODY.id && nameMatches(foldForSearch(a.displayName), words));
    return { items: found.sort(comparePeople).slice(0, limit).map((a) => structuredClone(a)) };
  }

  private card(actorId: string): PersonCard {
    const actor = this.store.people.get(actorId);
    if (!actor || actorId === NOBODY.id) throw fail('not_found', `No person ${actorId}`);
    const me = this.store.caller.id;
    const spacesInCommon = [...this.store.spaces.values()]
      .filter((s) => this.store.roleIn(s.id, actorId) !== null && this.store.roleIn(s.id, me) !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, PERSON_CARD_SPACES_MAX)
      .map((s) => ({ id: s.id, name: s.name }));
    const recentPosts = [...this.store.posts.values()]
      .filter((p) => p.author.id === actorId && this.store.visiblePost(p.id))
      .sort(newestFirst)
      .slice(0, PERSON_CARD_POSTS_MAX)
      .map((p) => this.posts.view(p));
    const timeZone = this.timeZones.get(actorId);
    return { actor: structuredClone(actor), ...(timeZone ? { timeZone } : {}), spacesInCommon, recentPosts };
  }
}

/** The query as the server's schema accepts it (PeopleQuery), or validation_failed. */
function validQuery(query: NonNullable<TransportRequest['query']>): { q: string; spaceId: string | undefined; limit: number } {
  const errors: ProblemFieldError[] = [];
  for (const key of Object.keys(query)) if (query[key] !== undefined && !QUERY_KEYS.has(key)) errors.push({ path: `/query/${key}`, message: 'unknown parameter' });
  const q = query['q'] === undefined ? undefined : String(query['q']);
  if (q === undefined) errors.push({ path: '/query/q', message: 'required' });
  else if ([...q].length > PEOPLE_QUERY_MAX_CHARS) errors.push({ path: '/query/q', message: `at most ${PEOPLE_QUERY_MAX_CHARS} characters` });
  const limit = query['limit'] === undefined ? PEOPLE_LIMIT_MAX : Number(query['limit']);
  if (!Number.isInteger(limit) || limit < 1 || limit > PEOPLE_LIMIT_MAX) errors.push({ path: '/query/limit', message: `an integer from 1 to ${PEOPLE_LIMIT_MAX}` });
  const spaceId = query['spaceId'] === undefined ? undefined : String(query['spaceId']);
  if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
  return { q: q ?? '', spaceId, limit };
}
