/**
 * Knowledge notes: curated, tagged, searchable notes that capitalise what a
 * technology-watch team learns. Separate from schemas.ts only for size.
 */
import { Type, type Static } from 'typebox';
import {
  ATTACHMENTS_PER_OBJECT_MAX,
  NOTE_BODY_MAX_CHARS,
  NOTE_MATURITIES,
  NOTE_SEARCH_LIMIT_MAX,
  NOTE_SOURCES_MAX,
  NOTE_TAGS_MAX,
  NOTE_TITLE_MAX_CHARS,
  PREVIEW_URL_MAX_CHARS,
} from './constants.js';
import { Actor, Attachment, AttachmentDraft, Id, LinkPreview, Locale, ModerationMark, Timestamp } from './schemas.js';

/** How far a knowledge note has come (see `NOTE_MATURITIES`). */
export const NoteMaturity = Type.Enum(NOTE_MATURITIES);
export type NoteMaturity = Static<typeof NoteMaturity>;

/** A tag: lowercase letters (any script), digits and `-`, 1 to 40 characters. */
export const NoteTag = Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\p{Ll}\\p{Lo}\\p{N}-]+$' });

/** Schema of `NoteSource` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteSource = Type.Object(
  { url: Type.String({ minLength: 1, maxLength: PREVIEW_URL_MAX_CHARS }), preview: Type.Optional(LinkPreview) },
  { additionalProperties: false },
);
/**
 * A source of a note: a URL, shown as a link card (with its preview when the server has one).
 *
 * @interface
 */
