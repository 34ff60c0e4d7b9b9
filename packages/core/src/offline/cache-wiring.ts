/**
 * The read cache wired to a client, loaded on first use (dynamic import from
 * client.ts: a like-button page never downloads it). Feeds ask it for their
 * cached first page and give it each fresh one; posts the person saw are
 * kept current (reactions, votes) as the store changes; the caller's
 * identity, sign-out and lost spaces purge it.
 */
import { Subscription } from 'rxjs';
import type { Comment, FeedPage, KnowledgeNote, Me, Post } from '@ecotone/protocol';
import type { ClientCore } from '../client-core.js';
import { toEcotoneError } from '../errors.js';
import { serverKeyOf } from './cache-db.js';
import { ReadCache, type CachedComments, type CachedFeedPage } from './read-cache.js';

/** Changes to posts in the store are written this long after the last one (ms): a burst of live events makes one write. */
export const CACHE_WRITE_DELAY_MS = 1_000;

/** What the client and its feeds use of the read cache. */
export interface CacheWiring {
  readonly cache: ReadCache;
  /** A feed's cached first page, or undefined. */
  feedPage(feedKey: string): Promise<CachedFeedPage | undefined>;
  /** A fresh first page of a feed: kept, and its posts followed. */
  saveFeedPage(feedKey: string, page: FeedPage): void;
  /**
   * A post being fetched: its saved copy goes into the store meanwhile (if
   * the store has none). Resolves with the fresh post (kept and followed);
   * undefined when the server could not be reached but the copy shows;
   * rejects with the fetch's error otherwise (403/404 forget it).
   */
  fetchPost(postId: string, fetched: Promise<Post>): Promise<Post | undefined>;
  /** As {@link fetchPost}, for a knowledge note shown by id (`showCopy` puts the saved copy into the store). */
  fetchNote(noteId: string, fetched: Promise<KnowledgeNote>, showCopy: (note: KnowledgeNote) => void): Promise<KnowledgeNote | undefined>;
  /** A cached post put into the store when the store has none yet; undefined when none is cached. */
  hydratePost(postId: string): Promise<Post | undefined>;
  /** A live event says the caller left or was removed from a space: forget it, and its feeds ask again (the server now refuses them). */
  membershipEnded(spaceId: string): void;
  /** A thread's cached first page, or undefined. */
  commentsPage(postId: string): Promise<CachedComments | undefined>;
  /** A thread's fresh first page. */
  saveCommentsPage(postId: string, items: readonly Comment[], nextCursor: string | null): void;
  /** The server refused a space (403/404, or the caller's membership ended): forget it. */
  spaceLost(spaceId: string): void;
  /** The server answered 404 (`refused` false) or 403 (`refused` true) for a post: forget it, and its space on 403. */
  postLost(postId: string, refused: boolean, spaceId?: string): void;
  /** The caller according to the server; another person than the cached one purges the old one first. */
  confirmPerson(me: Me): Promise<void>;
  /** Sign-out: forgets this server's person and what they saw. */
  clear(): Promise<void>;
  /** Writes what is pending now (tests, before closing). */
  flush(): Promise<void>;
  close(): void;
}

/** Feeds the wiring can tell to drop what they show from the cache (another person signed in). */
interface DroppableFeed {
  dropCached?(): void;
}

/**
 * Sign-outs still clearing the device, by server (module state, shared by the
 * page's clients): a client made meanwhile, the next person's, opens its cache
 * only once the previous person's is gone.
 */
const clearing = new Map<string, Promise<void>>();

/** Builds the read cache of a client (its server from `options`: base URL, or a given transport). */
export async function attach(core: ClientCore, options: { baseUrl?: string; transport?: unknown }): Promise<CacheWiring> {
  const server = serverKeyOf(options);
  const previous = clearing.get(server);
  // Attached to clear (a sign-out): clients attached after this one wait for it, from now on.
  const signingOut = core.clearingOffline?.then(() => undefined);
  if (signingOut) {
    clearing.set(server, signingOut);
    void signingOut.then(() => {
      if (clearing.get(server) === signingOut) clearing.delete(server);
    });
  }
  await previous;
  const cache = await ReadCache.open(server);
  return new Wiring(core, cache);
}

/** A post written as its feed page brought it: the store's version (which may have moved since) is written next. */
const FROM_PAGE = Symbol('from page');

class Wiring implements CacheWiring {
  /** Posts followed, with the version last written (undefined: none yet). */
  private readonly followed = new Map<string, Post | typeof FROM_PAGE | undefined>();
  /** Posts put into the store from the cache: removed if another person turns out to be signed in. */
  private readonly hydrated = new Set<string>();
  /** Notes put into the store from the cache, likewise. */
  private readonly hydratedNotes = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: Subscription;

  constructor(
    private readonly core: ClientCore,
    readonly cache: ReadCache,
  ) {
    // Writes wait for the confirmed person (see ReadCache.write); ask now rather than on some later call.
    core.me().then(
      (me) => this.confirmPerson(me),
      () => undefined,
    );
    this.subscription = core.store.select((s) => s).subscribe(() => this.schedule());
  }

  async feedPage(feedKey: string): Promise<CachedFeedPage | undefined> {
    const page = await this.cache.feed(feedKey);
    // The feed shows the copy of posts the store lacks (the server may have answered first: those are fresh).
    const known = this.core.store.snapshot.posts;
    if (page) for (const post of [...page.pinned, ...page.items]) if (!known[post.id]) this.noteHydrated(post);
    return page;
  }

