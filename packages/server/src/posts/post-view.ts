import type { Kysely } from 'kysely';
import { moderationMark, moderationState } from '../moderation/moderation-state.js';
import type { Actor, Attachment, LabelOrder, LinkPreview, Locale, Post, PostExtension, PostKind, PostVariant, QuotedPost, ReactionSummary, Role } from '@ecotone/protocol';
import { reactionCounts } from '@ecotone/protocol/rules';
import type { Database } from '../db/schema.js';
import { actorFromRow } from '../people/actor-repository.js';
import type { PostWithAuthorRow } from './post-repository.js';
import { actorReactions, countReactions, reactionsOn } from '../reactions/reaction-repository.js';
import { ballotsOn, findBallots, listPostPolls, resultsFromTally, tallyPolls, type PollRecord, type PollTally } from '../polls/poll-repository.js';
import { listPostPreviews } from '../previews/preview-repository.js';
import { pollShape, pollViewerOf, pollViewerPart, voterKey, type PollViewer, type PollViewerPart } from '../polls/poll-view.js';
import { countComments } from '../comments/comment-repository.js';
import { listPostVariants } from './variant-repository.js';
import { acksOn, actorAcks, countAcks } from '../announcements/ack-repository.js';
import { isDraft, isPinned, moderatesTalkShow, quoteExcerpt, seesDraft, seesQuoted, shownCreatedAt } from '@ecotone/protocol/rules';
import { findPosts } from './post-repository.js';
import { findSpaces, type SpaceRecord } from '../spaces/space-repository.js';
import { noteSpaceRead } from '../audit/secret-reads.js';
import { clearanceOf } from '../policy/classification.js';
import type { ServerContext } from '../context.js';
import { loadMentions } from '../notifications/mentions.js';
import { loadAttachments } from '../files/attachments.js';
import { loadTalkShows, type TalkShowRecord } from '../talk-shows/talk-show-repository.js';
import { talkShowView } from '../talk-shows/talk-show-view.js';
import { loadWatchItems, watchItemView, type WatchItemRow } from '../watch/watch-repository.js';
import { canTriageWatch } from '@ecotone/protocol/rules';

/** Every configured kind present, 0 when nobody reacted with it. */
export function countsFor(kinds: readonly string[], perKind: Map<string, number> | undefined): Record<string, number> {
  return reactionCounts(kinds, (kind) => perKind?.get(kind));
}

export async function reactionSummary(
  db: Kysely<Database>,
  viewerId: string,
  objectId: string,
  kinds: readonly string[],
): Promise<ReactionSummary> {
  const [counts, mine] = await Promise.all([
    countReactions(db, [objectId]),
    actorReactions(db, viewerId, [objectId]),
  ]);
  return {
    objectId,
    counts: countsFor(kinds, counts.get(objectId)),
    mine: (mine.get(objectId) ?? []).filter((k) => kinds.includes(k)),
  };
}

/** What posts show everyone alike, loaded for a page of rows in a few queries. */
export interface SharedPostFacts {
  readonly counts: Map<string, Map<string, number>>;
  /** Poll records per post, in position order. */
  readonly polls: Map<string, PollRecord[]>;
  readonly tallies: Map<string, PollTally>;
  readonly previews: Map<string, LinkPreview>;
  readonly comments: Map<string, number>;
  readonly variants: Map<string, PostVariant[]>;
  readonly ackCounts: Map<string, number>;
  /** The people each post mentions, as they are now (absent: nobody). */
  readonly mentions: Map<string, Actor[]>;
  /** The files attached to each post, in order (absent: none). */
  readonly attachments: Map<string, Attachment[]>;
  /** The session of each talk-show post (absent: not a talk-show). */
  readonly talkShows: Map<string, TalkShowRecord>;
  /** The feed item of each watch post (absent: not a watch post). */
  readonly watchItems: Map<string, WatchItemRow>;
  /**
   * Everyone's own reactions, acknowledgements and ballots on these posts,
   * when known (kept feed pages, see `loadPageOwnState`): a reader's own
   * part is then looked up instead of queried.
   */
  readonly own?: PageOwnState | null;
}

/**
 * Everyone's own part of a page's posts. A page of a company-wide space is
 * read by thousands of people, and its posts carry a few hundred reactions,
 * acknowledgements and ballots in all: kept with the page, they spare every
 * reader the queries of their own. A post with more than
 * `OWN_ROWS_PER_POST_MAX` reactions or acknowledgements (one the whole
 * company reacted to) is left out, and each reader's own part of it is
 * looked up as without a kept page: reading thousands of rows would hold
 * the event loop for milliseconds each time the page is read again.
 */
