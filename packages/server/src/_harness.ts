/**
 * Test harness: a real server on a random port with a temporary database
 * (a SQLite file, or a PostgreSQL database when the run is on PostgreSQL:
 * ./_test-engine.ts), seeded with the demo organisation, and small fetch helpers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import { sql, SqliteQueryCompiler, type Kysely, type KyselyPlugin } from 'kysely';
import { buildApp, type AppOptions } from './app.js';
import { chooseBallotSecretSource, loadBallotSecret } from './polls/ballot-secret.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import type { Database } from './db/schema.js';
import { seedDemo } from './seed/demo.js';
import { createTestDatabase, TEST_ENGINE } from './_test-engine.js';

export { skipOnPostgres, TEST_ENGINE } from './_test-engine.js';

/** Connections of a test server's pool on PostgreSQL: enough for the concurrency tests, few enough for many servers at once. */
const TEST_POOL_SIZE = 5;
/** How often the server's periodic checks run in a test that counts queries, in ms: not within a test. */
const PERIODIC_CHECKS_WHEN_COUNTING_MS = 3_600_000;

/** Fixed clock of the demo data in tests. */
export const TEST_NOW = new Date('2026-11-27T09:00:00.000Z');

export interface TestServer {
  url: string;
  db: Kysely<Database>;
  /** The SQLite file (for a second connection: bulk generation, EXPLAIN), or the PostgreSQL database's URL. */
  dbPath: string;
  app: FastifyInstance;
  /**
   * A second connection to the database, as the CLI or an operator's tool
   * has: what it commits is not announced on the bus (the server must see
   * it anyway, from its next request).
   */
  cli: () => Kysely<Database>;
  /** The file of the anonymous ballots' key, beside the database as the CLI keeps it (unless a secret was given). */
  ballotSecretFile: string | undefined;
  /** fetch against the server as a demo actor (`as: null` sends no token). */
  api: (path: string, init?: ApiInit) => Promise<Response>;
  json: <T = unknown>(path: string, init?: ApiInit) => Promise<{ status: number; body: T; res: Response }>;
  close: () => Promise<void>;
}

export interface ApiInit extends Omit<RequestInit, 'body'> {
  as?: string | null;
  token?: string;
  body?: unknown;
  /** Send `body` as-is (string) instead of JSON-encoding it. */
  raw?: boolean;
}

/**
 * A Kysely plugin that makes every query yield to the event loop before its
 * result comes back. better-sqlite3 answers synchronously, so without it a
 * request's queries all run before another request's start, and races
 * between concurrent requests (check, then write) can never show in tests.
 */
export const YIELDING_QUERIES: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await new Promise((resolve) => setImmediate(resolve));
    return args.result;
  },
};

/** Every distinct SQL statement a server ran, with the parameters of its first run. */
export interface QueryRecorder {
  plugin: KyselyPlugin;
  statements: Map<string, readonly unknown[]>;
}

/** A Kysely plugin that records the SQL of every query (as SQLite compiles it) for query-plan checks. */
export function recordQueries(): QueryRecorder {
  const compiler = new SqliteQueryCompiler();
  const statements = new Map<string, readonly unknown[]>();
  // Kysely also transforms a subquery when it is built into another query;
  // only what reaches a result was executed on its own.
  const pending = new WeakMap<object, { sql: string; parameters: readonly unknown[] }>();
  return {
    statements,
    plugin: {
      transformQuery: (args) => {
        const compiled = compiler.compileQuery(args.node, args.queryId);
        pending.set(args.queryId, { sql: compiled.sql, parameters: compiled.parameters });
        return args.node;
      },
      transformResult: (args) => {
        const ran = pending.get(args.queryId);
        if (ran && !statements.has(ran.sql)) statements.set(ran.sql, ran.parameters);
        return Promise.resolve(args.result);
      },
    },
  };
}

/**
 * Two instances on one PostgreSQL database (B shares A's), started before
 * the suite's tests and closed after them: `instances.a` and `instances.b`.
 */
export function twoInstances(options: Partial<AppOptions> = {}): { a: TestServer; b: TestServer } {
  const instances = {} as { a: TestServer; b: TestServer };
  beforeAll(async () => {
    instances.a = await startTestServer(options);
    instances.b = await startTestServer({ ...options, sharing: instances.a });
  });
  afterAll(async () => {
    await instances.b?.close();
    await instances.a?.close();
  });
  return instances;
}

