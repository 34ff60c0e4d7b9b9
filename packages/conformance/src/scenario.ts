/**
 * What a scenario is and what it may use: the world built by the fixture,
 * a recorded `call` per request, and checks that fail with the request and
 * the answer that broke them.
 */
import { PROBLEM_CODES, type ProblemCode } from '@ecotone/protocol';
import type { Backend, BackendRequest, BackendResponse, Caller, Capability, LiveStream, StreamOpening, StreamOptions } from './backend.js';
import type { World } from './world.js';

/** One request and its answer, as a failure report shows them. */
export interface Exchange {
  as: Caller;
  request: BackendRequest;
  response: BackendResponse;
}

/** A failed check, with the exchange that showed it (when a request did). */
export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super(message);
  }
}

/** A scenario cannot run here: a capability or persona is missing. */
export class ScenarioSkip extends Error {
  override readonly name = 'ScenarioSkip';
}

export interface Scenario {
  /** The feature it belongs to (`posts`, `visibility`, `live`…), for grouping and `--only`. */
  feature: string;
  /** The behaviour it checks, as a sentence. */
  name: string;
  /** Capabilities it needs; without one it is skipped. */
  needs?: readonly Capability[];
  /** Personas beyond the five of every world (e.g. `limited`). */
  personas?: readonly string[];
  run(ctx: ScenarioContext): Promise<void>;
}

/** The full name of a scenario, as reported and matched by `--only`. */
export const scenarioId = (s: Scenario): string => `${s.feature}: ${s.name}`;

/** How long a scenario waits for a live event before it fails. */
export const LIVE_WAIT_MS = 15_000;

export class ScenarioContext {
  private readonly streams: LiveStream[] = [];
  private counter = 0;
  /** The last exchange, attached to failures that name none. */
  last: Exchange | undefined;

  constructor(
    readonly backend: Backend,
    readonly world: World,
    /** How long to wait for a live event before failing. */
    readonly liveWaitMs: number = LIVE_WAIT_MS,
  ) {}

  /** Sends a request as a caller and records it. */
  async call(as: Caller, request: BackendRequest): Promise<Exchange> {
    const response = await this.backend.request(as, request);
    const exchange = { as, request, response };
    this.last = exchange;
    return exchange;
  }

  /** Opens a live stream (closed when the scenario ends) and fails unless it opened. */
  async stream(as: Caller, options: StreamOptions = {}): Promise<LiveStream> {
    const opening = await this.openStream(as, options);
    if (!opening.stream) throw new ScenarioFailure(`the live stream did not open (${opening.response.status})`, this.last);
    return opening.stream;
  }

  async openStream(as: Caller, options: StreamOptions = {}): Promise<StreamOpening> {
    const opening = await this.backend.openStream(as, options);
    if (opening.stream) this.streams.push(opening.stream);
    const request: BackendRequest = {
      method: 'GET',
      path: '/api/v1/events',
      ...(options.spaces ? { query: { spaces: options.spaces.join(',') } } : {}),
      ...(options.lastEventId !== undefined ? { headers: { 'last-event-id': options.lastEventId } } : {}),
    };
    this.last = { as, request, response: opening.response };
    return opening;
  }

  /** A text no other run or scenario uses. */
  unique(label: string): string {
    return `${label} ${this.world.prefix}${(++this.counter).toString(36)}`;
  }

  /** A fresh `Idempotency-Key`. */
  key(): string {
    return `${this.world.prefix}-${++this.counter}-${Math.random().toString(36).slice(2, 10)}`;
  }

  has(capability: Capability): boolean {
    return this.backend.capabilities[capability];
  }

  fail(message: string, exchange: Exchange | undefined = this.last): never {
    throw new ScenarioFailure(message, exchange);
  }

  check(condition: unknown, message: string, exchange: Exchange | undefined = this.last): void {
    if (!condition) this.fail(message, exchange);
  }

  /**
   * The answer has this status. A backend that cannot tell one 2xx from
   * another (`exactStatus` false) passes any 2xx where a 2xx was expected.
   */
  status(exchange: Exchange, expected: number): void {
    const actual = exchange.response.status;
    if (actual === expected) return;
    if (!exchange.response.exactStatus && isSuccess(expected) && isSuccess(actual)) return;
    this.fail(`expected status ${expected}, got ${actual}`, exchange);
  }

  /** A 2xx answer; returns its body. */
  ok<T>(exchange: Exchange, expected = 200): T {
    this.status(exchange, expected);
    return exchange.response.body as T;
  }

  /** An RFC 9457 problem with this code and its documented status. */
  problem(exchange: Exchange, code: ProblemCode): Record<string, unknown> {
    const { status, body, headers } = exchange.response;
    const got = isRecord(body) ? body.code : undefined;
    if (status !== PROBLEM_CODES[code] || got !== code) {
      this.fail(`expected ${PROBLEM_CODES[code]} ${code}, got ${status} ${typeof got === 'string' ? got : '(no code)'}`, exchange);
    }
    if (this.has('httpHeaders')) {
      const type = headers['content-type'] ?? '';
      this.check(type.startsWith('application/problem+json'), `expected Content-Type application/problem+json, got "${type}"`, exchange);
    }
    this.check(isRecord(body) && body.status === status && typeof body.title === 'string', 'the problem has no matching `status` or no `title`', exchange);
    return body as Record<string, unknown>;
  }

  /** Closes the streams this scenario opened. */
  dispose(): void {
    for (const stream of this.streams) stream.close();
    this.streams.length = 0;
  }
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
