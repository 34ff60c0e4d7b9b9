/**
 * The spaces directory, memberships and join requests, loaded on first use
 * (a like-button page never downloads it).
 *
 * Spaces are kept once by id, so joining from one directory view updates
 * every other view of the same space; each directory query remembers only
 * its ids. Member lists are per space, with the pending join requests when
 * the caller owns the space. Joins, leaves and role changes wait for the
 * server (they change who sees what) and show as `pending` meanwhile.
 */
import { BehaviorSubject, Observable, combineLatest, map, type Subscription } from 'rxjs';
import {
  joinPath,
  joinRequestPath,
  joinRequestsPath,
  memberPath,
  membersPath,
  spacePath,
  spacesPath,
  type JoinDecision,
  type JoinRequest,
  type JoinRequestDraft,
  type JoinRequestList,
  type JoinResult,
  type LiveEvent,
  type Me,
  type MemberPage,
  type MemberUpdate,
  type MembershipChangedEvent,
  type Role,
  type Space,
  type SpaceList,
  type SpaceMember,
  type SpaceQuery,
} from '@ecotone/protocol';
import { toEcotoneError, type EcotoneError } from '../errors.js';
import type { ClientCore } from '../client-core.js';
import type { TransportRequest } from '../types.js';
import type { MemberList, MembersState, SpaceDirectory, SpacesState } from '../types-spaces.js';

/**
 * Builds the domain from the client's parts. The caller's memberships in the
 * cached `me()` are kept current in place (elements read them for rights).
 */
export function attach(core: ClientCore): SpacesDomain {
  return new SpacesDomain({
    request: (req) => core.request(req),
    // Joining goes through the outbox: made offline, it is sent when the server is reachable again.
    send: (req) => core.outbox.send(req, { action: 'join', target: joinTarget(req.path) }),
    live$: core.live$,
    me: () => core.me(),
    setMyRole: (spaceId, role) => {
      const me = core.meValue;
      if (!me) return;
      const others = me.memberships.filter((m) => m.spaceId !== spaceId);
      me.memberships = role ? [...others, { spaceId, actorId: me.actor.id, role }] : others;
    },
  });
}

/** The space of a join request's path (`…/spaces/<id>/join`). */
function joinTarget(path: string): string | undefined {
  const id = /\/spaces\/([^/]+)\/join$/.exec(path)?.[1];
  return id === undefined ? undefined : decodeURIComponent(id);
}

/** What the spaces domain needs from the client. */
export interface SpacesContext {
  /** A request, straight to the transport; rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** A write through the client's outbox (with an idempotency key; queued while the server cannot be reached). */
  send<T>(req: TransportRequest): Promise<T>;
  /** Live events (subscribing keeps the stream open). */
  readonly live$: Observable<LiveEvent>;
  me(): Promise<Me>;
  /** Records the caller's new role in a space (null: no longer a member), so `me()` stays true. */
  setMyRole(spaceId: string, role: Role | null): void;
}

interface QueryData {
  ids: readonly string[];
  status: SpacesState['status'];
  error: EcotoneError | null;
}

interface MemberData {
  items: readonly SpaceMember[];
  requests: readonly JoinRequest[];
  cursor: string | null;
  status: MembersState['status'];
  hasMore: boolean;
  loadingMore: boolean;
  error: EcotoneError | null;
}

/** Page size of member lists. */
export const MEMBER_PAGE_SIZE = 50;

/** A stable key of a directory query. */
export function spaceQueryKey(query: SpaceQuery = {}): string {
  return JSON.stringify([query.site ?? '', (query.q ?? '').trim(), query.mine === true]);
}

function queryParams(query: SpaceQuery): Record<string, string | undefined> {
  const q = query.q?.trim();
  return { site: query.site || undefined, q: q || undefined, mine: query.mine ? 'true' : undefined };
}

