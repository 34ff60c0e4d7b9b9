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
  error: EcotoneError | null;
}

/** The live result of one directory query. */
export interface SpaceDirectory {
  readonly state$: Observable<SpacesState>;
  /** Asks the server again (after an error, or to pick up changes made elsewhere). */
  refresh(): Promise<void>;
}

/** The members of a space, and its pending join requests when the caller owns it. */
export interface MembersState {
  status: 'loading' | 'ready' | 'error';
  /** Members loaded so far: owners first, then correspondents, members and readers, by name. */
  items: readonly SpaceMember[];
  /** Pending requests to join, oldest first (owners only; empty for everyone else). */
  requests: readonly JoinRequest[];
  /** Actor ids with a role change, removal or decision in flight. */
  pending: ReadonlySet<string>;
  hasMore: boolean;
  loadingMore: boolean;
  error: EcotoneError | null;
}

/** The live, paginated members of a space; see {@link EcotoneClient.members}. */
export interface MemberList {
  readonly state$: Observable<MembersState>;
  loadMore(): Promise<void>;
  refresh(): Promise<void>;
}
