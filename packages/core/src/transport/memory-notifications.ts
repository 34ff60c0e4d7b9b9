/**
 * Mentions and notifications of {@link MemoryTransport}, as docs/notifications.md
 * says the server keeps them: who may be mentioned (`mention_not_allowed`),
 * what is recorded for whom (mentions, comments on one's post, replies to
 * one's comment, confirmations asked, being added to a space, a join request
 * answered, and, for owners, someone asking to join), grouped while unread by
 * `notificationGroupKey`, honouring each person's preferences and muted
 * spaces, never for one's own action; the routes that list, count and mark
 * them, re-checked at read (nothing about a space the person can no longer
 * read or an object deleted since); and the live `notification.created` and
 * `notification.read` events, to the person's own streams only.
 *
 * The other feature modules call in here with one line each (`mentionsOf`,
 * `checkMentions`, `record…`).
 */
import {
  NOTIFICATION_ACTORS_NAMED_MAX,
  NOTIFICATION_KINDS,
  NOTIFICATION_LIMIT_MAX,
  NOTIFICATION_UNREAD_COUNTED_MAX,
  type Actor,
  type Notification,
  type NotificationKind,
  type NotificationObject,
  type NotificationPage,
  type NotificationPreferences,
  type Post,
  type UnreadCount,
  type WorldNotifications,
} from '@ecotone/protocol';
import {
  INVALID_REQUEST_TITLE,
  canListSpace,
  canReadSpace,
  defaultNotificationPreferences,
  mentionErrors,
  mentionProblem,
  mentionedIds,
  mentionedIdsOfAll,
  commentNotices,
  notificationExcerpt,
  normalizedNotificationPreferences,
  notificationGroupKey,
  wantsNotification,
} from '@ecotone/protocol/rules';
import type { TransportRequest } from '../types.js';
import { answer, check, fail, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

/** Page size of the notifications list when the caller gives none. */
const DEFAULT_NOTIFICATION_LIMIT = 20;

/** What a notification is about, as stored: the object, without what is read at view time (names, excerpt). */
type StoredObject = Pick<NotificationObject, 'type' | 'id' | 'spaceId' | 'postId'>;

interface StoredNotification {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  /** Every distinct actor, latest first. */
  actorIds: string[];
  object: StoredObject;
  approved?: boolean;
  createdAt: string;
  updatedAt: string;
  read: boolean;
  /** Unread ones of the same key grow instead of making another; null: never grouped. */
  groupKey: string | null;
}

/** What the module reads of comments, notes and polls (their own modules keep them). */
export interface NotificationLookups {
  comment(id: string): { postId: string; spaceId: string; body: string; deleted: boolean; authorId: string } | undefined;
  note(id: string): { spaceId: string; title: string } | undefined;
}

/** A new notification for one person: the kind, the object, who acted. */
export interface NotificationDraft {
  kind: NotificationKind;
  object: StoredObject;
  /** Null for what nobody did (a reminder). */
  actor: Actor | null;
  approved?: boolean;
}

export class MemoryNotifications {
  private readonly items = new Map<string, StoredNotification>();
  private readonly preferences = new Map<string, NotificationPreferences>();
  private nextNumber = 1;

  constructor(
    private readonly store: MemoryStore,
    private readonly lookups: NotificationLookups,
  ) {}

  /** Everything this module holds, for a world snapshot. */
  dump(): WorldNotifications {
    return {
      items: [...this.items.values()].map((n) => structuredClone(n)),
      preferences: Object.fromEntries([...this.preferences].map(([id, prefs]) => [id, structuredClone(prefs)])),
      next: this.nextNumber,
    };
  }

  /** Replaces what this module holds (a snapshot without notifications: none). */
  load(saved: WorldNotifications | undefined): void {
    this.items.clear();
    this.preferences.clear();
    for (const item of saved?.items ?? []) this.items.set(item.id, structuredClone(item));
    for (const [id, prefs] of Object.entries(saved?.preferences ?? {})) this.preferences.set(id, structuredClone(prefs));
    this.nextNumber = saved?.next ?? 1;
  }

  readonly routes: MemoryRouteTable = {
    notifications: { GET: answer((req) => this.page(req.query ?? {})) },
    unreadNotifications: { GET: answer(() => this.unreadOf(this.store.caller.id)) },
    notificationRead: { POST: answer((_req, id) => this.markRead(id)) },
    notificationsReadAll: { POST: answer(() => this.markAllRead()) },
    notificationPreferences: {
      GET: answer(() => structuredClone(this.preferencesOf(this.store.caller.id))),
      PUT: answer((req) => this.setPreferences(req.body as NotificationPreferences)),
    },
  };

  // -------------------------------------------------------------------------
  // Mentions
  // -------------------------------------------------------------------------

  /** The people these bodies mention, as they are now (unknown ids left out); undefined when none, as the wire omits it. */
  mentionsOf(bodies: readonly string[]): Actor[] | undefined {
    const people = mentionedIdsOfAll(bodies)
      .map((id) => this.store.people.get(id))
      .filter((p): p is Actor => p !== undefined);
    return people.length > 0 ? structuredClone(people) : undefined;
  }

  /**
   * Refuses (422 `mention_not_allowed`) bodies that mention more than
   * MENTIONS_MAX people, or anyone who is not a known person able to read the
   * space; the errors name only the ids the caller wrote.
   */
  checkMentions(spaceId: string, bodies: readonly string[], path = '/body/body', before: readonly string[] = []): void {
    const mentioned = mentionedIdsOfAll(bodies);
    if (mentioned.length === 0) return;
    const readers = new Set(mentioned.filter((id) => this.canRead(id, spaceId)));
    check(mentionProblem(mentionErrors(mentioned, readers, path, new Set(mentionedIdsOfAll(before)))));
  }

  /**
   * Notifies the people `bodies` mention (`before`: what the text mentioned
   * already, so that an edit notifies only the new ones), except the author.
   */
  recordMentions(object: StoredObject, author: Actor, bodies: readonly string[], before: readonly string[] = []): void {
    const already = new Set(mentionedIdsOfAll(before));
    for (const id of mentionedIdsOfAll(bodies)) {
      if (!already.has(id)) this.record(id, { kind: 'mention', object, actor: author });
    }
  }

  // -------------------------------------------------------------------------
  // What the other modules record
  // -------------------------------------------------------------------------

  /** A post goes out (published now, or a scheduled one whose time came): its mentions, and its confirmation request to the members. */
  postPublished(post: Post, asksAcknowledgement: boolean): void {
    const object: StoredObject = { type: 'post', id: post.id, spaceId: post.spaceId, postId: post.id };
    this.recordMentions(object, post.author, postBodies(post));
    if (!asksAcknowledgement) return;
    for (const memberId of this.store.membersOf(post.spaceId).keys()) {
      this.record(memberId, { kind: 'ack_request', object, actor: post.author });
    }
  }

  /** A comment was written: its mentions, the post's author (`comment`), the author of the comment answered (`reply`). */
  commentCreated(comment: { id: string; postId: string; spaceId: string; parentId: string | null; body: string }, author: Actor, post: Post): void {
    const object: StoredObject = { type: 'comment', id: comment.id, spaceId: comment.spaceId, postId: comment.postId };
    this.recordMentions(object, author, [comment.body]);
    const parent = comment.parentId === null ? undefined : this.lookups.comment(comment.parentId);
    // Each person once, by the most personal kind (the mentions were recorded above).
    const told = commentNotices({ mentioned: mentionedIds(comment.body), postAuthorId: post.author.id, parentAuthorId: parent?.authorId ?? null });
    for (const id of told.comment) this.record(id, { kind: 'comment', object: { type: 'post', id: post.id, spaceId: post.spaceId, postId: post.id }, actor: author });
    if (parent && comment.parentId !== null) {
      const object: StoredObject = { type: 'comment', id: comment.parentId, spaceId: comment.spaceId, postId: comment.postId };
      for (const id of told.reply) this.record(id, { kind: 'reply', object, actor: author });
    }
  }

  /** A person became a member by an owner's hand (`space_added`) or by the answer to their request (`join_answered`). */
  membershipGranted(spaceId: string, personId: string, by: Actor, answeredRequest: boolean): void {
    const object: StoredObject = { type: 'space', id: spaceId, spaceId };
    if (answeredRequest) this.record(personId, { kind: 'join_answered', object, actor: by, approved: true });
    else this.record(personId, { kind: 'space_added', object, actor: by });
  }

  /** An owner declined a request to join. */
  joinDeclined(spaceId: string, personId: string, by: Actor): void {
    this.record(personId, { kind: 'join_answered', object: { type: 'space', id: spaceId, spaceId }, actor: by, approved: false });
  }

  /** Someone asks to join: every owner of the space is told. */
  joinRequested(spaceId: string, requester: Actor): void {
    for (const member of this.store.membersOf(spaceId).values()) {
      if (member.role === 'owner') this.record(member.actor.id, { kind: 'join_requested', object: { type: 'space', id: spaceId, spaceId }, actor: requester });
    }
  }

  /** An object was deleted: the notifications about it go too (and those about a post's comments with the post). */
  objectDeleted(type: StoredObject['type'], id: string): void {
    for (const [key, n] of this.items) {
      if ((n.object.type === type && n.object.id === id) || (type === 'post' && n.object.postId === id)) this.items.delete(key);
    }
  }

  /**
   * Records one notification for `recipientId`, or grows the unread one of
   * the same group, unless it is their own action, they do not want this kind
   * from this space, or they cannot see the object; then tells their streams.
   */
  record(recipientId: string, draft: NotificationDraft): void {
    const { kind, object, actor } = draft;
    if (actor && actor.id === recipientId) return;
    if (!this.store.people.has(recipientId)) return;
    if (!wantsNotification(this.preferencesOf(recipientId), kind, object.spaceId)) return;
    const person = this.store.people.get(recipientId)!;
    // Nothing about what the person may not see (a draft, a space they cannot read).
    if (!this.store.withCaller(person, () => this.visible(object))) return;
    const now = this.store.nextTime(this.latestTime());
    const groupKey = notificationGroupKey(kind, object.type, object.id);
    const grown = groupKey === null ? undefined : [...this.items.values()].find((n) => n.recipientId === recipientId && !n.read && n.groupKey === groupKey);
    let stored: StoredNotification;
    if (grown) {
      if (actor) grown.actorIds = [actor.id, ...grown.actorIds.filter((id) => id !== actor.id)];
      grown.updatedAt = now;
      stored = grown;
    } else {
      stored = {
        id: `mem-notification-${this.nextNumber++}`,
        recipientId,
        kind,
        actorIds: actor ? [actor.id] : [],
        object: { ...object },
        ...(draft.approved !== undefined ? { approved: draft.approved } : {}),
        createdAt: now,
        updatedAt: now,
        read: false,
        groupKey,
      };
      this.items.set(stored.id, stored);
    }
    this.store.withCaller(person, () => {
      const notification = this.view(stored);
      if (notification) this.store.emitTo(recipientId, { type: 'notification.created', notification, unread: this.unreadOf(recipientId) });
    });
  }

  // -------------------------------------------------------------------------
  // Routes
  // -------------------------------------------------------------------------

  private page(query: NonNullable<TransportRequest['query']>): NotificationPage {
    const me = this.store.caller.id;
    const limit = Number(query.limit ?? DEFAULT_NOTIFICATION_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > NOTIFICATION_LIMIT_MAX) {
      throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/query/limit', message: `must be 1 to ${NOTIFICATION_LIMIT_MAX}` }]);
    }
    const order = query.order ?? 'newest';
    if (order !== 'newest' && order !== 'unread') {
      throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/query/order', message: 'must be newest or unread' }]);
    }
    const unreadFirst = order === 'unread';
    const all = this.shownTo(me).sort((a, b) => compare(a, b, unreadFirst));
    let start = 0;
    if (query.cursor !== undefined && query.cursor !== '') {
      const cursor = String(query.cursor);
      const index = all.findIndex((n) => cursorOf(n, unreadFirst) === cursor);
      if (index >= 0) start = index + 1;
      else {
        // The notification of the cursor went (read-all, a deletion): start after where it was.
        const parsed = parseCursor(cursor, unreadFirst);
        if (!parsed) throw fail('invalid_cursor', 'Unknown cursor');
        start = all.findIndex((n) => compare(n, parsed, unreadFirst) > 0);
        if (start < 0) start = all.length;
      }
    }
    const items = all.slice(start, start + limit);
    const last = items.at(-1);
    return {
      items: items.map((n) => this.view(n)!),
      nextCursor: start + limit < all.length && last ? cursorOf(last, unreadFirst) : null,
      unread: this.unreadOf(me),
    };
  }

  private markRead(id: string): undefined {
    const me = this.store.caller.id;
    const stored = this.items.get(id);
    if (!stored || stored.recipientId !== me || !this.visible(stored.object)) throw fail('not_found', `No notification ${id}`);
    if (!stored.read) {
      stored.read = true;
      this.store.emitTo(me, { type: 'notification.read', ids: [id], unread: this.unreadOf(me) });
    }
    return undefined;
  }

  private markAllRead(): undefined {
    const me = this.store.caller.id;
    let changed = false;
    for (const n of this.items.values()) {
      if (n.recipientId === me && !n.read) {
        n.read = true;
        changed = true;
      }
    }
    if (changed) this.store.emitTo(me, { type: 'notification.read', ids: 'all', unread: this.unreadOf(me) });
    return undefined;
  }

  private setPreferences(body: NotificationPreferences): NotificationPreferences {
    // What the request schema refuses on the server.
    const errors = [];
    if (!Array.isArray(body?.kinds) || body.kinds.some((k) => !(NOTIFICATION_KINDS as readonly string[]).includes(k))) {
      errors.push({ path: '/body/kinds', message: `must list kinds among ${NOTIFICATION_KINDS.join(', ')}` });
    } else if (new Set(body.kinds).size !== body.kinds.length) errors.push({ path: '/body/kinds', message: 'must not have duplicate items' });
    if (!Array.isArray(body?.mutedSpaces) || body.mutedSpaces.some((s) => typeof s !== 'string' || s === '')) {
      errors.push({ path: '/body/mutedSpaces', message: 'must list space ids' });
    } else if (new Set(body.mutedSpaces).size !== body.mutedSpaces.length || body.mutedSpaces.length > 500) {
      errors.push({ path: '/body/mutedSpaces', message: 'must have at most 500 distinct items' });
    }
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    const prefs = normalizedNotificationPreferences({ kinds: body.kinds, mutedSpaces: body.mutedSpaces });
    this.preferences.set(this.store.caller.id, prefs);
    return structuredClone(prefs);
  }

  // -------------------------------------------------------------------------
  // Views and re-checks
  // -------------------------------------------------------------------------

  private preferencesOf(actorId: string): NotificationPreferences {
    return this.preferences.get(actorId) ?? defaultNotificationPreferences();
  }

  /** The caller's notifications that pass the re-check, in no order. */
  private shownTo(actorId: string): StoredNotification[] {
    return [...this.items.values()].filter((n) => n.recipientId === actorId && this.visible(n.object));
  }

  /** The unread count of `actorId` (the caller must be them: the re-check is theirs). */
  private unreadOf(actorId: string): UnreadCount {
    const unread = this.shownTo(actorId).filter((n) => !n.read).length;
    return { unread: Math.min(unread, NOTIFICATION_UNREAD_COUNTED_MAX), more: unread > NOTIFICATION_UNREAD_COUNTED_MAX };
  }

  /** Whether the caller may see the object now: its space, and the object itself still there and visible to them. */
  private visible(object: StoredObject): boolean {
    const space = this.store.spaces.get(object.spaceId);
    if (!space) return false;
    switch (object.type) {
      case 'space':
        // A join answered or requested concerns a space one may list without reading it (private).
        return canListSpace(space.visibility, this.store.roleIn(space.id));
      case 'post':
        return this.store.visiblePost(object.id) !== undefined;
      case 'comment': {
        const comment = this.lookups.comment(object.id);
        return !!comment && !comment.deleted && this.store.visiblePost(comment.postId) !== undefined;
      }
      case 'note':
        return this.lookups.note(object.id) !== undefined && this.store.readsSpace(object.spaceId);
      case 'poll':
        return object.postId === undefined ? this.store.readsSpace(object.spaceId) : this.store.visiblePost(object.postId) !== undefined;
    }
  }

  /** The notification as the caller (its recipient) sees it now; undefined when the re-check hides it. */
  private view(stored: StoredNotification): Notification | undefined {
    if (!this.visible(stored.object)) return undefined;
    const space = this.store.spaces.get(stored.object.spaceId)!;
    const excerpt = this.excerptOf(stored.object);
    const actors = stored.actorIds
      .slice(0, NOTIFICATION_ACTORS_NAMED_MAX)
      .map((id) => this.store.people.get(id) ?? { id, displayName: id, locale: 'en' as const });
    return structuredClone({
      id: stored.id,
      kind: stored.kind,
      actors,
      actorCount: stored.actorIds.length,
      object: {
        ...stored.object,
        spaceName: space.name,
        ...(excerpt ? { excerpt } : {}),
      },
      ...(stored.approved !== undefined ? { approved: stored.approved } : {}),
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      read: stored.read,
    });
  }

  private excerptOf(object: StoredObject): string | undefined {
    switch (object.type) {
      case 'post':
        return excerpt(this.store.posts.get(object.id)?.body ?? '');
      case 'comment':
        return excerpt(this.lookups.comment(object.id)?.body ?? '');
      case 'note':
        return excerpt(this.lookups.note(object.id)?.title ?? '');
      default:
        return undefined;
    }
  }

  private canRead(actorId: string, spaceId: string): boolean {
    const space = this.store.spaces.get(spaceId);
    const person = this.store.people.get(actorId);
    // Only active people: someone whose access ended cannot be mentioned.
    return !!person && !person.deactivated && !!space && canReadSpace(space.visibility, this.store.roleIn(spaceId, actorId));
  }

  private latestTime(): number {
    let latest = 0;
    for (const n of this.items.values()) latest = Math.max(latest, Date.parse(n.updatedAt));
    return latest;
  }
}

/** The texts of a post its mentions are read from: the body and every language variant. */
export function postBodies(post: Pick<Post, 'body' | 'variants'>): string[] {
  return [post.body, ...(post.variants ?? []).map((v) => v.body)];
}

/** Newest first (by `updatedAt`, then id); with `unreadFirst`, unread ones before read ones. */
function compare(a: Pick<StoredNotification, 'read' | 'updatedAt' | 'id'>, b: Pick<StoredNotification, 'read' | 'updatedAt' | 'id'>, unreadFirst: boolean): number {
  if (unreadFirst && a.read !== b.read) return a.read ? 1 : -1;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function cursorOf(n: StoredNotification, unreadFirst: boolean): string {
  return `${unreadFirst ? (n.read ? '1|' : '0|') : ''}${n.updatedAt}|${n.id}`;
}

function parseCursor(cursor: string, unreadFirst: boolean): Pick<StoredNotification, 'read' | 'updatedAt' | 'id'> | undefined {
  const parts = cursor.split('|');
  const [read, updatedAt, id] = unreadFirst ? parts : ['0', ...parts];
  if (parts.length !== (unreadFirst ? 3 : 2) || (read !== '0' && read !== '1') || !updatedAt || !id || Number.isNaN(Date.parse(updatedAt))) return undefined;
  return { read: read === '1', updatedAt, id };
}

/** The first words of a Markdown text, as the server words them (one shared rule). */
export const excerpt = notificationExcerpt;
