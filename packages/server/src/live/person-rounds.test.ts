/**
 * A person's frames wait once for all their streams and are handed to each
 * stream when a round starts: joined into one buffer for a stream that gets
 * them all, frame by frame for one that filters spaces, replays, or already
 * has some of them.
 */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Actor } from '@ecotone/protocol';
import { ConnectedPerson, LiveConnection } from './hub.js';
import { FrameJoiner, sseFrame, SseStream, SseWriteRounds } from './sse-stream.js';

/** A response that records what is written to it. */
function fakeResponse(): { res: ServerResponse; written: Buffer[] } {
  const written: Buffer[] = [];
  const res = Object.assign(new EventEmitter(), {
    writableLength: 0,
    write: (chunk: Buffer) => written.push(chunk),
    end: () => undefined,
  });
  return { res: res as unknown as ServerResponse, written };
}

const actor: Actor = { id: 'thomas', displayName: 'Thomas', locale: 'en' } as Actor;

describe("a person's frames in rounds", () => {
  it('hands each stream the frames it should get, in order, shared bytes where it gets them all', async () => {
    const rounds = new SseWriteRounds(60_000);
    const person = new ConnectedPerson(actor, async () => new Map());
    await person.ready;
    const open = (spaces: ReadonlySet<string> | null) => {
      const { res, written } = fakeResponse();
      const connection = new LiveConnection(person, new SseStream(res, rounds), spaces);
      person.connections.add(connection);
      return { connection, written };
    };
    const plainA = open(null);
    const plainB = open(null);
    const filtered = open(new Set(['lyon-site']));
    const replaying = open(null);
    const ahead = open(null);
    for (const c of [plainA, plainB, filtered, ahead]) c.connection.release();
    ahead.connection.lastSent = 1;

    const frames = [sseFrame(1, 'post.created', '{"n":1}'), sseFrame(2, 'post.created', '{"n":2}'), sseFrame(3, 'post.deleted', '{"n":3}')];
    const spaces = ['general', 'lyon-site', 'general'];
    frames.forEach((frame, i) => person.queue(i + 1, spaces[i]!, frame));
    person.handOver(new FrameJoiner());
    for (const c of [plainA, plainB, filtered, replaying, ahead]) c.connection.stream.flush();

    const all = Buffer.concat(frames).toString();
    expect(plainA.written.map(String)).toEqual([all]);
    // The very same bytes, joined once.
    expect(plainB.written[0]).toBe(plainA.written[0]);
    expect(filtered.written.map(String)).toEqual([String(frames[1])]);
    expect(ahead.written.map(String)).toEqual([`${frames[1]}${frames[2]}`]);
    // Held while it replays; written after, without what the replay sent.
    expect(replaying.written).toEqual([]);
    replaying.connection.lastSent = 2;
    replaying.connection.release();
    replaying.connection.stream.flush();
    expect(replaying.written.map(String)).toEqual([String(frames[2])]);
  });
});
