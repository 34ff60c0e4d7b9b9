/**
 * Test helper, not shipped: an in-process stand-in for the browser's Web
 * Locks API (`navigator.locks.request`), for Node tests where several "tabs"
 * run in one process. Same contract as the part TabsTransport uses:
 * exclusive locks granted in request order, held until the callback's
 * promise settles, and a pending request cancelled by its `signal` (rejecting
 * with an `AbortError`).
 */
import type { TabLocks } from './tabs.js';

interface Waiter {
  grant(): void;
}

export class TestLocks implements TabLocks {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly held = new Set<string>();

  /** Whether `name` is held now. */
  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(new DOMException('The request was aborted', 'AbortError'));
      const queue = this.waiting.get(name) ?? [];
      this.waiting.set(name, queue);
      const onAbort = () => {
        const at = queue.indexOf(waiter);
        if (at < 0) return;
        queue.splice(at, 1);
        reject(new DOMException('The request was aborted', 'AbortError'));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.held.add(name);
          // As in browsers, the callback runs in a later task than the release that granted it.
          setTimeout(() => {
            Promise.resolve()
              .then(callback)
              .then(resolve, reject)
              .finally(() => {
                this.held.delete(name);
                this.grantNext(name);
              });
          });
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.grantNext(name);
    });
  }

  private grantNext(name: string): void {
    if (this.held.has(name)) return;
    this.waiting.get(name)?.shift()?.grant();
  }
}
