/**
 * Poll writes (ballots, surveys, closing) and live `poll.changed` events,
 * loaded on first use like the feed domain: a page that only shows like
 * buttons never downloads it.
 *
 * Optimistic model: while writes on a poll are in flight, the store shows the
 * last confirmed poll (`base`) with every pending ballot applied on top, in
 * order. An answer becomes the new base; a refusal drops its ballot and the
 * rest is replayed, so a rollback restores exactly what the server confirmed.
 */
import type { BehaviorSubject } from 'rxjs';
import {
  ballotPath,
  closePollPath,
  pollPath,
  spacePollsPath,
  surveyBallotPath,
  type Poll,
  type PollChangedEvent,
  type PollDraft,
  type PollList,
  type SurveyAnswer,
} from '@ecotone/protocol';
import { toEcotoneError } from '../errors.js';
import { newIdempotencyKey } from '../outbox/idempotency-key.js';
import type { EntityStore } from '../store/entity-store.js';
import type { Outbox, TransportRequest } from '../types.js';
import type { ClientCore } from '../client-core.js';
import { withBallot } from './poll-state.js';

/** What the poll domain needs from the client. */
export interface PollContext {
  readonly store: EntityStore;
  readonly outbox: Outbox;
  /** A read, straight to the transport; rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** Where the ids of polls with a write in flight are published. */
  readonly pending: BehaviorSubject<ReadonlySet<string>>;
  /** Refetches one poll (GET), replacing it in the store unless a write on it is in flight. */
  refetch(pollId: string): void;
}

/** The poll domain of a client (see client-core.ts). */
export function attach(core: ClientCore): PollWriter {
  return new PollWriter({
    store: core.store,
    outbox: core.outbox,
    request: (req) => core.request(req),
    pending: core.pendingPolls,
    refetch: (id) => void core.polls.fetch(id, true).catch(() => undefined),
  });
}

/** The caller's ballot on one poll; null withdraws it. */
type Ballot = readonly string[] | null;

interface Op {
  readonly ballot: Ballot;
}

/** A poll with optimistic ballots in flight. */
interface Tracked {
  /** The last poll the server confirmed (answer or fetch). */
  base: Poll;
  /** Pending ballots, oldest first. */
  readonly ops: Op[];
  /**
   * The last live event that arrived meanwhile. Once settled, a poll whose
   * answer disagrees with it is refetched: the event may be newer than the
   * answer. (Usually it is the echo of the caller's own ballot, and agrees.)
   */
  lastEvent: PollChangedEvent | undefined;
}

