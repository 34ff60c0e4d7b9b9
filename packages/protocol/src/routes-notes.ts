/**
 * Route paths of the knowledge notes, in a module of their own so that a client bundle
 * keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** GET: search and list knowledge notes (NoteSearchQuery). */
export const notesPath = () => `${API_PREFIX}/notes`;
/** GET: notes due for review. */
export const notesDuePath = () => `${API_PREFIX}/notes/review`;
/** POST: create a note in a space. */
export const spaceNotesPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/notes`;
/** GET, PATCH (NotePatch), DELETE one note. */
export const notePath = (noteId: string) => `${API_PREFIX}/notes/${encodeURIComponent(noteId)}`;
/** GET: every revision, oldest first. */
export const noteRevisionsPath = (noteId: string) => `${API_PREFIX}/notes/${encodeURIComponent(noteId)}/revisions`;
/** POST: promote a post (with its link preview) to a note. */
export const promotePostPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/promote`;
