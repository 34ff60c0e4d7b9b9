import { randomBytes } from 'node:crypto';
import { announcementErrors, detachErrors, editUses, publishUses, mentionedIdsOfAll, extensionErrors, normalizedExtension, pollDraftErrors, pollFromDraft, requestedPin, scheduledPublishAt, variantErrors } from '@ecotone/protocol/rules';
import {
  POST_BODY_MAX_CHARS,
  normalizeBody,
  type Actor,
  type Locale,
  type Post,
  type PostKind,
  type PostPatch,
  type PostVariantDraft,
  type PublishRequest,
} from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { requireDeletablePost, requireEditablePost, requirePublishableSpace, requireReadablePost } from '../policy/authz.js';
import { requireFlow } from '../policy/classification.js';
import { HttpProblem, notFound } from '../http/errors.js';
import { idempotentTransaction, type Created } from '../http/idempotency.js';
import { afterCommit, eventTransaction, recordEvent, type EventTransaction } from '../live/record.js';
import { deletePostEvents } from '../live/event-repository.js';
import { appendAudit } from '../audit/audit-log.js';
import { heldFor, recordHeldPost } from '../moderation/moderation-service.js';
import { deletePostReports } from '../moderation/moderation-repository.js';
import { newPollId } from '../polls/poll-rules.js';
import { pollViewerOf, pollViews, pollView } from '../polls/poll-view.js';
import { insertPoll, resultsFromTally } from '../polls/poll-repository.js';
import { schedulePostPreview } from '../previews/post-previews.js';
import { countsFor, postReaderOf, postViews } from './post-view.js';
import { loadMentions, replaceMentions, requireMentionable, requireMentionableIn, deleteMentions } from '../notifications/mentions.js';
import { deleteNotificationsAbout, plainExcerpt } from '../notifications/notification-repository.js';
import { NOTHING_RECORDED, recordNotices, recordSpaceNotice } from '../notifications/notifier.js';
import { afterNotices } from '../notifications/notification-service.js';
import { deletePost, findPost, insertPost } from './post-repository.js';
import { reindexPostTexts } from './post-text-repository.js';
import { attachableErrors, attachedFiles, attachFiles, detachFiles, loadAttachments, releaseFiles, requireAttachable } from '../files/attachments.js';
import { planTalkShow } from '../talk-shows/talk-show-service.js';
import { requireCapabilities, requireSpaceCapabilities } from '../spaces/capability-service.js';
import { insertTalkShow, loadTalkShows } from '../talk-shows/talk-show-repository.js';
import { talkShowView } from '../talk-shows/talk-show-view.js';
import { findVariant, listPostVariants, insertVariants, removeMachineVariants, replaceAuthorVariants, updatePost } from './variant-repository.js';

/** Both labels of a copy between spaces, for its audit entry (none on a server where neither space has one). */
function labelsOf(from: string | null, to: string | null): { fromLabel?: string | null; toLabel?: string | null } {
  return from !== null || to !== null ? { fromLabel: from, toLabel: to } : {};
}

/** Random bytes in a post id (base64url: 16 characters). */
const POST_ID_BYTES = 12;


/** A variant as stored: its body normalised like every body (NFC, no bidi overrides). */
const normalisedVariant = (v: PostVariantDraft): PostVariantDraft => ({ ...v, body: normalizeBody(v.body) });

/** Author variants as returned on the wire: sorted by locale, absent when none. */
function authorVariants(variants: readonly PostVariantDraft[]): Pick<Post, 'variants'> {
  if (variants.length === 0) return {};
  const sorted = [...variants].sort((a, b) => a.locale.localeCompare(b.locale));
  return { variants: sorted.map((v) => ({ locale: v.locale, body: v.body, machine: false })) };
}

/**
 * Records `post.updated` with the post as nobody in particular sees it; the
 * stream rebuilds it per viewer (live/shaping.ts).
 */