export interface PageOwnState {
  /** Per person, per post: the kinds they reacted with, on the posts of `reactionsKnownOn`. */
  readonly reactions: ReadonlyMap<string, ReadonlyMap<string, string[]>>;
  readonly reactionsKnownOn: ReadonlySet<string>;
  /** Per person: the posts of `acksKnownOn` they acknowledged. */
  readonly acks: ReadonlyMap<string, ReadonlySet<string>>;
  readonly acksKnownOn: ReadonlySet<string>;
  /** Per poll and voter key (`pollId voterKey`): the chosen options; null when too many (looked up per reader). */
  readonly ballots: ReadonlyMap<string, string[]> | null;
  /** Rows held, for the kept pages' memory bound. */
  readonly rows: number;
}

/** Reactions or acknowledgements of one post a kept page holds at most (more: looked up per reader). */
export const OWN_ROWS_PER_POST_MAX = 500;
/** Rows of each kind (reactions, acknowledgements, ballot choices) a kept page holds at most. */
export const PAGE_OWN_ROWS_MAX = 2_000;

const EMPTY_REACTIONS: ReadonlyMap<string, string[]> = new Map();
const NO_ONE: ReadonlySet<string> = new Set();

/** The posts, in page order, whose rows (`countOf`) a page keeps: each few enough, and all within the page's bound. */
function postsToKnow(ids: readonly string[], countOf: (id: string) => number): string[] {
  const known: string[] = [];
  let rows = 0;
  for (const id of ids) {
    const count = countOf(id);
    if (count > OWN_ROWS_PER_POST_MAX || rows + count > PAGE_OWN_ROWS_MAX) continue;
    known.push(id);
    rows += count;
  }
  return known;
}

/** Everyone's own part of these posts and their polls (SharedPostFacts.own), from their counts in `shared`. */
export async function loadPageOwnState(db: Kysely<Database>, rows: readonly PostWithAuthorRow[], shared: SharedPostFacts): Promise<PageOwnState> {
  const reactedOn = postsToKnow(
    rows.map((r) => r.post.id),
    (id) => [...(shared.counts.get(id)?.values() ?? [])].reduce((sum, n) => sum + n, 0),
  );
  const ackedOn = postsToKnow(
    rows.filter((r) => r.post.requires_ack === 1).map((r) => r.post.id),
    (id) => shared.ackCounts.get(id) ?? 0,
  );
  // Bounded by the counts; the limits only guard against a write between the counts and these reads.
  const [reactionRows, ackRows, ballotRows] = await Promise.all([
    reactionsOn(db, reactedOn, PAGE_OWN_ROWS_MAX),
    acksOn(db, ackedOn, PAGE_OWN_ROWS_MAX),
    ballotsOn(
      db,
      [...shared.polls.values()].flat().map((poll) => poll.id),
      PAGE_OWN_ROWS_MAX,
    ),
  ]);
  const reactions = new Map<string, Map<string, string[]>>();
  // A person's kinds on a post in the order they reacted, as `actorReactions` gives them.
  const inOrder = [...(reactionRows ?? [])].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  for (const { actor_id, object_id, kind } of inOrder) {
    let perPost = reactions.get(actor_id);
    if (!perPost) reactions.set(actor_id, (perPost = new Map()));
    const kinds = perPost.get(object_id);
    if (kinds) kinds.push(kind);
    else perPost.set(object_id, [kind]);
  }
  const acks = new Map<string, Set<string>>();
  for (const { actor_id, post_id } of ackRows ?? []) {
    const posts = acks.get(actor_id);
    if (posts) posts.add(post_id);
    else acks.set(actor_id, new Set([post_id]));
  }
  let ballots: Map<string, string[]> | null = null;
  if (ballotRows) {
    ballots = new Map();
    for (const { poll_id, voter_key, option_id } of ballotRows) {
      const key = `${poll_id} ${voter_key}`;
      const choices = ballots.get(key) ?? [];
      if (option_id !== null) choices.push(option_id);
      ballots.set(key, choices);
    }
  }
  return {
    reactions,
    reactionsKnownOn: new Set(reactionRows ? reactedOn : []),
    acks,
    acksKnownOn: new Set(ackRows ? ackedOn : []),
    ballots,
    rows: (reactionRows?.length ?? 0) + (ackRows?.length ?? 0) + (ballotRows?.length ?? 0),
  };
}

