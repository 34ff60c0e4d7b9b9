/**
 * Posts and feeds of {@link MemoryTransport}: publishing (with polls,
 * variants, scheduling, pins and acknowledgements), one post, edits,
 * machine translations, deletion, and the feeds of one or several spaces.
 * Who sees a draft, what is pinned, who publishes, edits and deletes: the
 * rules of `@ecotone/protocol/rules`, as on the server.
 */
import {
  FEED_LIMIT_DEFAULT,
  FEED_LIMIT_MAX,
  POLLS_PER_POST_MAX,
  POST_BODY_MAX_CHARS,
  normalizeBody,
  type Actor,
  type FeedPage,
  type LinkPreview,
  type Locale,
  type Post,
  type PostPatch,
  type PostVariant,
  type ProblemFieldError,
  type PublishRequest,
  type TranslationRequest,
} from '@ecotone/protocol';
import {
  INVALID_REQUEST_TITLE,
  announcementErrors,
  extensionErrors,
  attachmentErrors,
  detachErrors,
  normalizedExtension,
  canDeletePost,
  canEditPost,
  canPublish,
  isDraft,
  isPinned,
  namedSpaces,
  requestedPin,
  scheduledPublishAt,
  seesDraft,
  shownCreatedAt,
  spaceListErrors,
  variantErrors,
  editUses,
  publishUses,
} from '@ecotone/protocol/rules';
import type { TransportRequest } from '../types.js';
import { postBodies, type MemoryNotifications } from './memory-notifications.js';
import { allPollDraftErrors, type MemoryPolls } from './memory-polls.js';
import type { MemoryPreviews } from './memory-previews.js';
import type { MemoryReactions } from './memory-reactions.js';
import { answer, fail, keyed, type MemoryRouteTable } from './memory-routing.js';
import { attachableFiles, attachDrafts, deleteAttachments } from './memory-attachments.js';
import type { MemoryStore } from './memory-store.js';
import type { MemoryTalkShows } from './memory-talk-shows.js';

/** A machine translator for {@link MemoryTransport.setTranslator}, like the server's hook. */
export type MemoryTranslator = (text: string, from: Locale, to: Locale) => string | Promise<string>;

export class MemoryPosts {
  /** Scheduled posts whose `post.created` has not gone out yet (see {@link publishDue}). */
  private readonly scheduled = new Set<string>();
  private nextNumber = 1;
  translator: MemoryTranslator | undefined;

  constructor(
    private readonly store: MemoryStore,
    private readonly reactions: MemoryReactions,
    private readonly polls: MemoryPolls,
    private readonly previews: MemoryPreviews,
    private readonly notifications: MemoryNotifications,
    private readonly talkShows: MemoryTalkShows,
  ) {}

  readonly routes: MemoryRouteTable = {
    feed: { GET: answer((req, spaceId) => this.feed([spaceId], req.query)) },
    multiFeed: {
      GET: answer((req) => {
        const named = namedSpaces(String(req.query?.['spaces'] ?? ''));
        const errors = spaceListErrors(named);
        if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
        return this.feed(named, req.query);
      }),
    },
    publish: { POST: keyed((req, spaceId) => this.publish(spaceId, req.body as PublishRequest)) },
    post: {
      GET: answer((_req, postId) => this.view(this.store.readablePost(postId))),
      PATCH: keyed((req, postId) => this.patch(postId, req.body as PostPatch)),
      DELETE: answer((_req, postId) => this.remove(postId)),
    },
    // The hook is awaited: a translation is not replayed by key.
    translations: { POST: answer((req, postId) => this.translate(postId, req.body as TranslationRequest)) },
  };

