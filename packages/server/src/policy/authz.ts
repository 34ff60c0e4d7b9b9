/**
 * Authorisation guards: every route calls these to decide who may see or do
 * what in a space. The rules themselves are pure functions in
 * `@ecotone/protocol/rules`, shared with the in-process transports; a guard
 * reads the database, then asks them, and none re-implements one.
 *
 * Rules (DESIGN.md):
 * - `open` spaces: everyone in the organisation lists and reads them and may
 *   react. Only members publish: a non-member of an open space may read and
 *   react but not publish (403), because a space's members own its
 *   conversation; joining is the way in.
 * - `private` spaces: listed to everyone (GET /spaces and GET /spaces/:id
 *   answer), but content (feed, posts, reactions, events) only to members;
 *   non-members get 404 on content.
 * - `secret` spaces: members only and unlisted; 404 for non-members
 *   everywhere, never 403, so their existence is not confirmed.
 * - Roles: `reader` reads and reacts but does not publish; only `owner` and
 *   `correspondent` publish announcements.
 * - Polls are visible exactly when their space (and post) is; whoever may
 *   read the space may vote (like reacting); whoever may publish a post
 *   there may create a standalone poll; the author or a space owner closes.
 *   Results follow the poll's `resultsVisibility` (canSeeResults).
 * - Knowledge notes are visible exactly when their space is readable (404
 *   otherwise, in search and listings too); whoever may publish a post there
 *   may create one; owners and correspondents of the space, and the note's
 *   owner, edit and delete it.
 * - Scheduled posts are drafts until their `publishAt`: only their author and
 *   the space's owners see them (404 for everyone else, comments included).
 * - Owners and correspondents pin and unpin announcements; whoever may read a
 *   post acknowledges it; its author and the space's owners see who did, per site.
 * - Membership: whoever may read a space sees its members. An open space is
 *   joined at once; a private one by asking its owners, who approve or
 *   decline; a secret one only by an owner adding the person (404 to anyone
 *   else). Owners add people, change roles and remove members; anyone leaves
 *   on their own; the person who asked withdraws their request. Changes of
 *   someone's place in a space reach that person and the space's owners only.
 * - A post is deleted by its author or an owner of its space, with everything
 *   attached to it; notes promoted from it stay, without the link back.
 * - Comments are visible exactly when their post is (404 otherwise); whoever
 *   may publish a post in the space may comment (readers and non-members of
 *   an open space read and react, 403 on commenting); the author edits; the
 *   author or a space owner deletes.
 */
import type { Kysely } from 'kysely';
import { canDeletePost, effectiveLabel, type Actor, type LabelOrder, type PostKind, type Role, type Space } from '@ecotone/protocol';
import {
  canClosePoll,
  canComment,
  canCreateNote,
  canDeleteComment,
  canEditComment,
  canEditNote,
  canEditPost,
  canListSpace,
  canManageMembers,
  canPin,
  canPublish,
  canReact,
  canReadSpace,
  canSeePost,
  canVote,
  seesModerated,
} from '@ecotone/protocol/rules';
import type { Database } from '../db/schema.js';
import { moderationState } from '../moderation/moderation-state.js';
import { forbidden, notFound } from '../http/errors.js';
import {
  findRole,
  findSpace,
  findSpaces,
  listMemberships,
  listSpaces,
  type SpaceFilter,
  type SpaceRecord,
} from '../spaces/space-repository.js';
import { findObjectPlace } from '../posts/post-repository.js';
import { findPoll, type PollRecord } from '../polls/poll-repository.js';
import { findNote, type NoteRecord } from '../notes/note-repository.js';
import { findPost, type PostWithAuthorRow } from '../posts/post-repository.js';
import { findComment, type CommentWithAuthorRow } from '../comments/comment-repository.js';
import { noteSpaceRead } from '../audit/secret-reads.js';
import { clearedToRead } from './classification.js';

/** The caller's standing in a space beyond their role, and its size. */
export interface SpaceStanding {
  memberCount: number;
  /** The caller asked to join and awaits an owner. */
  pending: boolean;
  /** The server's classification labels, lowest first (empty: none, and no label is sent). */
  order: LabelOrder;
}

