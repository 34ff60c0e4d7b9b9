/**
 * Records notifications inside the transaction of the change that causes them
 * (docs/notifications.md), with their live events:
 *
 * - `recordNotices`: for a few people named by the change (mentioned, the
 *   author of the post commented on, the person added to a space…): each
 *   person's preferences, grouping while unread, and one `notification.created`
 *   for their streams only (audience `only`), with their new count. Nothing is
 *   sent about what they may not see yet (a scheduled draft): it is listed
 *   once it is published.
 * - `recordSpaceNotice`: for every member of a space at once (an announcement
 *   asking them to confirm it): one INSERT … SELECT over the memberships, and
 *   one stored event (audience `notified`) that the stream shapes for each
 *   connected person it was recorded for (live/shaping.ts).
 *
 * After commit, the caller publishes the events and hands the notifications to
 * the delivery hook, if the server has one (`--notify-module`).
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Notification, NotificationCreatedEvent, NotificationKind, NotificationObject, NotificationReadEvent, UnreadCount } from '@ecotone/protocol';
import { engineOf } from '../db/engine.js';
import { defaultNotificationPreferences, notificationGroupKey, wantsNotification } from '@ecotone/protocol/rules';
import type { Database, NotificationFanoutsTable, NotificationPreferencesTable } from '../db/schema.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { insertEvent } from '../live/event-repository.js';
import type { EventTransaction } from '../live/event-transaction.js';
import { findVisibleNotifications, preferencesOf, recordOne, unreadCount, type NotificationAbout } from './notification-repository.js';
import { clearancesFor } from '../policy/classification.js';
import type { LabelOrder } from '@ecotone/protocol';

/** The `space_id` of events about one person's own business: no space, so no `?spaces=` filter drops them. */
export const PERSONAL_EVENTS = '~';

/** Something that happened to some people. */
export interface Notice {
  kind: NotificationKind;
  recipients: readonly string[];
  /** Who did it; null for reminders. */
  actorId: string | null;
  about: NotificationAbout;
  /** For `join_answered`. */
  approved?: boolean;
}

/** A notification as recorded for one person: what the delivery hook receives. */
export interface DeliveredNotification {
  recipientId: string;
  notification: Notification;
}

/** What recording made: the live events to publish after commit, and the notifications for the delivery hook. */
export interface RecordedNotices {
  events: StoredLiveEvent[];
  delivered: DeliveredNotification[];
}

export const NOTHING_RECORDED: RecordedNotices = { events: [], delivered: [] };

