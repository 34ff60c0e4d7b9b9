/**
 * The persistent read cache: what one person saw on one server (first pages
 * of feeds, posts with their reactions and polls, first pages of comment
 * threads), kept so that the next visit paints at once and then revalidates.
 *
 * Partitioned by server and person; bounded by age, record count and size
 * (least recently used first); dropped when its schema version changes;
 * purged on sign-out, on a change of person and for a space the person lost.
 * Every operation is best effort: a storage failure is swallowed (the page
 * then simply loads from the network), never shown.
 */
import type { Comment, FeedPage, KnowledgeNote, Me, Post } from '@ecotone/protocol';
import {
  cacheKey,
  cachePartition,
  openCacheBackend,
  type CacheBackend,
  type CacheRecord,
  type CacheRecordKind,
} from './cache-db.js';

/** Records older than this (since the server last sent them) are not shown and are deleted: 30 days. */
export const CACHE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Most records kept, all servers and persons together. */
export const CACHE_MAX_RECORDS = 3_000;
/** Most characters of JSON kept (about 5 MB), all servers and persons together. */
export const CACHE_MAX_BYTES = 5_000_000;
/** Eviction runs after this many records written in a session... */
const EVICT_EVERY_WRITES = 200;
/** ...and on open when it last ran longer ago than this (it reads every record: not on every page load). */
const EVICT_ON_OPEN_AFTER_MS = 60 * 60 * 1000;
/** Meta entry holding when eviction last ran. */
const EVICTED_AT = 'evictedAt';

/** Bounds of a {@link ReadCache}. */
export interface CacheLimits {
  maxAgeMs: number;
  maxRecords: number;
  maxBytes: number;
}

/** A feed's first page as cached: what the feed needs to paint. */
export interface CachedFeedPage {
  readonly items: readonly Post[];
  readonly pinned: readonly Post[];
  readonly nextCursor: string | null;
  /** When the server sent it (ms since the epoch). */
  readonly savedAt: number;
}

/** A thread's first page as cached. */
export interface CachedComments {
  readonly items: readonly Comment[];
  readonly nextCursor: string | null;
  readonly savedAt: number;
}

interface FeedValue {
  ids: readonly string[];
  pinnedIds: readonly string[];
  nextCursor: string | null;
}

/** Name of the meta entry holding the last person seen on a server. */
function lastPersonName(server: string): string {
  return `me\n${server}`;
}

/** Records' shapes stay plain JSON, so their size is their JSON's length. */
function sizeOf(value: unknown): number {
  return JSON.stringify(value).length;
}

/**
 * Policy of the cache over a {@link CacheBackend}. Operations run one after
 * the other, so a purge is never overtaken by a write of what it removes.
 */
export class ReadCache {
  /** The person whose records are read: the last one seen, then the one `me()` confirmed. */
  private readPartition: string | undefined;
  /** The person confirmed by `me()` in this session: only then is anything written. */
  private writePartition: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private written = 0;

  private constructor(
    private readonly backend: CacheBackend,
    /** The server's key: its normalised base URL, or `memory` / `local`. */
    readonly server: string,
    private readonly limits: CacheLimits,
    private readonly now: () => number,
  ) {}

  /**
   * Opens the cache of `server` (IndexedDB, or memory when refused), reads
   * the last person seen there and evicts what is out of bounds. Never rejects.
   */
  static async open(
    server: string,
    options: { limits?: Partial<CacheLimits>; now?: () => number; backend?: CacheBackend } = {},
  ): Promise<ReadCache> {
    const backend = options.backend ?? (await openCacheBackend());
    const limits = { maxAgeMs: CACHE_MAX_AGE_MS, maxRecords: CACHE_MAX_RECORDS, maxBytes: CACHE_MAX_BYTES, ...options.limits };
    const cache = new ReadCache(backend, server, limits, options.now ?? Date.now);
    const last = await cache.run(() => backend.getMeta<Me>(lastPersonName(server)), undefined);
    if (last) cache.readPartition = cachePartition(server, last.actor.id);
    const evictedAt = await cache.run(() => backend.getMeta<number>(EVICTED_AT), undefined);
    if (evictedAt === undefined || cache.now() - evictedAt > EVICT_ON_OPEN_AFTER_MS) void cache.evict();
    return cache;
  }

  /** `idb`, or `memory` when IndexedDB could not be used. */
  get storage(): 'idb' | 'memory' {
    return this.backend.kind;
  }

  /** The person last seen on this server (its cached `me`), until one is confirmed. */
  lastPerson(): Promise<Me | undefined> {
    return this.run(() => this.backend.getMeta<Me>(lastPersonName(this.server)), undefined);
  }

