import type { AcknowledgementSummary, Actor, Post, PostKind } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import { requirePinnablePost, requireReadablePost } from '../policy/authz.js';
import { forbidden, HttpProblem } from '../http/errors.js';
import { afterCommit, eventTransaction, recordEvent } from '../live/record.js';
import { acknowledgementProblem, canSeeAcknowledgements, isDraft, pinProblem } from '@ecotone/protocol/rules';
import { setPin } from '../posts/post-repository.js';
import { postViewOf, recordPostUpdated } from '../posts/post-service.js';
import { acksBySite, countAcks, insertAck } from './ack-repository.js';
import { requireSpaceCapabilities } from '../spaces/capability-service.js';

/** Acknowledgements exist only on posts that ask for them: 409 otherwise. */
function requireAcknowledgementAsked(post: { requires_ack: number }): void {
  const refused = acknowledgementProblem(post.requires_ack === 1);
  if (refused) throw new HttpProblem(refused.code, refused.title);
}

/** Pins an announcement, until `until` or until it is unpinned. */
export async function pinPost(ctx: ServerContext, actor: Actor, postId: string, until: string | undefined): Promise<Post> {
  const now = ctx.now();
  const { row } = await requirePinnablePost(ctx.db, actor, postId, now);
  const refused = pinProblem(row.post.kind as PostKind, until, now);
  if (refused) throw new HttpProblem(refused.code, refused.title, refused.errors);
  // Pinning puts an announcement forward anew: not in a space that no longer offers announcements (unpinning is allowed).
  await requireSpaceCapabilities(ctx.db, row.post.space_id, [{ capability: 'announcements' }], ctx.reactionKinds);
  const event = await eventTransaction(ctx.db, async (trx) => {
    await setPin(trx, row.post.id, { pinnedAt: now.toISOString(), until: until === undefined ? null : new Date(until).toISOString() });
    return recordPostUpdated(trx, ctx, row.post.id, now);
  });
  if (event) await afterCommit(ctx, [event]);
  return postViewOf(ctx, row.post.id, actor);
}

/** Unpins a post; a post that is not pinned stays as it is. */
export async function unpinPost(ctx: ServerContext, actor: Actor, postId: string): Promise<Post> {
  const now = ctx.now();
  const { row } = await requirePinnablePost(ctx.db, actor, postId, now);
  if (row.post.pinned_at !== null) {
    const event = await eventTransaction(ctx.db, async (trx) => {
      await setPin(trx, row.post.id, null);
      return recordPostUpdated(trx, ctx, row.post.id, now);
    });
    if (event) await afterCommit(ctx, [event]);
  }
  return postViewOf(ctx, row.post.id, actor);
}

/** Records that the caller read a post that asks for it; idempotent. */
export async function acknowledgePost(ctx: ServerContext, actor: Actor, postId: string): Promise<Post> {
  const now = ctx.now();
  // Whoever may read the post acknowledges it, readers included.
  const { row } = await requireReadablePost(ctx.db, actor, postId, now);
  requireAcknowledgementAsked(row.post);
  const { id, space_id: spaceId } = row.post;
  const event = await eventTransaction(ctx.db, async (trx) => {
    // The primary key makes it idempotent, concurrent requests included:
    // only the request that wrote the row announces it.
    if (!(await insertAck(trx, id, actor.id, now.toISOString()))) return null;
    // A draft's readers do not know it yet: nothing goes out for it.
    if (isDraft(row.post.publish_at, now)) return null;
    const count = (await countAcks(trx, [id])).get(id) ?? 0;
    return recordEvent(trx, now, spaceId, { type: 'acknowledgement.changed', spaceId, postId: id, count, actorId: actor.id });
  });
  if (event) await afterCommit(ctx, [event]);
  return postViewOf(ctx, id, actor);
}

/** How many acknowledged a post, by site: for its author and the space's owners only. */
export async function acknowledgementSummary(ctx: ServerContext, actor: Actor, postId: string): Promise<AcknowledgementSummary> {
  const { row, role } = await requireReadablePost(ctx.db, actor, postId, ctx.now());
  requireAcknowledgementAsked(row.post);
  if (!canSeeAcknowledgements({ authorId: row.post.author_id }, actor.id, role)) {
    throw forbidden('Only the author of the post and the owners of the space see who acknowledged it');
  }
  const [counts, bySite] = await Promise.all([countAcks(ctx.db, [row.post.id]), acksBySite(ctx.db, row.post.id)]);
  return { postId: row.post.id, count: counts.get(row.post.id) ?? 0, bySite };
}
