import type { Actor, ReactionSummary } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import { requireReactableObject } from '../policy/authz.js';
import { HttpProblem } from '../http/errors.js';
import { requireCapabilities } from '../spaces/capability-service.js';
import { afterCommit, eventTransaction, recordEvent } from '../live/record.js';
import { countsFor, reactionSummary } from '../posts/post-view.js';
import { addReaction, countReactions, removeReaction } from './reaction-repository.js';

/** Reactions on an object (post or comment) the caller may react to, with the caller's own. */
export async function readReactions(ctx: ServerContext, actor: Actor, objectId: string): Promise<ReactionSummary> {
  const { db, reactionKinds, now } = ctx;
  await requireReactableObject(db, actor, objectId, now());
  return reactionSummary(db, actor.id, objectId, reactionKinds);
}

/** Adds (`active`) or removes the caller's reaction of one kind; idempotent both ways. */
export async function setReaction(
  ctx: ServerContext,
  actor: Actor,
  objectId: string,
  kind: string,
  active: boolean,
): Promise<ReactionSummary> {
  const { db, reactionKinds } = ctx;
  const actorId = actor.id;
  // Visibility first: an unknown kind on an invisible object is still 404.
  const { space } = await requireReactableObject(db, actor, objectId, ctx.now());
  if (!reactionKinds.includes(kind)) {
    throw new HttpProblem('unknown_reaction_kind', `Reaction kind "${kind}" is not configured on this server`);
  }
  // Taking one's own reaction back is always possible; a new one only of a kind the space offers.
  if (active) requireCapabilities(space.capabilities, [{ capability: 'reactions', kind }], reactionKinds);
  const now = ctx.now();
  const event = await eventTransaction(db, async (trx) => {
    const changed = active
      ? await addReaction(trx, { objectId, actorId, kind, createdAt: now.toISOString() })
      : await removeReaction(trx, { objectId, actorId, kind });
    // Idempotent: a repeated PUT or DELETE changes nothing and tells nobody.
    if (!changed) return null;
    const counts = countsFor(reactionKinds, (await countReactions(trx, [objectId])).get(objectId));
    return recordEvent(trx, now, space.id, {
      type: 'reaction.changed',
      spaceId: space.id,
      objectId,
      counts,
      actorId,
      kind,
      active,
    });
  });
  if (event) await afterCommit(ctx, [event]);
  return reactionSummary(db, actorId, objectId, reactionKinds);
}