export async function recordPostUpdated(
  trx: EventTransaction,
  ctx: ServerContext,
  postId: string,
  now: Date,
): Promise<StoredLiveEvent | null> {
  const row = await findPost(trx, postId);
  if (!row) return null;
  const nobody = { id: '', roleIn: () => null, secret: ctx.ballotSecret, now };
  const [view] = await postViews(trx, nobody, [row], ctx.reactionKinds);
  if (!view) return null;
  const stored: Post = view.polls ? { ...view, polls: view.polls.map(({ results: _results, ...poll }) => poll) } : view;
  return recordEvent(trx, now, row.post.space_id, { type: 'post.updated', spaceId: row.post.space_id, post: stored });
}

/** The post as the caller sees it now (the caller's right to read it was checked before). */
export async function postViewOf(ctx: ServerContext, postId: string, actor: Actor): Promise<Post> {
  const row = await findPost(ctx.db, postId);
  if (!row) throw notFound('Post');
  const [view] = await postViews(ctx.db, await postReaderOf(ctx, actor), [row], ctx.reactionKinds);
  if (!view) throw notFound('Post');
  return view;
}

/**
 * Publishes a post, its polls and variants in one transaction claimed by the
 * idempotency key; every field is checked before anything is written.
 */
export async function publishPost(
  ctx: ServerContext,
  actor: Actor,
  spaceId: string,
  body: PublishRequest,
  key: string | undefined,
): Promise<Created<Post>> {
  const { db, reactionKinds } = ctx;
  const kind: PostKind = body.kind ?? 'note';
  const { space, role } = await requirePublishableSpace(db, actor, spaceId, kind);
  // What the space does not offer (polls, variants, attachments, announcements) is refused before anything else.
  requireCapabilities(space.capabilities, publishUses(body), reactionKinds);
  // The body is in the author's language unless they say otherwise.
  const locale: Locale = body.locale ?? actor.locale;
  const drafts = body.polls ?? [];
  const variants = (body.variants ?? []).map(normalisedVariant);
  const { requireAcknowledgement } = body;
  const now = ctx.now();
  // A time already past publishes at once.
  const publishAt = scheduledPublishAt(body.publishAt, now);
  // Every draft is checked before anything is written, the key included.
  const errors = [
    ...drafts.flatMap((draft, i) => pollDraftErrors(draft, `/body/polls/${i}`, now)),
    ...variantErrors(variants, locale),
    ...announcementErrors(body, kind, now),
    ...extensionErrors(body.extension),
  ];
  // Hosts and the stream link (refused under the egress policy with stream_link_refused, nothing fetched).
  const talkShow = await planTalkShow(ctx, space.id, body, kind);
  errors.push(...talkShow.errors);
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
  const normalisedBody = normalizeBody(body.body);
  const mentioned = mentionedIdsOfAll([normalisedBody, ...variants.map((v) => v.body)]);
  await requireMentionable(db, space, mentioned, '/body/body');
  const attachments = body.attachments ?? [];
  await requireAttachable(db, attachments, actor.id, space.id);
  // A quoted post: one the author may read (404 otherwise, as if it did not exist), never into a lower label.
  const quoted = body.quote !== undefined ? await requireReadablePost(db, actor, body.quote, now) : null;
  if (quoted) requireFlow(ctx.classification.order, quoted.space.label, space.label, 'Quoting this post');
  const pinned = requestedPin(body);
  const extension = body.extension ? normalizedExtension(body.extension) : undefined;
  // The space's word filter holds the post for review by its owners (rules/moderation.ts).
  const heldWords = await heldFor(db, role, space.id, [normalisedBody, ...variants.map((v) => v.body)]);
  const held = heldWords.length > 0 ? { state: 'held' as const, reason: heldWords.join(', '), at: now.toISOString() } : null;
  const post: Post = {
    id: randomBytes(POST_ID_BYTES).toString('base64url'),
    spaceId: space.id,
    author: actor,
    kind,
    body: normalisedBody,
    locale,
    createdAt: now.toISOString(),
    reactions: { objectId: '', counts: countsFor(reactionKinds, undefined), mine: [] },
    commentCount: 0,
    ...authorVariants(variants),
    // The author sees their own draft's time.
    ...(publishAt ? { publishAt } : {}),
    ...(pinned ? { pinned } : {}),
    ...(requireAcknowledgement ? { acknowledgement: { mine: false, count: 0, ...(body.acknowledgeBy ? { by: body.acknowledgeBy } : {}) } } : {}),
    ...(extension ? { extension } : {}),
    ...(held ? { moderation: held } : {}),
    // As stored for the live stream: only the id (each reader's client asks what they may see of it).
    ...(quoted ? { quoted: { id: quoted.row.post.id } } : {}),
  };
  post.reactions.objectId = post.id;
  const polls = drafts.map((draft, position) =>
    pollFromDraft(draft, {
      id: newPollId(),
      spaceId: space.id,
      postId: post.id,
      position,
      authorId: actor.id,
      createdAt: post.createdAt,
    }),
  );
  if (polls.length > 0) {
    // As stored for the live stream: no ballot, no per-viewer right, and
    // the (empty) results, which delivery strips per viewer.
    post.polls = polls.map((poll) => ({
      ...pollView(poll, { viewerId: '', role: null, choices: null, results: undefined, now }),
      results: resultsFromTally(poll, undefined),
    }));
  }

  const outcome = await idempotentTransaction(
    db,
    { actorId: actor.id, key, scope: 'publish', request: [space.id, body], resourceId: post.id, at: post.createdAt },
    async (trx) => {
      await insertPost(trx, {
        id: post.id,
        space_id: space.id,
        author_id: actor.id,
        kind,
        body: post.body,
        locale,
        created_at: post.createdAt,
        edited_at: null,
        publish_at: publishAt,
        publish_pending: publishAt ? 1 : 0,
        pinned_at: pinned ? post.createdAt : null,
        pinned_until: pinned?.until ?? null,
        requires_ack: requireAcknowledgement ? 1 : 0,
        extension: extension ? JSON.stringify(extension) : null,
        ack_by: requireAcknowledgement ? (body.acknowledgeBy ?? null) : null,
        ack_reminded: 0,
        ...(held ? { moderation: held.state, moderation_reason: held.reason, moderated_at: held.at } : {}),
        ...(quoted ? { quote_of: quoted.row.post.id } : {}),
      });
      for (const poll of polls) await insertPoll(trx, poll);
      if (talkShow.plan) {
        await insertTalkShow(trx, { postId: post.id, ...talkShow.plan });
        // As stored for the live stream: nobody's moderation (delivery sets each viewer's).
        const record = (await loadTalkShows(trx, [post.id])).get(post.id);
        if (record) post.talkShow = talkShowView(record, false);
      }
      if (attachments.length > 0) {
        await attachFiles(trx, attachments, actor.id, { type: 'post', id: post.id });
        post.attachments = (await loadAttachments(trx, 'post', [post.id])).get(post.id) ?? [];
        // Its videos' captions are searched with its text.
        if (attachments.some((a) => a.captions?.length)) await reindexPostTexts(trx, post.id);
      }
      await insertVariants(trx, post.id, variants.map((v) => ({ ...v, machine: false })), post.createdAt);
      await replaceMentions(trx, 'post', post.id, mentioned);
      if (mentioned.length > 0) post.mentions = [...(await loadMentions(trx, 'post', [post.id])).get(post.id) ?? []];
      // A draft's post.created reaches only its author and the space's
      // owners (live/audience.ts); readers get theirs when it is published.
      const event = await recordEvent(trx, now, space.id, { type: 'post.created', spaceId: space.id, post });
      await appendAudit(trx, now, [
        {
          action: 'post.publish',
          actorId: actor.id,
          targetType: 'post',
          targetId: post.id,
          spaceId: space.id,
          detail: {
            kind,
            ...(publishAt ? { publishAt } : {}),
            ...(attachments.length ? { files: attachments.map((a) => a.file) } : {}),
            ...(quoted ? { quoteOf: quoted.row.post.id, quotedSpaceId: quoted.space.id, ...labelsOf(quoted.space.label, space.label) } : {}),
          },
        },
      ]);
      // A held post reaches only its author and the owners (live/audience.ts), whose queue shows it.
      const heldEvent = held ? await recordHeldPost(trx, now, { id: post.id, spaceId: space.id, authorId: actor.id }, heldWords) : null;
      const about = { type: 'post' as const, id: post.id, spaceId: space.id, postId: post.id, excerpt: plainExcerpt(post.body) };
      // A scheduled draft's notifications are listed once it is published (and sent live then).
      const recorded = await recordNotices(trx, [{ kind: 'mention', recipients: mentioned, actorId: actor.id, about }], now);
      // Everyone in the space is asked to confirm: recorded in batches once this commits (notifications/fanout.ts).
      if (requireAcknowledgement) await recordSpaceNotice(trx, { kind: 'ack_request', spaceId: space.id, actorId: actor.id, about }, now, { live: publishAt === null });
      return { event, recorded, heldEvent };
    },
  );

  if ('replayOf' in outcome) return { resource: await postViewOf(ctx, outcome.replayOf, actor), replayed: true };
  const { event: created, recorded, heldEvent } = outcome.created;
  await afterNotices(ctx, recorded, heldEvent ? [created, heldEvent] : [created]);
  if (requireAcknowledgement) ctx.fanout.kick();
  if (body.acknowledgeBy) ctx.reminders.noteDeadline(body.acknowledgeBy);
  // In the background: the 201 never waits for another host.
  // A space without link previews gets none fetched.
  if (space.capabilities.previews) schedulePostPreview(ctx, post);
  for (const poll of polls) ctx.polls.notePoll(poll.closesAt);
  ctx.publishing.notePost(publishAt);
  // A talk-show's author sees whether they moderate it (a host, an owner or a correspondent); a quote's, what they see of the quoted post.
  if (post.talkShow || quoted) return { resource: await postViewOf(ctx, post.id, actor), replayed: false };
  if (polls.length === 0) return { resource: post, replayed: false };
  // The author's own view: canClose, and results when they may see them.
  return { resource: { ...post, polls: await pollViews(db, await pollViewerOf(ctx, actor.id), polls) }, replayed: false };
}

