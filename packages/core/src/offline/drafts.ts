/**
 * Drafts kept on the device as the person types (the composer's text, its
 * translations, its options), per server, person and scope (a space), in
 * the IndexedDB database `ecotone-drafts`; in memory when IndexedDB is
 * refused or the client is not offline-capable. Loaded on first use.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { Me } from '@ecotone/protocol';
import { openDropOnUpgrade, serverKeyOf } from './cache-db.js';

/** Name of the IndexedDB database of the drafts. */
export const DRAFTS_DB_NAME = 'ecotone-drafts';
/** Version of the drafts' shape; a change drops them. */
export const DRAFTS_SCHEMA_VERSION = 1;
/** Drafts untouched for this long are deleted when drafts are next opened: 90 days. */
export const DRAFT_MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;

interface DraftRecord {
  /** Server, person and scope joined. */
  key: string;
  /** Server and person: what sign-out clears. */
  owner: string;
  value: unknown;
  savedAt: number;
}

interface DraftsSchema extends DBSchema {
  drafts: { key: string; value: DraftRecord };
  meta: { key: string; value: { name: string; value: unknown } };
}

/** What the client needs of the drafts module. */
export interface Drafts {
  load<T>(scope: string): Promise<T | undefined>;
  /** Keeps the draft of `scope`; undefined forgets it. */
  save(scope: string, draft: unknown): Promise<void>;
  /** Forgets every draft of the current person on this server (sign-out). */
  clear(): Promise<void>;
  readonly storage: 'idb' | 'memory';
}

/** What drafts need of the client. */
interface DraftsCore {
  me(): Promise<Me>;
}

/** Builds the drafts of a client (its server from `options`); `persistent` false keeps them in memory only. */
export async function attach(core: DraftsCore, options: { baseUrl?: string; transport?: unknown }, persistent: boolean): Promise<Drafts> {
  const server = serverKeyOf(options);
  const db = persistent ? await openDropOnUpgrade<DraftsSchema>(DRAFTS_DB_NAME, DRAFTS_SCHEMA_VERSION, { drafts: 'key', meta: 'name' }) : undefined;
  const drafts = new DraftStore(core, server, db);
  await drafts.dropOld();
  return drafts;
}

class DraftStore implements Drafts {
  private readonly memory = new Map<string, DraftRecord>();
  private readonly memoryMeta = new Map<string, unknown>();

  constructor(
    private readonly core: DraftsCore,
    private readonly server: string,
    private readonly db: IDBPDatabase<DraftsSchema> | undefined,
  ) {}

  get storage(): 'idb' | 'memory' {
    return this.db ? 'idb' : 'memory';
  }

  async load<T>(scope: string): Promise<T | undefined> {
    const owner = await this.owner();
    if (!owner) return undefined;
    const key = `${owner}\n${scope}`;
    const record = await this.guard(() => (this.db ? this.db.get('drafts', key) : Promise.resolve(this.memory.get(key))), undefined);
    return record?.value as T | undefined;
  }

  async save(scope: string, draft: unknown): Promise<void> {
    const owner = await this.owner();
    if (!owner) return;
    const key = `${owner}\n${scope}`;
    if (draft === undefined) {
      await this.guard(() => (this.db ? this.db.delete('drafts', key) : Promise.resolve(void this.memory.delete(key))), undefined);
      return;
    }
    const record: DraftRecord = { key, owner, value: draft, savedAt: Date.now() };
    await this.guard(() => (this.db ? this.db.put('drafts', record).then(() => undefined) : Promise.resolve(void this.memory.set(key, record))), undefined);
  }

  async clear(): Promise<void> {
    const owner = await this.owner();
    if (!owner) return;
    await this.deleteWhere((r) => r.owner === owner);
    await this.setMeta(undefined);
  }

  /** Deletes drafts untouched for DRAFT_MAX_AGE_MS. */
  dropOld(): Promise<void> {
    const oldest = Date.now() - DRAFT_MAX_AGE_MS;
    return this.deleteWhere((r) => r.savedAt < oldest);
  }

  /**
   * Server and person the drafts belong to: the caller from `me()`, or when
   * the server cannot be reached, the last person seen here (offline typing
   * is what drafts are for); undefined when neither is known.
   */
  private async owner(): Promise<string | undefined> {
    const name = `me\n${this.server}`;
    let actorId: string | undefined;
    try {
      actorId = (await this.core.me()).actor.id;
      if ((await this.getMeta(name)) !== actorId) await this.setMeta(actorId);
    } catch {
      actorId = await this.getMeta(name);
    }
    return actorId === undefined ? undefined : `${this.server}\n${actorId}`;
  }

  private getMeta(name: string): Promise<string | undefined> {
    return this.guard(
      async () => (this.db ? ((await this.db.get('meta', name))?.value as string | undefined) : (this.memoryMeta.get(name) as string | undefined)),
      undefined,
    );
  }

  private setMeta(actorId: string | undefined): Promise<void> {
    const name = `me\n${this.server}`;
    return this.guard(async () => {
      if (this.db) await (actorId === undefined ? this.db.delete('meta', name) : this.db.put('meta', { name, value: actorId }));
      else if (actorId === undefined) this.memoryMeta.delete(name);
      else this.memoryMeta.set(name, actorId);
    }, undefined);
  }

  private deleteWhere(test: (record: DraftRecord) => boolean): Promise<void> {
    return this.guard(async () => {
      if (!this.db) {
        for (const [key, record] of this.memory) if (test(record)) this.memory.delete(key);
        return;
      }
      const tx = this.db.transaction('drafts', 'readwrite');
      for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
        if (test(cursor.value)) await cursor.delete();
      }
      await tx.done;
    }, undefined);
  }

  /** A draft that cannot be stored is not worth an error on the page. */
  private async guard<T>(op: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await op();
    } catch {
      return fallback;
    }
  }
}
