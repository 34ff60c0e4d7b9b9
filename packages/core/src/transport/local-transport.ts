/**
 * `LocalTransport`: the whole protocol in the browser, with no server. A
 * {@link MemoryWorld} (the in-memory backend, deciding with the server's
 * rules) whose state is kept in IndexedDB after each write, so it survives
 * reloads, and shared by the tabs of the origin:
 *
 * - every write runs under a Web Lock (`navigator.locks`) named after the
 *   database, after loading any newer state another tab saved, and saves
 *   the whole world (a versioned snapshot) with a new revision before the
 *   lock is released: two tabs never write over each other;
 * - a BroadcastChannel tells the other tabs (and other transports on the same
 *   database) of the new revision, with the live events of that write
 *   shaped for each person, so their elements update at once;
 * - reads load the newer state first when another tab saved one.
 *
 * Where IndexedDB is missing or refused (private browsing, Node without
 * fake-indexeddb) it runs in memory and never throws; without Web Locks
 * (Node) writes are serialised within the page only.
 *
 * Loaded only on demand (`createClient({ transport: 'local' })`,
 * `openLocalTransport()`, or the `@ecotone/core/local` entry).
 */
import { wrap, type IDBPDatabase } from 'idb';
import { DEFAULT_REACTION_KINDS, spacePath, type Actor, type LiveEvent, type Space } from '@ecotone/protocol';
import { BehaviorSubject, Observable, Subject, share } from 'rxjs';
import { EcotoneError } from '../errors.js';
import type { ConnectionStatus, Transport, TransportRequest } from '../types.js';
import { seedDemo } from './local-demo.js';
import { readSnapshot, type WorldSnapshot } from './memory-snapshot.js';
import { MemoryWorld, type MemoryWorldSeed } from './memory-world.js';
import { fail } from './memory-routing.js';

/** The routes of talk-shows' question queues (`/posts/:post/questions`, `/questions/:question/…`). */
const TALK_SHOW_PATH = /\/(posts\/[^/]+\/questions|questions\/[^/]+\/(vote|state))$/;

/** The IndexedDB database of the local backend, unless another name is given. */
export const LOCAL_DATABASE = 'ecotone-local';
/** The schema version of that database (one object store, `state`). */
const DATABASE_VERSION = 1;
const STATE_STORE = 'state';
/** Key of the stored world: `{ revision, snapshot }`. */
const WORLD_KEY = 'world';
/** Key of the stored revision alone, read before each request to tell whether another tab wrote. */
const REVISION_KEY = 'revision';
/** The person of a local backend when none is given. */
export const DEFAULT_LOCAL_PERSON: Actor = { id: 'local', displayName: 'Local person', locale: 'en' };
/** Longest name of a space made with {@link LocalTransport.createSpace}, in characters. */
export const LOCAL_SPACE_NAME_MAX_CHARS = 80;

/** Who a local transport acts as: a name, or an actor (its id derived from the name when absent). */
export type LocalPerson = string | (Partial<Actor> & Pick<Actor, 'displayName'>);

/** Options of {@link LocalTransport}. */
export interface LocalTransportOptions {
  /** The IndexedDB database (default `ecotone-local`): transports on the same name share one world. */
  database?: string;
  /** Who this transport acts as (default: one local person, id `local`). */
  person?: LocalPerson;
  /**
   * What an empty database starts with: `'demo'` (a space with colleagues,
   * posts, a poll, a comment and a note, in `person`'s language), a
   * {@link WorldSnapshot} (e.g. an export), or a {@link MemoryWorldSeed}.
   * Default: nothing but the person. Ignored when the database has a world.
   */
  seed?: 'demo' | WorldSnapshot | MemoryWorldSeed;
  /** Reaction kinds of a new world (default the reference server's). */
  reactionKinds?: readonly string[];
  /** The IndexedDB to use (default `globalThis.indexedDB`; tests pass a fake-indexeddb factory). */
  indexedDB?: IDBFactory;
}

/** What {@link LocalTransport.createSpace} takes. */
export interface LocalSpaceDraft {
  /** Its name, 1 to 80 characters. */
  name: string;
  /** What it is for (default empty). */
  description?: string;
  /** Who reads it: `open` (default), `private` or `secret`. */
  visibility?: Space['visibility'];
  /** Its language (default the person's). */
  locale?: Space['locale'];
  /** The site it belongs to, if any. */
  site?: string;
  /** The space's id (letters, digits, `-` and `_`); default derived from the name. */
  id?: string;
}