/** The post as the caller may read it, or 404. */
export async function readPost(ctx: ServerContext, actor: Actor, postId: string): Promise<Post> {
  const { db, reactionKinds } = ctx;
  const { row } = await requireReadablePost(db, actor, postId, ctx.now());
  const [view] = await postViews(db, await postReaderOf(ctx, actor), [row], reactionKinds);
  if (!view) throw notFound('Post');
  return view;
}

/**
 * Changes the body or the author's variants of a post (machine translations
 * of an old body go with it), adds and removes its attachments.
 */
export async function editPost(ctx: ServerContext, actor: Actor, postId: string, patch: PostPatch): Promise<Post> {
  const { db, reactionKinds } = ctx;
  const { row } = await requireEditablePost(db, actor, postId, ctx.now());
  // Variants and attachments the space no longer offers are not added (removing them is allowed).
  await requireSpaceCapabilities(db, row.post.space_id, editUses(patch), reactionKinds);
  const body = patch.body === undefined ? undefined : normalizeBody(patch.body);
  const variants = patch.variants?.map(normalisedVariant);
  const attached = patch.attach !== undefined || patch.detach !== undefined ? await attachedFiles(db, 'post', row.post.id) : undefined;
  const detach = patch.detach ?? [];
  const attach = patch.attach ?? [];
  const errors = [
    ...variantErrors(variants ?? [], row.post.locale as Locale),
    ...detachErrors(detach, attached?.ids ?? new Set()),
    ...(await attachableErrors(db, attach, actor.id, row.post.space_id, { path: '/body/attach', kept: (attached?.ids.size ?? 0) - detach.length })),
  ];
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
  if (body !== undefined || variants !== undefined || attached !== undefined) {
    const now = ctx.now();
    // Machine translations are of the old text once the body changes: they go with it.
    const bodyChanged = body !== undefined && body !== row.post.body;
    // The mentions of the text as it will be: the body and every author variant.
    const keptVariants = variants ?? (((await listPostVariants(db, [row.post.id])).get(row.post.id) ?? []).filter((v) => !v.machine));
    const mentioned = mentionedIdsOfAll([body ?? row.post.body, ...keptVariants.map((v) => v.body)]);
    await requireMentionableIn(db, row.post.space_id, mentioned, '/body/body', { type: 'post', id: row.post.id });
    const { event, recorded, released } = await eventTransaction(db, async (trx) => {
      await updatePost(trx, row.post.id, { ...(body !== undefined ? { body } : {}), editedAt: now.toISOString() });
      if (variants !== undefined) await replaceAuthorVariants(trx, row.post.id, variants, now.toISOString(), bodyChanged);
      else if (bodyChanged) await removeMachineVariants(trx, row.post.id);
      // Files removed become unreadable at the commit; files added, readable.
      const released = await detachFiles(trx, 'post', row.post.id, detach);
      await attachFiles(trx, attach, actor.id, { type: 'post', id: row.post.id }, { path: '/body/attach', firstPosition: attached?.nextPosition ?? 0 });
      // Caption words are searched with the post: they come and go with their video.
      if (attached !== undefined) await reindexPostTexts(trx, row.post.id);
      // Only people the edit adds are notified.
      const added = await replaceMentions(trx, 'post', row.post.id, mentioned);
      const event = await recordPostUpdated(trx, ctx, row.post.id, now);
      await appendAudit(trx, now, [
        {
          action: 'post.edit',
          actorId: actor.id,
          targetType: 'post',
          targetId: row.post.id,
          spaceId: row.post.space_id,
          detail: { ...(bodyChanged ? { body: true } : {}), ...(variants ? { variants: variants.map((v) => v.locale) } : {}), ...(attach.length ? { attach: attach.map((a) => a.file) } : {}), ...(detach.length ? { detach } : {}) },
        },
      ]);
      const about = { type: 'post' as const, id: row.post.id, spaceId: row.post.space_id, postId: row.post.id, excerpt: plainExcerpt(body ?? row.post.body) };
      const recorded = added.length > 0 ? await recordNotices(trx, [{ kind: 'mention', recipients: added, actorId: actor.id, about }], now) : NOTHING_RECORDED;
      return { event, recorded, released };
    });
    await afterNotices(ctx, recorded, event ? [event] : []);
    // Unreadable since the commit; the bytes go now (the sweep finishes the job after a crash).
    await ctx.uploads?.removeFiles(released);
  }
  const updated = await findPost(db, row.post.id);
  if (!updated) throw notFound('Post');
  const [view] = await postViews(db, await postReaderOf(ctx, actor), [updated], reactionKinds);
  if (!view) throw notFound('Post');
  return view;
}

