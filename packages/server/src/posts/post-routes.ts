import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AcknowledgementSummary,
  PinRequest,
  Post,
  PostPatch,
  PublishRequest,
  TranslationRequest,
  POST_BODY_MAX_CHARS,
  normalizeBody,
  routes,
  type Locale,
  type PostKind,
  type PostVariantDraft,
  type ProblemFieldError,
} from '@ecotone/protocol';
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import type { StoredLiveEvent } from '../live/bus.js';
import {
  canSeeAcknowledgements,
  requireDeletablePost,
  requireEditablePost,
  requirePinnablePost,
  requirePublishableSpace,
  requireReadablePost,
} from '../policy/authz.js';
import { forbidden, HttpProblem, notFound } from '../http/errors.js';
import { afterCommit, recordEvent } from '../live/record.js';
import { countsFor, postViews } from './post-view.js';
import { isDraft } from './post-rules.js';
import { draftErrors, newPollId, pollFromDraft } from '../polls/poll-rules.js';
import { pollViewerOf, pollViews, pollView } from '../polls/poll-view.js';
import { insertPoll, resultsFromTally } from '../polls/poll-repository.js';
import { IdempotencyHeaders, idempotentTransaction, markReplayed } from '../http/idempotency.js';
import { deletePost, findPost, insertPost, setPin } from './post-repository.js';
import { deletePostEvents } from '../live/event-repository.js';
import { acksBySite, countAcks, insertAck } from '../announcements/ack-repository.js';
import {
  findVariant,
  insertVariants,
  removeMachineVariants,
  replaceAuthorVariants,
  updatePost,
} from './variant-repository.js';
import { schedulePostPreview } from '../previews/post-previews.js';
import { apiPath } from '../http/paths.js';

/** Random bytes in a post id (base64url: 16 characters). */
const POST_ID_BYTES = 12;

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });
const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });

/** Variants name other languages than the source, one each; errors name the offending field. */
function variantErrors(variants: readonly PostVariantDraft[], source: Locale): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  variants.forEach((variant, i) => {
    const path = `/body/variants/${i}/locale`;
    if (variant.locale === source) errors.push({ path, message: 'is the language of the post itself' });
    else if (seen.has(variant.locale)) errors.push({ path, message: 'has a variant already' });
    seen.add(variant.locale);
  });
  return errors;
}

