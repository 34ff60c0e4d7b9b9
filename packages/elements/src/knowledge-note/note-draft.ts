/**
 * The edit form of `<eco-knowledge-note>` as plain data: the draft as typed,
 * what it changes, how it is checked and how it survives someone else's save.
 * No DOM, no client: the element's NoteEditController drives it.
 */
import {
  NOTE_BODY_MAX_CHARS,
  NOTE_SOURCES_MAX,
  NOTE_TAGS_MAX,
  NOTE_TITLE_MAX_CHARS,
  type KnowledgeNote,
  type Locale,
  type NoteMaturity,
  type NotePatch,
} from '@ecotone/protocol';
import type { MessageKey } from '../locales/locales.js';

/** Same rule as the protocol's NoteTag. */
const TAG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}-]{1,40}$/u;

/** The edit form's fields, as typed. */
export interface Draft {
  title: string;
  body: string;
  language: Locale;
  tags: string;
  sources: string;
  maturity: NoteMaturity;
  reviewBy: string;
}
export type Field = keyof Draft;
export type Changes = Omit<NotePatch, 'baseRevision'>;

/** Why a field is refused: a message key of the `elements` namespace and its values. */
export interface FieldProblem {
  key: MessageKey;
  values?: Record<string, string | number>;
}
export type FieldProblems = Partial<Record<Field, FieldProblem>>;

/** The form filled with a note. */
export function draftOf(note: KnowledgeNote): Draft {
  return {
    title: note.title,
    body: note.body,
    language: note.language,
    tags: note.tags.join(', '),
    sources: note.sources.map((s) => s.url).join('\n'),
    maturity: note.maturity,
    reviewBy: note.reviewBy ?? '',
  };
}

/** The tags typed, comma-separated, lower-cased. */
export const tagsOf = (draft: Draft): string[] =>
  draft.tags
    .split(',')
    .map((t) => t.trim().toLocaleLowerCase())
    .filter(Boolean);

/** The source URLs typed, one a line. */
export const sourcesOf = (draft: Draft): string[] =>
  draft.sources
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The fields of `draft` that differ from `note`. */
export function changesFrom(draft: Draft, note: KnowledgeNote): Changes {
  const changes: Changes = {};
  if (draft.title.trim() !== note.title) changes.title = draft.title.trim();
  if (draft.body !== note.body) changes.body = draft.body;
  if (draft.language !== note.language) changes.language = draft.language;
  const tags = tagsOf(draft);
  if (!sameList(tags, note.tags)) changes.tags = tags;
  const sources = sourcesOf(draft);
  if (!sameList(sources, note.sources.map((s) => s.url))) changes.sources = sources;
  if (draft.maturity !== note.maturity) changes.maturity = draft.maturity;
  const reviewBy = draft.reviewBy || null;
  if (reviewBy !== note.reviewBy) changes.reviewBy = reviewBy;
  return changes;
}

/** The draft with every field it did not change since `from` taken from `onto`. */
export function rebase(draft: Draft, from: KnowledgeNote, onto: KnowledgeNote): Draft {
  const before = draftOf(from);
  const theirs = draftOf(onto);
  const rebased = { ...draft };
  for (const field of Object.keys(draft) as Field[]) {
    if (draft[field] === before[field]) (rebased as Record<Field, string>)[field] = theirs[field];
  }
  return rebased;
}

function isWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname;
  } catch {
    return false;
  }
}

/** What the server would refuse in the draft, checked before sending it (same limits as the protocol). */
export function draftProblems(draft: Draft): FieldProblems {
  const problems: FieldProblems = {};
  const title = draft.title.trim();
  if (!title) problems.title = { key: 'noteTitleRequired' };
  else if (title.length > NOTE_TITLE_MAX_CHARS) problems.title = { key: 'noteTooLong', values: { max: NOTE_TITLE_MAX_CHARS } };
  if (draft.body.length > NOTE_BODY_MAX_CHARS) problems.body = { key: 'noteTooLong', values: { max: NOTE_BODY_MAX_CHARS } };
  const tags = tagsOf(draft);
  const badTag = tags.find((tag) => !TAG_PATTERN.test(tag));
  if (badTag !== undefined) problems.tags = { key: 'noteTagInvalid', values: { tag: badTag } };
  else if (tags.length > NOTE_TAGS_MAX) problems.tags = { key: 'noteTooMany', values: { max: NOTE_TAGS_MAX } };
  const sources = sourcesOf(draft);
  const badSource = sources.find((url) => !isWebUrl(url));
  if (badSource !== undefined) problems.sources = { key: 'noteSourceInvalid', values: { url: badSource } };
  else if (sources.length > NOTE_SOURCES_MAX) problems.sources = { key: 'noteTooMany', values: { max: NOTE_SOURCES_MAX } };
  return problems;
}
