/**
 * Wire schemas of every Ecotone resource, request and live event.
 *
 * These TypeBox schemas are the single source of truth: the server validates
 * and serialises with them, the client and elements use the static types
 * derived from them, and docs/protocol.md describes them.
 */
import { Type, type Static } from 'typebox';
import {
  JOIN_MESSAGE_MAX_CHARS,
  MEMBER_LIMIT_MAX,
  SPACE_SEARCH_MAX_CHARS,
  COMMENT_BODY_MAX_CHARS,
  COMMENT_LIMIT_MAX,
  PREVIEW_URL_MAX_CHARS,
  FEED_LIMIT_MAX,
  POLL_MODES,
  POLL_OPTION_MAX_CHARS,
  POLL_OPTIONS_MAX,
  POLL_OPTIONS_MIN,
  POLL_QUESTION_MAX_CHARS,
  POLLS_PER_POST_MAX,
  ATTACHMENTS_PER_OBJECT_MAX,
  ATTACHMENT_ALT_MAX_CHARS,
  RESULTS_VISIBILITIES,
  POST_BODY_MAX_CHARS,
  QUOTE_EXCERPT_MAX_CHARS,
  POST_EXTENSION_FIELD_PATTERN,
  POST_EXTENSION_FIELDS_MAX,
  POST_EXTENSION_TEXT_MAX_CHARS,
  POST_EXTENSION_TYPE_MAX_CHARS,
  POST_EXTENSION_TYPE_PATTERN,
  POST_KINDS,
  ROLES,
  SUPPORTED_LOCALES,
  VISIBILITIES,
  NOTIFICATION_KINDS,
  NOTIFICATION_LIMIT_MAX,
  PEOPLE_LIMIT_MAX,
  PEOPLE_QUERY_MAX_CHARS,
  QUESTION_BODY_MAX_CHARS,
  QUESTION_LIMIT_MAX,
  AUDIT_LIMIT_MAX,
  HIDE_REASON_MAX_CHARS,
  MODERATION_TARGET_TYPES,
  QUESTION_ORDERS,
  QUESTION_STATES,
  RETENTION_MAX_DAYS,
  STREAM_URL_MAX_CHARS,
  TALK_SHOW_DURATION_MAX_MINUTES,
  TALK_SHOW_DURATION_MIN_MINUTES,
  TALK_SHOW_HOSTS_MAX,
  TALK_SHOW_TITLE_MAX_CHARS,
  WATCH_TRIAGE_STATES,
} from './constants.js';

/** A supported UI and content locale: `en`, `fr` or `de`. */
export const Locale = Type.Enum(SUPPORTED_LOCALES, {
  description: 'A supported locale (BCP 47 language subtag).',
});
export type Locale = Static<typeof Locale>;

/** Opaque identifier: letters, digits, `_` and `-`, 1 to 64 characters. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export type Id = Static<typeof Id>;

/** RFC 3339 timestamp in UTC. */
export const Timestamp = Type.String({ format: 'date-time' });

/** Schema of `Actor` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Actor = Type.Object(
  {
    id: Id,
    displayName: Type.String(),
    avatarUrl: Type.Optional(Type.String()),
    site: Type.Optional(Type.String()),
    locale: Locale,
    title: Type.Optional(Type.String()),
    /** Present when the person's access was ended: shown as a former member; their content stays. */
    deactivated: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);
/**
 * A person as others see them: id, display name, locale, and optionally title, site and avatar.
 *
 * @interface
 */
export type Actor = Static<typeof Actor>;

/** Who sees a space (see {@link VISIBILITIES}). */
export const Visibility = Type.Enum(VISIBILITIES);
export type Visibility = Static<typeof Visibility>;

/** A member's role in a space: `owner`, `correspondent`, `member` or `reader`. */
export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

/** Schema of `ClassificationLabel` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ClassificationLabel = Type.Object(
  {
    /** Stable id (`restricted`), lowercase letters, digits and `-`. */
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' }),
    /** Its colour as the company styles it (`#c62828`). */
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    /** Its name in each language (`RESTRICTED`, `DIFFUSION RESTREINTE`, `VS-NUR FÜR DEN DIENSTGEBRAUCH`). */
    names: Type.Object({ en: Type.String({ minLength: 1, maxLength: 80 }), fr: Type.String({ minLength: 1, maxLength: 80 }), de: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
/**
 * One classification label of the server's ordered list.
 *
 * @interface
 */
export type ClassificationLabel = Static<typeof ClassificationLabel>;

/** Schema of `SpaceCapabilities` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SpaceCapabilities = Type.Object(
  {
    /** People may react to posts and comments. */
    reactions: Type.Boolean(),
    /** The reaction kinds offered, a subset of the server's (`Me.reactionKinds`) in its order; absent: all of them. */
    reactionKinds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' }), { maxItems: 32 })),
    /** People may comment on posts. */
    comments: Type.Boolean(),
    /** Posts may carry polls and surveys; standalone polls may be created. */
    polls: Type.Boolean(),
    /** Link previews (cards) are made for posts' links. */
    previews: Type.Boolean(),
    /** Files may be attached to posts, comments and notes. */
    attachments: Type.Boolean(),
    /** Posts may carry other-language variants (written or machine-translated). */
    translations: Type.Boolean(),
    /** Announcements may be published and pinned. */
    announcements: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * What a space offers, switched on or off by its owners (every one is on
 * unless an owner switched it off). A feature switched off refuses new
 * content with `capability_disabled`; what exists stays readable.
 *
 * @interface
 */
export type SpaceCapabilities = Static<typeof SpaceCapabilities>;

/** Schema of `SpaceCapabilitiesUpdate` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SpaceCapabilitiesUpdate = Type.Object(
  {
    reactions: Type.Optional(Type.Boolean()),
    /** The kinds offered; null offers every kind of the server again. */
    reactionKinds: Type.Optional(
      Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' }), { minItems: 1, maxItems: 32 }), Type.Null()]),
    ),
    comments: Type.Optional(Type.Boolean()),
    polls: Type.Optional(Type.Boolean()),
    previews: Type.Optional(Type.Boolean()),
    attachments: Type.Optional(Type.Boolean()),
    translations: Type.Optional(Type.Boolean()),
    announcements: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/**
 * The body of `PUT /spaces/:id/capabilities` (owners): the capabilities to
 * change; those absent keep their value.
 *
 * @interface
 */
export type SpaceCapabilitiesUpdate = Static<typeof SpaceCapabilitiesUpdate>;

/** Schema of `Space` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Space = Type.Object(
  {
    id: Id,
    name: Type.String(),
    description: Type.String(),
    visibility: Visibility,
    site: Type.Optional(Type.String()),
    locale: Locale,
    /** The caller's role in this space, or null when not a member. */
    role: Type.Union([Role, Type.Null()]),
    /** Whether the caller may publish posts in this space. */
    canPublish: Type.Boolean(),
    /** How many people belong to the space (members of every role). */
    memberCount: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Present while the caller's request to join this (private) space awaits an owner. */
    joinRequest: Type.Optional(Type.Literal('pending')),
    /**
     * The space's classification label (an id of `Me.classification.labels`), on a
     * server with labels (a space never labelled carries the lowest); absent on a
     * server without. Everything in the space inherits it.
     */
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** What the space offers; absent (an older server): everything. */
    capabilities: Type.Optional(SpaceCapabilities),
    /**
     * Content older than this many days is deleted, posts by their publication
     * time, comments by their creation, notes by their last change; absent:
     * kept for good. Set by the operator (`ecotone spaces retention`).
     */
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: RETENTION_MAX_DAYS })),
  },
  { additionalProperties: false },
);
/**
 * A space (a site, a team, a community) as the caller sees it, with the caller's `role` and pending join request.
 *
 * @interface
 */
export type Space = Static<typeof Space>;

/** Schema of `Membership` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Membership = Type.Object(
  {
    spaceId: Id,
    actorId: Id,
    role: Role,
    /** What the space offers (see {@link SpaceCapabilities}), so a page knows without asking for the space; absent: everything. */
    capabilities: Type.Optional(SpaceCapabilities),
    /** The space's classification label (as `Space.label`), on a server with labels only: elements show it. */
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
/**
 * The caller's role in one space.
 *
 * @interface
 */
export type Membership = Static<typeof Membership>;

