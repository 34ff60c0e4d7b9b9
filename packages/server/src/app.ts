import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerAjvFormats, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { API_PREFIX, BODY_LIMIT_BYTES, DEFAULT_REACTION_KINDS, routes } from '@ecotone/protocol';
import { createAuthenticator, type AuthConfig } from './auth/authenticate.js';
import { AvatarPolicy, avatarPolicyPlugin } from './auth/avatar-policy.js';
import { requireAuthentication } from './auth/plugin.js';
import { audit } from './audit/audit-log.js';
import { auditAuthentication } from './audit/auth-audit.js';
import { AuditRetention } from './audit/retention.js';
import { ContentRetention, type ContentRetentionOptions } from './retention/purge.js';
import { auditRoutes } from './audit/audit-routes.js';
import { auditSecretReads } from './audit/secret-reads.js';
import { checkClassification, clearanceHook, clearanceLowered, registerLabelOrder, type ClassificationConfig } from './policy/classification.js';
import { moderationRoutes } from './moderation/moderation-routes.js';
import { checkDevAuthExposure } from './auth/dev-exposure.js';
import type { EventRetention, ServerContext, TranslateHook } from './context.js';
import { checkDatabase, migrateToLatest, openDatabase, watchOtherConnections } from './db/database.js';
import { engineOf, parseDatabaseLocation, type DatabaseLocation } from './db/engine.js';
import { healthRoutes } from './http/health-routes.js';
import { apiPath } from './http/paths.js';
import { searchRunnerFor } from './search/runner.js';
import { FeedCache } from './posts/feed-cache.js';
import { ReaderCache } from './spaces/reader-cache.js';
import { syncDirectoryMemberships } from './spaces/membership-changes.js';
import { ALWAYS_CHANGED, RowChangeNotices, type RowChangeSource } from './db/row-changes.js';
import type { Database } from './db/schema.js';
import { trackConnections } from './http/connections.js';
import { HttpProblem, installErrorHandling } from './http/errors.js';
import { DATABASE_RETRY_AFTER_S, DatabaseWatch } from './db/availability.js';
import { InProcessEventBus, type EventBus } from './live/bus.js';
import { DatabaseEventBus } from './live/database-bus.js';
import { PgEventNotifier } from './live/pg-notifier.js';
import { DatabaseStreamSlots } from './live/stream-slots.js';
import { DEFAULT_DEACTIVATION_CHECK_MS, DEFAULT_MAX_STREAMS_PER_PERSON, LiveHub } from './live/hub.js';
import { installHttpHeaders } from './http/headers.js';
import { DEFAULT_RATE_LIMITS, installRateLimits, longestWindowMs, type RateLimitSettings } from './http/rate-limits.js';
import { databaseRateLimits } from './http/rate-limit-store.js';
import { PollClosingScheduler } from './polls/poll-changes.js';
import { PostPublishingScheduler } from './posts/post-publishing.js';
import { chooseBallotSecretSource, loadBallotSecret } from './polls/ballot-secret.js';
import { EgressGuard, type EgressLimits, type Resolver, type SocketFactory } from './egress/fetcher.js';
import { EgressPolicy, type EgressMode } from './egress/policy.js';
import { LinkPreviewService } from './previews/service.js';
import { listDeactivated } from './people/actor-repository.js';
import { claimSetting } from './db/settings-repository.js';
import { commentRoutes } from './comments/comment-routes.js';
import { talkShowRoutes } from './talk-shows/talk-show-routes.js';
import { watchRoutes } from './watch/watch-routes.js';
import { WatchSources, type WatchOptions } from './watch/watch-service.js';
import { devRoutes } from './people/dev-routes.js';
import { previewImageRoutes, previewRoutes } from './previews/preview-routes.js';
import { eventRoutes } from './live/event-routes.js';
import { Uploads, registerUploadRoutes } from './files/uploads.js';
import { DatabaseFileStore } from './files/database-store.js';
import { registerFileRoutes, registerFileTokenRoute } from './files/file-routes.js';
import { fileTokenKey } from './files/file-token.js';
import { LocalFileStore, type FileStore } from './files/store.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './files/limits.js';
import { notificationRoutes } from './notifications/notification-routes.js';
import { NotificationDelivery, type NotifyModule } from './notifications/notify-hook.js';
import { AckReminderScheduler } from './notifications/reminders.js';
import { NotificationFanout } from './notifications/fanout.js';
import { NoteReviewScheduler } from './notifications/note-review.js';
import { memberRoutes } from './spaces/member-routes.js';
import { meRoutes } from './people/me-routes.js';
import { peopleRoutes } from './people/people-routes.js';
import { noteRoutes } from './notes/note-routes.js';
import { pollRoutes } from './polls/poll-routes.js';
import { postRoutes } from './posts/post-routes.js';
import { announcementRoutes } from './announcements/announcement-routes.js';
import { postSearchRoutes } from './search/post-search-routes.js';
import { reactionRoutes } from './reactions/reaction-routes.js';
import { feedRoutes } from './posts/feed-routes.js';
import { spaceRoutes } from './spaces/space-routes.js';
import { registerStaticDirs, type StaticDir } from './http/static-files.js';

