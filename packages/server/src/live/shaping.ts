/**
 * Stored live events are the same for everybody; some parts of them are not:
 * poll results (who may see them), a comment's `canEdit`/`canDelete` and the
 * viewer's own reactions on it, `canClose` of a new post's polls, a whole
 * updated post as GET /posts/:id would answer each viewer. This shapes one
 * event for all the viewers who receive it at once: the few queries it needs
 * are made once per event (for every viewer together), and viewers who would
 * get the same shape share one object, so the stream writer serialises it
 * once. The cost of an event grows with its distinct audiences, not with
 * the number of open streams.
 *
 * Who receives an event at all (drafts, memberships, readable spaces) is
 * decided before this, by its stored audience (live/audience.ts).
 */
import type { LiveEvent, NotificationCreatedEvent, Poll, PollChangedEvent, Role } from '@ecotone/protocol';
import type { EventAudience } from '@ecotone/protocol/rules';
import { findVisibleNotifications, unreadCount } from '../notifications/notification-repository.js';
import { spaceNoticeIdsOf } from '../notifications/notifier.js';
import { canClosePoll, canDeleteComment, canEditComment, canSeeQuestion, canSeeResults, canTriageWatch, moderatesTalkShow, seesModerated } from '@ecotone/protocol/rules';
import { moderationState } from '../moderation/moderation-state.js';
import { commentForViewer } from '../comments/comment-view.js';
import type { ServerContext } from '../context.js';
import { voterKey } from '../polls/poll-view.js';
import { loadSharedPostFacts, postView, postViewerPart, type OwnPostState } from '../posts/post-view.js';
import { acknowledgersAmong } from '../announcements/ack-repository.js';
import { ballotsOfVoters, findPoll } from '../polls/poll-repository.js';
import { findPost } from '../posts/post-repository.js';
import { reactionsByActors } from '../reactions/reaction-repository.js';
import { hostIdsOf, questionStateOf, votersAmong } from '../talk-shows/talk-show-repository.js';

/** One person receiving an event: their id and their role per space. */
export interface AudienceViewer {
  id: string;
  roleIn: (spaceId: string) => Role | null;
}

type ShapingContext = Pick<ServerContext, 'db' | 'ballotSecret' | 'now' | 'reactionKinds'>;

/** Event types whose data depends on who receives it. */
const PER_VIEWER_TYPES: ReadonlySet<LiveEvent['type']> = new Set([
  'poll.changed',
  'post.created',
  'post.updated',
  'comment.created',
  'comment.updated',
  'question.changed',
]);

function withoutResults<T extends PollChangedEvent | Poll>(value: T): T {
  const copy = { ...value };
  delete copy.results;
  return copy;
}

/** The viewers who may see the results of a poll now (one query at most, for all of them). */
async function resultsVisibleTo(
  ctx: ShapingContext,
  pollId: string,
  closed: boolean,
  viewers: readonly AudienceViewer[],
): Promise<Set<string>> {
  const poll = await findPoll(ctx.db, pollId);
  if (!poll) return new Set();
  // Only after-vote on an open poll depends on each viewer's ballot.
  let voted = new Set<string>();
  if (poll.resultsVisibility === 'after-vote' && !closed) {
    const keys = new Map(viewers.map((v) => [voterKey(ctx.ballotSecret, poll, v.id), v.id]));
    const found = await ballotsOfVoters(ctx.db, poll.id, [...keys.keys()]);
    voted = new Set([...found.keys()].map((key) => keys.get(key)!));
  }
  return new Set(viewers.filter((v) => canSeeResults(poll, v.id, { closed, hasBallot: voted.has(v.id) })).map((v) => v.id));
}

/** Gives each viewer the shape for their key, making each distinct shape once. */
function byKey(viewers: readonly AudienceViewer[], keyOf: (v: AudienceViewer) => string, make: (v: AudienceViewer) => LiveEvent): Map<string, LiveEvent> {
  const shapes = new Map<string, LiveEvent>();
  const out = new Map<string, LiveEvent>();
  for (const viewer of viewers) {
    const key = keyOf(viewer);
    let shape = shapes.get(key);
    if (!shape) shapes.set(key, (shape = make(viewer)));
    out.set(viewer.id, shape);
  }
  return out;
}

/**
 * The event as each viewer gets it, by viewer id; a viewer left out gets
 * nothing (the post it is about went away meanwhile and it cannot be rebuilt).
 */
