/**
 * Mentions and notifications (docs/notifications.md): who is told of what,
 * grouping while unread, the count, marking read, preferences, and that a
 * draft or a space one cannot read never shows through them.
 */
import {
  commentsPath,
  notificationPreferencesPath,
  notificationReadPath,
  notificationsPath,
  notificationsReadAllPath,
  publishPath,
  unreadNotificationsPath,
  type Notification,
  type NotificationPage,
  type NotificationPreferences,
  type Post,
  type UnreadCount,
} from '@ecotone/protocol';
import { mentionMarkdown } from '@ecotone/protocol/rules';
import type { Caller } from '../backend.js';
import { isRecord, type Scenario, type ScenarioContext } from '../scenario.js';
import { draftPublishAt } from '../world.js';
import { publish } from './steps.js';

/** The caller's notifications (first 50, newest first). */
async function inbox(ctx: ScenarioContext, as: Caller): Promise<Notification[]> {
  return ctx.ok<NotificationPage>(await ctx.call(as, { method: 'GET', path: notificationsPath(), query: { limit: 50 } })).items;
}

const about = (items: readonly Notification[], kind: string, objectId: string) => items.find((n) => n.kind === kind && n.object.id === objectId);

/** A mention of a persona, as the composer writes it. */
const mentionOf = (ctx: ScenarioContext, persona: string) => mentionMarkdown({ id: ctx.world.actors[persona]!, displayName: persona });

