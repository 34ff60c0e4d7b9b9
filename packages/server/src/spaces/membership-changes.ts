/**
 * Changes to who belongs to a space: joining, asking to join, approving,
 * declining and withdrawing requests, adding people, changing roles,
 * removing and leaving. Each runs in one transaction that first takes the
 * space's member lock, decides (policy/authz.ts) on what it reads under that lock,
 * writes, and records a `membership.changed` for the person concerned; the
 * event goes out after commit. Reading and deciding inside the lock is what
 * keeps the last-owner rule true under concurrent requests.
 */
import type { Kysely } from 'kysely';
import { normalizeBody, type Actor, type Role, type SpaceMember } from '@ecotone/protocol';
import { canDropJoinRequest, canRemoveMember, joinMode, lastOwnerProblem } from '@ecotone/protocol/rules';
import {
  requireListedSpace,
  requireMemberAdmin,
  type SpaceAccess,
} from '../policy/authz.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { HttpProblem, forbidden, notFound } from '../http/errors.js';
import type { StoredLiveEvent } from '../live/bus.js';
import { eventTransaction, recordEvent } from '../live/record.js';
import { appendAudit } from '../audit/audit-log.js';
import { NOTHING_RECORDED, recordNotices, type Notice } from '../notifications/notifier.js';
import { afterNotices } from '../notifications/notification-service.js';
import { findActor } from '../people/actor-repository.js';
import { deleteJoinRequest, insertJoinRequest } from './join-request-repository.js';
import { ROLE_RANKS, countOwners, deleteMembership, findMember, lockSpaceMembers, upsertMembership } from './member-repository.js';
import { findRole } from './space-repository.js';

type MembershipContext = Pick<ServerContext, 'db' | 'bus' | 'retention' | 'now' | 'notify'>;

/** Records what the person's place in the space is now. */
type RecordChange = (actorId: string, role: Role | null, joinRequest: 'pending' | null) => Promise<void>;

interface MemberTransaction {
  trx: Kysely<Database>;
  now: Date;
  record: RecordChange;
  /** Notifies people of the change (recorded in the same transaction, see notifications/notifier.ts). */
  notify: (notice: Notice) => void;
}

/** What a notification about a space names. */
const aboutSpace = (spaceId: string) => ({ type: 'space' as const, id: spaceId, spaceId });

/** The audit trail's action for a person's new place in a space. */
function memberAction(role: Role | null, joinRequest: 'pending' | null): string {
  if (joinRequest === 'pending') return 'member.request';
  return role === null ? 'member.remove' : 'member.role';
}

/**
 * Runs `work` in one transaction holding the space's member lock; announces
 * what it recorded after commit. Each change is in the audit trail, made by
 * `by` (null: the company directory, `source` saying which group).
 */
async function changeMembers<T>(
  ctx: MembershipContext,
  spaceId: string,
  by: string | null,
  work: (tx: MemberTransaction) => Promise<T>,
  source?: Record<string, unknown>,
): Promise<T> {
  const now = ctx.now();
  const events: StoredLiveEvent[] = [];
  const notices: Notice[] = [];
  let recorded = NOTHING_RECORDED;
  const value = await eventTransaction(ctx.db, async (trx) => {
    await lockSpaceMembers(trx, spaceId);
    const record: RecordChange = async (actorId, role, joinRequest) => {
      events.push(await recordEvent(trx, now, spaceId, { type: 'membership.changed', spaceId, actorId, role, joinRequest }));
      await appendAudit(trx, now, [
        { action: memberAction(role, joinRequest), actorId: by, targetType: 'person', targetId: actorId, spaceId, detail: { role, ...source } },
      ]);
    };
    const result = await work({ trx, now, record, notify: (notice) => notices.push(notice) });
    recorded = notices.length > 0 ? await recordNotices(trx, notices, now) : NOTHING_RECORDED;
    return result;
  });
  await afterNotices(ctx, recorded, events);
  return value;
}

/** Refuses a change that would leave the space without an owner. */
async function keepAnOwner(trx: Kysely<Database>, spaceId: string, current: Role | null, next: Role | null): Promise<void> {
  if (current !== 'owner' || next === 'owner') return;
  const refused = lastOwnerProblem(current, next, await countOwners(trx, spaceId));
  if (refused) throw new HttpProblem(refused.code, refused.title);
}

/** The member as stored now (inside the transaction that wrote it). */
async function memberNow(trx: Kysely<Database>, spaceId: string, actorId: string): Promise<SpaceMember> {
  const member = await findMember(trx, spaceId, actorId);
  if (!member) throw new Error(`membership ${spaceId}/${actorId} vanished inside its transaction`);
  return member;
}