export type NoteSource = Static<typeof NoteSource>;

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** Schema of `KnowledgeNote` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const KnowledgeNote = Type.Object(
  {
    id: Id,
    spaceId: Id,
    owner: Actor,
    title: Type.String(),
    /** Markdown subset, as for posts. */
    body: Type.String(),
    /** The language the note is written in (drives stemming in search). */
    language: Locale,
    sources: Type.Array(NoteSource),
    tags: Type.Array(Type.String()),
    maturity: NoteMaturity,
    /** When the note should be reviewed again, or null. */
    reviewBy: Type.Union([CalendarDate, Type.Null()]),
    /** The post it was promoted from, when there is one. */
    promotedFrom: Type.Union([Id, Type.Null()]),
    /** Number of the current revision (1 for a new note); an edit must name it. */
    revision: Type.Integer({ minimum: 1 }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    updatedBy: Actor,
    /** Whether the caller may edit (owners and correspondents of the space, and the note's owner). */
    canEdit: Type.Boolean(),
    /** The people the body mentions, as they are now; absent when none (see `Post.mentions`). */
    mentions: Type.Optional(Type.Array(Actor)),
    /** Files attached to the note, in order; absent when none. */
    attachments: Type.Optional(Type.Array(Attachment)),
    /** Hidden by an owner of the space (only its owner, who sees why, and the space's owners receive the note then); absent otherwise. */
    moderation: Type.Optional(ModerationMark),
  },
  { additionalProperties: false },
);
/**
 * A knowledge note: title, Markdown body, tags, sources, maturity, review date, revision, and whether the caller may edit it.
 *
 * @interface
 */
export type KnowledgeNote = Static<typeof KnowledgeNote>;

const noteFields = {
  title: Type.String({ minLength: 1, maxLength: NOTE_TITLE_MAX_CHARS }),
  body: Type.String({ maxLength: NOTE_BODY_MAX_CHARS }),
  language: Locale,
  sources: Type.Array(Type.String({ minLength: 1, maxLength: PREVIEW_URL_MAX_CHARS }), { maxItems: NOTE_SOURCES_MAX }),
  tags: Type.Array(NoteTag, { maxItems: NOTE_TAGS_MAX }),
  maturity: NoteMaturity,
  reviewBy: Type.Union([CalendarDate, Type.Null()]),
};

/** Schema of `NoteDraft` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteDraft = Type.Object(
  {
    title: noteFields.title,
    body: Type.Optional(noteFields.body),
    language: Type.Optional(noteFields.language),
    sources: Type.Optional(noteFields.sources),
    tags: Type.Optional(noteFields.tags),
    maturity: Type.Optional(noteFields.maturity),
    reviewBy: Type.Optional(noteFields.reviewBy),
    /** Uploaded files to attach, in order (docs/attachments.md). */
    attachments: Type.Optional(Type.Array(AttachmentDraft, { minItems: 1, maxItems: ATTACHMENTS_PER_OBJECT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * A note to create in a space. Sources are URLs (http or https).
 *
 * @interface
 */
export type NoteDraft = Static<typeof NoteDraft>;

/** Schema of `NotePatch` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NotePatch = Type.Object(
  {
    baseRevision: Type.Integer({ minimum: 1 }),
    title: Type.Optional(noteFields.title),
    body: Type.Optional(noteFields.body),
    language: Type.Optional(noteFields.language),
    sources: Type.Optional(noteFields.sources),
    tags: Type.Optional(noteFields.tags),
    maturity: Type.Optional(noteFields.maturity),
    reviewBy: Type.Optional(noteFields.reviewBy),
    /** Uploaded files to add after the note's attachments. */
    attach: Type.Optional(Type.Array(AttachmentDraft, { minItems: 1, maxItems: ATTACHMENTS_PER_OBJECT_MAX })),
    /** Attachments to remove (their ids), with a video's poster and captions; their files are deleted. */
    detach: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: ATTACHMENTS_PER_OBJECT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * An edit: the fields that change, and the revision it started from. When
 * the note has moved on since, the server answers 409 `edit_conflict` with the
 * current note in the problem's `current` field, and writes nothing.
 *
 * @interface
 */
export type NotePatch = Static<typeof NotePatch>;

/** Schema of `NoteRevision` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteRevision = Type.Object(
  {
    revision: Type.Integer({ minimum: 1 }),
    title: Type.String(),
    body: Type.String(),
    language: Locale,
    sources: Type.Array(Type.String()),
    tags: Type.Array(Type.String()),
    maturity: NoteMaturity,
    reviewBy: Type.Union([CalendarDate, Type.Null()]),
    author: Actor,
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
/**
 * One revision of a note: the whole note as it was after an edit, with who made it and when.
 *
 * @interface
 */
export type NoteRevision = Static<typeof NoteRevision>;

/** Schema of `NoteRevisionList` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteRevisionList = Type.Object({ items: Type.Array(NoteRevision) }, { additionalProperties: false });
/**
 * Every revision of a note, oldest first.
 *
 * @interface
 */
export type NoteRevisionList = Static<typeof NoteRevisionList>;

/** Schema of `NoteSearchQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteSearchQuery = Type.Object(
  {
    /** Words to find; accents and inflections match in en, fr and de. Empty: newest first. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    space: Type.Optional(Id),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    maturity: Type.Optional(NoteMaturity),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: NOTE_SEARCH_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * A search of knowledge notes: words, tags, maturity, space, paging.
 *
 * @interface
 */
export type NoteSearchQuery = Static<typeof NoteSearchQuery>;

/** Schema of `NoteHighlight` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteHighlight = Type.Object(
  {
    field: Type.Union([Type.Literal('title'), Type.Literal('body')]),
    text: Type.String(),
    ranges: Type.Array(Type.Tuple([Type.Integer({ minimum: 0 }), Type.Integer({ minimum: 0 })])),
  },
  { additionalProperties: false },
);
/**
 * A stretch of a field with the matched words marked: `ranges` are
 * `[start, end)` character offsets into `text`. Clients render the marks
 * with templates, never as HTML.
 *
 * @interface
 */
export type NoteHighlight = Static<typeof NoteHighlight>;

/** Schema of `NoteHit` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteHit = Type.Object(
  {
    note: KnowledgeNote,
    /** Higher is a better match (0 when the query is empty). */
    score: Type.Number(),
    highlights: Type.Array(NoteHighlight),
  },
  { additionalProperties: false },
);
/**
 * One note found by a search, with the ranges of its text that matched.
 *
 * @interface
 */
export type NoteHit = Static<typeof NoteHit>;

/** Schema of `NoteSearchResult` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteSearchResult = Type.Object(
  {
    items: Type.Array(NoteHit),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    /** Tags of every matching note the caller may see, with counts, most frequent first. */
    tags: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })),
    total: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
/**
 * A page of note search hits; `nextCursor` is null on the last page.
 *
 * @interface
 */
export type NoteSearchResult = Static<typeof NoteSearchResult>;

/** Schema of `NoteList` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NoteList = Type.Object({ items: Type.Array(KnowledgeNote) }, { additionalProperties: false });
/**
 * Notes due for review (reviewBy today or earlier), oldest date first.
 *
 * @interface
 */
export type NoteList = Static<typeof NoteList>;

/** Schema of `PromoteRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PromoteRequest = Type.Object(
  {
    title: Type.Optional(noteFields.title),
    tags: Type.Optional(noteFields.tags),
    maturity: Type.Optional(noteFields.maturity),
    /**
     * The space the note goes to (default: the post's own), where the caller
     * may create notes; refused (`classification_violation`) when its label is
     * lower than the post's space's.
     */
    spaceId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
/**
 * Promotes a post to a note: its body, link preview and a backlink; title and tags may be given.
 *
 * @interface
 */
export type PromoteRequest = Static<typeof PromoteRequest>;