const notifications: Scenario[] = [
  {
    feature: 'notifications',
    name: 'a mention notifies the person mentioned and is carried on the post; nobody is told of their own action',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'private', { body: `${ctx.unique('Thanks')} ${mentionOf(ctx, 'member')}` });
      ctx.check(post.mentions?.some((a) => a.id === ctx.world.actors.member), 'the post does not carry its mention');
      const found = about(await inbox(ctx, 'member'), 'mention', post.id);
      if (!found) return ctx.fail('the person mentioned has no notification of it');
      ctx.check(found.actors[0]?.id === ctx.world.actors.owner && found.actorCount === 1, 'the mention names the wrong actor');
      ctx.check(found.object.spaceId === ctx.world.spaces.private && !found.read, 'the mention names the wrong space or is read');
      ctx.check(!about(await inbox(ctx, 'owner'), 'mention', post.id), 'the author was notified of their own post');
    },
  },
  {
    feature: 'notifications',
    name: 'mentioning someone who cannot read the space, or nobody, is refused (422 mention_not_allowed)',
    async run(ctx) {
      for (const text of [mentionOf(ctx, 'outsider'), mentionMarkdown({ id: `${ctx.world.prefix}nobody`, displayName: 'Nobody' })]) {
        const refused = ctx.problem(
          await ctx.call('owner', { method: 'POST', path: publishPath(ctx.world.spaces.private), body: { body: `${ctx.unique('Hi')} ${text}` } }),
          'mention_not_allowed',
        );
        ctx.check(Array.isArray(refused.errors), 'the refusal names no field');
      }
      const post = ctx.world.posts.private.published;
      ctx.problem(
        await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: `${ctx.unique('Hi')} ${mentionOf(ctx, 'outsider')}` } }),
        'mention_not_allowed',
      );
    },
  },
  {
    feature: 'notifications',
    name: 'comments on a post are grouped while unread: each person counted once, the latest named first',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open');
      for (const as of ['correspondent', 'owner', 'correspondent'] as const) {
        ctx.ok(await ctx.call(as, { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Comment') } }), 201);
      }
      const mine = (await inbox(ctx, 'member')).filter((n) => n.kind === 'comment' && n.object.id === post.id);
      ctx.check(mine.length === 1, `expected one grouped notification, got ${mine.length}`);
      ctx.check(mine[0]?.actorCount === 2, `actorCount is ${mine[0]?.actorCount}`);
      ctx.check(mine[0]?.actors[0]?.id === ctx.world.actors.correspondent, 'the latest commenter is not named first');
    },
  },
  {
    feature: 'notifications',
    name: 'marking read lowers the count, is idempotent, and is refused on someone else’s notification (404)',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'open', { body: `${ctx.unique('Ping')} ${mentionOf(ctx, 'correspondent')}` });
      const found = about(await inbox(ctx, 'correspondent'), 'mention', post.id);
      if (!found) return ctx.fail('no notification to mark read');
      const before = ctx.ok<UnreadCount>(await ctx.call('correspondent', { method: 'GET', path: unreadNotificationsPath() }));
      ctx.ok(await ctx.call('correspondent', { method: 'POST', path: notificationReadPath(found.id) }), 204);
      ctx.ok(await ctx.call('correspondent', { method: 'POST', path: notificationReadPath(found.id) }), 204);
      const after = ctx.ok<UnreadCount>(await ctx.call('correspondent', { method: 'GET', path: unreadNotificationsPath() }));
      ctx.check(before.more || after.unread === before.unread - 1, `unread went from ${before.unread} to ${after.unread}`);
      ctx.check(about(await inbox(ctx, 'correspondent'), 'mention', post.id)?.read === true, 'the notification is not read');
      ctx.problem(await ctx.call('reader', { method: 'POST', path: notificationReadPath(found.id) }), 'not_found');
      ctx.ok(await ctx.call('correspondent', { method: 'POST', path: notificationsReadAllPath() }), 204);
      const none = ctx.ok<UnreadCount>(await ctx.call('correspondent', { method: 'GET', path: unreadNotificationsPath() }));
      ctx.check(none.unread === 0 && none.more === false, `after read-all, unread is ${none.unread}`);
    },
  },
  {
    feature: 'notifications',
    name: 'preferences start with the defaults, are stored normalised, and a muted space records nothing but mentions',
    async run(ctx) {
      const prefs = ctx.ok<NotificationPreferences>(await ctx.call('reader', { method: 'GET', path: notificationPreferencesPath() }));
      ctx.check(prefs.kinds.includes('mention') && prefs.kinds.includes('ack_request'), 'the defaults lack mentions or confirmations');
      const saved = ctx.ok<NotificationPreferences>(
        await ctx.call('member', {
          method: 'PUT',
          path: notificationPreferencesPath(),
          body: { kinds: ['reply', 'comment', 'mention'], mutedSpaces: [ctx.world.spaces.open] },
        }),
      );
      ctx.check(saved.kinds.join() === 'mention,comment,reply' && saved.mutedSpaces.join() === ctx.world.spaces.open, 'not stored normalised');
      try {
        const post = await publish(ctx, 'member', 'open');
        ctx.ok(await ctx.call('owner', { method: 'POST', path: commentsPath(post.id), body: { body: ctx.unique('Muted') } }), 201);
        ctx.check(!about(await inbox(ctx, 'member'), 'comment', post.id), 'a comment in a muted space was recorded');
        const mention = await publish(ctx, 'owner', 'open', { body: `${ctx.unique('Still')} ${mentionOf(ctx, 'member')}` });
        ctx.check(about(await inbox(ctx, 'member'), 'mention', mention.id), 'a mention in a muted space was not recorded');
        const bad = await ctx.call('member', { method: 'PUT', path: notificationPreferencesPath(), body: { kinds: ['shouting'], mutedSpaces: [] } });
        ctx.problem(bad, 'validation_failed');
      } finally {
        await ctx.call('member', { method: 'PUT', path: notificationPreferencesPath(), body: prefs });
      }
    },
  },
  {
    feature: 'notifications',
    name: 'a scheduled draft notifies nobody before its publication, nor moves a count',
    async run(ctx) {
      const before = ctx.ok<UnreadCount>(await ctx.call('reader', { method: 'GET', path: unreadNotificationsPath() }));
      const draft = ctx.ok<Post>(
        await ctx.call('owner', {
          method: 'POST',
          path: publishPath(ctx.world.spaces.open),
          body: { body: `${ctx.unique('Draft')} ${mentionOf(ctx, 'reader')}`, publishAt: draftPublishAt() },
        }),
        201,
      );
      const items = await inbox(ctx, 'reader');
      ctx.check(!items.some((n) => n.object.id === draft.id || n.object.postId === draft.id), 'a draft shows in the notifications');
      const after = ctx.ok<UnreadCount>(await ctx.call('reader', { method: 'GET', path: unreadNotificationsPath() }));
      ctx.check(after.unread === before.unread, `the count moved from ${before.unread} to ${after.unread}`);
    },
  },
  {
    feature: 'notifications',
    name: 'notification.created reaches the person’s own stream only',
    async run(ctx) {
      const [mine, other] = [await ctx.stream('member'), await ctx.stream('correspondent')];
      const post = await publish(ctx, 'owner', 'open', { body: `${ctx.unique('Live')} ${mentionOf(ctx, 'member')}` });
      const isOurs = (f: { event: string; data: unknown }) =>
        f.event === 'notification.created' && isRecord(f.data) && isRecord(f.data.notification) && isRecord(f.data.notification.object) && f.data.notification.object.id === post.id;
      try {
        await mine.waitFor(isOurs, ctx.liveWaitMs);
      } catch {
        ctx.fail('the person mentioned got no notification.created');
      }
      // A barrier: a post both see, after the mention; anything leaked would have come before it.
      const barrier = await publish(ctx, 'owner', 'open', {}, 'Barrier');
      const seen = (f: { event: string; data: unknown }) => f.event === 'post.created' && isRecord(f.data) && isRecord(f.data.post) && f.data.post.id === barrier.id;
      await other.waitFor(seen, ctx.liveWaitMs);
      ctx.check(!other.frames.some(isOurs), 'another person got the notification');
    },
  },
];

export const notificationScenarios: readonly Scenario[] = notifications;
