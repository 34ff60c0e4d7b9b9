import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';
import { isRetryable } from '@ecotone/core';

/**
 * Subscribes the host to an Observable while it is connected.
 *
 * The source is described by dependencies (like `@lit/task`'s args): when
 * they change (compared item by item with `===`), the old subscription ends
 * and the new source is subscribed. Values emitted while subscribing, during
 * the host's update, are used by that same render without another update.
 * A source that ended with a network error (offline, server unreachable) is
 * subscribed again when the browser says it is back online, and otherwise
 * after 1, 2, 4… up to 30 seconds; its error stays shown meanwhile.
 *
 * @example
 * private summary = new ObservableController(this,
 *   () => [this.resolvedClient, this.object] as const,
 *   ([client, object]) => (client && object ? client.reactions$(object) : undefined));
 */
export class ObservableController<T, D extends readonly unknown[]> implements ReactiveController {
  /** Last emitted value; undefined until the first emission (and after a source change). */
  value: T | undefined;
  /** The error the source ended with, if any. */
  error: unknown;
  private subscription: Subscription | undefined;
  private deps: D | undefined;
  private inUpdate = false;
  /** Ends the wait (timer, `online` event) before subscribing again after a network error. */
  private retryWait: AbortController | undefined;
  /** Retries since the last value. */
  private retries = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getDeps: () => D,
    private readonly toSource: (deps: D) => Observable<T> | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Subscribing happens in hostUpdate, once dependencies (context) are known.
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const deps = this.getDeps();
    if (this.subscription && this.deps && sameDeps(this.deps, deps)) return;
    const retrying = this.retries > 0 && this.deps === undefined && this.error !== undefined;
    this.unsubscribe();
    this.deps = deps;
    this.value = undefined;
    // A retry keeps the error shown until the source answers: no flashing, nothing announced twice.
    if (!retrying) {
      this.error = undefined;
      this.retries = 0;
    }
    const source = this.toSource(deps);
    if (!source) return;
    this.inUpdate = true;
    try {
      this.subscription = source.subscribe({
        next: (value) => {
          this.value = value;
          this.error = undefined;
          this.retries = 0;
          if (!this.inUpdate) this.host.requestUpdate();
        },
        error: (err: unknown) => {
          this.error = err;
          if (isRetryable(err)) this.retryLater();
          if (!this.inUpdate) this.host.requestUpdate();
        },
      });
    } finally {
      this.inUpdate = false;
    }
  }

  hostDisconnected(): void {
    this.unsubscribe();
  }

  /** Subscribes again (same dependencies) when the browser says it is back online, or after a while. */
  private retryLater(): void {
    this.retryWait?.abort();
    const wait = (this.retryWait = new AbortController());
    const again = () => {
      wait.abort();
      this.retries += 1;
      const error = this.error;
      this.unsubscribe();
      this.error = error;
      this.host.requestUpdate();
    };
    const timer = setTimeout(again, Math.min(30_000, 1_000 * 2 ** this.retries));
    wait.signal.addEventListener('abort', () => clearTimeout(timer));
    globalThis.addEventListener?.('online', again, { once: true, signal: wait.signal });
  }

  private unsubscribe(): void {
    this.retryWait?.abort();
    this.retryWait = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.deps = undefined;
  }
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
