/** Public types of the spaces directory and member lists (see domain/spaces.ts). */
import type { Observable } from 'rxjs';
import type { JoinRequest, Space, SpaceMember } from '@ecotone/protocol';
import type { EcotoneError } from './errors.js';

/** A directory of spaces as shown; see {@link EcotoneClient.spaceDirectory}. */
export interface SpacesState {
  /** `loading` before the first answer; `error` when it failed (a later failure keeps `ready` and sets `error`). */
  status: 'loading' | 'ready' | 'error';
  /** Spaces matching the query, as the server orders them, each as the caller sees it (`role`, `joinRequest`). */
  items: readonly Space[];
  /** Ids of `items` with a join or leave in flight. */
  pending: ReadonlySet<string>;
  /** The last failure to load or refresh, or null. */
  error: EcotoneError | null;
}

/** The live result of one directory query. */
export interface SpaceDirectory {
  /** The directory as shown, loaded on first subscription. */
  readonly state$: Observable<SpacesState>;
  /** Asks the server again (after an error, or to pick up changes made elsewhere). */
  refresh(): Promise<void>;
}

/** The members of a space, and its pending join requests when the caller owns it. */
export interface MembersState {
  /** `loading` before the first page; `error` when it failed. */
  status: 'loading' | 'ready' | 'error';
  /** Members loaded so far: owners first, then correspondents, members and readers, by name. */
  items: readonly SpaceMember[];
  /** Pending requests to join, oldest first (owners only; empty for everyone else). */
  requests: readonly JoinRequest[];
  /** Actor ids with a role change, removal or decision in flight. */
  pending: ReadonlySet<string>;
  /** More members remain to load (`loadMore()`). */
  hasMore: boolean;
  /** A next page is being fetched. */
  loadingMore: boolean;
  /** The last failure (a page, a role change, a decision), or null. */
  error: EcotoneError | null;
}

/** The live, paginated members of a space; see {@link EcotoneClient.members}. */
export interface MemberList {
  /** The members as shown, loaded on first subscription and kept current by live `membership.changed` events. */
  readonly state$: Observable<MembersState>;
  /** Fetches the next page of members; no-op while one is loading or when none is left. */
  loadMore(): Promise<void>;
  /** Fetches the first page again (retry after an error). */
  refresh(): Promise<void>;
}