/** Directory, memberships and join requests; see {@link SpacesContext}. */
export class SpacesDomain {
  private readonly spaces = new BehaviorSubject<Readonly<Record<string, Space>>>({});
  private readonly queries = new Map<string, { query: SpaceQuery; data: BehaviorSubject<QueryData>; api: SpaceDirectory & { loadMore(): Promise<void> } }>();
  private readonly members = new Map<string, { data: BehaviorSubject<MemberData>; api: MemberList }>();
  /** Space ids with a join or leave in flight, and `spaceId/actorId` of member writes in flight. */
  private readonly pending = new BehaviorSubject<ReadonlySet<string>>(new Set());
  private live: Subscription | undefined;
  private watchers = 0;

  constructor(private readonly ctx: SpacesContext) {}

  /** See {@link EcotoneClient.spaceDirectory}. */
  directory(query: SpaceQuery = {}): SpaceDirectory & { loadMore(): Promise<void> } {
    const key = spaceQueryKey(query);
    let entry = this.queries.get(key);
    if (!entry) {
      const data = new BehaviorSubject<QueryData>({ ids: [], status: 'loading', error: null });
      const state$ = this.watched(
        combineLatest([data, this.spaces, this.pending]).pipe(
          map(([d, spaces, pending]): SpacesState => ({
            status: d.status,
            items: d.ids.map((id) => spaces[id]).filter((s): s is Space => s !== undefined),
            pending: new Set(d.ids.filter((id) => pending.has(id))),
            error: d.error,
          })),
        ),
        () => void this.load(key),
      );
      // Not paginated (a company has hundreds of spaces, not millions): `loadMore` has nothing to do.
      entry = { query, data, api: { state$, refresh: () => this.load(key), loadMore: () => Promise.resolve() } };
      this.queries.set(key, entry);
    }
    return entry.api;
  }

  /** See {@link EcotoneClient.joinSpace}. */
  async join(spaceId: string, message?: string): Promise<JoinResult> {
    return this.write(spaceId, async () => {
      const body: JoinRequestDraft = message?.trim() ? { message: message.trim() } : {};
      const result = await this.ctx.send<JoinResult>({ method: 'POST', path: joinPath(spaceId), body });
      this.putSpace(result.space);
      if (result.status === 'joined') this.ctx.setMyRole(spaceId, result.space.role);
      this.reloadMine();
      return result;
    });
  }

  /** See {@link EcotoneClient.leaveSpace}: leaves the space, or withdraws a pending request to join it. */
  async leave(spaceId: string): Promise<void> {
    const me = await this.ctx.me();
    const space = this.spaces.value[spaceId];
    const requested = space?.joinRequest === 'pending' && space.role === null;
    await this.write(spaceId, async () => {
      await this.ctx.request({
        method: 'DELETE',
        path: requested ? joinRequestPath(spaceId, me.actor.id) : memberPath(spaceId, me.actor.id),
      });
      if (!requested) this.ctx.setMyRole(spaceId, null);
      await this.refreshSpace(spaceId);
      this.reloadMine();
    });
  }

