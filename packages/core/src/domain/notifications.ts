/**
 * The caller's notifications, loaded on first use (a page without a bell
 * never downloads it): the unread count, lists in either order, marking read
 * and preferences.
 *
 * Notifications are kept once by id, as the server last said them; each list
 * remembers only its ids. Marking read is optimistic: the ids being marked
 * (or "all") are laid over what the server said, so the count and the flags
 * change at once and come back by themselves when the server refuses. Live
 * `notification.created` and `notification.read` events (on the person's own
 * streams, from any of their tabs or devices) keep everything current; after
 * a `stream.reset` or a reconnection, what is watched is fetched again.
 */
import { BehaviorSubject, Observable, Subject, combineLatest, filter, map, pairwise, startWith, type Subscription } from 'rxjs';
import {
  notificationPreferencesPath,
  notificationReadPath,
  notificationsPath,
  notificationsReadAllPath,
  unreadNotificationsPath,
  type LiveEvent,
  type Notification,
  type NotificationPage,
  type NotificationPreferences,
  type UnreadCount,
} from '@ecotone/protocol';
import { toEcotoneError, type EcotoneError } from '../errors.js';
import type { ClientCore } from '../client-core.js';
import type { ConnectionStatus, TransportRequest } from '../types.js';
import type { NotificationList, NotificationOrder, NotificationsState } from '../types-notifications.js';

/** Page size of notification lists. */
export const NOTIFICATION_PAGE_SIZE = 20;

/** What the notifications domain needs from the client. */
export interface NotificationsContext {
  /** A request, straight to the transport; rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** Live events (subscribing keeps the stream open). */
  readonly live$: Observable<LiveEvent>;
  /** The live stream's status: a reconnection means events may have been missed. */
  readonly status$: Observable<ConnectionStatus>;
}

/** The notifications domain of a client (see client-core.ts). */
export function attach(core: ClientCore): NotificationsDomain {
  return new NotificationsDomain({ request: (req) => core.request(req), live$: core.live$, status$: core.status$ });
}

interface ListData {
  ids: readonly string[];
  cursor: string | null;
  status: NotificationsState['status'];
  hasMore: boolean;
  loadingMore: boolean;
  error: EcotoneError | null;
}

/** Marks in flight: ids, and how many "mark all" writes. */
interface PendingReads {
  ids: ReadonlySet<string>;
  all: number;
}

/** Counts, lists, marking read and preferences; see {@link NotificationsContext}. */
export class NotificationsDomain {
  /** Notifications as the server last said them, by id. */
  private readonly known = new BehaviorSubject<ReadonlyMap<string, Notification>>(new Map());
  /** The unread count as the server last said it; undefined before the first answer. */
  private readonly count = new BehaviorSubject<UnreadCount | undefined>(undefined);
  private readonly pending = new BehaviorSubject<PendingReads>({ ids: new Set(), all: 0 });
  private readonly lists = new Map<NotificationOrder, { data: BehaviorSubject<ListData>; api: NotificationList }>();
  private countWatched = false;
  private live: Subscription | undefined;
  private watchers = 0;
  /** Bumped by every count answer and event: an older fetch's answer does not overwrite a newer count. */
  private countVersion = 0;

  /** See {@link NotificationCenter.unread$}. */
  readonly unread$: Observable<UnreadCount>;
  private readonly arrivals = new Subject<Notification>();
  /** See {@link NotificationCenter.arrived$}. */
  readonly arrived$: Observable<Notification>;

  constructor(private readonly ctx: NotificationsContext) {
    this.unread$ = this.watched(
      combineLatest([this.count.pipe(filter((c): c is UnreadCount => c !== undefined)), this.known, this.pending]).pipe(
        map(([count, known, pending]) => shownCount(count, known, pending)),
      ),
      () => {
        this.countWatched = true;
        void this.fetchCount();
      },
      () => (this.countWatched = false),
    );
    this.arrived$ = this.watched(this.arrivals.asObservable(), () => undefined);
  }

