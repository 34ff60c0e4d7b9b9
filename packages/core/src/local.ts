/**
 * `@ecotone/core/local`: the local backend's classes, for code that wants
 * them statically. Pages that load it on demand use `openLocalTransport()`
 * or `createClient({ transport: 'local' })` from `@ecotone/core` instead;
 * both give the same classes.
 *
 * Its errors of snapshots are `SnapshotError`s (tell them by `name` when the
 * class may come from another copy of the protocol).
 *
 * @module @ecotone/core/local
 */
export * from './transport/local-backend.js';
