import type { Kysely } from 'kysely';
import type { Space } from '@ecotone/protocol';
import { spaceView, type SpaceAccess } from '../policy/authz.js';
import type { Database } from '../db/schema.js';
import { pendingRequestSpaces } from './join-request-repository.js';
import { countMembers } from './space-repository.js';
import { labelOrderOf } from '../policy/classification.js';

/** Wire spaces as the caller sees them, with member counts and pending requests loaded in two queries. */
export async function spaceViews(db: Kysely<Database>, actorId: string, accesses: readonly SpaceAccess[]): Promise<Space[]> {
  const ids = accesses.map(({ space }) => space.id);
  const order = labelOrderOf(db);
  const [counts, pending] = await Promise.all([countMembers(db, ids), pendingRequestSpaces(db, actorId, ids)]);
  return accesses.map(({ space, role }) =>
    spaceView(space, role, { memberCount: counts.get(space.id) ?? 0, pending: pending.has(space.id), order }),
  );
}
