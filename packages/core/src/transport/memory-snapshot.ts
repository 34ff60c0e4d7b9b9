/**
 * The serialisable state of a {@link MemoryWorld}: the world export format of
 * `@ecotone/protocol` (`WorldSnapshot`, read by `readSnapshot`), which the
 * reference server imports.
 */
export {
  readSnapshot,
  SnapshotError,
  WORLD_SNAPSHOT_FORMAT,
  WORLD_SNAPSHOT_VERSION,
  type WorldSnapshot,
  type WorldComment,
  type WorldNote,
  type WorldPoll,
  type WorldReactions,
} from '@ecotone/protocol';
