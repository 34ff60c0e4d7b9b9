import type { ReactiveControllerHost } from 'lit';
import { EcotoneError, type EcotoneClient, type OutboxAction, type OutboxEntry } from '@ecotone/core';
import { ObservableController } from './observable-controller.js';

/**
 * The client's writes waiting in its outbox (`pendingWrites$`), for the
 * element that made them: what waits to be sent, and what the server refused
 * after it had waited (offline, then a reload: nobody was there to be told),
 * kept with its content until the person retries or discards it.
 *
 * @example
 * private readonly writes = new WritesController(this, () => this.resolvedClient);
 * const refused = this.writes.refused('vote', this.pollId);
 */
export class WritesController extends ObservableController<readonly OutboxEntry[], readonly [EcotoneClient | undefined]> {
  constructor(host: ReactiveControllerHost, client: () => EcotoneClient | undefined) {
    super(host, () => [client()] as const, ([c]) => c?.pendingWrites$);
  }

  /** Writes of `action` on `target` (matching `also`, if given), oldest first. */
  of(action: OutboxAction, target: string | undefined, also: (entry: OutboxEntry) => boolean = () => true): OutboxEntry[] {
    return (this.value ?? []).filter((e) => e.action === action && e.target === target && also(e));
  }

  /** The first such write the server refused, if any. */
  refused(action: OutboxAction, target: string | undefined, also?: (entry: OutboxEntry) => boolean): OutboxEntry | undefined {
    return this.of(action, target, also).find((e) => e.status === 'failed');
  }
}

/** A refused entry's reason as an EcotoneError, for `errorText()`. */
export function refusalOf(entry: OutboxEntry): EcotoneError {
  return new EcotoneError(entry.error?.code ?? 'unknown', entry.error?.message ?? '', {
    ...(entry.error?.status === undefined ? {} : { status: entry.error.status }),
    ...(entry.error?.problem ? { problem: entry.error.problem } : {}),
  });
}