/** Schema of `Me` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Me = Type.Object(
  {
    actor: Actor,
    memberships: Type.Array(Membership),
    /** Reaction kinds this server accepts, in display order. */
    reactionKinds: Type.Array(Type.String()),
    /**
     * What this server does. `previews` is false when link previews are off
     * (`--egress off`): clients then show plain links and ask for nothing.
     */
    capabilities: Type.Optional(Type.Object({ previews: Type.Boolean() }, { additionalProperties: false })),
    /** Present when the person is one of the server's auditors (`--auditor`): they may read the audit trail (`GET /audit`). */
    auditor: Type.Optional(Type.Literal(true)),
    /**
     * On a server with classification labels: the labels, lowest first, and the
     * caller's clearance (the highest label they may read; the lowest without a claim).
     */
    classification: Type.Optional(
      Type.Object({ labels: Type.Array(ClassificationLabel, { minItems: 1 }), clearance: Type.String() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
/**
 * The signed-in person (`GET /me`): who they are, their memberships, and what the server accepts and does.
 *
 * @interface
 */
export type Me = Static<typeof Me>;

/** A reaction kind: lowercase letters, digits and `-`, as configured on the server. */
export const ReactionKind = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' });
export type ReactionKind = Static<typeof ReactionKind>;


/** Schema of `Reaction` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Reaction = Type.Object(
  { objectId: Id, actorId: Id, kind: ReactionKind, createdAt: Timestamp },
  { additionalProperties: false },
);
/**
 * One actor's reaction of one kind on one object (a post now, a comment later).
 *
 * @interface
 */
export type Reaction = Static<typeof Reaction>;

/** Schema of `ReactionSummary` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ReactionSummary = Type.Object(
  {
    objectId: Id,
    counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    mine: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
/**
 * Reactions on one object: counts per kind and the caller's own kinds.
 *
 * @interface
 */
export type ReactionSummary = Static<typeof ReactionSummary>;

/** What a post is (see {@link POST_KINDS}). */
export const PostKind = Type.Enum(POST_KINDS);
export type PostKind = Static<typeof PostKind>;


// ---------------------------------------------------------------------------
// Link previews
// ---------------------------------------------------------------------------

/** Schema of `LinkVideo` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const LinkVideo = Type.Object(
  {
    embedUrl: Type.String(),
    width: Type.Optional(Type.Integer({ minimum: 1 })),
    height: Type.Optional(Type.Integer({ minimum: 1 })),
    provider: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
/**
 * A video found through oEmbed discovery. Nothing of it loads before the
 * reader asks: `embedUrl` (https only) is put in an iframe on click.
 *
 * @interface
 */
export type LinkVideo = Static<typeof LinkVideo>;

/** Schema of `LinkPreview` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const LinkPreview = Type.Object(
  {
    url: Type.String(),
    title: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    siteName: Type.Optional(Type.String()),
    imageUrl: Type.Optional(Type.String()),
    imageAlt: Type.Optional(Type.String()),
    video: Type.Optional(LinkVideo),
    fetchedAt: Timestamp,
  },
  { additionalProperties: false },
);
/**
 * What the server found at a URL, fetched by the server only. `url` is the
 * URL the user gave (never the page's own `og:url`); `imageUrl` points to
 * this server's own origin, so a reader's browser contacts no other host.
 *
 * @interface
 */
export type LinkPreview = Static<typeof LinkPreview>;

/** Schema of `PreviewRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PreviewRequest = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: PREVIEW_URL_MAX_CHARS }),
    /** The space the link is written in: refused (`capability_disabled`) when it offers no link previews. */
    spaceId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
/**
 * Asks for the preview of a link (`POST /previews`).
 *
 * @interface
 */
export type PreviewRequest = Static<typeof PreviewRequest>;

// ---------------------------------------------------------------------------
// Polls and surveys
// ---------------------------------------------------------------------------

/** How a poll is answered: one choice, several, or a point on a scale. */
export const PollMode = Type.Enum(POLL_MODES);
export type PollMode = Static<typeof PollMode>;
/** Who sees a poll's results, and when (see {@link RESULTS_VISIBILITIES}). */
export const ResultsVisibility = Type.Enum(RESULTS_VISIBILITIES);
export type ResultsVisibility = Static<typeof ResultsVisibility>;

/** Schema of `PollScale` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PollScale = Type.Object(
  {
    min: Type.Union([Type.Literal(0), Type.Literal(1)]),
    max: Type.Union([Type.Literal(5), Type.Literal(10)]),
    minLabel: Type.Optional(Type.String({ maxLength: 60 })),
    maxLabel: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
/**
 * The ends of a scale poll: 1 to 5 or 0 to 10, each end optionally labelled.
 *
 * @interface
 */
export type PollScale = Static<typeof PollScale>;

/** Schema of `PollDraft` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PollDraft = Type.Object(
  {
    question: Type.String({ minLength: 1, maxLength: POLL_QUESTION_MAX_CHARS }),
    mode: PollMode,
    options: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: POLL_OPTION_MAX_CHARS }), {
        minItems: POLL_OPTIONS_MIN,
        maxItems: POLL_OPTIONS_MAX,
      }),
    ),
    /** Multiple choice only: how many options one ballot may choose (default: all). */
    maxChoices: Type.Optional(Type.Integer({ minimum: 1, maximum: POLL_OPTIONS_MAX })),
    scale: Type.Optional(PollScale),
    /** Ballots are stored without the voter's id; one ballot per person still holds. */
    anonymous: Type.Optional(Type.Boolean()),
    resultsVisibility: Type.Optional(ResultsVisibility),
    /** When the poll stops taking ballots; the author or a space owner may also close it earlier. */
    closesAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
/**
 * A poll to create, alone or attached to a post. `options` are required for
 * single and multiple choice, absent for a scale (whose values are its options).
 *
 * @interface
 */
export type PollDraft = Static<typeof PollDraft>;

/** Schema of `PollOption` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PollOption = Type.Object({ id: Id, label: Type.String() }, { additionalProperties: false });
/**
 * One answer: for a scale, its id is the value (`"0"` to `"10"`).
 *
 * @interface
 */
export type PollOption = Static<typeof PollOption>;

/** Schema of `PollResults` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PollResults = Type.Object(
  {
    voters: Type.Integer({ minimum: 0 }),
    counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
/**
 * Tally of a poll: how many people voted and how many chose each option.
 *
 * @interface
 */
export type PollResults = Static<typeof PollResults>;

/** Schema of `PollBallot` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PollBallot = Type.Object(
  { choices: Type.Array(Id, { minItems: 1, maxItems: POLL_OPTIONS_MAX }) },
  { additionalProperties: false },
);
/**
 * The caller's ballot: the ids of the options chosen.
 *
 * @interface
 */
export type PollBallot = Static<typeof PollBallot>;

/** Schema of `Poll` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Poll = Type.Object(
  {
    id: Id,
    spaceId: Id,
    /** The post carrying this poll, or null for a poll embedded on its own. */
    postId: Type.Union([Id, Type.Null()]),
    /** Order within its post (a survey's questions in order). */
    position: Type.Integer({ minimum: 0 }),
    authorId: Id,
    question: Type.String(),
    mode: PollMode,
    options: Type.Array(PollOption),
    /** How many options one ballot may choose (1 for single and scale). */
    maxChoices: Type.Integer({ minimum: 1 }),
    scale: Type.Optional(PollScale),
    anonymous: Type.Boolean(),
    resultsVisibility: ResultsVisibility,
    closesAt: Type.Union([Timestamp, Type.Null()]),
    /** When it stopped taking ballots (by date or by hand), or null while open. */
    closedAt: Type.Union([Timestamp, Type.Null()]),
    /** The caller's ballot, or null. */
    myBallot: Type.Union([PollBallot, Type.Null()]),
    /** Absent whenever the caller may not see the results yet. */
    results: Type.Optional(PollResults),
    /** Whether the caller may close the poll by hand. */
    canClose: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * A poll with its options, results as the caller may see them, and the caller's ballot.
 *
 * @interface
 */
export type Poll = Static<typeof Poll>;

/** Schema of `SurveyAnswer` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SurveyAnswer = Type.Object(
  { pollId: Id, choices: Type.Array(Id, { minItems: 1, maxItems: POLL_OPTIONS_MAX }) },
  { additionalProperties: false },
);
/**
 * One answer of a survey ballot.
 *
 * @interface
 */
export type SurveyAnswer = Static<typeof SurveyAnswer>;

/** Schema of `SurveyBallot` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SurveyBallot = Type.Object(
  { answers: Type.Array(SurveyAnswer, { minItems: 1, maxItems: POLLS_PER_POST_MAX }) },
  { additionalProperties: false },
);
/**
 * All answers of a survey, saved together or not at all.
 *
 * @interface
 */
export type SurveyBallot = Static<typeof SurveyBallot>;

/** Schema of `PollList` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PollList = Type.Object({ items: Type.Array(Poll) }, { additionalProperties: false });
/**
 * The polls of a survey after a survey ballot, in order.
 *
 * @interface
 */
export type PollList = Static<typeof PollList>;

/** Schema of `PostVariant` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostVariant = Type.Object(
  {
    locale: Locale,
    body: Type.String({ minLength: 1, maxLength: POST_BODY_MAX_CHARS }),
    machine: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * The same post in another language, written by its author (or produced by
 * the server's translation hook: `machine` true). The post's `body` and
 * `locale` stay the source.
 *
 * @interface
 */
export type PostVariant = Static<typeof PostVariant>;

/** Schema of `PostVariantDraft` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostVariantDraft = Type.Object(
  { locale: Locale, body: Type.String({ minLength: 1, maxLength: POST_BODY_MAX_CHARS }) },
  { additionalProperties: false },
);
/**
 * A variant as an author sends it.
 *
 * @interface
 */
export type PostVariantDraft = Static<typeof PostVariantDraft>;

/** Schema of `PostExtension` (TypeBox, a JSON Schema): what the server validates it with. */
export const PostExtension = Type.Object(
  {
    type: Type.String({ pattern: POST_EXTENSION_TYPE_PATTERN, maxLength: POST_EXTENSION_TYPE_MAX_CHARS }),
    data: Type.Record(
      Type.String({ pattern: POST_EXTENSION_FIELD_PATTERN }),
      Type.Union([Type.String({ maxLength: POST_EXTENSION_TEXT_MAX_CHARS }), Type.Number(), Type.Boolean(), Type.Null()]),
      { maxProperties: POST_EXTENSION_FIELDS_MAX },
    ),
  },
  { additionalProperties: false },
);
/**
 * Data a vendor's widget attaches to a post and renders itself (a kudos, a
 * shift swap, an incident): a namespaced `type` and flat fields. The post's
 * `body` stays the text everyone else reads (elements that do not know the
 * type, search, notifications), so a post with an extension is never empty.
 * Set at publication, kept as it was; checked by `extensionErrors`
 * (@ecotone/protocol/rules), text values normalised as labels.
 *
 * @interface
 */
export type PostExtension = Static<typeof PostExtension>;

/** Schema of `AttachmentKind` (TypeBox, a JSON Schema). */
export const AttachmentKind = Type.Union([Type.Literal('image'), Type.Literal('document'), Type.Literal('video')]);
/** What a file attached to a post is: decided by its bytes on the server (docs/attachments.md). */
export type AttachmentKind = Static<typeof AttachmentKind>;

/** Schema of `ImageSize` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ImageSize = Type.Object(
  {
    /** The size's name in the file's address (`files/:id/w640`). */
    name: Type.String({ pattern: '^w[0-9]+$' }),
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
/**
 * A responsive size of an image (WebP), made by the server; an image has the
 * ones smaller than itself.
 *
 * @interface
 */
export type ImageSize = Static<typeof ImageSize>;

/** Schema of `Attachment` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Attachment = Type.Object(
  {
    id: Id,
    kind: AttachmentKind,
    /** Decided by the file's bytes, not its name. */
    mediaType: Type.String({ maxLength: 128 }),
    /** The name it was uploaded with, its extension the one of its type. */
    name: Type.String({ maxLength: 255 }),
    /** In bytes. */
    size: Type.Integer({ minimum: 1 }),
    /** Images and posters: as displayed, so the reader reserves their room before they load. */
    width: Type.Optional(Type.Integer({ minimum: 1 })),
    height: Type.Optional(Type.Integer({ minimum: 1 })),
    /** What the image or video shows, written by its author for those who cannot see it. */
    alt: Type.Optional(Type.String({ maxLength: ATTACHMENT_ALT_MAX_CHARS })),
    /** Images: their responsive sizes, smallest first. */
    sizes: Type.Optional(Type.Array(ImageSize)),
    /** Images: a colour (`#rrggbb`) to show while loading. */
    placeholder: Type.Optional(Type.String({ pattern: '^#[0-9a-f]{6}$' })),
    /** Images: an animation (a GIF or an animated WebP). */
    animated: Type.Optional(Type.Boolean()),
    /** Video: the image shown before it plays (chosen by its author), with its dimensions and sizes. */
    poster: Type.Optional(
      Type.Object(
        { id: Id, width: Type.Integer({ minimum: 1 }), height: Type.Integer({ minimum: 1 }), sizes: Type.Optional(Type.Array(ImageSize)) },
        { additionalProperties: false },
      ),
    ),
    /** Video: its captions (WebVTT), one per language, sorted by locale. */
    captions: Type.Optional(Type.Array(Type.Object({ id: Id, locale: Locale }, { additionalProperties: false }), { maxItems: 3 })),
  },
  { additionalProperties: false },
);
/**
 * A file attached to a post: an image, a document or a video. Its bytes are
 * at `files/:id` (an image's sizes at `files/:id/:size`) on the server,
 * read with the reader's file token; the client builds those addresses
 * (`client.files.url`).
 *
 * @interface
 */
export type Attachment = Static<typeof Attachment>;

/** Schema of `UploadedFile` (TypeBox, a JSON Schema): what the server serialises it with. */
export const UploadedFile = Type.Object(
  {
    id: Id,
    /** Decided by its bytes; `caption` is a WebVTT track, which goes with a video. */
    kind: Type.Union([AttachmentKind, Type.Literal('caption')]),
    mediaType: Type.String({ maxLength: 128 }),
    name: Type.String({ maxLength: 255 }),
    size: Type.Integer({ minimum: 1 }),
    width: Type.Optional(Type.Integer({ minimum: 1 })),
    height: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
/**
 * The file a finished upload became (the answer of its last `PATCH`): its
 * id is what `attachments` names. Readable by its uploader alone until it
 * is attached; collected if attached nowhere within a day.
 *
 * @interface
 */
export type UploadedFile = Static<typeof UploadedFile>;

/** Schema of `FileToken` (TypeBox, a JSON Schema): what the server serialises it with. */
export const FileToken = Type.Object({ token: Type.String({ maxLength: 400 }), expiresAt: Timestamp }, { additionalProperties: false });
/**
 * The answer of `GET /files/token`: what the caller appends to file
 * addresses (`?t=`), valid until `expiresAt` (an hour).
 *
 * @interface
 */
export type FileToken = Static<typeof FileToken>;

/** Schema of `AttachmentDraft` (TypeBox, a JSON Schema): what the server validates it with. */
export const AttachmentDraft = Type.Object(
  {
    /** An uploaded file's id, not attached to anything yet, uploaded by the author for this space. */
    file: Id,
    /** Images and video: what they show (asked of the author; empty means decorative). */
    alt: Type.Optional(Type.String({ maxLength: ATTACHMENT_ALT_MAX_CHARS })),
    /** Video: an uploaded image to show before it plays. */
    poster: Type.Optional(Id),
    /** Video: uploaded WebVTT captions, at most one per language. */
    captions: Type.Optional(Type.Array(Type.Object({ file: Id, locale: Locale }, { additionalProperties: false }), { maxItems: 3 })),
  },
  { additionalProperties: false },
);
/**
 * A file to attach, as an author sends it: an uploaded file's id and its
 * description.
 *
 * @interface
 */
export type AttachmentDraft = Static<typeof AttachmentDraft>;

// ---------------------------------------------------------------------------
// Talk-shows
// ---------------------------------------------------------------------------

/** Schema of `TalkShowDraft` (TypeBox, a JSON Schema): what the server validates it with. */
export const TalkShowDraft = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: TALK_SHOW_TITLE_MAX_CHARS }),
    /** The hosts' actor ids, each a member of the space, in the order shown. */
    hosts: Type.Array(Id, { minItems: 1, maxItems: TALK_SHOW_HOSTS_MAX, uniqueItems: true }),
    /** When the session starts (each reader sees it in their own time zone). */
    startsAt: Timestamp,
    /** How long it lasts, in minutes (default 60). */
    durationMinutes: Type.Optional(Type.Integer({ minimum: TALK_SHOW_DURATION_MIN_MINUTES, maximum: TALK_SHOW_DURATION_MAX_MINUTES })),
    /** An http(s) link to the company's own streaming service, kept only when the server's egress policy permits its host. */
    streamUrl: Type.Optional(Type.String({ minLength: 1, maxLength: STREAM_URL_MAX_CHARS })),
  },
  { additionalProperties: false },
);
/**
 * A talk-show as its author publishes it (`PublishRequest.talkShow`, with
 * kind `talk_show`): a title, its hosts, when it starts and how long it lasts,
 * and optionally the link where it is streamed.
 *
 * @interface
 */
