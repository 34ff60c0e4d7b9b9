/**
 * Knowledge-note rights and field rules; a note is seen exactly when its
 * space is readable. Who creates one: `canCreateNote` (spaces.ts).
 */
import { NOTE_TITLE_MAX_CHARS } from '../constants.js';
import { normalizeLabel } from '../labels.js';
import type { ProblemFieldError } from '../wire-types.js';
import type { Role } from '../wire-types.js';
import { isAnnouncer } from './spaces.js';

/** Whether the caller edits every note of a space: its owners and correspondents. */
export function editsEveryNote(role: Role | null): boolean {
  return isAnnouncer(role);
}

/** Whether the caller may edit or delete a note they can read: its owner, or whoever edits every note of the space. */
export function canEditNote(note: { ownerId: string }, viewerId: string, role: Role | null): boolean {
  return note.ownerId === viewerId || editsEveryNote(role);
}

/** Sources must be http(s) URLs: they become links on cards. */
function sourceErrors(urls: readonly string[] | undefined, path: string): ProblemFieldError[] {
  return (urls ?? []).flatMap((url, i) => {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return [];
    } catch {
      // reported below
    }
    return [{ path: `${path}/${i}`, message: 'must be an http or https URL' }];
  });
}

/** A calendar date that exists (the schema only checks its shape). */
function dateErrors(date: string | null | undefined, path: string): ProblemFieldError[] {
  if (!date) return [];
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? [] : [{ path, message: 'is not a date' }];
}

/** A title or tag that is blank once normalised (only invisible characters, say) is refused. */
export function noteLabelErrors(title: string | undefined, tags: readonly string[] | undefined): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  if (title !== undefined && normalizeLabel(title) === '') errors.push({ path: '/body/title', message: 'must not be blank' });
  (tags ?? []).forEach((tag, i) => {
    if (normalizeLabel(tag) === '') errors.push({ path: `/body/tags/${i}`, message: 'must not be blank' });
  });
  return errors;
}

/**
 * Problems of a note's fields beyond their schema (`validation_failed`):
 * blank title or tags, sources that are not http(s) URLs, a review date
 * that does not exist.
 */
export function noteFieldErrors(fields: { title?: string; tags?: readonly string[]; sources?: readonly string[]; reviewBy?: string | null }): ProblemFieldError[] {
  return [
    ...noteLabelErrors(fields.title, fields.tags),
    ...sourceErrors(fields.sources, '/body/sources'),
    ...dateErrors(fields.reviewBy, '/body/reviewBy'),
  ];
}

/** Tags normalised, once each, sorted: a set, so the same tags always read (and diff) the same. */
export function noteTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeLabel))].sort();
}

/** The title of a note promoted from a post without one: the post's first line, Markdown marks dropped, within the limit. */
export function titleFromPostBody(body: string): string {
  const line = body.split('\n').find((l) => l.trim() !== '') ?? '';
  const unmarked = line.replace(/[*_`#>[\]]/g, '');
  // Link targets go, looked for only up to the last `)`: past it none can
  // close, and the expression would read to the end from every `(http`.
  const closed = unmarked.lastIndexOf(')') + 1;
  const plain = normalizeLabel(unmarked.slice(0, closed).replace(/\(https?:\/\/[^)]*\)/g, '') + unmarked.slice(closed));
  const chars = Array.from(plain);
  const title = chars.length <= NOTE_TITLE_MAX_CHARS ? plain : `${chars.slice(0, NOTE_TITLE_MAX_CHARS - 1).join('').trimEnd()}…`;
  return title || 'Untitled';
}
