/**
 * Highlights of a note search result: the title, and a snippet of the body
 * around its first match, with the matched words marked.
 */
import type { Locale, NoteHighlight } from '@ecotone/protocol';
import { matchedRanges } from '../search/matched-ranges.js';
import type { QueryTerms } from '../search/stemming.js';

/** Length of a body snippet around its first match, in characters (about). */
export const SNIPPET_CHARS = 200;
/** How much of the snippet comes before the first match, in characters. */
const SNIPPET_LEAD_CHARS = 60;
const ELLIPSIS = '…';

/** The title, and a body snippet around its first match, with matched words as `[start, end)` ranges. */
export function noteHighlights(note: { title: string; body: string; language: Locale }, query: QueryTerms): NoteHighlight[] {
  const highlights: NoteHighlight[] = [
    { field: 'title', text: note.title, ranges: matchedRanges(note.title, note.language, query) },
  ];
  const bodyRanges = matchedRanges(note.body, note.language, query);
  const first = bodyRanges[0];
  if (first) {
    // Cut on whitespace so the snippet starts and ends with whole words.
    let start = Math.max(0, first[0] - SNIPPET_LEAD_CHARS);
    if (start > 0) {
      const space = note.body.indexOf(' ', start);
      start = space >= 0 && space < first[0] ? space + 1 : first[0];
    }
    let end = Math.min(note.body.length, start + SNIPPET_CHARS);
    if (end < note.body.length) {
      const space = note.body.lastIndexOf(' ', end);
      end = space > first[1] ? space : Math.max(end, first[1]);
    }
    const prefix = start > 0 ? ELLIPSIS : '';
    const text = prefix + note.body.slice(start, end) + (end < note.body.length ? ELLIPSIS : '');
    const shift = prefix.length - start;
    highlights.push({
      field: 'body',
      text,
      ranges: bodyRanges.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s + shift, e + shift]),
    });
  }
  return highlights;
}
