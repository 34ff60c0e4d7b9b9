/**
 * Runtime constants of the protocol, in a module of their own without TypeBox,
 * so a client that imports a constant does not bundle the schema builder
 * (about 77 KB minified): the package is `sideEffects: false`, and bundlers
 * drop `schemas.ts` when none of its values are used.
 */

/** Locales Ecotone ships complete UI resources for. */
export const SUPPORTED_LOCALES = ['en', 'fr', 'de'] as const;
/** Who sees a space: `open` (everyone lists and reads it), `private` (listed, read by members), `secret` (members only). */
export const VISIBILITIES = ['open', 'private', 'secret'] as const;
/** Roles in a space, from most to least powerful. */
export const ROLES = ['owner', 'correspondent', 'member', 'reader'] as const;
/** Default reaction kinds of the reference server. */
export const DEFAULT_REACTION_KINDS = ['like', 'celebrate', 'insightful', 'support'] as const;
/**
 * What a post is: a `note`, an `announcement` (owners and correspondents; may
 * be pinned and ask for acknowledgements), a `question`, or a `talk_show` (a
 * scheduled session with hosts and a live question queue; see `TalkShow`), or
 * a `watch` item (made by the server from a space's technology-watch sources,
 * never published by hand; see `WatchItem`).
 */
export const POST_KINDS = ['note', 'announcement', 'question', 'talk_show', 'watch'] as const;
/**
 * A post extension's type: the vendor's namespace, a dot, a name
 * (`acme.kudos`), lowercase; at most {@link POST_EXTENSION_TYPE_MAX_CHARS}.
 */
export const POST_EXTENSION_TYPE_PATTERN = '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$';
/** Longest post extension type, in characters. */
export const POST_EXTENSION_TYPE_MAX_CHARS = 64;
/** Most fields in a post extension's data. */
export const POST_EXTENSION_FIELDS_MAX = 16;
/** A field name of a post extension's data. */
export const POST_EXTENSION_FIELD_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,31}$';
/** Longest text value in a post extension's data, in characters. */
export const POST_EXTENSION_TEXT_MAX_CHARS = 500;
/** Largest post extension data, in bytes of JSON (UTF-8). */
export const POST_EXTENSION_DATA_MAX_BYTES = 2_048;
/** Largest accepted post body, in characters. */
export const POST_BODY_MAX_CHARS = 10_000;
/** Largest page a feed request may ask for. */
export const FEED_LIMIT_MAX = 100;
/** Posts per feed page when a request does not say. */
export const FEED_LIMIT_DEFAULT = 20;
/** SSE `event:` field values, one per live event type. */
export const LIVE_EVENT_TYPES = [
  'post.created',
  'post.updated',
  'post.deleted',
  'reaction.changed',
  'poll.changed',
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'acknowledgement.changed',
  'question.changed',
  'membership.changed',
  'notification.created',
  'notification.read',
  'content.hidden',
  'content.restored',
  'moderation.changed',
  'stream.reset',
  'stream.expired',
] as const;
/** How a poll is answered: one option, several (up to `maxChoices`), or a value on a scale. */
export const POLL_MODES = ['single', 'multiple', 'scale'] as const;
/** Who sees a poll's results, and when. Enforced by the server. */
export const RESULTS_VISIBILITIES = ['always', 'after-vote', 'after-close', 'author-only'] as const;
/** Options a single or multiple choice poll may have. */
export const POLL_OPTIONS_MIN = 2;
/** Most options a single or multiple choice poll may have. */
export const POLL_OPTIONS_MAX = 20;
/** Polls one post may carry (more than one makes a survey). */
export const POLLS_PER_POST_MAX = 10;
/** Longest poll question and option label, in characters. */
export const POLL_QUESTION_MAX_CHARS = 300;
/** Longest poll option label, in characters. */
export const POLL_OPTION_MAX_CHARS = 200;
/** What the server may fetch for link previews: nothing, only allow-listed hosts and ranges, or public addresses. */
export const EGRESS_POLICIES = ['off', 'allowlist', 'public'] as const;
/** Longest URL a preview may be asked for, in characters. */
export const PREVIEW_URL_MAX_CHARS = 2048;
/** Longest talk-show title, in characters. */
export const TALK_SHOW_TITLE_MAX_CHARS = 200;
/** Most hosts a talk-show names. */
export const TALK_SHOW_HOSTS_MAX = 6;
/** Shortest talk-show, in minutes. */
export const TALK_SHOW_DURATION_MIN_MINUTES = 15;
/** Longest talk-show, in minutes (eight hours). */
export const TALK_SHOW_DURATION_MAX_MINUTES = 480;
/** How long a talk-show lasts when its draft does not say, in minutes. */
export const TALK_SHOW_DURATION_DEFAULT_MINUTES = 60;
/** Longest stream link of a talk-show, in characters. */
export const STREAM_URL_MAX_CHARS = 2048;
/** Longest question asked in a talk-show's queue, in characters. */
export const QUESTION_BODY_MAX_CHARS = 500;
/** Largest page of a talk-show's questions a request may ask for. */
export const QUESTION_LIMIT_MAX = 100;
/** Questions per page when a request does not say. */
export const QUESTION_LIMIT_DEFAULT = 50;
/** Where a question stands: `open` (in the queue), `answered` (by the hosts), `hidden` (by a moderator: only moderators and its author see it). */
export const QUESTION_STATES = ['open', 'answered', 'hidden'] as const;
/** Largest page of the audit trail a request may ask for. */
export const AUDIT_LIMIT_MAX = 100;
/** Audit entries per page when a request does not say. */
export const AUDIT_LIMIT_DEFAULT = 50;
/**
 * The action codes the reference server records in its audit trail
 * (docs/security.md lists when, by whom, with what detail). A reader shows
 * any other code as it is: a newer server may record more.
 */