/** What one write tells the other transports of the database. */
interface ChangeMessage {
  revision: number;
  /** The write's live events, each shaped for the person who receives it. */
  events: { actorId: string; event: LiveEvent }[];
}

interface StoredWorld {
  revision: number;
  snapshot: WorldSnapshot;
}

/** Writes of transports without Web Locks, serialised per database within this page. */
const pageQueues = new Map<string, Promise<unknown>>();

/** An id made of a name: lower case, accents dropped, `-` between words. */
function slug(name: string, fallback: string): string {
  const base = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return base || fallback;
}

/** The actor a {@link LocalPerson} names. */
export function localActor(person: LocalPerson | undefined): Actor {
  if (person === undefined) return { ...DEFAULT_LOCAL_PERSON };
  const given = typeof person === 'string' ? { displayName: person } : person;
  const displayName = given.displayName.trim() || DEFAULT_LOCAL_PERSON.displayName;
  return {
    ...given,
    id: given.id ?? slug(displayName, DEFAULT_LOCAL_PERSON.id),
    displayName,
    locale: given.locale ?? DEFAULT_LOCAL_PERSON.locale,
  };
}

/**
 * One person's connection to the local backend: a {@link Transport} for
 * `createClient`, with what a prototype needs beyond the protocol (make a
 * space, add a person, act as another, export the world).
 *
 * @example
 * const transport = await openLocalTransport({ person: 'Ada', seed: 'demo' });
 * const client = createClient({ transport });
 * const file = await transport.exportBlob(); // JSON the server imports: `ecotone import`
 */
export class LocalTransport implements Transport {
  /** Live events meant for this person: from its own writes and from every other tab's. */
  readonly events$: Observable<LiveEvent>;
  /** `connected` while someone listens to `events$`, `idle` otherwise: there is no connection to lose. */
  readonly status$: Observable<ConnectionStatus>;
  /** The person this transport acts as. */
  readonly actor: Actor;
  /** The in-memory backend holding the current state (reloaded when another tab saves a newer one). */
  readonly world: MemoryWorld;
  /** Resolves once the stored world is loaded (or seeded); requests wait for it. */
  readonly ready: Promise<void>;
  /** The IndexedDB database name. */
  readonly database: string;

