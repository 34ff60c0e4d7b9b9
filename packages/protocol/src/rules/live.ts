/**
 * Who receives a live event. The audience is decided once, when the change
 * is made (a draft's events stay with those who may read the draft, even
 * once it is published), and checked for every person listening: the
 * server stores it with the event for delivery and replay, the in-process
 * transports decide with it as they deliver.
 */
import type { LiveEvent, Role } from '../wire-types.js';
import { receivesMembershipChange } from './members.js';
import { isDraft, seesDraft } from './posts.js';
import { canModerate, type ModerationState } from './moderation.js';

/**
 * - `space`: every reader of the space;
 * - `drafters`: the event is about a scheduled post still a draft when it
 *   happens (its creation, a reaction, a comment, a ballot on its survey…):
 *   its author and the space's owners, exactly those who may read the draft;
 * - `person`: a change of someone's place in a space: that person and the
 *   space's owners;
 * - `only`: one person's own business (their notifications): that person,
 *   whatever their spaces;
 * - `owners`: the space's owners (its moderation queue changed);
 * - `notified`: a notification recorded for many people at once (an
 *   announcement asking a whole space to confirm it): everyone it was
 *   recorded for, whom the backend finds as it shapes the event (nobody else
 *   gets a shape).
 */
export type EventAudience =
  | { kind: 'space' }
  | { kind: 'drafters'; authorId: string }
  | { kind: 'person'; actorId: string }
  | { kind: 'only'; actorId: string }
  | { kind: 'owners' }
  | { kind: 'notified' };

/** The post an event is about, as the audience needs it. */
export interface EventSubject {
  /** Who wrote the post. */
  authorId: string;
  /** When a scheduled post becomes visible (only its author and the space's owners see it before); null or absent once published. */
  publishAt: string | null | undefined;
  /** Hidden or held for review: like a draft, only its author and the space's owners see it. */
  moderation?: ModerationState | undefined;
}

/**
 * The audience of an event made at `now`: `membership` names the person of
 * a `membership.changed`; otherwise the post it is about (none: a
 * standalone poll's) decides.
 */
export function eventAudience(membership: { actorId: string } | null, subject: EventSubject | null, now: Date): EventAudience {
  if (membership) return { kind: 'person', actorId: membership.actorId };
  if (subject && (isDraft(subject.publishAt, now) || subject.moderation != null)) return { kind: 'drafters', authorId: subject.authorId };
  return { kind: 'space' };
}

/**
 * Whether a viewer receives an event of this audience, given whether they
 * may read its space and their role there.
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
    case 'only':
      return viewerId === audience.actorId;
    case 'owners':
      return readsSpace && canModerate(role);
    case 'notified':
      // Decided by the shaping, which gives a shape only to those it was recorded for.
      return true;
  }
}

/** The audience an event has whatever it is about (`moderation.changed`: the owners), or null: its subject decides. */
export function fixedAudience(event: ChangeEvent): EventAudience | null {
  if (event.type === 'membership.changed') return { kind: 'person', actorId: event.actorId };
  if (event.type === 'moderation.changed') return { kind: 'owners' };
  return null;
}

/** Every event a change makes (`stream.reset` and `stream.expired` are about one stream). */
export type ChangeEvent = Exclude<LiveEvent, { type: 'stream.reset' | 'stream.expired' }>;

/**
 * What an event is about, as its audience needs it: the post it names, or
 * the object whose post the backend must find (a reaction's object, post or
 * comment; a poll, whose post may be none), or nothing (a membership).
 */
export function eventSubject(event: ChangeEvent): { postId: string } | { objectId: string } | { pollId: string } | null {
  switch (event.type) {
    case 'post.created':
    case 'post.updated':
      return { postId: event.post.id };
    case 'post.deleted':
    case 'comment.created':
    case 'comment.updated':
    case 'comment.deleted':
    case 'acknowledgement.changed':
    case 'question.changed':
      return { postId: event.postId };
    case 'reaction.changed':
      return { objectId: event.objectId };
    case 'poll.changed':
      return { pollId: event.pollId };
    // moderation.changed names a space only, for its owners (fixedAudience).
    case 'membership.changed':
    case 'notification.created':
    case 'notification.read':
    case 'space.capabilities':
    case 'moderation.changed':
      return null;
    // Whoever sees the post (of a post or comment) learns that it went or came back; a note's: every reader of its space.
    case 'content.hidden':
    case 'content.restored':
      return event.postId === null ? null : { postId: event.postId };
    default: {
      // A new event type must say what it is about before anyone can receive it.
      const unhandled: never = event;
      throw new Error(`No audience rule for live event ${(unhandled as { type: string }).type}`);
    }
  }
}
