/**
 * Technology-watch sources: the RSS, Atom and JSON Feed sources a space
 * follows (docs/protocol.md#technology-watch). Their items become posts of
 * kind `watch` (`Post.watch`, in schemas.ts). Separate from schemas.ts only for size.
 */
import { Type, type Static } from 'typebox';
import { WATCH_OPML_MAX_CHARS, WATCH_SOURCE_URL_MAX_CHARS, WATCH_TITLE_MAX_CHARS, WATCH_TRIAGE_ACTIONS } from './constants.js';
import { Actor, Id, Timestamp } from './schemas.js';

/** Schema of `WatchSource` (TypeBox, a JSON Schema): what the server serialises it with. */
export const WatchSource = Type.Object(
  {
    id: Id,
    spaceId: Id,
    /** The feed's URL (http or https). */
    url: Type.String(),
    /** The title given when added, else the feed's own title once fetched, else the URL's host. */
    title: Type.String(),
    /** Who added it: the author of the posts its items become. */
    addedBy: Actor,
    createdAt: Timestamp,
    /** The last fetch that brought a feed (or "not modified"). */
    lastSuccessAt: Type.Optional(Timestamp),
    /** The last fetch that failed, with the problem code it failed with (`preview_unreachable`, `egress_blocked`, `invalid_feed`…). */
    lastError: Type.Optional(Type.Object({ at: Timestamp, code: Type.String() }, { additionalProperties: false })),
    /** When it is fetched next. */
    nextFetchAt: Timestamp,
  },
  { additionalProperties: false },
);
/**
 * A feed a space follows, with the state of its fetches.
 *
 * @interface
 */
export type WatchSource = Static<typeof WatchSource>;

/** Schema of `WatchSourceList` (TypeBox, a JSON Schema): what the server serialises it with. */
export const WatchSourceList = Type.Object(
  {
    items: Type.Array(WatchSource),
    /** Whether the caller may add and remove sources: those who may publish announcements (owners, correspondents). */
    mayManage: Type.Boolean(),
  },
  { additionalProperties: false },
);
/**
 * `GET /spaces/:id/watch/sources`: every source of the space, oldest first.
 *
 * @interface
 */
export type WatchSourceList = Static<typeof WatchSourceList>;

/** Schema of `WatchSourceDraft` (TypeBox, a JSON Schema): what the server validates it with. */
export const WatchSourceDraft = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: WATCH_SOURCE_URL_MAX_CHARS }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: WATCH_TITLE_MAX_CHARS })),
  },
  { additionalProperties: false },
);
/**
 * `POST /spaces/:id/watch/sources`: a feed to follow (the same URL twice is one source).
 *
 * @interface
 */
export type WatchSourceDraft = Static<typeof WatchSourceDraft>;

/** Schema of `WatchOpmlImport` (TypeBox, a JSON Schema): what the server validates it with. */
export const WatchOpmlImport = Type.Object(
  {
    /** An OPML document; every outline with an `xmlUrl` is a source. */
    opml: Type.String({ minLength: 1, maxLength: WATCH_OPML_MAX_CHARS }),
  },
  { additionalProperties: false },
);
/**
 * `POST /spaces/:id/watch/opml`: sources to add from an OPML document.
 *
 * @interface
 */
export type WatchOpmlImport = Static<typeof WatchOpmlImport>;

/** Schema of `WatchOpmlResult` (TypeBox, a JSON Schema): what the server serialises it with. */
export const WatchOpmlResult = Type.Object(
  {
    /** Sources added. */
    added: Type.Integer({ minimum: 0 }),
    /** Outlines skipped: already followed, not http(s), or over the space's limit. */
    skipped: Type.Integer({ minimum: 0 }),
    /** Every source of the space after the import. */
    sources: WatchSourceList,
  },
  { additionalProperties: false },
);
/**
 * What an OPML import did.
 *
 * @interface
 */
export type WatchOpmlResult = Static<typeof WatchOpmlResult>;

/** Schema of `WatchTriageRequest` (TypeBox, a JSON Schema): what the server validates it with. */
export const WatchTriageRequest = Type.Object({ action: Type.Enum(WATCH_TRIAGE_ACTIONS) }, { additionalProperties: false });
/**
 * `POST /posts/:id/watch/triage`: dismiss a watch item, open it for
 * discussion, or put it back to `new`.
 *
 * @interface
 */
export type WatchTriageRequest = Static<typeof WatchTriageRequest>;
