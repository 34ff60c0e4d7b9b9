/**
 * Route paths of talk-shows' question queues, in a module of their own so
 * that a client bundle keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** `GET`: a page of a talk-show's questions (`?order=top|new&limit&cursor`); `POST` asks one. */
export const questionsPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/questions`;
/** `PUT` up-votes the question (once per person, idempotent); `DELETE` takes the caller's vote back. */
export const questionVotePath = (questionId: string) => `${API_PREFIX}/questions/${encodeURIComponent(questionId)}/vote`;
/** `POST { state }`: a moderator marks the question answered, hides it, or opens it again. */
export const questionStatePath = (questionId: string) => `${API_PREFIX}/questions/${encodeURIComponent(questionId)}/state`;
