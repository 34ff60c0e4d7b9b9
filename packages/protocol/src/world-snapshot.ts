/**
 * The world export format: everything an Ecotone backend holds (people,
 * spaces, memberships, join requests, posts, polls with ballots, comments,
 * reactions, acknowledgements, knowledge notes), as plain JSON with a format
 * name and a version. Core's in-memory and local backends write it
 * (`MemoryWorld.snapshot()`, `LocalTransport.exportJson()`); the reference
 * server imports it (`ecotone import <file>`). Here, in the wire contract,
 * so that both sides read the same definition.
 *
 * Version 1 is {@link WorldSnapshot}. A later version adds a migration in
 * {@link readSnapshot} from the previous one; a reader refuses a version it
 * does not know rather than guess.
 */
import type { Actor, Comment, JoinRequest, KnowledgeNote, LinkPreview, Me, NoteRevision, NotificationKind, NotificationObject, NotificationPreferences, Post, Space, SpaceMember } from './wire-types.js';
import type { PollDefinition } from './rules/polls.js';

/** The reactions of one object (a post or a comment): counts, and each person's own kinds by actor id. */
export interface WorldReactions {
  /** The post or comment reacted to. */
  objectId: string;
  /** Its space. */
  spaceId: string;
  /** The post the object is or belongs to. */
  postId: string;
  /** Everyone's counts by kind, people the world does not name included. */
  counts: Record<string, number>;
  /** Each known person's kinds, by actor id. */
  mine: Record<string, string[]>;
}

/** A poll: its definition, its tally, and the ballots of the people the world knows, by voter id. */
export interface WorldPoll {
  /** What the poll asks and how (no one's ballot, no results). */
  poll: PollDefinition;
  /** Everyone who voted, people the world does not name included. */
  voters: number;
  /** Everyone's choices counted, by option id. */
  counts: Record<string, number>;
  /** Each known person's choices, by actor id (keyed per person even for anonymous polls: the server keys them anew). */
  ballots: Record<string, string[]>;
}

/** A comment as kept: without what depends on the viewer; a placeholder of a deleted comment with replies has `deleted`. */
export type WorldComment = Omit<Comment, 'reactions' | 'canEdit' | 'canDelete'>;

/** A knowledge note as kept (without `canEdit`), with its revisions, oldest first. */
export interface WorldNote {
  /** The note as it is now. */
  note: Omit<KnowledgeNote, 'canEdit'>;
  /** Every revision, the first (its creation) included. */
  history: NoteRevision[];
}

/** The `format` field of every snapshot. */
export const WORLD_SNAPSHOT_FORMAT = 'ecotone-world';
/** The version written by this code; older ones are migrated on restore. */
export const WORLD_SNAPSHOT_VERSION = 1;

/**
 * A whole world, as core's `MemoryWorld.snapshot()` writes it. What depends on
 * the viewer (a space's `role`, a post's `reactions.mine`, `canEdit`…) is not
 * in it: reactions, ballots and acknowledgements are stored per person.
 */
