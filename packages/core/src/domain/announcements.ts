/**
 * Publishing, pinning and read acknowledgements of posts, loaded on first
 * use: a page that only shows like buttons never downloads it.
 *
 * Every post is published here (an announcement is a post with options:
 * pinned, asking for acknowledgements, or scheduled like any post).
 * Acknowledging is optimistic: while it is in flight the post shows `mine`
 * with one more in `count`, over the count the server last said without the
 * caller's (`base`, moved by live events meanwhile); a refusal puts back
 * exactly what was there, or that base when events arrived.
 */
import type { BehaviorSubject } from 'rxjs';
import {
  acknowledgementsPath,
  pinPath,
  publishPath,
  type AcknowledgementChangedEvent,
  type AcknowledgementSummary,
  type PinRequest,
  type Post,
  type PublishRequest,
} from '@ecotone/protocol';
import { toEcotoneError } from '../errors.js';
import { newIdempotencyKey } from '../outbox/idempotency-key.js';
import type { EntityStore } from '../store/entity-store.js';
import type { Outbox, OutboxSendOptions, TransportRequest, WriteOptions } from '../types.js';
import { newLocalId } from '../outbox/local-id.js';
import type { ClientCore } from '../client-core.js';

/** What the announcements domain needs from the client. */
export interface AnnouncementsContext {
  readonly store: EntityStore;
  readonly outbox: Outbox;
  /** A read, straight to the transport; rejects with an EcotoneError. */
  request<T>(req: TransportRequest): Promise<T>;
  /** Puts posts into the store, keeping optimistic writes in flight. */
  upsertPosts(posts: readonly Post[]): void;
  /** Where the ids of posts with an acknowledgement in flight are published (the store keeps theirs). */
  readonly pending: BehaviorSubject<ReadonlySet<string>>;
  /** Puts a post the caller published or pinned into the feed of its space, if one is shown. */
  showInFeed(post: Post): void;
}

/** The announcements domain of a client (see client-core.ts). */
export function attach(core: ClientCore): AnnouncementsDomain {
  return new AnnouncementsDomain({
    store: core.store,
    outbox: core.outbox,
    request: (req) => core.request(req),
    upsertPosts: (posts) => core.upsertPosts(posts),
    pending: core.pendingAcks,
    // Every feed showing the post's space: its own, and feeds over several spaces.
    showInFeed: (post) => core.feeds.forEach((feed) => feed.insertOwn(post)),
  });
}

type Acknowledgement = NonNullable<Post['acknowledgement']>;

/** An acknowledgement in flight. */
interface AckWrite {
  promise: Promise<void>;
  /** The post's acknowledgement before the write; undefined when the post was not in the store. */
  readonly before: Acknowledgement | undefined;
  /** The count as the server last said, without the caller's acknowledgement. */
  base: number;
  /** A live event arrived meanwhile: `base` is the server's, no longer the one shown before. */
  eventSeen: boolean;
  /** A live event said the caller's acknowledgement is recorded (this write's, or another tab's). */
  confirmed: boolean;
}

/** Publishing, pins and acknowledgements; see {@link AnnouncementsContext}. */
export class AnnouncementsDomain {
  private readonly writes = new Map<string, AckWrite>();

  constructor(private readonly ctx: AnnouncementsContext) {}

  async publish(spaceId: string, request: PublishRequest, options: WriteOptions = {}): Promise<Post> {
    const post = await this.send<Post>(
      { method: 'POST', path: publishPath(spaceId), body: request, idempotencyKey: newIdempotencyKey() },
      { action: 'publish', target: spaceId, localId: newLocalId(), ...(options.onQueued ? { onQueued: options.onQueued } : {}) },
    );
    this.ctx.upsertPosts([post]);
    this.ctx.showInFeed(post);
    return post;
  }

