/**
 * Moderation (docs/protocol.md#moderation): reports to a space's owners,
 * their queue, hiding and restoring content, and the space's word filter.
 * Separate from schemas.ts only for size.
 */
import { Type, type Static } from 'typebox';
import {
  HIDE_REASON_MAX_CHARS,
  MODERATION_PREVIEW_MAX_CHARS,
  MODERATION_TARGET_TYPES,
  REPORT_REASONS,
  REPORT_TEXT_MAX_CHARS,
  WORD_FILTER_MAX_CHARS,
  WORD_FILTERS_MAX,
} from './constants.js';
import { Actor, Id, ModerationMark, Timestamp } from './schemas.js';

/** Schema of `ReportReason` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ReportReason = Type.Enum(REPORT_REASONS);
export type ReportReason = Static<typeof ReportReason>;

/** Schema of `ModerationTargetType` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ModerationTargetType = Type.Enum(MODERATION_TARGET_TYPES);
export type ModerationTargetType = Static<typeof ModerationTargetType>;

/** Schema of `ReportRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ReportRequest = Type.Object(
  {
    targetType: ModerationTargetType,
    targetId: Id,
    reason: ReportReason,
    /** What the reporter adds, for the owners only. */
    text: Type.Optional(Type.String({ maxLength: REPORT_TEXT_MAX_CHARS })),
  },
  { additionalProperties: false },
);
/**
 * POST /reports: a person reports a post, comment or note they can read to
 * the owners of its space. One report per person and item: reporting again
 * answers the first report.
 *
 * @interface
 */
export type ReportRequest = Static<typeof ReportRequest>;

/** Schema of `Report` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Report = Type.Object(
  {
    id: Id,
    spaceId: Id,
    targetType: ModerationTargetType,
    targetId: Id,
    reason: ReportReason,
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
/**
 * A report as its reporter gets it back (the owners see reports grouped in
 * their queue, never who made them).
 *
 * @interface
 */
export type Report = Static<typeof Report>;

/** Schema of `ModerationQueueItem` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ModerationQueueItem = Type.Object(
  {
    targetType: ModerationTargetType,
    targetId: Id,
    spaceId: Id,
    /** The post of a post or comment; null for a note. */
    postId: Type.Union([Id, Type.Null()]),
    author: Actor,
    /** The beginning of the content as plain text. */
    preview: Type.String({ maxLength: MODERATION_PREVIEW_MAX_CHARS }),
    /** Hidden or held for review; absent while visible to everyone. */
    moderation: Type.Optional(ModerationMark),
    /** Reports not yet dealt with, by reason (reasons nobody gave are absent). */
    reasons: Type.Record(Type.String(), Type.Integer({ minimum: 1 })),
    /** The number of those reports. */
    reports: Type.Integer({ minimum: 0 }),
    /** The texts reporters added, newest first (at most five). */
    texts: Type.Array(Type.String({ maxLength: REPORT_TEXT_MAX_CHARS }), { maxItems: 5 }),
    /** The newest report, or when it was hidden or held when none is open. */
    at: Timestamp,
  },
  { additionalProperties: false },
);
/**
 * One item of a space's moderation queue: reported content (reports grouped,
 * counted by reason), content hidden by an owner, or a post held by the
 * word filter.
 *
 * @interface
 */
export type ModerationQueueItem = Static<typeof ModerationQueueItem>;

/** Schema of `ModerationQueue` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ModerationQueue = Type.Object(
  { items: Type.Array(ModerationQueueItem) },
  { additionalProperties: false },
);
/**
 * GET /spaces/:spaceId/moderation: the queue, newest first (at most
 * `MODERATION_QUEUE_MAX` items). Owners of the space only.
 *
 * @interface
 */
export type ModerationQueue = Static<typeof ModerationQueue>;

/** Schema of `HideRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const HideRequest = Type.Object(
  {
    /** Shown to the author with their hidden content. */
    reason: Type.String({ minLength: 1, maxLength: HIDE_REASON_MAX_CHARS }),
  },
  { additionalProperties: false },
);
/**
 * POST /moderation/:targetType/:targetId/hide: an owner hides content; the
 * reason is shown to its author.
 *
 * @interface
 */
export type HideRequest = Static<typeof HideRequest>;

/** Schema of `WordFilters` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const WordFilters = Type.Object(
  {
    /** Words or phrases; a post containing one (whole words, case and accents ignored) is held for review. */
    words: Type.Array(Type.String({ minLength: 1, maxLength: WORD_FILTER_MAX_CHARS }), { maxItems: WORD_FILTERS_MAX }),
  },
  { additionalProperties: false },
);
/**
 * A space's word filter (`GET`/`PUT /spaces/:spaceId/word-filters`, owners only).
 *
 * @interface
 */
export type WordFilters = Static<typeof WordFilters>;

/** Schema of `ModerationTargetParams` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ModerationTargetParams = Type.Object(
  { targetType: ModerationTargetType, targetId: Id },
  { additionalProperties: false },
);
/**
 * The path parameters of hide and restore.
 *
 * @interface
 */
export type ModerationTargetParams = Static<typeof ModerationTargetParams>;