/** Deletes a post and what the replay window kept of it. */
export async function removePost(ctx: ServerContext, actor: Actor, postId: string): Promise<void> {
  const now = ctx.now();
  const { row } = await requireDeletablePost(ctx.db, actor, postId, now);
  const { id, space_id: spaceId } = row.post;
  const event = await eventTransaction(ctx.db, async (trx) => {
    await appendAudit(trx, now, [{ action: 'post.delete', actorId: actor.id, targetType: 'post', targetId: id, spaceId, detail: { authorId: row.post.author_id } }]);
    return erasePost(trx, now, { id, spaceId });
  });
  await afterCommit(ctx, [event.deleted]);
  // Unreadable since the commit; the bytes go now (the sweep finishes the job after a crash).
  await ctx.uploads?.removeFiles(event.files);
}

/**
 * Deletes a post with everything attached, in the caller's transaction
 * (which records its audit entry): a person's deletion, or the space's
 * retention (retention/purge.ts). Answers the `post.deleted` event to hand
 * to `afterCommit` and the files whose bytes go after the commit.
 */
export async function erasePost(trx: EventTransaction, now: Date, post: { id: string; spaceId: string }): Promise<{ deleted: StoredLiveEvent; files: string[] }> {
  const { id, spaceId } = post;
  // Recorded while the post still exists, so a draft's deletion reaches
  // only those who saw the draft; then what the replay window kept of
  // the post goes with it.
  const deleted = await recordEvent(trx, now, spaceId, { type: 'post.deleted', spaceId, postId: id });
  await deletePostEvents(trx, id, deleted.id);
  // Reports of it and of its comments: nothing left to moderate.
  await deletePostReports(trx, id);
  // Mentions of the post and of its comments, and every notification about any of it.
  await deleteMentions(trx, 'post', [id]);
  await trx
    .deleteFrom('mentions')
    .where('object_type', '=', 'comment')
    .where('object_id', 'in', trx.selectFrom('comments').select('id').where('post_id', '=', id))
    .execute();
  await deleteNotificationsAbout(trx, { postId: id });
  await trx.deleteFrom('notification_fanouts').where('post_id', '=', id).execute();
  // Its files; its comments' files are unreadable once their comments are
  // gone with it, and collected by the sweep (listing them here would visit
  // every comment of the post).
  const files = await releaseFiles(trx, 'post', [id]);
  await deletePost(trx, id);
  return { deleted, files };
}

