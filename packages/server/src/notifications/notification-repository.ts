/**
 * Notifications as stored (docs/notifications.md): recorded per person,
 * grouped while unread, listed and counted only while the person may still
 * see what they are about (the space's content, or for a notification about
 * a private space itself, the space in the directory; and the post when
 * there is one: a scheduled draft only for those who see drafts).
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import {
  NOTIFICATION_ACTORS_NAMED_MAX,
  NOTIFICATION_UNREAD_COUNTED_MAX,
  type Actor,
  type Notification,
  type NotificationKind,
  type NotificationObject,
  type NotificationPreferences,
  type UnreadCount,
} from '@ecotone/protocol';
import { defaultNotificationPreferences, normalizedNotificationPreferences, notificationExcerpt } from '@ecotone/protocol/rules';
import type { Database, NotificationsTable } from '../db/schema.js';
import { HttpProblem } from '../http/errors.js';
import { findActors } from '../people/actor-repository.js';
import type { Selectable } from 'kysely';
import { clearancesFor, labelOrderOf } from '../policy/classification.js';

export type NotificationRow = Selectable<NotificationsTable>;

/** What a notification is about, as recorded. */
export interface NotificationAbout {
  type: NotificationObject['type'];
  id: string;
  spaceId: string;
  /** The post the object belongs to (or is). */
  postId?: string | null;
  /** Plain text, already cut (see `plainExcerpt`). */
  excerpt?: string | null;
}

/** The first words of a Markdown text as a notification shows them (the shared rule); '' when nothing is left. */
export function plainExcerpt(markdown: string): string {
  return notificationExcerpt(markdown) ?? '';
}

type Db = Kysely<Database>;

/**
 * The caller's notifications they may still see at `now`: the space readable
 * to them (open, or a member), and the post, when there is one, still there
 * and published (not hidden nor held for review) or a draft they may see (its author, an owner);
 * a note likewise, unless hidden (then its owner and the space's owners only).
 */
function visibleTo(db: Db, recipientId: string, now: string) {
  const order = labelOrderOf(db);
  return db
    .selectFrom('notifications as n')
    .innerJoin('spaces as s', 's.id', 'n.space_id')
    .innerJoin('actors as r', 'r.id', 'n.recipient_id')
    .leftJoin('memberships as m', (j) => j.onRef('m.space_id', '=', 'n.space_id').onRef('m.actor_id', '=', 'n.recipient_id'))
    .leftJoin('posts as p', 'p.id', 'n.post_id')
    .leftJoin('notes as nt', (j) => j.onRef('nt.id', '=', 'n.object_id').on('n.object_type', '=', 'note'))
    .where('n.recipient_id', '=', recipientId)
    .where('n.visible_at', '<=', now)
    // On a server with labels, only spaces the recipient is cleared for (policy/classification.ts).
    .$if(order.length > 0, (q) =>
      q.where((eb) =>
        eb.or([
          eb('s.label', 'is', null),
          ...order.map((label) => {
            const cleared = clearancesFor(order, label);
            return cleared === null ? eb('s.label', '=', label) : eb.and([eb('s.label', '=', label), eb('r.clearance', 'in', cleared)]);
          }),
        ]),
      ),
    )
    // The space readable to them; a notification about a private space itself (a declined join request) only needs it listed.
    .where((eb) =>
      eb.or([
        eb('s.visibility', '=', 'open'),
        eb('m.actor_id', 'is not', null),
        eb.and([eb('n.object_type', '=', 'space'), eb('s.visibility', '=', 'private')]),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('n.post_id', 'is', null),
        eb.and([
          eb('p.id', 'is not', null),
          // Published and neither hidden nor held for review (rules/moderation.ts), or theirs, or they own the space.
          eb.or([
            eb.and([eb('p.moderation', 'is', null), eb.or([eb('p.publish_at', 'is', null), eb('p.publish_at', '<=', now)])]),
            eb('p.author_id', '=', eb.ref('n.recipient_id')),
            eb('m.role', '=', 'owner'),
          ]),
        ]),
      ]),
    )
    // A note hidden by an owner (rules/moderation.ts): only its owner and the space's owners hear of it still.
    .where((eb) => eb.or([eb('nt.moderation', 'is', null), eb('nt.owner_id', '=', eb.ref('n.recipient_id')), eb('m.role', '=', 'owner')]));
}

