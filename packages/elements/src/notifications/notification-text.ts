/**
 * The sentence of a notification in the reader's language ("Anna and 4
 * others commented on your post"), shared by the bell's announcements and
 * the list. Names and titles are isolated (FSI/PDI) so a right-to-left name
 * cannot reorder the sentence around it.
 */
import { formatCount } from '@ecotone/core';
import type { Notification } from '@ecotone/protocol';
import { isolate } from '../base/bidi.js';
import type { MessageKey } from '../locales/locales.js';

type Translate = (key: MessageKey, opts?: Record<string, string | number>) => string;

/** "Anna", "Anna and Lukas", "Anna and 4 others": the latest actor first. */
export function actorsText(n: Notification, t: Translate, locale: string): string {
  const [first, second] = n.actors.map((a) => isolate(a.displayName));
  if (!first) return '';
  if (n.actorCount <= 1) return first;
  if (n.actorCount === 2 && second) return t('notifActorsTwo', { first, second });
  const others = n.actorCount - 1;
  return t('notifActorsOthers', { first, count: others, formatted: formatCount(others, locale) });
}

/** The sentence that says what happened, for every kind of NOTIFICATION_KINDS. */
export function notificationSentence(n: Notification, t: Translate, locale: string): string {
  const actors = actorsText(n, t, locale);
  const count = Math.max(1, n.actorCount);
  const space = isolate(n.object.spaceName);
  const object = n.object.excerpt ? isolate(n.object.excerpt) : t('notifAnnouncement');
  switch (n.kind) {
    case 'mention':
      return t(n.object.type === 'comment' ? 'notifMentionComment' : n.object.type === 'note' ? 'notifMentionNote' : 'notifMentionPost', { actors, count });
    case 'comment':
      return t('notifComment', { actors, count });
    case 'reply':
      return t('notifReply', { actors, count });
    case 'ack_request':
      return t('notifAckRequest', { object });
    case 'ack_reminder':
      return t('notifAckReminder', { object });
    case 'space_added':
      return t('notifSpaceAdded', { actors, count, space });
    case 'join_answered':
      return t(n.approved === false ? 'notifJoinDeclined' : 'notifJoinApproved', { actors, count, space });
    case 'join_requested':
      return t('notifJoinRequested', { actors, count, space });
    case 'poll_closed':
      return t('notifPollClosed', { object });
    case 'note_review':
      return t('notifNoteReview', { object });
  }
}

/** Whether the sentence already names the object (its excerpt is not shown again). */
export function sentenceNamesObject(n: Notification): boolean {
  return n.kind === 'ack_request' || n.kind === 'ack_reminder' || n.kind === 'poll_closed' || n.kind === 'note_review';
}