/** Of these people, the active ones. */
async function activeAmong(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('actors').select('id').where('id', 'in', [...ids]).where('deactivated_at', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Stores an event about people's own notifications (no space, so no
 * `?spaces=` filter drops it); `postId` ties it to the post it is about, so
 * deleting the post takes it out of the replay window.
 */
export async function recordPersonalEvent(
  trx: EventTransaction,
  event: NotificationCreatedEvent | NotificationReadEvent,
  audience: { kind: 'only'; actorId: string } | { kind: 'notified' },
  postId: string | null,
  createdAt: string,
): Promise<StoredLiveEvent> {
  const id = await insertEvent(trx, { spaceId: PERSONAL_EVENTS, type: event.type, payload: JSON.stringify(event), createdAt, audience, postId });
  return { id, spaceId: PERSONAL_EVENTS, event, audience };
}

/** The stored event of one person's new or grown notification. */
function personalEvent(
  trx: EventTransaction,
  recipientId: string,
  notification: Notification,
  unread: UnreadCount,
  postId: string | null,
  now: Date,
): Promise<StoredLiveEvent> {
  return recordPersonalEvent(trx, { type: 'notification.created', notification, unread }, { kind: 'only', actorId: recipientId }, postId, now.toISOString());
}

/** Records notices for the people they name (see the module comment). */
export async function recordNotices(trx: EventTransaction, notices: readonly Notice[], now: Date): Promise<RecordedNotices> {
  const at = now.toISOString();
  const everyone = [...new Set(notices.flatMap((n) => n.recipients))];
  if (everyone.length === 0) return NOTHING_RECORDED;
  const [active, prefs] = await Promise.all([activeAmong(trx, everyone), preferencesOf(trx, everyone)]);
  // Per person, the notifications recorded now, with the post each is about.
  const recorded = new Map<string, { id: number; postId: string | null }[]>();
  for (const notice of notices) {
    const groupKey = notificationGroupKey(notice.kind, notice.about.type, notice.about.id);
    for (const recipientId of new Set(notice.recipients)) {
      if (recipientId === notice.actorId || !active.has(recipientId)) continue;
      if (!wantsNotification(prefs.get(recipientId)!, notice.kind, notice.about.spaceId)) continue;
      const id = await recordOne(trx, {
        recipientId,
        kind: notice.kind,
        about: notice.about,
        actorId: notice.actorId,
        ...(notice.approved !== undefined ? { approved: notice.approved } : {}),
        groupKey,
        now: at,
      });
      const list = recorded.get(recipientId) ?? [];
      if (!list.some((r) => r.id === id)) list.push({ id, postId: notice.about.postId ?? null });
      recorded.set(recipientId, list);
    }
  }
  const events: StoredLiveEvent[] = [];
  const delivered: DeliveredNotification[] = [];
  for (const [recipientId, list] of recorded) {
    // Only what the person may see now: a draft's notifications wait for its publication.
    const visible = await findVisibleNotifications(trx, recipientId, list.map((r) => r.id), now);
    if (visible.length === 0) continue;
    const unread = await unreadCount(trx, recipientId, now);
    for (const notification of visible) {
      const postId = list.find((r) => String(r.id) === notification.id)?.postId ?? null;
      events.push(await personalEvent(trx, recipientId, notification, unread, postId, now));
      delivered.push({ recipientId, notification });
    }
  }
  return { events, delivered };
}

/**
 * Records a notice for every active member of a space but the actor, as their
 * preferences allow: a job stored in the change's transaction (so it is never
 * lost), then done in batches after it commits by the fan-out
 * (notifications/fanout.ts), which sends one live event for all once done.
 */
export async function recordSpaceNotice(
  trx: EventTransaction,
  notice: {
    kind: NotificationKind;
    spaceId: string;
    actorId: string | null;
    about: NotificationAbout;
    /** Leave out those who acknowledged this post. */
    onlyWithoutAckOf?: string;
    /** Leave out this person too (a reminder's post author). */
    except?: string;
    /** The named voters of this poll instead of the space's members (poll_closed). */
    votersOf?: string;
  },
  now: Date,
  options: { live: boolean },
): Promise<void> {
  const { about } = notice;
  await trx
    .insertInto('notification_fanouts')
    .values({
      kind: notice.kind,
      space_id: notice.spaceId,
      object_type: about.type,
      object_id: about.id,
      post_id: about.postId ?? null,
      excerpt: about.excerpt ?? null,
      actor_id: notice.actorId,
      except_id: notice.except ?? null,
      without_ack_of: notice.onlyWithoutAckOf ?? null,
      voters_of: notice.votersOf ?? null,
      live: options.live ? 1 : 0,
      created_at: now.toISOString(),
      after_actor: '',
    })
    .execute();
}

/** Members recorded per batch of a space-wide notice: each batch is one short statement. */
export const FANOUT_BATCH = 250;

/**
 * One batch of a space-wide notice: the next members (by id) it is for,
 * recorded; the job's cursor moved on, or the job done (deleted) with its
 * live event when fewer than a batch were left. Returns the event, if any,
 * and whether the job is done. Call in an event transaction.
 */
export interface FanoutBatch {
  done: boolean;
  event: StoredLiveEvent | null;
  /** The notifications this batch recorded: ids by recipient (for the delivery hook). */
  recorded: Map<string, number>;
}

export async function fanOutBatch(
  trx: EventTransaction,
  jobId: number,
  /** The server's classification labels, lowest first: members not cleared for the space's are skipped. */
  order: LabelOrder = [],
): Promise<FanoutBatch> {
  let jobQuery = trx.selectFrom('notification_fanouts').selectAll().where('id', '=', jobId);
  // Two instances never do the same batch: the second waits, then sees the cursor moved.
  if (engineOf(trx) === 'postgres') jobQuery = jobQuery.forUpdate();
  const job = await jobQuery.executeTakeFirst();
  if (!job) return { done: true, event: null, recorded: new Map() };
  const kind = job.kind as NotificationKind;
  const cleared = order.length > 0 ? clearancesFor(order, (await trx.selectFrom('spaces').select('label').where('id', '=', job.space_id).executeTakeFirst())?.label ?? null) : null;
  const batch = job.voters_of !== null ? await votersBatch(trx, job, job.voters_of) : await membersBatch(trx, job, cleared);
  const groupKey = notificationGroupKey(kind, job.object_type, job.object_id);
  const actorIds = JSON.stringify(job.actor_id === null ? [] : [job.actor_id]);
  let recorded = new Map<string, number>();
  if (batch.length > 0) {
    await trx
      .insertInto('notifications')
      .values(
        batch.map((recipient) => ({
          recipient_id: recipient,
          kind,
          object_type: job.object_type,
          object_id: job.object_id,
          space_id: job.space_id,
          post_id: job.post_id,
          excerpt: job.excerpt,
          approved: null,
          group_key: groupKey,
          actor_ids: actorIds,
          actor_count: job.actor_id === null ? 0 : 1,
          created_at: job.created_at,
          updated_at: job.created_at,
          visible_at: job.created_at,
          read_at: null,
        })),
      )
      .execute();
  }
  if (batch.length > 0) {
    const template = spaceNoticeTemplate(kind, { type: job.object_type as NotificationObject['type'], id: job.object_id, spaceId: job.space_id }, job.actor_id, job.created_at);
    recorded = await spaceNoticeIdsOf(trx, template, batch);
  }
  if (batch.length === FANOUT_BATCH) {
    await trx.updateTable('notification_fanouts').set({ after_actor: batch[batch.length - 1]! }).where('id', '=', jobId).execute();
    return { done: false, event: null, recorded };
  }
  await trx.deleteFrom('notification_fanouts').where('id', '=', jobId).execute();
  if (job.live !== 1) return { done: true, event: null, recorded };
  const template = spaceNoticeTemplate(kind, { type: job.object_type as NotificationObject['type'], id: job.object_id, spaceId: job.space_id }, job.actor_id, job.created_at);
  return { done: true, event: await recordPersonalEvent(trx, template, { kind: 'notified' }, job.post_id, job.created_at), recorded };
}

type FanoutJob = Selectable<NotificationFanoutsTable>;

/**
 * The preferences filter of a batch, as `wantsNotification` decides: no row
 * (the defaults: the kind is on if it is on by default) or the kind wanted
 * and the space not muted.
 */
function wantsIt(job: FanoutJob) {
  // Kinds and space ids are protocol-checked identifiers, matched as quoted JSON strings.
  const wantsKind = `%${JSON.stringify(job.kind)}%`;
  const mutedHere = `%${JSON.stringify(job.space_id)}%`;
  const onByDefault = wantsNotification(defaultNotificationPreferences(), job.kind as NotificationKind, job.space_id);
  return (eb: ExpressionBuilder<Database & { np: NotificationPreferencesTable }, 'np'>) =>
    eb.or([
      ...(onByDefault ? [eb('np.actor_id', 'is', null)] : []),
      eb.and([eb('np.kinds', 'like', wantsKind), eb('np.muted_spaces', 'not like', mutedHere)]),
    ]);
}

/** The next members of the job's space it is for, by id. */
async function membersBatch(trx: EventTransaction, job: FanoutJob, cleared: string[] | null): Promise<string[]> {
  let members = trx
    .selectFrom('memberships as m')
    .innerJoin('actors as a', 'a.id', 'm.actor_id')
    .leftJoin('notification_preferences as np', 'np.actor_id', 'm.actor_id')
    .select('m.actor_id')
    .where('m.space_id', '=', job.space_id)
    .where('m.actor_id', '>', job.after_actor)
    .where('a.deactivated_at', 'is', null)
    // On a server with labels, members cleared for the space's (policy/classification.ts).
    .$if(cleared !== null, (q) => q.where('a.clearance', 'in', cleared!))
    .where(wantsIt(job) as never);
  for (const skipped of [job.actor_id, job.except_id]) if (skipped) members = members.where('m.actor_id', '<>', skipped);
  const ackOf = job.without_ack_of;
  if (ackOf !== null) {
    members = members.where((eb) =>
      eb.not(eb.exists(eb.selectFrom('post_acks as k').select('k.post_id').where('k.post_id', '=', ackOf).whereRef('k.actor_id', '=', 'm.actor_id'))),
    );
  }
  return (await members.orderBy('m.actor_id').limit(FANOUT_BATCH).execute()).map((r) => r.actor_id);
}

/** The next named voters of a poll (not anonymous: their key is their id), in key order. */
async function votersBatch(trx: EventTransaction, job: FanoutJob, pollId: string): Promise<string[]> {
  let voters = trx
    .selectFrom('ballots as b')
    .innerJoin('actors as a', 'a.id', 'b.voter_key')
    .leftJoin('notification_preferences as np', 'np.actor_id', 'b.voter_key')
    .select('b.voter_key')
    .where('b.poll_id', '=', pollId)
    .where('b.actor_id', 'is not', null)
    .where('b.voter_key', '>', job.after_actor)
    .where('a.deactivated_at', 'is', null)
    .where(wantsIt(job) as never);
  for (const skipped of [job.actor_id, job.except_id]) if (skipped) voters = voters.where('b.voter_key', '<>', skipped);
  return (await voters.orderBy('b.voter_key').limit(FANOUT_BATCH).execute()).map((r) => r.voter_key);
}

/** The stored event of a space-wide notice: a template the stream shapes into each recipient's own (live/shaping.ts). */
function spaceNoticeTemplate(
  kind: NotificationKind,
  object: Pick<NotificationObject, 'type' | 'id' | 'spaceId'>,
  actorId: string | null,
  createdAt: string,
): NotificationCreatedEvent {
  return {
    type: 'notification.created',
    notification: {
      id: '0',
      kind,
      actors: [],
      actorCount: actorId === null ? 0 : 1,
      object: { ...object, spaceName: '' },
      createdAt,
      updatedAt: createdAt,
      read: false,
    },
    unread: { unread: 0, more: false },
  };
}

/** Rows recorded by `recordSpaceNotice` for these people (at most one each), by recipient id. */
export async function spaceNoticeIdsOf(
  db: Kysely<Database>,
  template: NotificationCreatedEvent,
  recipients: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < recipients.length; i += 500) {
    const chunk = recipients.slice(i, i + 500);
    const rows = await db
      .selectFrom('notifications')
      .select(['id', 'recipient_id'])
      .where('object_id', '=', template.notification.object.id)
      .where('recipient_id', 'in', chunk)
      .where('kind', '=', template.notification.kind)
      .where('created_at', '=', template.notification.createdAt)
      .execute();
    for (const row of rows) out.set(row.recipient_id, Number(row.id));
  }
  return out;
}