export const AUDIT_ACTIONS = [
  'server.start',
  'auth.sign_in',
  'auth.refused',
  'post.publish',
  'post.edit',
  'post.delete',
  'post.move',
  'comment.create',
  'comment.edit',
  'comment.delete',
  'note.create',
  'note.edit',
  'note.delete',
  'note.promote',
  'member.role',
  'member.remove',
  'member.request',
  'space.capabilities',
  'person.deactivate',
  'person.reactivate',
  'file.upload',
  'world.import',
  'space.export',
  'space.import',
  'space.read',
  'space.label',
  'audit.read',
  'audit.export',
  'audit.pruned',
  'watch.source_add',
  'watch.source_remove',
  'watch.opml_import',
  'report.create',
  'content.hide',
  'content.restore',
  'post.held',
  'post.released',
  'moderation.word_filters',
  'space.retention',
  'retention.purge',
] as const;
/** Longest retention a space may be given, in days (a hundred years): `Space.retentionDays`. */
export const RETENTION_MAX_DAYS = 36_500;
/** Longest excerpt of a quoted post's body in a post's `quoted` summary, in characters. */
export const QUOTE_EXCERPT_MAX_CHARS = 280;
/** What an audit entry is about. */
export const AUDIT_TARGET_TYPES = ['post', 'comment', 'note', 'file', 'space', 'person', 'server', 'token', 'audit'] as const;
/** How a talk-show's questions are listed: most votes first (`top`), or newest first (`new`). */
export const QUESTION_ORDERS = ['top', 'new'] as const;
/** How far a knowledge note can be trusted, from a first draft to a note kept only for history. */
export const NOTE_MATURITIES = ['draft', 'reviewed', 'reference', 'obsolete'] as const;
/** Longest note title and body, in characters. */
export const NOTE_TITLE_MAX_CHARS = 200;
/** Longest knowledge-note body, in characters. */
export const NOTE_BODY_MAX_CHARS = 50_000;
/** Tags and sources one note may carry. */
export const NOTE_TAGS_MAX = 20;
/** Most sources one knowledge note may cite. */
export const NOTE_SOURCES_MAX = 20;
/** Largest page of note search results. */
export const NOTE_SEARCH_LIMIT_MAX = 50;
/**
 * The types a file may have, with its kind and the extension its name gets:
 * anything else is refused (`file_type_refused`). The server decides a
 * file's type from its bytes, never from its name or the type declared.
 */