  /**
   * Adds or replaces a post directly (no event). Its `polls` are added too;
   * a future `publishAt` makes a draft; `acknowledgement` makes it ask for
   * acknowledgements, by `acknowledgedBy` when given, else by its seeded count.
   */
  add(post: Post, acknowledgedBy?: readonly Actor[]): void {
    const { polls, ...rest } = structuredClone(post);
    this.store.posts.set(post.id, rest);
    // Its author is a person of the world (a person card finds them), as on a server.
    if (!this.store.people.has(post.author.id)) this.store.know(post.author);
    this.reactions.register(post.id, { spaceId: post.spaceId, postId: post.id }, post.reactions);
    for (const poll of polls ?? []) this.polls.add({ ...poll, postId: post.id, spaceId: post.spaceId });
    if (isDraft(rest.publishAt, this.store.now())) this.scheduled.add(post.id);
    else this.scheduled.delete(post.id);
    if (!post.acknowledgement) {
      this.store.acks.delete(post.id);
      return;
    }
    const acks = new Map<string, string | null>();
    if (acknowledgedBy) for (const actor of acknowledgedBy) acks.set(actor.id, actor.site ?? null);
    else {
      const { mine, count } = post.acknowledgement;
      const me = this.store.caller;
      if (mine) acks.set(me.id, me.site ?? null);
      // People the seed does not name, without a site.
      for (let i = acks.size; i < count; i++) acks.set(`seeded-ack-${i}`, null);
    }
    this.store.acks.set(post.id, acks);
  }

  /** The scheduled posts not announced yet and the number the next post takes, for a snapshot of the world (the posts are the store's). */
  dump(): { scheduled: string[]; next: number } {
    return { scheduled: [...this.scheduled], next: this.nextNumber };
  }

  /** Takes the scheduled posts and the next number of a snapshot. */
  load(state: { scheduled: readonly string[]; next: number }): void {
    this.scheduled.clear();
    for (const id of state.scheduled) this.scheduled.add(id);
    this.nextNumber = state.next;
  }

  /** Announces scheduled posts whose time has come, one `post.created` each; returns how many. */
  publishDue(): number {
    let published = 0;
    for (const id of this.scheduled) {
      const post = this.store.posts.get(id);
      if (post && isDraft(post.publishAt, this.store.now())) continue;
      this.scheduled.delete(id);
      if (!post) continue;
      published += 1;
      const created = () => ({ type: 'post.created', spaceId: post.spaceId, post: this.view(post) }) as const;
      this.store.emit(created(), { shape: created });
      // A scheduled post notifies when it goes out, not before.
      this.notifications.postPublished(post, this.store.acks.has(post.id));
    }
    return published;
  }

  /** Attaches a preview (by default the one seeded for the post's first link) and emits `post.updated`. */
  attachPreview(postId: string, preview?: LinkPreview): void {
    const post = this.store.posts.get(postId);
    if (!post) throw new Error(`No post ${postId}`);
    const found = preview ?? this.previews.seededForBody(post.body);
    if (!found) throw new Error(`No preview for post ${postId}`);
    post.linkPreview = structuredClone(found);
    this.updated(post);
  }

  /** Emits `post.updated` with the post as each receiver sees it; returns it as the caller does. */
  updated(post: Post): Post {
    const updated = () => ({ type: 'post.updated', spaceId: post.spaceId, post: this.view(post) }) as const;
    this.store.emit(updated(), { shape: updated });
    return this.view(post);
  }

  /**
   * A post as the caller sees it: current reactions, its polls when it has
   * any, `publishAt` only while a draft (once published it dates from then),
   * `pinned` only while pinned, its acknowledgements, variants by locale.
   */
  view(post: Post): Post {
    const now = this.store.now();
    const { publishAt, pinned, acknowledgement: _seeded, variants, mentions: _kept, ...rest } = post;
    const mentions = this.notifications.mentionsOf(postBodies(post));
    const polls = this.polls.viewsOf(post.id);
    const acks = this.store.acks.get(post.id);
    const me = this.store.caller.id;
    const showsPublishAt = isDraft(publishAt, now) && seesDraft({ authorId: post.author.id }, me, this.store.roleIn(post.spaceId));
    return {
      ...rest,
      createdAt: shownCreatedAt({ createdAt: post.createdAt, publishAt }, now),
      ...(variants?.length ? { variants: [...variants].sort((a, b) => a.locale.localeCompare(b.locale)) } : {}),
      ...(mentions ? { mentions } : {}),
      ...(showsPublishAt && publishAt ? { publishAt } : {}),
      ...(isPinned(pinned, now) ? { pinned: { until: pinned?.until ?? null } } : {}),
      ...(acks ? { acknowledgement: { mine: acks.has(me), count: acks.size } } : {}),
      reactions: this.reactions.current(post.id),
      ...(polls.length > 0 ? { polls } : {}),
      ...(post.talkShow ? { talkShow: this.talkShows.viewOf(post) } : {}),
    };
  }

