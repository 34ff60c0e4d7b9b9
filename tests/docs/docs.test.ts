/**
 * The documentation is complete: every public export of @ecotone/core and
 * @ecotone/protocol has a doc comment (typedoc's validation, as `npm run docs`
 * runs it), and every element a define module registers is in the elements'
 * custom-elements.json with a summary and documented attributes, properties
 * and events. Each check is also shown failing on a fixture.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApiReference } from '../../scripts/docs/api.mjs';
import { definedElements, elementDocProblems, eventDetailTypes, manifestElements } from '../../scripts/docs/elements.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const ELEMENTS = join(ROOT, 'packages/elements');
/** typedoc reads the whole of core and protocol with the TypeScript compiler: tens of seconds on a busy machine. */
const TYPEDOC_TIMEOUT_MS = 240_000;

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecotone-docs-'));
  temporary.push(dir);
  return dir;
}

describe('API reference (typedoc)', () => {
  it('documents every public export of core and protocol, and the members of their classes and interfaces', async () => {
    const result = await buildApiReference();
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  }, TYPEDOC_TIMEOUT_MS);

  it('fails on an export, or a member of an exported interface, without a doc comment', async () => {
    // A package named like core, so that the rule applies to it as it does to core.
    const dir = tempDir();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@ecotone/core', version: '0.0.0', type: 'module' }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: [], noEmit: true }, include: ['src'] }),
    );
    writeFileSync(
      join(dir, 'src/index.ts'),
      [
        '/** Documented. */',
        'export const DOCUMENTED_LIMIT = 1;',
        'export const UNDOCUMENTED_LIMIT = 2;',
        '/** Documented, but one of its members is not. */',
        'export interface Thing {',
        '  /** Documented. */',
        '  documentedField: string;',
        '  undocumentedField: number;',
        '}',
        '/** Documented. */',
        'export function documented(): void {}',
        'export function undocumented(): void {}',
        '',
      ].join('\n'),
    );
    const result = await buildApiReference({ entryPoints: [join(dir, 'src/index.ts')], tsconfig: join(dir, 'tsconfig.json') });
    expect(result.ok).toBe(false);
    const text = result.problems.join('\n');
    expect(text).toMatch(/UNDOCUMENTED_LIMIT \(Variable\).*does not have any documentation/);
    expect(text).toMatch(/Thing\.undocumentedField \(Property\).*does not have any documentation/);
    expect(text).toMatch(/undocumented \(CallSignature\).*does not have any documentation/);
    expect(text).not.toMatch(/\] (DOCUMENTED_LIMIT|Thing\.documentedField|documented) \(/);
  }, TYPEDOC_TIMEOUT_MS);
});

describe('element documentation (custom-elements.json)', () => {
  const details = eventDetailTypes(join(ELEMENTS, 'src/events'));

  it('has every registered element, each with a summary and documented attributes, properties and events', () => {
    // Generated afresh from the classes' JSDoc, as `npm run build` and `npm run docs` do.
    const analyzer = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
    const analyzed = spawnSync(process.execPath, [analyzer, 'analyze', '--config', 'custom-elements-manifest.config.mjs'], { cwd: ELEMENTS, encoding: 'utf8' });
    expect(analyzed.status, analyzed.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(ELEMENTS, 'custom-elements.json'), 'utf8'));
    const defined = definedElements(join(ELEMENTS, 'src'));
    expect(defined.map((d) => d.tag)).toEqual(expect.arrayContaining(['eco-feed', 'eco-provider', 'eco-like-button', 'eco-post']));
    expect(elementDocProblems(manifest, defined, details)).toEqual([]);
    const documented = manifestElements(manifest).map((e) => e.tagName);
    for (const { tag } of defined) expect(documented).toContain(tag);
    // The events' detail types are found, so that the pages show them.
    expect(details.get('EcoLoadMoreEvent')?.detail).toBe('EcoLoadMoreDetail');
    expect(details.get('EcoLoadMoreEvent')?.declaration).toContain('trigger');
  });

  it('fails on a registered element without a manifest entry, a summary, or documented attributes and events', () => {
    const src = tempDir();
    mkdirSync(join(src, 'new-thing'));
    writeFileSync(join(src, 'new-thing/new-thing.ts'), "import { defineElement } from '../base/define.js';\ndefineElement('eco-new-thing', EcoNewThing);\n");
    writeFileSync(join(src, 'new-thing/other.ts'), "customElements.define('eco-other-thing', class extends HTMLElement {});\n");
    const defined = definedElements(src);
    expect(defined.map((d) => d.tag)).toEqual(['eco-new-thing', 'eco-other-thing']);

    const manifest = {
      modules: [
        {
          path: 'src/other/other.component.ts',
          declarations: [
            {
              kind: 'class',
              name: 'EcoOtherThing',
              tagName: 'eco-other-thing',
              customElement: true,
              attributes: [{ name: 'space', fieldName: 'space' }],
              members: [{ kind: 'field', name: 'space', attribute: 'space' }, { kind: 'field', name: 'internal', privacy: 'private' }],
              events: [{ name: 'eco-thing-change', description: 'Changed.' }, { name: 'eco-load-more', type: { text: 'EcoUnknownEvent' }, description: 'More.' }],
              cssParts: [{ name: 'base' }],
            },
          ],
        },
      ],
    };
    const problems = elementDocProblems(manifest, defined, details).join('\n');
    expect(problems).toContain('<eco-new-thing> (registered in new-thing/new-thing.ts) is not in custom-elements.json');
    expect(problems).toContain('<eco-other-thing> (EcoOtherThing) has no @summary');
    expect(problems).toContain('attribute "space" has no description');
    expect(problems).toContain('property "space" has no doc comment');
    expect(problems).not.toContain('"internal"');
    expect(problems).toContain('event "eco-thing-change" has no type');
    expect(problems).toContain('event "eco-load-more" has type EcoUnknownEvent, which no module of src/events declares');
    expect(problems).toContain('CSS part "base" has no description');
  });
});
