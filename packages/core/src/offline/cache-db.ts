/**
 * Where the read cache keeps its records: the IndexedDB database
 * `ecotone-cache` (through `idb`), or a Map when IndexedDB is absent or
 * refused (private browsing, Node without fake-indexeddb, a quota error on
 * open). Only storage here; what to keep and for whom is read-cache.ts.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** Name of the IndexedDB database of the read cache. */
export const CACHE_DB_NAME = 'ecotone-cache';
/**
 * Version of the records' shape. A change drops every record on the next
 * open (a cache is refilled from the server; migrating it is not worth code).
 */
export const CACHE_SCHEMA_VERSION = 1;

/**
 * Longest wait for IndexedDB to open, in ms: an open blocked for good (a tab
 * of an old build holding the database) falls back to memory rather than
 * leaving a saved copy, or a failed load waiting for it, hanging.
 */
export const IDB_OPEN_TIMEOUT_MS = 5_000;

/** What a record holds. */
export type CacheRecordKind = 'feed' | 'post' | 'comments' | 'note';

/** One cached thing of one person on one server. */
export interface CacheRecord {
  /** `partition`, `kind` and `id` joined: unique. */
  readonly key: string;
  /** Server and person (see {@link cachePartition}). */
  readonly partition: string;
  readonly kind: CacheRecordKind;
  readonly id: string;
  /** The space the content belongs to (purged with it when access is lost). */
  readonly spaceId?: string;
  readonly value: unknown;
  /** Approximate size (characters of its JSON), for the size bound. */
  readonly bytes: number;
  /** When the server last sent it (ms since the epoch): the age bound. */
  readonly savedAt: number;
  /** When it was last written or read (ms): least recently used goes first. */
  readonly usedAt: number;
}

export { serverKeyOf } from './server-key.js';

/** The partition of one person on one server. */
export function cachePartition(server: string, actorId: string): string {
  return `${server}\n${actorId}`;
}

/** The key of one record. */
export function cacheKey(partition: string, kind: CacheRecordKind, id: string): string {
  return `${partition}\n${kind}\n${id}`;
}

/** Storage of cache records and of a few named values (the last person per server). */
export interface CacheBackend {
  /** `idb`, or `memory` when IndexedDB could not be used. */
  readonly kind: 'idb' | 'memory';
  /** Several records in one go (one transaction), in the order of `keys`. */
  getMany(keys: readonly string[]): Promise<(CacheRecord | undefined)[]>;
  put(records: readonly CacheRecord[]): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Every record (eviction and purges; the cache is bounded to a few MB). */
  all(): Promise<CacheRecord[]>;
  getMeta<T>(name: string): Promise<T | undefined>;
  setMeta(name: string, value: unknown): Promise<void>;
  deleteMeta(name: string): Promise<void>;
  close(): void;
}

interface CacheSchema extends DBSchema {
  records: { key: string; value: CacheRecord };
  meta: { key: string; value: { name: string; value: unknown } };
}

/** Records in a Map: the fallback, gone with the page. */
export class MemoryCacheBackend implements CacheBackend {
  readonly kind = 'memory';
  private readonly records = new Map<string, CacheRecord>();
  private readonly meta = new Map<string, unknown>();

  async getMany(keys: readonly string[]): Promise<(CacheRecord | undefined)[]> {
    return keys.map((key) => this.records.get(key));
  }
  async put(records: readonly CacheRecord[]): Promise<void> {
    for (const record of records) this.records.set(record.key, record);
  }
  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.records.delete(key);
  }
  async all(): Promise<CacheRecord[]> {
    return [...this.records.values()];
  }
  async getMeta<T>(name: string): Promise<T | undefined> {
    return this.meta.get(name) as T | undefined;
  }
  async setMeta(name: string, value: unknown): Promise<void> {
    this.meta.set(name, value);
  }
  async deleteMeta(name: string): Promise<void> {
    this.meta.delete(name);
  }
  close(): void {}
}

class IdbCacheBackend implements CacheBackend {
  readonly kind = 'idb';
  constructor(private readonly db: IDBPDatabase<CacheSchema>) {}

  async getMany(keys: readonly string[]): Promise<(CacheRecord | undefined)[]> {
    if (keys.length === 0) return [];
    const tx = this.db.transaction('records');
    const [records] = await Promise.all([Promise.all(keys.map((k) => tx.store.get(k))), tx.done]);
    return records;
  }
  async put(records: readonly CacheRecord[]): Promise<void> {
    if (records.length === 0) return;
    const tx = this.db.transaction('records', 'readwrite');
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
  }
  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const tx = this.db.transaction('records', 'readwrite');
    await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
  }
  all(): Promise<CacheRecord[]> {
    return this.db.getAll('records');
  }
  async getMeta<T>(name: string): Promise<T | undefined> {
    return (await this.db.get('meta', name))?.value as T | undefined;
  }
  async setMeta(name: string, value: unknown): Promise<void> {
    await this.db.put('meta', { name, value });
  }
  async deleteMeta(name: string): Promise<void> {
    await this.db.delete('meta', name);
  }
  close(): void {
    this.db.close();
  }
}

/**
 * Opens IndexedDB database `name` at `version` with the given object
 * stores (all keyed in-line by `keyPath`), dropping every store of an older
 * version; undefined when IndexedDB is absent or refused. Shared by the
 * cache and the drafts, each with its own database.
 */
export async function openDropOnUpgrade<S extends DBSchema>(
  name: string,
  version: number,
  stores: Readonly<Record<string, string>>,
): Promise<IDBPDatabase<S> | undefined> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, IDB_OPEN_TIMEOUT_MS)));
  const opening = open<S>(name, version, stores);
  const db = await Promise.race([opening, late]);
  clearTimeout(timer);
  // Opened after the wait was given up: not used, closed.
  if (!db) void opening.then((opened) => opened?.close());
  return db;
}

async function open<S extends DBSchema>(name: string, version: number, stores: Readonly<Record<string, string>>): Promise<IDBPDatabase<S> | undefined> {
  try {
    const db = await openDB<S>(name, version, {
      upgrade(db) {
        // A cache: records of another shape are dropped, not migrated.
        for (const store of [...db.objectStoreNames]) db.deleteObjectStore(store as never);
        for (const [store, keyPath] of Object.entries(stores)) db.createObjectStore(store as never, { keyPath });
      },
      // Another tab holds an older version open: it closes its connection (see below) and we proceed.
      blocked: () => undefined,
      blocking: (_current, _next, event) => (event.target as IDBDatabase | null)?.close(),
    });
    // A database made at this version by someone else, without our stores: not ours to use.
    if (Object.keys(stores).every((store) => db.objectStoreNames.contains(store as never))) return db;
    db.close();
    return undefined;
  } catch {
    // Private browsing, a refused permission, a newer version left by another build: memory instead.
    return undefined;
  }
}

/** Opens the cache's database, or a memory store when IndexedDB cannot be used. Never rejects. */
export async function openCacheBackend(version: number = CACHE_SCHEMA_VERSION): Promise<CacheBackend> {
  const db = await openDropOnUpgrade<CacheSchema>(CACHE_DB_NAME, version, { records: 'key', meta: 'name' });
  return db ? new IdbCacheBackend(db) : new MemoryCacheBackend();
}
