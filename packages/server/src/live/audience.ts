/**
 * Who receives a live event, decided once when it is recorded and stored
 * with it, so that delivery, replay and every stream of every instance apply
 * the same rule without querying anything per stream.
 *
 * Every event first needs its space to be readable by the viewer (or, for a
 * `membership.changed`, to concern them). Beyond that:
 * - `space`: every reader of the space;
 * - `drafters`: the event is about a scheduled post that is still a draft
 *   when it is recorded (its creation, a reaction of an owner, a comment, a
 *   ballot on its survey…): only its author and the space's owners, exactly
 *   those who may read the draft itself. Readers learn of the post from the
 *   `post.created` recorded when it is published, carrying its state then;
 * - `person`: a change of someone's place in a space: that person and the
 *   space's owners.
 */
import type { Kysely } from 'kysely';
import type { LiveEvent, Role } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { notFound } from '../http/errors.js';
import { isDraft, receivesMembershipChange, seesDraft } from '@ecotone/protocol/rules';
import { findPoll } from '../polls/poll-repository.js';
import { findObjectPlace } from '../posts/post-repository.js';

export type EventAudience =
  | { kind: 'space' }
  | { kind: 'drafters'; authorId: string }
  | { kind: 'person'; actorId: string };

/** Every event that can be recorded (`stream.reset` and `stream.expired` are about one stream, never stored). */
export type RecordableEvent = Exclude<LiveEvent, { type: 'stream.reset' | 'stream.expired' }>;

const EVERY_READER: EventAudience = { kind: 'space' };

/** The post an event is about, if any: its drafts decide who may receive it. */
async function subjectPostId(db: Kysely<Database>, event: RecordableEvent): Promise<string | null> {
  switch (event.type) {
    case 'post.created':
    case 'post.updated':
      return event.post.id;
    case 'post.deleted':
    case 'comment.created':
    case 'comment.updated':
    case 'comment.deleted':
    case 'acknowledgement.changed':
      return event.postId;
    case 'reaction.changed':
      // A post or a comment: a comment's post decides.
      return (await findObjectPlace(db, event.objectId))?.postId ?? null;
    case 'poll.changed':
      // A standalone poll belongs to no post: its space decides alone.
      return (await findPoll(db, event.pollId))?.postId ?? null;
    case 'membership.changed':
      return null;
    default: {
      // A new event type must say what it is about before it can be recorded.
      const unhandled: never = event;
      throw new Error(`No audience rule for live event ${(unhandled as { type: string }).type}`);
    }
  }
}

/** Who receives an event, and the post it is about (if any). */
export interface EventScope {
  audience: EventAudience;
  postId: string | null;
}

/**
 * The scope of an event recorded at `now`. Call inside the transaction that
 * made the change, before a deleted post's row goes.
 */
export async function scopeOf(db: Kysely<Database>, now: Date, event: RecordableEvent): Promise<EventScope> {
  if (event.type === 'membership.changed') return { audience: { kind: 'person', actorId: event.actorId }, postId: null };
  const postId = await subjectPostId(db, event);
  if (postId === null) return { audience: EVERY_READER, postId };
  const post = await db
    .selectFrom('posts')
    .select(['author_id', 'publish_at'])
    .where('id', '=', postId)
    .executeTakeFirst();
  // Gone meanwhile (deleted by a concurrent request): the change is refused
  // rather than announced to an audience nobody can check any more.
  if (!post) throw notFound('Post');
  return { audience: isDraft(post.publish_at, now) ? { kind: 'drafters', authorId: post.author_id } : EVERY_READER, postId };
}

/** The audience as stored in the `events` row. */
export function audienceColumns(audience: EventAudience): { audience: string; audience_actor: string | null } {
  switch (audience.kind) {
    case 'space':
      return { audience: 'space', audience_actor: null };
    case 'drafters':
      return { audience: 'drafters', audience_actor: audience.authorId };
    case 'person':
      return { audience: 'person', audience_actor: audience.actorId };
  }
}

/** The audience of a stored row; an unknown value reaches nobody (fail closed). */
export function audienceFromColumns(audience: string, actor: string | null): EventAudience | null {
  if (audience === 'space') return EVERY_READER;
  if (actor === null) return null;
  if (audience === 'drafters') return { kind: 'drafters', authorId: actor };
  if (audience === 'person') return { kind: 'person', actorId: actor };
  return null;
}

/**
 * Whether a viewer receives an event of this audience, given whether they
 * may read its space and their role there. Pure: no database, no clock.
 */
export function receives(audience: EventAudience, viewerId: string, readsSpace: boolean, role: Role | null): boolean {
  switch (audience.kind) {
    case 'space':
      return readsSpace;
    case 'drafters':
      return readsSpace && seesDraft({ authorId: audience.authorId }, viewerId, role);
    case 'person':
      // Someone who just left a secret space still learns that they left.
      return receivesMembershipChange(audience, viewerId, role);
  }
}
