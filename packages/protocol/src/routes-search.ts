/**
 * Route paths of post search, in a module of their own so that a client
 * bundle keeps them with the code that calls them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** GET (PostSearchQuery): posts of readable spaces matching words, in any of their languages. */
export const postSearchPath = () => `${API_PREFIX}/posts/search`;
