import type { Kysely } from 'kysely';
import { JOIN_REQUESTS_LISTED_MAX, type JoinRequest } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { ACTOR_COLUMNS, actorFromRow } from '../people/actor-repository.js';

/** Stores a pending request; false when one was pending already (asking twice changes nothing). */
export async function insertJoinRequest(
  db: Kysely<Database>,
  request: { spaceId: string; actorId: string; message: string; createdAt: string },
): Promise<boolean> {
  const result = await db
    .insertInto('join_requests')
    .values({
      space_id: request.spaceId,
      actor_id: request.actorId,
      message: request.message,
      created_at: request.createdAt,
    })
    .onConflict((oc) => oc.columns(['space_id', 'actor_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Deletes a pending request (approved, declined, withdrawn, or made moot); false when there was none. */
export async function deleteJoinRequest(db: Kysely<Database>, spaceId: string, actorId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('join_requests')
    .where('space_id', '=', spaceId)
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

function requestsWithActors(db: Kysely<Database>) {
  return db
    .selectFrom('join_requests')
    .innerJoin('actors', 'actors.id', 'join_requests.actor_id')
    .select([
      'join_requests.space_id',
      'join_requests.message',
      'join_requests.created_at as asked_at',
      ...ACTOR_COLUMNS,
    ]);
}

type RequestJoinRow = Awaited<ReturnType<ReturnType<typeof requestsWithActors>['executeTakeFirstOrThrow']>>;

function requestFromRow(row: RequestJoinRow): JoinRequest {
  const { space_id, message, asked_at, ...actor } = row;
  return { spaceId: space_id, actor: actorFromRow(actor), message, createdAt: asked_at };
}

export async function findJoinRequest(db: Kysely<Database>, spaceId: string, actorId: string): Promise<JoinRequest | undefined> {
  const row = await requestsWithActors(db)
    .where('join_requests.space_id', '=', spaceId)
    .where('join_requests.actor_id', '=', actorId)
    .executeTakeFirst();
  return row ? requestFromRow(row) : undefined;
}

/** Pending requests of a space, oldest first. */
export async function listJoinRequests(db: Kysely<Database>, spaceId: string): Promise<JoinRequest[]> {
  const rows = await requestsWithActors(db)
    .where('join_requests.space_id', '=', spaceId)
    .orderBy('join_requests.created_at')
    .orderBy('join_requests.actor_id')
    .limit(JOIN_REQUESTS_LISTED_MAX)
    .execute();
  return rows.map(requestFromRow);
}

/** Which of the spaces the actor asked to join and awaits an answer. */
export async function pendingRequestSpaces(
  db: Kysely<Database>,
  actorId: string,
  spaceIds: readonly string[],
): Promise<Set<string>> {
  if (spaceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('join_requests')
    .select('space_id')
    .where('actor_id', '=', actorId)
    .where('space_id', 'in', [...new Set(spaceIds)])
    .execute();
  return new Set(rows.map((r) => r.space_id));
}
