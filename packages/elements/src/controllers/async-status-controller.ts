import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toEcotoneError, type EcotoneError } from '@ecotone/core';

/** Where an async action stands. */
export type AsyncStatus = 'idle' | 'pending' | 'complete' | 'error';

/** What `run()` resolves with: the value, the typed error, or undefined when the run was aborted. */
export type AsyncResult<T> = { ok: true; value: T } | { ok: false; error: EcotoneError } | undefined;

/**
 * Tracks one async action of the host (a write) as `pending / complete / error`
 * and re-renders the host at each step.
 *
 * One run at a time: a newer `run()`, `reset()` or the host leaving the page
 * aborts the run in flight (its `AbortSignal` fires, for actions that can
 * stop) and its late result is ignored, so a stale answer never overwrites a
 * newer one. Failures are always `EcotoneError`s (anything else thrown is
 * wrapped by core's `toEcotoneError`), so the host can read `error.code`.
 *
 * @example
 * private readonly saving = new AsyncStatusController<Post>(this);
 * const result = await this.saving.run((signal) => client.publish(space, input));
 * if (result && !result.ok) this.emit('eco-error', { action: 'publish', error: result.error });
 */
export class AsyncStatusController<T> implements ReactiveController {
  status: AsyncStatus = 'idle';
  /** The failure of the last run, while `status` is `error`. */
  error: EcotoneError | undefined = undefined;
  value: T | undefined = undefined;
  private inFlight: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get pending(): boolean {
    return this.status === 'pending';
  }

  /**
   * Runs the action, aborting the one in flight; resolves with its value or
   * typed error, or undefined when it was aborted (superseded, reset, or the
   * host disconnected) before it settled.
   */
  async run(action: (signal: AbortSignal) => Promise<T>): Promise<AsyncResult<T>> {
    this.inFlight?.abort();
    const run = new AbortController();
    this.inFlight = run;
    this.status = 'pending';
    this.error = undefined;
    this.host.requestUpdate();
    let result: AsyncResult<T>;
    try {
      result = { ok: true, value: await action(run.signal) };
    } catch (error) {
      result = { ok: false, error: toEcotoneError(error) };
    }
    if (run.signal.aborted) return undefined;
    this.inFlight = undefined;
    if (result.ok) {
      this.status = 'complete';
      this.value = result.value;
    } else {
      this.status = 'error';
      this.error = result.error;
    }
    this.host.requestUpdate();
    return result;
  }

  /** Back to idle (for example when the user starts over); a run in flight is aborted. */
  reset(): void {
    this.abort();
    this.status = 'idle';
    this.error = undefined;
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  /** A host that left the page has no use for the answer. */
  hostDisconnected(): void {
    if (!this.inFlight) return;
    this.abort();
    // Not left pending: the same element may come back (a list re-inserting it).
    this.status = 'idle';
  }

  private abort(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
  }
}