export async function shapeForAudience(
  ctx: ShapingContext,
  event: LiveEvent,
  viewers: readonly AudienceViewer[],
  audience?: EventAudience,
): Promise<Map<string, LiveEvent>> {
  if (audience?.kind === 'notified' && event.type === 'notification.created') return notifiedShapes(ctx, event, viewers);
  if (event.type === 'post.created' || event.type === 'post.updated') {
    // A post hidden or held since (a replayed event, or one recorded just before): only its author and the space's owners get it.
    const post = await ctx.db.selectFrom('posts').select(['author_id', 'moderation']).where('id', '=', event.post.id).executeTakeFirst();
    if (post && post.moderation !== null) {
      const facts = { authorId: post.author_id, moderation: moderationState(post.moderation) };
      viewers = viewers.filter((v) => seesModerated(facts, v.id, v.roleIn(event.spaceId)));
    }
  }
  if (!PER_VIEWER_TYPES.has(event.type) || viewers.length === 0) return new Map(viewers.map((v) => [v.id, event]));
  switch (event.type) {
    case 'comment.created':
    case 'comment.updated': {
      // A new comment has no reactions yet; an edited one may have the viewer's.
      const mine =
        event.type === 'comment.updated'
          ? await reactionsByActors(ctx.db, event.comment.id, viewers.map((v) => v.id))
          : new Map<string, string[]>();
      const kindsOf = (v: AudienceViewer) => (mine.get(v.id) ?? []).filter((k) => ctx.reactionKinds.includes(k));
      // What differs between viewers, without building a comment for each.
      const facts = { authorId: event.comment.author.id, deleted: event.comment.deleted };
      return byKey(
        viewers,
        (v) => `${canEditComment(facts, v.id)}|${canDeleteComment(facts, v.id, v.roleIn(event.spaceId))}|${kindsOf(v).join(',')}`,
        (v) => ({ ...event, comment: commentForViewer(event.comment, v.id, v.roleIn(event.spaceId), kindsOf(v)) }),
      );
    }
    case 'poll.changed': {
      const visible = await resultsVisibleTo(ctx, event.pollId, event.closedAt !== null, viewers);
      const hidden = withoutResults(event);
      return new Map(viewers.map((v) => [v.id, visible.has(v.id) ? event : hidden]));
    }
    case 'question.changed': {
      const question = event.question;
      if (!question) return new Map(viewers.map((v) => [v.id, event]));
      // Who moderates (sees a hidden question), who up-voted it, and whether it is hidden now: three queries for every receiver.
      const [hostIds, voters, now] = await Promise.all([
        hostIdsOf(ctx.db, event.postId),
        votersAmong(ctx.db, question.id, viewers.map((v) => v.id)),
        questionStateOf(ctx.db, question.id),
      ]);
      // A question hidden since (an event replayed after a moderator hid it) is hidden from its event too.
      const facts = { authorId: question.author.id, state: now === 'hidden' ? now : question.state };
      const sees = (v: AudienceViewer) => canSeeQuestion(facts, v.id, moderatesTalkShow({ hostIds }, v.id, v.roleIn(event.spaceId)));
      const { question: _hidden, ...removal } = event;
      return byKey(
        viewers,
        (v) => (sees(v) ? (voters.has(v.id) ? 'voted' : 'seen') : 'removed'),
        (v) => (sees(v) ? { ...event, question: { ...question, voted: voters.has(v.id) } } : removal),
      );
    }
    case 'post.created': {
      if (event.post.talkShow) return talkShowCreatedShapes(ctx, event, viewers);
      // A watch item (no polls): each viewer learns whether they triage it.
      if (event.post.watch) {
        const watch = event.post.watch;
        const mayTriage = (v: AudienceViewer) => canTriageWatch(v.roleIn(event.spaceId));
        return byKey(viewers, (v) => String(mayTriage(v)), (v) => ({ ...event, post: { ...event.post, watch: { ...watch, mayTriage: mayTriage(v) } } }));
      }
      const polls = event.post.polls;
      if (!polls) return new Map(viewers.map((v) => [v.id, event]));
      const visible = await Promise.all(polls.map((p) => resultsVisibleTo(ctx, p.id, p.closedAt !== null, viewers)));
      const flags = (v: AudienceViewer) =>
        polls.map((p, i) => [visible[i]!.has(v.id), p.closedAt === null && canClosePoll(p, v.id, v.roleIn(p.spaceId))] as const);
      return byKey(
        viewers,
        (v) => JSON.stringify(flags(v)),
        (v) => {
          const own = flags(v);
          const shapedPolls = polls.map((poll, i) => {
            const [seesResults, canClose] = own[i]!;
            const mine = { ...poll, canClose };
            return seesResults ? mine : withoutResults(mine);
          });
          return { ...event, post: { ...event.post, polls: shapedPolls } };
        },
      );
    }
    case 'post.updated': {
      // Rebuilt from the database as GET /posts/:id answers each viewer, once per distinct viewer part.
      const row = await findPost(ctx.db, event.post.id);
      if (!row) return new Map();
      const now = ctx.now();
      const postId = row.post.id;
      const ids = viewers.map((v) => v.id);
      const shared = await loadSharedPostFacts(ctx.db, [row]);
      const polls = shared.polls.get(postId) ?? [];
      // Per poll, each viewer's voter key, in the order of `viewers`.
      const keys = polls.map((poll) => viewers.map((v) => voterKey(ctx.ballotSecret, poll, v.id)));
      const [reactions, acks, ballots] = await Promise.all([
        reactionsByActors(ctx.db, postId, ids),
        row.post.requires_ack === 1 ? acknowledgersAmong(ctx.db, postId, ids) : new Set<string>(),
        Promise.all(polls.map((poll, i) => ballotsOfVoters(ctx.db, poll.id, keys[i]!))),
      ]);
      const parts = new Map(
        viewers.map((v, j) => {
          const own: OwnPostState = {
            reactions: new Map([[postId, reactions.get(v.id) ?? []]]),
            acks: acks.has(v.id) ? new Set([postId]) : new Set(),
            ballots: new Map(
              polls.flatMap((poll, i) => {
                const choices = ballots[i]!.get(keys[i]![j]!);
                return choices ? [[poll.id, choices] as const] : [];
              }),
            ),
          };
          const viewer = { id: v.id, roleIn: v.roleIn, secret: ctx.ballotSecret, now };
          return [v.id, postViewerPart(row, shared, viewer, own, ctx.reactionKinds)];
        }),
      );
      return byKey(
        viewers,
        (v) => JSON.stringify(parts.get(v.id)),
        (v) => ({ ...event, post: postView(row, shared, parts.get(v.id)!, ctx.reactionKinds, now) }),
      );
    }
    default:
      return new Map(viewers.map((v) => [v.id, event]));
  }
}

