/**
 * Kysely table types. Timestamps are RFC 3339 UTC strings with milliseconds
 * (`Date#toISOString()`), so they sort lexically on SQLite and map cleanly to
 * `timestamptz` on PostgreSQL later.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface ActorsTable {
  id: string;
  display_name: string;
  avatar_url: string | null;
  site: string | null;
  locale: string;
  title: string | null;
  created_at: string;
  /** When the person's access was ended (`ecotone people deactivate`); null while active. */
  deactivated_at: string | null;
  /** The token's `sub` and `iss` when the person was provisioned from a token (migration 0015). */
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  issuer: ColumnType<string | null, string | null | undefined, string | null>;
  /** The e-mail claim at provisioning; never sent to others. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  /** The person's IANA time zone (`Europe/Paris`) when known (migration 0019). */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  /** The display name folded for people search (search/text-folding.ts), written with the person. */
  search_name: ColumnType<string, string | undefined, string>;
  /** The clearance the person's latest token claimed (migration 0030); null: the lowest label. */
  clearance: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SpacesTable {
  id: string;
  name: string;
  description: string;
  visibility: string;
  site: string | null;
  locale: string;
  created_at: string;
  /** Name and description folded for the directory search (search/text-folding.ts). */
  search_text: Generated<string>;
  /** The space's classification label (migration 0030); null: the lowest. */
  label: ColumnType<string | null, string | null | undefined, string | null>;
  /** What owners switched (JSON, `SpaceCapabilities` in part); null: everything on (migration 0027). */
  capabilities: string | null;
  /** Content older than this many days is deleted (migration 0031, retention/purge.ts); null: kept for good. */
  retention_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface MembershipsTable {
  space_id: string;
  actor_id: string;
  role: string;
  created_at: string;
  /** A copy of the actor's display name, kept by triggers: members list in one index order. */
  display_name: Generated<string>;
  /** The directory group that granted this membership (migration 0016); null when made in Ecotone. */
  directory_group: Generated<string | null>;
}

/** A pending request to join a private space. */
export interface JoinRequestsTable {
  space_id: string;
  actor_id: string;
  /** The word to the owners; empty when none was given. */
  message: string;
  created_at: string;
}

export interface PostsTable {
  id: string;
  space_id: string;
  author_id: string;
  kind: string;
  body: string;
  locale: string;
  created_at: string;
  edited_at: string | null;
  /** When a scheduled post becomes visible; null: at created_at. */
  publish_at: string | null;
  /** 1 until the scheduled post's post.created has gone out to readers. */
  publish_pending: Generated<number>;
  pinned_at: string | null;
  /** Null while pinned: until unpinned. */
  pinned_until: string | null;
  /** 1 when readers are asked to acknowledge it. */
  requires_ack: Generated<number>;
  /** A vendor widget's data (`Post.extension`) as JSON text; null on plain posts (migration 0017). */
  extension: Generated<string | null>;
  /** The confirmation deadline of an announcement (migration 0018); null when none. */
  ack_by: Generated<string | null>;
  /** 1 once the reminders before `ack_by` were recorded. */
  ack_reminded: Generated<number>;
  /** Moderation (migration 0029): null (visible), `hidden` by an owner or `held` by the word filter, with why, by whom, when. */
  moderation: Generated<string | null>;
  moderation_reason: Generated<string | null>;
  moderated_by: Generated<string | null>;
  moderated_at: Generated<string | null>;
  /** The post this one quotes (migration 0032); null when none. No foreign key: a deleted quoted post is shown as unavailable. */
  quote_of: Generated<string | null>;
}

export interface PostAcksTable {
  post_id: string;
  actor_id: string;
  created_at: string;
}

export interface ReactionsTable {
  object_id: string;
  actor_id: string;
  kind: string;
  created_at: string;
}

export interface IdempotencyKeysTable {
  actor_id: string;
  key: string;
  request_hash: string;
  /** What the first request created (a post, comment, note, poll…), returned again on a replay. */
  resource_id: string;
  created_at: string;
}

export interface EventsTable {
  id: Generated<number>;
  space_id: string;
  type: string;
  /** The LiveEvent as JSON text. */
  payload: string;
  created_at: string;
  /** Who receives it beyond reading the space: `space`, `drafters` or `person` (live/audience.ts). */
  audience: Generated<string>;
  /** The draft's author (`drafters`) or the person concerned (`person`). */
  audience_actor: string | null;
  /** The post the event is about, if any: its events go when it is deleted. */
  post_id: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** The audit trail: one row per security-relevant action, chained by hash (audit/chain.ts). */
export interface AuditLogTable {
  /** 1, 2, 3…: given under the event-order lock, without gaps. */
  seq: number;
  at: string;
  /** Who acted; null for the server itself (start-up, schedules) or an unknown caller. */
  actor_id: string | null;
  /** A stable code (`post.publish`, `member.role`…): docs/security.md lists them. */
  action: string;
  target_type: string | null;
  target_id: string | null;
  space_id: string | null;
  /** JSON object: what else the action was (the new role, a refusal's reason…). */
  detail: string;
  /** The previous entry's `hash` (64 zeros before the first). */
  prev_hash: string;
  /** SHA-256 (hex) of this entry's fields and `prev_hash`. */
  hash: string;
}

export interface PollsTable {
  id: string;
  space_id: string;
  post_id: string | null;
  position: number;
  author_id: string;
  question: string;
  mode: string;
  max_choices: number;
  scale_min: number | null;
  scale_max: number | null;
  scale_min_label: string | null;
  scale_max_label: string | null;
  /** 0 or 1 (SQLite has no boolean). */
  anonymous: number;
  results_visibility: string;
  closes_at: string | null;
  /** Set when closed by hand, or by the scheduler once `closes_at` passed. */
  closed_at: string | null;
  created_at: string;
}

export interface PollOptionsTable {
  poll_id: string;
  id: string;
  position: number;
  label: string;
}

export interface BallotsTable {
  poll_id: string;
  /** The actor id, or for anonymous polls a keyed hash that names nobody. */
  voter_key: string;
  /** Only for polls that are not anonymous. */
  actor_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BallotChoicesTable {
  poll_id: string;
  voter_key: string;
  option_id: string;
}

export interface LinkPreviewsTable {
  /** The normalised URL (no fragment). */
  url_key: string;
  /** The LinkPreview as JSON, without `url`; NULL when the fetch failed. */
  preview: string | null;
  /** Problem code of a cached failure. */
  problem_code: string | null;
  fetched_at: string;
  expires_at: string;
}

export interface PreviewImagesTable {
  id: string;
  content_type: string;
  bytes: Buffer;
  created_at: string;
}

export interface PostLinkPreviewsTable {
  post_id: string;
  /** The LinkPreview as JSON. */
  preview: string;
  created_at: string;
}

export interface NotesTable {
  /** Integer key, the rowid of the note's row in `notes_fts`. */
  seq: Generated<number>;
  id: string;
  space_id: string;
  owner_id: string;
  title: string;
  body: string;
  language: string;
  maturity: string;
  /** `YYYY-MM-DD` or NULL. */
  review_by: string | null;
  promoted_from: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
  /** The review date its owner was last told of (note_review, migration 0018). */
  review_notified_for: Generated<string | null>;
  /** Moderation (migration 0029): null (visible), `hidden` by an owner or `held` by the word filter, with why, by whom, when. */
  moderation: Generated<string | null>;
  moderation_reason: Generated<string | null>;
  moderated_by: Generated<string | null>;
  moderated_at: Generated<string | null>;
}

export interface NoteTagsTable {
  note_id: string;
  tag: string;
}

export interface NoteSourcesTable {
  note_id: string;
  position: number;
  url: string;
  /** A LinkPreview (JSON) copied when the note was promoted from a post, else NULL. */
  preview: string | null;
}

export interface NoteRevisionsTable {
  note_id: string;
  revision: number;
  title: string;
  body: string;
  language: string;
  /** JSON array of strings. */
  tags: string;
  /** JSON array of URLs. */
  sources: string;
  maturity: string;
  review_by: string | null;
  author_id: string;
  created_at: string;
}

/**
 * The index of notes; rowid = notes.seq. SQLite: this FTS5 table of stemmed
 * words. PostgreSQL: `rowid` and a `stems` tsvector of the three fields,
 * weighted (migration 0012). Only search/text-index.ts reads or writes past `rowid`.
 */
export interface NotesFtsTable {
  rowid: number;
  title: string;
  body: string;
  tags: string;
}

export interface CommentsTable {
  id: string;
  post_id: string;
  space_id: string;
  /** A top-level comment of the same post, or NULL. */
  parent_id: string | null;
  author_id: string;
  /** Emptied when the comment becomes a placeholder. */
  body: string;
  locale: string;
  created_at: string;
  edited_at: string | null;
  /** Set on a placeholder: deleted, but kept for its replies. */
  deleted_at: string | null;
  /** Moderation (migration 0029): null (visible), `hidden` by an owner or `held` by the word filter, with why, by whom, when. */
  moderation: Generated<string | null>;
  moderation_reason: Generated<string | null>;
  moderated_by: Generated<string | null>;
  moderated_at: Generated<string | null>;
}

/** The session of a `talk_show` post (migration 0024). */
export interface TalkShowsTable {
  post_id: string;
  title: string;
  starts_at: string;
  duration_minutes: number;
  /** Kept only when the egress policy permitted its host at publication. */
  stream_url: string | null;
  /** Questions not hidden, kept with each change. */
  question_count: Generated<number>;
}

/** A feed a space follows (migration 0028). */
export interface WatchSourcesTable {
  id: string;
  space_id: string;
  url: string;
  /** SHA-256 of the URL (base64url): one source per URL and space. */
  url_key: string;
  title: string;
  /** 1 when the title was given by a person (the feed's own title does not replace it). */
  title_given: Generated<number>;
  /** Who added it: the author of the posts its items become. */
  added_by: string;
  created_at: string;
  etag: string | null;
  last_modified: string | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error_code: string | null;
  /** Failed fetches in a row (the next one waits longer). */
  failures: Generated<number>;
  next_fetch_at: string;
}

/** The post a feed item became, for dedupe and triage (migration 0028). */
export interface WatchItemsTable {
  post_id: string;
  space_id: string;
  /** Null once its source is removed. */
  source_id: string | null;
  /** SHA-256 of the item's guid (base64url), unique per space. */
  guid_key: string;
  /** SHA-256 of the item's link (base64url), unique per space; null without a link. */
  link_key: string | null;
  title: string;
  summary: string;
  link: string | null;
  published_at: string | null;
  source_title: string;
  source_url: string;
  /** `new`, `dismissed`, `discussed` or `promoted`. */
  triage: Generated<string>;
  triaged_by: string | null;
  triaged_at: string | null;
  note_id: string | null;
}

/** A talk-show's hosts, in order (migration 0024). */
export interface TalkShowHostsTable {
  post_id: string;
  actor_id: string;
  position: number;
}

/** A question in a talk-show's queue (migration 0024). */
export interface QuestionsTable {
  id: string;
  post_id: string;
  space_id: string;
  author_id: string;
  body: string;
  created_at: string;
  /** `open`, `answered` or `hidden`. */
  state: string;
  answered_at: string | null;
  /** Rows of `question_votes`, kept with each change. */
  votes: Generated<number>;
}

/** One person's up-vote of a question (migration 0024): the primary key keeps it to one. */
export interface QuestionVotesTable {
  question_id: string;
  actor_id: string;
  created_at: string;
}

export interface PostVariantsTable {
  post_id: string;
  locale: string;
  body: string;
  /** 1 from the translation hook, 0 written by the author. */
  machine: number;
  created_at: string;
}

/** One indexed text of a post: its source body or a variant's, by language. */
export interface PostTextsTable {
  /** Integer key, the rowid of the text's row in `posts_fts`. */
  seq: Generated<number>;
  post_id: string;
  locale: string;
}

/**
 * The index of post texts; rowid = post_texts.seq. SQLite: this FTS5 table of
 * stemmed words. PostgreSQL: `rowid` and a `stems` tsvector (migration 0012).
 * Only search/text-index.ts reads or writes past `rowid`.
 */
export interface PostsFtsTable {
  rowid: number;
  body: string;
}

/** Counters kept by triggers (migration 0011): read instead of counting rows. */
export interface ReactionCountsTable {
  object_id: string;
  kind: string;
  n: number;
}
export interface CommentCountsTable {
  post_id: string;
  n: number;
}
export interface AckCountsTable {
  post_id: string;
  /** The person's site when they acknowledged; '' for none. */
  site: string;
  n: number;
}
export interface PollVoterCountsTable {
  poll_id: string;
  n: number;
}
export interface PollOptionCountsTable {
  poll_id: string;
  option_id: string;
  n: number;
}
export interface MemberCountsTable {
  space_id: string;
  role: string;
  n: number;
}

/** Hits per rate-limit key and fixed window (several instances on PostgreSQL). */
export interface RateLimitHitsTable {
  key: string;
  /** Start of the window, in ms since the epoch. */
  window_start: number;
  hits: number;
}

/** Live streams each instance holds per person (several instances on PostgreSQL). */
export interface LiveStreamSlotsTable {
  actor_id: string;
  instance_id: string;
  streams: number;
  /** When the instance last confirmed its count, in ms since the epoch. */
  seen_at: number;
}

/** Who a post, comment or note mentions (migration 0018). */
export interface MentionsTable {
  object_type: 'post' | 'comment' | 'note';
  object_id: string;
  actor_id: string;
  /** Order of first mention in the text. */
  position: number;
}

/** One notification of one person (docs/notifications.md, migration 0018). */
export interface NotificationsTable {
  id: Generated<number>;
  recipient_id: string;
  kind: string;
  object_type: string;
  object_id: string;
  space_id: string;
  post_id: string | null;
  excerpt: string | null;
  /** For join_answered: 1 approved, 0 declined. */
  approved: number | null;
  /** Same key while unread: grouped (rules/people.ts notificationGroupKey); null: never grouped. */
  group_key: string | null;
  /** JSON array of the last actors' ids, latest first. */
  actor_ids: string;
  actor_count: number;
  created_at: string;
  updated_at: string;
  /** Not listed nor counted before (a scheduled post's). */
  visible_at: string;
  read_at: string | null;
}

export interface NotificationActorsTable {
  notification_id: number;
  actor_id: string;
}

export interface NotificationPreferencesTable {
  actor_id: string;
  /** JSON array of NotificationKind. */
  kinds: string;
  /** JSON array of space ids. */
  muted_spaces: string;
  updated_at: string;
}

/** A notification being recorded for a whole space, in batches (migration 0018, notifications/fanout.ts). */
export interface NotificationFanoutsTable {
  id: Generated<number>;
  kind: string;
  space_id: string;
  object_type: string;
  object_id: string;
  post_id: string | null;
  excerpt: string | null;
  /** Who acted (left out of the recipients); null for reminders. */
  actor_id: string | null;
  /** Also left out (a reminder's post author). */
  except_id: string | null;
  /** Leave out those who acknowledged this post. */
  without_ack_of: string | null;
  /** When set: the named voters of this poll, not the space's members (poll_closed). */
  voters_of: string | null;
  /** 1: send the live event once done (0 for a scheduled draft: sent at its publication). */
  live: number;
  /** The time every notification of the job carries. */
  created_at: string;
  /** The last member id done ('' before the first batch). */
  after_actor: string;
}

/** A resumable upload in progress (migration 0020, files/uploads.ts). */
export interface UploadsTable {
  id: string;
  owner_id: string;
  space_id: string;
  size: number;
  /** The file name the client gave (sanitised), before its type is known. */
  name: string;
  declared_type: string | null;
  created_at: string;
}

/** An accepted file (migration 0020, docs/attachments.md). */
export interface FilesTable {
  id: string;
  owner_id: string;
  space_id: string;
  kind: 'image' | 'document' | 'video' | 'caption';
  /** Decided by its bytes (files/sniff.ts). */
  media_type: string;
  name: string;
  size: number;
  width: number | null;
  height: number | null;
  animated: number;
  placeholder: string | null;
  /**
   * What it is attached to; null until then (collected when left so);
   * `deleted` once that was deleted (unreadable, collected at once).
   */
  object_type: 'post' | 'comment' | 'note' | 'deleted' | null;
  object_id: string | null;
  created_at: string;
  /** What an image or a video shows, written by its author (migration 0021). */
  alt: string | null;
  /** Its place among the files of what it is attached to (migration 0021). */
  position: Generated<number>;
  /** The video a poster or caption goes with (migration 0023). */
  parent_id: string | null;
  /** `poster` or `caption` (with `parent_id`). */
  role: 'poster' | 'caption' | null;
  /** A caption's language. */
  locale: string | null;
  /** A caption's words, without timings or markup (indexed with the post). */
  text: string | null;
}

/** A responsive size of an image (migration 0020). */
export interface FileVariantsTable {
  file_id: string;
  name: string;
  media_type: string;
  width: number;
  height: number;
  size: number;
}

/** A file kept in the database (migration 0022, files/database-store.ts). */
export interface FileObjectsTable {
  key: string;
  /** The chunks holding its bytes now. */
  generation: string;
  size: number;
  created_at: string;
}

/** 1 MiB of a stored file's bytes (migration 0022). */
export interface FileChunksTable {
  generation: string;
  seq: number;
  data: Uint8Array;
}

/** A tus upload kept in the database (migration 0025, files/database-uploads.ts). */
export interface UploadSessionsTable {
  id: string;
  size: number | null;
  /** Its tus metadata, as JSON. */
  metadata: string;
  created_at: string;
}

/** Up to 1 MiB of an unfinished upload's bytes, from `start` (migration 0025). */
export interface UploadPartsTable {
  upload_id: string;
  start: number;
  size: number;
  data: Uint8Array;
}

/** A report of a post, comment or note to its space's owners (migration 0029). */
export interface ReportsTable {
  id: string;
  space_id: string;
  target_type: string;
  target_id: string;
  /** The post of a reported post or comment; null for a note. */
  post_id: string | null;
  reporter_id: string;
  reason: string;
  text: string | null;
  created_at: string;
  /** When an owner hid, restored, released or deleted the item; null while open. */
  resolved_at: string | null;
}

/** A word or phrase of a space's word filter (migration 0029). */
export interface WordFiltersTable {
  space_id: string;
  word: string;
  position: number;
}

export interface Database {
  reports: ReportsTable;
  word_filters: WordFiltersTable;
  upload_sessions: UploadSessionsTable;
  upload_parts: UploadPartsTable;
  file_objects: FileObjectsTable;
  file_chunks: FileChunksTable;
  uploads: UploadsTable;
  files: FilesTable;
  file_variants: FileVariantsTable;
  notification_fanouts: NotificationFanoutsTable;
  mentions: MentionsTable;
  notifications: NotificationsTable;
  notification_actors: NotificationActorsTable;
  notification_preferences: NotificationPreferencesTable;
  actors: ActorsTable;
  spaces: SpacesTable;
  memberships: MembershipsTable;
  join_requests: JoinRequestsTable;
  posts: PostsTable;
  reactions: ReactionsTable;
  idempotency_keys: IdempotencyKeysTable;
  events: EventsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  ballots: BallotsTable;
  ballot_choices: BallotChoicesTable;
  link_previews: LinkPreviewsTable;
  preview_images: PreviewImagesTable;
  post_link_previews: PostLinkPreviewsTable;
  notes: NotesTable;
  note_tags: NoteTagsTable;
  note_sources: NoteSourcesTable;
  note_revisions: NoteRevisionsTable;
  notes_fts: NotesFtsTable;
  comments: CommentsTable;
  talk_shows: TalkShowsTable;
  talk_show_hosts: TalkShowHostsTable;
  questions: QuestionsTable;
  question_votes: QuestionVotesTable;
  watch_sources: WatchSourcesTable;
  watch_items: WatchItemsTable;
  post_variants: PostVariantsTable;
  post_acks: PostAcksTable;
  post_texts: PostTextsTable;
  posts_fts: PostsFtsTable;
  reaction_counts: ReactionCountsTable;
  comment_counts: CommentCountsTable;
  ack_counts: AckCountsTable;
  poll_voter_counts: PollVoterCountsTable;
  poll_option_counts: PollOptionCountsTable;
  member_counts: MemberCountsTable;
  rate_limit_hits: RateLimitHitsTable;
  live_stream_slots: LiveStreamSlotsTable;
}

/** A person as the product shows them: without what the identity provider said at provisioning (subject, issuer, e-mail) nor their clearance. */
export type ActorRow = Omit<Selectable<ActorsTable>, 'subject' | 'issuer' | 'email' | 'time_zone' | 'search_name' | 'clearance'>;
export type NewActor = Insertable<ActorsTable>;
export type SpaceRow = Selectable<SpacesTable>;
export type NewSpace = Insertable<SpacesTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type JoinRequestRow = Selectable<JoinRequestsTable>;
export type PostRow = Selectable<PostsTable>;
export type NewPost = Insertable<PostsTable>;
export type EventRow = Selectable<EventsTable>;
export type PollRow = Selectable<PollsTable>;
export type NewPoll = Insertable<PollsTable>;
export type PollOptionRow = Selectable<PollOptionsTable>;
export type NoteRow = Selectable<NotesTable>;
export type NoteRevisionRow = Selectable<NoteRevisionsTable>;
export type CommentRow = Selectable<CommentsTable>;
export type NewComment = Insertable<CommentsTable>;
export type TalkShowRow = Selectable<TalkShowsTable>;
export type QuestionRow = Selectable<QuestionsTable>;
export type PostVariantRow = Selectable<PostVariantsTable>;