export type TalkShowDraft = Static<typeof TalkShowDraft>;

/** Schema of `TalkShow` (TypeBox, a JSON Schema): what the server serialises it with. */
export const TalkShow = Type.Object(
  {
    title: Type.String(),
    /** The hosts, as they are now, in the order the author gave. */
    hosts: Type.Array(Actor),
    startsAt: Timestamp,
    durationMinutes: Type.Integer({ minimum: TALK_SHOW_DURATION_MIN_MINUTES, maximum: TALK_SHOW_DURATION_MAX_MINUTES }),
    /** The stream link, as the server's egress policy admitted it (http or https). Shown as a plain link, never embedded. */
    streamUrl: Type.Optional(Type.String()),
    /** Questions in the queue that are not hidden (answered ones included). */
    questionCount: Type.Integer({ minimum: 0 }),
    /** Whether the caller moderates the queue: a host, an owner or a correspondent of the space. */
    moderator: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * A talk-show post's session (`Post.talkShow`): title, hosts, start and
 * duration, the stream link, the size of its question queue and whether the
 * caller moderates it. Its recording and captions are the post's attachments.
 *
 * @interface
 */
export type TalkShow = Static<typeof TalkShow>;

/** Schema of `WatchItem` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const WatchItem = Type.Object(
  {
    /** The item's title, plain text. */
    title: Type.String(),
    /** Its summary as plain text (markup removed), bounded; may be empty. */
    summary: Type.String(),
    /** The item's own page (http or https), when the feed gave one. */
    link: Type.Optional(Type.String()),
    /** When the feed says it was published. */
    publishedAt: Type.Optional(Timestamp),
    /** The source it came from: its title and feed URL (the first source that brought it). */
    source: Type.Object({ title: Type.String(), url: Type.String() }, { additionalProperties: false }),
    /** Where the space's triage stands (one state for the whole space). */
    triage: Type.Enum(WATCH_TRIAGE_STATES),
    /** The note it was promoted to, when `triage` is `promoted`. */
    noteId: Type.Optional(Id),
    /** Whether the caller may triage it: those who may publish in the space. */
    mayTriage: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * A technology-watch item (`Post.watch`, kind `watch`): what one of the
 * space's feeds said, and where the space's triage of it stands.
 *
 * @interface
 */
export type WatchItem = Static<typeof WatchItem>;

/** Schema of `ModerationMark` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ModerationMark = Type.Object(
  {
    /** `hidden` by an owner of the space; `held` for review by the space's word filter. */
    state: Type.Union([Type.Literal('hidden'), Type.Literal('held')]),
    /** Why: the owner's reason for `hidden`, the words the filter found for `held`. */
    reason: Type.String({ maxLength: HIDE_REASON_MAX_CHARS }),
    at: Timestamp,
  },
  { additionalProperties: false },
);
/**
 * Content withheld from the space: only its author (who sees why) and the
 * space's owners see it, with this mark; everyone else does not see it at all.
 *
 * @interface
 */
