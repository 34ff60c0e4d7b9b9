/**
 * Route paths of the polls and surveys, in a module of their own so that a client bundle
 * keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** A standalone poll (no post): POST to create, in a space. */
export const spacePollsPath = (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/polls`;
/** `GET`: one poll, with its results as the caller may see them. */
export const pollPath = (pollId: string) => `${API_PREFIX}/polls/${encodeURIComponent(pollId)}`;
/** PUT casts or changes the caller's ballot; DELETE withdraws it. */
export const ballotPath = (pollId: string) => `${API_PREFIX}/polls/${encodeURIComponent(pollId)}/ballot`;
/** POST closes the poll now (its author or a space owner). */
export const closePollPath = (pollId: string) => `${API_PREFIX}/polls/${encodeURIComponent(pollId)}/close`;
/** PUT answers every poll of a post's survey at once, all or nothing. */
export const surveyBallotPath = (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/ballots`;
