// The guides: README.md (the site's home page) and docs/*.md, rendered with
// marked (GitHub-flavoured, with GitHub's heading ids so that `#anchors`
// written for GitHub work here too). A link to another guide points to its
// page (`security.md#tokens` -> `security.html#tokens`), an image to its copy;
// a link to a repository file the site does not hold keeps its text only.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, posix, relative, resolve } from 'node:path';
import { Marked } from 'marked';
import { gfmHeadingId } from 'marked-gfm-heading-id';

/** The order of the guides in the navigation; any other page of docs/ follows, by name. */
const GUIDE_ORDER = ['getting-started', 'protocol', 'conformance', 'security', 'deployment', 'benchmarks', 'architecture', 'contributing'];

/**
 * The guides of the repository at `root`: `{ source, page, title, markdown }`,
 * README first (as `index.html`), then docs/*.md in {@link GUIDE_ORDER}.
 */
export function listGuides(root) {
  const names = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => name.slice(0, -'.md'.length));
  const rank = (name) => (GUIDE_ORDER.includes(name) ? GUIDE_ORDER.indexOf(name) : GUIDE_ORDER.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const guide = (source, page) => {
    const markdown = readFileSync(join(root, source), 'utf8');
    const title = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? basename(source, '.md');
    return { source, page, title, markdown };
  };
  return [guide('README.md', 'index.html'), ...names.map((name) => guide(`docs/${name}.md`, `${name}.html`))];
}

/**
 * Where a link written in the guide `source` (a path relative to the
 * repository) points on the site: a page or image of the site, the same
 * address when it leaves the repository (a URL, an anchor), or null for a
 * repository file that the site does not hold.
 */
export function siteHref(href, source, guides) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) return href;
  const [path, hash] = splitHash(href);
  const target = posix.normalize(posix.join(posix.dirname(source), path));
  const guide = guides.find((g) => g.source === target);
  if (guide) return guide.page + hash;
  if (target.startsWith('docs/images/')) return target.slice('docs/'.length) + hash;
  return null;
}

function splitHash(href) {
  const at = href.indexOf('#');
  return at < 0 ? [href, ''] : [href.slice(0, at), href.slice(at)];
}

/** Renders one guide's Markdown to HTML, its links rewritten by {@link siteHref}. */
export function renderGuide(guide, guides) {
  const marked = new Marked({ gfm: true }, gfmHeadingId());
  marked.use({
    walkTokens(token) {
      if (token.type === 'image') token.href = siteHref(token.href, guide.source, guides) ?? token.href;
    },
    renderer: {
      link(token) {
        const href = siteHref(token.href, guide.source, guides);
        const text = this.parser.parseInline(token.tokens);
        if (href === null) return text;
        return `<a href="${escapeAttr(href)}"${token.title ? ` title="${escapeAttr(token.title)}"` : ''}>${text}</a>`;
      },
    },
  });
  return marked.parse(guide.markdown);
}

function escapeAttr(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The images the guides show (docs/images), as paths relative to the repository. */
export function guideImages(root) {
  const dir = resolve(root, 'docs/images');
  return readdirSync(dir).map((name) => relative(root, join(dir, name)));
}