  /**
   * The server says who the caller is. Another person than the cached one:
   * their records are purged before anything of the new person is written
   * or shown; resolves with whether the person changed.
   */
  async confirmPerson(me: Me): Promise<boolean> {
    const partition = cachePartition(this.server, me.actor.id);
    const previous = this.readPartition;
    // Reads of the old person stop at once, before the purge is through.
    this.readPartition = partition;
    this.writePartition = partition;
    const switched = previous !== undefined && previous !== partition;
    await this.run(async () => {
      if (switched) await this.deleteWhere((r) => r.partition === previous);
      await this.backend.setMeta(lastPersonName(this.server), me);
    }, undefined);
    return switched;
  }

  /** Forgets everything of the current (or last) person on this server, and who they were: sign-out. */
  async clearPerson(): Promise<void> {
    const partition = this.writePartition ?? this.readPartition;
    this.readPartition = undefined;
    this.writePartition = undefined;
    await this.run(async () => {
      if (partition) await this.deleteWhere((r) => r.partition === partition);
      await this.backend.deleteMeta(lastPersonName(this.server));
    }, undefined);
  }

  /** The cached first page of a feed (one space, or several joined by commas), or undefined. */
  async feed(feedKey: string): Promise<CachedFeedPage | undefined> {
    const partition = this.readPartition;
    if (!partition) return undefined;
    return this.run(async () => {
      const [record] = await this.readMany(partition, 'feed', [feedKey]);
      if (!record) return undefined;
      const value = record.value as FeedValue;
      const posts = new Map<string, Post>();
      for (const post of await this.readMany(partition, 'post', [...value.ids, ...value.pinnedIds])) {
        if (post) posts.set(post.id, post.value as Post);
      }
      const pick = (ids: readonly string[]) => ids.flatMap((id) => posts.get(id) ?? []);
      // The partition may have changed while reading (another person confirmed): show nothing then.
      if (this.readPartition !== partition) return undefined;
      return { items: pick(value.ids), pinned: pick(value.pinnedIds), nextCursor: value.nextCursor, savedAt: record.savedAt };
    }, undefined);
  }

  /** Keeps a feed's first page as the server sent it (and its posts). */
  saveFeed(feedKey: string, page: FeedPage): Promise<void> {
    const pinned = page.pinned ?? [];
    const value: FeedValue = { ids: page.items.map((p) => p.id), pinnedIds: pinned.map((p) => p.id), nextCursor: page.nextCursor };
    const single = feedKey.includes(',') ? undefined : feedKey;
    return this.write((partition, now) => [
      this.record(partition, 'feed', feedKey, single, value, now),
      ...[...pinned, ...page.items].map((p) => this.record(partition, 'post', p.id, p.spaceId, p, now)),
    ]);
  }

  /** One cached post, or undefined. */
  async post(postId: string): Promise<Post | undefined> {
    const partition = this.readPartition;
    if (!partition) return undefined;
    return this.run(async () => {
      const [record] = await this.readMany(partition, 'post', [postId]);
      return this.readPartition === partition ? (record?.value as Post | undefined) : undefined;
    }, undefined);
  }

  /** Keeps posts as they are now (reactions and polls included). */
  savePosts(posts: readonly Post[]): Promise<void> {
    return this.write((partition, now) => posts.map((p) => this.record(partition, 'post', p.id, p.spaceId, p, now)));
  }

  /** The cached first page of a post's comments, or undefined. */
  async comments(postId: string): Promise<CachedComments | undefined> {
    const partition = this.readPartition;
    if (!partition) return undefined;
    return this.run(async () => {
      const [record] = await this.readMany(partition, 'comments', [postId]);
      if (!record || this.readPartition !== partition) return undefined;
      const value = record.value as { items: Comment[]; nextCursor: string | null };
      return { ...value, savedAt: record.savedAt };
    }, undefined);
  }

  /** Keeps the first page of a post's comments. */
  saveComments(postId: string, spaceId: string | undefined, items: readonly Comment[], nextCursor: string | null): Promise<void> {
    return this.write((partition, now) => [this.record(partition, 'comments', postId, spaceId, { items, nextCursor }, now)]);
  }

  /** One cached knowledge note, or undefined. */
  async note(noteId: string): Promise<KnowledgeNote | undefined> {
    const partition = this.readPartition;
    if (!partition) return undefined;
    return this.run(async () => {
      const [record] = await this.readMany(partition, 'note', [noteId]);
      return this.readPartition === partition ? (record?.value as KnowledgeNote | undefined) : undefined;
    }, undefined);
  }

  /** Keeps a knowledge note as the server sent it. */
  saveNote(note: KnowledgeNote): Promise<void> {
    return this.write((partition, now) => [this.record(partition, 'note', note.id, note.spaceId, note, now)]);
  }

