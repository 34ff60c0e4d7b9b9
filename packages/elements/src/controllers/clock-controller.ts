import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A clock for what a person reads relative to now ("5 minutes ago", "closes
 * in 2 hours", overdue): `now` advances every `intervalMs` while the host is
 * connected, and each tick re-renders the host. A disconnected host holds no
 * timer, so an element taken off the page costs nothing and can be collected.
 *
 * @example
 * private readonly clock = new ClockController(this, RELATIVE_TIME_REFRESH_MS);
 * render() { return formatRelativeTime(created, locale, new Date(this.clock.now)); }
 */
export class ClockController implements ReactiveController {
  /** The time of the last tick, in milliseconds since the epoch. */
  now = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs: number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Back on the page after a while: what it shows is as old as its absence.
    this.now = Date.now();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
    }, this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
