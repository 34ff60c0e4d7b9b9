import { HttpProblem } from '../errors.js';

/**
 * Search pages are ranked, and a rank is not a stable key (bm25 moves as
 * notes change), so the cursor is an offset. Opaque to clients all the same.
 */
const PREFIX = 'n1:';
/** Deepest offset a cursor may name: searches are for the first pages. */
const OFFSET_MAX = 10_000;

export function encodeSearchCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64url');
}

export function decodeSearchCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  if (!Number.isInteger(offset) || offset < 0 || offset > OFFSET_MAX) {
    throw new HttpProblem('invalid_cursor', 'The cursor is not one this server issued');
  }
  return offset;
}
