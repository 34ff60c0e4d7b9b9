/**
 * @ecotone/core: the framework-agnostic Ecotone client.
 *
 * @packageDocumentation
 * @module @ecotone/core
 */
export * from './types.js';
export * from './errors.js';
export { createClient } from './client.js';
export { clientFiles } from './files.js';
export { canUpload } from './can-upload.js';
export { clientTalkShows } from './talk-shows.js';
export { clientAudit, type AuditTrail } from './audit.js';
export { clientWatch, opmlOf, type WatchSources } from './watch.js';
export { clientModeration, type Moderation, type ModerationQueueEvent } from './moderation.js';
export { movePost, quotedPostOf } from './quotes.js';
export {
  HttpTransport,
  REQUEST_TIMEOUT_MS,
  RECONNECT_BASE_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
  type HttpTransportOptions,
} from './transport/http-transport.js';
export {
  MemoryTransport,
  type MemorySeed,
  type MemoryFailure,
  type FailNextOptions,
} from './transport/memory-transport.js';
export { MemoryWorld, type MemoryWorldSeed } from './transport/memory-world.js';
export { openLocalTransport } from './transport/local-open.js';
// The class itself is in the `@ecotone/core/local` entry: a static export here would bundle it into every page.
export type { LocalTransport, LocalTransportOptions, LocalPerson, LocalSpaceDraft } from './transport/local-transport.js';
export { readSnapshot, SnapshotError, WORLD_SNAPSHOT_FORMAT, WORLD_SNAPSHOT_VERSION, type WorldSnapshot } from './transport/memory-snapshot.js';
export {
  MemoryOutbox,
  OUTBOX_MAX_ATTEMPTS,
  OUTBOX_RETRY_BASE_DELAY_MS,
  OUTBOX_RETRY_MAX_DELAY_MS,
  type MemoryOutboxOptions,
} from './outbox/memory-outbox.js';
export { newIdempotencyKey } from './outbox/idempotency-key.js';
export { pickVariant, postLanguages, type PickedVariant } from './domain/variants.js';
export { isPollOpen, pollResultsVisible, withBallot } from './domain/poll-state.js';
export { isPinnedAt } from './domain/pin-state.js';
export { EntityStore, type EntityState, type StoredPost, type StoredComment, type UpsertOptions } from './store/entity-store.js';
export {
  negotiateLocale,
  pageLocaleCandidates,
  DEFAULT_LOCALE,
  createI18n,
  CORE_NAMESPACE,
  CORE_STRINGS,
  CORE_ERROR_STRINGS,
  loadErrorStrings,
  type CoreErrorResources,
  addLocaleStrings,
  loadLocaleStrings,
  type LocaleStrings,
  type CoreResources,
  formatRelativeTime,
  formatCount,
  formatDateTime,
  formatFileSize,
  intlWarmUpSteps,
  COMPACT_COUNT_THRESHOLD,
  type DateInput,
} from './i18n/index.js';
export { safeHref } from './safe-href.js';
export { loadMarkdown, markdownParser, type MarkdownParser } from './markdown-loader.js';
export { MARKDOWN_MAX_NESTING } from './markdown-limits.js';
export type { MdBlock, MdInline, MdList, MdListItem, MdHeadingLevel } from './markdown.js';
