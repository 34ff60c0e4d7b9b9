// The page shell of the guides and element pages: one stylesheet of the
// site's own, no script, no third-party asset, and a Content-Security-Policy
// that allows only the site's own files (the API reference gets the same
// policy: see api.mjs).

/**
 * What every page of the site may load: its own files only. No inline script
 * or style (the API reference's one inline script is moved to a file), and
 * nothing from another origin: the site is read inside closed networks too.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * The API reference's policy: the same, except that typedoc's script adds a
 * `<style>` element (the member filters: inherited, protected, external). Its
 * scripts stay limited to its own files.
 */
export const API_CSP = DOCS_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** `<meta>` form of a policy, placed first in a page's head. */
export const cspMeta = (policy) => `<meta http-equiv="Content-Security-Policy" content="${policy}">`;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * A page of the site. `root` is the relative path from the page to the site's
 * root (`''` or `'../'`), `nav` the sections of the side navigation, each
 * `{ title, items: [{ title, href }] }` with hrefs relative to the root.
 *
 * @param {{ title: string, body: string, root: string, nav: { title: string, items: { title: string, href: string }[] }[], current: string }} page
 */
export function renderPage({ title, body, root, nav, current }) {
  const navHtml = nav
    .map(
      (section) => `<h2>${escapeHtml(section.title)}</h2>
<ul>${section.items
        .map((item) => `<li><a href="${escapeHtml(root + item.href)}"${item.href === current ? ' aria-current="page"' : ''}>${escapeHtml(item.title)}</a></li>`)
        .join('')}</ul>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
${cspMeta(DOCS_CSP)}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Ecotone docs</title>
<link rel="icon" href="${root}assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${root}assets/docs.css">
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site"><a href="${root}index.html">Ecotone documentation</a></header>
<div class="layout">
<nav aria-label="Documentation">
${navHtml}
</nav>
<main id="content">
${body}
</main>
</div>
</body>
</html>
`;
}

/** The site's stylesheet (assets/docs.css): readable text, tables and code, light and dark. */
export const DOCS_CSS = `:root { color-scheme: light dark; --fg: #1d2125; --muted: #5b6570; --bg: #fff; --panel: #f5f7f9; --line: #d9dee3; --link: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ec; --muted: #a4adb6; --bg: #15181b; --panel: #1e2226; --line: #363c42; --link: #7ab7ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
header.site { padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); font-weight: 600; }
header.site a { color: inherit; text-decoration: none; }
.layout { display: flex; align-items: flex-start; }
nav { flex: 0 0 16rem; padding: 1rem 1.5rem; position: sticky; top: 0; max-height: 100vh; overflow: auto; font-size: .95rem; }
nav h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1rem 0 .25rem; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li { margin: .15rem 0; }
nav a[aria-current="page"] { font-weight: 600; color: var(--fg); }
main { flex: 1; min-width: 0; max-width: 60rem; padding: 1rem 2rem 4rem; }
h1, h2, h3, h4 { line-height: 1.25; }
pre { background: var(--panel); border: 1px solid var(--line); padding: .75rem 1rem; overflow: auto; border-radius: 4px; font-size: .9rem; line-height: 1.45; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
:not(pre) > code { background: var(--panel); padding: .05em .3em; border-radius: 3px; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow: auto; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
img { max-width: 100%; height: auto; }
blockquote { margin: 1rem 0; padding: 0 1rem; border-left: 3px solid var(--line); color: var(--muted); }
.summary { font-size: 1.1rem; }
.muted { color: var(--muted); }
@media (max-width: 48rem) { .layout { display: block; } nav { position: static; max-height: none; border-bottom: 1px solid var(--line); } main { padding: 1rem; } }
`;
