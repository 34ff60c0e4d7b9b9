/**
 * Where the durable outbox keeps its entries: IndexedDB (database
 * `ecotone-outbox`, through idb) so that writes survive reloads and crashes
 * and every tab of the origin sees the same queue, or memory when IndexedDB
 * is absent or refused (private browsing): the same interface, lost on reload.
 *
 * Entries are partitioned by server and person: a person only ever lists
 * (and so sends) their own.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { OutboxEntry } from '../types.js';

/** Schema version of the `ecotone-outbox` database; a change migrates in `upgrade`. */
export const OUTBOX_DB_VERSION = 1;
/** Name of the IndexedDB database of the outbox. */
export const OUTBOX_DB_NAME = 'ecotone-outbox';

/** An entry as stored: the public entry with its partition and its place in the queue. */
export interface StoredOutboxEntry extends OutboxEntry {
  /** The server (normalised base URL). */
  server: string;
  /** The person who made it (actor id). */
  person: string;
  /** Position in the queue, increasing across tabs (IndexedDB's key generator). */
  seq?: number;
  /** Released by its caller (queued, or restored after a reload): a refusal keeps it as `failed`. */
  detached: boolean;
}

/** Ids the server gave to what entries created, by their provisional ids. */
export type IdMap = Readonly<Record<string, string>>;

/** The outbox's storage. Every method resolves once the change is durable. */
export interface OutboxStorage {
  /** Whether it survives a reload (false for the memory fallback). */
  readonly durable: boolean;
  /** Adds an entry at the end of the queue; resolves with it, its `seq` set. */
  add(entry: StoredOutboxEntry): Promise<StoredOutboxEntry>;
  /** Replaces an entry (same `seq`). */
  put(entry: StoredOutboxEntry): Promise<void>;
  /**
   * Changes an entry if it is still there, atomically (a discard in another
   * tab is never undone by a change made after it); resolves with whether it was.
   */
  update(id: string, change: (entry: StoredOutboxEntry) => StoredOutboxEntry): Promise<boolean>;
  /** Removes an entry by its id. */
  delete(id: string): Promise<void>;
  /** Whether anyone's writes wait, for any server. */
  waiting(): Promise<boolean>;
  /** One person's entries on one server, oldest first. */
  list(server: string, person: string): Promise<StoredOutboxEntry[]>;
  /** Records the server's id of what a provisional id stood for. */
  putId(server: string, person: string, localId: string, id: string): Promise<void>;
  /** The ids recorded for one person on one server. */
  ids(server: string, person: string): Promise<IdMap>;
  /** The last person who wrote on this server from this browser (to queue writes before the server answers who is signed in). */
  lastPerson(server: string): Promise<string | undefined>;
  setLastPerson(server: string, person: string): Promise<void>;
  close(): void;
}

/** Storage in memory: the fallback, and what tests share between outboxes to simulate reloads. */
export class MemoryOutboxStorage implements OutboxStorage {
  readonly durable = false;
  private entries: StoredOutboxEntry[] = [];
  private nextSeq = 1;
  private readonly idMaps = new Map<string, Record<string, string>>();
  private readonly people = new Map<string, string>();

  add(entry: StoredOutboxEntry): Promise<StoredOutboxEntry> {
    const stored = { ...entry, seq: this.nextSeq++ };
    this.entries.push(stored);
    return Promise.resolve(stored);
  }

  put(entry: StoredOutboxEntry): Promise<void> {
    this.entries = this.entries.map((e) => (e.id === entry.id ? { ...entry } : e));
    return Promise.resolve();
  }

  update(id: string, change: (entry: StoredOutboxEntry) => StoredOutboxEntry): Promise<boolean> {
    const found = this.entries.some((e) => e.id === id);
    this.entries = this.entries.map((e) => (e.id === id ? { ...change({ ...e }), seq: e.seq } : e));
    return Promise.resolve(found);
  }

  delete(id: string): Promise<void> {
    this.entries = this.entries.filter((e) => e.id !== id);
    return Promise.resolve();
  }

  waiting(): Promise<boolean> {
    return Promise.resolve(this.entries.length > 0);
  }

  list(server: string, person: string): Promise<StoredOutboxEntry[]> {
    return Promise.resolve(this.entries.filter((e) => e.server === server && e.person === person).map((e) => ({ ...e })));
  }

  putId(server: string, person: string, localId: string, id: string): Promise<void> {
    const key = `${server}\n${person}`;
    this.idMaps.set(key, { ...this.idMaps.get(key), [localId]: id });
    return Promise.resolve();
  }