export type ModerationMark = Static<typeof ModerationMark>;

/** Schema of `QuotedPost` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const QuotedPost = Type.Union([
  Type.Object(
    {
      id: Id,
      spaceId: Id,
      author: Actor,
      /** The start of the quoted post's body as plain text (no Markdown), at most QUOTE_EXCERPT_MAX_CHARS characters. */
      excerpt: Type.String({ maxLength: QUOTE_EXCERPT_MAX_CHARS }),
      createdAt: Timestamp,
    },
    { additionalProperties: false },
  ),
  /** The reader may not read the quoted post now (not a member, above their clearance, a draft, hidden) or it was deleted. */
  Type.Object({ id: Id, unavailable: Type.Literal(true) }, { additionalProperties: false }),
  /** In live events: only the quoted post's id (the summary depends on the reader, who fetches `GET /posts/:id`). */
  Type.Object({ id: Id }, { additionalProperties: false }),
]);
/**
 * The post a post quotes (shares), as the reader may see it now: a summary
 * (author, excerpt, space, time) when they may read the quoted post, else
 * `{ id, unavailable: true }`. Live events carry only `{ id }`.
 */
export type QuotedPost = Static<typeof QuotedPost>;

/** Schema of `Post` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Post = Type.Object(
  {
    id: Id,
    spaceId: Id,
    author: Actor,
    kind: PostKind,
    /** Markdown subset: paragraphs, emphasis, strong, code, links, lists, quotes. */
    body: Type.String(),
    /** The locale the body was written in. */
    locale: Locale,
    createdAt: Timestamp,
    editedAt: Type.Optional(Timestamp),
    reactions: ReactionSummary,
    /** Comments that everyone who reads the post sees: hidden comments are not counted (their author and the space's owners see them in the thread beyond the count). */
    commentCount: Type.Integer({ minimum: 0 }),
    /** Polls carried by the post, in order (several make a survey); absent when none. */
    polls: Type.Optional(Type.Array(Poll)),
    /** Preview of the post's first link, attached after publishing (arrives with `post.updated`). */
    linkPreview: Type.Optional(LinkPreview),
    /** The post in other languages; readers see theirs when present, with a switch back to the source. */
    variants: Type.Optional(Type.Array(PostVariant)),
    /**
     * When a scheduled post becomes visible. Present only while it is still in
     * the future, and only to those who see drafts: its author and the space's owners.
     */
    publishAt: Type.Optional(Timestamp),
    /** Pinned at the top of its space's feed (announcements), until `until` or unpinned. */
    pinned: Type.Optional(Type.Object({ until: Type.Union([Timestamp, Type.Null()]) }, { additionalProperties: false })),
    /** A vendor widget's data (see {@link PostExtension}); absent on plain posts. */
    extension: Type.Optional(PostExtension),
    /** Files attached to the post (images, documents, video), in order; absent when none. */
    attachments: Type.Optional(Type.Array(Attachment)),
    /**
     * The people the body (or a variant) mentions, as they are now; absent when
     * none. The body holds each mention as `[@Name](mention:actor-id)`.
     */
    mentions: Type.Optional(Type.Array(Actor)),
    /** Talk-shows only (kind `talk_show`): the session and its question queue. */
    talkShow: Type.Optional(TalkShow),
    /** Technology-watch items only (kind `watch`): the feed item and its triage. */
    watch: Type.Optional(WatchItem),
    /** Hidden or held for review (only its author and the space's owners receive the post then); absent otherwise. */
    moderation: Type.Optional(ModerationMark),
    /** The post it quotes (shares), as the reader may see it now ({@link QuotedPost}); absent when none. */
    quoted: Type.Optional(QuotedPost),
    /** The post asks readers to acknowledge it ("I have read this"). */
    acknowledgement: Type.Optional(
      Type.Object(
        {
          /** Whether the caller has acknowledged it. */
          mine: Type.Boolean(),
          /** How many people have; per site only for its author and the space's owners (`GET …/acks`). */
          count: Type.Integer({ minimum: 0 }),
          /** The date by which readers are asked to confirm, when the author set one (a reminder goes out the day before). */
          by: Type.Optional(Timestamp),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
/**
 * A post as readers get it: body (a Markdown subset), author, reactions, polls, link preview, language variants, pin and acknowledgement state.
 *
 * @interface
 */
export type Post = Static<typeof Post>;

/** Schema of `PublishRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PublishRequest = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: POST_BODY_MAX_CHARS }),
    locale: Type.Optional(Locale),
    kind: Type.Optional(PostKind),
    /** Polls to attach, in order; more than one makes a survey. */
    polls: Type.Optional(Type.Array(PollDraft, { minItems: 1, maxItems: POLLS_PER_POST_MAX })),
    /** The post in other languages than `locale` (one per language). */
    variants: Type.Optional(Type.Array(PostVariantDraft, { maxItems: 2 })),
    /** Publish later: until then the post is a draft seen only by its author and the space's owners. */
    publishAt: Type.Optional(Timestamp),
    /** Announcements only: pin at the top of the space's feed (until `pinUntil`, if given). */
    pin: Type.Optional(Type.Boolean()),
    pinUntil: Type.Optional(Timestamp),
    /** Announcements only: ask readers to acknowledge it. */
    requireAcknowledgement: Type.Optional(Type.Boolean()),
    /** With `requireAcknowledgement`: confirm by this date; those who have not are reminded the day before. */
    acknowledgeBy: Type.Optional(Timestamp),
    /** A vendor widget's data, rendered by that widget; `body` is what others read. */
    extension: Type.Optional(PostExtension),
    /** Uploaded files to attach, in order (docs/attachments.md). */
    attachments: Type.Optional(Type.Array(AttachmentDraft, { maxItems: ATTACHMENTS_PER_OBJECT_MAX })),
    /** Required exactly when `kind` is `talk_show`: the session. */
    talkShow: Type.Optional(TalkShowDraft),
    /**
     * Quotes (shares) this post: one the author may read (`not_found`
     * otherwise), from a space whose classification label is not above the
     * target's (`classification_violation` otherwise).
     */
    quote: Type.Optional(Id),
  },
  { additionalProperties: false },
);
/**
 * The body of `POST /spaces/:id/posts`: what an author publishes.
 *
 * @interface
 */
export type PublishRequest = Static<typeof PublishRequest>;

/** Schema of `MovePostRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const MovePostRequest = Type.Object(
  {
    /** The space the post goes to: one where the caller may publish it, of a classification label not below the post's space's. */
    spaceId: Id,
  },
  { additionalProperties: false },
);
/**
 * The body of `POST /posts/:id/move`: an owner of the post's space moves it,
 * with its comments, reactions, polls and files, to another space.
 *
 * @interface
 */
