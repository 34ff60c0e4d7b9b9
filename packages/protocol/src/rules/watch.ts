/**
 * Technology-watch sources and the triage of their items
 * (docs/protocol.md#technology-watch). One triage state per item for the
 * whole space: a team's reading queue, not each reader's.
 */
import type { Role, WatchItem } from '../wire-types.js';
import type { WATCH_TRIAGE_ACTIONS } from '../constants.js';
import { canPublish, isAnnouncer } from './spaces.js';
import type { RuleProblem } from './problem.js';

/** What a reader may do to a watch item: `dismiss`, `discuss` or `reopen` (promotion goes through the note promotion). */
export type WatchTriageAction = (typeof WATCH_TRIAGE_ACTIONS)[number];
/** Where a watch item stands in its space's triage: `new`, `dismissed`, `discussed` or `promoted`. */
export type WatchTriageState = WatchItem['triage'];

/** Whether the caller adds and removes the space's sources, and imports OPML: owners and correspondents. */
export function canManageWatchSources(role: Role | null): boolean {
  return isAnnouncer(role);
}

/** Whether the caller triages the space's watch items (dismiss, discuss, reopen, promote): those who may publish there. */
export function canTriageWatch(role: Role | null): boolean {
  return canPublish(role, 'note');
}

/**
 * The state a triage action leads to from `state`, or the problem refusing
 * it: a promoted item stays promoted (its note exists), and an action that
 * changes nothing is accepted (idempotent).
 */
export function watchTriageOutcome(state: WatchTriageState, action: WatchTriageAction): WatchTriageState | RuleProblem {
  // Reopening a promoted item would hide that its note exists.
  if (state === 'promoted') return { code: 'conflict', title: 'The item was promoted to a note' };
  if (action === 'dismiss') return 'dismissed';
  if (action === 'discuss') return 'discussed';
  return 'new';
}
