/**
 * The caller, the spaces directory, memberships and join requests of
 * {@link MemoryTransport}. Rules as on the server, from
 * `@ecotone/protocol/rules`: secret spaces exist only for their members (404
 * otherwise); open spaces are joined at once, private ones by a request an
 * owner approves; only owners manage members; a space never loses its last
 * owner (409 `last_owner`).
 */
import {
  JOIN_MESSAGE_MAX_CHARS,
  MEMBER_LIMIT_MAX,
  ROLES,
  normalizeBody,
  type Actor,
  type JoinDecision,
  type JoinRequest,
  type JoinRequestDraft,
  type JoinRequestList,
  JOIN_REQUESTS_LISTED_MAX,
  type JoinResult,
  type MemberPage,
  type MemberUpdate,
  type Role,
  type Space,
  type SpaceCapabilitiesUpdate,
  type SpaceList,
  type SpaceMember,
} from '@ecotone/protocol';
import {
  canChangeCapabilities,
  capabilitiesUpdateErrors,
  changedCapabilities,
  updatedCapabilities,
  validationProblem,
  canDropJoinRequest,
  canListSpace,
  canManageMembers,
  canPublish,
  canRemoveMember,
  joinMode,
  lastOwnerProblem,
} from '@ecotone/protocol/rules';
import type { TransportRequest } from '../types.js';
import { answer, check, fail, keyed, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryNotifications } from './memory-notifications.js';
import type { MemoryStore } from './memory-store.js';

const DEFAULT_MEMBER_LIMIT = 50;

