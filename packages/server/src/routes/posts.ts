import { createHash, randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Post, PublishRequest, routes, type Locale, type PostKind } from '@ecotone/protocol';
import { findReadableSpace, requirePublishableSpace } from '../authz.js';
import { HttpProblem, notFound } from '../errors.js';
import { afterCommit, recordEvent } from '../live/record.js';
import { countsFor, postViews } from '../post-view.js';
import { draftErrors, newPollId, pollFromDraft } from '../poll-rules.js';
import { pollViewerOf, pollViews, pollView } from '../poll-view.js';
import { insertPoll, resultsFromTally } from '../repositories/polls.js';
import { claimIdempotencyKey } from '../repositories/idempotency.js';
import { findPost, insertPost } from '../repositories/posts.js';
import { schedulePostPreview } from '../previews/post-previews.js';
import { apiPath } from './paths.js';

/** Longest accepted Idempotency-Key header, in characters. */
const IDEMPOTENCY_KEY_MAX_CHARS = 200;
/** Random bytes in a post id (base64url: 16 characters). */
const POST_ID_BYTES = 12;

const SpaceParams = Type.Object({ space: Type.String({ minLength: 1, maxLength: 64 }) });
const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });
const PublishHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_CHARS })),
});

function requestHash(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export const postRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    apiPath(routes.publish, ':space'),
    {
      schema: {
        params: SpaceParams,
        headers: PublishHeaders,
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
      // Polls count in the hash only when present, so hashes of plain posts stay as they were.
      const hash = requestHash([space.id, kind, locale, request.body.body, ...(drafts.length ? [JSON.stringify(drafts)] : [])]);
      const now = ctx.now();
      // Every draft is checked before anything is written, the key included.
      const errors = drafts.flatMap((draft, i) => draftErrors(draft, `/body/polls/${i}`, now));
      if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
      const post: Post = {
        id: randomBytes(POST_ID_BYTES).toString('base64url'),
        spaceId: space.id,
        author: actor,
        kind,
        body: request.body.body,
        locale,
        createdAt: now.toISOString(),
        reactions: { objectId: '', counts: countsFor(reactionKinds, undefined), mine: [] },
        commentCount: 0,
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

      const outcome = await db.transaction().execute(async (trx) => {
        if (key) {
          // Claim first, in the same transaction: the primary key lets exactly
          // one of any number of concurrent requests through.
          const claim = await claimIdempotencyKey(trx, {
            actorId: actor.id,
            key,
            requestHash: hash,
            postId: post.id,
            createdAt: post.createdAt,
          });
          if (!claim.claimed) return { replayOf: claim, event: null };
        }
        await insertPost(trx, {
          id: post.id,
          space_id: space.id,
          author_id: actor.id,
          kind,
          body: post.body,
          locale,
          created_at: post.createdAt,
          edited_at: null,
        });
        for (const poll of polls) await insertPoll(trx, poll);
        const event = await recordEvent(trx, now, space.id, { type: 'post.created', spaceId: space.id, post });
        return { replayOf: null, event };
      });

      if (outcome.replayOf) {
        if (outcome.replayOf.requestHash !== hash) {
          throw new HttpProblem('idempotency_key_reused', 'This Idempotency-Key was used for a different request');
        }
        const first = await findPost(db, outcome.replayOf.postId);
        if (!first) throw notFound('Post');
        const [view] = await postViews(db, await pollViewerOf(ctx, actor.id), [first], reactionKinds);
        if (!view) throw notFound('Post');
        reply.header('Idempotent-Replayed', 'true');
        return reply.code(201).send(view);
      }
      if (outcome.event) await afterCommit(ctx, [outcome.event]);
      // In the background: the 201 never waits for another host.
      schedulePostPreview(ctx, post);
      for (const poll of polls) ctx.polls.notePoll(poll.closesAt);
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
      const row = await findPost(db, request.params.post);
      if (!row) throw notFound('Post');
      if (!(await findReadableSpace(db, request.actor, row.post.space_id))) throw notFound('Post');
      const [view] = await postViews(db, await pollViewerOf(ctx, request.actor.id), [row], reactionKinds);
      if (!view) throw notFound('Post');
      return view;
    },
  );
};