/** The wire Space as the caller sees it. */
export function spaceView(space: SpaceRecord, role: Role | null, standing: SpaceStanding): Space {
  return {
    id: space.id,
    name: space.name,
    description: space.description,
    visibility: space.visibility,
    ...(space.site ? { site: space.site } : {}),
    locale: space.locale,
    role,
    canPublish: canPublish(role),
    memberCount: standing.memberCount,
    ...(standing.pending && role === null ? { joinRequest: 'pending' as const } : {}),
    ...(standing.order.length > 0 ? { label: effectiveLabel(standing.order, space.label)! } : {}),
    capabilities: space.capabilities,
    ...(space.retentionDays !== null ? { retentionDays: space.retentionDays } : {}),
  };
}

export interface SpaceAccess {
  space: SpaceRecord;
  role: Role | null;
}

/**
 * Whether `actor`, with `role`, may read `space`'s content: the space's
 * visibility allows it and, on a server with classification labels, the
 * caller is cleared for its label (policy/classification.ts). When they may,
 * the read is noted for the audit trail (audit/secret-reads.ts: secret
 * spaces only, when the operator asks for it). Every guard of a content
 * read asks here, so a space above a caller's clearance is, for them, a
 * space they cannot read: absent from feeds, search, notes and live events.
 */
function readsSpace(actor: Actor, space: SpaceRecord, role: Role | null): boolean {
  if (!canReadSpace(space.visibility, role) || !clearedToRead(actor, space.label)) return false;
  noteSpaceRead(space);
  return true;
}

/** The space if the caller may list it; otherwise not_found. */
export async function requireListedSpace(db: Kysely<Database>, actor: Actor, spaceId: string): Promise<SpaceAccess> {
  const space = await findSpace(db, spaceId);
  if (!space) throw notFound('Space');
  const role = await findRole(db, space.id, actor.id);
  if (!canListSpace(space.visibility, role)) throw notFound('Space');
  return { space, role };
}

/** The space and the caller's role if the caller may read its content, else null. */
export async function findReadableSpace(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string,
): Promise<SpaceAccess | null> {
  const space = await findSpace(db, spaceId);
  if (!space) return null;
  const role = await findRole(db, space.id, actor.id);
  return readsSpace(actor, space, role) ? { space, role } : null;
}

/** The space if the caller may read its content; otherwise not_found. */
export async function requireReadableSpace(db: Kysely<Database>, actor: Actor, spaceId: string): Promise<SpaceAccess> {
  const access = await findReadableSpace(db, actor, spaceId);
  if (!access) throw notFound('Space');
  return access;
}

/** The space if the caller may publish `kind` in it; 404 if unreadable, 403 if only readable. */
export async function requirePublishableSpace(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string,
  kind: PostKind,
): Promise<SpaceAccess> {
  const access = await requireReadableSpace(db, actor, spaceId);
  if (!canPublish(access.role, 'note')) throw forbidden('You may not publish in this space');
  if (!canPublish(access.role, kind)) throw forbidden('Only owners and correspondents publish announcements');
  return access;
}

/** What decides who sees a post: its author, its schedule, its moderation. */
function postFacts(row: PostWithAuthorRow) {
  return { authorId: row.post.author_id, publishAt: row.post.publish_at, moderation: moderationState(row.post.moderation) };
}

/**
 * Scheduled drafts are hidden from everyone but their author and the space's
 * owners, and so is everything attached to them (polls, comments, reactions):
 * throws not_found for anyone else.
 */
async function hideDraftPost(
  db: Kysely<Database>,
  actor: Actor,
  postId: string,
  role: Role | null,
  now: Date,
  what: string,
): Promise<void> {
  const row = await findPost(db, postId);
  if (row && !canSeePost(postFacts(row), actor.id, role, now)) throw notFound(what);
}

