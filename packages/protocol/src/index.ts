/**
 * @ecotone/protocol: the wire contract between Ecotone clients and servers.
 *
 * @packageDocumentation
 */
export * from './schemas.js';
export * from './problems.js';
export * from './routes.js';
