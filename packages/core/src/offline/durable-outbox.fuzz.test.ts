/**
 * Property: over random sequences of writes (publishes, comments on posts
 * still in the outbox, reactions), faults (unreachable, 503, 429, an answer
 * lost after the write was applied), offline spells, reloads and
 * reconnects, the durable outbox loses no write, applies none twice, keeps
 * the order of one person's writes, gives comments the server's id of their
 * post, and keeps refused writes (and what depends on them) with their
 * content.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../errors.js';
import type { OutboxSendOptions, TransportRequest } from '../types.js';
import { OutboxTestServer, type ServerFault } from './_outbox-server.js';
import { newLocalId } from '../outbox/local-id.js';
import { DurableOutbox } from './durable-outbox.js';
import { MemoryOutboxStorage, type OutboxStorage } from './outbox-storage.js';

type Command =
  | { kind: 'publish'; space: 'news' | 'closed' }
  | { kind: 'comment'; on: number }
  | { kind: 'react' }
  | { kind: 'offline' }
  | { kind: 'online' }
  | { kind: 'fault'; fault: ServerFault }
  | { kind: 'reload' }
  | { kind: 'settle' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('publish' as const), space: fc.constantFrom('news' as const, 'news' as const, 'closed' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('comment' as const), on: fc.integer({ min: -1, max: 8 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'react' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'offline' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'online' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom<ServerFault>('unreachable', 'unavailable', 'rate_limited', 'lost_answer') }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reload' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

/** A write the test made: its number (in its body), and whether the server must refuse it. */
interface Write {
  n: number;
  refused: boolean;
  /** The publish (by write number) a comment is on, when it was still in the outbox. */
  on?: number;
  localId?: string;
  /** Its caller's promise was rejected (the caller then holds its content, as with any refused write). */
  rejected?: boolean;
}

/** Waits until `condition` holds, yielding to timers between checks (no fixed delay). */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function openOutbox(server: OutboxTestServer, storage: OutboxStorage, wakers: Set<() => void>): DurableOutbox {
  let known: string | undefined;
  return new DurableOutbox({
    transport: { request: server.request },
    storage,
    server: 'https://intranet.test/social',
    confirmedPerson: () => {
      if (!server.online) return Promise.reject(new NetworkError('network', 'offline'));
      known = server.person;
      return Promise.resolve(known);
    },
    knownPerson: () => known,
    isOffline: () => !server.online,
    onWake: (wake) => {
      wakers.add(wake);
      return () => wakers.delete(wake);
    },
    retryBaseDelayMs: 2,
    retryMaxDelayMs: 4,
  });
}

async function run(commands: readonly Command[]): Promise<void> {
  const server = new OutboxTestServer();
  const storage = new MemoryOutboxStorage();
  const wakers = new Set<() => void>();
  let outbox = openOutbox(server, storage, wakers);
  // This browser has been online once: it knows who is signed in (a first visit offline has nobody to queue writes for).
  await until(async () => (await storage.lastPerson('https://intranet.test/social')) === 'alice', 'the person to be known');
  const writes: Write[] = [];
  const publishes: Write[] = [];

  const stored = (write: Write) => async () =>
    write.rejected === true ||
    server.applied.some((a) => (a.body as { n: number }).n === write.n) ||
    (await storage.list('https://intranet.test/social', 'alice')).some((e) => (e.request.body as { n: number }).n === write.n);

  const send = async (write: Write, request: TransportRequest, options: OutboxSendOptions) => {
    writes.push(write);
    outbox.send(request, options).catch(() => {
      write.rejected = true;
    });
    await until(stored(write), `write ${write.n} stored`);
  };

  for (const c of commands) {
    const n = writes.length + 1;
    switch (c.kind) {
      case 'publish': {
        const write: Write = { n, refused: c.space === 'closed', localId: newLocalId() };
        publishes.push(write);
        await send(write, { method: 'POST', path: `/spaces/${c.space}/posts`, body: { n, text: `post ${n}` } }, { action: 'publish', target: c.space, localId: write.localId });
        break;
      }
      case 'comment': {
        const post = c.on >= 0 ? publishes[c.on % Math.max(1, publishes.length)] : undefined;
        const write: Write = post ? { n, refused: post.refused, on: post.n } : { n, refused: false };
        await send(write, { method: 'POST', path: `/posts/${post?.localId ?? 'post-seed'}/comments`, body: { n, text: `comment ${n}` } }, { action: 'comment' });
        break;
      }
      case 'react':
        await send({ n, refused: false }, { method: 'PUT', path: '/objects/post-seed/reactions/like', body: { n } }, { action: 'react', target: 'post-seed' });
        break;
      case 'offline':
        server.online = false;
        break;
      case 'online':
        server.online = true;
        wakers.forEach((wake) => wake());
        break;
      case 'fault':
        server.fault(c.fault);
        break;
      case 'reload':
        outbox.close();
        outbox = openOutbox(server, storage, wakers);
        break;
      case 'settle':
        if (server.online) await until(async () => (await storage.list('https://intranet.test/social', 'alice')).every((e) => e.status === 'failed'), 'the queue to drain');
        break;
    }
  }

  server.online = true;
  wakers.forEach((wake) => wake());
  await until(async () => (await storage.list('https://intranet.test/social', 'alice')).every((e) => e.status === 'failed'), 'the queue to drain');
  outbox.close();

  const applied = server.applied.map((a) => (a.body as { n: number }).n);
  // None applied twice, and in the order they were made.
  expect(applied).toEqual([...applied].sort((a, b) => a - b));
  expect(new Set(applied).size).toBe(applied.length);
  // None lost: what was not refused was applied; what was refused is kept with its content, or its caller has it back.
  expect(applied).toEqual(writes.filter((w) => !w.refused).map((w) => w.n));
  const kept = await storage.list('https://intranet.test/social', 'alice');
  const keptNumbers = kept.map((e) => (e.request.body as { n: number }).n);
  expect(keptNumbers).toEqual(writes.filter((w) => w.refused && keptNumbers.includes(w.n)).map((w) => w.n));
  expect(writes.filter((w) => w.refused && !keptNumbers.includes(w.n) && !w.rejected)).toEqual([]);
  expect(writes.filter((w) => !w.refused && w.rejected)).toEqual([]);
  expect(kept.every((e) => e.status === 'failed' && e.error !== undefined)).toBe(true);
  // Comments on posts that were in the outbox went to the id the server gave the post.
  for (const write of writes.filter((w) => w.on !== undefined && !w.refused)) {
    const post = server.applied.find((a) => (a.body as { n: number }).n === write.on);
    const comment = server.applied.find((a) => (a.body as { n: number }).n === write.n);
    expect(comment?.path).toBe(`/posts/${post?.created}/comments`);
  }
}

describe('DurableOutbox (property)', () => {
  it('loses no write, applies none twice and keeps their order, over faults, offline spells and reloads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 24 }), (commands) => run(commands)),
      { numRuns: 1_000 },
    );
  }, 300_000);
});
