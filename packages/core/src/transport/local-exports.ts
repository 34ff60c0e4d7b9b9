/**
 * Everything of the local backend a page may use, in one module: the source
 * of `local-backend.js` (the self-contained bundle loaded on demand) and of
 * the `@ecotone/core/local` entry, so both give the same classes.
 */
export {
  LocalTransport,
  LOCAL_DATABASE,
  DEFAULT_LOCAL_PERSON,
  LOCAL_SPACE_NAME_MAX_CHARS,
  localActor,
  type LocalPerson,
  type LocalSpaceDraft,
  type LocalTransportOptions,
} from './local-transport.js';
export { DEMO_COLLEAGUES, DEMO_SPACE_ID } from './local-demo.js';
export { readSnapshot, SnapshotError, WORLD_SNAPSHOT_FORMAT, WORLD_SNAPSHOT_VERSION, type WorldSnapshot } from './memory-snapshot.js';