  /** The feed of one space or of several: newest first, posts pinned now heading the first page. */
  private feed(spaceIds: readonly string[], query: TransportRequest['query']): FeedPage {
    const spaces = new Set(spaceIds);
    for (const id of spaces) this.store.readableSpace(id);
    const limit = Number(query?.limit ?? FEED_LIMIT_DEFAULT);
    if (!Number.isInteger(limit) || limit < 1 || limit > FEED_LIMIT_MAX) throw fail('validation_failed', 'Bad limit');
    const now = this.store.now();
    const visible = [...this.store.posts.values()].filter((p) => spaces.has(p.spaceId) && this.store.visiblePost(p.id)).sort(newestFirst);
    // Posts pinned now head the first page, and are left out of every page.
    const pinned = visible.filter((p) => isPinned(p.pinned, now));
    const sorted = visible.filter((p) => !isPinned(p.pinned, now));
    let start = 0;
    const cursor = query?.cursor;
    if (cursor !== undefined && cursor !== '') {
      const index = sorted.findIndex((p) => cursorOf(p) === String(cursor));
      if (index < 0) throw fail('invalid_cursor', 'Unknown cursor');
      start = index + 1;
    }
    const page = sorted.slice(start, start + limit);
    const last = page.at(-1);
    const hasMore = start + limit < sorted.length;
    return {
      items: page.map((p) => this.view(p)),
      nextCursor: hasMore && last ? cursorOf(last) : null,
      ...(start === 0 ? { pinned: pinned.map((p) => this.view(p)) } : {}),
    };
  }

