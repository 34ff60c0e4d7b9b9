/**
 * Reactions: optimistic toggles, serialised per object, reconciled with the
 * server's answers and with live `reaction.changed` events.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import {
  reactionPath,
  type ReactionChangedEvent,
  type ReactionSummary,
} from '@ecotone/protocol';
import type { EntityStore } from '../store/entity-store.js';
import type { Outbox } from '../types.js';
import { toEcotoneError } from '../errors.js';

/**
 * The summary with the caller's `kind` set to `active`, counting ±1;
 * unchanged (same object) when it already is.
 */
export function withOwnReaction(summary: ReactionSummary, kind: string, active: boolean): ReactionSummary {
  if (summary.mine.includes(kind) === active) return summary;
  const count = Math.max(0, (summary.counts[kind] ?? 0) + (active ? 1 : -1));
  const counts = { ...summary.counts, [kind]: count };
  // A rolled-back first reaction leaves no `kind: 0` behind for views that list counts.
  if (count === 0) delete counts[kind];
  return {
    ...summary,
    counts,
    mine: active ? [...summary.mine, kind] : summary.mine.filter((k) => k !== kind),
  };
}

/** Applies reaction writes and events to the store. */
export class ReactionWriter {
  /** Object ids with a write in flight. */
  readonly pending$: Observable<ReadonlySet<string>>;

  private readonly pending = new BehaviorSubject<ReadonlySet<string>>(new Set());
  /** Writes in flight per object. */
  private readonly inFlight = new Map<string, number>();
  /** Live events seen per object: an answer older than an event must not overwrite its counts. */
  private readonly eventCount = new Map<string, number>();
  /** Tail of each object's write queue: writes on one object go one at a time, in order. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EntityStore,
    private readonly outbox: Outbox,
  ) {
    this.pending$ = this.pending.asObservable();
  }

  /** Whether a write on `objectId` is in flight. */
  isPending(objectId: string): boolean {
    return (this.inFlight.get(objectId) ?? 0) > 0;
  }

  /**
   * Sets the caller's reaction `kind` on `objectId` to `active`: applied to the
   * store at once, sent through the outbox, then replaced by the server's
   * answer; rolled back (and rejected with the EcotoneError) on refusal.
   */
  async toggle(objectId: string, kind: string, active: boolean): Promise<void> {
    this.store.updateReactions(objectId, (s) => withOwnReaction(s, kind, active));
    this.begin(objectId);
    const previous = this.queues.get(objectId) ?? Promise.resolve();
    const sent = previous.then(async () => {
      const eventsBefore = this.eventCount.get(objectId) ?? 0;
      const answer = await this.outbox.send<ReactionSummary | undefined>({
        method: active ? 'PUT' : 'DELETE',
        path: reactionPath(objectId, kind),
      }, { action: 'react', target: objectId });
      return { answer, eventsBefore };
    });
    const tail = sent.catch(() => undefined);
    this.queues.set(objectId, tail);
    void tail.then(() => {
      if (this.queues.get(objectId) === tail) this.queues.delete(objectId);
    });

    let outcome: Awaited<typeof sent>;
    try {
      outcome = await sent;
    } catch (err) {
      this.end(objectId);
      // Undo this write only: later toggles of other kinds keep their optimistic state.
      this.store.updateReactions(objectId, (s) => withOwnReaction(s, kind, !active));
      throw toEcotoneError(err);
    }
    const last = this.end(objectId);
    const { answer, eventsBefore } = outcome;
    // While later writes on the object are queued, their optimistic state stands; the last answer settles it.
    if (!last || !answer) return;
    const eventsArrived = (this.eventCount.get(objectId) ?? 0) !== eventsBefore;
    this.store.updateReactions(objectId, (s) =>
      // Counts from a live event that came after the request are at least as new as the answer.
      eventsArrived ? { ...s, mine: answer.mine } : { ...answer, objectId },
    );
  }

  /** Applies a live `reaction.changed`: counts always, `mine` only for the caller's own reactions. */
  applyEvent(event: ReactionChangedEvent, myActorId: string | undefined): void {
    this.eventCount.set(event.objectId, (this.eventCount.get(event.objectId) ?? 0) + 1);
    // Objects nobody has loaded stay absent, so a later reactions$() fetches the full summary with `mine`.
    if (!this.store.snapshot.reactions[event.objectId]) return;
    const own = event.actorId === myActorId && !this.isPending(event.objectId);
    this.store.updateReactions(event.objectId, (s) => {
      const counted = { ...s, counts: { ...event.counts } };
      return own ? { ...withOwnReaction(counted, event.kind, event.active), counts: counted.counts } : counted;
    });
  }

  private begin(objectId: string): void {
    this.inFlight.set(objectId, (this.inFlight.get(objectId) ?? 0) + 1);
    this.publishPending();
  }

  /** Ends one write; returns whether it was the last in flight on the object. */
  private end(objectId: string): boolean {
    const remaining = (this.inFlight.get(objectId) ?? 1) - 1;
    if (remaining <= 0) this.inFlight.delete(objectId);
    else this.inFlight.set(objectId, remaining);
    this.publishPending();
    return remaining <= 0;
  }

  private publishPending(): void {
    this.pending.next(new Set(this.inFlight.keys()));
  }
}
