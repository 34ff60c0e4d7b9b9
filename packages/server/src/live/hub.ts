/**
 * The live streams of this server process, grouped by person. One
 * subscription to the event bus serves them all: each committed event is
 * checked against its stored audience for every person connected (in memory,
 * no query), shaped once for all who receive it (live/shaping.ts), and the
 * same encoded frame is written to each of their streams, in rounds
 * (live/sse-stream.ts). A person's readable spaces
 * are loaded once for all their streams and reloaded when their own
 * membership changes.
 *
 * It also bounds what one person can hold open (`maxStreamsPerPerson`), ends
 * a stream when the token that opened it expires (`stream.expired`, the
 * client comes back with a fresh token and `Last-Event-ID`), and closes the
 * streams of people who were deactivated.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Actor, LiveEvent, Role } from '@ecotone/protocol';
import { readableSpaceRoles } from '../policy/authz.js';
import type { ServerContext } from '../context.js';
import { HttpProblem } from '../http/errors.js';
import { receives, type EventAudience } from '@ecotone/protocol/rules';
import type { StoredLiveEvent } from './bus.js';
import { shapeForAudience, type AudienceViewer } from './shaping.js';
import { PERSONAL_EVENTS } from '../notifications/notifier.js';
import type { StreamSlots } from './stream-slots.js';
import { sseFrame, SseWriteRounds, type FrameJoiner, type RoundSource, type SseStream } from './sse-stream.js';

/** Live streams one person may hold open at once unless configured otherwise (a few tabs and devices). */
export const DEFAULT_MAX_STREAMS_PER_PERSON = 5;
/** How often the streams of deactivated people are looked for, in ms. */
export const DEFAULT_DEACTIVATION_CHECK_MS = 5_000;
/** What a client is told to wait when it holds too many streams, in seconds. */
const TOO_MANY_STREAMS_RETRY_S = 30;
/**
 * Under load, each stream gets at most one write per this many ms (frames
 * wait for the next round, SseWriteRounds); a lone event leaves at once.
 */
export const DEFAULT_WRITE_ROUND_MS = 100;
const HEARTBEAT_FRAME = Buffer.from(': heartbeat\n\n');

export interface LiveHubOptions {
  maxStreamsPerPerson: number;
  heartbeatMs: number;
  deactivationCheckMs: number;
  /** Least time between two rounds of writes to the streams, in ms (DEFAULT_WRITE_ROUND_MS). */
  writeRoundMs?: number;
  /**
   * Which of these people's streams must end now: deactivated, or holding a
   * clearance above the one last stored for them (given the actor each
   * person's streams are judged by).
   */
  streamsToEnd: (actors: readonly Actor[]) => Promise<Set<string>>;
  /** Counts of streams across instances (PostgreSQL, live/stream-slots.ts); this process's alone when absent. */
  slots?: StreamSlots;
  log: () => FastifyBaseLogger | undefined;
}

type HubContext = Pick<ServerContext, 'db' | 'bus' | 'ballotSecret' | 'now' | 'reactionKinds'>;