export const ACCEPTED_FILE_TYPES = [
  ['image', 'image/jpeg', 'jpg'],
  ['image', 'image/png', 'png'],
  ['image', 'image/webp', 'webp'],
  ['image', 'image/gif', 'gif'],
  ['document', 'application/pdf', 'pdf'],
  ['document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['document', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['document', 'application/vnd.oasis.opendocument.text', 'odt'],
  ['document', 'application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ['document', 'application/vnd.oasis.opendocument.presentation', 'odp'],
  ['document', 'text/plain', 'txt'],
  ['video', 'video/mp4', 'mp4'],
  ['video', 'video/webm', 'webm'],
  ['caption', 'text/vtt', 'vtt'],
] as const;
/** The largest file of each kind a server takes unless configured otherwise, in bytes. */
export const DEFAULT_FILE_LIMIT_BYTES = { image: 20 * 1024 * 1024, document: 50 * 1024 * 1024, video: 1024 * 1024 * 1024, caption: 1024 * 1024 } as const;
/** Files one post, comment or note may carry. */
export const ATTACHMENTS_PER_OBJECT_MAX = 10;
/** Longest description of an image or a video (its alt text), in characters. */
export const ATTACHMENT_ALT_MAX_CHARS = 1_000;
/** Longest comment, in characters. */
export const COMMENT_BODY_MAX_CHARS = 5_000;
/** Largest page of comments. */
export const COMMENT_LIMIT_MAX = 100;
/** Longest query of the spaces directory, in characters. */
export const SPACE_SEARCH_MAX_CHARS = 100;
/** Largest page of a space's members. */
export const MEMBER_LIMIT_MAX = 100;
/**
 * Most pending join requests listed at once: the oldest first, so an owner
 * who answers them sees the next ones; a list never grows with a crowd.
 */
export const JOIN_REQUESTS_LISTED_MAX = 100;
/** Most notes due for review listed at once: the oldest due first, the next ones once those are reviewed. */
export const NOTES_DUE_LISTED_MAX = 100;
/** Longest note attached to a join request, in characters. */
export const JOIN_MESSAGE_MAX_CHARS = 500;
/** Most spaces one multi-space feed may span. */
export const MULTI_FEED_SPACES_MAX = 20;
/** Largest page of post search results. */
export const POST_SEARCH_LIMIT_MAX = 50;
/** Post search results per page when a request does not say. */
export const POST_SEARCH_LIMIT_DEFAULT = 20;
/** Longest post search query, in characters. */
export const POST_SEARCH_QUERY_MAX_CHARS = 200;

/**
 * What a person is notified of (see docs/notifications.md):
 * - `mention`: someone mentioned them in a post, comment or note;
 * - `comment`: someone commented on their post; `reply`: someone replied to their comment;
 * - `ack_request`: an announcement asks them to confirm they read it; `ack_reminder`: its deadline is tomorrow;
 * - `space_added`: an owner added them to a space; `join_answered`: their join request was approved or declined;
 * - `join_requested`: (owners) someone asks to join their space;
 * - `poll_closed`: a poll they voted in closed with results they may see;
 * - `note_review`: a note they own is due for review.
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'comment',
  'reply',
  'ack_request',
  'ack_reminder',
  'space_added',
  'join_answered',
  'join_requested',
  'poll_closed',
  'note_review',
] as const;
/** The kinds a person gets until they change their preferences (the others are off). */
export const NOTIFICATION_KINDS_ON_BY_DEFAULT = ['mention', 'comment', 'reply', 'ack_request', 'ack_reminder'] as const;
/** Most notifications in one page. */
export const NOTIFICATION_LIMIT_MAX = 50;
/** Unread notifications counted exactly; above it the count says "more than" (`unreadCount` capped, `unreadMore` true). */
export const NOTIFICATION_UNREAD_COUNTED_MAX = 99;
/** Actors named on a grouped notification ("Anna, Bob and 4 others"); `actorCount` counts them all. */
export const NOTIFICATION_ACTORS_NAMED_MAX = 3;
/** Longest people search query, in characters. */
export const PEOPLE_QUERY_MAX_CHARS = 80;
/** Most people in one people search answer. */
export const PEOPLE_LIMIT_MAX = 20;
/** Most distinct people one post, comment or note may mention. */
export const MENTIONS_MAX = 20;
/** Recent posts on a person card (only those the viewer may read). */
export const PERSON_CARD_POSTS_MAX = 5;
/** Spaces in common on a person card (only spaces the viewer may read). */
export const PERSON_CARD_SPACES_MAX = 20;
/** Where a technology-watch item stands in its space's triage: unread, dismissed, opened for discussion, or promoted to a note. */
export const WATCH_TRIAGE_STATES = ['new', 'dismissed', 'discussed', 'promoted'] as const;
/** What a reader may do to a watch item (promotion goes through `POST /posts/:id/promote`). */
export const WATCH_TRIAGE_ACTIONS = ['dismiss', 'discuss', 'reopen'] as const;
/** Longest technology-watch source URL, in characters. */
export const WATCH_SOURCE_URL_MAX_CHARS = 2048;
/** Most technology-watch sources in one space. */
export const WATCH_SOURCES_PER_SPACE_MAX = 100;
/** Longest title kept of a source or an item, in characters. */
export const WATCH_TITLE_MAX_CHARS = 300;
/** Longest summary kept of an item (plain text), in characters. */
export const WATCH_SUMMARY_MAX_CHARS = 600;
/** Largest OPML document imported at once, in characters. */
export const WATCH_OPML_MAX_CHARS = 256 * 1024;

/** Why a person reports a post, comment or note to the space's owners. */
export const REPORT_REASONS = ['spam', 'harassment', 'hate', 'misinformation', 'off_topic', 'other'] as const;
/** What may be reported and hidden. */
export const MODERATION_TARGET_TYPES = ['post', 'comment', 'note'] as const;
/** Longest text a report may add to its reason, in characters. */
export const REPORT_TEXT_MAX_CHARS = 500;
/** Longest reason an owner gives when hiding content (shown to its author), in characters. */
export const HIDE_REASON_MAX_CHARS = 500;
/** Most words (or phrases) in a space's word filter. */
export const WORD_FILTERS_MAX = 200;
/** Longest word or phrase of a word filter, in characters. */
export const WORD_FILTER_MAX_CHARS = 64;
/** Most items in one answer of the moderation queue. */
export const MODERATION_QUEUE_MAX = 100;
/** Longest preview of the content a queue item shows, in characters. */
export const MODERATION_PREVIEW_MAX_CHARS = 280;
