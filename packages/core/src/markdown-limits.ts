/**
 * Deepest nesting kept, counted apart for blocks (quotes and lists inside
 * each other) and for inline spans (emphasis, strikethrough and links inside
 * each other, within one block). A marker that would open one more level
 * stays text, and the rest of the document parses as usual. Each level costs
 * marked one more pass over its content, so the cap also bounds the time.
 *
 * A module of its own, without marked, so that the entry point exports it
 * without loading the parser (see markdown-loader.ts).
 */
export const MARKDOWN_MAX_NESTING = 16;
