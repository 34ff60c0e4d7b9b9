/**
 * The spaces directory, membership and join-request routes of
 * {@link MemoryTransport}, kept apart for size. Rules as on the server: secret
 * spaces exist only for their members (404 otherwise); open spaces are
 * joined at once, private ones by a request an owner approves; only owners
 * manage members; a space never loses its last owner (409 `last_owner`).
 */
import {
  JOIN_MESSAGE_MAX_CHARS,
  MEMBER_LIMIT_MAX,
  ROLES,
  problem,
  type Actor,
  type JoinDecision,
  type JoinRequest,
  type JoinRequestDraft,
  type JoinRequestList,
  JOIN_REQUESTS_LISTED_MAX,
  type JoinResult,
  type LiveEvent,
  type MemberPage,
  type MemberUpdate,
  type ProblemCode,
  type Role,
  type Space,
  type SpaceList,
  type SpaceMember,
} from '@ecotone/protocol';
import { errorFromProblem, type EcotoneError } from '../errors.js';
import type { TransportRequest } from '../types.js';

/** What the space routes need from the rest of the memory backend. */
export interface MemorySpacesContext {
  me(): Actor;
  /** Every seeded space, with the caller's `role` (kept current by this module). */
  spaces(): Map<string, Space>;
  /** Records the caller's role in `me.memberships` as well. */
  setMyRole(spaceId: string, role: Role | null): void;
  emit(event: LiveEvent): void;
}

const DEFAULT_MEMBER_LIMIT = 50;

