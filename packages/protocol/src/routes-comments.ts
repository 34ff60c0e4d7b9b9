/**
 * Route paths of the comments and post languages, in a module of their own so that a client bundle
 * keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** GET a page of a post's comments (oldest first); POST a CommentDraft. */
export const commentsPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/comments`;
/** PATCH (CommentPatch, its author) or DELETE (its author or a space owner) one comment. */
export const commentPath = (commentId: string) => `${API_PREFIX}/comments/${encodeURIComponent(commentId)}`;
/** POST {locale}: a machine variant of a post through the server's translation hook. */
export const translationsPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/translations`;
