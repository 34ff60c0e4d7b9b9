/**
 * Moderation (docs/protocol.md#moderation): reporting content to a space's
 * owners, and for those owners their queue, hiding, restoring, releasing
 * held posts and the word filter. A function of its own rather than methods
 * of the client, so that only the pages that moderate (`<eco-moderation>`)
 * or report (the lazily loaded report dialog) carry it.
 */
import { filter, type Observable } from 'rxjs';
import {
  hideContentPath,
  moderationQueuePath,
  releasePostPath,
  reportsPath,
  restoreContentPath,
  wordFiltersPath,
  type ContentHiddenEvent,
  type ModerationChangedEvent,
  type ModerationQueue,
  type ModerationTargetType,
  type PostDeletedEvent,
  type Report,
  type ReportRequest,
  type WordFilters,
} from '@ecotone/protocol';
import type { ClientCore } from './client-core.js';
import type { EcotoneClient } from './types.js';

/** Live events that change a space's moderation queue. */
export type ModerationQueueEvent = ModerationChangedEvent | ContentHiddenEvent | PostDeletedEvent;

/** A client's moderation calls (see {@link clientModeration}). */
export interface Moderation {
  /**
   * Reports a post, comment or note to the owners of its space. Reporting the
   * same item again answers the first report. Rejects with the EcotoneError:
   * `forbidden` for one's own content, `not_found` when the caller cannot
   * read it (or from an in-process transport, which keeps no reports),
   * `validation_failed` for a reason off the list or a text too long.
   */
  report(request: ReportRequest): Promise<Report>;
  /** The space's queue, newest first (owners only: `forbidden` otherwise). */
  queue(spaceId: string): Promise<ModerationQueue>;
  /** Hides a post or comment from everyone but its author (who sees `reason`) and the owners. */
  hide(targetType: ModerationTargetType, targetId: string, reason: string): Promise<void>;
  /** Restores hidden content, or dismisses the reports of visible content. */
  restore(targetType: ModerationTargetType, targetId: string): Promise<void>;
  /** Publishes a post the word filter held for review. */
  release(postId: string): Promise<void>;
  /** The space's word filter (owners only). */
  wordFilters(spaceId: string): Promise<WordFilters>;
  /** Replaces the space's word filter (owners only); answers it as kept (trimmed, without duplicates). */
  setWordFilters(spaceId: string, words: readonly string[]): Promise<WordFilters>;
  /** Live events after which a queue of the space reads itself again. */
  changes$(spaceId: string): Observable<ModerationQueueEvent>;
}

/**
 * Moderation through the client's transport.
 *
 * @example
 * await clientModeration(client).report({ targetType: 'post', targetId: post.id, reason: 'spam' });
 */
export function clientModeration(client: EcotoneClient): Moderation {
  // The client is its own core (client-core.ts); the public type does not show it.
  const core = client as unknown as ClientCore;
  return {
    report: (request) => core.request<Report>({ method: 'POST', path: reportsPath(), body: { ...request } }),
    queue: (spaceId) => core.request<ModerationQueue>({ method: 'GET', path: moderationQueuePath(spaceId) }),
    hide: (targetType, targetId, reason) => core.request<void>({ method: 'POST', path: hideContentPath(targetType, targetId), body: { reason } }),
    restore: (targetType, targetId) => core.request<void>({ method: 'POST', path: restoreContentPath(targetType, targetId) }),
    release: (postId) => core.request<void>({ method: 'POST', path: releasePostPath(postId) }),
    wordFilters: (spaceId) => core.request<WordFilters>({ method: 'GET', path: wordFiltersPath(spaceId) }),
    setWordFilters: (spaceId, words) => core.request<WordFilters>({ method: 'PUT', path: wordFiltersPath(spaceId), body: { words: [...words] } }),
    changes$: (spaceId) =>
      core.live$.pipe(
        filter(
          (event): event is ModerationQueueEvent =>
            (event.type === 'moderation.changed' || event.type === 'content.hidden' || event.type === 'content.restored' || event.type === 'post.deleted') &&
            event.spaceId === spaceId,
        ),
      ),
  };
}
