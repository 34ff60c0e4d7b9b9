/**
 * Who receives a live event, decided once when it is recorded and stored
 * with it, so that delivery, replay and every stream of every instance apply
 * the same rule without querying anything per stream. The rule itself
 * (`eventAudience`, `receives`) is `@ecotone/protocol/rules`' (the in-process
 * transports deliver with it too); here the database finds the post an
 * event is about, and the audience is written to and read from the row.
 * Readers learn of a draft from the `post.created` recorded when it is
 * published, carrying its state then.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notFound } from '../http/errors.js';
import { eventAudience, eventSubject, fixedAudience, type ChangeEvent, type EventAudience } from '@ecotone/protocol/rules';
import { findPoll } from '../polls/poll-repository.js';
import { findObjectPlace } from '../posts/post-repository.js';
import { moderationState } from '../moderation/moderation-state.js';

/** Every event that can be recorded (`stream.reset` and `stream.expired` are about one stream, never stored). */
export type RecordableEvent = ChangeEvent;

/** The post an event is about, if any: its drafts decide who may receive it. */
async function subjectPostId(db: Kysely<Database>, event: RecordableEvent): Promise<string | null> {
  const subject = eventSubject(event);
  if (subject === null) return null;
  if ('postId' in subject) return subject.postId;
  // A reaction's object is a post or a comment: a comment's post decides.
  if ('objectId' in subject) return (await findObjectPlace(db, subject.objectId))?.postId ?? null;
  // A standalone poll belongs to no post: its space decides alone.
  return (await findPoll(db, subject.pollId))?.postId ?? null;
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
  const fixed = fixedAudience(event);
  if (fixed) return { audience: fixed, postId: null };
  const postId = await subjectPostId(db, event);
  if (postId === null) return { audience: eventAudience(null, null, now), postId };
  const post = await db
    .selectFrom('posts')
    .select(['author_id', 'publish_at', 'moderation'])
    .where('id', '=', postId)
    .executeTakeFirst();
  // Gone meanwhile (deleted by a concurrent request): the change is refused
  // rather than announced to an audience nobody can check any more.
  if (!post) throw notFound('Post');
  return { audience: eventAudience(null, { authorId: post.author_id, publishAt: post.publish_at, moderation: moderationState(post.moderation) }, now), postId };
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
    case 'only':
      return { audience: 'only', audience_actor: audience.actorId };
    case 'notified':
      return { audience: 'notified', audience_actor: null };
    case 'owners':
      return { audience: 'owners', audience_actor: null };
  }
}

/** The audience of a stored row; an unknown value reaches nobody (fail closed). */
export function audienceFromColumns(audience: string, actor: string | null): EventAudience | null {
  if (audience === 'space') return { kind: 'space' };
  if (audience === 'notified') return { kind: 'notified' };
  if (audience === 'owners') return { kind: 'owners' };
  if (actor === null) return null;
  if (audience === 'drafters') return { kind: 'drafters', authorId: actor };
  if (audience === 'person') return { kind: 'person', actorId: actor };
  if (audience === 'only') return { kind: 'only', actorId: actor };
  return null;
}