  private readonly live = new Subject<LiveEvent>();
  private readonly status = new BehaviorSubject<ConnectionStatus>('idle');
  private readonly options: LocalTransportOptions;
  private db: IDBPDatabase | undefined;
  private channel: BroadcastChannel | undefined;
  /** Revision of the state the world holds: -1 until loaded, or when it may differ from the stored one. */
  private revision = -1;
  /**
   * This transport's turns on its world, one at a time: a reload of the
   * stored state never lands between a write and its save, nor under a read.
   */
  private turns: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: LocalTransportOptions = {}) {
    this.options = options;
    this.database = options.database ?? LOCAL_DATABASE;
    this.actor = localActor(options.person);
    this.world = new MemoryWorld({ spaces: [], posts: [], reactionKinds: [...(options.reactionKinds ?? DEFAULT_REACTION_KINDS)] });
    // This person's events, from the world this transport holds (its own writes); other tabs' come by the channel.
    this.world.listen(this.actor.id, (event) => this.live.next(structuredClone(event)));
    this.status$ = this.status.asObservable();
    this.events$ = new Observable<LiveEvent>((subscriber) => {
      this.status.next('connected');
      const subscription = this.live.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.status.next('idle');
      };
    }).pipe(share());
    this.ready = this.open();
  }

  /** Another person's transport on the same database (for prototypes with several personas). */
  withPerson(person: LocalPerson): LocalTransport {
    const { seed: _seed, ...options } = this.options;
    return new LocalTransport({ ...options, person });
  }

  /** Answers one request as the server would answer this person; a write is saved before it resolves. */
  async request<T>(req: TransportRequest): Promise<T> {
    await this.ready;
    // Its saved world has no room for question queues: talk-shows are refused rather than lost on reload.
    if (TALK_SHOW_PATH.test(req.path) || (req.method === 'POST' && (req.body as { kind?: unknown } | undefined)?.kind === 'talk_show')) {
      throw new EcotoneError('talk_shows_unsupported', 'This local backend keeps no talk-shows');
    }
    if (req.method === 'GET') return this.turn(async () => (await this.refresh(), this.answer<T>(req)));
    return this.write(() => this.answer<T>(req));
  }

  /** The world's answer to this person, a copy of it. */
  private async answer<T>(req: TransportRequest): Promise<T> {
    if (req.signal?.aborted) throw new EcotoneError('aborted', 'Request aborted');
    return structuredClone(await this.world.answer(this.actor, req)) as T;
  }

  /** Everyone the local world knows, by name. */
  async people(): Promise<Actor[]> {
    await this.ready;
    await this.turn(() => this.refresh());
    return [...this.world.store.people.values()].map((p) => structuredClone(p)).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** Adds a person (or updates their name, site, language) so that owners can add them to spaces, or act as them. */
  async addPerson(person: LocalPerson): Promise<Actor> {
    const actor = localActor(person);
    await this.ready;
    await this.write(async () => this.world.addPerson(actor));
    return actor;
  }

  /**
   * Creates a space that this person owns (the protocol has no route for it:
   * on a server, administrators make spaces). Its id comes from the name,
   * made unique; a given `id` that is taken answers `conflict`.
   */
  async createSpace(draft: LocalSpaceDraft): Promise<Space> {
    const name = typeof draft?.name === 'string' ? draft.name.trim() : '';
    if (name.length === 0 || name.length > LOCAL_SPACE_NAME_MAX_CHARS) {
      throw fail('validation_failed', 'A space needs a name', [{ path: '/name', message: `1 to ${LOCAL_SPACE_NAME_MAX_CHARS} characters` }]);
    }
    if (draft.id !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(draft.id)) {
      throw fail('validation_failed', 'Bad space id', [{ path: '/id', message: 'letters, digits, - and _, up to 64' }]);
    }
    await this.ready;
    const id = await this.write(async () => {
      let id = draft.id ?? slug(name, 'space');
      for (let n = 2; draft.id === undefined && this.world.store.spaces.has(id); n++) id = `${slug(name, 'space')}-${n}`;
      this.world.createSpace(
        {
          id,
          name,
          description: draft.description?.trim() ?? '',
          visibility: draft.visibility ?? 'open',
          locale: draft.locale ?? this.actor.locale,
          ...(draft.site ? { site: draft.site } : {}),
          role: null,
          canPublish: false,
        },
        this.actor,
      );
      return id;
    });
    return this.answer<Space>({ method: 'GET', path: spacePath(id) });
  }

  /** The whole local world (see {@link WorldSnapshot}), as it is now in the database. */
  async exportWorld(): Promise<WorldSnapshot> {
    await this.ready;
    return this.turn(async () => (await this.refresh(), this.world.snapshot()));
  }

  /** The whole local world as JSON: the file `ecotone import` reads. */
  async exportJson(): Promise<string> {
    return JSON.stringify(await this.exportWorld(), null, 2);
  }

  /** The whole local world as a JSON file, e.g. for a download link. */
  async exportBlob(): Promise<Blob> {
    return new Blob([await this.exportJson()], { type: 'application/json' });
  }

  /**
   * Replaces the whole local world with a snapshot (an export, as an object or
   * JSON): every tab reloads it (`stream.reset`). Throws a `SnapshotError`
   * and changes nothing when it cannot be read.
   */
  async replaceWorld(source: WorldSnapshot | string): Promise<void> {
    const snapshot = readSnapshot(source);
    await this.ready;
    await this.write(async () => {
      this.world.restore(snapshot);
      this.world.addPerson(this.actor);
    }, true);
  }

  /** Stops the live events and lets go of the database and the channel. */
  close(): void {
    this.closed = true;
    this.status.next('idle');
    this.live.complete();
    this.channel?.close();
    this.channel = undefined;
    void this.ready.then(() => this.db?.close());
  }

  /** Opens the database, loads the stored world, or seeds an empty one; never rejects (memory fallback). */
  private async open(): Promise<void> {
    this.db = await this.openDatabase();
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(`ecotone-local:${this.database}`);
      this.channel.onmessage = (message: MessageEvent<ChangeMessage>) => this.received(message.data);
    }
    await this.exclusive(() => this.turn(async () => {
      await this.refresh();
      const empty = this.revision <= 0;
      if (empty) this.seed();
      const known = this.world.store.people.get(this.actor.id);
      if (empty || !known || known.displayName !== this.actor.displayName) {
        this.world.addPerson(this.actor);
        await this.save([]);
      }
    }));
  }

  private async openDatabase(): Promise<IDBPDatabase | undefined> {
    const factory = this.options.indexedDB ?? globalThis.indexedDB;
    if (!factory) return undefined;
    try {
      // Opened on the given factory (idb's openDB would take the global one), then wrapped by idb.
      const request = factory.open(this.database, DATABASE_VERSION);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STATE_STORE)) request.result.createObjectStore(STATE_STORE);
      };
      const db = await wrap(request);
      if (!db) return undefined;
      // Someone deletes the database (clearing the site's data) or upgrades it: let go at once rather than block them;
      // this transport goes on in memory with what it holds.
      db.addEventListener('versionchange', () => {
        db.close();
        if (this.db === db) this.db = undefined;
      });
      return db;
    } catch {
      // Refused (private browsing, a blocked upgrade): the world lives in memory.
      return undefined;
    }
  }

  /** Fills the empty world with the seed asked for. */
  private seed(): void {
    const seed = this.options.seed;
    if (seed === 'demo') seedDemo(this.world, this.actor, this.actor.locale);
    else if (seed && 'format' in seed) this.world.restore(seed);
    else if (seed) this.world.restore(new MemoryWorld(seed).snapshot());
  }

  /**
   * Runs a write under the database's lock: loads any newer state first,
   * applies the write, saves the world and tells the others with the events
   * the write made for each person. A failed write reloads the stored state
   * next time (nothing of it is saved).
   */
  private write<T>(apply: () => Promise<T>, reset = false): Promise<T> {
    return this.exclusive(() => this.turn(async () => {
      await this.refresh();
      const events: ChangeMessage['events'] = [];
      const stops = [...this.world.store.people.keys()].map((actorId) =>
        this.world.listen(actorId, (event) => events.push({ actorId, event: structuredClone(event) })),
      );
      let result: T;
      try {
        result = await apply();
      } catch (error) {
        if (this.db) this.revision = -1;
        throw error;
      } finally {
        for (const stop of stops) stop();
      }
      if (reset) {
        for (const actorId of this.world.store.people.keys()) events.push({ actorId, event: { type: 'stream.reset' } });
        this.live.next({ type: 'stream.reset' });
      }
      try {
        await this.save(events);
      } catch (error) {
        // Not saved (the disk is full, the database went away): the write did not happen, for this tab as for the others.
        this.revision = -1;
        throw fail('unavailable', `The browser did not save the change: ${error instanceof Error ? error.message : String(error)}`);
      }
      return result;
    }));
  }

  /** Saves the world with the next revision and tells the other transports. */
  private async save(events: ChangeMessage['events']): Promise<void> {
    const revision = Math.max(this.revision, 0) + 1;
    const snapshot = this.world.snapshot();
    if (this.db) {
      const tx = this.db.transaction(STATE_STORE, 'readwrite');
      const record: StoredWorld = { revision, snapshot };
      await Promise.all([tx.store.put(record, WORLD_KEY), tx.store.put(revision, REVISION_KEY), tx.done]);
    }
    this.revision = revision;
    this.channel?.postMessage({ revision, events } satisfies ChangeMessage);
  }

  /** Loads the stored world when another transport saved a newer one than the world holds. */
  private async refresh(): Promise<void> {
    if (!this.db) {
      this.revision = Math.max(this.revision, 0);
      return;
    }
    const stored = (await this.db.get(STATE_STORE, REVISION_KEY)) as number | undefined;
    if (stored === undefined) {
      this.revision = 0;
      return;
    }
    if (stored === this.revision) return;
    const record = (await this.db.get(STATE_STORE, WORLD_KEY)) as StoredWorld | undefined;
    if (!record) return;
    this.world.restore(record.snapshot);
    this.revision = record.revision;
  }

  /** Another tab wrote: load its state, then deliver the events meant for this person, in order. */
  private received(message: ChangeMessage): void {
    void this.ready.then(() =>
      this.turn(async () => {
        if (this.closed) return;
        await this.refresh().catch(() => undefined);
        for (const { actorId, event } of message.events) if (actorId === this.actor.id && !this.closed) this.live.next(event);
      }),
    );
  }

  /** Runs `task` when this transport's previous turns on its world are over. */
  private turn<T>(task: () => Promise<T>): Promise<T> {
    const run = this.turns.then(task, task);
    this.turns = run.catch(() => undefined);
    return run;
  }

  /** Runs `task` alone among the writers of this database: every tab's with Web Locks, else this page's. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const name = `ecotone-local:${this.database}`;
    const locks = typeof navigator === 'object' ? (navigator as Navigator | undefined)?.locks : undefined;
    if (locks) return locks.request(name, task) as Promise<T>;
    const run = (pageQueues.get(name) ?? Promise.resolve()).then(task, task);
    pageQueues.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  }
}
