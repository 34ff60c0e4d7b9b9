/**
 * @ecotone/protocol: the wire contract between Ecotone clients and servers.
 *
 * Constants, routes and problem codes are plain values; the TypeBox schemas
 * (for validation) are only bundled by code that uses them.
 *
 * @packageDocumentation
 * @module @ecotone/protocol
 */
export * from './constants.js';
export * from './problem-codes.js';
export * from './routes.js';
export * from './schemas.js';
export * from './problems.js';
export * from './knowledge.js';
export * from './search.js';
export * from './rules/index.js';
export * from './labels.js';
export * from './avatars.js';
export * from './first-link.js';
