/**
 * Streams are written in rounds: what waits for a stream leaves in one
 * write, in order, and nothing waits past the stream's end.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameJoiner, sseFrame, SseStream, SseWriteRounds } from './sse-stream.js';

/** A real HTTP response whose writes are counted, and the client side reading it. */
async function openResponse(): Promise<{ res: ServerResponse; writes: () => number; body: Promise<string>; server: Server }> {
  let answer!: (res: ServerResponse) => void;
  const answered = new Promise<ServerResponse>((resolve) => (answer = resolve));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const body = new Promise<string>((resolve, reject) => {
    request({ port, host: '127.0.0.1' }, (incoming: IncomingMessage) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
  const res = await answered;
  let writes = 0;
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  res.write = ((chunk: Buffer) => {
    writes += 1;
    return write(chunk);
  }) as typeof res.write;
  return { res, writes: () => writes, body, server };
}

describe('SSE write rounds', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('writes the frames that waited for a stream in one write, in order', async () => {
    const opened = await openResponse();
    server = opened.server;
    const stream = new SseStream(opened.res, new SseWriteRounds(60_000));
    const shared = sseFrame(2, 'reaction.changed', '{"n":2}');
    stream.send(1, 'post.created', '{"n":1}');
    stream.sendFrame(shared);
    stream.comment('heartbeat');
    // The first round starts on the next turn of the event loop, not within this one.
    expect(opened.writes()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened.writes()).toBe(1);
    // The next round waits for the interval (a minute here): frames wait, and close() writes them first.
    stream.send(3, 'post.deleted', '{"n":3}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened.writes()).toBe(1);
    stream.close();
    expect(opened.writes()).toBe(2);
    expect(await opened.body).toBe(
      'id: 1\nevent: post.created\ndata: {"n":1}\n\n' +
        'id: 2\nevent: reaction.changed\ndata: {"n":2}\n\n' +
        ': heartbeat\n\n' +
        'id: 3\nevent: post.deleted\ndata: {"n":3}\n\n',
    );
  });
});

describe('frames joined once per round', () => {
  const a = sseFrame(1, 'post.created', '{"n":1}');
  const b = sseFrame(2, 'reaction.changed', '{"n":2}');
  const c = sseFrame(3, 'post.deleted', '{"n":3}');

  it('gives streams waiting for the same frames the same bytes, and others their own, in order', () => {
    const joiner = new FrameJoiner();
    const first = joiner.join([a, b, c]);
    expect(first.toString()).toBe(`${a}${b}${c}`);
    // The same frames (not equal copies: the hub shares them) are joined once.
    expect(joiner.join([a, b, c])).toBe(first);
    const other = joiner.join([b, c]);
    expect(other.toString()).toBe(`${b}${c}`);
    expect(joiner.join([a, Buffer.from(b), c])).not.toBe(first);
    expect(joiner.join([a, Buffer.from(b), c]).toString()).toBe(first.toString());
    expect(joiner.join([c])).toBe(c);
  });
});
