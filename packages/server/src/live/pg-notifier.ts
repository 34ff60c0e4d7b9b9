/**
 * PostgreSQL's LISTEN/NOTIFY as an {@link EventNotifier}: one connection of
 * its own (not from the pool, which hands connections to other queries),
 * listening on the channel where each committed event's id is announced
 * (live/event-repository.ts). When the connection breaks (the database
 * restarted, a proxy or an operator closed it), it connects again with
 * growing pauses, listens again, and says so: the bus then reads what was
 * recorded meanwhile.
 *
 * The same connection listens for changed rows (db/row-changes.ts) when
 * given `rowChanges`: one connection per instance for both.
 */
import pg from 'pg';
import type { EventNotifier } from './database-bus.js';
import { EVENTS_CHANNEL } from './event-repository.js';
import { ROW_CHANGES_CHANNEL, type RowChangeNotices } from '../db/row-changes.js';

/** First pause before connecting again, in ms; doubled after each failure. */
export const LISTEN_RETRY_BASE_MS = 100;
/** Longest pause between two attempts, in ms. */
export const LISTEN_RETRY_MAX_MS = 5_000;
/** How long one connection attempt may take, in ms. */
const LISTEN_CONNECT_TIMEOUT_MS = 5_000;

export interface PgEventNotifierOptions {
  /** Told each time the connection is lost or cannot be made (it keeps trying). */
  onError?: (error: unknown) => void;
  /** Also listens for changed rows and hands them here. */
  rowChanges?: RowChangeNotices;
}

export class PgEventNotifier implements EventNotifier {
  readonly #url: string;
  readonly #options: PgEventNotifierOptions;
  #client: pg.Client | undefined;
  #handlers: Parameters<EventNotifier['start']>[0] | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #closed = false;

  constructor(url: string, options: PgEventNotifierOptions = {}) {
    this.#url = url;
    this.#options = options;
  }

  /** The backend process id of the listening connection (for tests that cut it), if connected. */
  get backendPid(): number | undefined {
    return (this.#client as { processID?: number } | undefined)?.processID;
  }

  async start(handlers: Parameters<EventNotifier['start']>[0]): Promise<void> {
    this.#handlers = handlers;
    // The first connection must work: a server that cannot listen does not start.
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#options.rowChanges?.lost();
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, connectionTimeoutMillis: LISTEN_CONNECT_TIMEOUT_MS });
    const rowChanges = this.#options.rowChanges;
    client.on('notification', (message) => {
      if (message.channel === ROW_CHANGES_CHANNEL) {
        if (this.#client === client) rowChanges?.noticed(message.payload ?? '');
        return;
      }
      if (message.channel !== EVENTS_CHANNEL) return;
      const id = Number(message.payload);
      if (Number.isSafeInteger(id) && id > 0) this.#handlers?.onNotice(id);
    });
    // Ended by the server, the network or an operator: listen again.
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the listening connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (rowChanges) await client.query(`LISTEN ${ROW_CHANGES_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#failures = 0;
    rowChanges?.listening();
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = undefined;
    this.#options.rowChanges?.lost();
    this.#options.onError?.(error);
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry) return;
    const pauseMs = Math.min(LISTEN_RETRY_MAX_MS, LISTEN_RETRY_BASE_MS * 2 ** this.#failures);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#connect().then(
        // Notices sent while nobody listened are gone: the bus reads the rows.
        () => this.#handlers?.onResumed(),
        (error: unknown) => {
          this.#failures += 1;
          this.#options.onError?.(error);
          this.#scheduleReconnect();
        },
      );
    }, pauseMs);
    this.#retry.unref();
  }
}
