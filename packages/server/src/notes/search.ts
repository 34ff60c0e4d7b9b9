/** Note search as the route runs it (and the benchmark measures it). */
import type { NoteSearchQuery, NoteSearchResult, Role } from '@ecotone/protocol';
import { canModerate } from '@ecotone/protocol/rules';
import type { ServerContext } from '../context.js';
import { noteHighlights } from './highlights.js';
import { noteViews } from './note-view.js';
import { decodeSearchCursor, encodeSearchCursor } from '../search/search-cursor.js';
import { parseQuery } from '../search/stemming.js';

/** Page size when the query names none. */
export const NOTE_SEARCH_DEFAULT_LIMIT = 20;

/**
 * Searches the notes of `readable` spaces only (the caller's readable spaces
 * with their role): nothing else is returned or counted, facets included.
 */
export async function searchVisibleNotes(
  { db, search }: Pick<ServerContext, 'db' | 'search'>,
  viewer: { id: string; readable: ReadonlyMap<string, Role | null> },
  query: NoteSearchQuery,
  now: Date,
): Promise<NoteSearchResult> {
  const offset = query.cursor ? decodeSearchCursor('notes', query.cursor) : 0;
  const limit = query.limit ?? NOTE_SEARCH_DEFAULT_LIMIT;
  const terms = parseQuery(query.q ?? '');
  const searching = terms.terms.length > 0;
  const spaceIds = query.space === undefined ? [...viewer.readable.keys()] : viewer.readable.has(query.space) ? [query.space] : [];
  const page = await search.notes({
    terms: searching ? terms : null,
    spaceIds,
    // Hidden notes: their owner's and the space's owners' only.
    viewer: { id: viewer.id, moderates: spaceIds.filter((id) => canModerate(viewer.readable.get(id) ?? null)) },
    ...(query.tag !== undefined ? { tag: query.tag } : {}),
    ...(query.maturity !== undefined ? { maturity: query.maturity } : {}),
    offset,
    limit,
  });
  const views = await noteViews(db, viewer.id, viewer.readable, page.hits.map((h) => h.note), now);
  return {
    items: views.map((note, i) => ({
      note,
      score: page.hits[i]!.score,
      highlights: searching ? noteHighlights(note, terms) : [],
    })),
    nextCursor: offset + page.hits.length < page.total ? encodeSearchCursor('notes', offset + page.hits.length) : null,
    tags: page.tags,
    total: page.total,
  };
}
