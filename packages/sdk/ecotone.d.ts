/**
 * Types of the SDK bundle (`dist/ecotone.js`): it is `@ecotone/elements`'
 * main entry bundled with its dependencies, so it exports exactly what that
 * entry exports (every element class, `createClient`, `EcotoneError`, …) and
 * registers every element. The bundle itself needs nothing installed; these
 * types need `@ecotone/elements` (an optional peer dependency: install it as a
 * dev dependency to type-check page scripts).
 */
export * from '@ecotone/elements';