/** Lower case without accents, for the directory search. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export class MemorySpaces {
  /** Members of each space other than the caller (whose role is the space's `role`). */
  private readonly others = new Map<string, Map<string, SpaceMember>>();
  private readonly requests = new Map<string, Map<string, JoinRequest>>();
  private readonly since = new Date(0).toISOString();

  constructor(private readonly ctx: MemorySpacesContext) {}

  /** Adds another person to a space (seed and test hook; no event). */
  addMember(spaceId: string, member: SpaceMember): void {
    this.membersOf(spaceId).set(member.actor.id, structuredClone(member));
  }

  /** Another person asks to join a private space: emits `membership.changed` like the server. */
  addJoinRequest(request: JoinRequest, silent = false): void {
    this.requestsOf(request.spaceId).set(request.actor.id, structuredClone(request));
    if (!silent) this.changed(request.spaceId, request.actor.id, null, 'pending');
  }

  handle(name: string, req: TransportRequest, spaceId: string, actorId: string): { result: unknown } | undefined {
    switch (`${req.method} ${name}`) {
      case 'GET spaces':
        return { result: this.list(req.query ?? {}) };
      case 'GET space':
        return { result: this.view(this.listed(spaceId)) };
      case 'POST join':
        return { result: this.join(spaceId, req.body as JoinRequestDraft | undefined) };
      case 'GET members':
        return { result: this.members(spaceId, req.query ?? {}) };
      case 'PUT member':
        return { result: this.setRole(spaceId, actorId, (req.body as MemberUpdate | undefined)?.role) };
      case 'DELETE member':
        return { result: this.removeMember(spaceId, actorId) };
      case 'GET joinRequests':
        return { result: this.pendingRequests(spaceId) };
      case 'PUT joinRequest':
        return { result: this.approve(spaceId, actorId, (req.body as JoinDecision | undefined)?.role) };
      case 'DELETE joinRequest':
        return { result: this.decline(spaceId, actorId) };
      default:
        return undefined;
    }
  }

  private list(query: NonNullable<TransportRequest['query']>): SpaceList {
    const words = fold(String(query.q ?? '')).split(/\s+/).filter(Boolean);
    const items = [...this.ctx.spaces().values()]
      .filter((s) => s.visibility !== 'secret' || s.role !== null)
      .filter((s) => !query.site || s.site === query.site)
      .filter((s) => query.mine !== 'true' || s.role !== null)
      .filter((s) => words.every((w) => fold(`${s.name} ${s.description}`).includes(w)))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { items: items.map((s) => this.view(s)) };
  }

  private view(space: Space): Space {
    const { memberCount: _c, joinRequest: _r, ...rest } = space;
    const me = this.ctx.me().id;
    return {
      ...rest,
      memberCount: this.membersOf(space.id).size + (space.role ? 1 : 0),
      ...(this.requestsOf(space.id).has(me) ? { joinRequest: 'pending' as const } : {}),
    };
  }

  private join(spaceId: string, draft: JoinRequestDraft | undefined): JoinResult {
    const space = this.listed(spaceId);
    if ((draft?.message?.length ?? 0) > JOIN_MESSAGE_MAX_CHARS) {
      throw fail('validation_failed', 'Message too long', [{ path: '/body/message', message: 'too long' }]);
    }
    const me = this.ctx.me();
    if (space.role === null) {
      if (space.visibility === 'open') {
        this.setMine(space, 'member');
      } else if (!this.requestsOf(spaceId).has(me.id)) {
        this.addJoinRequest({ spaceId, actor: me, message: draft?.message ?? '', createdAt: new Date().toISOString() });
      }
    }
    const view = this.view(this.listed(spaceId));
    return { status: view.role ? 'joined' : 'requested', space: view };
  }

  private members(spaceId: string, query: NonNullable<TransportRequest['query']>): MemberPage {
    const space = this.readable(spaceId);
    const limit = Number(query.limit ?? DEFAULT_MEMBER_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > MEMBER_LIMIT_MAX) throw fail('validation_failed', 'Bad limit');
    const all = [...this.membersOf(spaceId).values()];
    if (space.role) all.push({ actor: this.ctx.me(), role: space.role, since: this.since });
    all.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.actor.displayName.localeCompare(b.actor.displayName));
    const start = query.cursor ? Number(query.cursor) : 0;
    if (!Number.isInteger(start) || start < 0) throw fail('invalid_cursor', 'Unknown cursor');
    const items = structuredClone(all.slice(start, start + limit));
    return { items, nextCursor: start + limit < all.length ? String(start + limit) : null };
  }

  private setRole(spaceId: string, actorId: string, role: Role | undefined): SpaceMember {
    const space = this.owned(spaceId);
    if (!role || !ROLES.includes(role)) throw fail('validation_failed', 'Bad role', [{ path: '/body/role', message: 'unknown role' }]);
    const actor = this.actor(actorId);
    if (!actor) throw fail('not_found', `No person ${actorId}`);
    if (role !== 'owner' && this.roleOf(space, actorId) === 'owner') this.keepAnOwner(space);
    this.requestsOf(spaceId).delete(actorId);
    return this.put(space, actor, role);
  }

  private removeMember(spaceId: string, actorId: string): undefined {
    const me = this.ctx.me().id;
    const space = actorId === me ? this.listed(spaceId) : this.owned(spaceId);
    const role = this.roleOf(space, actorId);
    if (!role) throw fail('not_found', `${actorId} is not a member`);
    if (role === 'owner') this.keepAnOwner(space);
    if (actorId === me) this.setMine(space, null);
    else {
      this.membersOf(spaceId).delete(actorId);
      this.changed(spaceId, actorId, null, null);
    }
    return undefined;
  }

  private pendingRequests(spaceId: string): JoinRequestList {
    this.owned(spaceId);
    const items = [...this.requestsOf(spaceId).values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.actor.id < b.actor.id ? -1 : a.actor.id > b.actor.id ? 1 : 0))
      .slice(0, JOIN_REQUESTS_LISTED_MAX);
    return { items: structuredClone(items) };
  }

  private approve(spaceId: string, actorId: string, role: Role = 'member'): SpaceMember {
    const space = this.owned(spaceId);
    const request = this.requestsOf(spaceId).get(actorId);
    if (!request) throw fail('not_found', `No request from ${actorId}`);
    this.requestsOf(spaceId).delete(actorId);
    return this.put(space, request.actor, role);
  }

  private decline(spaceId: string, actorId: string): undefined {
    const space = actorId === this.ctx.me().id ? this.listed(spaceId) : this.owned(spaceId);
    if (!this.requestsOf(space.id).delete(actorId)) throw fail('not_found', `No request from ${actorId}`);
    this.changed(spaceId, actorId, null, null);
    return undefined;
  }

  private put(space: Space, actor: Actor, role: Role): SpaceMember {
    if (actor.id === this.ctx.me().id) this.setMine(space, role);
    else {
      const member = { actor, role, since: this.membersOf(space.id).get(actor.id)?.since ?? new Date().toISOString() };
      this.membersOf(space.id).set(actor.id, member);
      this.changed(space.id, actor.id, role, null);
    }
    return structuredClone({ actor, role, since: this.membersOf(space.id).get(actor.id)?.since ?? this.since });
  }

  private setMine(space: Space, role: Role | null): void {
    const me = this.ctx.me().id;
    this.requestsOf(space.id).delete(me);
    this.ctx.spaces().set(space.id, { ...space, role, canPublish: role !== null && role !== 'reader' });
    this.ctx.setMyRole(space.id, role);
    this.changed(space.id, me, role, null);
  }

  private keepAnOwner(space: Space): void {
    const owners = [...this.membersOf(space.id).values()].filter((m) => m.role === 'owner').length + (space.role === 'owner' ? 1 : 0);
    if (owners <= 1) throw fail('last_owner', 'A space needs an owner');
  }

  private roleOf(space: Space, actorId: string): Role | null {
    if (actorId === this.ctx.me().id) return space.role;
    return this.membersOf(space.id).get(actorId)?.role ?? null;
  }

  private actor(actorId: string): Actor | undefined {
    if (actorId === this.ctx.me().id) return this.ctx.me();
    for (const members of this.others.values()) {
      const found = members.get(actorId);
      if (found) return found.actor;
    }
    for (const requests of this.requests.values()) {
      const found = requests.get(actorId);
      if (found) return found.actor;
    }
    return undefined;
  }

  private changed(spaceId: string, actorId: string, role: Role | null, joinRequest: 'pending' | null): void {
    this.ctx.emit({ type: 'membership.changed', spaceId, actorId, role, joinRequest });
  }

  private listed(spaceId: string): Space {
    const space = this.ctx.spaces().get(spaceId);
    if (!space || (space.visibility === 'secret' && space.role === null)) throw fail('not_found', `No space ${spaceId}`);
    return space;
  }

  private readable(spaceId: string): Space {
    const space = this.listed(spaceId);
    if (space.visibility !== 'open' && space.role === null) throw fail('not_found', `No space ${spaceId}`);
    return space;
  }

  private owned(spaceId: string): Space {
    const space = this.listed(spaceId);
    if (space.role !== 'owner') throw fail('forbidden', 'Only owners manage members');
    return space;
  }

  private membersOf(spaceId: string): Map<string, SpaceMember> {
    let members = this.others.get(spaceId);
    if (!members) this.others.set(spaceId, (members = new Map()));
    return members;
  }

  private requestsOf(spaceId: string): Map<string, JoinRequest> {
    let requests = this.requests.get(spaceId);
    if (!requests) this.requests.set(spaceId, (requests = new Map()));
    return requests;
  }
}

function fail(code: ProblemCode, title: string, errors?: { path: string; message: string }[]): EcotoneError {
  return errorFromProblem(problem(code, title, errors ? { errors } : {}));
}
