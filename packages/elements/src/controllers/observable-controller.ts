import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

/**
 * Subscribes the host to an Observable while it is connected.
 *
 * The source is described by dependencies (like `@lit/task`'s args): when
 * they change (compared item by item with `===`), the old subscription ends
 * and the new source is subscribed. Values emitted while subscribing, during
 * the host's update, are used by that same render without another update.
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
    this.unsubscribe();
    this.deps = deps;
    this.value = undefined;
    this.error = undefined;
    const source = this.toSource(deps);
    if (!source) return;
    this.inUpdate = true;
    try {
      this.subscription = source.subscribe({
        next: (value) => {
          this.value = value;
          if (!this.inUpdate) this.host.requestUpdate();
        },
        error: (err: unknown) => {
          this.error = err;
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

  private unsubscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.deps = undefined;
  }
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
