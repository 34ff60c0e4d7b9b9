/**
 * `@ecotone/protocol/schemas`: the TypeBox schemas of every resource, request
 * and live event, for code that validates or serialises (the reference
 * server, the conformance suite). Each schema is exported with its static
 * type of the same name, which equals the plain type of the main entry.
 *
 * This entry needs `typebox` (an optional peer dependency of this package:
 * install it beside `@ecotone/protocol` to use this entry).
 *
 * @packageDocumentation
 */
export * from './schemas.js';
export * from './problems.js';
export * from './knowledge.js';
export * from './search.js';
export * from './watch.js';
export * from './moderation.js';