/** A quoted post as it is now, and its space. */
export interface QuotedRecord {
  row: PostWithAuthorRow;
  space: SpaceRecord;
}

/**
 * The posts `rows` quote, with their spaces, as they are now (two queries,
 * none when nothing is quoted). Read for each request, never kept with a
 * feed page: whether a reader may see a quoted post changes with things
 * that happen in another space.
 */
export async function loadQuotedPosts(db: Kysely<Database>, rows: readonly PostWithAuthorRow[]): Promise<Map<string, QuotedRecord>> {
  const ids = [...new Set(rows.flatMap((r) => (r.post.quote_of !== null ? [r.post.quote_of] : [])))];
  if (ids.length === 0) return new Map();
  const quoted = await findPosts(db, ids);
  const spaces = await findSpaces(db, quoted.map((q) => q.post.space_id));
  return new Map(quoted.flatMap((row) => {
    const space = spaces.get(row.post.space_id);
    return space ? [[row.post.id, { row, space }] as const] : [];
  }));
}

export async function loadSharedPostFacts(db: Kysely<Database>, rows: readonly PostWithAuthorRow[]): Promise<SharedPostFacts> {
  const ids = rows.map((r) => r.post.id);
  const ackIds = rows.filter((r) => r.post.requires_ack === 1).map((r) => r.post.id);
  const talkShowIds = rows.filter((r) => r.post.kind === 'talk_show').map((r) => r.post.id);
  const watchIds = rows.filter((r) => r.post.kind === 'watch').map((r) => r.post.id);
  const [counts, polls, previews, comments, variants, ackCounts, mentions, attachments, talkShows, watchItems] = await Promise.all([
    countReactions(db, ids),
    listPostPolls(db, ids),
    listPostPreviews(db, ids),
    countComments(db, ids),
    listPostVariants(db, ids),
    countAcks(db, ackIds),
    loadMentions(db, 'post', ids),
    loadAttachments(db, 'post', ids),
    loadTalkShows(db, talkShowIds),
    loadWatchItems(db, watchIds),
  ]);
  const tallies = await tallyPolls(db, [...polls.values()].flat().map((p) => p.id));
  return { counts, polls, tallies, previews, comments, variants, ackCounts, mentions, attachments, talkShows, watchItems };
}

/** What a viewer has of their own on posts: reactions and acknowledgement per post, ballot choices per poll. */
export interface OwnPostState {
  readonly reactions: ReadonlyMap<string, readonly string[]>;
  readonly acks: ReadonlySet<string>;
  readonly ballots: ReadonlyMap<string, readonly string[]>;
}

/**
 * Everything of one post that depends on who looks at it. `postView` sees
 * the viewer only through this, so viewers with equal parts get equal posts
 * (live events are built once per distinct part).
 */
export interface PostViewerPart {
  mine: string[];
  acknowledged: boolean;
  showsPublishAt: boolean;
  polls: PollViewerPart[];
  /** Whether the viewer moderates the post's talk-show (absent: not a talk-show). */
  moderatesTalkShow?: boolean;
  /** Whether the viewer triages the post's watch item (absent: not a watch post). */
  triagesWatch?: boolean;
  /** What the viewer sees of the post the post quotes (absent: it quotes none, or a viewer nobody in particular, who gets only its id). */
  quoted?: QuotedPost;
}

/**
 * A reader of posts: a poll viewer who also carries their clearance, so
 * that quoted posts are resolved for them (`quoted` as they may see it).
 * A viewer without it (a stored live event's "nobody") gets quotes as their
 * id alone.
 */
export interface PostReader extends PollViewer {
  quotes?: { order: LabelOrder; clearance: string | null | undefined };
}

/** The reader of posts for a request: their roles, and their clearance for the quotes they see. */
export async function postReaderOf(ctx: Pick<ServerContext, 'readers' | 'ballotSecret' | 'now' | 'classification'>, actor: Pick<Actor, 'id'>): Promise<PostReader> {
  // The clearance is kept by the request's actor object (policy/classification.ts); any other object has none: the lowest.
  return { ...(await pollViewerOf(ctx, actor.id)), quotes: { order: ctx.classification.order, clearance: clearanceOf(actor as Actor) ?? null } };
}

/**
 * What `viewer` sees of the post `quotedId`: a summary when they may read it
 * now (rules/posts.ts `seesQuoted`), otherwise (deleted too) unavailable.
 */