  saveFeedPage(feedKey: string, page: FeedPage): void {
    const posts = [...(page.pinned ?? []), ...page.items];
    for (const post of posts) {
      this.follow(post.id);
      // Fresh from the server for the person signed in now.
      this.hydrated.delete(post.id);
    }
    void this.cache.saveFeed(feedKey, page);
    // The store may already hold newer versions (an optimistic like): those are written next.
    for (const post of posts) this.followed.set(post.id, FROM_PAGE);
    this.schedule();
  }

  async fetchPost(postId: string, fetched: Promise<Post>): Promise<Post | undefined> {
    const saved = this.hydratePost(postId);
    try {
      const post = await fetched;
      this.hydrated.delete(postId);
      // Written as the server sent it; the store's version (the client upserts it next) follows.
      this.followed.set(postId, FROM_PAGE);
      void this.cache.savePosts([post]);
      this.schedule();
      return post;
    } catch (err) {
      const error = toEcotoneError(err);
      const copy = await saved;
      if (error.status === 403 || error.status === 404) this.postLost(postId, error.status === 403, copy?.spaceId);
      else if (copy) return undefined;
      throw error;
    }
  }

  async fetchNote(noteId: string, fetched: Promise<KnowledgeNote>, showCopy: (note: KnowledgeNote) => void): Promise<KnowledgeNote | undefined> {
    const saved = this.cache.note(noteId).then((note) => {
      if (note && !this.core.store.snapshot.notes[noteId]) {
        showCopy(note);
        this.hydratedNotes.add(noteId);
      }
      return note;
    });
    try {
      const note = await fetched;
      this.hydratedNotes.delete(noteId);
      void this.cache.saveNote(note);
      return note;
    } catch (err) {
      const error = toEcotoneError(err);
      const copy = await saved;
      if (error.status === 403 || error.status === 404) {
        void this.cache.removeNote(noteId);
        if (error.status === 403 && copy) this.spaceLost(copy.spaceId);
      } else if (copy) {
        return undefined;
      }
      throw error;
    }
  }

  membershipEnded(spaceId: string): void {
    this.spaceLost(spaceId);
    for (const [key, feed] of this.core.feeds) if (key.split(',').includes(spaceId)) void feed.refresh();
  }

  async hydratePost(postId: string): Promise<Post | undefined> {
    const post = await this.cache.post(postId);
    if (!post || this.core.store.snapshot.posts[postId]) return undefined;
    this.core.upsertPosts([post]);
    this.noteHydrated(post);
    return post;
  }

  commentsPage(postId: string): Promise<CachedComments | undefined> {
    return this.cache.comments(postId);
  }

  saveCommentsPage(postId: string, items: readonly Comment[], nextCursor: string | null): void {
    void this.cache.saveComments(postId, this.core.store.snapshot.posts[postId]?.spaceId, items, nextCursor);
  }

  spaceLost(spaceId: string): void {
    for (const [id] of this.followed) if (this.core.store.snapshot.posts[id]?.spaceId === spaceId) this.followed.delete(id);
    void this.cache.purgeSpace(spaceId);
  }

  postLost(postId: string, refused: boolean, knownSpaceId?: string): void {
    const spaceId = knownSpaceId ?? this.core.store.snapshot.posts[postId]?.spaceId;
    this.followed.delete(postId);
    void this.cache.removePosts([postId]);
    // 403: the space is closed to the caller now, not only the post (a 404 may be a deleted post).
    if (refused && spaceId) this.spaceLost(spaceId);
  }

  async confirmPerson(me: Me): Promise<void> {
    const switched = await this.cache.confirmPerson(me);
    if (!switched) return;
    // The previous person's copy never stays on screen for the new one.
    const hydrated = new Set(this.hydrated);
    const notes = new Set(this.hydratedNotes);
    this.hydrated.clear();
    this.hydratedNotes.clear();
    for (const id of hydrated) this.followed.delete(id);
    this.core.store.update((state) => {
      const next = { ...state, posts: { ...state.posts }, notes: { ...state.notes } };
      for (const id of hydrated) delete next.posts[id];
      for (const id of notes) delete next.notes[id];
      return next;
    });
    for (const feed of this.core.feeds.values()) (feed as DroppableFeed).dropCached?.();
  }

  async clear(): Promise<void> {
    this.followed.clear();
    this.hydrated.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    const server = this.cache.server;
    // Not chained to an entry already there: that may be this very sign-out (see attach).
    const done = this.cache.clearPerson();
    clearing.set(server, done);
    await done;
    if (clearing.get(server) === done) clearing.delete(server);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writeChanged();
    await this.cache.flush();
  }

  close(): void {
    this.subscription.unsubscribe();
    void this.flush().finally(() => this.cache.close());
  }

  private follow(postId: string): void {
    if (!this.followed.has(postId)) this.followed.set(postId, undefined);
  }

  private noteHydrated(post: Post): void {
    this.hydrated.add(post.id);
    this.followed.set(post.id, this.core.store.getPost(post.id) ?? post);
  }

  private schedule(): void {
    if (this.timer !== undefined || this.followed.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeChanged();
    }, CACHE_WRITE_DELAY_MS);
  }

  /** Writes the followed posts that changed in the store since last written; forgets those deleted. */
  private writeChanged(): void {
    const changed: Post[] = [];
    const gone: string[] = [];
    const state = this.core.store.snapshot;
    for (const [id, written] of this.followed) {
      const post = this.core.store.getPost(id, state);
      if (!post) {
        // Only posts written once and gone since were deleted; others were never loaded here.
        if (written) gone.push(id);
        continue;
      }
      if (post !== written) {
        changed.push(post);
        this.followed.set(id, post);
        this.hydrated.delete(id);
      }
    }
    for (const id of gone) this.followed.delete(id);
    if (changed.length) void this.cache.savePosts(changed);
    if (gone.length) void this.cache.removePosts(gone);
  }
}
