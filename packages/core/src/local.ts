/**
 * `@ecotone/core/local`: the local backend's classes, for code that wants
 * them statically (a bundler then puts them in the page's bundle). Pages
 * that load it on demand use `openLocalTransport()` or
 * `createClient({ transport: 'local' })` from `@ecotone/core` instead.
 *
 * @module @ecotone/core/local
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
} from './transport/local-transport.js';
export { DEMO_COLLEAGUES, DEMO_SPACE_ID } from './transport/local-demo.js';
export { readSnapshot, SnapshotError, WORLD_SNAPSHOT_FORMAT, WORLD_SNAPSHOT_VERSION, type WorldSnapshot } from './transport/memory-snapshot.js';
