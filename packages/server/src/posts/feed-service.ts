import { FEED_LIMIT_DEFAULT, type Actor, type Post } from '@ecotone/protocol';
import { INVALID_REQUEST_TITLE, namedSpaces, spaceListErrors } from '@ecotone/protocol/rules';
import { requireReadableSpaces, type SpaceAccess } from '../policy/authz.js';
import type { ServerContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { HttpProblem } from '../http/errors.js';
import { loadPageOwnState, postReaderOf, loadSharedPostFacts, postView, postViewerParts, type PostViewerPart } from './post-view.js';
import { seesEveryDraft } from '@ecotone/protocol/rules';
import type { SharedFeedPage } from './feed-cache.js';
import { effectiveTime, hasScheduledPosts, listFeed, listPinned, moderatedAuthors, nextPostDueIn, scheduledAuthors } from './post-repository.js';
import type { FeedViewer } from './post-visibility.js';

/** Serialises one wire post with the route's schema (Fastify's fast-json-stringify). */
export type PostSerializer = (post: Post) => string;

/**
 * Kept pages as text. Most readers have no reaction, acknowledgement or
 * ballot of their own on most posts of a page, so they get the very same
 * posts, and most often the very same page: each post is serialised once
 * per distinct viewer part (at most `SERIALISED_PARTS_PER_POST_MAX` kept
 * per post), and each whole answer once per distinct set of parts, as the
 * bytes sent (at most `SERIALISED_PAGES_MAX`), and which one each reader
 * got (at most `ANSWERED_READERS_MAX`). Kept with the page: they go when
 * it goes.
 */
interface PageTexts {
  readonly posts: Map<string, string>;
  readonly answers: Map<string, Buffer>;
  /** Each reader's answer: their part cannot change while the page is kept (any write of theirs there drops it). */
  readonly byReader: Map<string, Buffer>;
}
const serialised = new WeakMap<SharedFeedPage, PageTexts>();
const SERIALISED_PARTS_PER_POST_MAX = 4;
const SERIALISED_PAGES_MAX = 8;
const ANSWERED_READERS_MAX = 5_000;

/** Scheduled posts across the company read at most to know who has drafts in a feed's spaces (more: asked per reader). */
const SCHEDULED_POSTS_KEPT_MAX = 1_000;

/** A key equal for equal parts; the commonest, nothing of one's own on a post without a poll, is the empty string. */
function partKey(part: PostViewerPart): string {
  return part.mine.length === 0 && !part.acknowledged && !part.showsPublishAt && part.polls.length === 0 && !part.moderatesTalkShow && part.quoted === undefined ? '' : JSON.stringify(part);
}

function textsOf(kept: SharedFeedPage): PageTexts {
  let texts = serialised.get(kept);
  if (!texts) serialised.set(kept, (texts = { posts: new Map(), answers: new Map(), byReader: new Map() }));
  return texts;
}

/**
 * One page of the feed over the given readable spaces (one or several),
 * newest first; pinned posts of all of them head the first page. Answered
 * as JSON (a FeedPage), text or bytes: a kept page is serialised once for
 * all who see it alike.
 */
async function feedPage(
  ctx: ServerContext,
  actor: Actor,
  spaces: readonly SpaceAccess[],
  query: { cursor?: string | undefined; limit?: number | undefined },
  serializePost: PostSerializer,
): Promise<string | Buffer> {
  const { db, reactionKinds } = ctx;
  const limit = query.limit ?? FEED_LIMIT_DEFAULT;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const now = ctx.now();
  const ids = spaces.map(({ space }) => space.id);
  // Drafts (scheduled posts) show only to their author and, space by space, its owners.
  const feedViewer: FeedViewer = {
    viewerId: actor.id,
    seesDraftsIn: spaces.filter(({ role }) => seesEveryDraft(role)).map(({ space }) => space.id),
    now: now.toISOString(),
  };
  const read = async (): Promise<Omit<SharedFeedPage, 'changesAt'>> => {
    // One extra row tells whether a next page exists without a count query.
    const rows = await listFeed(db, ids, after, limit + 1, feedViewer);
    // Pinned posts head the first page only, and never repeat in items.
    const pinned = after ? null : await listPinned(db, ids, feedViewer);
    return { rows, pinned, shared: await loadSharedPostFacts(db, [...rows.slice(0, limit), ...(pinned ?? [])]) };
  };
  // A kept page also knows when time alone changes it: a scheduled post's
  // time, a pin's end, a poll's closing time (its posts are kept as text).
  const readToKeep = async (): Promise<SharedFeedPage> => {
    const [page, nextScheduled] = await Promise.all([read(), nextPostDueIn(db, ids)]);
    // Kept for many readers: everyone's own part spares each of them its queries.
    const own = await loadPageOwnState(db, [...page.rows.slice(0, limit), ...(page.pinned ?? [])], page.shared);
    const polls = [...page.shared.polls.values()].flat().filter((poll) => poll.closedAt === null);
    const changes = [nextScheduled, ...(page.pinned ?? []).map((r) => r.post.pinned_until), ...polls.map((poll) => poll.closesAt)]
      .filter((at): at is string => at !== null)
      .map((at) => Date.parse(at))
      .filter((at) => at > now.getTime());
    return { ...page, shared: { ...page.shared, own }, changesAt: changes.length > 0 ? Math.min(...changes) : null };
  };
  // Those who may see drafts here read their own page; everyone else shares one.
  // Authors of posts hidden or held for review see them too: their own page as well.
  const drafting =
    feedViewer.seesDraftsIn.length === 0
      ? await ctx.feedCache.draftAuthors(ids, async () => {
          const [scheduled, moderated] = await Promise.all([scheduledAuthors(db, ids, SCHEDULED_POSTS_KEPT_MAX), moderatedAuthors(db, ids)]);
          return scheduled && new Set([...scheduled, ...moderated]);
        })
      : null;
  const alike =
    feedViewer.seesDraftsIn.length === 0 &&
    (drafting ? !drafting.has(actor.id) : !(await hasScheduledPosts(db, actor.id, ids)) && !(await moderatedAuthors(db, ids)).has(actor.id));
  const kept = alike ? await ctx.feedCache.page(`${ids.join(',')}|${query.cursor ?? ''}|${limit}`, ids, readToKeep) : null;
  const again = kept && textsOf(kept).byReader.get(actor.id);
  if (again) return again;
  const { rows, pinned, shared } = kept ?? (await read());
  const viewer = await postReaderOf(ctx, actor);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // The reader's own part of the page and of the pinned posts, read once for both.
  const shown = [...page, ...(pinned ?? [])];
  const parts = await postViewerParts(db, viewer, shown, shared, reactionKinds);
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: effectiveTime(last.post), id: last.post.id }) : null;
  const answer = (texts: readonly string[]): string =>
    `{"items":[${texts.slice(0, page.length).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}` +
    (pinned ? `,"pinned":[${texts.slice(page.length).join(',')}]}` : '}');
  const build = (i: number): string => serializePost(postView(shown[i]!, shared, parts[i]!, reactionKinds, viewer.now));
  if (!kept) return answer(shown.map((_, i) => build(i)));
  const { posts, answers, byReader } = textsOf(kept);
  const partKeys = parts.map(partKey);
  const answerKey = partKeys.join('\n');
  const known = answers.get(answerKey);
  if (known) {
    if (byReader.size < ANSWERED_READERS_MAX && !shown.some((row) => row.post.quote_of !== null)) byReader.set(actor.id, known);
    return known;
  }
  const texts = shown.map((row, i) => {
    const key = `${row.post.id}\u0000${partKeys[i]}`;
    let text = posts.get(key);
    if (text === undefined) {
      text = build(i);
      if (posts.size < SERIALISED_PARTS_PER_POST_MAX * shown.length) posts.set(key, text);
    }
    return text;
  });
  const bytes = Buffer.from(answer(texts));
  if (answers.size < SERIALISED_PAGES_MAX) answers.set(answerKey, bytes);
  // A page that quotes posts is answered again on the next read: what a reader sees of a quoted post changes elsewhere.
  if (byReader.size < ANSWERED_READERS_MAX && !shown.some((row) => row.post.quote_of !== null)) byReader.set(actor.id, bytes);
  return bytes;
}

/** What a feed page is asked with: a cursor from the previous page and a page size. */
export interface FeedPageQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** A page of one readable space's feed, as JSON text or bytes. */
export async function spaceFeed(
  ctx: ServerContext,
  actor: Actor,
  spaceId: string,
  query: FeedPageQuery,
  serializePost: PostSerializer,
): Promise<string | Buffer> {
  const spaces = await requireReadableSpaces(ctx.readers, actor, [spaceId]);
  return feedPage(ctx, actor, spaces, query, serializePost);
}

/** A page of several readable spaces' feeds at once (`spaces` comma-separated), as JSON text or bytes. */
export async function multiSpaceFeed(
  ctx: ServerContext,
  actor: Actor,
  spaceList: string,
  query: FeedPageQuery,
  serializePost: PostSerializer,
): Promise<string | Buffer> {
  const ids = namedSpaces(spaceList);
  const errors = spaceListErrors(ids);
  if (errors.length > 0) throw new HttpProblem('validation_failed', INVALID_REQUEST_TITLE, errors);
  const spaces = await requireReadableSpaces(ctx.readers, actor, ids);
  return feedPage(ctx, actor, spaces, query, serializePost);
}
