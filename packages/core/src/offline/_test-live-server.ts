/**
 * Test helper, not shipped: a small HTTP server speaking the live stream as
 * the reference server does (stored events with ids, `Last-Event-ID`
 * replay), counting its open streams, with a hook for other routes. For the
 * Node tests of tab coordination.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveEvent } from '@ecotone/protocol';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: string) => boolean | void;

export class TestLiveServer {
  /** The server's base URL (no trailing slash). */
  baseUrl = '';
  /** `Last-Event-ID` of each stream request, in order (undefined: none sent). */
  readonly streamRequests: (string | undefined)[] = [];
  /** Handles other routes; answers 404 when it returns false. */
  routes: RouteHandler = () => false;
  /** While set, new streams wait for it before they are answered (a handover in progress). */
  hold: Promise<void> | undefined;

  private readonly server: Server;
  private readonly log: { id: number; event: LiveEvent }[] = [];
  private readonly open = new Set<ServerResponse>();
  private readonly changed = new Set<() => void>();

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/api/v1/events') void this.stream(req, res);
        else if (this.routes(req, res, body) === false) {
          res.writeHead(404, { 'content-type': 'application/problem+json' });
          res.end(JSON.stringify({ code: 'not_found', title: 'Not found', status: 404 }));
        }
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Streams open now. */
  get openStreams(): number {
    return this.open.size;
  }

  /** Resolves once `condition()` holds (checked whenever a stream opens or closes), or rejects after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        this.changed.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.changed.delete(check);
        reject(new Error(`condition not met within ${timeoutMs} ms (open streams: ${this.open.size})`));
      }, timeoutMs);
      this.changed.add(check);
      check();
    });
  }

  /** Ends every open stream, as a server restart or a lost network does. */
  dropStreams(): void {
    for (const res of this.open) res.destroy();
  }

  /** Stores an event (ids 1, 2, …) and sends it to every open stream. */
  publish(event: LiveEvent): number {
    const id = this.log.length + 1;
    this.log.push({ id, event });
    for (const res of this.open) res.write(frame(id, event));
    return id;
  }

  private async stream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const lastId = req.headers['last-event-id'];
    this.streamRequests.push(typeof lastId === 'string' ? lastId : undefined);
    this.notify();
    await this.hold;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': open\n\n');
    const after = typeof lastId === 'string' ? Number(lastId) : Number.POSITIVE_INFINITY;
    for (const { id, event } of this.log) if (id > after) res.write(frame(id, event));
    this.open.add(res);
    res.on('close', () => {
      this.open.delete(res);
      this.notify();
    });
    this.notify();
  }

  private notify(): void {
    for (const check of [...this.changed]) check();
  }
}

function frame(id: number, event: LiveEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