  /** See {@link NotificationCenter.list}. */
  list(order: NotificationOrder = 'newest'): NotificationList {
    let entry = this.lists.get(order);
    if (!entry) {
      const data = new BehaviorSubject<ListData>({ ids: [], cursor: null, status: 'loading', hasMore: false, loadingMore: false, error: null });
      const state$ = this.watched(
        combineLatest([data, this.known, this.pending]).pipe(
          map(([d, known, pending]): NotificationsState => ({
            status: d.status,
            items: d.ids.flatMap((id) => {
              const n = known.get(id);
              if (!n) return [];
              return !n.read && (pending.all > 0 || pending.ids.has(id)) ? [{ ...n, read: true }] : [n];
            }),
            hasMore: d.hasMore,
            loadingMore: d.loadingMore,
            error: d.error,
          })),
        ),
        () => void this.load(order, false),
      );
      entry = { data, api: { state$, loadMore: () => this.load(order, true), refresh: () => this.load(order, false) } };
      this.lists.set(order, entry);
    }
    return entry.api;
  }

  /** See {@link NotificationCenter.markRead}. */
  async markRead(id: string): Promise<void> {
    const known = this.known.value.get(id);
    if (known?.read) return;
    this.setPending((p) => ({ ...p, ids: new Set([...p.ids, id]) }));
    try {
      await this.ctx.request({ method: 'POST', path: notificationReadPath(id) });
      // Settled here too: the live event may not come (no stream open) or may have come already.
      const now = this.known.value.get(id);
      if (now && !now.read) {
        this.putKnown([{ ...now, read: true }]);
        const count = this.count.value;
        if (count && !count.more) this.setCount({ unread: Math.max(0, count.unread - 1), more: false });
      }
    } catch (err) {
      throw toEcotoneError(err);
    } finally {
      this.setPending((p) => {
        const ids = new Set(p.ids);
        ids.delete(id);
        return { ...p, ids };
      });
    }
  }

  /** See {@link NotificationCenter.markAllRead}. */
  async markAllRead(): Promise<void> {
    this.setPending((p) => ({ ...p, all: p.all + 1 }));
    try {
      await this.ctx.request({ method: 'POST', path: notificationsReadAllPath() });
      this.markKnownRead('all');
      // Notifications recorded meanwhile stay unread: the server's count says how many.
      if (this.countWatched) await this.fetchCount();
    } catch (err) {
      throw toEcotoneError(err);
    } finally {
      this.setPending((p) => ({ ...p, all: p.all - 1 }));
    }
  }

  /** See {@link NotificationCenter.preferences}. */
  preferences(): Promise<NotificationPreferences> {
    return this.ctx.request<NotificationPreferences>({ method: 'GET', path: notificationPreferencesPath() });
  }

  /** See {@link NotificationCenter.setPreferences}. */
  setPreferences(preferences: NotificationPreferences): Promise<NotificationPreferences> {
    return this.ctx.request<NotificationPreferences>({ method: 'PUT', path: notificationPreferencesPath(), body: preferences });
  }

  /** Applies a live event: notifications, and a reset (events were lost). */
  private applyEvent(event: LiveEvent): void {
    switch (event.type) {
      case 'notification.created': {
        const { notification } = event;
        this.putKnown([notification]);
        this.setCount(event.unread);
        // New, or a group that grew: at the top of every list, once.
        for (const { data } of this.lists.values()) {
          data.next({ ...data.value, ids: [notification.id, ...data.value.ids.filter((id) => id !== notification.id)] });
        }
        this.arrivals.next(notification);
        break;
      }
      case 'notification.read':
        this.markKnownRead(event.ids);
        this.setCount(event.unread);
        break;
      case 'stream.reset':
        this.refetchAll();
        break;
      default:
    }
  }

  /** Fetches again everything watched. */
  private refetchAll(): void {
    if (this.countWatched) void this.fetchCount();
    for (const order of this.lists.keys()) void this.load(order, false);
  }