const LISTED_COLUMNS = [
  'n.id',
  'n.recipient_id',
  'n.kind',
  'n.object_type',
  'n.object_id',
  'n.space_id',
  'n.post_id',
  'n.excerpt',
  'n.approved',
  'n.group_key',
  'n.actor_ids',
  'n.actor_count',
  'n.created_at',
  'n.updated_at',
  'n.visible_at',
  'n.read_at',
  's.name as space_name',
] as const;

type ListedRow = NotificationRow & { space_name: string };

/** The unread count of a person, re-checked, counted up to the cap. */
export async function unreadCount(db: Db, recipientId: string, now: Date): Promise<UnreadCount> {
  const rows = await visibleTo(db, recipientId, now.toISOString())
    .select('n.id')
    .where('n.read_at', 'is', null)
    // In the order of the index, so the count stops at its cap.
    .orderBy('n.updated_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(NOTIFICATION_UNREAD_COUNTED_MAX + 1)
    .execute();
  return { unread: Math.min(rows.length, NOTIFICATION_UNREAD_COUNTED_MAX), more: rows.length > NOTIFICATION_UNREAD_COUNTED_MAX };
}

/** Position of the last notification of a page: its phase (`u` unread, `r` read, `a` all), time and id. */
interface NotificationPosition {
  phase: 'u' | 'r' | 'a';
  updatedAt: string;
  id: number;
}

const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function encodePosition(p: NotificationPosition): string {
  return Buffer.from(`${p.phase}|${p.updatedAt}|${p.id}`, 'utf8').toString('base64url');
}

function decodePosition(cursor: string): NotificationPosition {
  const [phase = '', updatedAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !['u', 'r', 'a'].includes(phase) || !TIMESTAMP_PATTERN.test(updatedAt) || !/^\d{1,15}$/.test(id)) {
    throw new HttpProblem('invalid_cursor', 'The cursor is not one this server issued');
  }
  return { phase: phase as NotificationPosition['phase'], updatedAt, id: Number(id) };
}

function after<Q extends SelectQueryBuilder<Database & { n: NotificationsTable }, 'n', object>>(query: Q, position: NotificationPosition | null): Q {
  if (!position) return query;
  return query.where((eb) =>
    eb.or([eb('n.updated_at', '<', position.updatedAt), eb.and([eb('n.updated_at', '=', position.updatedAt), eb('n.id', '<', position.id)])]),
  ) as Q;
}

/**
 * A page of a person's notifications they may still see: newest first, or
 * unread first (then the read ones), each part newest first.
 */
export async function listNotifications(
  db: Db,
  recipientId: string,
  options: { order: 'newest' | 'unread'; cursor?: string; limit: number; now: Date },
): Promise<{ rows: ListedRow[]; nextCursor: string | null }> {
  const now = options.now.toISOString();
  const position = options.cursor ? decodePosition(options.cursor) : null;
  const page = async (phase: NotificationPosition['phase'], from: NotificationPosition | null, limit: number): Promise<ListedRow[]> => {
    let query = visibleTo(db, recipientId, now).select(LISTED_COLUMNS);
    if (phase === 'u') query = query.where('n.read_at', 'is', null);
    if (phase === 'r') query = query.where('n.read_at', 'is not', null);
    query = after(query, from);
    return (await query.orderBy('n.updated_at', 'desc').orderBy('n.id', 'desc').limit(limit).execute()) as ListedRow[];
  };
  const limit = options.limit;
  let rows: { row: ListedRow; phase: NotificationPosition['phase'] }[] = [];
  if (options.order === 'newest') {
    rows = (await page('a', position, limit + 1)).map((row) => ({ row, phase: 'a' }));
  } else {
    if (!position || position.phase === 'u') rows = (await page('u', position, limit + 1)).map((row) => ({ row, phase: 'u' }));
    if (rows.length <= limit) {
      const fromRead = position?.phase === 'r' ? position : null;
      const read = await page('r', fromRead, limit + 1 - rows.length);
      rows = [...rows, ...read.map((row) => ({ row, phase: 'r' as const }))];
    }
  }
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown.map((r) => r.row),
    nextCursor: more && last ? encodePosition({ phase: last.phase, updatedAt: last.row.updated_at, id: Number(last.row.id) }) : null,
  };
}