/** Lower case without accents, for the directory search. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export class MemorySpaces {
  private readonly requests = new Map<string, Map<string, JoinRequest>>();

  constructor(
    private readonly store: MemoryStore,
    private readonly notifications: MemoryNotifications,
  ) {}

  readonly routes: MemoryRouteTable = {
    me: { GET: answer(() => this.store.me) },
    spaces: { GET: answer((req) => this.list(req.query ?? {})) },
    space: { GET: answer((_req, spaceId) => this.view(this.store.listedSpace(spaceId))) },
    join: { POST: keyed((req, spaceId) => this.join(spaceId, req.body as JoinRequestDraft | undefined)) },
    members: { GET: answer((req, spaceId) => this.members(spaceId, req.query ?? {})) },
    member: {
      PUT: keyed((req, spaceId, actorId) => this.setRole(spaceId, actorId, (req.body as MemberUpdate | undefined)?.role)),
      DELETE: keyed((_req, spaceId, actorId) => this.removeMember(spaceId, actorId)),
    },
    spaceCapabilities: { PUT: keyed((req, spaceId) => this.changeCapabilities(spaceId, (req.body ?? {}) as SpaceCapabilitiesUpdate)) },
    joinRequests: { GET: answer((_req, spaceId) => this.pendingRequests(spaceId)) },
    joinRequest: {
      PUT: keyed((req, spaceId, actorId) => this.approve(spaceId, actorId, (req.body as JoinDecision | undefined)?.role)),
      DELETE: keyed((_req, spaceId, actorId) => this.decline(spaceId, actorId)),
    },
  };

  /** Adds a person to a space, or changes their role (seed and test hook; no event). */
  addMember(spaceId: string, member: SpaceMember): void {
    this.store.know(member.actor);
    this.store.membersOf(spaceId).set(member.actor.id, structuredClone(member));
  }

  /**
   * Creates a space owned by `owner` (the protocol has no route for it: a
   * server's administrators make spaces); emits `membership.changed` to the
   * owner, as joining does. Throws when the id is taken.
   */
  create(space: Space, owner: Actor): void {
    if (this.store.spaces.has(space.id)) throw fail('conflict', `A space ${space.id} exists`);
    const { role: _r, canPublish: _p, memberCount: _c, joinRequest: _j, ...stored } = structuredClone(space);
    this.store.spaces.set(space.id, { ...stored, role: null, canPublish: false });
    this.store.setRole(space.id, owner, 'owner');
    this.changed(space.id, owner.id, 'owner', null);
  }

  /** Every pending request to join, for a snapshot of the world. */
  dump(): JoinRequest[] {
    return structuredClone([...this.requests.values()].flatMap((byActor) => [...byActor.values()]));
  }

  /** Replaces the pending requests with those of a snapshot. */
  load(requests: readonly JoinRequest[]): void {
    this.requests.clear();
    for (const request of requests) this.requestsOf(request.spaceId).set(request.actor.id, structuredClone(request));
  }

  /** A person asks to join a private space: emits `membership.changed` like the server. */
  addJoinRequest(request: JoinRequest, silent = false): void {
    this.store.know(request.actor);
    this.requestsOf(request.spaceId).set(request.actor.id, structuredClone(request));
    if (silent) return;
    this.changed(request.spaceId, request.actor.id, null, 'pending');
    this.notifications.joinRequested(request.spaceId, request.actor);
  }

  private list(query: NonNullable<TransportRequest['query']>): SpaceList {
    const words = fold(String(query.q ?? '')).split(/\s+/).filter(Boolean);
    const items = [...this.store.spaces.values()]
      .filter((s) => canListSpace(s.visibility, this.store.roleIn(s.id)))
      .filter((s) => !query.site || s.site === query.site)
      .filter((s) => query.mine !== 'true' || this.store.roleIn(s.id) !== null)
      .filter((s) => words.every((w) => fold(`${s.name} ${s.description}`).includes(w)))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { items: items.map((s) => this.view(s)) };
  }

  /** The wire space as the caller sees it: their role, whether they publish, its size, their pending request. */
  private view(space: Space): Space {
    const { memberCount: _c, joinRequest: _r, ...rest } = space;
    const me = this.store.caller.id;
    const role = this.store.roleIn(space.id);
    return {
      ...rest,
      role,
      canPublish: canPublish(role),
      memberCount: this.store.membersOf(space.id).size,
      ...(role === null && this.requestsOf(space.id).has(me) ? { joinRequest: 'pending' as const } : {}),
      capabilities: this.store.capabilitiesOf(space.id),
    };
  }

  /** An owner switches features of a space, as PUT /spaces/:id/capabilities on the server: `space.capabilities` to its readers. */
  private changeCapabilities(spaceId: string, update: SpaceCapabilitiesUpdate): Space {
    const space = this.store.listedSpace(spaceId);
    if (!canChangeCapabilities(this.store.roleIn(spaceId))) throw fail('forbidden', 'Only owners of the space switch its features');
    check(validationProblem(capabilitiesUpdateErrors(update, this.store.reactionKinds)));
    const before = this.store.capabilitiesOf(spaceId);
    const capabilities = updatedCapabilities(before, update, this.store.reactionKinds);
    if (Object.keys(changedCapabilities(before, capabilities)).length > 0) {
      this.store.spaces.set(spaceId, { ...space, capabilities });
      this.store.emit({ type: 'space.capabilities', spaceId, capabilities });
    }
    return this.view(this.store.listedSpace(spaceId));
  }

  private join(spaceId: string, draft: JoinRequestDraft | undefined): JoinResult {
    if ((draft?.message?.length ?? 0) > JOIN_MESSAGE_MAX_CHARS) {
      throw fail('validation_failed', 'Message too long', [{ path: '/body/message', message: 'too long' }]);
    }
    const space = this.store.listedSpace(spaceId);
    const me = this.store.caller;
    if (this.store.roleIn(spaceId) === null) {
      if (joinMode(space.visibility) === 'join') {
        this.put(space, me, 'member');
      } else if (!this.requestsOf(spaceId).has(me.id)) {
        // A message is written over several lines: normalised like every body.
        const message = normalizeBody(draft?.message ?? '');
        this.addJoinRequest({ spaceId, actor: me, message, createdAt: this.store.now().toISOString() });
      }
    }
    const view = this.view(this.store.listedSpace(spaceId));
    return { status: view.role ? 'joined' : 'requested', space: view };
  }

  private members(spaceId: string, query: NonNullable<TransportRequest['query']>): MemberPage {
    this.store.readableSpace(spaceId);
    const limit = Number(query.limit ?? DEFAULT_MEMBER_LIMIT);
    if (!Number.isInteger(limit) || limit < 1 || limit > MEMBER_LIMIT_MAX) throw fail('validation_failed', 'Bad limit');
    const only = query.role === undefined ? undefined : String(query.role);
    if (only !== undefined && !ROLES.includes(only as Role)) throw fail('validation_failed', 'Bad role', [{ path: '/query/role', message: 'unknown role' }]);
    const all = [...this.store.membersOf(spaceId).values()];
    // As the server orders them: by role (owners first), then name and id as stored (not by locale).
    const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    all.sort(
      (a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || byCodeUnits(a.actor.displayName, b.actor.displayName) || byCodeUnits(a.actor.id, b.actor.id),
    );
    if (only !== undefined) all.splice(0, all.length, ...all.filter((m) => m.role === only));
    const start = query.cursor ? Number(query.cursor) : 0;
    if (!Number.isInteger(start) || start < 0) throw fail('invalid_cursor', 'Unknown cursor');
    const items = structuredClone(all.slice(start, start + limit));
    return { items, nextCursor: start + limit < all.length ? String(start + limit) : null };
  }

  private setRole(spaceId: string, actorId: string, role: Role | undefined): SpaceMember {
    if (!role || !ROLES.includes(role)) throw fail('validation_failed', 'Bad role', [{ path: '/body/role', message: 'unknown role' }]);
    const space = this.owned(spaceId);
    const actor = this.actor(actorId);
    if (!actor) throw fail('not_found', `No person ${actorId}`);
    const current = this.roleOf(space, actorId);
    check(lastOwnerProblem(current, role, this.owners(space)));
    const hadRequest = this.requestsOf(spaceId).delete(actorId);
    // Nothing changes, nothing is announced.
    if (current === role && !hadRequest) return this.memberView(space, actor, role);
    const member = this.put(space, actor, role);
    if (current === null) this.notifications.membershipGranted(spaceId, actorId, this.store.caller, hadRequest);
    return member;
  }

  private removeMember(spaceId: string, actorId: string): undefined {
    const me = this.store.caller.id;
    const space = this.store.listedSpace(spaceId);
    if (!canRemoveMember(me, this.store.roleIn(spaceId), actorId)) throw fail('forbidden', 'Only owners of the space remove other members');
    const role = this.roleOf(space, actorId);
    if (!role) throw fail('not_found', `${actorId} is not a member`);
    check(lastOwnerProblem(role, null, this.owners(space)));
    this.store.membersOf(spaceId).delete(actorId);
    this.changed(spaceId, actorId, null, null);
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
    const member = this.put(space, request.actor, role);
    this.notifications.membershipGranted(spaceId, actorId, this.store.caller, true);
    return member;
  }

  private decline(spaceId: string, actorId: string): undefined {
    const space = this.store.listedSpace(spaceId);
    if (!canDropJoinRequest(this.store.caller.id, this.store.roleIn(spaceId), actorId)) {
      throw fail('forbidden', 'Only owners of the space decline requests to join it');
    }
    if (!this.requestsOf(space.id).delete(actorId)) throw fail('not_found', `No request from ${actorId}`);
    this.changed(spaceId, actorId, this.roleOf(space, actorId), null);
    // Withdrawing one's own request notifies nobody (the rule: never one's own action).
    this.notifications.joinDeclined(spaceId, actorId, this.store.caller);
    return undefined;
  }

  private put(space: Space, actor: Actor, role: Role): SpaceMember {
    this.requestsOf(space.id).delete(actor.id);
    this.store.setRole(space.id, actor, role);
    this.changed(space.id, actor.id, role, null);
    return this.memberView(space, actor, role);
  }

  private memberView(space: Space, actor: Actor, role: Role): SpaceMember {
    const since = this.store.membersOf(space.id).get(actor.id)?.since ?? this.store.now().toISOString();
    return structuredClone({ actor: this.store.people.get(actor.id) ?? actor, role, since });
  }

  /** The owners of the space. */
  private owners(space: Space): number {
    return [...this.store.membersOf(space.id).values()].filter((m) => m.role === 'owner').length;
  }

  private roleOf(space: Space, actorId: string): Role | null {
    return this.store.roleIn(space.id, actorId);
  }

  private actor(actorId: string): Actor | undefined {
    return this.store.people.get(actorId);
  }

  private changed(spaceId: string, actorId: string, role: Role | null, joinRequest: 'pending' | null): void {
    this.store.emit({ type: 'membership.changed', spaceId, actorId, role, joinRequest });
  }

  /** The space if the caller manages its members; 404 if invisible, 403 for anyone else who sees it. */
  private owned(spaceId: string): Space {
    const space = this.store.listedSpace(spaceId);
    if (!canManageMembers(this.store.roleIn(spaceId))) throw fail('forbidden', 'Only owners of the space manage its members');
    return space;
  }

  private requestsOf(spaceId: string): Map<string, JoinRequest> {
    let requests = this.requests.get(spaceId);
    if (!requests) this.requests.set(spaceId, (requests = new Map()));
    return requests;
  }
}
