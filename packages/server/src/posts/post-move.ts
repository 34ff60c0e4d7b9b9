/**
 * Moving a post to another space (docs/protocol.md#quoting-and-moving-posts):
 * an owner of its space moves it where they may publish it, never to a space
 * of a lower classification label. The post keeps its id, author, comments,
 * reactions, polls, acknowledgements and files; everything that records the
 * space it is in follows it in one transaction. Readers of the old space
 * get `post.deleted`, readers of the new one `post.created`, and the old
 * space's replay window forgets what it kept of the post.
 */
import type { Actor, Post } from '@ecotone/protocol';
import { canMovePost, moveErrors, publishUses } from '@ecotone/protocol/rules';
import type { ServerContext } from '../context.js';
import { forbidden, HttpProblem, notFound } from '../http/errors.js';
import { requirePublishableSpace, requireReadablePost } from '../policy/authz.js';
import { requireFlow } from '../policy/classification.js';
import { requireCapabilities } from '../spaces/capability-service.js';
import { afterCommit, eventTransaction, recordEvent } from '../live/record.js';
import { deletePostEvents } from '../live/event-repository.js';
import { appendAudit } from '../audit/audit-log.js';
import { postReaderOf, postViews } from './post-view.js';
import { findPost } from './post-repository.js';
import { listPostVariants } from './variant-repository.js';

/** Moves a post to the space `toSpaceId`; answers it as the caller sees it there. */
export async function movePost(ctx: ServerContext, actor: Actor, postId: string, toSpaceId: string): Promise<Post> {
  const { db, reactionKinds } = ctx;
  const now = ctx.now();
  // Unreadable (a draft of someone else's, a space the caller cannot read): 404, as for reading it.
  const found = await requireReadablePost(db, actor, postId, now);
  const from = found.space;
  const post = found.row.post;
  if (!canMovePost(found.role)) throw forbidden('Only owners of the space move its posts');
  const errors = moveErrors({ kind: post.kind as Post['kind'], spaceId: from.id }, toSpaceId);
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
  // Where the caller may publish a post of this kind (an announcement: an owner or a correspondent there).
  const { space: to } = await requirePublishableSpace(db, actor, toSpaceId, post.kind as Post['kind']);
  requireFlow(ctx.classification.order, from.label, to.label, 'Moving this post');
  // What the post uses, the new space must offer (as for publishing it there).
  const [polls, variants, files] = await Promise.all([
    db.selectFrom('polls').select('id').where('post_id', '=', post.id).limit(1).execute(),
    listPostVariants(db, [post.id]),
    db.selectFrom('files').select('id').where('object_type', '=', 'post').where('object_id', '=', post.id).limit(1).execute(),
  ]);
  requireCapabilities(
    to.capabilities,
    publishUses({
      kind: post.kind as Post['kind'],
      polls,
      variants: (variants.get(post.id) ?? []).filter((v) => !v.machine),
      attachments: files,
    }),
    reactionKinds,
  );
  const events = await eventTransaction(db, async (trx) => {
    // Recorded while the post is still in the old space, to those who saw it there (a draft's to those who saw the draft).
    const removed = await recordEvent(trx, now, from.id, { type: 'post.deleted', spaceId: from.id, postId: post.id });
    // What the old space's replay window kept of the post (its text, its comments) goes: it may be of a higher label now.
    await deletePostEvents(trx, post.id, removed.id);
    await trx.updateTable('posts').set({ space_id: to.id }).where('id', '=', post.id).execute();
    await trx.updateTable('comments').set({ space_id: to.id }).where('post_id', '=', post.id).execute();
    await trx.updateTable('polls').set({ space_id: to.id }).where('post_id', '=', post.id).execute();
    // Notifications about it are listed to whoever may read the new space (notifications/notification-repository.ts).
    await trx.updateTable('notifications').set({ space_id: to.id }).where('post_id', '=', post.id).execute();
    await trx.updateTable('notification_fanouts').set({ space_id: to.id }).where('post_id', '=', post.id).execute();
    // Open reports go to the new space's owners.
    await trx.updateTable('reports').set({ space_id: to.id }).where('post_id', '=', post.id).execute();
    // Its files and its comments' files are read under the new space's rules.
    await trx.updateTable('files').set({ space_id: to.id }).where('object_type', '=', 'post').where('object_id', '=', post.id).execute();
    await trx
      .updateTable('files')
      .set({ space_id: to.id })
      .where('object_type', '=', 'comment')
      .where('object_id', 'in', trx.selectFrom('comments').select('id').where('post_id', '=', post.id))
      .execute();
    const row = await findPost(trx, post.id);
    if (!row) throw notFound('Post');
    // As nobody in particular sees it; the stream shapes it per viewer (live/shaping.ts).
    const nobody = { id: '', roleIn: () => null, secret: ctx.ballotSecret, now };
    const [view] = await postViews(trx, nobody, [row], reactionKinds);
    if (!view) throw notFound('Post');
    const stored: Post = view.polls ? { ...view, polls: view.polls.map(({ results: _results, ...poll }) => poll) } : view;
    const added = await recordEvent(trx, now, to.id, { type: 'post.created', spaceId: to.id, post: stored });
    await appendAudit(trx, now, [
      {
        action: 'post.move',
        actorId: actor.id,
        targetType: 'post',
        targetId: post.id,
        spaceId: to.id,
        detail: {
          fromSpaceId: from.id,
          toSpaceId: to.id,
          authorId: post.author_id,
          ...(from.label !== null || to.label !== null ? { fromLabel: from.label, toLabel: to.label } : {}),
        },
      },
    ]);
    return [removed, added];
  });
  await afterCommit(ctx, events);
  const moved = await findPost(db, post.id);
  if (!moved) throw notFound('Post');
  const [view] = await postViews(db, await postReaderOf(ctx, actor), [moved], reactionKinds);
  if (!view) throw notFound('Post');
  return view;
}
