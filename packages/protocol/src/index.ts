/**
 * @ecotone/protocol: the wire contract between Ecotone clients and servers.
 *
 * Constants, routes, problem codes and the shared rules are plain values; the
 * types of every resource (`Post`, `Actor`, `LiveEvent`, …) are plain
 * TypeScript types. Nothing here imports TypeBox: browser clients install and
 * bundle none of it. The TypeBox schemas the server validates and serialises
 * with are exported by `@ecotone/protocol/schemas` (which needs the optional
 * peer dependency `typebox`).
 *
 * @packageDocumentation
 * @module @ecotone/protocol
 */
export * from './constants.js';
export * from './problem-codes.js';
export * from './routes.js';
export type * from './wire-types.js';
export * from './rules/index.js';
export * from './labels.js';
export * from './avatars.js';
export * from './first-link.js';
export * from './world-snapshot.js';