/** One listed notification as its person sees it (the actors as they are now). */
export function notificationView(row: ListedRow, actors: ReadonlyMap<string, Actor>): Notification {
  const ids = JSON.parse(row.actor_ids) as string[];
  return {
    id: String(row.id),
    kind: row.kind as NotificationKind,
    actors: ids.flatMap((id) => {
      const actor = actors.get(id);
      return actor ? [actor] : [];
    }),
    actorCount: row.actor_count,
    object: {
      type: row.object_type as NotificationObject['type'],
      id: row.object_id,
      spaceId: row.space_id,
      spaceName: row.space_name,
      ...(row.post_id ? { postId: row.post_id } : {}),
      ...(row.excerpt ? { excerpt: row.excerpt } : {}),
    },
    ...(row.approved !== null ? { approved: row.approved === 1 } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    read: row.read_at !== null,
  };
}

/** The wire notifications of these rows, loading their actors in one query. */
export async function notificationViews(db: Db, rows: readonly ListedRow[]): Promise<Notification[]> {
  const actors = await findActors(db, rows.flatMap((r) => JSON.parse(r.actor_ids) as string[]));
  return rows.map((row) => notificationView(row, actors));
}

/** These notifications of a person as listed (for the live events), whatever their read state, if still visible. */
export async function findVisibleNotifications(db: Db, recipientId: string, ids: readonly number[], now: Date): Promise<Notification[]> {
  if (ids.length === 0) return [];
  const rows = (await visibleTo(db, recipientId, now.toISOString()).select(LISTED_COLUMNS).where('n.id', 'in', [...ids]).execute()) as ListedRow[];
  return notificationViews(db, rows);
}

/** Marks one notification of a person read; false when it is not theirs. */
export async function markRead(db: Db, recipientId: string, id: number, now: Date): Promise<boolean> {
  const row = await db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('recipient_id', '=', recipientId).executeTakeFirst();
  if (!row) return false;
  if (row.read_at === null) await db.updateTable('notifications').set({ read_at: now.toISOString() }).where('id', '=', id).execute();
  return true;
}

/** Marks every unread notification of a person read; returns how many changed. */
export async function markAllRead(db: Db, recipientId: string, now: Date): Promise<number> {
  // In batches found through the index: years of unread notifications never make one long statement.
  let changed = 0;
  for (;;) {
    const batch = await db
      .selectFrom('notifications')
      .select('id')
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MARK_READ_BATCH)
      .execute();
    if (batch.length === 0) return changed;
    await db
      .updateTable('notifications')
      .set({ read_at: now.toISOString() })
      .where('id', 'in', batch.map((r) => r.id))
      .execute();
    changed += batch.length;
    if (batch.length < MARK_READ_BATCH) return changed;
  }
}

/** Notifications marked read per statement by "mark all as read". */
const MARK_READ_BATCH = 500;

/** Each person's preferences (the defaults for those who never changed them). */
export async function preferencesOf(db: Db, actorIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
  const out = new Map<string, NotificationPreferences>(actorIds.map((id) => [id, defaultNotificationPreferences()]));
  if (actorIds.length === 0) return out;
  const rows = await db.selectFrom('notification_preferences').selectAll().where('actor_id', 'in', [...new Set(actorIds)]).execute();
  for (const row of rows) {
    out.set(row.actor_id, { kinds: JSON.parse(row.kinds) as NotificationKind[], mutedSpaces: JSON.parse(row.muted_spaces) as string[] });
  }
  return out;
}

