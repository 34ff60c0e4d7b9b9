/**
 * An outbox whose implementation loads on first use: the durable outbox
 * (IndexedDB, tabs) is a chunk of its own, so a page that only shows like
 * buttons downloads it when someone likes, or at once when writes of an
 * earlier visit wait (a flag in localStorage says so).
 */
import { BehaviorSubject } from 'rxjs';
import type { Outbox, OutboxEntry, OutboxSendOptions, TransportRequest } from '../types.js';

/** localStorage key saying that writes wait in the durable outbox of this origin. */
export const WAITING_FLAG = 'ecotone-outbox-waiting';

/** A lazily loaded outbox. */
export class DeferredOutbox implements Outbox {
  readonly pending$ = new BehaviorSubject<readonly OutboxEntry[]>([]);
  private loading: Promise<Outbox> | undefined;
  private closed = false;

  /** `durable`: writes of an earlier visit may wait, so it loads at once unless localStorage says none do. */
  constructor(
    private readonly load: () => Promise<Outbox>,
    durable = true,
  ) {
    if (!durable) return;
    let waiting = true;
    try {
      // Without localStorage nothing says none wait: load.
      waiting = globalThis.localStorage?.getItem(WAITING_FLAG) !== null;
    } catch {
      // refused: load
    }
    if (waiting) this.get().catch(() => undefined);
  }

  send<T>(request: TransportRequest, options?: OutboxSendOptions): Promise<T> {
    return this.get().then((o) => o.send<T>(request, options));
  }

  retry(entryId: string): Promise<void> {
    return this.get().then((o) => o.retry?.(entryId));
  }

  discard(entryId: string): Promise<void> {
    return this.get().then((o) => o.discard?.(entryId));
  }

  close(): void {
    this.closed = true;
    void this.loading?.then((o) => o.close?.(), () => undefined);
  }

  /** The outbox, loading it once (again after a failed load); one loaded after close stops at once. */
  private get(): Promise<Outbox> {
    return (this.loading ??= this.load().then(
      (o) => {
        if (this.closed) o.close?.();
        o.pending$.subscribe((entries) => this.pending$.next(entries));
        return o;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    ));
  }
}