export interface WorldSnapshot {
  /** Always `ecotone-world`: what the file is. */
  format: typeof WORLD_SNAPSHOT_FORMAT;
  /** The version of this format the file follows. */
  version: typeof WORLD_SNAPSHOT_VERSION;
  /** When it was taken (ISO 8601). */
  exportedAt: string;
  /** The reaction kinds the world accepts (start the server with the same `--reaction-kinds`). */
  reactionKinds: string[];
  /** What the world does (`GET /me`'s capabilities). */
  capabilities?: Me['capabilities'];
  /** Everyone the world knows. */
  people: Actor[];
  /** Spaces without the viewer's fields (`role` null, `canPublish` false). */
  spaces: Space[];
  /** Everyone's membership, by space id. */
  members: Record<string, SpaceMember[]>;
  /** Pending requests to join private spaces. */
  joinRequests: JoinRequest[];
  /** Posts as written: no `polls` (see `polls`), `reactions.mine` empty (see `reactions`), `publishAt` and `pinned` as asked. */
  posts: Post[];
  /** Who acknowledged each post that asks for it (a post asking with nobody yet has an empty list). */
  acknowledgements: Record<string, { actorId: string; site: string | null }[]>;
  /** Scheduled posts whose `post.created` has not gone out yet. */
  scheduled: string[];
  /** Polls with their tally and the ballots of known people. */
  polls: WorldPoll[];
  /** Reactions of every post and comment: counts, and each person's own kinds. */
  reactions: WorldReactions[];
  /** Comments, placeholders of deleted ones with replies included. */
  comments: WorldComment[];
  /** Knowledge notes with their revisions. */
  notes: WorldNote[];
  /** What `POST /previews` answers, by URL. */
  previews: Record<string, LinkPreview>;
  /** Whether link previews are off, as on a server run with `--egress off`. */
  previewsDisabled: boolean;
  /** The numbers the next local ids take (`mem-post-<n>`…), so ids are never reused. */
  counters: { posts: number; polls: number; comments: number; notes: number };
  /** Everyone's notifications and preferences (absent in files written before them: none). */
  notifications?: WorldNotifications;
}

/** Notifications as a world keeps them: per person, with who acted, and each person's preferences. */
export interface WorldNotifications {
  /** Every notification of every person, as the in-memory backend keeps them (grouped ones with all their actors). */
  items: {
    id: string;
    recipientId: string;
    kind: NotificationKind;
    /** Every distinct actor, latest first. */
    actorIds: string[];
    object: Pick<NotificationObject, 'type' | 'id' | 'spaceId' | 'postId'>;
    approved?: boolean;
    createdAt: string;
    updatedAt: string;
    read: boolean;
    groupKey: string | null;
  }[];
  /** Each person's preferences, by actor id (absent: the defaults). */
  preferences: Record<string, NotificationPreferences>;
  /** The number the next notification id takes. */
  next: number;
}

/** A snapshot that cannot be read: not JSON, another format, an unknown version, a missing part. */
export class SnapshotError extends Error {
  /** `SnapshotError`: tells it apart where the class may come from another copy of this package. */
  override readonly name = 'SnapshotError';
}

const ARRAYS = ['reactionKinds', 'people', 'spaces', 'joinRequests', 'posts', 'scheduled', 'polls', 'reactions', 'comments', 'notes'] as const;
const RECORDS = ['members', 'acknowledgements', 'previews', 'counters'] as const;

/**
 * Checks that `value` is a snapshot this code reads (format, version, every
 * part of the right shape) and returns it, migrated to the current version;
 * throws a {@link SnapshotError} that says what is wrong otherwise.
 */
export function readSnapshot(value: unknown): WorldSnapshot {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (error) {
      throw new SnapshotError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SnapshotError('not an Ecotone world: expected a JSON object');
  const record = value as Record<string, unknown>;
  if (record['format'] !== WORLD_SNAPSHOT_FORMAT) {
    throw new SnapshotError(`not an Ecotone world: "format" is ${JSON.stringify(record['format'])}, expected "${WORLD_SNAPSHOT_FORMAT}"`);
  }
  const version = record['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new SnapshotError(`"version" must be a whole number, got ${JSON.stringify(version)}`);
  if (version > WORLD_SNAPSHOT_VERSION) {
    throw new SnapshotError(`version ${version} is newer than this software reads (${WORLD_SNAPSHOT_VERSION}): update it first`);
  }
  for (const key of ARRAYS) if (!Array.isArray(record[key])) throw new SnapshotError(`"${key}" must be a list`);
  for (const key of RECORDS) {
    const part = record[key];
    if (typeof part !== 'object' || part === null || Array.isArray(part)) throw new SnapshotError(`"${key}" must be an object`);
  }
  const counters = record['counters'] as Record<string, unknown>;
  for (const key of ['posts', 'polls', 'comments', 'notes']) {
    if (typeof counters[key] !== 'number') throw new SnapshotError(`"counters.${key}" must be a number`);
  }
  return value as WorldSnapshot;
}
