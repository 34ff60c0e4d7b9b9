/**
 * Route paths of moderation (docs/protocol.md#moderation), in a module of
 * their own so that a client bundle keeps them with the code that calls
 * them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** `POST` (ReportRequest): report a post, comment or note to its space's owners (201 Report). */
export const reportsPath = () => `${API_PREFIX}/reports`;
/** `GET`: the space's moderation queue (ModerationQueue); owners only. */
export const moderationQueuePath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/moderation`;
/** `POST` (HideRequest): an owner hides content (204). */
export const hideContentPath = (targetType: string, targetId: string) =>
  `${API_PREFIX}/moderation/${encodeURIComponent(targetType)}/${encodeURIComponent(targetId)}/hide`;
/** `POST`: an owner restores hidden content, or dismisses the reports of visible content (204). */
export const restoreContentPath = (targetType: string, targetId: string) =>
  `${API_PREFIX}/moderation/${encodeURIComponent(targetType)}/${encodeURIComponent(targetId)}/restore`;
/** `POST`: an owner publishes a post the word filter held (204; readers get `post.created`). */
export const releasePostPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/release`;
/** `GET`/`PUT` (WordFilters): the space's word filter; owners only. */
export const wordFiltersPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/word-filters`;
