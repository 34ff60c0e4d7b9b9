/**
 * Mentions and notifications: how a mention is written in a body and read back
 * as a person's id, who may be mentioned, and what a person wants to be
 * notified of. Who is notified of what is docs/notifications.md; the server
 * records notifications, and an in-process transport imitates it with these.
 */
import { MENTIONS_MAX, NOTIFICATION_KINDS, NOTIFICATION_KINDS_ON_BY_DEFAULT } from '../constants.js';
import type { NotificationKind, NotificationPreferences, ProblemFieldError } from '../wire-types.js';
import type { RuleProblem } from './problem.js';

/**
 * A mention in Markdown: a link whose target is `mention:` and the person's id,
 * `[@Lukas Weber](mention:lukas)`. The id is the reference; the label is what
 * a reader of the raw text (an e-mail digest, an export) sees, and elements
 * show the person's current name instead.
 */
const MENTION = /\[@(?:[^\]\\\n]|\\.)*\]\(mention:([A-Za-z0-9_-]{1,64})\)/g;

/** The ids a body mentions, each once, in order of first mention. */
export function mentionedIds(markdown: string): string[] {
  const ids = new Set<string>();
  for (const match of markdown.matchAll(MENTION)) ids.add(match[1]!);
  return [...ids];
}

/** The ids mentioned by any of several bodies (a post and its language variants), each once. */
export function mentionedIdsOfAll(bodies: readonly string[]): string[] {
  return [...new Set(bodies.flatMap(mentionedIds))];
}

/**
 * The Markdown of a mention of `actor`: its label escaped so any name stays
 * one link. Parentheses are escaped too: marked, which the elements parse
 * bodies with, reads no link at all when the text holds `\](`.
 */
export function mentionMarkdown(actor: { id: string; displayName: string }): string {
  const label = actor.displayName.replace(/[\\[\]()`<\n]/g, (c) => (c === '\n' ? ' ' : `\\${c}`));
  return `[@${label}](mention:${actor.id})`;
}

/** The id a link target names when it is a mention (`mention:lukas`), else undefined. */
export function mentionTarget(href: string): string | undefined {
  const match = /^mention:([A-Za-z0-9_-]{1,64})$/.exec(href);
  return match?.[1];
}

/**
 * Why these mentions may not be published in a space: the ids mentioned
 * (only ids the caller sent, never anyone else) who cannot read it or do not
 * exist, and too many people. `readers` holds those mentioned who can read it.
 */
export function mentionErrors(
  mentioned: readonly string[],
  readers: ReadonlySet<string>,
  path = '/body/body',
  /** Who the text mentioned before this edit: they stay, even if they left or their access ended since. */
  kept: ReadonlySet<string> = new Set(),
): ProblemFieldError[] {
  if (mentioned.length > MENTIONS_MAX) return [{ path, message: `mentions ${mentioned.length} people; at most ${MENTIONS_MAX}` }];
  const outside = mentioned.filter((id) => !readers.has(id) && !kept.has(id));
  return outside.length === 0 ? [] : [{ path, message: `mentions people who cannot read this space: ${outside.join(', ')}` }];
}

/** The problem for mentions that may not be published, or null (see {@link mentionErrors}). */
export function mentionProblem(errors: ProblemFieldError[]): RuleProblem | null {
  if (errors.length === 0) return null;
  return { code: 'mention_not_allowed', title: 'The text mentions people who cannot read this space', errors };
}

/** A person's preferences until they change them: mentions, comments, replies and confirmations on. */
export function defaultNotificationPreferences(): NotificationPreferences {
  return { kinds: [...NOTIFICATION_KINDS_ON_BY_DEFAULT], mutedSpaces: [] };
}

/** The preferences as stored: every known kind once, in the protocol's order, muted spaces once. */
export function normalizedNotificationPreferences(prefs: NotificationPreferences): NotificationPreferences {
  const kinds = new Set(prefs.kinds);
  return { kinds: NOTIFICATION_KINDS.filter((k) => kinds.has(k)), mutedSpaces: [...new Set(prefs.mutedSpaces)].sort() };
}

/**
 * Whether a person with these preferences gets a notification of this kind
 * from this space. A muted space still notifies its mentions: a mention names
 * the person.
 */
export function wantsNotification(prefs: NotificationPreferences, kind: NotificationKind, spaceId: string): boolean {
  if (!prefs.kinds.includes(kind)) return false;
  return kind === 'mention' || !prefs.mutedSpaces.includes(spaceId);
}

/**
 * The key under which unread notifications of one person are grouped: the
 * same kind about the same object ("Anna and 4 others commented on your post").
 * Kinds about one person's own action (join answered, added to a space) are
 * never grouped.
 */
export function notificationGroupKey(kind: NotificationKind, objectType: string, objectId: string): string | null {
  if (kind === 'join_answered' || kind === 'space_added' || kind === 'ack_reminder' || kind === 'note_review') return null;
  return `${kind}:${objectType}:${objectId}`;
}

/**
 * Who a new comment notifies, and of what: the people it mentions
 * (`mention`), the post's author (`comment`) and the author of the comment it
 * answers (`reply`). A person is told once, by the most personal kind: a
 * mention before a reply before a comment. The actor is left to the caller
 * (nobody is notified of their own action).
 */
export function commentNotices(facts: { mentioned: readonly string[]; postAuthorId: string; parentAuthorId: string | null }): {
  mention: string[];
  reply: string[];
  comment: string[];
} {
  const mention = [...new Set(facts.mentioned)];
  const told = new Set(mention);
  const reply = facts.parentAuthorId !== null && !told.has(facts.parentAuthorId) ? [facts.parentAuthorId] : [];
  for (const id of reply) told.add(id);
  const comment = told.has(facts.postAuthorId) ? [] : [facts.postAuthorId];
  return { mention, reply, comment };
}

/** Longest excerpt of the object a notification names, in characters (code points). */
export const NOTIFICATION_EXCERPT_MAX_CHARS = 140;

/**
 * The first words of a Markdown text as a notification shows them: plain
 * text, mentions as `@Name`, links as their label, emphasis, heading, quote
 * and list marks dropped, one line, cut at `max` characters
 * (NOTIFICATION_EXCERPT_MAX_CHARS unless said) with "…"; undefined when
 * nothing is left.
 */
export function notificationExcerpt(markdown: string, max: number = NOTIFICATION_EXCERPT_MAX_CHARS): string | undefined {
  const plain = markdown
    .replace(/!?\[((?:[^\]\\]|\\.)*)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\[\]*_`#>~-])/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return undefined;
  const chars = [...plain];
  return chars.length <= max ? plain : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