/**
 * A new talk-show: each viewer learns whether they moderate it. Its polls,
 * if any, are shaped as any new post's (results and `canClose`).
 */
async function talkShowCreatedShapes(
  ctx: ShapingContext,
  event: Extract<LiveEvent, { type: 'post.created' }>,
  viewers: readonly AudienceViewer[],
): Promise<Map<string, LiveEvent>> {
  const talkShow = event.post.talkShow!;
  const hostIds = talkShow.hosts.map((h) => h.id);
  const moderates = (v: AudienceViewer) => moderatesTalkShow({ hostIds }, v.id, v.roleIn(event.spaceId));
  const withoutShow = { ...event, post: { ...event.post } };
  delete withoutShow.post.talkShow;
  const polled = await shapeForAudience(ctx, withoutShow, viewers);
  // Viewers who shared a shape and moderate alike share one again (serialised once).
  const made = new Map<LiveEvent, Map<boolean, LiveEvent>>();
  return new Map(
    viewers.flatMap((v) => {
      const shaped = polled.get(v.id);
      if (shaped?.type !== 'post.created') return [];
      const moderator = moderates(v);
      let both = made.get(shaped);
      if (!both) made.set(shaped, (both = new Map()));
      let out = both.get(moderator);
      if (!out) both.set(moderator, (out = { ...shaped, post: { ...shaped.post, talkShow: { ...talkShow, moderator } } }));
      return [[v.id, out] as const];
    }),
  );
}

/**
 * A notification recorded for a whole space at once (audience `notified`):
 * each connected person it was recorded for gets their own notification and
 * count; everyone else gets nothing. Its cost grows with the connected
 * recipients (a few queries each), not with the space.
 */
async function notifiedShapes(ctx: ShapingContext, template: NotificationCreatedEvent, viewers: readonly AudienceViewer[]): Promise<Map<string, LiveEvent>> {
  const out = new Map<string, LiveEvent>();
  const ids = await spaceNoticeIdsOf(ctx.db, template, viewers.map((v) => v.id));
  const now = ctx.now();
  for (const [recipientId, id] of ids) {
    const [notification] = await findVisibleNotifications(ctx.db, recipientId, [id], now);
    if (!notification) continue;
    out.set(recipientId, { type: 'notification.created', notification, unread: await unreadCount(ctx.db, recipientId, now) });
  }
  return out;
}