/**
 * When a scheduled post is published: the notifications recorded about it
 * while it was a draft (its mentions, its confirmation request, comments by
 * those who saw the draft) are now listed; this sends their live events. The
 * confirmation request goes as one event for the whole space, like at
 * publication.
 */
export async function announceHeldNotifications(trx: EventTransaction, postId: string, now: Date): Promise<StoredLiveEvent[]> {
  const rows = await trx
    .selectFrom('notifications')
    .select(['id', 'recipient_id', 'kind'])
    .where('post_id', '=', postId)
    .where('kind', '<>', 'ack_request')
    .where('read_at', 'is', null)
    .limit(1_000)
    .execute();
  const events: StoredLiveEvent[] = [];
  const byRecipient = new Map<string, number[]>();
  for (const row of rows) byRecipient.set(row.recipient_id, [...(byRecipient.get(row.recipient_id) ?? []), Number(row.id)]);
  for (const [recipientId, ids] of byRecipient) {
    const visible = await findVisibleNotifications(trx, recipientId, ids, now);
    if (visible.length === 0) continue;
    const unread = await unreadCount(trx, recipientId, now);
    for (const notification of visible) events.push(await personalEvent(trx, recipientId, notification, unread, postId, now));
  }
  const asked = await trx
    .selectFrom('notifications')
    .select(['kind', 'object_type', 'object_id', 'space_id', 'created_at', 'actor_ids'])
    .where('post_id', '=', postId)
    .where('kind', '=', 'ack_request')
    .limit(1)
    .executeTakeFirst();
  if (asked) {
    const template = spaceNoticeTemplate('ack_request', { type: 'post', id: asked.object_id, spaceId: asked.space_id }, (JSON.parse(asked.actor_ids) as string[])[0] ?? null, asked.created_at);
    events.push(await recordPersonalEvent(trx, template, { kind: 'notified' }, postId, now.toISOString()));
  }
  return events;
}