function quotedFor(quotedId: string, record: QuotedRecord | undefined, viewer: PostReader): QuotedPost {
  if (!viewer.quotes) return { id: quotedId };
  if (!record) return { id: quotedId, unavailable: true };
  const { row, space } = record;
  const role = viewer.roleIn(space.id);
  const facts = { visibility: space.visibility, label: space.label, authorId: row.post.author_id, publishAt: row.post.publish_at, moderation: moderationState(row.post.moderation) };
  if (!seesQuoted(facts, { id: viewer.id, role, clearance: viewer.quotes.clearance }, viewer.quotes.order, viewer.now)) return { id: quotedId, unavailable: true };
  // A read of the quoted space's content, like any other (audited for secret spaces when asked).
  noteSpaceRead(space);
  return {
    id: row.post.id,
    spaceId: space.id,
    author: actorFromRow(row.author),
    excerpt: quoteExcerpt(row.post.body),
    createdAt: shownCreatedAt({ createdAt: row.post.created_at, publishAt: row.post.publish_at }, viewer.now),
  };
}

/** The rules that decide a viewer's part of a post. */
export function postViewerPart(
  row: PostWithAuthorRow,
  shared: SharedPostFacts,
  viewer: PostReader,
  own: OwnPostState,
  kinds: readonly string[],
  quotedPosts?: ReadonlyMap<string, QuotedRecord>,
): PostViewerPart {
  const { post } = row;
  return {
    mine: (own.reactions.get(post.id) ?? []).filter((k) => kinds.includes(k)),
    acknowledged: own.acks.has(post.id),
    // Only while in the future, and only to those who see drafts.
    showsPublishAt: post.publish_at !== null && isDraft(post.publish_at, viewer.now) && seesDraft({ authorId: post.author_id }, viewer.id, viewer.roleIn(post.space_id)),
    polls: (shared.polls.get(post.id) ?? []).map((poll) =>
      pollViewerPart(poll, { viewerId: viewer.id, role: viewer.roleIn(poll.spaceId), choices: own.ballots.get(poll.id) ?? null, now: viewer.now }),
    ),
    ...talkShowPart(shared.talkShows.get(post.id), viewer.id, viewer.roleIn(post.space_id)),
    ...(shared.watchItems.has(post.id) ? { triagesWatch: canTriageWatch(viewer.roleIn(post.space_id)) } : {}),
    ...(post.quote_of !== null && viewer.quotes && quotedPosts ? { quoted: quotedFor(post.quote_of, quotedPosts.get(post.quote_of), viewer) } : {}),
  };
}

/** The viewer's part of a talk-show: whether they moderate it (nothing for other posts). */
function talkShowPart(show: TalkShowRecord | undefined, viewerId: string, role: Role | null): Pick<PostViewerPart, 'moderatesTalkShow'> {
  return show ? { moderatesTalkShow: moderatesTalkShow(show, viewerId, role) } : {};
}

/** A wire post from what everyone sees of it and one viewer's part. */
export function postView(
  { post, author }: PostWithAuthorRow,
  shared: SharedPostFacts,
  part: PostViewerPart,
  kinds: readonly string[],
  now: Date,
): Post {
  const polls = shared.polls.get(post.id);
  return {
    id: post.id,
    spaceId: post.space_id,
    author: actorFromRow(author),
    kind: post.kind as PostKind,
    body: post.body,
    locale: post.locale as Locale,
    // Once published, a scheduled post dates from its publication.
    createdAt: shownCreatedAt({ createdAt: post.created_at, publishAt: post.publish_at }, now),
    ...(post.edited_at ? { editedAt: post.edited_at } : {}),
    reactions: { objectId: post.id, counts: countsFor(kinds, shared.counts.get(post.id)), mine: part.mine },
    // Placeholders of deleted comments do not count.
    commentCount: shared.comments.get(post.id) ?? 0,
    ...(polls
      ? { polls: polls.map((poll, i) => pollShape(poll, part.polls[i]!, resultsFromTally(poll, shared.tallies.get(poll.id)), now)) }
      : {}),
    ...(shared.previews.has(post.id) ? { linkPreview: shared.previews.get(post.id) } : {}),
    // Absent when none, like polls and linkPreview; sorted by locale.
    ...(shared.variants.has(post.id) ? { variants: shared.variants.get(post.id) } : {}),
    ...(part.showsPublishAt && post.publish_at ? { publishAt: post.publish_at } : {}),
    ...(post.extension !== null ? { extension: JSON.parse(post.extension) as PostExtension } : {}),
    ...(shared.attachments.has(post.id) ? { attachments: shared.attachments.get(post.id) } : {}),
    ...(shared.talkShows.has(post.id) ? { talkShow: talkShowView(shared.talkShows.get(post.id)!, part.moderatesTalkShow ?? false) } : {}),
    ...(shared.watchItems.has(post.id) ? { watch: watchItemView(shared.watchItems.get(post.id)!, part.triagesWatch ?? false) } : {}),
    ...(shared.mentions.has(post.id) ? { mentions: shared.mentions.get(post.id) } : {}),
    ...(post.moderation !== null ? { moderation: moderationMark(post) } : {}),
    // Only the id: what a reader sees of the quoted post depends on them (posts/post-quotes.ts resolves it per request).
    ...(post.quote_of !== null ? { quoted: part.quoted ?? { id: post.quote_of } } : {}),
    ...(isPinned(post.pinned_at === null ? null : { until: post.pinned_until }, now) ? { pinned: { until: post.pinned_until } } : {}),
    ...(post.requires_ack === 1
      ? { acknowledgement: { mine: part.acknowledged, count: shared.ackCounts.get(post.id) ?? 0, ...(post.ack_by ? { by: post.ack_by } : {}) } }
      : {}),
  };
}