/** Adds a machine translation of a post through the administrator's hook, once per language. */
export async function translatePost(ctx: ServerContext, actor: Actor, postId: string, target: Locale): Promise<Post> {
  const { db, reactionKinds } = ctx;
  // Visibility first: an unreadable post is 404 whether or not a hook exists.
  const { row } = await requireReadablePost(db, actor, postId, ctx.now());
  await requireSpaceCapabilities(db, row.post.space_id, [{ capability: 'translations' }], reactionKinds);
  const translate = ctx.translate;
  // No hook, no call: nothing about the post leaves the server.
  if (!translate) throw new HttpProblem('translation_unavailable', 'No translation service is configured on this server');
  const source = row.post.locale as Locale;
  if (target === source) {
    throw new HttpProblem('validation_failed', 'The request is not valid', [
      { path: '/body/locale', message: 'is the language of the post itself' },
    ]);
  }
  // An author's own variant (or an earlier machine one) is kept: the hook is not asked again.
  if (!(await findVariant(db, row.post.id, target))) {
    const text = await translate(row.post.body, source, target);
    if (typeof text !== 'string' || text.length === 0 || text.length > POST_BODY_MAX_CHARS) {
      throw new Error(`The translation hook returned no usable text (${typeof text}, ${String(text).length} characters)`);
    }
    const now = ctx.now();
    const event = await eventTransaction(db, async (trx) => {
      // Another request may have stored this language meanwhile (an author variant wins).
      if (await findVariant(trx, row.post.id, target)) return null;
      await insertVariants(trx, row.post.id, [{ locale: target, body: text, machine: true }], now.toISOString());
      return recordPostUpdated(trx, ctx, row.post.id, now);
    });
    if (event) await afterCommit(ctx, [event]);
  }
  const current = await findPost(db, row.post.id);
  if (!current) throw notFound('Post');
  const [view] = await postViews(db, await postReaderOf(ctx, actor), [current], reactionKinds);
  if (!view) throw notFound('Post');
  return view;
}