/** Ballots, surveys, closing and creation of polls; see {@link PollContext}. */
export class PollWriter {
  /** Writes in flight per poll (ballots and closes). */
  private readonly inFlight = new Map<string, number>();
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly ctx: PollContext) {}

  /** Fetches one poll into the store, unless a write on it is in flight (its optimistic state stands). */
  async fetch(pollId: string): Promise<void> {
    const poll = await this.ctx.request<Poll>({ method: 'GET', path: pollPath(pollId) });
    this.ctx.store.setPolls([poll], (id) => this.ctx.pending.value.has(id));
  }

  /** Whether a write on `pollId` is in flight (fetched copies must not overwrite it). */
  isPending(pollId: string): boolean {
    return this.inFlight.has(pollId);
  }

  async vote(pollId: string, choices: readonly string[]): Promise<Poll> {
    const [poll] = await this.write(
      { method: 'PUT', path: ballotPath(pollId), body: { choices: [...choices] } },
      [[pollId, choices]],
      (answer: Poll) => [answer],
    );
    return poll!;
  }

  async withdraw(pollId: string): Promise<Poll> {
    const [poll] = await this.write({ method: 'DELETE', path: ballotPath(pollId) }, [[pollId, null]], (answer: Poll) => [
      answer,
    ]);
    return poll!;
  }

  async close(pollId: string): Promise<Poll> {
    const [poll] = await this.write({ method: 'POST', path: closePollPath(pollId) }, [[pollId, undefined]], (answer: Poll) => [
      answer,
    ]);
    return poll!;
  }

  submitSurvey(postId: string, answers: readonly SurveyAnswer[]): Promise<Poll[]> {
    return this.write(
      { method: 'PUT', path: surveyBallotPath(postId), body: { answers: answers.map((a) => ({ ...a, choices: [...a.choices] })) } },
      answers.map((a) => [a.pollId, a.choices]),
      (answer: PollList) => answer.items,
    );
  }

  async create(spaceId: string, draft: PollDraft): Promise<Poll> {
    try {
      const poll = await this.ctx.outbox.send<Poll>({
        method: 'POST',
        path: spacePollsPath(spaceId),
        body: draft,
        idempotencyKey: newIdempotencyKey(),
      }, { action: 'other', target: spaceId });
      this.ctx.store.setPolls([poll]);
      return poll;
    } catch (err) {
      throw toEcotoneError(err);
    }
  }

  /**
   * Applies a live `poll.changed` to a poll in the store. Results are set when
   * the event carries them; an event without them leaves the results as they
   * are, except that a change of `closedAt` refetches the poll, since closing
   * may reveal results (after-close, after-vote) that only a GET brings.
   */
  applyEvent(event: PollChangedEvent): void {
    const tracked = this.tracked.get(event.pollId);
    if (tracked || this.isPending(event.pollId)) {
      // An event may or may not include a ballot still in flight: compared with the answer once settled.
      // (A close in flight without a ballot answers with the newer poll anyway.)
      if (tracked) tracked.lastEvent = event;
      return;
    }
    const poll = this.ctx.store.snapshot.polls[event.pollId];
    if (!poll) return;
    if (event.results) {
      this.ctx.store.setPolls([{ ...poll, closedAt: event.closedAt, results: event.results }]);
    } else if (event.closedAt !== poll.closedAt) {
      this.ctx.store.setPolls([{ ...poll, closedAt: event.closedAt }]);
      this.ctx.refetch(event.pollId);
    }
  }

  /**
   * Sends one write through the outbox. `ballots` are applied optimistically
   * (`undefined`: no ballot, the poll is only marked pending); the answer's
   * polls replace them; a refusal rolls every one of them back.
   */
  private async write<A>(
    request: TransportRequest,
    ballots: ReadonlyArray<readonly [string, Ballot | undefined]>,
    pollsOf: (answer: A) => Poll[],
  ): Promise<Poll[]> {
    const mine: Array<[string, Op | undefined]> = ballots.map(([pollId, ballot]) => [pollId, this.begin(pollId, ballot)]);
    let answer: A;
    try {
      answer = await this.ctx.outbox.send<A>({ ...request, idempotencyKey: newIdempotencyKey() }, { action: 'vote', target: ballots[0]?.[0] });
    } catch (err) {
      for (const [pollId, op] of mine) this.settle(pollId, op, undefined);
      throw toEcotoneError(err);
    }
    const polls = pollsOf(answer);
    const byId = new Map(polls.map((p) => [p.id, p]));
    for (const [pollId, op] of mine) this.settle(pollId, op, byId.get(pollId));
    // A survey answers with every poll of the post; those not written here are fresh too.
    const written = new Set(ballots.map(([pollId]) => pollId));
    this.ctx.store.setPolls(
      polls.filter((p) => !written.has(p.id)),
      (id) => this.isPending(id),
    );
    return polls;
  }

  private begin(pollId: string, ballot: Ballot | undefined): Op | undefined {
    this.inFlight.set(pollId, (this.inFlight.get(pollId) ?? 0) + 1);
    this.publishPending();
    const current = this.ctx.store.snapshot.polls[pollId];
    // A poll never loaded cannot be shown optimistically; its answer puts it in the store.
    if (ballot === undefined || !current) return undefined;
    let tracked = this.tracked.get(pollId);
    if (!tracked) {
      tracked = { base: current, ops: [], lastEvent: undefined };
      this.tracked.set(pollId, tracked);
    }
    const op: Op = { ballot };
    tracked.ops.push(op);
    this.ctx.store.setPolls([withBallot(current, ballot)]);
    return op;
  }

  /** Ends one write on a poll: `confirmed` is the server's poll, undefined on refusal. */
  private settle(pollId: string, op: Op | undefined, confirmed: Poll | undefined): void {
    const remaining = (this.inFlight.get(pollId) ?? 1) - 1;
    if (remaining > 0) this.inFlight.set(pollId, remaining);
    else this.inFlight.delete(pollId);
    const tracked = this.tracked.get(pollId);
    if (!tracked) {
      if (confirmed) this.ctx.store.setPolls([confirmed]);
      this.publishPending();
      return;
    }
    if (op) tracked.ops.splice(tracked.ops.indexOf(op), 1);
    if (confirmed) tracked.base = confirmed;
    if (tracked.ops.length === 0 && remaining <= 0) {
      this.tracked.delete(pollId);
      this.ctx.store.setPolls([tracked.base]);
      const event = tracked.lastEvent;
      if (event && !agrees(tracked.base, event)) this.ctx.refetch(pollId);
    } else {
      this.ctx.store.setPolls([tracked.ops.reduce((poll, o) => withBallot(poll, o.ballot), tracked.base)]);
    }
    this.publishPending();
  }

  private publishPending(): void {
    this.ctx.pending.next(new Set(this.inFlight.keys()));
  }
}

/** Whether a poll says what a live event about it says (closing, and the tally when the event has one). */
function agrees(poll: Poll, event: PollChangedEvent): boolean {
  if (poll.closedAt !== event.closedAt) return false;
  if (!event.results) return true;
  const { results } = poll;
  if (!results || results.voters !== event.results.voters) return false;
  const ids = new Set([...Object.keys(results.counts), ...Object.keys(event.results.counts)]);
  return [...ids].every((id) => (results.counts[id] ?? 0) === (event.results!.counts[id] ?? 0));
}
