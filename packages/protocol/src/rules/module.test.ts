import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as rules from '@ecotone/protocol/rules';

const here = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('@ecotone/protocol/rules', () => {
  it('is a subpath export of the package', () => {
    expect(typeof rules.canReadSpace).toBe('function');
    expect(typeof rules.pollDraftErrors).toBe('function');
  });

  // It runs in browsers: no Node module, and the schemas (TypeBox) for their types only.
  it.each(sources)('%s imports nothing from Node and no schema value', (file) => {
    const imports = readFileSync(`${here}/${file}`, 'utf8').match(/^import .*$/gm) ?? [];
    for (const line of imports) {
      expect(line).not.toMatch(/from '(node:|typebox)/);
      if (line.includes("'../schemas.js'") || line.includes("'../problems.js'")) expect(line).toMatch(/^import type /);
    }
  });
});
