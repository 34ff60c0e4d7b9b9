// Element pages, generated from packages/elements/custom-elements.json (which
// the analyzer writes from each class's JSDoc), and the check that every
// element a define module registers is documented there.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { Marked } from 'marked';
import { escapeHtml } from './layout.mjs';

/** `defineElement('eco-x', …)` or `customElements.define('eco-x', …)`: a tag a module registers. */
const DEFINE_CALL = /\b(?:defineElement|customElements\.define)\(\s*['"]([a-z][a-z0-9]*-[a-z0-9-]*)['"]/g;

/** Every TypeScript file under `dir`, tests and test helpers (`_*.ts`) left out. */
function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.startsWith('_') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The tags the modules under `srcDir` register, each with the file that registers it.
 *
 * @returns {{ tag: string, file: string }[]}
 */
export function definedElements(srcDir) {
  const found = [];
  for (const file of sourceFiles(srcDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(DEFINE_CALL)) found.push({ tag: /** @type {string} */ (match[1]), file: relative(srcDir, file) });
  }
  return found.sort((a, b) => a.tag.localeCompare(b.tag));
}

/**
 * An element's declaration in custom-elements.json (the schema's
 * CustomElementDeclaration), with the path of its module.
 *
 * @typedef {{ tagName: string, name: string, modulePath: string, summary?: string, description?: string, attributes?: any[], members?: any[], events?: any[], cssParts?: any[], cssProperties?: any[], slots?: any[] }} ElementDeclaration
 */

/**
 * The manifest's element declarations (those with a tag), with the module each comes from.
 *
 * @param {{ modules: any[] }} manifest
 * @returns {ElementDeclaration[]}
 */
export function manifestElements(manifest) {
  return manifest.modules
    .flatMap((module) => (module.declarations ?? []).map((declaration) => ({ ...declaration, modulePath: module.path })))
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/** Public instance fields of an element (its own and inherited), as the manifest lists them. */
export function publicFields(element) {
  return (element.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public');
}

/** Public instance methods the element itself declares (inherited plumbing such as `emit` is for subclasses). */
export function publicMethods(element) {
  return (element.members ?? []).filter((m) => m.kind === 'method' && !m.static && !m.inheritedFrom && (m.privacy ?? 'public') === 'public');
}

/**
 * What is missing from the documentation of the elements: a registered tag
 * absent from the manifest (its class JSDoc is not right above the class, or
 * has no `@tag`/`@summary`), a summary, a description of an attribute, public
 * property or method, an event without a detail type or description, or an
 * event whose detail type `details` does not know (a plain `Event` has no detail). Empty when all is well.
 *
 * @param {{ modules: any[] }} manifest custom-elements.json
 * @param {{ tag: string, file: string }[]} defined {@link definedElements}
 * @param {Map<string, { detail: string, declaration: string }>} [details] {@link eventDetailTypes}
 * @returns {string[]}
 */
export function elementDocProblems(manifest, defined, details) {
  const problems = [];
  const elements = manifestElements(manifest);
  for (const { tag, file } of defined) {
    if (!elements.some((element) => element.tagName === tag)) problems.push(`<${tag}> (registered in ${file}) is not in custom-elements.json: put its class JSDoc (@tag, @summary, …) right above the class`);
  }
  for (const element of elements) {
    const where = `<${element.tagName}> (${element.name})`;
    if (!element.summary?.trim()) problems.push(`${where} has no @summary`);
    for (const attribute of element.attributes ?? []) {
      if (!attribute.description?.trim()) problems.push(`${where}: attribute "${attribute.name}" has no description`);
    }
    for (const field of publicFields(element)) {
      if (!field.description?.trim()) problems.push(`${where}: property "${field.name}" has no doc comment`);
    }
    for (const method of publicMethods(element)) {
      if (!method.description?.trim()) problems.push(`${where}: method "${method.name}()" has no doc comment`);
    }
    for (const event of element.events ?? []) {
      if (!event.name) {
        problems.push(`${where}: an event has no name`);
        continue;
      }
      if (!event.description?.trim()) problems.push(`${where}: event "${event.name}" has no description`);
      const type = event.type?.text;
      if (!type) problems.push(`${where}: event "${event.name}" has no type (@event {EcoXEvent} ${event.name} - …)`);
      else if (details && type !== 'Event' && !details.has(type)) problems.push(`${where}: event "${event.name}" has type ${type}, which no module of src/events declares`);
    }
    for (const [list, label] of [
      [element.cssParts, 'CSS part'],
      [element.cssProperties, 'CSS custom property'],
      [element.slots, 'slot'],
    ]) {
      for (const item of list ?? []) if (!item.description?.trim()) problems.push(`${where}: ${label} "${item.name || '(default)'}" has no description`);
    }
  }
  return problems;
}

/**
 * The event types of packages/elements/src/events: for each
 * `export type EcoXEvent = CustomEvent<EcoXDetail>`, the detail's name and
 * its declaration as written (with its doc comments), to show on the pages.
 *
 * @returns {Map<string, { detail: string, declaration: string }>}
 */
export function eventDetailTypes(eventsDir) {
  const declarations = new Map();
  const events = new Map();
  for (const file of sourceFiles(eventsDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text.endsWith('Detail')) {
        declarations.set(statement.name.text, statement.getFullText(source).trim());
      }
      if (ts.isTypeAliasDeclaration(statement) && ts.isTypeReferenceNode(statement.type) && statement.type.typeName.getText(source) === 'CustomEvent') {
        const argument = statement.type.typeArguments?.[0];
        if (argument) events.set(statement.name.text, argument.getText(source));
      }
    }
  }
  return new Map([...events].map(([event, detail]) => [event, { detail, declaration: declarations.get(detail) ?? `type ${detail}` }]));
}

/**
 * Inline Markdown of the manifest's texts (backticks, emphasis, links), with
 * any HTML in them shown as text: `<eco-post>` in a description is a name.
 */
const inline = new Marked({ gfm: true, renderer: { html: (token) => escapeHtml(token.text) } });
const md = (text) => (text ? inline.parseInline(String(text).replace(/\s*\n\s*/g, ' ')) : '');
const code = (text) => (text ? `<code>${escapeHtml(text)}</code>` : '');

function table(headings, rows) {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  return `<table><thead><tr>${headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** The page name of an element: `eco-feed.html`. */
export const elementPage = (element) => `${element.tagName}.html`;

/**
 * The body of one element's page. `importPath` is the module a page imports to
 * register it (`@ecotone/elements/feed.js`), or undefined when the package does
 * not export one (an element other elements render).
 */
export function renderElementBody(element, details, importPath) {
  const fields = publicFields(element);
  const sections = [
    `<h1><code>&lt;${escapeHtml(element.tagName)}&gt;</code></h1>`,
    `<p class="summary">${md(element.summary)}</p>`,
    element.description ? `<p>${md(element.description)}</p>` : '',
    importPath
      ? `<pre><code>import '${escapeHtml(importPath)}';          // registers &lt;${escapeHtml(element.tagName)}&gt;
import { ${escapeHtml(element.name)} } from '${escapeHtml(importPath.replace(/\.js$/, '.component.js'))}'; // the class alone</code></pre>`
      : `<p class="muted">Rendered by other elements; the package exports no module of its own for it.</p>`,
    `<h2 id="attributes">Attributes</h2>`,
    table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      (element.attributes ?? []).map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(a.default), md(a.description)]),
    ),
    `<h2 id="properties">Properties</h2>`,
    table(
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      fields.map((f) => [
        code(f.name) + (f.readonly ? ' <span class="muted">(read-only)</span>' : ''),
        code(f.attribute),
        code(f.type?.text),
        code(f.default),
        md(f.description) + (f.inheritedFrom ? ` <span class="muted">(from ${escapeHtml(f.inheritedFrom.name)})</span>` : ''),
      ]),
    ),
    `<h2 id="methods">Methods</h2>`,
    table(
      ['Method', 'Returns', 'Description'],
      publicMethods(element).map((m) => [
        code(`${m.name}(${(m.parameters ?? []).map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type?.text ?? 'unknown'}`).join(', ')})`),
        code(m.return?.type?.text ?? 'void'),
        md(m.description),
      ]),
    ),
    `<h2 id="events">Events</h2>`,
    '<p class="muted">Every event bubbles and crosses shadow roots (<code>composed</code>); its detail is <code>event.detail</code>.</p>',
    table(
      ['Event', 'Type', 'Description'],
      (element.events ?? []).map((e) => [code(e.name), code(e.type?.text), md(e.description)]),
    ),
    ...detailDeclarations(element, details),
    `<h2 id="parts">CSS parts</h2>`,
    table(['Part', 'Description'], (element.cssParts ?? []).map((p) => [code(`::part(${p.name})`), md(p.description)])),
    `<h2 id="css-properties">CSS custom properties</h2>`,
    table(['Property', 'Description'], (element.cssProperties ?? []).map((p) => [code(p.name), md(p.description)])),
    `<h2 id="slots">Slots</h2>`,
    table(['Slot', 'Description'], (element.slots ?? []).map((s) => [s.name ? code(s.name) : '<span class="muted">(default)</span>', md(s.description)])),
  ];
  return sections.filter(Boolean).join('\n');
}

function detailDeclarations(element, details) {
  const shown = new Set();
  const out = [];
  for (const event of element.events ?? []) {
    const known = details.get(event.type?.text);
    if (!known || shown.has(known.detail)) continue;
    shown.add(known.detail);
    out.push(`<h3 id="${escapeHtml(known.detail)}"><code>${escapeHtml(event.type.text)}</code> = <code>CustomEvent&lt;${escapeHtml(known.detail)}&gt;</code></h3>
<pre><code>${escapeHtml(known.declaration)}</code></pre>`);
  }
  return out;
}

/** The body of the elements' index page: each element with its summary. */
export function renderElementsIndex(elements) {
  return `<h1>Elements</h1>
<p>The custom elements of <code>@ecotone/elements</code>, generated from <code>custom-elements.json</code>
(which the package ships, so editors and tools see the same API). Import <code>@ecotone/elements</code>
to register them all, or one element's module to register only that one.</p>
${table(
  ['Element', 'Summary'],
  elements.map((e) => [`<a href="${elementPage(e)}"><code>&lt;${escapeHtml(e.tagName)}&gt;</code></a>`, md(e.summary)]),
)}`;
}