/** The space holding a reactable object, if the caller may react to it; otherwise not_found. */
export async function requireReactableObject(
  db: Kysely<Database>,
  actor: Actor,
  objectId: string,
  now: Date,
): Promise<SpaceAccess> {
  const place = await findObjectPlace(db, objectId);
  if (!place) throw notFound('Object');
  const access = await findReadableSpace(db, actor, place.spaceId);
  if (!access) throw notFound('Object');
  await hideDraftPost(db, actor, place.postId, access.role, now, 'Object');
  if (!canReact(access.space.visibility, access.role)) throw forbidden('You may not react here');
  return access;
}

/** Filters of the spaces directory (the caller's own spaces with `mine`). */
export interface DirectoryFilter extends Omit<SpaceFilter, 'memberId'> {
  mine?: boolean;
}

/** Every space the caller may list (matching the filter), with the caller's role in each. */
export async function listedSpaces(db: Kysely<Database>, actor: Actor, filter: DirectoryFilter = {}): Promise<SpaceAccess[]> {
  const { mine, ...rest } = filter;
  const spaceFilter: SpaceFilter = mine ? { ...rest, memberId: actor.id } : rest;
  const [spaces, memberships] = await Promise.all([listSpaces(db, spaceFilter), listMemberships(db, actor.id)]);
  const roles = new Map(memberships.map((m) => [m.spaceId, m.role]));
  return spaces
    .map((space) => ({ space, role: roles.get(space.id) ?? null }))
    .filter(({ space, role }) => canListSpace(space.visibility, role));
}

/** The spaces whose content (and live events) the caller may read, with the caller's role in each. */
export async function readableSpaceRoles(db: Kysely<Database>, actor: Actor): Promise<Map<string, Role | null>> {
  const listed = await listedSpaces(db, actor);
  return new Map(listed.filter(({ space, role }) => readsSpace(actor, space, role)).map(({ space, role }) => [space.id, role]));
}

/** Ids of the spaces whose content (and live events) the caller may read. */
export async function readableSpaceIds(db: Kysely<Database>, actor: Actor): Promise<Set<string>> {
  return new Set((await readableSpaceRoles(db, actor)).keys());
}

/**
 * Where a read finds spaces and the caller's roles: the database
 * (`spaceRowsOf`), or the rows kept for readers (spaces/reader-cache.ts).
 */
export interface SpaceRows {
  spaces(ids: readonly string[]): Promise<ReadonlyMap<string, SpaceRecord>>;
  roles(actorId: string): Promise<ReadonlyMap<string, Role>>;
}

/** Space and role rows read from the database as they are now. */
export function spaceRowsOf(db: Kysely<Database>): SpaceRows {
  return {
    spaces: (ids) => findSpaces(db, ids),
    roles: async (actorId) => new Map((await listMemberships(db, actorId)).map((m) => [m.spaceId, m.role])),
  };
}

/**
 * The spaces if the caller may read every one of them (duplicates ignored,
 * order kept); otherwise not_found, naming none: a feed over several spaces
 * must not tell which of them exist.
 */
export async function requireReadableSpaces(rows: SpaceRows, actor: Actor, spaceIds: readonly string[]): Promise<SpaceAccess[]> {
  const ids = [...new Set(spaceIds)];
  const [spaces, roles] = await Promise.all([rows.spaces(ids), rows.roles(actor.id)]);
  return ids.map((id) => {
    const space = spaces.get(id);
    const role = roles.get(id) ?? null;
    if (!space || !readsSpace(actor, space, role)) throw notFound('Space');
    return { space, role };
  });
}

/**
 * The spaces a search of posts covers, with the caller's role in each: the
 * named ones when the caller may read every one of them (otherwise
 * not_found, as for a feed over several spaces), or else every space the
 * caller may read. Nothing of another space is ever matched or counted.
 */
export async function searchableSpaces(
  db: Kysely<Database>,
  actor: Actor,
  spaceIds: readonly string[] | undefined,
): Promise<SpaceAccess[]> {
  if (spaceIds !== undefined) return requireReadableSpaces(spaceRowsOf(db), actor, spaceIds);
  const listed = await listedSpaces(db, actor);
  return listed.filter(({ space, role }) => readsSpace(actor, space, role));
}

