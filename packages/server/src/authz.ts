/**
 * Authorisation: the only place that decides who may see or do what in a
 * space. Every route calls these; none re-implements a rule.
 *
 * Rules (DESIGN.md):
 * - `open` spaces: everyone in the organisation lists and reads them and may
 *   react. Only members publish: a non-member of an open space may read and
 *   react but not publish (403), because a space's members own its
 *   conversation; joining is the way in.
 * - `private` spaces: listed to everyone (GET /spaces and GET /spaces/:id
 *   answer), but content (feed, posts, reactions, events) only to members;
 *   non-members get 404 on content.
 * - `secret` spaces: members only and unlisted; 404 for non-members
 *   everywhere, never 403, so their existence is not confirmed.
 * - Roles: `reader` reads and reacts but does not publish; only `owner` and
 *   `correspondent` publish announcements.
 */
import type { Kysely } from 'kysely';
import type { Actor, PostKind, Role, Space } from '@ecotone/protocol';
import type { Database } from './db/schema.js';
import { forbidden, notFound } from './errors.js';
import { findRole, findSpace, listAllSpaces, listMemberships, type SpaceRecord } from './repositories/spaces.js';
import { findObjectSpace } from './repositories/posts.js';

const ANNOUNCERS: ReadonlySet<Role> = new Set(['owner', 'correspondent']);

/** Whether the space appears to the caller at all (lists, GET /spaces/:id). */
export function canList(space: SpaceRecord, role: Role | null): boolean {
  return space.visibility !== 'secret' || role !== null;
}

/** Whether the caller may read the space's content (feed, posts, events). */
export function canRead(space: SpaceRecord, role: Role | null): boolean {
  return space.visibility === 'open' || role !== null;
}

export function canReact(space: SpaceRecord, role: Role | null): boolean {
  return canRead(space, role);
}

export function canPublish(_space: SpaceRecord, role: Role | null, kind: PostKind = 'note'): boolean {
  if (role === null || role === 'reader') return false;
  return kind !== 'announcement' || ANNOUNCERS.has(role);
}

/** The wire Space as the caller sees it. */
export function spaceView(space: SpaceRecord, role: Role | null): Space {
  return {
    id: space.id,
    name: space.name,
    description: space.description,
    visibility: space.visibility,
    ...(space.site ? { site: space.site } : {}),
    locale: space.locale,
    role,
    canPublish: canPublish(space, role),
  };
}

export interface SpaceAccess {
  space: SpaceRecord;
  role: Role | null;
}

/** The space if the caller may list it; otherwise not_found. */
export async function requireListedSpace(db: Kysely<Database>, actor: Actor, spaceId: string): Promise<SpaceAccess> {
  const space = await findSpace(db, spaceId);
  if (!space) throw notFound('Space');
  const role = await findRole(db, space.id, actor.id);
  if (!canList(space, role)) throw notFound('Space');
  return { space, role };
}

/** The space and the caller's role if the caller may read its content, else null. */
export async function findReadableSpace(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string,
): Promise<SpaceAccess | null> {
  const space = await findSpace(db, spaceId);
  if (!space) return null;
  const role = await findRole(db, space.id, actor.id);
  return canRead(space, role) ? { space, role } : null;
}

/** The space if the caller may read its content; otherwise not_found. */
export async function requireReadableSpace(db: Kysely<Database>, actor: Actor, spaceId: string): Promise<SpaceAccess> {
  const access = await findReadableSpace(db, actor, spaceId);
  if (!access) throw notFound('Space');
  return access;
}

/** The space if the caller may publish `kind` in it; 404 if unreadable, 403 if only readable. */
export async function requirePublishableSpace(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string,
  kind: PostKind,
): Promise<SpaceAccess> {
  const access = await requireReadableSpace(db, actor, spaceId);
  if (!canPublish(access.space, access.role, 'note')) throw forbidden('You may not publish in this space');
  if (!canPublish(access.space, access.role, kind)) throw forbidden('Only owners and correspondents publish announcements');
  return access;
}

/** The space holding a reactable object, if the caller may react to it; otherwise not_found. */
export async function requireReactableObject(
  db: Kysely<Database>,
  actor: Actor,
  objectId: string,
): Promise<SpaceAccess> {
  const spaceId = await findObjectSpace(db, objectId);
  if (!spaceId) throw notFound('Object');
  const access = await findReadableSpace(db, actor, spaceId);
  if (!access) throw notFound('Object');
  if (!canReact(access.space, access.role)) throw forbidden('You may not react here');
  return access;
}

/** Every space the caller may list, with the caller's role in each. */
export async function listedSpaces(db: Kysely<Database>, actor: Actor): Promise<SpaceAccess[]> {
  const [spaces, memberships] = await Promise.all([listAllSpaces(db), listMemberships(db, actor.id)]);
  const roles = new Map(memberships.map((m) => [m.spaceId, m.role]));
  return spaces
    .map((space) => ({ space, role: roles.get(space.id) ?? null }))
    .filter(({ space, role }) => canList(space, role));
}

/** Ids of the spaces whose content (and live events) the caller may read. */
export async function readableSpaceIds(db: Kysely<Database>, actor: Actor): Promise<Set<string>> {
  const listed = await listedSpaces(db, actor);
  return new Set(listed.filter(({ space, role }) => canRead(space, role)).map(({ space }) => space.id));
}
