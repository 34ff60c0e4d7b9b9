/**
 * Moderation (docs/protocol.md#moderation): who reports, who sees the queue
 * and hides, who still sees hidden or held content, and the word filter's
 * matcher. The server and the in-process transports both ask these.
 */
import { REPORT_TEXT_MAX_CHARS, WORD_FILTER_MAX_CHARS, WORD_FILTERS_MAX } from '../constants.js';
import type { ProblemFieldError, Role } from '../wire-types.js';

/** Where content stands: `hidden` by an owner, `held` for review by the word filter, or visible (null). */
export type ModerationState = 'hidden' | 'held' | null;

/** Whether the caller moderates a space (sees its queue, hides, restores, releases, sets its word filter): its owners. */
export function canModerate(role: Role | null): boolean {
  return role === 'owner';
}

/**
 * Whether the caller may report content they can read: anyone who reads it,
 * except its author (who may delete it instead).
 */
export function canReport(content: { authorId: string }, viewerId: string): boolean {
  return content.authorId !== viewerId;
}

/** Whether the viewer sees content in this state: everyone while visible; once hidden or held, its author and the space's owners. */
export function seesModerated(content: { authorId: string; moderation: ModerationState | undefined }, viewerId: string, role: Role | null): boolean {
  return content.moderation == null || content.authorId === viewerId || canModerate(role);
}

/** Errors of a report's optional text (the reason is checked by the schema). */
export function reportErrors(report: { text?: string | undefined }): ProblemFieldError[] {
  return report.text !== undefined && report.text.length > REPORT_TEXT_MAX_CHARS
    ? [{ path: '/text', message: `must be at most ${REPORT_TEXT_MAX_CHARS} characters` }]
    : [];
}

/** Errors of a hide request: the reason shown to the author must say something. */
export function hideErrors(request: { reason: string }): ProblemFieldError[] {
  return request.reason.trim() === '' ? [{ path: '/reason', message: 'must not be blank' }] : [];
}

/**
 * Text as the word filter compares it: Unicode NFD with the combining marks
 * removed (accents ignored), then lower case. "Éléphant" and "elephant" fold alike.
 */
export function foldForFilter(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text, folded: runs of letters and digits (an apostrophe or a hyphen separates words). */
function wordsOf(text: string): string[] {
  return foldForFilter(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A word filter as a space sets it: each entry trimmed and its inner spaces
 * collapsed, blanks and duplicates (after folding) removed, in the order given.
 */
export function normalizeWordFilters(words: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const word of words) {
    const clean = word.trim().replace(/\s+/gu, ' ');
    const key = wordsOf(clean).join(' ');
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
  }
  return out;
}

/** Errors of a word filter: at most `WORD_FILTERS_MAX` entries, each with a letter or digit and not too long. */
export function wordFilterErrors(words: readonly string[]): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  if (words.length > WORD_FILTERS_MAX) errors.push({ path: '/words', message: `must have at most ${WORD_FILTERS_MAX} entries` });
  words.forEach((word, i) => {
    if (word.length > WORD_FILTER_MAX_CHARS) errors.push({ path: `/words/${i}`, message: `must be at most ${WORD_FILTER_MAX_CHARS} characters` });
    else if (wordsOf(word).length === 0) errors.push({ path: `/words/${i}`, message: 'must contain a letter or a digit' });
  });
  return errors;
}

/**
 * The filter's entries found in `texts` as whole words (a phrase as
 * consecutive words), case and accents ignored: "cafe" finds "Café" but
 * not "cafeteria". In the filter's order, each once; empty: nothing found.
 */
export function wordFilterMatches(texts: readonly string[], filters: readonly string[]): string[] {
  if (filters.length === 0) return [];
  const streams = texts.map(wordsOf);
  return filters.filter((filter) => {
    const needle = wordsOf(filter);
    if (needle.length === 0) return false;
    return streams.some((words) => {
      for (let i = 0; i + needle.length <= words.length; i++) {
        let all = true;
        for (let j = 0; j < needle.length && all; j++) all = words[i + j] === needle[j];
        if (all) return true;
      }
      return false;
    });
  });
}
