/**
 * Reads the live stream's Server-Sent Events: a chunk of its own, loaded by
 * `HttpTransport` when a stream has connected, so a page paints (its counts,
 * its posts) before it downloads the parser of what comes after.
 */
import { createParser } from 'eventsource-parser';
import { LIVE_EVENT_TYPES, type LiveEvent } from '@ecotone/protocol';

const LIVE_TYPES: ReadonlySet<string> = new Set(LIVE_EVENT_TYPES);

/** What the reader reports besides events. */
export interface SseCallbacks {
  /** A live event (unknown or malformed ones are skipped, so a newer server cannot break an older client). */
  emit(event: LiveEvent): void;
  /** An event's id, to resume after it (`Last-Event-ID`). */
  onId(id: string): void;
  /** The server's `retry:` field, in milliseconds. */
  onRetry(ms: number): void;
}

/** Reads the stream until it ends; resolves true when the server ended it because the token expired. */
export async function readEvents(body: ReadableStream<Uint8Array>, callbacks: SseCallbacks): Promise<boolean> {
  let expired = false;
  const parser = createParser({
    onEvent: (message) => {
      if (message.event === 'stream.expired') expired = true;
      if (message.id !== undefined && message.id !== '') callbacks.onId(message.id);
      const event = parseLiveEvent(message.data);
      if (event) callbacks.emit(event);
    },
    onRetry: callbacks.onRetry,
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
  return expired;
}

/** Parses one SSE `data` field. */
function parseLiveEvent(data: string): LiveEvent | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && LIVE_TYPES.has(String((value as { type?: unknown }).type))) {
      return value as LiveEvent;
    }
  } catch {
    // Skip: see above.
  }
  return undefined;
}