/**
 * The caller joins an open space at once, or asks to join a private one
 * (a repeated request changes nothing). A member is already in: nothing
 * changes. 404 for a secret space the caller does not belong to.
 */
export async function joinSpace(
  ctx: MembershipContext,
  actor: Actor,
  spaceId: string,
  message: string,
): Promise<{ status: 'joined' | 'requested'; access: SpaceAccess }> {
  return changeMembers(ctx, spaceId, actor.id, async ({ trx, now, record, notify }) => {
    const access = await requireListedSpace(trx, actor, spaceId);
    if (access.role !== null) return { status: 'joined', access };
    if (joinMode(access.space.visibility) === 'join') {
      await upsertMembership(trx, { spaceId, actorId: actor.id, role: 'member', createdAt: now.toISOString() });
      await deleteJoinRequest(trx, spaceId, actor.id);
      await record(actor.id, 'member', null);
      return { status: 'joined', access: { space: access.space, role: 'member' } };
    }
    // A message is written over several lines: normalised like every body.
    const asked = await insertJoinRequest(trx, { spaceId, actorId: actor.id, message: normalizeBody(message), createdAt: now.toISOString() });
    if (asked) {
      await record(actor.id, null, 'pending');
      notify({ kind: 'join_requested', recipients: await ownersOf(trx, spaceId), actorId: actor.id, about: aboutSpace(spaceId) });
    }
    return { status: 'requested', access };
  });
}

/**
 * An owner adds a person with a role, or changes a member's role; any
 * pending request of theirs is answered by it. 404 for an unknown person,
 * 409 last_owner when the last owner would lose the role.
 */
export async function setMemberRole(
  ctx: MembershipContext,
  caller: Actor,
  spaceId: string,
  memberId: string,
  role: Role,
): Promise<SpaceMember> {
  return changeMembers(ctx, spaceId, caller.id, async ({ trx, now, record, notify }) => {
    await requireMemberAdmin(trx, caller, spaceId);
    if (!(await findActor(trx, memberId))) throw notFound('Person');
    const current = await findRole(trx, spaceId, memberId);
    await keepAnOwner(trx, spaceId, current, role);
    const hadRequest = await deleteJoinRequest(trx, spaceId, memberId);
    if (current !== role || hadRequest) {
      await upsertMembership(trx, { spaceId, actorId: memberId, role, createdAt: now.toISOString() });
      await record(memberId, role, null);
    }
    if (current === null) {
      // Added: an answer to their request, or an owner's own choice.
      if (hadRequest) notify({ kind: 'join_answered', recipients: [memberId], actorId: caller.id, about: aboutSpace(spaceId), approved: true });
      else notify({ kind: 'space_added', recipients: [memberId], actorId: caller.id, about: aboutSpace(spaceId) });
    }
    return memberNow(trx, spaceId, memberId);
  });
}

/**
 * An owner removes a member, or a member leaves (their own id). 403 for
 * anyone else who sees the space, 404 when the person is not a member,
 * 409 last_owner for the last owner.
 */
export async function removeMember(ctx: MembershipContext, caller: Actor, spaceId: string, memberId: string): Promise<void> {
  await changeMembers(ctx, spaceId, caller.id, async ({ trx, record }) => {
    const access = await requireListedSpace(trx, caller, spaceId);
    if (!canRemoveMember(caller.id, access.role, memberId)) throw forbidden('Only owners of the space remove other members');
    const current = await findRole(trx, spaceId, memberId);
    if (current === null) throw notFound('Member');
    await keepAnOwner(trx, spaceId, current, null);
    await deleteMembership(trx, spaceId, memberId);
    await record(memberId, null, null);
  });
}

/** An owner approves a pending request with a role (member by default); 404 when there is none. */
export async function approveJoinRequest(
  ctx: MembershipContext,
  caller: Actor,
  spaceId: string,
  requesterId: string,
  role: Role,
): Promise<SpaceMember> {
  return changeMembers(ctx, spaceId, caller.id, async ({ trx, now, record, notify }) => {
    await requireMemberAdmin(trx, caller, spaceId);
    if (!(await deleteJoinRequest(trx, spaceId, requesterId))) throw notFound('Join request');
    // A request is only ever pending for someone outside the space, so no owner is demoted here.
    await upsertMembership(trx, { spaceId, actorId: requesterId, role, createdAt: now.toISOString() });
    await record(requesterId, role, null);
    notify({ kind: 'join_answered', recipients: [requesterId], actorId: caller.id, about: aboutSpace(spaceId), approved: true });
    return memberNow(trx, spaceId, requesterId);
  });
}