export type MovePostRequest = Static<typeof MovePostRequest>;

/** Schema of `PinRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PinRequest = Type.Object({ until: Type.Optional(Timestamp) }, { additionalProperties: false });
/**
 * Pins a post (owners and correspondents), optionally until a time.
 *
 * @interface
 */
export type PinRequest = Static<typeof PinRequest>;

/** Schema of `AcknowledgementSummary` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const AcknowledgementSummary = Type.Object(
  {
    postId: Id,
    count: Type.Integer({ minimum: 0 }),
    /** One row per site (`site` null for people without one), most acknowledgements first. */
    bySite: Type.Array(
      Type.Object({ site: Type.Union([Type.String(), Type.Null()]), count: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
/**
 * Who acknowledged a post, per site (for its author and the space's owners).
 *
 * @interface
 */
export type AcknowledgementSummary = Static<typeof AcknowledgementSummary>;

/** Schema of `PostPatch` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostPatch = Type.Object(
  {
    body: Type.Optional(Type.String({ minLength: 1, maxLength: POST_BODY_MAX_CHARS })),
    variants: Type.Optional(Type.Array(PostVariantDraft, { maxItems: 2 })),
    /** Uploaded files to add after the post's attachments (a talk-show's recording, a forgotten photo). */
    attach: Type.Optional(Type.Array(AttachmentDraft, { minItems: 1, maxItems: ATTACHMENTS_PER_OBJECT_MAX })),
    /** Attachments to remove (their ids), with a video's poster and captions; their files are deleted. */
    detach: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: ATTACHMENTS_PER_OBJECT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * An author's change to a published post: its body and/or its variants
 * (replacing them all), attachments added or removed.
 *
 * @interface
 */
export type PostPatch = Static<typeof PostPatch>;

/** Schema of `TranslationRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const TranslationRequest = Type.Object({ locale: Locale }, { additionalProperties: false });
/**
 * Asks the server's translation hook for a machine variant of a post.
 *
 * @interface
 */
export type TranslationRequest = Static<typeof TranslationRequest>;

// ---------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------

/** Schema of `Comment` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Comment = Type.Object(
  {
    id: Id,
    postId: Id,
    spaceId: Id,
    /** The comment replied to (always a top-level comment), or null. */
    parentId: Type.Union([Id, Type.Null()]),
    author: Actor,
    /** Markdown subset; empty when deleted. */
    body: Type.String(),
    locale: Locale,
    createdAt: Timestamp,
    editedAt: Type.Optional(Timestamp),
    /** A deleted comment that still has replies stays as a placeholder. */
    deleted: Type.Boolean(),
    /** The people the body mentions, as they are now; absent when none (see `Post.mentions`). */
    mentions: Type.Optional(Type.Array(Actor)),
    reactions: ReactionSummary,
    /** Files attached to the comment, in order; absent when none (or deleted). */
    attachments: Type.Optional(Type.Array(Attachment)),
    /** Whether the caller may edit it (its author) and delete it (its author or a space owner). */
    canEdit: Type.Boolean(),
    canDelete: Type.Boolean(),
    /** Hidden by an owner (only its author and the space's owners receive it then); absent otherwise. */
    moderation: Type.Optional(ModerationMark),
  },
  { additionalProperties: false },
);
/**
 * A comment on a post; replies (one level) name their parent. Comments take reactions like posts.
 *
 * @interface
 */
export type Comment = Static<typeof Comment>;

/** Schema of `CommentDraft` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const CommentDraft = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: COMMENT_BODY_MAX_CHARS }),
    /** Reply to this top-level comment. */
    parentId: Type.Optional(Id),
    locale: Type.Optional(Locale),
    /** Uploaded files to attach, in order (docs/attachments.md). */
    attachments: Type.Optional(Type.Array(AttachmentDraft, { minItems: 1, maxItems: ATTACHMENTS_PER_OBJECT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * A new comment, or a reply to a top-level comment.
 *
 * @interface
 */
export type CommentDraft = Static<typeof CommentDraft>;

/** Schema of `CommentPatch` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const CommentPatch = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: COMMENT_BODY_MAX_CHARS }) },
  { additionalProperties: false },
);
/**
 * An edit of a comment's body.
 *
 * @interface
 */
export type CommentPatch = Static<typeof CommentPatch>;

/** Schema of `CommentQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const CommentQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: COMMENT_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * Paging of a post's comments: the cursor of the next page and its size.
 *
 * @interface
 */
export type CommentQuery = Static<typeof CommentQuery>;

/** Schema of `CommentPage` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const CommentPage = Type.Object(
  { items: Type.Array(Comment), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
/**
 * Comments of a post, oldest first (replies included, after their parent's siblings as created).
 *
 * @interface
 */
export type CommentPage = Static<typeof CommentPage>;


// ---------------------------------------------------------------------------
// Talk-show questions
// ---------------------------------------------------------------------------

/** Where a question stands (see {@link QUESTION_STATES}). */
export const QuestionState = Type.Enum(QUESTION_STATES);
export type QuestionState = Static<typeof QuestionState>;
/** How a question queue is listed (see {@link QUESTION_ORDERS}). */
export const QuestionOrder = Type.Enum(QUESTION_ORDERS);
export type QuestionOrder = Static<typeof QuestionOrder>;

/** Schema of `Question` (TypeBox, a JSON Schema): what the server serialises it with. */
export const Question = Type.Object(
  {
    id: Id,
    postId: Id,
    author: Actor,
    /** Plain text, as asked (normalised like every body). */
    body: Type.String(),
    createdAt: Timestamp,
    /** How many people up-voted it (one vote per person). */
    votes: Type.Integer({ minimum: 0 }),
    /** Whether the caller up-voted it. */
    voted: Type.Boolean(),
    state: QuestionState,
    /** When a moderator marked it answered (absent otherwise). */
    answeredAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
/**
 * A question in a talk-show's queue. A hidden one is seen only by the
 * moderators and its author; everyone else gets 404 for it.
 *
 * @interface
 */
export type Question = Static<typeof Question>;

/** Schema of `QuestionDraft` (TypeBox, a JSON Schema): what the server validates it with. */
export const QuestionDraft = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: QUESTION_BODY_MAX_CHARS }) },
  { additionalProperties: false },
);
/**
 * A question to ask (`POST /posts/:post/questions`).
 *
 * @interface
 */
export type QuestionDraft = Static<typeof QuestionDraft>;

/** Schema of `QuestionQuery` (TypeBox, a JSON Schema): what the server validates it with. */
export const QuestionQuery = Type.Object(
  {
    order: Type.Optional(QuestionOrder),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: QUESTION_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * Paging of a talk-show's questions: the order (`top` by default), the cursor of the next page and its size.
 *
 * @interface
 */
export type QuestionQuery = Static<typeof QuestionQuery>;

/** Schema of `QuestionPage` (TypeBox, a JSON Schema): what the server serialises it with. */
export const QuestionPage = Type.Object(
  { items: Type.Array(Question), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
/**
 * A page of a talk-show's questions in the order asked for; `nextCursor` is null on the last page.
 *
 * @interface
 */
export type QuestionPage = Static<typeof QuestionPage>;

/** Schema of `QuestionStateRequest` (TypeBox, a JSON Schema): what the server validates it with. */
export const QuestionStateRequest = Type.Object({ state: QuestionState }, { additionalProperties: false });
/**
 * A moderator's decision on a question (`POST /questions/:question/state`): answered, hidden, or open again.
 *
 * @interface
 */
export type QuestionStateRequest = Static<typeof QuestionStateRequest>;

// ---------------------------------------------------------------------------
// Audit trail
// ---------------------------------------------------------------------------

/** An audit action code: lowercase words separated by dots (`post.publish`, `auth.sign_in`). */
export const AuditAction = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z_]*(\\.[a-z][a-z_]*)*$' });
export type AuditAction = Static<typeof AuditAction>;

/** Schema of `AuditEntry` (TypeBox, a JSON Schema): what the server serialises it with. */
export const AuditEntry = Type.Object(
  {
    /** 1, 2, 3…: the entry's place in the chain, without gaps. */
    seq: Type.Integer({ minimum: 1 }),
    at: Timestamp,
    /** Who acted; null for the server itself, the company directory or the command line. */
    actorId: Type.Union([Type.String(), Type.Null()]),
    /** The actor's display name as the server knows it now; null when there is no actor or the server does not know them. */
    actorName: Type.Union([Type.String(), Type.Null()]),
    /** A stable code (`post.publish`, `member.role`…): docs/security.md lists them. */
    action: Type.String(),
    /** What kind of thing the entry is about (`post`, `comment`, `note`, `file`, `space`, `person`, `server`, `token`, `audit`). */
    targetType: Type.Union([Type.String(), Type.Null()]),
    targetId: Type.Union([Type.String(), Type.Null()]),
    spaceId: Type.Union([Type.String(), Type.Null()]),
    /** What else the action was: small, plain values (never a post's text). */
    detail: Type.Record(Type.String(), Type.Unknown()),
    /** The previous entry's `hash` (64 zeros before the first). */
    prevHash: Type.String(),
    /** SHA-256 (hex) of the entry's fields and `prevHash`. */
    hash: Type.String(),
  },
  { additionalProperties: false },
);
/**
 * One entry of the audit trail: who did what, to what, when, chained to the
 * entry before by its hash (docs/security.md#audit-trail).
 *
 * @interface
 */
export type AuditEntry = Static<typeof AuditEntry>;

/** Schema of `AuditQuery` (TypeBox, a JSON Schema): what the server validates it with. */
export const AuditQuery = Type.Object(
  {
    /** Only entries of this action code (exact). */
    action: Type.Optional(AuditAction),
    /** Only entries by this person (their id). */
    actor: Type.Optional(Id),
    /** Only entries in this space (its id). */
    space: Type.Optional(Id),
    /** The `nextCursor` of the previous page: entries older than its last one. */
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * A page of the audit trail to read (`GET /audit`): filters that combine (an
 * action, a person, a space), the cursor of the next page and its size (50
 * by default, at most 100).
 *
 * @interface
 */
export type AuditQuery = Static<typeof AuditQuery>;

/** Schema of `AuditPage` (TypeBox, a JSON Schema): what the server serialises it with. */
export const AuditPage = Type.Object(
  { items: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
/**
 * A page of the audit trail, newest first; `nextCursor` is null on the last page.
 *
 * @interface
 */
export type AuditPage = Static<typeof AuditPage>;

/** Schema of `FeedQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const FeedQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FEED_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * Paging of a feed: the cursor of the next page and its size.
 *
 * @interface
 */
export type FeedQuery = Static<typeof FeedQuery>;

/** Schema of `FeedPage` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const FeedPage = Type.Object(
  {
    items: Type.Array(Post),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    /** On the first page only: posts pinned in the space, newest first (not repeated in `items`). */
    pinned: Type.Optional(Type.Array(Post)),
  },
  { additionalProperties: false },
);
/**
 * A newest-first page of posts; `nextCursor` is null on the last page.
 *
 * @interface
 */
export type FeedPage = Static<typeof FeedPage>;

/** Schema of `SpaceList` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SpaceList = Type.Object({ items: Type.Array(Space) }, { additionalProperties: false });
/**
 * The spaces the caller may see.
 *
 * @interface
 */
export type SpaceList = Static<typeof SpaceList>;

/** Schema of `SpaceQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SpaceQuery = Type.Object(
  {
    /** Only spaces of this site (`site` of the space). */
    site: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Words found in the name or description, accents and case ignored. */
    q: Type.Optional(Type.String({ maxLength: SPACE_SEARCH_MAX_CHARS })),
    /** Only spaces the caller belongs to. */
    mine: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/**
 * Filters of the spaces directory (GET /spaces): all optional, combined with AND.
 *
 * @interface
 */
export type SpaceQuery = Static<typeof SpaceQuery>;

/** Schema of `SpaceMember` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SpaceMember = Type.Object(
  { actor: Actor, role: Role, since: Timestamp },
  { additionalProperties: false },
);
/**
 * A person in a space, with their role.
 *
 * @interface
 */
export type SpaceMember = Static<typeof SpaceMember>;

/** Schema of `MemberQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const MemberQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MEMBER_LIMIT_MAX })),
    /** Only this role. */
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);
/**
 * Paging of a space's members, optionally of one role.
 *
 * @interface
 */
export type MemberQuery = Static<typeof MemberQuery>;

/** Schema of `MemberPage` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const MemberPage = Type.Object(
  { items: Type.Array(SpaceMember), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
/**
 * Members by role (owners first), then by name; `nextCursor` is null on the last page.
 *
 * @interface
 */
export type MemberPage = Static<typeof MemberPage>;

/** Schema of `MemberUpdate` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const MemberUpdate = Type.Object({ role: Role }, { additionalProperties: false });
/**
 * An owner adds a person to the space, or changes a member's role.
 *
 * @interface
 */
export type MemberUpdate = Static<typeof MemberUpdate>;

/** Schema of `JoinRequestDraft` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const JoinRequestDraft = Type.Object(
  { message: Type.Optional(Type.String({ maxLength: JOIN_MESSAGE_MAX_CHARS })) },
  { additionalProperties: false },
);
/**
 * Asking to join: an optional word to the owners (private spaces).
 *
 * @interface
 */
export type JoinRequestDraft = Static<typeof JoinRequestDraft>;

/** Schema of `JoinResult` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const JoinResult = Type.Object(
  { status: Type.Union([Type.Literal('joined'), Type.Literal('requested')]), space: Space },
  { additionalProperties: false },
);
/**
 * What joining did: `joined` (open spaces) or `requested` (private spaces, until an owner approves).
 *
 * @interface
 */
export type JoinResult = Static<typeof JoinResult>;

/** Schema of `JoinRequest` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const JoinRequest = Type.Object(
  { spaceId: Id, actor: Actor, message: Type.String(), createdAt: Timestamp },
  { additionalProperties: false },
);
/**
 * A pending request to join a private space, as its owners see it.
 *
 * @interface
 */
export type JoinRequest = Static<typeof JoinRequest>;

/** Schema of `JoinRequestList` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const JoinRequestList = Type.Object({ items: Type.Array(JoinRequest) }, { additionalProperties: false });
/**
 * The pending requests to join a space (owners only).
 *
 * @interface
 */
export type JoinRequestList = Static<typeof JoinRequestList>;

/** Schema of `JoinDecision` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const JoinDecision = Type.Object({ role: Type.Optional(Role) }, { additionalProperties: false });
/**
 * An owner approves a join request, with the role to give (member by default).
 *
 * @interface
 */
export type JoinDecision = Static<typeof JoinDecision>;

/** Schema of `MultiFeedQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const MultiFeedQuery = Type.Object(
  {
    /** Space ids separated by commas, 1 to MULTI_FEED_SPACES_MAX of them. */
    spaces: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[^,]+(,[^,]+)*$' }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FEED_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * GET /feed: one feed over several spaces (e.g. "my sites"), each of which the caller must be able to read.
 *
 * @interface
 */
export type MultiFeedQuery = Static<typeof MultiFeedQuery>;

/** Schema of `ActorList` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ActorList = Type.Object({ items: Type.Array(Actor) }, { additionalProperties: false });
/**
 * A list of actors, e.g. the demo users of a development server.
 *
 * @interface
 */
export type ActorList = Static<typeof ActorList>;

// ---------------------------------------------------------------------------
// People, mentions and notifications
// ---------------------------------------------------------------------------

/** Schema of `PeopleQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PeopleQuery = Type.Object(
  {
    /** Part of a name (accents and case ignored); empty lists the first people by name. */
    q: Type.String({ maxLength: PEOPLE_QUERY_MAX_CHARS }),
    /** Suggest only people who can read this space (the picker of a composer sends it). */
    spaceId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PEOPLE_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * A people search (`GET /people`): by name, optionally only people who can
 * read a space. A secret space's members are suggested only to its members.
 *
 * @interface
 */
export type PeopleQuery = Static<typeof PeopleQuery>;

/** Schema of `SpaceRef` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SpaceRef = Type.Object({ id: Id, name: Type.String() }, { additionalProperties: false });
/**
 * A space named by id and name, e.g. on a person card.
 *
 * @interface
 */
export type SpaceRef = Static<typeof SpaceRef>;

/** Schema of `PersonCard` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PersonCard = Type.Object(
  {
    actor: Actor,
    /** The person's IANA time zone (e.g. `Europe/Paris`), when known: the card shows their local time. */
    timeZone: Type.Optional(Type.String()),
    /** Spaces both the viewer and the person belong to, that the viewer may read, by name. */
    spacesInCommon: Type.Array(SpaceRef),
    /** The person's latest published posts the viewer may read, newest first. */
    recentPosts: Type.Array(Post),
  },
  { additionalProperties: false },
);
/**
 * A person as a card shows them (`GET /people/{id}`): who they are, their
 * local time, spaces in common and recent posts, all filtered for the viewer.
 *
 * @interface
 */
export type PersonCard = Static<typeof PersonCard>;

/** What a notification is about (see `NOTIFICATION_KINDS`). */
export const NotificationKind = Type.Enum(NOTIFICATION_KINDS);
export type NotificationKind = Static<typeof NotificationKind>;

/** Schema of `NotificationObject` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NotificationObject = Type.Object(
  {
    type: Type.Union([Type.Literal('post'), Type.Literal('comment'), Type.Literal('note'), Type.Literal('space'), Type.Literal('poll')]),
    id: Id,
    spaceId: Id,
    /** The space's name, as the person sees it. */
    spaceName: Type.String(),
    /** The post the object belongs to (a comment's or a poll's post, or the post itself). */
    postId: Type.Optional(Id),
    /** The first words of the object (post, comment, note title, poll question), plain text. */
    excerpt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
/**
 * The object a notification opens: a post, a comment (with its post), a note,
 * a space or a poll, with its space and a short plain-text excerpt.
 *
 * @interface
 */
export type NotificationObject = Static<typeof NotificationObject>;

/** Schema of `Notification` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const Notification = Type.Object(
  {
    id: Id,
    kind: NotificationKind,
    /** The latest actors first, at most NOTIFICATION_ACTORS_NAMED_MAX of them; empty for reminders. */
    actors: Type.Array(Actor),
    /** How many distinct people acted ("Anna and 4 others": 5). */
    actorCount: Type.Integer({ minimum: 0 }),
    object: NotificationObject,
    /** For `join_answered`: whether the request was approved. */
    approved: Type.Optional(Type.Boolean()),
    /** When it was first recorded, and when it last grew (a new actor joined the group). */
    createdAt: Timestamp,
    updatedAt: Timestamp,
    read: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * Something that happened to the person, grouped per object and kind while
 * unread ("Anna and 4 others commented on your post"). Re-checked when read:
 * one about something the person can no longer see is not listed.
 *
 * @interface
 */
export type Notification = Static<typeof Notification>;

/** Schema of `NotificationQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NotificationQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: NOTIFICATION_LIMIT_MAX })),
    /** `newest` (default): by time; `unread`: unread ones first, each part newest first. */
    order: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('unread')])),
  },
  { additionalProperties: false },
);
/**
 * Paging and order of the notifications list.
 *
 * @interface
 */
