/**
 * Who sees a post and what may be done to it: scheduled drafts, pins, edits,
 * deletion, acknowledgements, language variants. Every function takes `now`
 * rather than reading the clock, so a rule gives the same answer on the
 * server, in a transport and in a test.
 */
import type { Locale, PostKind, PostVariantDraft, Role } from '../wire-types.js';
import type { ProblemFieldError } from '../wire-types.js';
import { QUOTE_EXCERPT_MAX_CHARS } from '../constants.js';
import type { Visibility } from '../wire-types.js';
import { canReadSpace, isAnnouncer } from './spaces.js';
import { seesModerated, type ModerationState } from './moderation.js';
import { isCleared, type LabelOrder } from './classification.js';
import { notificationExcerpt } from './people.js';

/** Whether a post scheduled at `publishAt` (null or absent: published at once) is still a draft at `now`. */
export function isDraft(publishAt: string | null | undefined, now: Date): boolean {
  return publishAt != null && Date.parse(publishAt) > now.getTime();
}

/** Whether the viewer sees every draft of a space, not only their own: its owners do. */
export function seesEveryDraft(role: Role | null): boolean {
  return role === 'owner';
}

/** Who sees a post while it is a draft: its author and the space's owners. */
export function seesDraft(post: { authorId: string }, viewerId: string, role: Role | null): boolean {
  return post.authorId === viewerId || seesEveryDraft(role);
}

/**
 * Whether a viewer who reads the post's space sees the post at `now`: a
 * draft, or a post hidden or held for review (rules/moderation.ts), only
 * its author and the space's owners (404 for anyone else, and so are its
 * polls, comments and reactions).
 */
export function canSeePost(
  post: { authorId: string; publishAt: string | null | undefined; moderation?: ModerationState | undefined },
  viewerId: string,
  role: Role | null,
  now: Date,
): boolean {
  return (!isDraft(post.publishAt, now) || seesDraft(post, viewerId, role)) && seesModerated({ authorId: post.authorId, moderation: post.moderation }, viewerId, role);
}

/** What decides whether a reader sees the summary of a quoted post: its space, and the post itself. */
export interface QuotedFacts {
  /** The quoted post's space's visibility. */
  visibility: Visibility;
  /** The quoted post's space's classification label (null: the lowest). */
  label: string | null;
  /** Who wrote the quoted post (who sees it while it is a draft, hidden or held). */
  authorId: string;
  /** When a scheduled quoted post is published (null or absent: it is). */
  publishAt: string | null | undefined;
  /** Its moderation state (absent: visible). */
  moderation?: ModerationState | undefined;
}

/**
 * Whether a reader sees the summary of a post quoted in another post: only
 * when they may read the quoted post now, exactly as `GET /posts/:id`
 * decides (its space's visibility and their role there, their clearance for
 * its label, a draft, hidden or held). Everyone else, and everyone once it
 * is deleted, sees `{ id, unavailable: true }`: a quote never carries
 * content past its reader's rights.
 */
export function seesQuoted(quoted: QuotedFacts, viewer: { id: string; role: Role | null; clearance: string | null | undefined }, order: LabelOrder, now: Date): boolean {
  return canReadSpace(quoted.visibility, viewer.role) && isCleared(order, viewer.clearance, quoted.label) && canSeePost(quoted, viewer.id, viewer.role, now);
}

/** The excerpt of a quoted post's body a quote shows: plain text, one line, at most QUOTE_EXCERPT_MAX_CHARS characters. */
export function quoteExcerpt(markdown: string): string {
  return notificationExcerpt(markdown, QUOTE_EXCERPT_MAX_CHARS) ?? '';
}

/**
 * Who moves a post to another space: an owner of its space (who may also
 * publish it in the target, and only to a space whose label is not lower:
 * `mayFlow`). Its author alone may not: a space's owners decide what leaves it.
 */
export function canMovePost(role: Role | null): boolean {
  return role === 'owner';
}

/**
 * Why a post may not move to the space `toSpaceId` (none: it may): not to
 * the space it is in, and a talk-show (its hosts and questions) or a
 * technology-watch item (its source) stays in its space.
 */
export function moveErrors(post: { kind: PostKind; spaceId: string }, toSpaceId: string): ProblemFieldError[] {
  if (toSpaceId === post.spaceId) return [{ path: '/body/spaceId', message: 'is the space the post is in' }];
  if (post.kind === 'talk_show' || post.kind === 'watch') return [{ path: '/body/spaceId', message: `a ${post.kind === 'watch' ? 'technology-watch item' : 'talk-show'} stays in its space` }];
  return [];
}

/**
 * When a post is scheduled, from the time asked at publication: a time
 * already past (or none) publishes at once (null); otherwise the time in
 * canonical ISO form.
 */
export function scheduledPublishAt(asked: string | undefined, now: Date): string | null {
  return asked !== undefined && Date.parse(asked) > now.getTime() ? new Date(asked).toISOString() : null;
}

/** The time a post shows as created: once published, a scheduled post dates from its publication. */
export function shownCreatedAt(post: { createdAt: string; publishAt: string | null | undefined }, now: Date): string {
  return isDraft(post.publishAt, now) ? post.createdAt : (post.publishAt ?? post.createdAt);
}

/**
 * Whether a pin (the wire `Post.pinned`: null or absent when unpinned, its
 * `until` null when until unpinned) still holds at `now`.
 */
export function isPinned(pin: { until: string | null } | null | undefined, now: Date): boolean {
  return pin != null && (pin.until === null || Date.parse(pin.until) > now.getTime());
}

/** Whether the caller may pin and unpin posts of the space: owners and correspondents. */
export function canPin(role: Role | null): boolean {
  return isAnnouncer(role);
}

/** Whether the viewer may edit a post: its author only. */
export function canEditPost(post: { authorId: string }, viewerId: string): boolean {
  return post.authorId === viewerId;
}

/** Whether a person may delete a post: its author, or an owner of its space. */
export function canDeletePost(post: { authorId: string }, viewerId: string, role: Role | null): boolean {
  return post.authorId === viewerId || role === 'owner';
}

/** Whether the viewer sees who acknowledged a post (per site): its author and the space's owners. */
export function canSeeAcknowledgements(post: { authorId: string }, viewerId: string, role: Role | null): boolean {
  return post.authorId === viewerId || role === 'owner';
}

/** Variants name other languages than the post's own, one each; errors name the offending field. */
export function variantErrors(variants: readonly Pick<PostVariantDraft, 'locale'>[], source: Locale): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  variants.forEach((variant, i) => {
    const path = `/body/variants/${i}/locale`;
    if (variant.locale === source) errors.push({ path, message: 'is the language of the post itself' });
    else if (seen.has(variant.locale)) errors.push({ path, message: 'has a variant already' });
    seen.add(variant.locale);
  });
  return errors;
}