  /** Forgets a note (deleted, or refused). */
  removeNote(noteId: string): Promise<void> {
    const partition = this.readPartition;
    if (!partition) return Promise.resolve();
    return this.run(() => this.backend.delete([cacheKey(partition, 'note', noteId)]), undefined);
  }

  /** Forgets posts (deleted, or refused on revalidation) and their threads. */
  removePosts(postIds: readonly string[]): Promise<void> {
    const partition = this.readPartition;
    if (!partition || postIds.length === 0) return Promise.resolve();
    return this.run(() => this.backend.delete(postIds.flatMap((id) => [cacheKey(partition, 'post', id), cacheKey(partition, 'comments', id)])), undefined);
  }

  /** Forgets everything of a space for the current person: they lost access to it. */
  purgeSpace(spaceId: string): Promise<void> {
    const partition = this.readPartition;
    if (!partition) return Promise.resolve();
    return this.run(
      () =>
        this.deleteWhere(
          (r) => r.partition === partition && (r.spaceId === spaceId || (r.kind === 'feed' && r.id.split(',').includes(spaceId))),
        ),
      undefined,
    );
  }

  /**
   * Deletes what is past its age, then the least recently used records
   * until the count and the size are within bounds.
   */
  evict(): Promise<void> {
    return this.run(async () => {
      const records = await this.backend.all();
      const oldest = this.now() - this.limits.maxAgeMs;
      const expired = records.filter((r) => r.savedAt < oldest);
      const kept = records.filter((r) => r.savedAt >= oldest).sort((a, b) => a.usedAt - b.usedAt);
      let count = kept.length;
      let bytes = kept.reduce((sum, r) => sum + r.bytes, 0);
      const evicted: CacheRecord[] = [];
      for (const record of kept) {
        if (count <= this.limits.maxRecords && bytes <= this.limits.maxBytes) break;
        evicted.push(record);
        count -= 1;
        bytes -= record.bytes;
      }
      await this.backend.delete([...expired, ...evicted].map((r) => r.key));
      await this.backend.setMeta(EVICTED_AT, this.now());
    }, undefined);
  }

  /** Waits for every operation queued so far (tests, and before closing). */
  flush(): Promise<void> {
    return this.run(() => Promise.resolve(), undefined);
  }

  close(): void {
    void this.flush().then(() => this.backend.close());
  }

  /**
   * Records of this cache not past their age (undefined in their place
   * otherwise), read in one transaction; their use is noted in one more
   * (least recently used goes first) and those past their age are deleted.
   */
  private async readMany(partition: string, kind: CacheRecordKind, ids: readonly string[]): Promise<(CacheRecord | undefined)[]> {
    const records = await this.backend.getMany(ids.map((id) => cacheKey(partition, kind, id)));
    const now = this.now();
    const expired = records.filter((r): r is CacheRecord => r !== undefined && r.savedAt < now - this.limits.maxAgeMs);
    const fresh = records.map((r) => (r && r.savedAt >= now - this.limits.maxAgeMs ? r : undefined));
    await this.backend.delete(expired.map((r) => r.key));
    await this.backend.put(fresh.flatMap((r) => (r ? [{ ...r, usedAt: now }] : [])));
    return fresh;
  }

  private record(partition: string, kind: CacheRecordKind, id: string, spaceId: string | undefined, value: unknown, now: number): CacheRecord {
    return {
      key: cacheKey(partition, kind, id),
      partition,
      kind,
      id,
      ...(spaceId === undefined ? {} : { spaceId }),
      value,
      bytes: sizeOf(value),
      savedAt: now,
      usedAt: now,
    };
  }

  /** Writes for the confirmed person only: before `me()` answers, nothing is written (it may be someone else). */
  private write(make: (partition: string, now: number) => CacheRecord[]): Promise<void> {
    const partition = this.writePartition;
    if (!partition) return Promise.resolve();
    return this.run(async () => {
      if (this.writePartition !== partition) return;
      const records = make(partition, this.now());
      await this.backend.put(records);
      this.written += records.length;
      if (this.written >= EVICT_EVERY_WRITES) {
        this.written = 0;
        void this.evict();
      }
    }, undefined);
  }

  private async deleteWhere(test: (record: CacheRecord) => boolean): Promise<void> {
    const records = await this.backend.all();
    await this.backend.delete(records.filter(test).map((r) => r.key));
  }

  /** Runs `op` after those queued before it; a failure gives `fallback` (a cache never breaks the page). */
  private run<T>(op: () => Promise<T>, fallback: T): Promise<T> {
    const result = this.queue.then(op).catch(() => fallback);
    this.queue = result;
    return result;
  }
}