  /** See {@link EcotoneClient.members}. */
  memberList(spaceId: string): MemberList {
    let entry = this.members.get(spaceId);
    if (!entry) {
      const data = new BehaviorSubject<MemberData>({
        items: [], requests: [], cursor: null, status: 'loading', hasMore: false, loadingMore: false, error: null,
      });
      const prefix = `${spaceId}/`;
      const state$ = this.watched(
        combineLatest([data, this.pending]).pipe(
          map(([d, pending]): MembersState => ({
            status: d.status,
            items: d.items,
            requests: d.requests,
            pending: new Set([...pending].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))),
            hasMore: d.hasMore,
            loadingMore: d.loadingMore,
            error: d.error,
          })),
        ),
        () => void this.loadMembers(spaceId, false),
      );
      entry = {
        data,
        api: { state$, loadMore: () => this.loadMembers(spaceId, true), refresh: () => this.loadMembers(spaceId, false) },
      };
      this.members.set(spaceId, entry);
    }
    return entry.api;
  }

  /** See {@link EcotoneClient.setRole}. */
  async setRole(spaceId: string, actorId: string, role: Role): Promise<SpaceMember> {
    return this.write(`${spaceId}/${actorId}`, async () => {
      const member = await this.ctx.request<SpaceMember>({
        method: 'PUT',
        path: memberPath(spaceId, actorId),
        body: { role } satisfies MemberUpdate,
      });
      await this.settleMember(spaceId, member);
      return member;
    });
  }

  /** See {@link EcotoneClient.removeMember}. */
  async remove(spaceId: string, actorId: string): Promise<void> {
    await this.write(`${spaceId}/${actorId}`, async () => {
      await this.ctx.request({ method: 'DELETE', path: memberPath(spaceId, actorId) });
      this.patchMembers(spaceId, (d) => ({ ...d, items: d.items.filter((m) => m.actor.id !== actorId) }));
      const me = await this.ctx.me();
      if (actorId === me.actor.id) this.ctx.setMyRole(spaceId, null);
      await this.refreshSpace(spaceId);
    });
  }

  /** See {@link EcotoneClient.decideJoinRequest}. */
  async decide(spaceId: string, actorId: string, approve: boolean, role?: Role): Promise<SpaceMember | null> {
    return this.write(`${spaceId}/${actorId}`, async () => {
      if (!approve) {
        await this.ctx.request({ method: 'DELETE', path: joinRequestPath(spaceId, actorId) });
        this.patchMembers(spaceId, (d) => ({ ...d, requests: d.requests.filter((r) => r.actor.id !== actorId) }));
        return null;
      }
      const member = await this.ctx.request<SpaceMember>({
        method: 'PUT',
        path: joinRequestPath(spaceId, actorId),
        body: (role ? { role } : {}) satisfies JoinDecision,
      });
      await this.settleMember(spaceId, member);
      return member;
    });
  }

  /** Applies a `membership.changed` event (the caller's own, or one seen as an owner). */
  applyEvent(event: MembershipChangedEvent, myId: string | undefined): void {
    const { spaceId, actorId } = event;
    if (actorId === myId) {
      this.ctx.setMyRole(spaceId, event.role);
      if (this.spaces.value[spaceId]) void this.refreshSpace(spaceId);
      this.reloadMine();
    } else if (this.spaces.value[spaceId]) {
      void this.refreshSpace(spaceId);
    }
    // Owners watching the space's members see joins, leaves and requests at once.
    if (this.members.has(spaceId)) void this.loadMembers(spaceId, false);
  }

  /** Refetches everything shown (events were lost). */
  refetchAll(): void {
    for (const key of this.queries.keys()) void this.load(key);
    for (const spaceId of this.members.keys()) void this.loadMembers(spaceId, false);
  }

  /**
   * Keeps the live stream open while anything of this domain is watched, and
   * loads a view when its first watcher comes (again: events were missed
   * meanwhile); later watchers share what it shows.
   */
  private watched<T>(source: Observable<T>, onFirst: () => void): Observable<T> {
    let subscribers = 0;
    return new Observable<T>((subscriber) => {
      if (this.watchers++ === 0) this.live = this.ctx.live$.subscribe();
      if (subscribers++ === 0) onFirst();
      const sub = source.subscribe(subscriber);
      return () => {
        sub.unsubscribe();
        subscribers--;
        if (--this.watchers === 0) this.live?.unsubscribe();
      };
    });
  }

  private async load(key: string): Promise<void> {
    const entry = this.queries.get(key);
    if (!entry) return;
    const { data, query } = entry;
    if (data.value.status !== 'ready') data.next({ ...data.value, status: 'loading', error: null });
    try {
      const list = await this.ctx.request<SpaceList>({ method: 'GET', path: spacesPath(), query: queryParams(query) });
      this.putSpaces(list.items);
      data.next({ ids: list.items.map((s) => s.id), status: 'ready', error: null });
    } catch (err) {
      data.next({ ...data.value, status: data.value.status === 'ready' ? 'ready' : 'error', error: toEcotoneError(err) });
    }
  }

  /** Directory queries limited to the caller's spaces change with their memberships. */
  private reloadMine(): void {
    for (const [key, entry] of this.queries) if (entry.query.mine) void this.load(key);
  }

  private async refreshSpace(spaceId: string): Promise<void> {
    try {
      this.putSpace(await this.ctx.request<Space>({ method: 'GET', path: spacePath(spaceId) }));
    } catch (err) {
      // A secret space the caller left is gone for them: drop it from every view.
      if (toEcotoneError(err).code !== 'not_found') return;
      const { [spaceId]: _gone, ...rest } = this.spaces.value;
      this.spaces.next(rest);
      for (const { data } of this.queries.values()) {
        if (data.value.ids.includes(spaceId)) data.next({ ...data.value, ids: data.value.ids.filter((id) => id !== spaceId) });
      }
    }
  }

  private async loadMembers(spaceId: string, more: boolean): Promise<void> {
    const entry = this.members.get(spaceId);
    if (!entry) return;
    const { data } = entry;
    if (more && (!data.value.hasMore || data.value.loadingMore)) return;
    data.next({ ...data.value, ...(more ? { loadingMore: true } : data.value.status === 'ready' ? {} : { status: 'loading' }), error: null });
    try {
      const cursor = more ? data.value.cursor : null;
      const page = await this.ctx.request<MemberPage>({
        method: 'GET',
        path: membersPath(spaceId),
        query: { limit: MEMBER_PAGE_SIZE, cursor: cursor ?? undefined },
      });
      const requests = more ? data.value.requests : await this.requestsOf(spaceId);
      data.next({
        items: more ? [...data.value.items, ...page.items] : page.items,
        requests,
        cursor: page.nextCursor,
        status: 'ready',
        hasMore: page.nextCursor !== null,
        loadingMore: false,
        error: null,
      });
    } catch (err) {
      const error = toEcotoneError(err);
      data.next({ ...data.value, status: more || data.value.status === 'ready' ? 'ready' : 'error', loadingMore: false, error });
    }
  }

  /** Pending join requests, for owners; nobody else may list them. */
  private async requestsOf(spaceId: string): Promise<readonly JoinRequest[]> {
    const me = await this.ctx.me();
    const role = this.spaces.value[spaceId]?.role ?? me.memberships.find((m) => m.spaceId === spaceId)?.role ?? null;
    if (role !== 'owner') return [];
    const list = await this.ctx.request<JoinRequestList>({ method: 'GET', path: joinRequestsPath(spaceId) });
    return list.items;
  }

  private async settleMember(spaceId: string, member: SpaceMember): Promise<void> {
    this.patchMembers(spaceId, (d) => {
      const known = d.items.some((m) => m.actor.id === member.actor.id);
      return {
        ...d,
        items: known ? d.items.map((m) => (m.actor.id === member.actor.id ? member : m)) : [...d.items, member],
        requests: d.requests.filter((r) => r.actor.id !== member.actor.id),
      };
    });
    const me = await this.ctx.me();
    if (member.actor.id === me.actor.id) this.ctx.setMyRole(spaceId, member.role);
    // The member count (and the caller's role) as the server now has them.
    await this.refreshSpace(spaceId);
  }

  private patchMembers(spaceId: string, change: (d: MemberData) => MemberData): void {
    const entry = this.members.get(spaceId);
    if (entry) entry.data.next(change(entry.data.value));
  }

  private putSpace(space: Space): void {
    this.putSpaces([space]);
  }

  private putSpaces(spaces: readonly Space[]): void {
    this.spaces.next({ ...this.spaces.value, ...Object.fromEntries(spaces.map((s) => [s.id, s])) });
  }

  /** Runs a write with `key` pending; rejects with an EcotoneError. */
  private async write<T>(key: string, run: () => Promise<T>): Promise<T> {
    this.pending.next(new Set([...this.pending.value, key]));
    try {
      return await run();
    } catch (err) {
      throw toEcotoneError(err);
    } finally {
      const next = new Set(this.pending.value);
      next.delete(key);
      this.pending.next(next);
    }
  }
}
