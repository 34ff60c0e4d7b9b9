import { nodeResolve } from '@rollup/plugin-node-resolve';
import json from '@rollup/plugin-json';
import commonjs from '@rollup/plugin-commonjs';
import esbuild from 'rollup-plugin-esbuild';
import { integrityPlugin } from './scripts/sdk-integrity.mjs';

/**
 * Browser bundles served by `npm start` under /sdk/ from dist/sdk (and
 * measured by scripts/size.mjs), and the same files in the @ecotone/sdk
 * package (packages/sdk/dist), each folder with its `integrity.json`. Input is the compiled elements package, so `tsc -b` runs
 * first. Pages without a build step load these with one <script type=module>.
 */
export const bundlePlugins = () => [
  // `production` drops Lit's dev-mode checks and warnings.
  nodeResolve({ browser: true, exportConditions: ['production', 'es2015', 'browser', 'import', 'default'] }),
  json({ preferConst: true, compact: true }),
  // The uploader's dependencies (tus-js-client's url-parse, combine-errors, lodash.throttle) are CommonJS.
  commonjs(),
  esbuild({ include: /\.[jt]s$/, minify: true, target: 'es2022', sourceMap: true }),
];

/**
 * The backend in the browser (core's LocalTransport), bundled on its own into
 * packages/core/dist/transport/local-backend.js before the SDK: loaded only
 * when a page asks for it, it then shares nothing with the page's bundle but
 * rxjs and core's errors (which the client has anyway, and whose classes must
 * be the client's own for `instanceof`). Bundled with the rest, it would keep
 * in every page's bundle the protocol constants and helpers it uses too.
 */
const localBackend = {
  input: 'packages/core/dist/transport/local-exports.js',
  external: (id) => id === 'rxjs' || id.startsWith('rxjs/') || id === '../errors.js',
  output: { file: 'packages/core/dist/transport/local-backend.js', format: 'es', sourcemap: true },
  plugins: [nodeResolve({ browser: true, exportConditions: ['es2015', 'browser', 'import', 'default'] }), json({ preferConst: true, compact: true })],
};

const sdk = {
  input: {
    // Every element and the core client.
    ecotone: 'packages/elements/dist/index.js',
  },
  // The entry holds the shared code itself (its extra exports serve the lazy
  // chunks) rather than re-exporting it from a hashed chunk: a page that
  // preloads /sdk/ecotone.js gets the code without a second round trip.
  preserveEntrySignatures: 'allow-extension',
  // The same options for both folders, so the same file names and bytes.
  output: ['dist/sdk', 'packages/sdk/dist'].map((dir) => ({
    dir,
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    plugins: [integrityPlugin()],
  })),
  plugins: bundlePlugins(),
  onwarn(warning, warn) {
    // Import cycles inside dependencies are not ours to fix.
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
};

export default [localBackend, sdk];
