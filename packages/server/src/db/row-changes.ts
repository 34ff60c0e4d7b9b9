/**
 * How an instance learns that rows it keeps for readers (spaces/reader-cache.ts:
 * people, memberships, spaces) were changed by someone else: another
 * instance, the CLI, an operator's tool.
 *
 * - SQLite: one file, one server process. `data_version` tells, once per turn
 *   of the event loop, that another connection committed
 *   (db/database.ts `watchOtherConnections`); everything is then dropped.
 * - PostgreSQL: a trigger on each of the three tables announces every changed
 *   row on the `ecotone_changes` channel when its transaction commits
 *   (migration 0014), as `<table>:<key>`; the instance's listening connection
 *   (live/pg-notifier.ts) hands each notice here, and the cache drops that
 *   row. While the listening connection is down, notices may be lost: every
 *   turn then counts as changed (nothing is kept), and once it is back,
 *   everything kept before is dropped.
 */

/** The PostgreSQL channel on which changed rows of the tables below are announced. */
export const ROW_CHANGES_CHANNEL = 'ecotone_changes';

/** The tables whose rows are announced, and the column each notice names. */
export const ANNOUNCED_TABLES = { actors: 'id', memberships: 'actor_id', spaces: 'id' } as const;
export type AnnouncedTable = keyof typeof ANNOUNCED_TABLES;

/** One changed row: the people row with this id, this person's memberships, or this space. */
export interface RowChange {
  table: AnnouncedTable;
  key: string;
}

/** What a cache of rows asks. */
export interface RowChangeSource {
  /**
   * Whether anything may have changed that no notice named, since last
   * asked: then everything kept is dropped. Asked once per turn of the
   * event loop.
   */
  changedElsewhere(): boolean | Promise<boolean>;
  /** Each changed row, as its notice arrives (absent: only `changedElsewhere` tells). */
  subscribe?(listener: (change: RowChange) => void): () => void;
}

/** Every turn counts as changed: nothing is kept past one (PostgreSQL without a listening connection). */
export const ALWAYS_CHANGED: RowChangeSource = { changedElsewhere: () => true };

/** Parses a notice's payload (`actors:priya`); undefined for anything else. */
export function parseRowChange(payload: string): RowChange | undefined {
  const colon = payload.indexOf(':');
  if (colon < 0) return undefined;
  const table = payload.slice(0, colon);
  if (!Object.hasOwn(ANNOUNCED_TABLES, table)) return undefined;
  return { table: table as AnnouncedTable, key: payload.slice(colon + 1) };
}

/**
 * The notices of one listening connection, for the caches of the instance.
 * Until the connection listens (and whenever it is lost), every turn counts
 * as changed; the first turn after it listens again drops everything kept.
 */
export class RowChangeNotices implements RowChangeSource {
  readonly #listeners = new Set<(change: RowChange) => void>();
  #listening = false;
  /** Set when listening starts: what was kept before may have missed notices. */
  #resumed = false;

  changedElsewhere(): boolean {
    if (!this.#listening) return true;
    const resumed = this.#resumed;
    this.#resumed = false;
    return resumed;
  }

  subscribe(listener: (change: RowChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The listening connection listens (at start, or again after a loss). */
  listening(): void {
    this.#listening = true;
    this.#resumed = true;
  }

  /** The listening connection is lost: notices may be missed until it listens again. */
  lost(): void {
    this.#listening = false;
  }

  /** A notice's payload, as received. */
  noticed(payload: string): void {
    const change = parseRowChange(payload);
    if (!change) return;
    for (const listener of this.#listeners) listener(change);
  }
}
