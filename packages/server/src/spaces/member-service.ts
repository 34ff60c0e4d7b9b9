import type { Kysely } from 'kysely';
import type { Actor, JoinRequestList, MemberPage, MemberQuery } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { requireMemberAdmin, requireReadableSpace } from '../policy/authz.js';
import { decodeMemberCursor, encodeMemberCursor } from '../http/cursor.js';
import { listJoinRequests } from './join-request-repository.js';
import { listMembers, ROLE_RANKS } from './member-repository.js';

/** A members page unless the query says otherwise. */
const MEMBER_LIMIT_DEFAULT = 50;

/** A page of a space's members, by role (owners first), then by name. */
export async function listSpaceMembers(db: Kysely<Database>, actor: Actor, spaceId: string, query: MemberQuery): Promise<MemberPage> {
  // Whoever may read the space's content sees who belongs to it.
  const { space } = await requireReadableSpace(db, actor, spaceId);
  const limit = query.limit ?? MEMBER_LIMIT_DEFAULT;
  const after = query.cursor ? decodeMemberCursor(query.cursor) : null;
  // One extra row tells whether a next page exists without a count query.
  const rows = await listMembers(db, space.id, {
    ...(query.role ? { role: query.role } : {}),
    after,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last
        ? encodeMemberCursor({ rank: ROLE_RANKS[last.role], name: last.actor.displayName, id: last.actor.id })
        : null,
  };
}

/** The pending requests to join a space, for those who manage its members. */
export async function listSpaceJoinRequests(db: Kysely<Database>, actor: Actor, spaceId: string): Promise<JoinRequestList> {
  const { space } = await requireMemberAdmin(db, actor, spaceId);
  return { items: await listJoinRequests(db, space.id) };
}
