#!/usr/bin/env node
// Builds the Kudos widget as its vendor would, with Rollup: one ES module
// with lit and @ecotone/elements/base bundled in (its own copy: the
// provider's client and the post-extension registry are found across copies
// through shared symbols), into dist/examples/kudos/kudos.js, beside its page
// (index.html and kudos-page.js, copied). `npm run build` runs it through
// scripts/build-examples.mjs, as it builds the framework apps.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import json from '@rollup/plugin-json';
import commonjs from '@rollup/plugin-commonjs';
import esbuild from 'rollup-plugin-esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../../dist/examples/kudos');
const bundle = await rollup({
  input: join(here, 'src/kudos.ts'),
  plugins: [
    // `production`: Lit without its dev-mode warnings.
    nodeResolve({ browser: true, exportConditions: ['production', 'browser', 'import', 'default'] }),
    // The elements' strings ship as JSON modules.
    json({ preferConst: true, compact: true }),
    // The core's uploader (tus-js-client) has CommonJS dependencies, as many packages do.
    commonjs(),
    esbuild({ tsconfig: join(here, 'tsconfig.json'), target: 'es2022', minify: true, sourceMap: true }),
  ],
  onwarn(warning, warn) {
    // TypeBox's internal cycles (through @ecotone/protocol) are tree-shaken away.
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
});
await bundle.write({ file: join(out, 'kudos.js'), format: 'es', sourcemap: true, inlineDynamicImports: true });
await bundle.close();
await mkdir(out, { recursive: true });
// The page last: build-examples.mjs takes an index.html newer than the sources as a finished build.
await copyFile(join(here, 'kudos-page.js'), join(out, 'kudos-page.js'));
await copyFile(join(here, 'index.html'), join(out, 'index.html'));