/** One open stream. */
export class LiveConnection {
  /** Id of the last event written (or skipped) on this stream. */
  lastSent = 0;
  /** Live events that arrive while the stream replays, written after it. */
  #held: { id: number; spaceId: string; frame: Buffer }[] | null = [];
  #expiry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly viewer: ConnectedPerson,
    readonly stream: SseStream,
    /** `?spaces=`: only these spaces, when given. */
    readonly spaces: ReadonlySet<string> | null,
  ) {}

  /**
   * Takes a person's frames of a round (ids ascending) as one joined buffer
   * when this stream gets them all and has none of them yet; otherwise
   * frame by frame (a space filter, a replay in progress).
   */
  writeRound(frames: readonly QueuedFrame[], joined: () => Buffer): void {
    const first = frames[0];
    if (!first) return;
    if (this.spaces || this.#held || first.id <= this.lastSent) {
      for (const { id, spaceId, frame } of frames) this.write(id, spaceId, frame);
      return;
    }
    this.lastSent = frames[frames.length - 1]!.id;
    this.stream.sendFrame(joined());
  }

  /** Writes a shaped event's frame (sseFrame), unless this stream filters its space out or has it already. */
  write(id: number, spaceId: string, frame: Buffer): void {
    // A person's own events (notifications) belong to no space: no filter drops them.
    if (this.spaces && spaceId !== PERSONAL_EVENTS && !this.spaces.has(spaceId)) return;
    if (this.#held) {
      this.#held.push({ id, spaceId, frame });
      return;
    }
    if (id <= this.lastSent) return;
    this.lastSent = id;
    this.stream.sendFrame(frame);
  }

  /** Ends the replay: what arrived meanwhile goes out, in order, without repeats. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const event of held) this.write(event.id, event.spaceId, event.frame);
  }

  /** Ends the stream when the token that opened it expires, with a `stream.expired` the client reconnects on. */
  expireAt(at: Date | null, now: Date): void {
    if (at === null) return;
    const end = () => {
      this.stream.send(null, 'stream.expired', JSON.stringify({ type: 'stream.expired' } satisfies LiveEvent));
      this.stream.close();
    };
    const inMs = at.getTime() - now.getTime();
    if (inMs <= 0) return end();
    // setTimeout holds 32-bit delays; tokens are refused beyond the maximum age anyway.
    this.#expiry = setTimeout(end, Math.min(inMs, 2 ** 31 - 1));
    this.#expiry.unref();
    this.stream.onClose(() => clearTimeout(this.#expiry));
  }
}

/** A shaped event's frame waiting for the next round. */
interface QueuedFrame {
  id: number;
  spaceId: string;
  frame: Buffer;
}

/**
 * A person with open streams: their readable spaces, shared by all of them.
 * Their frames wait here for the next round, once for all their streams
 * (a person may hold many: tabs, devices), and are handed to each stream
 * joined into one buffer when the round starts.
 */
export class ConnectedPerson implements AudienceViewer, RoundSource {
  readonly connections = new Set<LiveConnection>();
  #queued: QueuedFrame[] = [];
  /** Places taken by streams still opening. */
  reserved = 0;
  roles = new Map<string, Role | null>();
  readonly ready: Promise<void>;

  constructor(
    readonly actor: Actor,
    private readonly load: (actor: Actor) => Promise<Map<string, Role | null>>,
  ) {
    this.ready = this.refresh();
  }

  get id(): string {
    return this.actor.id;
  }

  roleIn = (spaceId: string): Role | null => this.roles.get(spaceId) ?? null;

  /** Whether this person receives an event of this audience in this space. */
  receives(audience: EventAudience, spaceId: string): boolean {
    return receives(audience, this.id, this.roles.has(spaceId), this.roleIn(spaceId));
  }

  async refresh(): Promise<void> {
    this.roles = await this.load(this.actor);
  }

  /** Queues a frame for every stream of this person; true when it is the first of the round. */
  queue(id: number, spaceId: string, frame: Buffer): boolean {
    this.#queued.push({ id, spaceId, frame });
    return this.#queued.length === 1;
  }

  handOver(joiner: FrameJoiner): void {
    const frames = this.#queued;
    this.#queued = [];
    let bytes: Buffer | undefined;
    const joined = () => (bytes ??= joiner.join(frames.map((f) => f.frame)));
    for (const connection of this.connections) connection.writeRound(frames, joined);
  }
}

export class LiveHub {
  readonly #ctx: HubContext;
  readonly #options: LiveHubOptions;
  readonly #people = new Map<string, ConnectedPerson>();
  readonly #unsubscribe: () => void;
  #stopLost: () => void = () => {};
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  /** Every stream of this hub is written in these rounds. */
  readonly writeRounds: SseWriteRounds;
  /** Deliveries in event id order: shaping may query, events must still leave in order. */
  #chain: Promise<void> = Promise.resolve();

  constructor(ctx: HubContext, options: LiveHubOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.writeRounds = new SseWriteRounds(options.writeRoundMs ?? DEFAULT_WRITE_ROUND_MS);
    this.#unsubscribe = ctx.bus.subscribe((event) => {
      this.#chain = this.#chain
        .then(() => this.#deliver(event))
        .catch((error: unknown) => {
          // Rights could not be reloaded: nobody's stream can be trusted with what follows.
          // Every stream ends; clients reconnect and replay with fresh rights. The chain goes on.
          options.log()?.error({ err: error }, 'live event delivery failed');
          this.closeAll();
        });
    });
    // Events this instance missed for good: every stream ends, clients resume with Last-Event-ID.
    const unlisten = ctx.bus.onLost?.(() => this.closeAll());
    if (unlisten) this.#stopLost = unlisten;
    const heartbeat = setInterval(() => {
      for (const person of this.#people.values()) for (const c of person.connections) c.stream.sendFrame(HEARTBEAT_FRAME);
    }, options.heartbeatMs);
    const sweep = setInterval(() => void this.#closeDeactivated(), options.deactivationCheckMs);
    for (const timer of [heartbeat, sweep]) timer.unref();
    this.#timers.push(heartbeat, sweep);
  }

  /**
   * Takes a place for a new stream of `actor`, before anything is awaited
   * (so concurrent opens cannot exceed the limit), and loads their readable
   * spaces if they have no stream yet. Refuses with 429 `too_many_streams`.
   */
  async reserve(actor: Actor): Promise<{ person: ConnectedPerson; attach: (stream: SseStream, spaces: ReadonlySet<string> | null) => LiveConnection; cancel: () => void }> {
    let person = this.#people.get(actor.id);
    const held = person ? person.connections.size + person.reserved : 0;
    const max = this.#options.maxStreamsPerPerson;
    if (held >= max) throw tooManyStreams(held, max);
    if (!person) {
      person = new ConnectedPerson(actor, (a) => readableSpaceRoles(this.#ctx.db, a));
      this.#people.set(actor.id, person);
    }
    person.reserved += 1;
    const taken = person;
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      taken.reserved -= 1;
      return true;
    };
    const cancel = () => {
      if (!settle()) return;
      this.#forgetIfIdle(taken);
      this.#recount(taken);
    };
    try {
      // Across instances: the other instances' streams of this person count too.
      const claim = await this.#options.slots?.claim(actor.id, held + 1, max);
      if (claim && !claim.admitted) throw tooManyStreams(held + claim.elsewhere, max);
      await taken.ready;
    } catch (error) {
      cancel();
      throw error;
    }
    return {
      person: taken,
      cancel,
      attach: (stream, spaces) => {
        settle();
        const connection = new LiveConnection(taken, stream, spaces);
        taken.connections.add(connection);
        stream.onClose(() => {
          taken.connections.delete(connection);
          this.#forgetIfIdle(taken);
          this.#recount(taken);
        });
        return connection;
      },
    };
  }

  /** A stored event (replay) as this connection's person gets it now, or null. */
  async shapeFor(person: ConnectedPerson, spaceId: string, event: LiveEvent, audience: EventAudience): Promise<LiveEvent | null> {
    if (event.type === 'membership.changed' && event.actorId === person.id) await person.refresh();
    if (!person.receives(audience, spaceId)) return null;
    return (await shapeForAudience(this.#ctx, event, [person], audience)).get(person.id) ?? null;
  }

  /** Ends every stream of these people at once (deactivated, signed out). */
  closeStreamsOf(actorIds: Iterable<string>): void {
    for (const id of actorIds) {
      for (const connection of this.#people.get(id)?.connections ?? []) connection.stream.close();
    }
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    this.closeStreamsOf([...this.#people.keys()]);
  }

  /** Stops listening; the streams are ended by closeAll. */
  stop(): void {
    this.#unsubscribe();
    this.#stopLost();
    for (const timer of this.#timers) clearInterval(timer);
  }

  /** Tells the other instances how many streams of this person this one holds now. */
  #recount(person: ConnectedPerson): void {
    this.#options.slots?.set(person.id, person.connections.size + person.reserved).catch((error: unknown) => {
      this.#options.log()?.warn({ err: error }, 'could not record the live streams of a person across instances');
    });
  }

  #forgetIfIdle(person: ConnectedPerson): void {
    if (person.connections.size === 0 && person.reserved === 0 && this.#people.get(person.id) === person) {
      this.#people.delete(person.id);
    }
  }

  async #deliver(stored: StoredLiveEvent): Promise<void> {
    const { event, spaceId, audience } = stored;
    // Decided on the roles after the change: a new owner sees the next requests, someone who left no longer reads the space.
    if (event.type === 'membership.changed') await this.#people.get(event.actorId)?.refresh();
    const recipients: ConnectedPerson[] = [];
    for (const person of this.#people.values()) {
      if (person.connections.size > 0 && person.receives(audience, spaceId)) recipients.push(person);
    }
    if (recipients.length === 0) return;
    let shapes: Map<string, LiveEvent>;
    try {
      shapes = await shapeForAudience(this.#ctx, event, recipients, audience);
    } catch (error) {
      // An event that cannot be shaped safely ends the streams it was for; their clients resume and replay.
      this.#options.log()?.error({ err: error }, 'live event delivery failed');
      this.closeStreamsOf(recipients.map((p) => p.id));
      return;
    }
    // Each distinct shape is serialised and encoded once; its streams share the bytes.
    const frames = new Map<LiveEvent, Buffer>();
    for (const person of recipients) {
      const shaped = shapes.get(person.id);
      if (!shaped) continue;
      let frame = frames.get(shaped);
      if (frame === undefined) frames.set(shaped, (frame = sseFrame(stored.id, shaped.type, JSON.stringify(shaped))));
      if (person.queue(stored.id, spaceId, frame)) this.writeRounds.addSource(person);
    }
  }

  async #closeDeactivated(): Promise<void> {
    if (this.#people.size === 0) return;
    try {
      this.closeStreamsOf(await this.#options.streamsToEnd([...this.#people.values()].map((person) => person.actor)));
    } catch (error) {
      this.#options.log()?.warn({ err: error }, 'could not check for deactivated people');
    }
  }
}

/** The refusal of one stream too many. */
function tooManyStreams(held: number, max: number): HttpProblem {
  return new HttpProblem('too_many_streams', `You already have ${held} live streams open (at most ${max}); close one or retry later`, undefined, undefined, {
    'retry-after': String(TOO_MANY_STREAMS_RETRY_S),
  });
}