/** The space if the caller manages its members; 404 if invisible, 403 for anyone else who sees it. */
export async function requireMemberAdmin(db: Kysely<Database>, actor: Actor, spaceId: string): Promise<SpaceAccess> {
  const access = await requireListedSpace(db, actor, spaceId);
  if (!canManageMembers(access.role)) throw forbidden('Only owners of the space manage its members');
  return access;
}

export interface PollAccess extends SpaceAccess {
  poll: PollRecord;
}

/** The poll if the caller may see it (its space is readable); otherwise not_found. */
export async function requireVisiblePoll(
  db: Kysely<Database>,
  actor: Actor,
  pollId: string,
  now: Date,
): Promise<PollAccess> {
  const poll = await findPoll(db, pollId);
  if (!poll) throw notFound('Poll');
  // A post lives in its poll's space, so the space decides for both.
  const access = await findReadableSpace(db, actor, poll.spaceId);
  if (!access) throw notFound('Poll');
  if (poll.postId) await hideDraftPost(db, actor, poll.postId, access.role, now, 'Poll');
  return { ...access, poll };
}

/** The poll if the caller may vote on it; 404 if invisible, 403 if only visible. */
export async function requireVotablePoll(
  db: Kysely<Database>,
  actor: Actor,
  pollId: string,
  now: Date,
): Promise<PollAccess> {
  const access = await requireVisiblePoll(db, actor, pollId, now);
  if (!canVote(access.space.visibility, access.role)) throw forbidden('You may not vote here');
  return access;
}

/** The poll if the caller may close it; 404 if invisible, 403 if not its author or a space owner. */
export async function requireClosablePoll(
  db: Kysely<Database>,
  actor: Actor,
  pollId: string,
  now: Date,
): Promise<PollAccess> {
  const access = await requireVisiblePoll(db, actor, pollId, now);
  if (!canClosePoll(access.poll, actor.id, access.role)) {
    throw forbidden('Only the author of the poll or an owner of the space may close it');
  }
  return access;
}

/** The space if the caller may create notes there; 404 if unreadable, 403 if only readable. */
export async function requireNoteSpace(db: Kysely<Database>, actor: Actor, spaceId: string): Promise<SpaceAccess> {
  const access = await requireReadableSpace(db, actor, spaceId);
  if (!canCreateNote(access.role)) throw forbidden('You may not create notes in this space');
  return access;
}

export interface NoteAccess extends SpaceAccess {
  note: NoteRecord;
}

/** The note if the caller may read its space; otherwise not_found. */
export async function requireVisibleNote(db: Kysely<Database>, actor: Actor, noteId: string): Promise<NoteAccess> {
  const note = await findNote(db, noteId);
  if (!note) throw notFound('Note');
  const access = await findReadableSpace(db, actor, note.spaceId);
  if (!access) throw notFound('Note');
  // Hidden by an owner: its owner and the space's owners only (rules/moderation.ts).
  if (!seesModerated({ authorId: note.ownerId, moderation: moderationState(note.moderation) }, actor.id, access.role)) throw notFound('Note');
  return { ...access, note };
}

/** The note if the caller may edit it; 404 if invisible, 403 if only visible. */
export async function requireEditableNote(db: Kysely<Database>, actor: Actor, noteId: string): Promise<NoteAccess> {
  const access = await requireVisibleNote(db, actor, noteId);
  if (!canEditNote(access.note, actor.id, access.role)) {
    throw forbidden('Only owners and correspondents of the space, and the note\'s owner, may change this note');
  }
  return access;
}

export interface PostAccess extends SpaceAccess {
  row: PostWithAuthorRow;
}

/**
 * The post if the caller may read its space and, while it is a scheduled
 * draft at `now`, is its author or an owner of the space; otherwise not_found.
 */