/** Scheduling, pinning and acknowledgement at publish time; errors name the offending field. */
function announcementErrors(body: PublishRequest, kind: PostKind, now: Date): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const onlyAnnouncements = 'is only for announcements';
  if (kind !== 'announcement') {
    if (body.pin) errors.push({ path: '/body/pin', message: onlyAnnouncements });
    if (body.pinUntil !== undefined) errors.push({ path: '/body/pinUntil', message: onlyAnnouncements });
    if (body.requireAcknowledgement) errors.push({ path: '/body/requireAcknowledgement', message: onlyAnnouncements });
  }
  if (body.pinUntil !== undefined) {
    if (body.pin === false) errors.push({ path: '/body/pinUntil', message: 'needs pin' });
    else if (Date.parse(body.pinUntil) <= now.getTime()) errors.push({ path: '/body/pinUntil', message: 'is in the past' });
    else if (body.publishAt !== undefined && Date.parse(body.pinUntil) <= Date.parse(body.publishAt)) {
      errors.push({ path: '/body/pinUntil', message: 'is before publishAt' });
    }
  }
  return errors;
}

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
async function recordPostUpdated(
  trx: Kysely<Database>,
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

/** Acknowledgements exist only on posts that ask for them: 409 otherwise. */
function requireAcknowledgementAsked(post: { requires_ack: number }): void {
  if (post.requires_ack !== 1) {
    throw new HttpProblem('acknowledgement_not_requested', 'This post does not ask for a read acknowledgement');
  }
}

export const postRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  /** The post as the caller sees it now. */
  const viewOf = async (postId: string, actorId: string): Promise<Post> => {
    const ctx = app.ecotone;
    const row = await findPost(ctx.db, postId);
    if (!row) throw notFound('Post');
    const [view] = await postViews(ctx.db, await pollViewerOf(ctx, actorId), [row], ctx.reactionKinds);
    if (!view) throw notFound('Post');
    return view;
  };

  app.post(
    apiPath(routes.publish, ':space'),
    {
      schema: {
        params: SpaceParams,
        headers: IdempotencyHeaders,
        body: PublishRequest,
        response: { 200: Post, 201: Post },
      },
    },
    async (request, reply): Promise<Post> => {
      const ctx = app.ecotone;
      const { db, reactionKinds } = ctx;
      const actor = request.actor;
      const kind: PostKind = request.body.kind ?? 'note';
      const { space } = await requirePublishableSpace(db, actor, request.params.space, kind);
      // The body is in the author's language unless they say otherwise.
      const locale: Locale = request.body.locale ?? actor.locale;
      const key = request.headers['idempotency-key'];
      const drafts = request.body.polls ?? [];
      const variants = (request.body.variants ?? []).map(normalisedVariant);
      const { publishAt: askedPublishAt, pinUntil, requireAcknowledgement } = request.body;
      const pin = request.body.pin ?? pinUntil !== undefined;
      const now = ctx.now();
      // A time already past publishes at once.
      const publishAt =
        askedPublishAt !== undefined && Date.parse(askedPublishAt) > now.getTime() ? new Date(askedPublishAt).toISOString() : null;
      // Every draft is checked before anything is written, the key included.
      const errors = [
        ...drafts.flatMap((draft, i) => draftErrors(draft, `/body/polls/${i}`, now)),
        ...variantErrors(variants, locale),
        ...announcementErrors(request.body, kind, now),
      ];
      if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
      const pinnedUntil = pin && pinUntil !== undefined ? new Date(pinUntil).toISOString() : null;
      const post: Post = {
        id: randomBytes(POST_ID_BYTES).toString('base64url'),
        spaceId: space.id,
        author: actor,
        kind,
        body: normalizeBody(request.body.body),
        locale,
        createdAt: now.toISOString(),
        reactions: { objectId: '', counts: countsFor(reactionKinds, undefined), mine: [] },
        commentCount: 0,
        ...authorVariants(variants),
        // The author sees their own draft's time.
        ...(publishAt ? { publishAt } : {}),
        ...(pin ? { pinned: { until: pinnedUntil } } : {}),
        ...(requireAcknowledgement ? { acknowledgement: { mine: false, count: 0 } } : {}),
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
        { actorId: actor.id, key, scope: 'publish', request: [space.id, request.body], resourceId: post.id, at: post.createdAt },
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
            pinned_at: pin ? post.createdAt : null,
            pinned_until: pinnedUntil,
            requires_ack: requireAcknowledgement ? 1 : 0,
          });
          for (const poll of polls) await insertPoll(trx, poll);
          await insertVariants(trx, post.id, variants.map((v) => ({ ...v, machine: false })), post.createdAt);
          // A draft's post.created reaches only its author and the space's
          // owners (live/audience.ts); readers get theirs when it is published.
          return recordEvent(trx, now, space.id, { type: 'post.created', spaceId: space.id, post });
        },
      );

      if ('replayOf' in outcome) {
        markReplayed(reply);
        return reply.code(201).send(await viewOf(outcome.replayOf, actor.id));
      }
      await afterCommit(ctx, [outcome.created]);
      // In the background: the 201 never waits for another host.
      schedulePostPreview(ctx, post);
      for (const poll of polls) ctx.polls.notePoll(poll.closesAt);
      ctx.publishing.notePost(publishAt);
      if (polls.length === 0) return reply.code(201).send(post);
      // The author's own view: canClose, and results when they may see them.
      return reply.code(201).send({ ...post, polls: await pollViews(db, await pollViewerOf(ctx, actor.id), polls) });
    },
  );

  app.get(
    apiPath(routes.post, ':post'),
    { schema: { params: PostParams, response: { 200: Post } } },
    async (request): Promise<Post> => {
      const ctx = app.ecotone;
      const { db, reactionKinds } = ctx;
      const { row } = await requireReadablePost(db, request.actor, request.params.post, ctx.now());
      const [view] = await postViews(db, await pollViewerOf(ctx, request.actor.id), [row], reactionKinds);
      if (!view) throw notFound('Post');
      return view;
    },
  );

  app.patch(
    apiPath(routes.post, ':post'),
    { schema: { params: PostParams, body: PostPatch, response: { 200: Post } } },
    async (request): Promise<Post> => {
      const ctx = app.ecotone;
      const { db, reactionKinds } = ctx;
      const { row } = await requireEditablePost(db, request.actor, request.params.post, ctx.now());
      const body = request.body.body === undefined ? undefined : normalizeBody(request.body.body);
      const variants = request.body.variants?.map(normalisedVariant);
      const errors = variantErrors(variants ?? [], row.post.locale as Locale);
      if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
      if (body !== undefined || variants !== undefined) {
        const now = ctx.now();
        // Machine translations are of the old text once the body changes: they go with it.
        const bodyChanged = body !== undefined && body !== row.post.body;
        const event = await db.transaction().execute(async (trx) => {
          await updatePost(trx, row.post.id, { ...(body !== undefined ? { body } : {}), editedAt: now.toISOString() });
          if (variants !== undefined) await replaceAuthorVariants(trx, row.post.id, variants, now.toISOString(), bodyChanged);
          else if (bodyChanged) await removeMachineVariants(trx, row.post.id);
          return recordPostUpdated(trx, ctx, row.post.id, now);
        });
        if (event) await afterCommit(ctx, [event]);
      }
      const updated = await findPost(db, row.post.id);
      if (!updated) throw notFound('Post');
      const [view] = await postViews(db, await pollViewerOf(ctx, request.actor.id), [updated], reactionKinds);
      if (!view) throw notFound('Post');
      return view;
    },
  );

  app.delete(
    apiPath(routes.post, ':post'),
    { schema: { params: PostParams } },
    async (request, reply) => {
      const ctx = app.ecotone;
      const now = ctx.now();
      const { row } = await requireDeletablePost(ctx.db, request.actor, request.params.post, now);
      const { id: postId, space_id: spaceId } = row.post;
      const event = await ctx.db.transaction().execute(async (trx) => {
        // Recorded while the post still exists, so a draft's deletion reaches
        // only those who saw the draft; then what the replay window kept of
        // the post goes with it.
        const deleted = await recordEvent(trx, now, spaceId, { type: 'post.deleted', spaceId, postId });
        await deletePostEvents(trx, postId, deleted.id);
        await deletePost(trx, postId);
        return deleted;
      });
      await afterCommit(ctx, [event]);
      return reply.code(204).send();
    },
  );

  app.post(
    apiPath(routes.translations, ':post'),
    { schema: { params: PostParams, body: TranslationRequest, response: { 200: Post } } },
    async (request): Promise<Post> => {
      const ctx = app.ecotone;
      const { db, reactionKinds } = ctx;
      // Visibility first: an unreadable post is 404 whether or not a hook exists.
      const { row } = await requireReadablePost(db, request.actor, request.params.post, ctx.now());
      const translate = ctx.translate;
      // No hook, no call: nothing about the post leaves the server.
      if (!translate) throw new HttpProblem('translation_unavailable', 'No translation service is configured on this server');
      const target = request.body.locale;
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
        const event = await db.transaction().execute(async (trx) => {
          // Another request may have stored this language meanwhile (an author variant wins).
          if (await findVariant(trx, row.post.id, target)) return null;
          await insertVariants(trx, row.post.id, [{ locale: target, body: text, machine: true }], now.toISOString());
          return recordPostUpdated(trx, ctx, row.post.id, now);
        });
        if (event) await afterCommit(ctx, [event]);
      }
      const current = await findPost(db, row.post.id);
      if (!current) throw notFound('Post');
      const [view] = await postViews(db, await pollViewerOf(ctx, request.actor.id), [current], reactionKinds);
      if (!view) throw notFound('Post');
      return view;
    },
  );

  app.put(
    apiPath(routes.pin, ':post'),
    {
      schema: { params: PostParams, body: PinRequest, response: { 200: Post } },
      // No body at all is `{}`: pinned until unpinned.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request): Promise<Post> => {
      const ctx = app.ecotone;
      const now = ctx.now();
      const { row } = await requirePinnablePost(ctx.db, request.actor, request.params.post, now);
      if (row.post.kind !== 'announcement') {
        throw new HttpProblem('validation_failed', 'Only announcements may be pinned', [
          { path: '/params/post', message: 'is not an announcement' },
        ]);
      }
      const until = request.body.until;
      if (until !== undefined && Date.parse(until) <= now.getTime()) {
        throw new HttpProblem('validation_failed', 'The request is not valid', [{ path: '/body/until', message: 'is in the past' }]);
      }
      const event = await ctx.db.transaction().execute(async (trx) => {
        await setPin(trx, row.post.id, { pinnedAt: now.toISOString(), until: until === undefined ? null : new Date(until).toISOString() });
        return recordPostUpdated(trx, ctx, row.post.id, now);
      });
      if (event) await afterCommit(ctx, [event]);
      return viewOf(row.post.id, request.actor.id);
    },
  );

  app.delete(
    apiPath(routes.pin, ':post'),
    { schema: { params: PostParams, response: { 200: Post } } },
    async (request): Promise<Post> => {
      const ctx = app.ecotone;
      const now = ctx.now();
      const { row } = await requirePinnablePost(ctx.db, request.actor, request.params.post, now);
      if (row.post.pinned_at !== null) {
        const event = await ctx.db.transaction().execute(async (trx) => {
          await setPin(trx, row.post.id, null);
          return recordPostUpdated(trx, ctx, row.post.id, now);
        });
        if (event) await afterCommit(ctx, [event]);
      }
      return viewOf(row.post.id, request.actor.id);
    },
  );

  app.put(
    apiPath(routes.acknowledgements, ':post'),
    { schema: { params: PostParams, response: { 200: Post } } },
    async (request): Promise<Post> => {
      const ctx = app.ecotone;
      const now = ctx.now();
      // Whoever may read the post acknowledges it, readers included.
      const { row } = await requireReadablePost(ctx.db, request.actor, request.params.post, now);
      requireAcknowledgementAsked(row.post);
      const { id: postId, space_id: spaceId } = row.post;
      const event = await ctx.db.transaction().execute(async (trx) => {
        // The primary key makes it idempotent, concurrent requests included:
        // only the request that wrote the row announces it.
        if (!(await insertAck(trx, postId, request.actor.id, now.toISOString()))) return null;
        // A draft's readers do not know it yet: nothing goes out for it.
        if (isDraft(row.post, now)) return null;
        const count = (await countAcks(trx, [postId])).get(postId) ?? 0;
        return recordEvent(trx, now, spaceId, { type: 'acknowledgement.changed', spaceId, postId, count, actorId: request.actor.id });
      });
      if (event) await afterCommit(ctx, [event]);
      return viewOf(postId, request.actor.id);
    },
  );

  app.get(
    apiPath(routes.acknowledgements, ':post'),
    { schema: { params: PostParams, response: { 200: AcknowledgementSummary } } },
    async (request): Promise<AcknowledgementSummary> => {
      const ctx = app.ecotone;
      const { row, role } = await requireReadablePost(ctx.db, request.actor, request.params.post, ctx.now());
      requireAcknowledgementAsked(row.post);
      if (!canSeeAcknowledgements(row.post, request.actor.id, role)) {
        throw forbidden('Only the author of the post and the owners of the space see who acknowledged it');
      }
      const [counts, bySite] = await Promise.all([countAcks(ctx.db, [row.post.id]), acksBySite(ctx.db, row.post.id)]);
      return { postId: row.post.id, count: counts.get(row.post.id) ?? 0, bySite };
    },
  );
};