export async function startTestServer(
  options: Partial<AppOptions> & {
    seed?: boolean;
    dbPlugins?: readonly KyselyPlugin[];
    /** Another instance on the database of `sharing` (PostgreSQL): nothing is made, seeded or dropped. */
    sharing?: TestServer;
  } = {},
): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ecotone-test-'));
  const { sharing, ...rest } = options;
  options = sharing ? { ...rest, seed: false, ...(sharing.ballotSecretFile ? { ballotSecretFile: sharing.ballotSecretFile } : {}) } : rest;
  // On PostgreSQL, a copy of the seeded template when it would be seeded as
  // it was (seeding costs more there than copying); its secret goes in the file.
  const preSeeded = TEST_ENGINE === 'postgres' && options.seed !== false && options.ballotSecret === undefined && options.ballotSecretFile === undefined;
  const postgres = TEST_ENGINE === 'postgres' && !sharing ? await createTestDatabase({ seeded: preSeeded }) : undefined;
  if (preSeeded) await writeFile(join(dir, 'test.db.ballot-secret'), inject('postgresTestRun').seededBallotSecret, { mode: 0o600 });
  const dbPath = sharing ? sharing.dbPath : postgres ? postgres.url : join(dir, 'test.db');
  const db = openDatabase(dbPath, { poolSize: TEST_POOL_SIZE });
  await migrateToLatest(db);
  const source = chooseBallotSecretSource({
    databasePath: postgres ? undefined : dbPath,
    ballotSecret: options.ballotSecret,
    // In the temporary folder, as the CLI keeps it beside a SQLite file.
    ballotSecretFile: options.ballotSecretFile ?? (postgres && options.ballotSecret === undefined ? join(dir, 'test.db.ballot-secret') : undefined),
  });
  const ballotSecretFile = 'file' in source ? source.file : undefined;
  // The server is given a Kysely instance: it needs the same source as the seed, explicitly.
  if (options.seed !== false && !preSeeded) await seedDemo(db, { now: TEST_NOW, ballotSecret: await loadBallotSecret(db, source) });
  // The clock advances by a millisecond per read so new posts order strictly.
  let tick = 0;
  const { dbPlugins = [], ...appOptions } = options;
  const app = await buildApp({
    auth: { mode: 'dev' },
    now: () => new Date(TEST_NOW.getTime() + ++tick),
    // Per-space retention runs when a test asks (retention/retention.test.ts calls it), never on a timer of its own.
    contentRetention: false,
    // A test that watches the queries (plugins) sees its own, not the periodic
    // checks' (is the database up, was a streaming person deactivated), unless it asks.
    ...(dbPlugins.length > 0 ? { databaseCheckMs: PERIODIC_CHECKS_WHEN_COUNTING_MS, deactivationCheckMs: PERIODIC_CHECKS_WHEN_COUNTING_MS } : {}),
    ...appOptions,
    ...(ballotSecretFile ? { ballotSecretFile } : {}),
    // On PostgreSQL, live events reach the other instances on the database.
    ...(TEST_ENGINE === 'postgres' ? { databaseUrl: dbPath } : {}),
    // The same connection, seen through the plugins.
    db: dbPlugins.reduce((withPlugins, plugin) => withPlugins.withPlugin(plugin), db),
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  const api = (path: string, init: ApiInit = {}) => {
    const { as = 'amelie', token, body, raw, headers, ...rest } = init;
    const h = new Headers(headers);
    const bearer = token ?? (as === null ? undefined : `dev:${as}`);
    if (bearer) h.set('authorization', `Bearer ${bearer}`);
    if (body !== undefined && !h.has('content-type')) h.set('content-type', 'application/json');
    return fetch(url + path, {
      ...rest,
      headers: h,
      ...(body === undefined ? {} : { body: raw ? (body as string) : JSON.stringify(body) }),
    });
  };
  const json = async <T,>(path: string, init?: ApiInit) => {
    const res = await api(path, init);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, res };
  };
  let cli: Kysely<Database> | undefined;
  return {
    url,
    db,
    dbPath,
    app,
    cli: () => (cli ??= openDatabase(dbPath, { poolSize: TEST_POOL_SIZE })),
    ballotSecretFile,
    api,
    json,
    close: async () => {
      await app.close();
      await cli?.destroy();
      await db.destroy();
      await postgres?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every table of the database (on SQLite, FTS5 shadow tables and Kysely's own included). */
export async function tableNames(db: Kysely<Database>): Promise<string[]> {
  const tables =
    TEST_ENGINE === 'postgres'
      ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
      : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db);
  return tables.rows.map((t) => t.name);
}

/** Waits until `check` holds, generously (the machine may be busy), polling every 50 ms. */
export async function until(check: () => Promise<boolean>, what: string, waitMs = 15_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${waitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A change made on another connection, seen by the server: by the next
 * request on SQLite (`data_version`), by a request soon on PostgreSQL,
 * once the notice its commit sends has arrived (db/row-changes.ts).
 */
export async function nowOrSoon(check: () => Promise<boolean>, what: string): Promise<void> {
  if (TEST_ENGINE === 'sqlite') {
    if (!(await check())) throw new Error(`${what}: not by the next request`);
  } else {
    await until(check, what);
  }
}

export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** A live-stream reader over fetch, as the core client does it. */
export async function openEvents(
  server: TestServer,
  init: ApiInit & { query?: string } = {},
): Promise<{
  res: Response;
  next: (match?: (m: SseMessage) => boolean, timeoutMs?: number) => Promise<SseMessage>;
  expectNone: (ms: number, match?: (m: SseMessage) => boolean) => Promise<void>;
  /** Every message received so far, in order, whether or not `next` took it. */
  received: () => readonly SseMessage[];
  close: () => void;
}> {
  const controller = new AbortController();
  const res = await server.api(`/api/v1/events${init.query ?? ''}`, { ...init, signal: controller.signal });
  const messages: SseMessage[] = [];
  const all: SseMessage[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (!fields.has('event')) continue;
          const message = { id: fields.get('id'), event: fields.get('event')!, data: fields.get('data') ?? '' };
          messages.push(message);
          all.push(message);
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted
    }
  })();

  const take = (match: (m: SseMessage) => boolean) => {
    const index = messages.findIndex(match);
    return index >= 0 ? messages.splice(index, 1)[0] : undefined;
  };
  const next = (match: (m: SseMessage) => boolean = () => true, timeoutMs = 3000) =>
    new Promise<SseMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching live event in time')), timeoutMs);
      const check = () => {
        const found = take(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  const expectNone = async (ms: number, match: (m: SseMessage) => boolean = () => true) => {
    await new Promise((r) => setTimeout(r, ms));
    const found = messages.find(match);
    if (found) throw new Error(`unexpected live event ${found.event} ${found.data}`);
  };
  return { res, next, expectNone, received: () => [...all], close: () => controller.abort() };
}
