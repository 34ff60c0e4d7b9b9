/**
 * What every request of a person looks up before it reads anything: who
 * they are, the spaces they belong to and with which role, and the spaces
 * themselves. A page of the intranet makes a few requests at once and a
 * feed is re-read as people scroll, so these rows are read again and
 * again, a few small queries per request, the largest share of a kept feed
 * page's cost. They are kept here, briefly:
 *
 * - a person's memberships are dropped at once when a membership of theirs
 *   changes (every change records a `membership.changed` on the bus, on
 *   every instance once the bus spans several);
 * - on SQLite, everything is dropped as soon as another connection has
 *   committed to the database (`data_version`, read once per turn of the
 *   event loop before a lookup: the CLI deactivating someone, an operator's
 *   tool), so such a change counts from the next request, as it did when
 *   every request read the database;
 * - on PostgreSQL, each changed row is dropped when its notice arrives
 *   (db/row-changes.ts: announced at commit by a trigger, whoever wrote it,
 *   another instance included), milliseconds after the commit; while the
 *   instance does not listen, nothing is kept;
 * - everything is re-read after `READER_CACHE_TTL_MS` at most;
 * - a load that overlaps a change is used once and not kept.
 *
 * The rules (who may read what) stay in policy/authz.ts: this only keeps rows.
 */
import type { Kysely } from 'kysely';
import type { Actor, Role } from '@ecotone/protocol';
import { spaceRowsOf, type SpaceRows } from '../policy/authz.js';
import type { Database } from '../db/schema.js';
import type { EventBus } from '../live/bus.js';
import type { RowChange, RowChangeSource } from '../db/row-changes.js';
import { findActor } from '../people/actor-repository.js';
import { findSpace, type SpaceRecord } from './space-repository.js';

/** The longest a kept row is used without being read again, in ms. */
export const READER_CACHE_TTL_MS = 1_000;
/** Entries kept at most per kind (the least recently used goes first). */
const READER_CACHE_MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  generation: number;
  expiresAt: number;
}

/** One kind of kept row, by key, with its own generations for invalidation. */
class Kept<T> {
  readonly #entries = new Map<string, Entry<T>>();
  /** Per key, a number that changes with each drop (an in-flight load compares it). */
  readonly #generations = new Map<string, number>();
  /** Changes when the generations are forgotten: every in-flight load is then stale. */
  #epoch = 0;

  constructor(private readonly now: () => number) {}

  #generation(key: string): number {
    return this.#epoch * 2 ** 20 + (this.#generations.get(key) ?? 0);
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const generation = this.#generation(key);
    const kept = this.#entries.get(key);
    if (kept && kept.generation === generation && kept.expiresAt > this.now()) return kept.value;
    const value = await load();
    // A change while it was read: used by this request, not kept.
    if (this.#generation(key) === generation) {
      this.#entries.delete(key);
      if (this.#entries.size >= READER_CACHE_MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, { value, generation, expiresAt: this.now() + READER_CACHE_TTL_MS });
    }
    return value;
  }

  drop(key: string): void {
    this.#entries.delete(key);
    // Generations only matter while a load is in flight: past a bound they are
    // forgotten at once, and the new epoch makes every load in flight stale.
    if (this.#generations.size >= READER_CACHE_MAX_ENTRIES) this.clear();
    this.#generations.set(key, ((this.#generations.get(key) ?? 0) + 1) % 2 ** 20);
  }

  /** Forgets everything, loads in flight included. */
  clear(): void {
    this.#entries.clear();
    this.#generations.clear();
    this.#epoch += 1;
  }
}

/** Rows kept for reads (see above); writes read the database as it is now. */
export class ReaderCache implements SpaceRows {
  readonly #actors: Kept<Actor | undefined>;
  readonly #roles: Kept<ReadonlyMap<string, Role>>;
  readonly #spaces: Kept<SpaceRecord | undefined>;
  readonly #unsubscribe: (() => void)[];
  /** Where the kept rows come from. */
  readonly #rows: SpaceRows;

  constructor(
    private readonly db: Kysely<Database>,
    bus: EventBus,
    now: () => Date,
    /** What tells of changes made elsewhere (db/row-changes.ts). */
    private readonly changes: RowChangeSource,
  ) {
    this.#rows = spaceRowsOf(db);
    const ms = () => now().getTime();
    this.#actors = new Kept(ms);
    this.#roles = new Kept(ms);
    this.#spaces = new Kept(ms);
    this.#unsubscribe = [
      bus.subscribe(({ event }) => {
        if (event.type === 'membership.changed') this.#roles.drop(event.actorId);
        else if (event.type === 'space.capabilities') this.#spaces.drop(event.spaceId);
      }),
      changes.subscribe?.((change) => this.#changed(change)) ?? (() => {}),
    ];
  }

  #changed({ table, key }: RowChange): void {
    if (table === 'actors') this.#actors.drop(key);
    else if (table === 'memberships') this.#roles.drop(key);
    else this.#spaces.drop(key);
  }

  /** Whether other connections were asked about in this turn of the event loop already. */
  #asked = false;

  /**
   * Drops everything if another connection committed. Asked once per turn of
   * the event loop (a few microseconds): the requests of one turn arrived
   * together, and a commit elsewhere during it counts from the next.
   */
  async #fresh(): Promise<void> {
    if (this.#asked) return;
    this.#asked = true;
    setImmediate(() => (this.#asked = false));
    if (await this.changes.changedElsewhere()) {
      this.#actors.clear();
      this.#roles.clear();
      this.#spaces.clear();
    }
  }

  /** The person with this id (deactivated ones too: the caller decides). */
  async actor(id: string): Promise<Actor | undefined> {
    await this.#fresh();
    const actor = await this.#actors.get(id, () => findActor(this.db, id));
    // Someone unknown may be provisioned by their next request: not kept.
    if (!actor) this.#actors.drop(id);
    return actor;
  }

  /** The person's role in each space they belong to. */
  async roles(actorId: string): Promise<ReadonlyMap<string, Role>> {
    await this.#fresh();
    return this.#roles.get(actorId, () => this.#rows.roles(actorId));
  }

  /** The spaces with these ids, by id (unknown ids are absent). */
  async spaces(ids: readonly string[]): Promise<ReadonlyMap<string, SpaceRecord>> {
    await this.#fresh();
    const found = new Map<string, SpaceRecord>();
    for (const id of ids) {
      const space = await this.#spaces.get(id, () => findSpace(this.db, id));
      if (space) found.set(id, space);
    }
    return found;
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#actors.clear();
    this.#roles.clear();
    this.#spaces.clear();
  }
}