export type NotificationQuery = Static<typeof NotificationQuery>;

/** Schema of `UnreadCount` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const UnreadCount = Type.Object(
  {
    /** Unread notifications the person may still see, at most NOTIFICATION_UNREAD_COUNTED_MAX. */
    unread: Type.Integer({ minimum: 0 }),
    /** True when there are more than `unread` (show "99+"). */
    more: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * The person's unread notifications count (`GET /notifications/unread`).
 *
 * @interface
 */
export type UnreadCount = Static<typeof UnreadCount>;

/** Schema of `NotificationPage` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NotificationPage = Type.Object(
  { items: Type.Array(Notification), nextCursor: Type.Union([Type.String(), Type.Null()]), unread: UnreadCount },
  { additionalProperties: false },
);
/**
 * A page of the person's notifications, with the unread count.
 *
 * @interface
 */
export type NotificationPage = Static<typeof NotificationPage>;

/** Schema of `NotificationPreferences` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NotificationPreferences = Type.Object(
  {
    /** The kinds the person wants (others are not recorded for them). */
    kinds: Type.Array(NotificationKind, { uniqueItems: true }),
    /** Spaces the person muted: nothing is recorded for them there, except mentions. */
    mutedSpaces: Type.Array(Id, { uniqueItems: true, maxItems: 500 }),
  },
  { additionalProperties: false },
);
/**
 * What a person wants to be notified of (`GET`/`PUT /me/notification-preferences`).
 * Defaults: mentions, comments, replies, confirmations asked and their reminders.
 *
 * @interface
 */
