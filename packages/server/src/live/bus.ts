import type { LiveEvent } from '@ecotone/protocol';
import type { EventAudience } from '@ecotone/protocol/rules';

/** A live event as stored, with the id clients resume from. */
export interface StoredLiveEvent {
  id: number;
  spaceId: string;
  event: LiveEvent;
  /** Who receives it beyond reading the space, decided when it was recorded. */
  audience: EventAudience;
}

export type LiveEventListener = (event: StoredLiveEvent) => void;

/**
 * Fan-out of committed live events to the open streams of this process.
 * The in-process bus serves one node (SQLite); the database bus
 * (live/database-bus.ts) serves every instance on one PostgreSQL database.
 */
export interface EventBus {
  publish(event: StoredLiveEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: LiveEventListener): () => void;
  /**
   * Calls `listener` when events were missed and cannot be delivered any
   * more (a bus shared by instances, cut off longer than the replay window).
   */
  onLost?(listener: () => void): () => void;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  readonly #listeners = new Set<LiveEventListener>();

  publish(event: StoredLiveEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  subscribe(listener: LiveEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#listeners.clear();
    return Promise.resolve();
  }
}
