/**
 * `@ecotone/protocol/rules`: the rules of the protocol as pure functions,
 * written once. The reference server enforces them (its guards read the
 * database, then ask these), the in-process transports imitate the server
 * with them, and the elements use them to offer only what a person may do.
 * No clock is read here (every time-dependent rule takes `now`), nothing
 * touches Node or the network, and no schema library is bundled: it runs in
 * browsers as it runs on the server.
 *
 * @packageDocumentation
 * @module @ecotone/protocol/rules
 */
export * from './problem.js';
export * from './spaces.js';
export * from './members.js';
export * from './posts.js';
export * from './extensions.js';
export * from './attachments.js';
export * from './announcements.js';
export * from './polls.js';
export * from './comments.js';
export * from './talk-shows.js';
export * from './watch.js';
export * from './notes.js';
export * from './reads.js';
export * from './live.js';
export * from './people.js';
export * from './people-search.js';
export * from './classification.js';
export * from './capabilities.js';
export * from './moderation.js';
