import { afterEach, describe, expect, it, vi } from 'vitest';
import { BehaviorSubject } from 'rxjs';
import type { ConnectionState, ConnectionStatus } from '../types.js';
import { connection$, connectionState } from './connection.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('connectionState', () => {
  it.each<[ConnectionStatus, boolean, boolean, ConnectionState]>([
    ['idle', false, true, 'online'],
    ['connecting', false, true, 'online'],
    ['connected', false, true, 'online'],
    ['reconnecting', false, true, 'reconnecting'],
    ['offline', false, true, 'offline'],
    // The browser has no network: whatever the stream last said.
    ['connected', false, false, 'offline'],
    ['reconnecting', false, false, 'offline'],
    // The cache is all the page has, unless the stream proves the server is there.
    ['reconnecting', true, true, 'cache-only'],
    ['offline', true, false, 'cache-only'],
    ['idle', true, true, 'cache-only'],
    ['connected', true, true, 'online'],
  ])('stream %s, cache only %s, browser online %s: %s', (status, cacheOnly, online, expected) => {
    expect(connectionState(status, cacheOnly, online)).toBe(expected);
  });
});

describe('connection$', () => {
  it('follows the stream, the cache flag and the browser’s online and offline events, emitting changes only', () => {
    const page = new EventTarget();
    const browser = { onLine: true };
    vi.stubGlobal('navigator', browser);
    vi.stubGlobal('addEventListener', page.addEventListener.bind(page));
    vi.stubGlobal('removeEventListener', page.removeEventListener.bind(page));
    const status = new BehaviorSubject<ConnectionStatus>('connecting');
    const cacheOnly = new BehaviorSubject(false);
    const seen: ConnectionState[] = [];
    const sub = connection$(status, cacheOnly).subscribe((s) => seen.push(s));

    status.next('connected');
    browser.onLine = false;
    page.dispatchEvent(new Event('offline'));
    status.next('offline');
    cacheOnly.next(true);
    browser.onLine = true;
    page.dispatchEvent(new Event('online'));
    status.next('reconnecting');
    status.next('connected');
    cacheOnly.next(false);
    sub.unsubscribe();

    expect(seen).toEqual(['online', 'offline', 'cache-only', 'online']);
  });
});
