/**
 * People search and person cards, filtered for the caller: nobody learns of
 * a space they may not read, of its members, or of a post they may not see.
 */
import { PEOPLE_LIMIT_MAX, PERSON_CARD_POSTS_MAX, PERSON_CARD_SPACES_MAX, type Actor, type PeopleQuery, type PersonCard } from '@ecotone/protocol';
import { offeredInSpace, seesEveryDraft } from '@ecotone/protocol/rules';
import type { ServerContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { requireReadableSpace, searchableSpaces } from '../policy/authz.js';
import { listAuthorPosts } from '../posts/post-repository.js';
import { postReaderOf, postViews } from '../posts/post-view.js';
import { searchWords } from '../search/text-folding.js';
import { findPerson, searchActiveMembers, searchActivePeople, spacesInCommon } from './people-repository.js';

/**
 * Active people whose name holds every word of `q`, by name. With a space,
 * only those who can read it; a space the caller may not read answers
 * not_found as every space route does, so a secret one never shows its members.
 */
export async function searchPeople(ctx: Pick<ServerContext, 'db'>, caller: Actor, query: PeopleQuery): Promise<Actor[]> {
  const { db } = ctx;
  const words = searchWords(query.q);
  const limit = Math.min(query.limit ?? PEOPLE_LIMIT_MAX, PEOPLE_LIMIT_MAX);
  if (query.spaceId === undefined) return searchActivePeople(db, words, limit);
  const { space } = await requireReadableSpace(db, caller, query.spaceId);
  // Whoever reads an open space is everyone; otherwise its members (offeredInSpace).
  if (offeredInSpace(space.visibility, null)) return searchActivePeople(db, words, limit);
  return searchActiveMembers(db, space.id, words, limit);
}

/**
 * A person as the caller may see them: spaces in common (the caller is a
 * member of each, so reads it) and their latest posts in spaces the caller
 * reads, drafts only as the feed shows them, shaped as feed posts.
 */
export async function personCard(
  ctx: Pick<ServerContext, 'db' | 'readers' | 'ballotSecret' | 'now' | 'reactionKinds' | 'classification'>,
  caller: Actor,
  actorId: string,
): Promise<PersonCard> {
  const { db } = ctx;
  const person = await findPerson(db, actorId);
  if (!person) throw notFound('Person');
  // Every space the caller reads, as the guards decide it (visibility, and clearance on a server with labels).
  const readable = await searchableSpaces(db, caller, undefined);
  const viewer = await postReaderOf(ctx, caller);
  const [spaces, rows] = await Promise.all([
    spacesInCommon(db, actorId, caller.id, PERSON_CARD_SPACES_MAX),
    listAuthorPosts(
      db,
      actorId,
      readable.map(({ space }) => space.id),
      PERSON_CARD_POSTS_MAX,
      {
        viewerId: caller.id,
        seesDraftsIn: readable.filter(({ role }) => seesEveryDraft(role)).map(({ space }) => space.id),
        now: viewer.now.toISOString(),
      },
    ),
  ]);
  return {
    actor: person.actor,
    ...(person.timeZone ? { timeZone: person.timeZone } : {}),
    spacesInCommon: spaces,
    recentPosts: await postViews(db, viewer, rows, ctx.reactionKinds),
  };
}