export type NotificationPreferences = Static<typeof NotificationPreferences>;

// ---------------------------------------------------------------------------
// Live events (Server-Sent Events on GET /api/v1/events)
// ---------------------------------------------------------------------------

/** Schema of `PostCreatedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostCreatedEvent = Type.Object(
  {
    type: Type.Literal('post.created'),
    spaceId: Id,
    post: Post,
  },
  { additionalProperties: false },
);
/**
 * Live event: a post was published in a space the receiver reads.
 *
 * @interface
 */
export type PostCreatedEvent = Static<typeof PostCreatedEvent>;

/** Schema of `ReactionChangedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ReactionChangedEvent = Type.Object(
  {
    type: Type.Literal('reaction.changed'),
    spaceId: Id,
    objectId: Id,
    counts: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    actorId: Id,
    kind: Type.String(),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * Counts changed on an object. `mine` is not included (it is per viewer);
 * `actorId`, `kind` and `active` say whose reaction changed so a client can
 * update its own `mine` when it is the actor.
 *
 * @interface
 */
export type ReactionChangedEvent = Static<typeof ReactionChangedEvent>;

/** Schema of `ResetEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ResetEvent = Type.Object(
  { type: Type.Literal('stream.reset') },
  { additionalProperties: false },
);
/**
 * Sent instead of a replay when `Last-Event-ID` is older than the server's
 * retention: the client must refetch what it shows.
 *
 * @interface
 */
export type ResetEvent = Static<typeof ResetEvent>;

/** Schema of `StreamExpiredEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const StreamExpiredEvent = Type.Object(
  { type: Type.Literal('stream.expired') },
  { additionalProperties: false },
);
/**
 * Sent just before the server ends a stream because the token that opened
 * it expired: the client reconnects at once with a fresh token and
 * `Last-Event-ID`, and misses nothing.
 *
 * @interface
 */
