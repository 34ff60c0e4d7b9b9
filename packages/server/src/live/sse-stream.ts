import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** A client whose unsent backlog exceeds this is dropped; it reconnects and replays. */
const SLOW_CLIENT_BACKLOG_BYTES = 1024 * 1024;
/** Different sequences ending with the same frame kept for sharing in one round. */
const SEQUENCES_PER_LAST_FRAME_MAX = 16;
/** Streams written per turn of the event loop in a round, so that requests are served between turns. */
const STREAMS_PER_TURN = 250;

/** One Server-Sent Events frame, encoded once and written as it is to every stream that gets it. */
export function sseFrame(id: number | null, type: string, data: string): Buffer {
  const idLine = id === null ? '' : `id: ${id}\n`;
  return Buffer.from(`${idLine}event: ${type}\ndata: ${data}\n\n`);
}

const commentFrame = (text: string) => Buffer.from(`: ${text}\n\n`);

/**
 * Writes the frames of every stream in rounds. A write to a socket is a
 * system call whose cost hardly depends on its size: with thousands of
 * streams, one write per stream per event is what takes the server down,
 * not shaping. So a frame waits for the next round, and each stream gets
 * everything that waited for it in one write. A round starts at once when
 * the previous one started `intervalMs` ago or more (a lone event is not
 * delayed), otherwise when that much time has passed: under load, each
 * stream gets at most one write per interval, whatever the number of events.
 */
export class SseWriteRounds {
  readonly #intervalMs: number;
  #waiting = new Set<SseStream>();
  /** What hands its frames to streams when a round starts (the hub's people). */
  #sources = new Set<RoundSource>();
  #scheduled = false;
  #lastStart = -Infinity;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  /** The stream has frames for the next round. */
  add(stream: SseStream): void {
    this.#waiting.add(stream);
    this.#schedule();
  }

  /** The source has frames to hand to its streams when the next round starts. */
  addSource(source: RoundSource): void {
    this.#sources.add(source);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const waitMs = this.#lastStart + this.#intervalMs - performance.now();
    if (waitMs > 0) setTimeout(() => void this.#round(), waitMs);
    else setImmediate(() => void this.#round());
  }

  async #round(): Promise<void> {
    this.#lastStart = performance.now();
    const joined = new FrameJoiner();
    const sources = this.#sources;
    this.#sources = new Set();
    for (const source of sources) source.handOver(joined);
    const streams = this.#waiting;
    this.#waiting = new Set();
    let written = 0;
    for (const stream of streams) {
      stream.flush(joined);
      if (++written % STREAMS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.#scheduled = false;
    if (this.#waiting.size > 0 || this.#sources.size > 0) this.#schedule();
  }
}

/** Frames gathered for several streams, handed to them (SseStream.sendFrame) when a round starts. */
export interface RoundSource {
  handOver(joiner: FrameJoiner): void;
}

/**
 * The frames waiting for each stream of a round, joined into one buffer:
 * the streams of everyone who received the same events wait for the very
 * same frames (shared by the hub), so each sequence is copied once per
 * round, not once per stream.
 */
export class FrameJoiner {
  /** Sequences joined this round, by their last frame. */
  readonly #joined = new Map<Buffer, { frames: readonly Buffer[]; bytes: Buffer }[]>();

  join(frames: readonly Buffer[]): Buffer {
    if (frames.length === 1) return frames[0]!;
    const last = frames[frames.length - 1]!;
    const candidates = this.#joined.get(last);
    const same = candidates?.find((c) => c.frames.length === frames.length && c.frames.every((frame, i) => frame === frames[i]));
    if (same) return same.bytes;
    const bytes = Buffer.concat(frames);
    // Streams with many different histories (a few, in practice) are not searched through.
    if (!candidates) this.#joined.set(last, [{ frames, bytes }]);
    else if (candidates.length < SEQUENCES_PER_LAST_FRAME_MAX) candidates.push({ frames, bytes });
    return bytes;
  }
}

/** One open Server-Sent Events response, written in rounds (SseWriteRounds). */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #rounds: SseWriteRounds;
  #closed = false;
  #pending: Buffer[] = [];
  readonly #onClose: (() => void)[] = [];

  constructor(res: ServerResponse, rounds: SseWriteRounds) {
    this.#res = res;
    this.#rounds = rounds;
    res.on('close', () => this.#finish());
  }

  get closed(): boolean {
    return this.#closed;
  }

  onClose(callback: () => void): void {
    this.#onClose.push(callback);
  }

  send(id: number | null, type: string, data: string): void {
    this.sendFrame(sseFrame(id, type, data));
  }

  /** A frame made by `sseFrame`, shared with other streams. */
  sendFrame(frame: Buffer): void {
    if (this.#closed) return;
    this.#pending.push(frame);
    if (this.#pending.length === 1) this.#rounds.add(this);
  }

  /** A comment line: keeps proxies from timing out an idle stream. */
  comment(text: string): void {
    this.sendFrame(commentFrame(text));
  }

  /** Writes what waits now (its round, or before the stream ends). */
  flush(joiner: FrameJoiner = new FrameJoiner()): void {
    if (this.#closed || this.#pending.length === 0) return;
    const frames = this.#pending;
    this.#pending = [];
    this.#res.write(joiner.join(frames));
    if (this.#res.writableLength > SLOW_CLIENT_BACKLOG_BYTES) this.close();
  }

  close(): void {
    this.flush();
    if (!this.#closed) this.#res.end();
    this.#finish();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending = [];
    for (const callback of this.#onClose.splice(0)) callback();
  }
}
