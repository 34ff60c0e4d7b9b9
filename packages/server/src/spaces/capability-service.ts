/**
 * What a space offers (`Space.capabilities`): owners switch features on or
 * off (PUT /spaces/:id/capabilities, with a `space.capabilities` event and a
 * `space.capabilities` audit entry in the same transaction), and every write
 * path asks {@link requireCapabilities} before it writes. The rule itself is
 * `capabilityProblem` in @ecotone/protocol/rules, shared with the in-process
 * transports. Switching a feature off refuses new content of its kind;
 * existing content stays readable.
 */
import type { Actor, Space, SpaceCapabilities, SpaceCapabilitiesUpdate } from '@ecotone/protocol';
import {
  canChangeCapabilities,
  capabilitiesUpdateErrors,
  capabilityProblem,
  changedCapabilities,
  updatedCapabilities,
  type CapabilityUse,
} from '@ecotone/protocol/rules';
import type { Kysely } from 'kysely';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { forbidden, HttpProblem, notFound } from '../http/errors.js';
import { appendAudit } from '../audit/audit-log.js';
import { afterCommit, eventTransaction, recordEvent } from '../live/record.js';
import { requireListedSpace } from '../policy/authz.js';
import { findSpace, updateSpaceCapabilities } from './space-repository.js';
import { spaceViews } from './space-view.js';

/** Throws `capability_disabled` when the space does not offer one of `uses`. */
export function requireCapabilities(capabilities: SpaceCapabilities, uses: readonly CapabilityUse[], serverKinds: readonly string[]): void {
  const problem = capabilityProblem(capabilities, uses, serverKinds);
  if (problem) throw new HttpProblem(problem.code, problem.title, problem.errors);
}

/** The same for a space known by id (a post's or a comment's): what it offers is read now. */
export async function requireSpaceCapabilities(
  db: Kysely<Database>,
  spaceId: string,
  uses: readonly CapabilityUse[],
  serverKinds: readonly string[],
): Promise<void> {
  if (uses.length === 0) return;
  const space = await findSpace(db, spaceId);
  if (!space) throw notFound('Space');
  requireCapabilities(space.capabilities, uses, serverKinds);
}

/** An owner switches features of a space; answers the space as the owner sees it. Unchanged: nothing recorded. */
export async function changeCapabilities(ctx: ServerContext, actor: Actor, spaceId: string, update: SpaceCapabilitiesUpdate): Promise<Space> {
  const { db, reactionKinds } = ctx;
  const access = await requireListedSpace(db, actor, spaceId);
  if (!canChangeCapabilities(access.role)) throw forbidden('Only owners of the space switch its features');
  const errors = capabilitiesUpdateErrors(update, reactionKinds);
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
  const now = ctx.now();
  const event = await eventTransaction(db, async (trx) => {
    // Read again in the transaction: two owners' changes apply one after the other.
    const space = await findSpace(trx, spaceId);
    if (!space) throw notFound('Space');
    const next = updatedCapabilities(space.capabilities, update, reactionKinds);
    const changed = changedCapabilities(space.capabilities, next);
    if (Object.keys(changed).length === 0) return null;
    await updateSpaceCapabilities(trx, spaceId, next);
    const recorded = await recordEvent(trx, now, spaceId, { type: 'space.capabilities', spaceId, capabilities: next });
    await appendAudit(trx, now, [
      { action: 'space.capabilities', actorId: actor.id, targetType: 'space', targetId: spaceId, spaceId, detail: { changed } },
    ]);
    return recorded;
  });
  if (event) await afterCommit(ctx, [event]);
  const space = await findSpace(db, spaceId);
  if (!space) throw notFound('Space');
  const [view] = await spaceViews(db, actor.id, [{ space, role: access.role }]);
  if (!view) throw notFound('Space');
  return view;
}