  /** Pins (`until` undefined: until unpinned) or, with `null`, unpins. */
  async pin(postId: string, until: string | null | undefined): Promise<Post> {
    const body: PinRequest = until ? { until } : {};
    const post = await this.send<Post>(until === null ? { method: 'DELETE', path: pinPath(postId) } : { method: 'PUT', path: pinPath(postId), body });
    this.ctx.upsertPosts([post]);
    // An unpinned post goes back to its place by itself: its feed sees it is no longer pinned.
    if (until !== null) this.ctx.showInFeed(post);
    return post;
  }

  summary(postId: string): Promise<AcknowledgementSummary> {
    return this.ctx.request<AcknowledgementSummary>({ method: 'GET', path: acknowledgementsPath(postId) });
  }

  acknowledge(postId: string): Promise<void> {
    const running = this.writes.get(postId);
    if (running) return running.promise;
    const before = this.ctx.store.snapshot.posts[postId]?.acknowledgement;
    if (before?.mine) return Promise.resolve();
    const write: AckWrite = { promise: Promise.resolve(), before, base: before?.count ?? 0, eventSeen: false, confirmed: false };
    this.writes.set(postId, write);
    this.publishPending();
    this.showOptimistic(postId, write);
    write.promise = this.sendAcknowledgement(postId, write);
    return write.promise;
  }

  /**
   * Applies a live `acknowledgement.changed`: the count, and `mine` when the
   * caller is the actor. Posts nobody has loaded stay absent.
   */
  applyEvent(event: AcknowledgementChangedEvent, myActorId: string | undefined): void {
    const { postId, count } = event;
    const write = this.writes.get(postId);
    if (write) {
      write.eventSeen = true;
      if (event.actorId === myActorId) write.confirmed = true;
      // Once the caller's acknowledgement is recorded, every count includes it.
      write.base = Math.max(0, count - (write.confirmed ? 1 : 0));
      this.showOptimistic(postId, write);
      return;
    }
    const current = this.ctx.store.snapshot.posts[postId];
    if (current) this.setAcknowledgement(postId, { mine: event.actorId === myActorId || !!current.acknowledgement?.mine, count });
  }

  private async sendAcknowledgement(postId: string, write: AckWrite): Promise<void> {
    try {
      const post = await this.ctx.outbox.send<Post>({ method: 'PUT', path: acknowledgementsPath(postId) }, { action: 'acknowledge', target: postId });
      this.end(postId);
      const answered = post.acknowledgement;
      // Acknowledgements are never taken back, so a higher count from an event that overtook the answer is newer.
      const count = Math.max(answered?.count ?? 0, write.eventSeen ? write.base + 1 : 0);
      this.ctx.upsertPosts([answered ? { ...post, acknowledgement: { ...answered, count } } : post]);
    } catch (err) {
      this.end(postId);
      // The server has it after all (a lost answer, or another tab): it stands.
      if (write.confirmed) return;
      const { before } = write;
      // Nothing moved meanwhile: exactly what was there; otherwise the server's latest count.
      if (before) this.setAcknowledgement(postId, write.eventSeen ? { mine: before.mine, count: write.base } : before);
      throw toEcotoneError(err);
    }
  }

  /** The caller's acknowledgement over the server's count. */
  private showOptimistic(postId: string, write: AckWrite): void {
    if (write.before) this.setAcknowledgement(postId, { mine: true, count: write.base + 1 });
  }

  private setAcknowledgement(postId: string, acknowledgement: Acknowledgement): void {
    this.ctx.store.update((state) => {
      const post = state.posts[postId];
      return post ? { ...state, posts: { ...state.posts, [postId]: { ...post, acknowledgement } } } : state;
    });
  }

  private end(postId: string): void {
    this.writes.delete(postId);
    this.publishPending();
  }

  private publishPending(): void {
    this.ctx.pending.next(new Set(this.writes.keys()));
  }

  private async send<T>(request: TransportRequest, options?: OutboxSendOptions): Promise<T> {
    try {
      return await this.ctx.outbox.send<T>(request, options);
    } catch (err) {
      throw toEcotoneError(err);
    }
  }
}
