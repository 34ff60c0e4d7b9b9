/**
 * The Markdown parser (markdown.ts, on marked), loaded when first needed
 * rather than with the client. marked builds its rules (large regular
 * expressions) when its module is evaluated: 15 ms of the task that
 * evaluates a page's SDK, which a page without posts, comments or notes
 * never needs, and which a page with them needs only once their data has
 * arrived. Bundled, the parser is a chunk of its own that a dynamic import
 * brings in its own task.
 */
import type { markdownWarmUpSteps, parseMarkdown } from './markdown.js';

/** What the loaded parser offers (see markdown.ts). */
export interface MarkdownParser {
  /** Parses a post body into a safe AST, in bounded depth and time whatever the input. */
  parseMarkdown: typeof parseMarkdown;
  /** Steps that compile marked's regular expressions ahead of the first parse, each meant for a task of its own. */
  markdownWarmUpSteps: typeof markdownWarmUpSteps;
}

let loaded: MarkdownParser | undefined;
let loading: Promise<MarkdownParser> | undefined;

/**
 * Loads the Markdown parser once; every call shares the same promise. A load
 * that fails (the chunk could not be fetched) rejects, and the next call
 * tries again. The import starts in a later task, never in the caller's:
 * started while the page evaluates the SDK (an element's definition asks for
 * the parser), a dynamic import added 20 to 30 ms to that task in Chromium.
 *
 * @example
 * const { parseMarkdown } = await loadMarkdown();
 * for (const block of parseMarkdown(post.body)) render(block);
 */
export function loadMarkdown(): Promise<MarkdownParser> {
  return (loading ??= afterThisTask()
    .then(() => import('./markdown.js'))
    .then(
      (parser) => (loaded = parser),
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));
}

/**
 * The parser once loadMarkdown() has resolved, else undefined: for code that
 * must render synchronously and has waited for the load before its first render.
 *
 * @example
 * const blocks = markdownParser()?.parseMarkdown(body) ?? [{ type: 'paragraph', children: [{ type: 'text', text: body }] }];
 */
export function markdownParser(): MarkdownParser | undefined {
  return loaded;
}

/** Resolves in a later task (a timer's). */
function afterThisTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}
