/**
 * The caller's notifications: list, count, mark read, preferences
 * (docs/notifications.md). Marking read tells every stream of the person
 * (`notification.read`), so each of their tabs and devices updates its count.
 */
import {
  type Actor,
  type NotificationPage,
  type NotificationPreferences,
  type NotificationQuery,
  type NotificationReadEvent,
  type UnreadCount,
} from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import { notFound } from '../http/errors.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { afterCommit, eventTransaction } from '../live/record.js';
import {
  listNotifications,
  markAllRead,
  markRead,
  notificationViews,
  preferencesOf,
  savePreferences,
  unreadCount,
} from './notification-repository.js';
import { recordPersonalEvent, type RecordedNotices } from './notifier.js';

/** Notifications per page when a request does not say. */
const NOTIFICATION_LIMIT_DEFAULT = 20;

export async function listMyNotifications(ctx: ServerContext, actor: Actor, query: NotificationQuery): Promise<NotificationPage> {
  const now = ctx.now();
  const { rows, nextCursor } = await listNotifications(ctx.db, actor.id, {
    order: query.order ?? 'newest',
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    limit: query.limit ?? NOTIFICATION_LIMIT_DEFAULT,
    now,
  });
  const [items, unread] = await Promise.all([notificationViews(ctx.db, rows), unreadCount(ctx.db, actor.id, now)]);
  return { items, nextCursor, unread };
}

export function myUnreadCount(ctx: ServerContext, actor: Actor): Promise<UnreadCount> {
  return unreadCount(ctx.db, actor.id, ctx.now());
}

/** Numeric ids only: anything else is no notification of anyone's. */
function notificationId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw notFound('Notification');
  return Number(raw);
}

/** Marks notifications read and tells the person's streams, in one transaction. */
async function markAndTell(ctx: ServerContext, actor: Actor, ids: number[] | 'all'): Promise<void> {
  const now = ctx.now();
  const event = await eventTransaction(ctx.db, async (trx): Promise<StoredLiveEvent | null> => {
    let changed: boolean;
    if (ids === 'all') changed = (await markAllRead(trx, actor.id, now)) > 0;
    else {
      const before = await trx.selectFrom('notifications').select('read_at').where('id', '=', ids[0]!).where('recipient_id', '=', actor.id).executeTakeFirst();
      if (!before) throw notFound('Notification');
      await markRead(trx, actor.id, ids[0]!, now);
      changed = before.read_at === null;
    }
    if (!changed) return null;
    const read: NotificationReadEvent = {
      type: 'notification.read',
      ids: ids === 'all' ? 'all' : ids.map(String),
      unread: await unreadCount(trx, actor.id, now),
    };
    return recordPersonalEvent(trx, read, { kind: 'only', actorId: actor.id }, null, now.toISOString());
  });
  await afterCommit(ctx, event ? [event] : []);
}

export function readNotification(ctx: ServerContext, actor: Actor, rawId: string): Promise<void> {
  return markAndTell(ctx, actor, [notificationId(rawId)]);
}

export function readAllNotifications(ctx: ServerContext, actor: Actor): Promise<void> {
  return markAndTell(ctx, actor, 'all');
}

export async function myPreferences(ctx: ServerContext, actor: Actor): Promise<NotificationPreferences> {
  return (await preferencesOf(ctx.db, [actor.id])).get(actor.id)!;
}

export function setMyPreferences(ctx: ServerContext, actor: Actor, prefs: NotificationPreferences): Promise<NotificationPreferences> {
  return savePreferences(ctx.db, actor.id, prefs, ctx.now());
}

/**
 * After the change that recorded them committed: their live events go out,
 * and the delivery hook (if any) gets each notification, without holding up
 * the answer (a failing hook is logged, never the caller's problem).
 */
export async function afterNotices(ctx: Pick<ServerContext, 'db' | 'bus' | 'retention' | 'now' | 'notify'>, recorded: RecordedNotices, otherEvents: readonly StoredLiveEvent[] = []): Promise<void> {
  await afterCommit(ctx, [...otherEvents, ...recorded.events]);
  if (ctx.notify && recorded.delivered.length > 0) ctx.notify.deliver(recorded.delivered);
}