/** Stores a person's preferences; returns them as stored. */
export async function savePreferences(db: Db, actorId: string, prefs: NotificationPreferences, now: Date): Promise<NotificationPreferences> {
  const stored = normalizedNotificationPreferences(prefs);
  const values = { kinds: JSON.stringify(stored.kinds), muted_spaces: JSON.stringify(stored.mutedSpaces), updated_at: now.toISOString() };
  await db
    .insertInto('notification_preferences')
    .values({ actor_id: actorId, ...values })
    .onConflict((oc) => oc.column('actor_id').doUpdateSet(values))
    .execute();
  return stored;
}

/**
 * Records one notification for a person, or grows their unread one of the
 * same group (`groupKey`): the actor joins it (counted once), it moves to
 * the top. Returns its id.
 */
export async function recordOne(
  db: Db,
  input: { recipientId: string; kind: NotificationKind; about: NotificationAbout; actorId: string | null; approved?: boolean; groupKey: string | null; now: string },
): Promise<number> {
  const { recipientId, kind, about, actorId, groupKey, now } = input;
  if (groupKey !== null) {
    const open = await db
      .selectFrom('notifications')
      .select(['id', 'actor_ids', 'actor_count'])
      .where('group_key', '=', groupKey)
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    if (open) {
      let count = open.actor_count;
      let ids = JSON.parse(open.actor_ids) as string[];
      if (actorId !== null) {
        const added = await db
          .insertInto('notification_actors')
          .values({ notification_id: Number(open.id), actor_id: actorId })
          .onConflict((oc) => oc.columns(['notification_id', 'actor_id']).doNothing())
          .executeTakeFirst();
        if (Number(added.numInsertedOrUpdatedRows ?? 0) > 0) count += 1;
        ids = [actorId, ...ids.filter((id) => id !== actorId)].slice(0, NOTIFICATION_ACTORS_NAMED_MAX);
      }
      await db
        .updateTable('notifications')
        .set({ actor_ids: JSON.stringify(ids), actor_count: count, updated_at: now, ...(about.excerpt ? { excerpt: about.excerpt } : {}) })
        .where('id', '=', open.id)
        .execute();
      return Number(open.id);
    }
  }
  const row = await db
    .insertInto('notifications')
    .values({
      recipient_id: recipientId,
      kind,
      object_type: about.type,
      object_id: about.id,
      space_id: about.spaceId,
      post_id: about.postId ?? null,
      excerpt: about.excerpt ?? null,
      approved: input.approved === undefined ? null : input.approved ? 1 : 0,
      group_key: groupKey,
      actor_ids: JSON.stringify(actorId === null ? [] : [actorId]),
      actor_count: actorId === null ? 0 : 1,
      created_at: now,
      updated_at: now,
      visible_at: now,
      read_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (actorId !== null) await db.insertInto('notification_actors').values({ notification_id: id, actor_id: actorId }).execute();
  return id;
}

/** Deletes the notifications about these objects (being deleted), or about any object of these posts. */
export async function deleteNotificationsAbout(db: Db, about: { objectIds?: readonly string[]; postId?: string }): Promise<void> {
  const ids = [...(about.objectIds ?? [])];
  const doomed = db
    .selectFrom('notifications')
    .select('id')
    .where((eb) => {
      const parts = [];
      if (ids.length > 0) parts.push(eb('object_id', 'in', ids));
      if (about.postId !== undefined) parts.push(eb('post_id', '=', about.postId));
      return parts.length > 0 ? eb.or(parts) : eb.val(false);
    });
  await db.deleteFrom('notification_actors').where('notification_id', 'in', doomed).execute();
  await db.deleteFrom('notifications').where('id', 'in', doomed).execute();
}