  ids(server: string, person: string): Promise<IdMap> {
    return Promise.resolve({ ...this.idMaps.get(`${server}\n${person}`) });
  }

  lastPerson(server: string): Promise<string | undefined> {
    return Promise.resolve(this.people.get(server));
  }

  setLastPerson(server: string, person: string): Promise<void> {
    this.people.set(server, person);
    return Promise.resolve();
  }

  close(): void {}
}

interface IdRecord {
  server: string;
  person: string;
  localId: string;
  id: string;
}

/** Storage in IndexedDB. */
class IdbOutboxStorage implements OutboxStorage {
  readonly durable = true;

  constructor(private readonly db: IDBPDatabase) {}

  async add(entry: StoredOutboxEntry): Promise<StoredOutboxEntry> {
    const { seq: _ignored, ...rest } = entry;
    const seq = (await this.db.add('entries', rest)) as number;
    return { ...rest, seq };
  }

  async put(entry: StoredOutboxEntry): Promise<void> {
    await this.db.put('entries', entry);
  }

  async update(id: string, change: (entry: StoredOutboxEntry) => StoredOutboxEntry): Promise<boolean> {
    const tx = this.db.transaction('entries', 'readwrite');
    const seq = await tx.store.index('id').getKey(id);
    const entry = seq === undefined ? undefined : ((await tx.store.get(seq)) as StoredOutboxEntry | undefined);
    if (entry) await tx.store.put({ ...change(entry), seq: entry.seq });
    await tx.done;
    return entry !== undefined;
  }

  async delete(id: string): Promise<void> {
    const tx = this.db.transaction('entries', 'readwrite');
    const seq = await tx.store.index('id').getKey(id);
    if (seq !== undefined) await tx.store.delete(seq);
    await tx.done;
  }

  async waiting(): Promise<boolean> {
    return (await this.db.count('entries')) > 0;
  }

  async list(server: string, person: string): Promise<StoredOutboxEntry[]> {
    // The index's order is its key, then the primary key: the queue's order.
    return (await this.db.getAllFromIndex('entries', 'partition', [server, person])) as StoredOutboxEntry[];
  }

  async putId(server: string, person: string, localId: string, id: string): Promise<void> {
    await this.db.put('ids', { server, person, localId, id } satisfies IdRecord);
  }

  async ids(server: string, person: string): Promise<IdMap> {
    const records = (await this.db.getAllFromIndex('ids', 'partition', [server, person])) as IdRecord[];
    return Object.fromEntries(records.map((r) => [r.localId, r.id]));
  }

  async lastPerson(server: string): Promise<string | undefined> {
    return ((await this.db.get('people', server)) as { person: string } | undefined)?.person;
  }

  async setLastPerson(server: string, person: string): Promise<void> {
    await this.db.put('people', { server, person });
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Opens the outbox's IndexedDB database, or memory storage when IndexedDB is
 * absent or refused (private browsing, a blocked upgrade): never rejects.
 */
export async function openOutboxStorage(factory: IDBFactory | undefined = defaultIndexedDb()): Promise<OutboxStorage> {
  if (!factory) return new MemoryOutboxStorage();
  try {
    // idb opens through the global indexedDB; a given factory (tests) is swapped in for the call.
    const db = await withFactory(factory, () =>
      openDB(OUTBOX_DB_NAME, OUTBOX_DB_VERSION, {
        upgrade(database) {
          const entries = database.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
          entries.createIndex('id', 'id', { unique: true });
          entries.createIndex('partition', ['server', 'person']);
          const ids = database.createObjectStore('ids', { keyPath: ['server', 'person', 'localId'] });
          ids.createIndex('partition', ['server', 'person']);
          database.createObjectStore('people', { keyPath: 'server' });
        },
      }),
    );
    return new IdbOutboxStorage(db);
  } catch {
    return new MemoryOutboxStorage();
  }
}

/** Runs `open` with `factory` as the global indexedDB: idb calls `indexedDB.open` synchronously, so the swap lasts one call. */
function withFactory<T>(factory: IDBFactory, open: () => Promise<T>): Promise<T> {
  const global = globalThis as { indexedDB?: IDBFactory };
  const previous = global.indexedDB;
  if (previous === factory) return open();
  global.indexedDB = factory;
  try {
    return open();
  } finally {
    global.indexedDB = previous;
  }
}

/** The browser's IndexedDB, or undefined where it is absent or reading it throws (sandboxed frames). */
export function defaultIndexedDb(): IDBFactory | undefined {
  try {
    return globalThis.indexedDB;
  } catch {
    return undefined;
  }
}
