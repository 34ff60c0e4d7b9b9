import { HttpProblem } from '../http/errors.js';

/**
 * Search pages are ranked, and a rank is not a stable key (bm25 moves as
 * texts change), so the cursor is an offset. Opaque to clients all the same,
 * and marked with what it pages through: a cursor of note search is no
 * cursor of post search.
 */
const PREFIXES = { notes: 'n1:', posts: 'p1:' } as const;
export type SearchCursorKind = keyof typeof PREFIXES;
/** Deepest offset a cursor may name: searches are for the first pages. */
const OFFSET_MAX = 10_000;

export function encodeSearchCursor(kind: SearchCursorKind, offset: number): string {
  return Buffer.from(`${PREFIXES[kind]}${offset}`, 'utf8').toString('base64url');
}

export function decodeSearchCursor(kind: SearchCursorKind, cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = PREFIXES[kind];
  const offset = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : NaN;
  if (!Number.isInteger(offset) || offset < 0 || offset > OFFSET_MAX) {
    throw new HttpProblem('invalid_cursor', 'The cursor is not one this server issued');
  }
  return offset;
}