/**
 * Wire posts for a page of rows as `viewer` sees them, loading reactions and
 * polls for all of them in a few queries.
 */
export async function postViews(
  db: Kysely<Database>,
  viewer: PollViewer,
  rows: readonly PostWithAuthorRow[],
  kinds: readonly string[],
): Promise<Post[]> {
  return postViewsOf(db, viewer, rows, await loadSharedPostFacts(db, rows), kinds);
}

/**
 * Wire posts for rows whose shared facts are known (a kept feed page):
 * only the viewer's own reactions, acknowledgements and ballots are read.
 */
export async function postViewsOf(
  db: Kysely<Database>,
  viewer: PollViewer,
  rows: readonly PostWithAuthorRow[],
  shared: SharedPostFacts,
  kinds: readonly string[],
): Promise<Post[]> {
  const parts = await postViewerParts(db, viewer, rows, shared, kinds);
  return rows.map((row, i) => postView(row, shared, parts[i]!, kinds, viewer.now));
}

/** The viewer's part of each of these posts, reading their own reactions, acknowledgements and ballots. */
export async function postViewerParts(
  db: Kysely<Database>,
  viewer: PostReader,
  rows: readonly PostWithAuthorRow[],
  shared: SharedPostFacts,
  kinds: readonly string[],
): Promise<PostViewerPart[]> {
  const ids = rows.map((r) => r.post.id);
  const ackIds = rows.filter((r) => r.post.requires_ack === 1).map((r) => r.post.id);
  const polls = rows.flatMap((r) => shared.polls.get(r.post.id) ?? []);
  const known = shared.own;
  const keys = polls.map((poll) => ({ pollId: poll.id, voterKey: voterKey(viewer.secret, poll, viewer.id) }));
  // Looked up: what the kept page does not know (all of it without one).
  const [lookedUpReactions, lookedUpAcks, ballots, quotedPosts] = await Promise.all([
    actorReactions(db, viewer.id, known ? ids.filter((id) => !known.reactionsKnownOn.has(id)) : ids),
    actorAcks(db, viewer.id, known ? ackIds.filter((id) => !known.acksKnownOn.has(id)) : ackIds),
    known?.ballots ? ballotsAmong(known.ballots, keys) : findBallots(db, keys),
    // What a reader sees of quoted posts is decided on them as they are now.
    viewer.quotes ? loadQuotedPosts(db, rows) : undefined,
  ]);
  const reactions = merged(known?.reactions.get(viewer.id) ?? EMPTY_REACTIONS, lookedUpReactions);
  const keptAcks = known?.acks.get(viewer.id) ?? NO_ONE;
  const acks = lookedUpAcks.size === 0 ? keptAcks : new Set([...keptAcks, ...lookedUpAcks]);
  const own: OwnPostState = { reactions, acks, ballots };
  return rows.map((row) => postViewerPart(row, shared, viewer, own, kinds, quotedPosts));
}

/** Two maps of distinct keys as one (either as it is when the other is empty). */
function merged<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>): ReadonlyMap<string, V> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Map([...a, ...b]);
}

/** The ballots with these keys among a page's known ballots, per poll (absent: no ballot). */
function ballotsAmong(known: ReadonlyMap<string, string[]>, keys: readonly { pollId: string; voterKey: string }[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { pollId, voterKey: key } of keys) {
    const choices = known.get(`${pollId} ${key}`);
    if (choices) found.set(pollId, choices);
  }
  return found;
}
