/**
 * Feed pages assembled once for everyone. A page of a company-wide space is
 * read by thousands of people, and all but a few see the same posts with
 * the same counts, polls, previews and variants; what differs is their own
 * part (their reactions, acknowledgements and ballots), a few small
 * queries. So the shared part of a page is kept, keyed by its spaces,
 * cursor and size, and dropped as soon as anything happens in one of its
 * spaces (every committed write publishes a live event on the bus), when
 * time alone changes it (a pin expires, a scheduled post's time comes), or
 * after a second at most (a name that changes).
 *
 * People who may see drafts in those spaces (their owners, and authors of
 * scheduled posts there) never use it: their pages differ in which posts
 * they hold.
 */
import type { SharedPostFacts } from './post-view.js';
import type { PostWithAuthorRow } from './post-repository.js';
import type { EventBus } from '../live/bus.js';

/** The longest a kept page is served without an event, in ms. */
export const FEED_CACHE_TTL_MS = 1_000;
/** Pages kept at most (the least recently used goes first). */
const FEED_CACHE_MAX_ENTRIES = 1_000;
/**
 * Text kept at most, in characters of post bodies and variants (and
 * everyone's reactions, acknowledgements and ballots, see `textOf`): pages
 * of long posts (10,000 characters, three languages) must not let anyone
 * fill the server's memory by asking for many cursors.
 */
const FEED_CACHE_MAX_CHARS = 16 * 1024 * 1024;

/** What every draft-less reader of a page sees alike. */
export interface SharedFeedPage {
  /** The page's rows and one more (whether a next page exists). */
  rows: readonly PostWithAuthorRow[];
  /** Pinned posts on a first page; null on later pages. */
  pinned: readonly PostWithAuthorRow[] | null;
  shared: SharedPostFacts;
  /** When time alone changes the page (ms since the epoch): a pin's end, a scheduled post's time; null if never. */
  changesAt: number | null;
}

interface Entry {
  page: SharedFeedPage;
  /** Characters of text it holds (bodies and variants). */
  chars: number;
  /** The versions of its spaces when it was read. */
  versions: string;
  expiresAt: number;
}

/**
 * `load()`, or the load of `key` already in flight if it started at the same
 * versions (nothing happened in its spaces since): one read for all who ask
 * meanwhile. A failed load fails them all, and the next asks again.
 */
async function once<T>(
  loads: Map<string, { versions: string; promise: Promise<T> }>,
  key: string,
  versions: string,
  load: () => Promise<T>,
): Promise<T> {
  const flight = loads.get(key);
  if (flight && flight.versions === versions) return flight.promise;
  const promise = load();
  loads.set(key, { versions, promise });
  try {
    return await promise;
  } finally {
    if (loads.get(key)?.promise === promise) loads.delete(key);
  }
}

export class FeedCache {
  readonly #versions = new Map<string, number>();
  readonly #entries = new Map<string, Entry>();
  /** Per set of spaces: who has a draft there (they do not share kept pages). */
  readonly #drafts = new Map<string, { authors: ReadonlySet<string> | null; versions: string; expiresAt: number }>();
  #chars = 0;
  /**
   * Loads in flight, by key, with the versions they started at: a reader
   * who comes while the page is being read, with nothing having happened
   * in its spaces since, waits for that read instead of making another.
   * (After a write, every reader of a busy page would otherwise read it
   * again at once: one read per request until one of them is kept.)
   */
  readonly #pageLoads = new Map<string, { versions: string; promise: Promise<SharedFeedPage> }>();
  readonly #draftLoads = new Map<string, { versions: string; promise: Promise<ReadonlySet<string> | null> }>();
  readonly #unsubscribe: () => void;

  /** `now` is the server's clock: time moves the same for the cache as for the queries. */
  constructor(
    bus: EventBus,
    private readonly now: () => Date,
  ) {
    this.#unsubscribe = bus.subscribe(({ spaceId }) => {
      this.#versions.set(spaceId, (this.#versions.get(spaceId) ?? 0) + 1);
    });
  }

  #versionsOf(spaceIds: readonly string[]): string {
    return spaceIds.map((id) => this.#versions.get(id) ?? 0).join(',');
  }

  /**
   * The kept page for `key`, or one read by `load` (and kept if nothing
   * happened in its spaces while it was read).
   */
  async page(key: string, spaceIds: readonly string[], load: () => Promise<SharedFeedPage>): Promise<SharedFeedPage> {
    const versions = this.#versionsOf(spaceIds);
    const kept = this.#entries.get(key);
    if (kept && kept.versions === versions && kept.expiresAt > this.now().getTime()) {
      // Most recently used last.
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return kept.page;
    }
    const page = await once(this.#pageLoads, key, versions, load);
    // An event during the read may or may not be in it: then it is not kept.
    if (this.#versionsOf(spaceIds) === versions) {
      this.#drop(key);
      const chars = textOf(page);
      while (this.#entries.size > 0 && (this.#entries.size >= FEED_CACHE_MAX_ENTRIES || this.#chars + chars > FEED_CACHE_MAX_CHARS)) {
        this.#drop(this.#entries.keys().next().value!);
      }
      const expiresAt = Math.min(this.now().getTime() + FEED_CACHE_TTL_MS, page.changesAt ?? Infinity);
      if (chars <= FEED_CACHE_MAX_CHARS) {
        this.#entries.set(key, { page, chars, versions, expiresAt });
        this.#chars += chars;
      }
    }
    return page;
  }

  /**
   * Who has a draft (a scheduled post not yet announced) in these spaces,
   * as `load` reads it (null: too many to keep), kept like a page: a draft
   * written, scheduled or published there is an event in its space, which
   * drops the answer. Its authors read their own pages, everyone else
   * shares kept ones.
   */
  async draftAuthors(spaceIds: readonly string[], load: () => Promise<ReadonlySet<string> | null>): Promise<ReadonlySet<string> | null> {
    const key = spaceIds.join(',');
    const versions = this.#versionsOf(spaceIds);
    const now = this.now().getTime();
    const kept = this.#drafts.get(key);
    if (kept && kept.versions === versions && kept.expiresAt > now) return kept.authors;
    const authors = await once(this.#draftLoads, key, versions, load);
    if (this.#versionsOf(spaceIds) === versions) {
      this.#drafts.delete(key);
      if (this.#drafts.size >= FEED_CACHE_MAX_ENTRIES) this.#drafts.delete(this.#drafts.keys().next().value!);
      this.#drafts.set(key, { authors, versions, expiresAt: now + FEED_CACHE_TTL_MS });
    }
    return authors;
  }

  /** How many pages and characters are kept (tests). */
  get size(): { pages: number; chars: number } {
    return { pages: this.#entries.size, chars: this.#chars };
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#chars -= entry.chars;
  }

  close(): void {
    this.#unsubscribe();
    this.#entries.clear();
    this.#drafts.clear();
    this.#chars = 0;
  }
}

/** What one kept reaction, acknowledgement or ballot choice counts for, in characters (two ids and a kind). */
const OWN_ROW_CHARS = 64;

/** The characters a page holds: post bodies, variants of those posts, and everyone's own part. */
function textOf(page: SharedFeedPage): number {
  let chars = (page.shared.own?.rows ?? 0) * OWN_ROW_CHARS;
  for (const { post } of [...page.rows, ...(page.pinned ?? [])]) {
    chars += post.body.length;
    for (const variant of page.shared.variants.get(post.id) ?? []) chars += variant.body.length;
  }
  return chars;
}