export type StreamExpiredEvent = Static<typeof StreamExpiredEvent>;

/** Schema of `PostUpdatedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostUpdatedEvent = Type.Object(
  {
    type: Type.Literal('post.updated'),
    spaceId: Id,
    post: Post,
  },
  { additionalProperties: false },
);
/**
 * A post changed after it was published (its link preview arrived); carries the whole post for this viewer.
 *
 * @interface
 */
export type PostUpdatedEvent = Static<typeof PostUpdatedEvent>;

/** Schema of `PostDeletedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostDeletedEvent = Type.Object(
  {
    type: Type.Literal('post.deleted'),
    spaceId: Id,
    postId: Id,
  },
  { additionalProperties: false },
);
/**
 * A post was deleted by its author or an owner of its space, with everything
 * attached to it (polls, comments, reactions, acknowledgements).
 *
 * @interface
 */
export type PostDeletedEvent = Static<typeof PostDeletedEvent>;

/** Schema of `PollChangedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PollChangedEvent = Type.Object(
  {
    type: Type.Literal('poll.changed'),
    spaceId: Id,
    pollId: Id,
    closedAt: Type.Union([Timestamp, Type.Null()]),
    results: Type.Optional(PollResults),
  },
  { additionalProperties: false },
);
/**
 * A poll's tally changed, or it closed. The server leaves `results` out for
 * every viewer who may not see them (see `resultsVisibility`), as in responses.
 *
 * @interface
 */
export type PollChangedEvent = Static<typeof PollChangedEvent>;

/** Schema of `CommentChangedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const CommentChangedEvent = Type.Object(
  {
    type: Type.Union([Type.Literal('comment.created'), Type.Literal('comment.updated')]),
    spaceId: Id,
    postId: Id,
    comment: Comment,
    commentCount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
/**
 * A comment was added or edited; `commentCount` is the post's new count. Built per viewer.
 *
 * @interface
 */
export type CommentChangedEvent = Static<typeof CommentChangedEvent>;

/** Schema of `CommentDeletedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const CommentDeletedEvent = Type.Object(
  {
    type: Type.Literal('comment.deleted'),
    spaceId: Id,
    postId: Id,
    commentId: Id,
    commentCount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
/**
 * A comment was deleted (removed, or kept as a placeholder when it has replies).
 *
 * @interface
 */
export type CommentDeletedEvent = Static<typeof CommentDeletedEvent>;

/** Schema of `QuestionChangedEvent` (TypeBox, a JSON Schema): what the server serialises it with. */
export const QuestionChangedEvent = Type.Object(
  {
    type: Type.Literal('question.changed'),
    spaceId: Id,
    postId: Id,
    questionId: Id,
    /** The question as the receiver sees it (their `voted`); absent when they may not see it (hidden): they drop it. */
    question: Type.Optional(Question),
    /** The talk-show's new count of questions that are not hidden. */
    questionCount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
/**
 * A question of a talk-show was asked, voted on, or marked answered, hidden
 * or open again. Built per viewer: moderators and its author get a hidden
 * question (state `hidden`), everyone else gets the event without it.
 *
 * @interface
 */
export type QuestionChangedEvent = Static<typeof QuestionChangedEvent>;

/** Schema of `AcknowledgementChangedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const AcknowledgementChangedEvent = Type.Object(
  { type: Type.Literal('acknowledgement.changed'), spaceId: Id, postId: Id, count: Type.Integer({ minimum: 0 }), actorId: Id },
  { additionalProperties: false },
);
/**
 * Someone acknowledged a post ("I have read this"): its new count, for every
 * reader. `actorId` lets the acknowledging person's other tabs update `mine`.
 * Authors and owners refetch the per-site summary when they show it.
 *
 * @interface
 */
export type AcknowledgementChangedEvent = Static<typeof AcknowledgementChangedEvent>;

/** Schema of `MembershipChangedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const MembershipChangedEvent = Type.Object(
  {
    type: Type.Literal('membership.changed'),
    spaceId: Id,
    actorId: Id,
    role: Type.Union([Role, Type.Null()]),
    joinRequest: Type.Union([Type.Literal('pending'), Type.Null()]),
  },
  { additionalProperties: false },
);
/**
 * A person's place in a space changed: joined, left, removed, role changed
 * (`role`), or a join request was made, approved, declined or withdrawn
 * (`joinRequest`). Sent to that person and to the space's owners only.
 *
 * @interface
 */
export type MembershipChangedEvent = Static<typeof MembershipChangedEvent>;

/** Schema of `SpaceCapabilitiesChangedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const SpaceCapabilitiesChangedEvent = Type.Object(
  { type: Type.Literal('space.capabilities'), spaceId: Id, capabilities: SpaceCapabilities },
  { additionalProperties: false },
);
/**
 * An owner switched features of a space on or off: its capabilities as they
 * are now, for everyone who reads the space, so open pages show and hide them.
 *
 * @interface
 */
export type SpaceCapabilitiesChangedEvent = Static<typeof SpaceCapabilitiesChangedEvent>;

/** Schema of `NotificationCreatedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NotificationCreatedEvent = Type.Object(
  { type: Type.Literal('notification.created'), notification: Notification, unread: UnreadCount },
  { additionalProperties: false },
);
/**
 * A notification was recorded for the receiver, or an unread one grew (same
 * `id`, a new actor). Sent on the person's own streams only, with their new count.
 *
 * @interface
 */
export type NotificationCreatedEvent = Static<typeof NotificationCreatedEvent>;

/** Schema of `NotificationReadEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const NotificationReadEvent = Type.Object(
  {
    type: Type.Literal('notification.read'),
    /** The notifications marked read, or `all` for "mark all as read". */
    ids: Type.Union([Type.Array(Id), Type.Literal('all')]),
    unread: UnreadCount,
  },
  { additionalProperties: false },
);
/**
 * The person marked notifications read (in any tab or device): every tab updates its count.
 *
 * @interface
 */
export type NotificationReadEvent = Static<typeof NotificationReadEvent>;

/** Schema of `ContentHiddenEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ContentHiddenEvent = Type.Object(
  {
    type: Type.Union([Type.Literal('content.hidden'), Type.Literal('content.restored')]),
    spaceId: Id,
    targetType: Type.Enum(MODERATION_TARGET_TYPES),
    targetId: Id,
    /** The post of a post or comment; null for a note. */
    postId: Type.Union([Id, Type.Null()]),
    /** Who wrote the content: they (and the space's owners) keep seeing it, marked. */
    authorId: Id,
    /**
     * A comment's post: its comments counted after the change, hidden ones
     * left out (as in `Post.commentCount`); absent for a post or a note.
     */
    commentCount: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
/**
 * An owner of the space hid content (`content.hidden`: readers drop it at
 * once) or restored it (`content.restored`: readers fetch it again). A post
 * held for review and then published arrives as `post.created`.
 *
 * @interface
 */
export type ContentHiddenEvent = Static<typeof ContentHiddenEvent>;

/** Schema of `ModerationChangedEvent` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ModerationChangedEvent = Type.Object(
  { type: Type.Literal('moderation.changed'), spaceId: Id },
  { additionalProperties: false },
);
/**
 * The space's moderation queue changed (a report, a post held, an item
 * hidden, restored, released or deleted). Sent to the space's owners only:
 * a queue on screen reads itself again.
 *
 * @interface
 */
export type ModerationChangedEvent = Static<typeof ModerationChangedEvent>;

/** Any event of the live stream (`GET /events`), told apart by its `type`. */
export const LiveEvent = Type.Union([
  AcknowledgementChangedEvent,
  MembershipChangedEvent,
  PostCreatedEvent,
  PostUpdatedEvent,
  PostDeletedEvent,
  ReactionChangedEvent,
  PollChangedEvent,
  CommentChangedEvent,
  CommentDeletedEvent,
  QuestionChangedEvent,
  NotificationCreatedEvent,
  NotificationReadEvent,
  SpaceCapabilitiesChangedEvent,
  ContentHiddenEvent,
  ModerationChangedEvent,
  ResetEvent,
  StreamExpiredEvent,
]);
export type LiveEvent = Static<typeof LiveEvent>;
/** The `type` of every live event. */
export type LiveEventType = LiveEvent['type'];