  private publish(spaceId: string, body: PublishRequest): Post {
    // What the request schema refuses on the server, before anything else.
    if (typeof body?.body !== 'string' || body.body.length === 0 || body.body.length > POST_BODY_MAX_CHARS) {
      throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/body/body', message: `must have 1 to ${POST_BODY_MAX_CHARS} characters` }]);
    }
    const drafts = body.polls ?? [];
    if (drafts.length > POLLS_PER_POST_MAX) {
      throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/body/polls', message: `must have at most ${POLLS_PER_POST_MAX} items` }]);
    }
    const dateErrors = (['publishAt', 'pinUntil'] as const)
      .filter((field) => body[field] !== undefined && Number.isNaN(Date.parse(body[field]!)))
      .map((field): ProblemFieldError => ({ path: `/body/${field}`, message: 'must match format "date-time"' }));
    if (dateErrors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, dateErrors);
    // Quoting is the reference server's (docs/protocol.md#quoting-and-moving-posts): no post to quote is found here.
    if (body.quote !== undefined) throw fail('not_found', 'Post not found');
    const kind = body.kind ?? 'note';
    this.store.readableSpace(spaceId);
    const role = this.store.roleIn(spaceId);
    if (!canPublish(role, 'note')) throw fail('forbidden', 'You may not publish in this space');
    if (!canPublish(role, kind)) throw fail('forbidden', 'Only owners and correspondents publish announcements');
    // What the space does not offer (polls, variants, attachments, announcements), as on the server.
    this.store.requireCapabilities(spaceId, publishUses(body));
    const me = this.store.caller;
    // The body is in the author's language unless they say otherwise.
    const locale = body.locale ?? me.locale;
    const variants = (body.variants ?? []).map((v) => ({ locale: v.locale, body: normalizeBody(v.body), machine: false }));
    const now = this.store.now();
    // Every draft is checked before anything is stored: a refused publish creates nothing.
    const errors = [
      ...drafts.flatMap((draft, i) => allPollDraftErrors(draft, `/body/polls/${i}`, now)),
      ...variantErrors(variants, locale),
      ...announcementErrors(body, kind, now),
      ...extensionErrors(body.extension),
      ...attachmentErrors(body.attachments ?? [], attachableFiles(this.store), me.id, spaceId),
      ...this.talkShows.errorsOf(body, kind, spaceId),
    ];
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    // Its stream link under the world's policy (stream_link_refused), before anything is stored.
    const talkShow = this.talkShows.sessionOf(body, kind);
    this.notifications.checkMentions(spaceId, [body.body, ...variants.map((v) => v.body)]);
    const id = `mem-post-${this.nextNumber++}`;
    const attachments = attachDrafts(this.store, body.attachments ?? [], { type: 'post', id });
    const publishAt = scheduledPublishAt(body.publishAt, now);
    const pin = requestedPin(body);
    const post: Post = {
      id,
      spaceId,
      author: me,
      kind,
      body: normalizeBody(body.body),
      locale,
      createdAt: this.store.nextTime(this.latestCreatedAt()),
      reactions: { objectId: id, counts: {}, mine: [] },
      commentCount: 0,
      ...(variants.length > 0 ? { variants } : {}),
      ...(publishAt ? { publishAt } : {}),
      ...(pin ? { pinned: pin } : {}),
      ...(body.extension ? { extension: normalizedExtension(body.extension) } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(talkShow ? { talkShow } : {}),
    };
    this.store.posts.set(id, post);
    if (publishAt) this.scheduled.add(id);
    if (body.requireAcknowledgement) this.store.acks.set(id, new Map());
    this.reactions.register(id, { spaceId, postId: id });
    drafts.forEach((draft, position) => this.polls.create(spaceId, id, position, draft));
    const created = this.view(post);
    const event = () => ({ type: 'post.created', spaceId, post: this.view(post) }) as const;
    this.store.emit(event(), { shape: event });
    if (!publishAt) this.notifications.postPublished(post, !!body.requireAcknowledgement);
    // The server fetches the first link after answering; its preview follows as `post.updated`.
    if (this.store.capabilitiesOf(spaceId).previews && this.previews.forBody(post.body)) setTimeout(() => this.attachPreview(id), 0);
    return created;
  }

  /** An author's edit of the body, the variants and the attachments; machine translations of an old body go with it, as on the server. */
  private patch(postId: string, patch: PostPatch): Post {
    const post = this.store.readablePost(postId);
    if (!canEditPost({ authorId: post.author.id }, this.store.caller.id)) throw fail('forbidden', 'Only the author of the post may change it');
    this.store.requireCapabilities(post.spaceId, editUses(patch ?? {}));
    const body = patch?.body === undefined ? undefined : normalizeBody(patch.body);
    const authored = patch?.variants?.map((v): PostVariant => ({ locale: v.locale, body: normalizeBody(v.body), machine: false }));
    const current = post.attachments ?? [];
    const detach = patch?.detach ?? [];
    const attach = patch?.attach ?? [];
    const errors = [
      ...variantErrors(authored ?? [], post.locale),
      ...detachErrors(detach, new Set(current.map((a) => a.id))),
      ...attachmentErrors(attach, attachableFiles(this.store), this.store.caller.id, post.spaceId, '/body/attach', current.length - detach.length),
    ];
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    if (body === undefined && authored === undefined && patch?.attach === undefined && patch?.detach === undefined) return this.view(post);
    const before = postBodies(post);
    const after = [body ?? post.body, ...(authored ?? (post.variants ?? []).filter((v) => !v.machine)).map((v) => v.body)];
    this.notifications.checkMentions(post.spaceId, after, '/body/body', before);
    const bodyChanged = body !== undefined && body !== post.body;
    if (body !== undefined) post.body = body;
    let variants = post.variants ?? [];
    if (authored !== undefined) {
      // The author's variants replace theirs, and a machine variant of a language they now wrote.
      const written = new Set(authored.map((v) => v.locale));
      variants = [...variants.filter((v) => v.machine && !bodyChanged && !written.has(v.locale)), ...authored];
    } else if (bodyChanged) {
      variants = variants.filter((v) => !v.machine);
    }
    if (variants.length > 0) post.variants = variants;
    else delete post.variants;
    // Removed attachments are deleted with their posters and captions; added ones follow the others.
    deleteAttachments(this.store, current.filter((a) => detach.includes(a.id)));
    const attachments = [...current.filter((a) => !detach.includes(a.id)), ...attachDrafts(this.store, attach, { type: 'post', id: post.id })];
    if (attachments.length > 0) post.attachments = attachments;
    else delete post.attachments;
    post.editedAt = this.store.now().toISOString();
    const updated = this.updated(post);
    // A draft's mentions are recorded when it is published.
    if (!isDraft(post.publishAt, this.store.now())) {
      this.notifications.recordMentions({ type: 'post', id: post.id, spaceId: post.spaceId, postId: post.id }, post.author, postBodies(post), before);
    }
    return updated;
  }

  private async translate(postId: string, request: TranslationRequest): Promise<Post> {
    // Visibility first: an unreadable post is 404 whether or not a hook exists.
    const post = this.store.readablePost(postId);
    this.store.requireCapabilities(post.spaceId, [{ capability: 'translations' }]);
    const caller = this.store.caller;
    if (!this.translator) throw fail('translation_unavailable', 'No translation service is configured on this server');
    const to = request?.locale;
    if (!to) throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/body/locale', message: 'is required' }]);
    if (to === post.locale) throw fail('validation_failed', INVALID_REQUEST_TITLE, [{ path: '/body/locale', message: 'is the language of the post itself' }]);
    // An author's own variant (or an earlier machine one) is kept: the hook is not asked again.
    if (post.variants?.some((v) => v.locale === to)) return this.view(post);
    const body = await this.translator(post.body, post.locale, to);
    // Answered after a wait: as the caller again.
    return this.store.withCaller(caller, () => {
      if (post.variants?.some((v) => v.locale === to)) return this.view(post);
      post.variants = [...(post.variants ?? []), { locale: to, body, machine: true }];
      return this.updated(post);
    });
  }

  /** Deletes a post as its author or an owner of its space, with what is attached to it. */
  private remove(postId: string): undefined {
    const post = this.store.readablePost(postId);
    if (!canDeletePost({ authorId: post.author.id }, this.store.caller.id, this.store.roleIn(post.spaceId))) {
      throw fail('forbidden', 'Only the author of the post or an owner of the space may delete it');
    }
    this.store.posts.delete(postId);
    // Its files go with it, and its comments'.
    for (const [fileId, file] of this.store.files) {
      const to = file.attachedTo;
      if (to && (to.type === 'comment' ? to.postId : to.type === 'post' ? to.id : undefined) === postId) this.store.files.delete(fileId);
    }
    this.store.acks.delete(postId);
    this.scheduled.delete(postId);
    this.polls.removeOf(postId);
    this.talkShows.postDeleted(postId);
    this.reactions.remove(postId);
    this.notifications.objectDeleted('post', postId);
    this.store.emit({ type: 'post.deleted', spaceId: post.spaceId, postId }, { about: post });
    return undefined;
  }

  private latestCreatedAt(): number {
    let latest = 0;
    for (const post of this.store.posts.values()) latest = Math.max(latest, Date.parse(post.createdAt));
    return latest;
  }
}

/** When a post is (or will be) published: its scheduled time, else its creation. */
function effectiveAt(post: Post): string {
  return post.publishAt ?? post.createdAt;
}

export function newestFirst(a: Post, b: Post): number {
  const [ta, tb] = [effectiveAt(a), effectiveAt(b)];
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function cursorOf(post: Post): string {
  return `${effectiveAt(post)}|${post.id}`;
}
