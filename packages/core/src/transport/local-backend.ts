/**
 * What `openLocalTransport()`, `createClient({ transport: 'local' })` and the
 * `@ecotone/core/local` entry load. In the built package this file is
 * replaced by a self-contained bundle of `local-exports.js` with everything
 * it uses but rxjs and core's errors (the build's first rollup step,
 * rollup.config.js): a page that never asks for the local backend then keeps
 * none of its code, not even the protocol constants and helpers it would
 * otherwise share with the page's bundle.
 */
export * from './local-exports.js';
