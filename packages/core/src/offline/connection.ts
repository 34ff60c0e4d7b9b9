/**
 * `client.connection$`: what a person is told about the connection, from
 * the live stream's status, the browser's online and offline events, and
 * whether the read cache is all the page has. Loaded on first subscription
 * (by `<eco-connection-status>`), so pages without an indicator do not pay.
 */
import { Observable, combineLatest, distinctUntilChanged, map } from 'rxjs';
import type { ConnectionState, ConnectionStatus } from '../types.js';

/**
 * The state shown for a stream status: `cache-only` when the cache says it
 * is all the page has (unless the stream is connected, which proves the
 * server is there), `offline` when the browser has no network or the
 * stream gave up, `reconnecting` while it retries, else `online` (also
 * before the stream opens: nothing has failed).
 */
export function connectionState(status: ConnectionStatus, cacheOnly: boolean, browserOnline: boolean): ConnectionState {
  if (cacheOnly && status !== 'connected') return 'cache-only';
  if (!browserOnline || status === 'offline') return 'offline';
  return status === 'reconnecting' ? 'reconnecting' : 'online';
}

/** Whether the browser says it has a network, current with its `online` and `offline` events (true outside browsers). */
export function browserOnline$(): Observable<boolean> {
  return new Observable<boolean>((subscriber) => {
    const emit = () => subscriber.next(typeof navigator === 'undefined' || navigator.onLine !== false);
    emit();
    if (typeof addEventListener !== 'function') return undefined;
    addEventListener('online', emit);
    addEventListener('offline', emit);
    return () => {
      removeEventListener('online', emit);
      removeEventListener('offline', emit);
    };
  });
}

/** The connection state, emitted when it changes. */
export function connection$(status$: Observable<ConnectionStatus>, cacheOnly$: Observable<boolean>): Observable<ConnectionState> {
  return combineLatest([status$, cacheOnly$, browserOnline$()]).pipe(
    map(([status, cacheOnly, online]) => connectionState(status, cacheOnly, online)),
    distinctUntilChanged(),
  );
}
