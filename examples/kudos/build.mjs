#!/usr/bin/env node
// Builds the Kudos widget as its vendor would, with Rollup: one ES module
// with lit and @ecotone/elements/base bundled in (its own copy: the
// provider's client and the post-extension registry are found across copies
// through shared symbols), into dist/examples/kudos/kudos.js beside its page.
// Run by `npm run build` after the examples are copied.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import json from '@rollup/plugin-json';
import esbuild from 'rollup-plugin-esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = await rollup({
  input: join(here, 'src/kudos.ts'),
  plugins: [
    // `production`: Lit without its dev-mode warnings.
    nodeResolve({ browser: true, exportConditions: ['production', 'browser', 'import', 'default'] }),
    // The elements' strings ship as JSON modules.
    json({ preferConst: true, compact: true }),
    esbuild({ tsconfig: join(here, 'tsconfig.json'), target: 'es2022', minify: true, sourceMap: true }),
  ],
  onwarn(warning, warn) {
    // TypeBox's internal cycles (through @ecotone/protocol) are tree-shaken away.
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
});
await bundle.write({ file: join(here, '../../dist/examples/kudos/kudos.js'), format: 'es', sourcemap: true, inlineDynamicImports: true });
await bundle.close();
