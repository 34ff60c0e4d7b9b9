#!/usr/bin/env node
// `npm run docs`: the documentation site, static, in dist/docs (served by
// `npm start` at /docs/): the guides (README and docs/*.md), the API reference
// of @ecotone/core and @ecotone/protocol (typedoc) and a page per element
// (from the elements' custom-elements.json). Fails when a public export or an
// element lacks documentation. Self-contained: no third-party asset, no
// inline script or style; every page carries a CSP allowing its own files only.
//
// Usage: node scripts/build-docs.mjs [--out dir]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApiReference } from './docs/api.mjs';
import { definedElements, elementDocProblems, elementPage, eventDetailTypes, manifestElements, renderElementBody, renderElementsIndex } from './docs/elements.mjs';
import { guideImages, listGuides, renderGuide } from './docs/guides.mjs';
import { API_CSP, cspMeta, DOCS_CSS, renderPage } from './docs/layout.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const ELEMENTS = join(ROOT, 'packages/elements');
const started = Date.now();
const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'dist/docs') } } });
const out = resolve(values.out);

/** Stands for the site's root in the API reference's header links, until each page's relative path replaces it. */
const SITE_ROOT = 'ecotone-docs-root:/';

const fail = (lines) => {
  console.error(`Documentation incomplete:\n${lines.map((line) => `  - ${line}`).join('\n')}`);
  process.exit(1);
};

// 1. The elements' manifest, fresh from their JSDoc, and its completeness.
const analyzer = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
const analyzed = spawnSync(process.execPath, [analyzer, 'analyze', '--config', 'custom-elements-manifest.config.mjs'], { cwd: ELEMENTS, encoding: 'utf8' });
if (analyzed.status !== 0) fail([`custom-elements-manifest failed:\n${analyzed.stderr}`]);
const manifest = JSON.parse(readFileSync(join(ELEMENTS, 'custom-elements.json'), 'utf8'));
const details = eventDetailTypes(join(ELEMENTS, 'src/events'));
const elementProblems = elementDocProblems(manifest, definedElements(join(ELEMENTS, 'src')), details);
if (elementProblems.length > 0) fail(elementProblems);
const elements = manifestElements(manifest);

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

// 2. The API reference (typedoc), which fails on an undocumented export.
const api = await buildApiReference({
  out: join(out, 'api'),
  // typedoc writes these as given on every page: made relative to each page below.
  navigationLinks: { Guides: `${SITE_ROOT}index.html`, Elements: `${SITE_ROOT}elements/index.html` },
});
if (!api.ok) fail(api.problems);
keepScriptsInFiles(join(out, 'api'));

// 3. Guides and element pages, with one navigation.
const guides = listGuides(ROOT);
const nav = [
  { title: 'Guides', items: guides.map((g) => ({ title: g.page === 'index.html' ? 'Overview' : g.title, href: g.page })) },
  { title: 'Reference', items: [{ title: 'API (core, protocol)', href: 'api/index.html' }, { title: 'Elements', href: 'elements/index.html' }] },
  { title: 'Elements', items: elements.map((e) => ({ title: `<${e.tagName}>`, href: `elements/${elementPage(e)}` })) },
];
for (const guide of guides) {
  writeFileSync(join(out, guide.page), renderPage({ title: guide.title, body: renderGuide(guide, guides), root: '', nav, current: guide.page }));
}
for (const image of guideImages(ROOT)) {
  const target = join(out, relative('docs', image));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(ROOT, image), target);
}
const exported = JSON.parse(readFileSync(join(ELEMENTS, 'package.json'), 'utf8')).exports;
mkdirSync(join(out, 'elements'));
writeFileSync(join(out, 'elements/index.html'), renderPage({ title: 'Elements', body: renderElementsIndex(elements), root: '../', nav, current: 'elements/index.html' }));
for (const element of elements) {
  // src/feed/feed.component.ts is registered by the package's ./feed.js.
  const folder = element.modulePath.split('/').at(-2);
  const importPath = exported[`./${folder}.js`] ? `@ecotone/elements/${folder}.js` : undefined;
  const page = `elements/${elementPage(element)}`;
  writeFileSync(join(out, page), renderPage({ title: `<${element.tagName}>`, body: renderElementBody(element, details, importPath), root: '../', nav, current: page }));
}
writeFileSync(join(out, 'assets/docs.css'), DOCS_CSS);
copyFileSync(join(ROOT, 'examples/favicon.svg'), join(out, 'assets/favicon.svg'));

console.log(`Documentation site in ${relative(ROOT, out) || out} (${guides.length} guides, ${elements.length} elements, API reference) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

/**
 * typedoc's pages carry one inline script (it restores the reader's theme
 * before the first paint). Moved into a file of its own beside typedoc's
 * other scripts, so the pages work under a CSP without 'unsafe-inline' for
 * scripts; each page also gets that CSP (layout.mjs, API_CSP) and the site's
 * icon, and its header links to the guides and elements are made relative.
 * Any other inline script fails the build.
 */
function keepScriptsInFiles(apiDir) {
  const INLINE_SCRIPT = /<script>([^<]*)<\/script>/g;
  let themeScript;
  const pages = readdirSync(apiDir, { recursive: true }).filter((path) => String(path).endsWith('.html'));
  for (const path of pages) {
    const file = join(apiDir, String(path));
    const prefix = '../'.repeat(String(path).split(sep).length - 1);
    const html = readFileSync(file, 'utf8')
      .replace(INLINE_SCRIPT, (_, script) => {
        if (themeScript !== undefined && script !== themeScript) fail([`${path}: typedoc wrote an unexpected inline script`]);
        themeScript = script;
        return `<script src="${prefix}assets/theme.js"></script>`;
      })
      .replaceAll(SITE_ROOT, `${prefix}../`)
      .replace('<head>', `<head>${cspMeta(API_CSP)}<link rel="icon" href="${prefix}../assets/favicon.svg" type="image/svg+xml">`);
    if (!html.includes(cspMeta(API_CSP))) fail([`${path}: no <head> to put the CSP in`]);
    writeFileSync(file, html);
  }
  if (themeScript !== undefined) writeFileSync(join(apiDir, 'assets/theme.js'), `${themeScript}\n`);
}
