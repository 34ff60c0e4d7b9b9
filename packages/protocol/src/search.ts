/**
 * Post search: every language of a post (its source and its variants) is
 * searched in that language, and a hit says which one matched best.
 * Separate from schemas.ts only for size.
 */
import { Type, type Static } from 'typebox';
import { POST_SEARCH_LIMIT_MAX, POST_SEARCH_QUERY_MAX_CHARS } from './constants.js';
import { Locale, Post } from './schemas.js';

/** Schema of `PostSearchQuery` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostSearchQuery = Type.Object(
  {
    /** Words to find (all of them); accents and inflections match in en, fr and de. */
    q: Type.String({ minLength: 1, maxLength: POST_SEARCH_QUERY_MAX_CHARS }),
    /** Only these spaces: ids separated by commas, as for the multi-space feed; each must be readable. */
    spaces: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '^[^,]+(,[^,]+)*$' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: POST_SEARCH_LIMIT_MAX })),
  },
  { additionalProperties: false },
);
/**
 * GET /posts/search: words to find, optionally only in some spaces.
 *
 * @interface
 */
export type PostSearchQuery = Static<typeof PostSearchQuery>;

/** A matched word: `[start, end)` offsets (UTF-16 code units) into a hit's `text`, as in note highlights. */
export const HighlightRange = Type.Tuple([Type.Integer({ minimum: 0 }), Type.Integer({ minimum: 0 })]);
export type HighlightRange = Static<typeof HighlightRange>;

/** Schema of `PostHit` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostHit = Type.Object(
  {
    post: Post,
    locale: Locale,
    text: Type.String(),
    highlights: Type.Array(HighlightRange),
  },
  { additionalProperties: false },
);
/**
 * One post found, once, by the language that matched best: `locale` is the
 * post's own (`post.locale`) or one of its variants', `text` the body in that
 * language, and `highlights` the matched words in `text`. Clients render the
 * marks with templates, never as HTML.
 *
 * @interface
 */
export type PostHit = Static<typeof PostHit>;

/** Schema of `PostSearchResult` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const PostSearchResult = Type.Object(
  {
    items: Type.Array(PostHit),
    total: Type.Integer({ minimum: 0 }),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
/**
 * Best matches first (then newest); `total` counts every post the caller may see that matches.
 *
 * @interface
 */
export type PostSearchResult = Static<typeof PostSearchResult>;
