import type { ServerResponse } from 'node:http';

/** A client whose unsent backlog exceeds this is dropped; it reconnects and replays. */
const SLOW_CLIENT_BACKLOG_BYTES = 1024 * 1024;

/** One open Server-Sent Events response. */
export class SseStream {
  readonly #res: ServerResponse;
  #closed = false;
  readonly #onClose: (() => void)[] = [];

  constructor(res: ServerResponse) {
    this.#res = res;
    res.on('close', () => this.#finish());
  }

  get closed(): boolean {
    return this.#closed;
  }

  onClose(callback: () => void): void {
    this.#onClose.push(callback);
  }

  send(id: number | null, type: string, data: string): void {
    const idLine = id === null ? '' : `id: ${id}\n`;
    this.#write(`${idLine}event: ${type}\ndata: ${data}\n\n`);
  }

  /** A comment line: keeps proxies from timing out an idle stream. */
  comment(text: string): void {
    this.#write(`: ${text}\n\n`);
  }

  close(): void {
    if (!this.#closed) this.#res.end();
    this.#finish();
  }

  #write(chunk: string): void {
    if (this.#closed) return;
    this.#res.write(chunk);
    if (this.#res.writableLength > SLOW_CLIENT_BACKLOG_BYTES) this.close();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const callback of this.#onClose.splice(0)) callback();
  }
}
