#!/usr/bin/env node
// Bundle-size budgets: builds each scenario as one self-contained, minified
// bundle (everything it imports, nothing else) and checks its gzip size.
// Bytes are deterministic, so unlike timings this belongs in CI.
import { rollup } from 'rollup';
import { gzipSync, constants } from 'node:zlib';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePlugins } from '../rollup.config.js';

const KB = 1024;
const scenarios = [
  {
    name: 'like-button page (eco-provider + eco-like-button + core)',
    code: "import '@ecotone/elements/provider.js';\nimport '@ecotone/elements/like-button.js';\n",
    budgetBytes: 40 * KB,
  },
  {
    name: 'all elements + core',
    code: "import '@ecotone/elements';\n",
    budgetBytes: 75 * KB,
  },
];

let failed = false;
for (const [i, s] of scenarios.entries()) {
  const entry = join(process.cwd(), `.size-entry-${i}.js`);
  writeFileSync(entry, s.code);
  try {
    const bundle = await rollup({ input: entry, plugins: bundlePlugins(), onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    await bundle.close();
    const code = output.map((o) => (o.type === 'chunk' ? o.code : '')).join('');
    const raw = Buffer.byteLength(code);
    const gz = gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length;
    const ok = gz <= s.budgetBytes;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${s.name}: ${(gz / KB).toFixed(1)} KB gzip (${(raw / KB).toFixed(1)} KB minified), budget ${(s.budgetBytes / KB).toFixed(0)} KB`,
    );
  } finally {
    rmSync(entry, { force: true });
  }
}
if (failed) {
  console.error('Bundle budget exceeded.');
  process.exit(1);
}
