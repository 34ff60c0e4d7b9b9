/**
 * Where full-text searches run. A search may visit many index entries (a
 * prefix of a common word over a million posts merges long lists), and
 * SQLite answers synchronously: on the event loop, one search would stall
 * every other request of every person. With a database file, searches run
 * in a worker thread on its own read-only connection (WAL lets it read
 * while the server writes); the loop only waits for the answer. Without a
 * file (an in-memory database, a Kysely instance given by a test) they run
 * in process, which is the same code on the same data. PostgreSQL answers
 * asynchronously on its own server: searches run in process there.
 */
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { engineOf } from '../db/engine.js';
import { searchNotes, type NoteSearch, type NoteSearchPage } from '../notes/note-repository.js';
import { searchPostTexts, type PostTextHit, type PostTextSearch } from '../posts/post-text-repository.js';

export interface SearchRunner {
  posts(search: PostTextSearch): Promise<{ hits: PostTextHit[]; total: number }>;
  notes(search: NoteSearch): Promise<NoteSearchPage>;
  close(): Promise<void>;
}

/** Searches on the server's own connection (SQLite: on the event loop; PostgreSQL: from its pool). */
export function inProcessSearch(db: Kysely<Database>): SearchRunner {
  return {
    posts: (search) => searchPostTexts(db, search),
    notes: (search) => searchNotes(db, search),
    close: () => Promise.resolve(),
  };
}

/**
 * The runner for `db`. SQLite: a worker on the database file when there is
 * one, in process otherwise. PostgreSQL: in process, that is on the pool:
 * the query runs in the database server and the loop only awaits its rows,
 * so a long search holds one connection, never the loop.
 */
export function searchRunnerFor(db: Kysely<Database>, sqliteFile: string | undefined): SearchRunner {
  if (engineOf(db) === 'postgres') return inProcessSearch(db);
  return sqliteFile ? new WorkerSearch(sqliteFile) : inProcessSearch(db);
}

/** What the main thread sends the worker, and what comes back. */
export type SearchRequest = { id: number; kind: 'posts'; search: PostTextSearch } | { id: number; kind: 'notes'; search: NoteSearch };
export type SearchResponse = { id: number; result: unknown } | { id: number; error: string };

/**
 * Searches in one worker thread, in the order asked. A worker that fails
 * rejects what it had in hand and is replaced on the next search.
 */
export class WorkerSearch implements SearchRunner {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly databasePath: string,
    private readonly workerUrl: URL = new URL('./search-worker.js', import.meta.url),
  ) {}

  posts(search: PostTextSearch): Promise<{ hits: PostTextHit[]; total: number }> {
    return this.ask({ kind: 'posts', search }) as Promise<{ hits: PostTextHit[]; total: number }>;
  }

  notes(search: NoteSearch): Promise<NoteSearchPage> {
    return this.ask({ kind: 'notes', search }) as Promise<NoteSearchPage>;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private ask(request: { kind: 'posts'; search: PostTextSearch } | { kind: 'notes'; search: NoteSearch }): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ensureWorker().postMessage({ id, ...request } satisfies SearchRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerUrl, { workerData: { databasePath: this.databasePath } });
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on('message', (message: SearchResponse) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if ('error' in message) waiting.reject(new Error(`search failed: ${message.error}`));
      else waiting.resolve(message.result);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`search worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
