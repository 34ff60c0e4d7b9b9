/**
 * A stored moderation state as the rules take it (rules/moderation.ts): a
 * value this server does not know counts as hidden (fail closed).
 */
import type { ModerationMark } from '@ecotone/protocol';
import type { ModerationState } from '@ecotone/protocol/rules';

/** The state of a `moderation` column. */
export function moderationState(stored: string | null): ModerationState {
  if (stored === null) return null;
  return stored === 'held' ? 'held' : 'hidden';
}

/** The wire mark of a moderated row (posts, comments, notes), or undefined while visible. */
export function moderationMark(row: { moderation: string | null; moderation_reason: string | null; moderated_at: string | null }): ModerationMark | undefined {
  const state = moderationState(row.moderation);
  if (state === null) return undefined;
  return { state, reason: row.moderation_reason ?? '', at: row.moderated_at ?? new Date(0).toISOString() };
}
