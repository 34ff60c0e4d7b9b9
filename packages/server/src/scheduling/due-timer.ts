/**
 * A timer that runs a job when something comes due: it aims at the next due
 * time the job reports, and rescans at least every `rescanMs` so that work
 * scheduled on another node is caught too. Shared by the poll-closing and
 * post-publishing schedulers.
 */

/** Longest delay setTimeout accepts, in ms (about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export interface DueTimerOptions {
  now: () => Date;
  /** Longest wait between two scans, in ms. */
  rescanMs: number;
  /** Does what is due now. */
  runDue: () => Promise<unknown>;
  /** When the next thing comes due (an ISO time), or null when nothing is scheduled. */
  nextDue: () => Promise<string | null>;
}

export class DueTimer {
  readonly #options: DueTimerOptions;
  #timer: NodeJS.Timeout | null = null;
  #dueAt = Number.POSITIVE_INFINITY;
  #stopped = false;

  constructor(options: DueTimerOptions) {
    this.#options = options;
  }

  /** Starts (or restarts) the timer: runs what is due now; resolves once that first pass is done. */
  start(): Promise<void> {
    this.#stopped = false;
    if (this.#timer) clearTimeout(this.#timer);
    return this.#tick();
  }

  /** Something comes due at `at` (ISO time): wake up in time for it. */
  note(at: string | null): void {
    if (at === null || this.#stopped) return;
    const time = Date.parse(at);
    if (time < this.#dueAt) this.#arm(time - this.#options.now().getTime());
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    const delay = Math.min(Math.max(0, delayMs), this.#options.rescanMs, MAX_TIMER_DELAY_MS);
    this.#dueAt = this.#options.now().getTime() + delay;
    this.#timer = setTimeout(() => void this.#tick(), delay);
    // Pending work must not keep the process alive.
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    let next: string | null = null;
    try {
      await this.#options.runDue();
      next = await this.#options.nextDue();
    } catch {
      // The database may be closing under us; the next rescan retries.
    }
    this.#arm(next === null ? this.#options.rescanMs : Date.parse(next) - this.#options.now().getTime());
  }
}
