/**
 * @ecotone/server: the reference backend of the Ecotone protocol.
 *
 * @packageDocumentation
 */
export { buildApp, startServer, DEFAULT_EVENT_RETENTION, DEFAULT_HEARTBEAT_MS } from './app.js';
export type { AppOptions, ServerOptions, StaticDir, AuthConfig, EventRetention, EgressOptions, EgressMode, EgressLimits, Resolver, SocketFactory, TranslateHook } from './app.js';
export { defaultResolver, defaultSocketFactory, DEFAULT_EGRESS_LIMITS } from './egress/fetcher.js';
export { openSqlite, openPostgres, openDatabase, checkDatabase, DatabaseStartError, migrateToLatest } from './db/database.js';
export { parseDatabaseLocation, type DatabaseLocation } from './db/engine.js';
export type { Database } from './db/schema.js';
export { InProcessEventBus } from './live/bus.js';
export type { EventBus, StoredLiveEvent, LiveEventListener } from './live/bus.js';
export { seedDemo, seedDemoIfEmpty, DEMO_PEOPLE, DEMO_SPACES } from './seed/demo.js';
export type { SeedResult } from './seed/demo.js';
export type { NotifyModule, NotificationRecipient } from './notifications/notify-hook.js';
export { emlDigest, type EmlDigestOptions } from './notifications/eml-digest.js';
