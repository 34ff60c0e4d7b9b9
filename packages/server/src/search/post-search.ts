/**
 * Post search as the route runs it (and the benchmark measures it): every
 * language of a post is matched in that language, each post comes once, by
 * its best language, with the matched words marked in that language's text.
 */
import {
  POST_SEARCH_LIMIT_DEFAULT,
  type Actor,
  type Locale,
  type Post,
  type PostSearchResult,
} from '@ecotone/protocol';
import type { SpaceAccess } from '../policy/authz.js';
import type { ServerContext } from '../context.js';
import { INVALID_REQUEST_TITLE, searchQueryErrors } from '@ecotone/protocol/rules';
import { HttpProblem } from '../http/errors.js';
import { postReaderOf, postViews } from '../posts/post-view.js';
import { seesEveryDraft } from '@ecotone/protocol/rules';
import { findPosts } from '../posts/post-repository.js';
import type { FeedViewer } from '../posts/post-visibility.js';
import { matchedRanges } from './matched-ranges.js';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor.js';
import { parseQuery } from './stemming.js';

export interface PostSearchRequest {
  q: string;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/**
 * The body of a post in the language that matched, as the caller reads it;
 * the source if that variant went away between the match and the read.
 */
function textIn(post: Post, locale: Locale): { locale: Locale; text: string } {
  const variant = locale === post.locale ? undefined : post.variants?.find((v) => v.locale === locale);
  return variant ? { locale, text: variant.body } : { locale: post.locale, text: post.body };
}

/**
 * Searches the posts of `spaces` (readable by the caller, see
 * authz.searchableSpaces) that the caller may see: drafts only for their
 * author and the space's owners, as in the feed. Nothing else is returned
 * or counted.
 */
export async function searchVisiblePosts(
  ctx: Pick<ServerContext, 'db' | 'readers' | 'ballotSecret' | 'now' | 'reactionKinds' | 'search' | 'classification'>,
  actor: Pick<Actor, 'id'>,
  spaces: readonly SpaceAccess[],
  request: PostSearchRequest,
): Promise<PostSearchResult> {
  const { db } = ctx;
  // A bad cursor or an empty query is refused before anything is searched.
  const offset = request.cursor !== undefined ? decodeSearchCursor('posts', request.cursor) : 0;
  const limit = request.limit ?? POST_SEARCH_LIMIT_DEFAULT;
  const errors = searchQueryErrors(request.q);
  if (errors.length > 0) throw new HttpProblem('validation_failed', INVALID_REQUEST_TITLE, errors);
  const terms = parseQuery(request.q);
  const viewer = await postReaderOf(ctx, actor);
  const feedViewer: FeedViewer = {
    viewerId: actor.id,
    seesDraftsIn: spaces.filter(({ role }) => seesEveryDraft(role)).map(({ space }) => space.id),
    now: viewer.now.toISOString(),
  };
  const { hits, total } = await ctx.search.posts({
    terms,
    spaceIds: spaces.map(({ space }) => space.id),
    viewer: feedViewer,
    offset,
    limit,
  });
  const rows = new Map((await findPosts(db, hits.map((h) => h.postId))).map((row) => [row.post.id, row]));
  const found = hits.flatMap((hit) => {
    const row = rows.get(hit.postId);
    return row ? [{ hit, row }] : [];
  });
  const views = await postViews(db, viewer, found.map(({ row }) => row), ctx.reactionKinds);
  return {
    items: views.map((post, i) => {
      const { locale, text } = textIn(post, found[i]!.hit.locale);
      return { post, locale, text, highlights: matchedRanges(text, locale, terms) };
    }),
    total,
    nextCursor: offset + hits.length < total ? encodeSearchCursor('posts', offset + hits.length) : null,
  };
}