  private async fetchCount(): Promise<void> {
    const version = this.countVersion;
    try {
      const count = await this.ctx.request<UnreadCount>({ method: 'GET', path: unreadNotificationsPath() });
      if (version === this.countVersion) this.setCount(count);
    } catch {
      // The count keeps what it showed; a later event or reconnection brings the next one.
    }
  }

  private async load(order: NotificationOrder, more: boolean): Promise<void> {
    const entry = this.lists.get(order);
    if (!entry) return;
    const { data } = entry;
    if (more && (!data.value.hasMore || data.value.loadingMore)) return;
    data.next({ ...data.value, ...(more ? { loadingMore: true } : data.value.status === 'ready' ? {} : { status: 'loading' }), error: null });
    try {
      const version = this.countVersion;
      const page = await this.ctx.request<NotificationPage>({
        method: 'GET',
        path: notificationsPath(),
        query: { limit: NOTIFICATION_PAGE_SIZE, cursor: more ? (data.value.cursor ?? undefined) : undefined, order },
      });
      this.putKnown(page.items);
      if (version === this.countVersion) this.setCount(page.unread);
      const ids = page.items.map((n) => n.id);
      data.next({
        ids: more ? [...data.value.ids.filter((id) => !ids.includes(id)), ...ids] : ids,
        cursor: page.nextCursor,
        status: 'ready',
        hasMore: page.nextCursor !== null,
        loadingMore: false,
        error: null,
      });
    } catch (err) {
      const error = toEcotoneError(err);
      data.next({ ...data.value, status: more || data.value.status === 'ready' ? 'ready' : 'error', loadingMore: false, error });
    }
  }

  private putKnown(items: readonly Notification[]): void {
    if (items.length === 0) return;
    const next = new Map(this.known.value);
    for (const n of items) next.set(n.id, n);
    this.known.next(next);
  }

  private markKnownRead(ids: readonly string[] | 'all'): void {
    const next = new Map(this.known.value);
    for (const [id, n] of next) if (!n.read && (ids === 'all' || ids.includes(id))) next.set(id, { ...n, read: true });
    this.known.next(next);
  }

  private setCount(count: UnreadCount): void {
    this.countVersion += 1;
    this.count.next(count);
  }

  private setPending(change: (p: PendingReads) => PendingReads): void {
    this.pending.next(change(this.pending.value));
  }

  /**
   * Keeps the live stream open while anything of this domain is watched (and
   * watches for reconnections), loads a view when its first watcher comes
   * (again: events were missed meanwhile); later watchers share what it shows.
   */
  private watched<T>(source: Observable<T>, onFirst: () => void, onLast?: () => void): Observable<T> {
    let subscribers = 0;
    return new Observable<T>((subscriber) => {
      if (this.watchers++ === 0) {
        const live = this.ctx.live$.subscribe((event) => this.applyEvent(event));
        // Back after the stream was lost: events of the gap may be missing.
        live.add(
          this.ctx.status$
            .pipe(startWith(undefined), pairwise())
            .subscribe(([before, now]) => {
              if (now === 'connected' && (before === 'reconnecting' || before === 'offline')) this.refetchAll();
            }),
        );
        this.live = live;
      }
      if (subscribers++ === 0) onFirst();
      const sub = source.subscribe(subscriber);
      return () => {
        sub.unsubscribe();
        if (--subscribers === 0) onLast?.();
        if (--this.watchers === 0) this.live?.unsubscribe();
      };
    });
  }
}

/** The count shown: the server's, less what is being marked read. */
function shownCount(count: UnreadCount, known: ReadonlyMap<string, Notification>, pending: PendingReads): UnreadCount {
  if (pending.all > 0) return { unread: 0, more: false };
  if (count.more) return count;
  let marking = 0;
  for (const id of pending.ids) if (known.get(id)?.read === false) marking += 1;
  return { unread: Math.max(0, count.unread - marking), more: false };
}