export async function requireReadablePost(
  db: Kysely<Database>,
  actor: Actor,
  postId: string,
  now: Date,
): Promise<PostAccess> {
  const row = await findPost(db, postId);
  if (!row) throw notFound('Post');
  const access = await findReadableSpace(db, actor, row.post.space_id);
  if (!access) throw notFound('Post');
  if (!canSeePost(postFacts(row), actor.id, access.role, now)) throw notFound('Post');
  return { ...access, row };
}

/** The post if the caller may pin it; 404 if invisible, 403 if only readable. */
export async function requirePinnablePost(db: Kysely<Database>, actor: Actor, postId: string, now: Date): Promise<PostAccess> {
  const access = await requireReadablePost(db, actor, postId, now);
  if (!canPin(access.role)) throw forbidden('Only owners and correspondents of the space pin posts');
  return access;
}

/** The post if the caller wrote it; 404 if invisible, 403 if only visible. */
export async function requireEditablePost(db: Kysely<Database>, actor: Actor, postId: string, now: Date): Promise<PostAccess> {
  const access = await requireReadablePost(db, actor, postId, now);
  if (!canEditPost({ authorId: access.row.post.author_id }, actor.id)) throw forbidden('Only the author of the post may change it');
  return access;
}

/** The post if the caller may delete it; 404 if invisible, 403 if neither its author nor a space owner. */
export async function requireDeletablePost(db: Kysely<Database>, actor: Actor, postId: string, now: Date): Promise<PostAccess> {
  const access = await requireReadablePost(db, actor, postId, now);
  if (!canDeletePost({ authorId: access.row.post.author_id }, actor.id, access.role)) {
    throw forbidden('Only the author of the post or an owner of the space may delete it');
  }
  return access;
}

/** The post if the caller may comment on it; 404 if invisible, 403 if only visible. */
export async function requireCommentablePost(
  db: Kysely<Database>,
  actor: Actor,
  postId: string,
  now: Date,
): Promise<PostAccess> {
  const access = await requireReadablePost(db, actor, postId, now);
  if (!canComment(access.role)) throw forbidden('You may not comment in this space');
  return access;
}

export interface CommentAccess extends SpaceAccess {
  row: CommentWithAuthorRow;
}

/** The comment if the caller may read its post (a draft's only for those who see the draft); otherwise not_found. */
export async function requireVisibleComment(db: Kysely<Database>, actor: Actor, commentId: string, now: Date): Promise<CommentAccess> {
  const row = await findComment(db, commentId);
  if (!row) throw notFound('Comment');
  const access = await findReadableSpace(db, actor, row.comment.space_id);
  if (!access) throw notFound('Comment');
  await hideDraftPost(db, actor, row.comment.post_id, access.role, now, 'Comment');
  if (!seesModerated({ authorId: row.comment.author_id, moderation: moderationState(row.comment.moderation) }, actor.id, access.role)) throw notFound('Comment');
  return { ...access, row };
}

const commentFacts = (row: CommentWithAuthorRow) => ({
  authorId: row.comment.author_id,
  deleted: row.comment.deleted_at !== null,
});

/** The comment if the caller may edit it; 404 if invisible or deleted, 403 if not its author. */
export async function requireEditableComment(db: Kysely<Database>, actor: Actor, commentId: string, now: Date): Promise<CommentAccess> {
  const access = await requireVisibleComment(db, actor, commentId, now);
  if (access.row.comment.deleted_at !== null) throw notFound('Comment');
  if (!canEditComment(commentFacts(access.row), actor.id)) throw forbidden('Only the author of the comment may edit it');
  return access;
}

/** The comment if the caller may delete it; 404 if invisible or deleted, 403 if neither its author nor a space owner. */
export async function requireDeletableComment(db: Kysely<Database>, actor: Actor, commentId: string, now: Date): Promise<CommentAccess> {
  const access = await requireVisibleComment(db, actor, commentId, now);
  if (access.row.comment.deleted_at !== null) throw notFound('Comment');
  if (!canDeleteComment(commentFacts(access.row), actor.id, access.role)) {
    throw forbidden('Only the author of the comment or an owner of the space may delete it');
  }
  return access;
}
