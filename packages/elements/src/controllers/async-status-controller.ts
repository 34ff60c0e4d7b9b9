import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where an async action stands. */
export type AsyncStatus = 'idle' | 'pending' | 'complete' | 'error';

/**
 * Tracks one async action of the host (a write) as `pending / complete / error`
 * and re-renders the host at each step. A newer `run()` supersedes an older one:
 * a late result of the older one is ignored.
 */
export class AsyncStatusController<T> implements ReactiveController {
  status: AsyncStatus = 'idle';
  error: unknown = undefined;
  value: T | undefined = undefined;
  private generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get pending(): boolean {
    return this.status === 'pending';
  }

  /** Runs the action; resolves with its value, or undefined when it failed or was superseded. */
  async run(action: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | undefined> {
    const generation = ++this.generation;
    this.status = 'pending';
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const value = await action();
      if (generation !== this.generation) return undefined;
      this.status = 'complete';
      this.value = value;
      return { ok: true, value };
    } catch (error) {
      if (generation !== this.generation) return undefined;
      this.status = 'error';
      this.error = error;
      return { ok: false, error };
    } finally {
      if (generation === this.generation) this.host.requestUpdate();
    }
  }

  /** Back to idle (for example when the user starts over). */
  reset(): void {
    this.generation++;
    this.status = 'idle';
    this.error = undefined;
    this.host.requestUpdate();
  }

  hostConnected(): void {}
}