/** An owner declines a pending request, or the person who asked withdraws it; 404 when there is none. */
export async function dropJoinRequest(ctx: MembershipContext, caller: Actor, spaceId: string, requesterId: string): Promise<void> {
  await changeMembers(ctx, spaceId, caller.id, async ({ trx, record, notify }) => {
    const access = await requireListedSpace(trx, caller, spaceId);
    if (!canDropJoinRequest(caller.id, access.role, requesterId)) {
      throw forbidden('Only owners of the space decline requests to join it');
    }
    if (!(await deleteJoinRequest(trx, spaceId, requesterId))) throw notFound('Join request');
    await record(requesterId, await findRole(trx, spaceId, requesterId), null);
    // Declined by an owner (withdrawing one's own request notifies nobody: one's own action).
    notify({ kind: 'join_answered', recipients: [requesterId], actorId: caller.id, about: aboutSpace(spaceId), approved: false });
  });
}

/** What the company directory says of one person in one mapped space: a role and the group that grants it, or nothing. */
export type DirectoryGrant = { role: Role; group: string } | null;

/**
 * Brings the person's memberships in the spaces the directory maps in line
 * with the groups of their token (auth/directory-groups.ts decides `grants`,
 * one entry per mapped space). A membership from a group is added, re-ranked
 * or removed as the groups say; one made in Ecotone (joining, an owner's
 * choice) is left alone unless a group grants a higher role, and the last
 * owner of a space stays one. Each change
 * is a `membership.changed` like any other; spaces that do not exist (yet)
 * are skipped. Resolves with the number of memberships changed.
 */
export async function syncDirectoryMemberships(
  ctx: MembershipContext,
  actorId: string,
  grants: ReadonlyMap<string, DirectoryGrant>,
): Promise<number> {
  if (grants.size === 0) return 0;
  const spaceIds = [...grants.keys()].sort();
  const stored = await ctx.db
    .selectFrom('memberships')
    .select(['space_id', 'role', 'directory_group'])
    .where('actor_id', '=', actorId)
    .where('space_id', 'in', spaceIds)
    .execute();
  const current = new Map(stored.map((row) => [row.space_id, row]));
  let changed = 0;
  // One space at a time, in id order: the same lock order as every other change.
  for (const spaceId of spaceIds) {
    const grant = grants.get(spaceId) ?? null;
    if (!directoryChangeNeeded(current.get(spaceId), grant)) continue;
    const applied = await changeMembers(ctx, spaceId, null, async ({ trx, now, record }) => {
      // Decided again under the lock: another instance may have done it meanwhile.
      const row = await trx
        .selectFrom('memberships')
        .select(['space_id', 'role', 'directory_group'])
        .where('space_id', '=', spaceId)
        .where('actor_id', '=', actorId)
        .executeTakeFirst();
      if (!directoryChangeNeeded(row, grant)) return false;
      if (!(await trx.selectFrom('spaces').select('id').where('id', '=', spaceId).executeTakeFirst())) return false;
      const role = (row?.role ?? null) as Role | null;
      const next = grant?.role ?? null;
      // The last owner stays one until someone else is made owner, whatever the directory says.
      if (role === 'owner' && next !== 'owner' && (await countOwners(trx, spaceId)) <= 1) return false;
      if (grant) {
        await upsertMembership(trx, { spaceId, actorId, role: grant.role, createdAt: now.toISOString(), directoryGroup: grant.group });
        await deleteJoinRequest(trx, spaceId, actorId);
      } else {
        await deleteMembership(trx, spaceId, actorId);
      }
      await record(actorId, next, null);
      return true;
    }, { directoryGroup: grant?.group ?? current.get(spaceId)?.directory_group ?? null });
    if (applied) changed += 1;
  }
  return changed;
}

/**
 * Whether the stored membership differs from what the directory grants. A
 * membership made in Ecotone changes only when a group grants more (it then
 * becomes the directory's, and goes with the group).
 */
function directoryChangeNeeded(row: { role: string; directory_group: string | null } | undefined, grant: DirectoryGrant): boolean {
  if (!row) return grant !== null;
  if (row.directory_group === null) return grant !== null && ROLE_RANKS[grant.role] < ROLE_RANKS[row.role as Role];
  return grant === null || grant.role !== row.role || grant.group !== row.directory_group;
}

/** Owners notified of a join request: the first few dozen (a space has few). */
const OWNERS_NOTIFIED_MAX = 50;

async function ownersOf(trx: Kysely<Database>, spaceId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('memberships')
    .select('actor_id')
    .where('space_id', '=', spaceId)
    .where('role', '=', 'owner')
    // The members list's index order: the first owners by name, read from the index.
    .orderBy('display_name')
    .orderBy('actor_id')
    .limit(OWNERS_NOTIFIED_MAX)
    .execute();
  return rows.map((r) => r.actor_id);
}
