import type { ConnectionState } from '@ecotone/core';

/** How an announcer waits: `setTimeout` and `clearTimeout` in a page, a hand-driven clock in tests. */
export interface AnnouncerTimers {
  /** Calls `fn` after `ms` milliseconds; returns a handle for `clear`. */
  set(fn: () => void, ms: number): unknown;
  /** Cancels a call `set` scheduled. */
  clear(handle: unknown): void;
}

const WINDOW_TIMERS: AnnouncerTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Decides which connection changes are worth saying to a screen reader: a
 * change is announced once it has lasted `delayMs`; one that goes back before
 * then (a network that flaps) is never announced, nor is the first state
 * (the page's state when it loads, shown but not news).
 */
export class ConnectionAnnouncer {
  /** The state last announced (or the first one seen). */
  private announced: ConnectionState | undefined;
  private pending: { state: ConnectionState; handle: unknown } | undefined;

  constructor(
    private readonly announce: (state: ConnectionState) => void,
    private readonly timers: AnnouncerTimers = WINDOW_TIMERS,
  ) {}

  /** The state shown now; announced once it has lasted `delayMs` milliseconds. */
  update(state: ConnectionState, delayMs: number): void {
    if (this.announced === undefined) {
      this.announced = state;
      return;
    }
    if (this.pending?.state === state) return;
    this.cancel();
    if (state === this.announced) return;
    const handle = this.timers.set(() => {
      this.pending = undefined;
      this.announced = state;
      this.announce(state);
    }, delayMs);
    this.pending = { state, handle };
  }

  /** Forgets a change not yet announced (the element left the page). */
  cancel(): void {
    if (this.pending) this.timers.clear(this.pending.handle);
    this.pending = undefined;
  }
}
