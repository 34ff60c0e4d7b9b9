/** Public types of a person's notifications (see domain/notifications.ts). */
import type { Observable } from 'rxjs';
import type { Notification, NotificationPreferences, UnreadCount } from '@ecotone/protocol';
import type { EcotoneError } from './errors.js';

/** The order of a notifications list: newest first, or unread ones first (each part newest first). */
export type NotificationOrder = 'newest' | 'unread';

/** A notifications list as shown; see {@link NotificationCenter.list}. */
export interface NotificationsState {
  /** `loading` before the first page; `error` when it failed (a later failure keeps `ready` and sets `error`). */
  status: 'loading' | 'ready' | 'error';
  /** Notifications loaded so far, in the list's order; `read` already true for those being marked read. */
  items: readonly Notification[];
  /** More notifications remain to load (`loadMore()`). */
  hasMore: boolean;
  /** A next page is being fetched. */
  loadingMore: boolean;
  /** The last failure to load, or null. */
  error: EcotoneError | null;
}

/** The live, paginated notifications of the caller. */
export interface NotificationList {
  /**
   * The list as shown, loaded on first subscription and kept current by live
   * events: a `notification.created` puts the notification at the top (a
   * group that grew replaces its older self), `notification.read` marks them.
   */
  readonly state$: Observable<NotificationsState>;
  /** Fetches the next page; no-op while one is loading or when none is left. */
  loadMore(): Promise<void>;
  /** Fetches the first page again (retry after an error). */
  refresh(): Promise<void>;
}

/**
 * The caller's notifications: the unread count for a bell, lists, marking
 * read and preferences. Marking read is optimistic (the count and the flags
 * change at once, and come back with the error when the server refuses);
 * every tab and device of the person follows through the live events.
 *
 * @example
 * const center = client.notifications();
 * center.unread$.subscribe(({ unread, more }) => (badge.textContent = more ? `${unread}+` : String(unread)));
 * center.list().state$.subscribe(({ items }) => render(items));
 * await center.markRead(items[0].id);
 */
export interface NotificationCenter {
  /**
   * The unread count, fetched on first subscription, kept current by live
   * events, fetched again after a `stream.reset` and when the live stream
   * reconnects. `more`: there are more than `unread` (show "99+").
   */
  readonly unread$: Observable<UnreadCount>;
  /**
   * Each notification as it arrives live (a new one, or an unread group that
   * grew), for a screen reader's announcement; nothing for those already
   * there when the page loaded.
   */
  readonly arrived$: Observable<Notification>;
  /** The notifications, newest first (`'unread'`: unread ones first). Same order, same list. */
  list(order?: NotificationOrder): NotificationList;
  /** Marks one notification read (optimistic; rejects with the EcotoneError after putting it back). */
  markRead(notificationId: string): Promise<void>;
  /** Marks every notification read (optimistic, as {@link markRead}). */
  markAllRead(): Promise<void>;
  /** What the caller wants to be notified of (defaults until they change it). */
  preferences(): Promise<NotificationPreferences>;
  /** Stores the caller's preferences; resolves with them as stored (kinds in the protocol's order). */
  setPreferences(preferences: NotificationPreferences): Promise<NotificationPreferences>;
}