export type { AuthConfig } from './auth/authenticate.js';
export type { EventRetention, TranslateHook } from './context.js';
export type { EgressMode } from './egress/policy.js';
export type { RateLimit, RateLimitClass, RateLimitSettings } from './http/rate-limits.js';
export { DEFAULT_RATE_LIMITS } from './http/rate-limits.js';
export type { EgressLimits, Resolver, SocketFactory } from './egress/fetcher.js';
export type { StaticDir } from './http/static-files.js';

/** Socket and request timeouts of the server, in ms. */
export interface HttpTimeouts {
  /** All of a request's headers must arrive within this (slowloris). */
  headersMs: number;
  /** All of a request, body included, must arrive within this (slow bodies). */
  requestMs: number;
  /** An idle keep-alive socket is closed after this. */
  keepAliveMs: number;
  /** A socket with no traffic at all is closed after this (above the live streams' heartbeat). */
  idleMs: number;
  /** How often the server checks the header and request timeouts. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  idleMs: 120_000,
  checkIntervalMs: 1_000,
};

/** Replay window of the live stream unless configured otherwise. */
export const DEFAULT_EVENT_RETENTION: EventRetention = { maxEvents: 10_000, maxAgeMs: 24 * 60 * 60 * 1000 };
/** Interval of the keep-alive comment on live streams, in ms. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** Random bytes of the key that names preview images. */
const IMAGE_KEY_BYTES = 32;

/** What the server may fetch from other hosts (link previews). */
export interface EgressOptions {
  /** `off` (default): nothing is ever resolved or fetched; `allowlist`: only `allow`; `public`: public unicast addresses and `allow`. */
  mode: EgressMode;
  /** Host names, `*.suffix` names, or CIDR ranges (`10.1.0.0/16`, `::1/128`). */
  allow?: readonly string[];
  /** Connect/total timeouts, byte and redirect limits; the documented defaults otherwise. */
  limits?: Partial<EgressLimits>;
  /** Name resolution (dns.lookup by default); injectable so tests can count lookups. */
  resolver?: Resolver;
  /** Opens sockets to checked addresses; injectable so tests can count connections. */
  socketFactory?: SocketFactory;
}

export interface AppOptions {
  /**
   * A Kysely instance (the caller owns it), or where the database is (the app
   * opens, owns and closes it): a SQLite file path (`sqlite:` prefix
   * optional) or a `postgres://` URL.
   */
  db: Kysely<Database> | string;
  /** Most connections kept open to PostgreSQL when `db` is its URL (default 10). */
  dbPoolSize?: number;
  /**
   * The SQLite file behind a Kysely instance given as `db`: searches then run
   * in a worker thread on a read-only connection to it (search/runner.ts).
   */
  databaseFile?: string;
  /**
   * The `postgres://` URL behind a Kysely instance given as `db`: live events
   * then reach every instance on the database (a connection of its own
   * listens for them, live/pg-notifier.ts). Without it, only this one.
   */
  databaseUrl?: string;
  auth: AuthConfig;
  /** Reaction kinds accepted, in display order. */
  reactionKinds?: readonly string[];
  serveDirs?: readonly StaticDir[];
  /**
   * URL prefixes of served files named by their content hash (`/sdk/chunks/`):
   * cached for a year without revalidation. Other files are revalidated.
   */
  immutablePaths?: readonly string[];
  /** Origins allowed to call the API from a browser; none means same-origin only. */
  corsOrigins?: readonly string[];
  /** Request logging: false (silent), true (info) or a minimum level. */
  logger?: boolean | 'info' | 'warn' | 'error';
  /** Clock, injectable for tests and deterministic seeds. */
  now?: () => Date;
  eventRetention?: Partial<EventRetention>;
  heartbeatMs?: number;
  /** Live event fan-out; in-process unless a multi-node bus is given. */
  bus?: EventBus;
  /**
   * Key of the voter hashes of anonymous polls (at least 32 characters), e.g.
   * from `ECOTONE_BALLOT_SECRET`. It is never stored in the database.
   */
  ballotSecret?: string;
  /**
   * File holding that key (base64url text), created owner-only (mode 0600)
   * when missing; a file others may read is refused. Without this or
   * `ballotSecret`: `<db file>.ballot-secret` when `db` is a path, a key for
   * this process when it is `:memory:`; a Kysely instance needs one of the two.
   */
  ballotSecretFile?: string;
  /** Egress policy of link previews; off unless given. */
  egress?: EgressOptions;
  /** Technology-watch sources: how often each is fetched (never with egress off). */
  watch?: WatchOptions;
  /**
   * The URL browsers reach this server at (e.g. `https://intranet.example/social`),
   * for absolute preview image URLs. Defaults to the address the server
   * listens on, which is right only when browsers use that address.
   */
  publicUrl?: string;
  /**
   * Limits per person and per address on writes, searches, live streams and
   * previews (http/rate-limits.ts); `false` turns them off (tests that
   * hammer one route on purpose).
   */
  rateLimits?: RateLimitSettings | false;
  /** Audit entries older than this many days are deleted, hourly, each deletion recorded (audit/retention.ts); default: kept for good. */
  auditRetentionDays?: number;
  /**
   * When the per-space retention runs (retention/purge.ts): shortly after
   * start, then hourly, deleting what spaces with `ecotone spaces retention`
   * keep no longer. `false`: never in this process (`ecotone retention run`
   * from cron, or another instance, does it).
   */
  contentRetention?: ContentRetentionOptions | false;
  /** Socket and request timeouts; the documented defaults otherwise. */
  timeouts?: Partial<HttpTimeouts>;
  /** Live streams one person may hold open at once (default 5). */
  maxStreamsPerPerson?: number;
  /** How often the streams of deactivated people are looked for, in ms (default 5 s). */
  deactivationCheckMs?: number;
  /** How often the server asks whether its database still answers, in ms (default 2 s): live streams end while it does not. */
  databaseCheckMs?: number;
  /**
   * Machine translation of posts (POST /posts/:post/translations): the
   * administrator's own function, typically a client of an on-premises MT
   * service. None by default: the route answers 501 and nothing is sent.
   */
  translate?: TranslateHook;
  /**
   * Delivery of notifications beyond the page (`--notify-module`): the
   * administrator's module gets each one as it is recorded. None by default:
   * nothing leaves the server.
   */
  notify?: NotifyModule;
  /**
   * https origins (`https://id.example`) whose avatar images readers'
   * browsers may load. Other avatars are dropped (initials show instead),
   * except same-origin paths (`/avatars/ana.png`). None by default.
   */
  avatarOrigins?: readonly string[];
  /**
   * Attachments (docs/attachments.md): `directory` holds unfinished uploads
   * (`uploads/`) and files (`files/`); `uploadDirectory` and `store` replace
   * either; limits per kind and space. Without a directory: beside the
   * SQLite file (`<file>.uploads`, `<file>.files`), or temporary folders
   * removed at close (a database in memory, or one given as a Kysely
   * instance in tests). `inDatabase` keeps the files in the database
   * instead (`--files-store database`: the store several instances share).
   */
  files?: { directory?: string; uploadDirectory?: string; store?: FileStore; inDatabase?: boolean; limits?: FileLimits };
  /**
   * Ids of the people who may read the audit trail (`GET /api/v1/audit`,
   * `<eco-audit-log>`), a server-level role given by the operator
   * (`--auditor`), not by any space. Nobody by default.
   */
  auditors?: readonly string[];
  /**
   * Records every read of a secret space's content in the audit trail
   * (`space.read`, audit/secret-reads.ts; `--audit-secret-reads`). Off by default.
   */
  auditSecretReads?: boolean;
  /**
   * Classification labels, lowest first (docs/security.md#classification;
   * `--classification <file.json>`): spaces carry one, people a clearance
   * from their token, and content never flows down the order. None by
   * default: nothing is classified.
   */
  classification?: ClassificationConfig;
}

/** The SQLite file behind the server's database, if it is one (not in memory, not PostgreSQL). */
function databaseFile(options: Pick<AppOptions, 'db' | 'databaseFile'>): string | undefined {
  const location = typeof options.db === 'string' ? parseDatabaseLocation(options.db) : undefined;
  if (location?.engine === 'postgres') return undefined;
  const path = location ? location.path : options.databaseFile;
  return path === undefined || path === ':memory:' || path.startsWith('file::memory:') ? undefined : path;
}

/**
 * The live event bus: on PostgreSQL, one that every instance on the database
 * shares (events announced with LISTEN/NOTIFY, read from the table); on
 * SQLite, one process is the whole server, and events go from the change to
 * the streams in memory.
 */
async function defaultEventBus(
  db: Kysely<Database>,
  location: DatabaseLocation | undefined,
  databaseUrl: string | undefined,
  log: () => FastifyBaseLogger | undefined,
  rowChanges: RowChangeNotices | undefined,
): Promise<EventBus> {
  const url = location?.engine === 'postgres' ? location.url : databaseUrl;
  if (engineOf(db) !== 'postgres') return new InProcessEventBus();
  if (url === undefined) {
    // Before the logger exists: one line at start.
    console.warn('Live events reach this instance only: PostgreSQL was given without its URL (AppOptions.databaseUrl).');
    return new InProcessEventBus();
  }
  // One listening connection for committed events and changed rows.
  const notifier = new PgEventNotifier(url, {
    onError: (err) => log()?.warn({ err }, 'live events: the listening connection to PostgreSQL failed; retrying'),
    ...(rowChanges ? { rowChanges } : {}),
  });
  // Rows are read on a connection of the bus's own: catching up never waits for the requests' pool.
  const reader = openDatabase(url, { poolSize: 1 });
  return DatabaseEventBus.start(reader, notifier, {
    ownsDb: true,
    onError: (err) => log()?.error({ err }, 'live events: reading committed events failed'),
  });
}

/**
 * What tells the rows kept for readers that they changed elsewhere
 * (db/row-changes.ts): SQLite's `data_version`; on PostgreSQL, the notices
 * the bus's listening connection receives (none kept while it does not
 * listen), or, with a bus given by the caller, nothing kept past one turn.
 */
function rowChangeSource(db: Kysely<Database>, notices: RowChangeNotices | undefined): RowChangeSource {
  if (engineOf(db) !== 'postgres') return { changedElsewhere: watchOtherConnections(db) };
  return notices ?? ALWAYS_CHANGED;
}

/** Builds the server (migrated database, routes, hooks), not yet listening. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const labelOrder = options.classification ? checkClassification(options.classification) : [];
  const ownsDb = typeof options.db === 'string';
  // Before the database: a bad origin refuses to start. Every actor row read through `db` is under the policy.
  const avatars = new AvatarPolicy(options.avatarOrigins ?? []);
  const location = typeof options.db === 'string' ? parseDatabaseLocation(options.db) : undefined;
  const rawDb = typeof options.db === 'string' ? openDatabase(options.db, { poolSize: options.dbPoolSize }) : options.db;
  const db = rawDb.withPlugin(avatarPolicyPlugin(avatars));
  registerLabelOrder(db, labelOrder);
  let startedBus: EventBus | undefined;
  try {
    // Unreachable, refused, or newer than this server: one clear error before anything is written.
    await checkDatabase(db, location);
    await migrateToLatest(db);
    const now = options.now ?? (() => new Date());
    // Before Fastify is created: a refused auth mode must not leave a half-built server.
    // Row notices come with the bus this server starts (it listens for both).
    const rowNotices = !options.bus && engineOf(rawDb) === 'postgres' ? new RowChangeNotices() : undefined;
    const bus = options.bus ?? (startedBus = await defaultEventBus(rawDb, location, options.databaseUrl, () => app.log, rowNotices));
    const readers = new ReaderCache(db, bus, now, rowChangeSource(rawDb, rowNotices));
    const retention = { ...DEFAULT_EVENT_RETENTION, ...options.eventRetention };
    const authenticate = createAuthenticator(options.auth, db, now, avatars, (id) => readers.actor(id), (actorId, grants) =>
      syncDirectoryMemberships({ db, bus, retention, now }, actorId, grants),
    );
    const ballotSecret = await loadBallotSecret(
      db,
      chooseBallotSecretSource({
        databasePath: location?.engine === 'sqlite' ? location.path : undefined,
        ballotSecret: options.ballotSecret,
        ballotSecretFile: options.ballotSecretFile,
      }),
    );
    const egress = options.egress ?? { mode: 'off' };
    // Policy first: a bad allow-list entry refuses to start, before anything is built.
    const egressPolicy = new EgressPolicy(egress.mode, egress.allow ?? []);
    const guard = new EgressGuard({
      policy: egressPolicy,
      ...(egress.limits ? { limits: egress.limits } : {}),
      ...(egress.resolver ? { resolver: egress.resolver } : {}),
      ...(egress.socketFactory ? { socketFactory: egress.socketFactory } : {}),
    });
    // Made on first use: a server with egress off keeps no key it never needs.
    const imageKey = async () =>
      Buffer.from(await claimSetting(db, 'preview_image_key', randomBytes(IMAGE_KEY_BYTES).toString('base64url')), 'base64url');
    const base: Omit<ServerContext, 'polls' | 'publishing' | 'live' | 'reminders' | 'fanout' | 'reviews'> = {
      db,
      ballotSecret,
      egress: egressPolicy,
      previews: new LinkPreviewService({ guard, db, now, imageKey, publicUrl: () => publicUrl() }),
      bus,
      feedCache: new FeedCache(bus, now),
      readers,
      reactionKinds: [...(options.reactionKinds ?? DEFAULT_REACTION_KINDS)],
      auditors: new Set(options.auditors ?? []),
      classification: { labels: options.classification?.labels ?? [], order: labelOrder },
      now,
      retention,
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      apiRoutes: [],
      search: searchRunnerFor(db, databaseFile(options)),
      ...(options.translate ? { translate: options.translate } : {}),
      ...(options.notify ? { notify: new NotificationDelivery(options.notify, db, () => app.log) } : {}),
    };
    // On PostgreSQL, the cap on streams per person counts every instance's.
    const streamSlots = engineOf(db) === 'postgres' ? new DatabaseStreamSlots(db, { onError: (err) => app.log.warn({ err }, 'could not confirm live stream counts') }) : undefined;
    const live = new LiveHub(base, {
      maxStreamsPerPerson: options.maxStreamsPerPerson ?? DEFAULT_MAX_STREAMS_PER_PERSON,
      heartbeatMs: base.heartbeatMs,
      deactivationCheckMs: options.deactivationCheckMs ?? DEFAULT_DEACTIVATION_CHECK_MS,
      streamsToEnd: async (actors) => {
        const ending = await listDeactivated(db, actors.map((a) => a.id));
        if (labelOrder.length > 0) for (const id of await clearanceLowered(db, actors)) ending.add(id);
        return ending;
      },
      log: () => app.log,
      ...(streamSlots ? { slots: streamSlots } : {}),
    });
    const fanout = new NotificationFanout(base, (err) => app.log.error({ err }, 'recording notifications for a space failed; retried at the next scan'));
    const ctx: ServerContext = {
      ...base,
      live,
      polls: new PollClosingScheduler(base, () => fanout),
      publishing: new PostPublishingScheduler(base),
      fanout,
      reminders: new AckReminderScheduler(base, () => fanout),
      reviews: new NoteReviewScheduler(base),
    };
    ctx.watch = new WatchSources(ctx, guard, options.watch);
    // On PostgreSQL, limits count in the database: instances share each person's and address's budget.
    const rateLimitSettings = options.rateLimits ?? DEFAULT_RATE_LIMITS;
    const sharedLimits = rateLimitSettings !== false && engineOf(db) === 'postgres' ? databaseRateLimits(db, longestWindowMs(rateLimitSettings)) : undefined;

    // Read when the first image is stored, so the listening address is known by then.
    const publicUrl = () => options.publicUrl ?? listeningUrl(app.server.address());
    registerAjvFormats();
    const logger = typeof options.logger === 'string' ? { level: options.logger } : (options.logger ?? false);
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const app = Fastify({
      logger,
      bodyLimit: BODY_LIMIT_BYTES,
      // Slow senders are cut off (slowloris, slow bodies), idle keep-alive
      // sockets are closed; live streams stay open (their heartbeat keeps
      // the socket busy, well within idleMs).
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionTimeout: timeouts.idleMs,
      http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    });
    // TypeBox validation: bodies are checked strictly (no coercion, no
    // silent removal of unknown fields); query strings and params are converted.
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    app.decorate('ecotone', ctx);
    // While the database does not answer, live streams end (their clients
    // reconnect with Last-Event-ID) and new ones are refused with 503.
    const databaseWatch = new DatabaseWatch(rawDb, options.databaseCheckMs);
    databaseWatch.onDown(() => ctx.live.closeAll());
    installErrorHandling(app, { onDatabaseUnavailable: () => void databaseWatch.check() });
    const eventsPath = API_PREFIX + apiPath(routes.events);
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.url !== eventsPath || !databaseWatch.down) return;
      await databaseWatch.check();
      if (databaseWatch.down) {
        throw new HttpProblem('unavailable', 'The database cannot be reached; retry shortly', undefined, undefined, {
          'retry-after': String(DATABASE_RETRY_AFTER_S),
        });
      }
    });
    const files = await fileDirectories(options);
    const uploads = new Uploads({
      db,
      directory: files.uploads,
      ...(options.files?.inDatabase ? { uploadsInDatabase: true } : {}),
      store: options.files?.store ?? (options.files?.inDatabase ? new DatabaseFileStore(db, now) : new LocalFileStore(files.store)),
      limits: options.files?.limits ?? DEFAULT_FILE_LIMITS,
      now,
      onError: (err) => app.log.error({ err }, 'collecting abandoned uploads failed'),
    });
    ctx.uploads = uploads;
    // Made on first use, shared by every instance on the database.
    let tokenKey: Promise<Buffer> | undefined;
    const fileDeps = { db, store: () => uploads.store, key: () =>
        (tokenKey ??= fileTokenKey(db).catch((error: unknown) => {
          tokenKey = undefined;
          throw error;
        })),
      now,
    };
    await installHttpHeaders(app, options.corsOrigins ?? []);
    const connections = trackConnections(app.server);
    // Live streams never finish on their own: end them, then drop idle
    // sockets, so close() (and SIGTERM) completes at once.
    const auditRetention = options.auditRetentionDays
      ? new AuditRetention(db, now, options.auditRetentionDays, (error) => app.log.error({ err: error }, 'audit retention failed'))
      : undefined;
    const contentRetention = options.contentRetention === false
      ? undefined
      : new ContentRetention(
          { ...ctx, uploads },
          options.contentRetention ?? {},
          (purged) => app.log.info({ purged }, 'retention: deleted content older than its space keeps'),
          (error) => app.log.error({ err: error }, 'retention: deleting old content failed; retried at the next run'),
        );
    app.addHook('preClose', async () => {
      ctx.live.closeAll();
      connections.closeIdle();
      // Fetches in flight are cancelled; post previews end before the database goes.
      await ctx.previews.close();
    });
    app.addHook('onReady', async () => {
      // Ready once what was due while the server was down is done: polls closed, posts
      // published, reminders and reviews told, space-wide notices left half done finished.
      await Promise.all([ctx.polls.start(), ctx.publishing.start(), ctx.reminders.start(), ctx.reviews.start()]);
      // Feeds are fetched in the background: being ready never waits for another host.
      void ctx.watch?.start();
      await ctx.fanout.start();
      await uploads.start();
      await auditRetention?.start();
      // In the background: a space given a retention over years of content is not in the way of starting.
      contentRetention?.start();
    });
    app.addHook('onClose', async () => {
      // Ends after its current batch, before the database goes.
      await contentRetention?.stop();
      sharedLimits?.close();
      databaseWatch.stop();
      ctx.live.stop();
      await streamSlots?.close();
      ctx.polls.stop();
      ctx.publishing.stop();
      ctx.reminders.stop();
      ctx.reviews.stop();
      ctx.watch?.stop();
      uploads.stop();
      auditRetention?.stop();
      await files.removeTemporary();
      await ctx.fanout.stop();
      await ctx.bus.close();
      await ctx.search.close();
      await ctx.notify?.close();
      ctx.feedCache.close();
      ctx.readers.close();
      if (ownsDb) await db.destroy();
    });

    await app.register(healthRoutes);
    await app.register(
      async (api) => {
        api.addHook('onRoute', (route) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method];
          // HEAD routes are Fastify's own twins of GET routes.
          for (const method of methods.filter((m) => m !== 'HEAD')) {
            ctx.apiRoutes.push({ method, url: route.url });
          }
        });
        // Only JSON is accepted: no form posts or text bodies from other origins.
        api.removeAllContentTypeParsers();
        const parseJson = api.getDefaultJsonParser('error', 'error');
        api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
          // An empty body with a JSON content type (e.g. a PUT from a generic
          // client) is "no body", not malformed JSON; schemas decide if one is needed.
          if (body === '') return done(null, undefined);
          return parseJson(request, body.toString(), done);
        });
        if (options.auth.mode === 'dev') await api.register(devRoutes);
        await api.register(previewImageRoutes);
        await api.register(async (scope) => registerFileRoutes(scope, { ...fileDeps, authenticate }));
        await api.register(async (secured) => {
          requireAuthentication(secured, authenticate, auditAuthentication(db, now), labelOrder.length > 0 ? clearanceHook(db, labelOrder) : undefined);
          if (options.auditSecretReads) auditSecretReads(secured, db, now, [eventsPath]);
          await installRateLimits(secured, rateLimitSettings, ctx.apiRoutes, sharedLimits?.store);
          await secured.register(meRoutes);
          await secured.register(peopleRoutes);
          await secured.register(spaceRoutes);
          await secured.register(feedRoutes);
          await secured.register(memberRoutes);
          await secured.register(postRoutes);
          await secured.register(announcementRoutes);
          await secured.register(postSearchRoutes);
          await secured.register(commentRoutes);
          await secured.register(talkShowRoutes);
          await secured.register(watchRoutes);
          await secured.register(auditRoutes);
          await secured.register(moderationRoutes);
          await secured.register(reactionRoutes);
          await secured.register(pollRoutes);
          await secured.register(previewRoutes);
          await secured.register(noteRoutes);
          await secured.register(eventRoutes);
          await secured.register(notificationRoutes);
          await secured.register(async (scope) => registerUploadRoutes(scope, uploads));
          await secured.register(async (scope) => registerFileTokenRoute(scope, fileDeps));
        });
      },
      { prefix: API_PREFIX },
    );

    await registerStaticDirs(app, options.serveDirs ?? [], options.immutablePaths ?? [], { crossOrigin: (options.corsOrigins ?? []).length > 0 });
    // The configuration it starts with, in the audit trail (no secret: modes and lists only).
    await audit(db, now(), [
      {
        action: 'server.start',
        actorId: null,
        targetType: 'server',
        detail: {
          database: engineOf(db),
          auth: options.auth.mode,
          egress: egress.mode,
          egressAllow: egress.allow ?? [],
          rateLimits: rateLimitSettings !== false,
          cors: options.corsOrigins ?? [],
          auditRetentionDays: options.auditRetentionDays ?? null,
          auditors: [...(options.auditors ?? [])],
          auditSecretReads: options.auditSecretReads ?? false,
          classification: labelOrder,
        },
      },
    ]);
    return app;
  } catch (error) {
    await startedBus?.close();
    if (ownsDb) await db.destroy();
    throw error;
  }
}

/** Where uploads wait and files are kept: beside the SQLite file, or in temporary folders removed at close. */
async function fileDirectories(options: AppOptions): Promise<{ uploads: string; store: string; removeTemporary: () => Promise<void> }> {
  const file = databaseFile(options);
  const configured = options.files?.uploadDirectory;
  const directory = options.files?.directory;
  if (directory) return { uploads: configured ?? join(directory, 'uploads'), store: join(directory, 'files'), removeTemporary: async () => {} };
  if (file) return { uploads: configured ?? `${file}.uploads`, store: `${file}.files`, removeTemporary: async () => {} };
  const temporary = await mkdtemp(join(tmpdir(), 'ecotone-files-'));
  return {
    uploads: configured ?? join(temporary, 'uploads'),
    store: join(temporary, 'files'),
    removeTemporary: () => rm(temporary, { recursive: true, force: true }),
  };
}

/** `http://host:port` of a listening server; an unspecified bind address is reached on loopback. */
function listeningUrl(address: string | AddressInfo | null): string {
  if (address === null || typeof address === 'string') return '';
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Where the server listens unless told otherwise: this machine only. */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';

export interface ServerOptions extends AppOptions {
  port: number;
  /** Defaults to 127.0.0.1: exposing the server is a deliberate choice. */
  host?: string;
  /**
   * Lets `auth: { mode: 'dev' }` listen on an address other than loopback,
   * where anyone who reaches it can act as anyone. Refused without it.
   */
  insecureDevAuthOnNetwork?: boolean;
}

/** Builds and starts the server; resolves with the app and its URL. */
export async function startServer(options: ServerOptions): Promise<{ app: FastifyInstance; url: string }> {
  const host = options.host ?? DEFAULT_LISTEN_HOST;
  // Before anything is built: a refused exposure leaves nothing behind.
  checkDevAuthExposure(options.auth, host, options.insecureDevAuthOnNetwork ?? false);
  const app = await buildApp(options);
  const url = await app.listen({ port: options.port, host });
  return { app, url };
}
