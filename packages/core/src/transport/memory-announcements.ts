/**
 * Announcements of {@link MemoryTransport}: pinning and read
 * acknowledgements. Who pins, which posts and until when, who acknowledges
 * and who sees who did: the rules of `@ecotone/protocol/rules`, as on the
 * server.
 */
import type { AcknowledgementSummary, Actor, PinRequest, Post } from '@ecotone/protocol';
import { acknowledgementProblem, canPin, canSeeAcknowledgements, isDraft, pinProblem } from '@ecotone/protocol/rules';
import type { MemoryPosts } from './memory-posts.js';
import { answer, check, fail, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

export class MemoryAnnouncements {
  constructor(
    private readonly store: MemoryStore,
    private readonly posts: MemoryPosts,
  ) {}

  readonly routes: MemoryRouteTable = {
    pin: {
      // No body at all is `{}`: pinned until unpinned.
      PUT: answer((req, postId) => this.pin(postId, (req.body as PinRequest | undefined) ?? {})),
      DELETE: answer((_req, postId) => this.pin(postId, null)),
    },
    acknowledgements: {
      PUT: answer((_req, postId) => this.acknowledge(postId)),
      GET: answer((_req, postId) => this.summary(postId)),
    },
  };

  /** Pins (`{ until }`, null: until unpinned) or unpins (`null`) a post as another owner would: emits `post.updated`. */
  pinAsOther(postId: string, pin: { until: string | null } | null): void {
    const post = this.store.posts.get(postId);
    if (!post) throw new Error(`No post ${postId}`);
    this.setPin(post, pin);
  }

  /** Acknowledges a post as another person: emits `acknowledgement.changed` as the server does, unless they already had. */
  acknowledgeAsOther(postId: string, actor: Actor): void {
    const post = this.store.posts.get(postId);
    const acks = this.store.acks.get(postId);
    if (!post || !acks) throw new Error(`Post ${postId} does not ask for acknowledgement`);
    if (acks.has(actor.id)) return;
    acks.set(actor.id, actor.site ?? null);
    this.store.emit({ type: 'acknowledgement.changed', spaceId: post.spaceId, postId, count: acks.size, actorId: actor.id });
  }

  /** Pins or (null) unpins as an owner or correspondent. */
  private pin(postId: string, request: PinRequest | null): Post {
    const post = this.store.readablePost(postId);
    if (!canPin(this.store.roleIn(post.spaceId))) throw fail('forbidden', 'Only owners and correspondents of the space pin posts');
    if (request) {
      check(pinProblem(post.kind, request.until, this.store.now()));
      this.store.requireCapabilities(post.spaceId, [{ capability: 'announcements' }]);
      this.setPin(post, { until: request.until === undefined ? null : new Date(request.until).toISOString() });
    } else if (post.pinned) {
      this.setPin(post, null);
    }
    return this.posts.view(post);
  }

  private setPin(post: Post, pin: { until: string | null } | null): void {
    if (pin) post.pinned = { ...pin };
    else delete post.pinned;
    this.posts.updated(post);
  }

  /** "I have read this", by whoever reads the post (readers included): idempotent; announced only when new, and not while a draft. */
  private acknowledge(postId: string): Post {
    const post = this.store.readablePost(postId);
    const acks = this.store.acks.get(postId);
    check(acknowledgementProblem(acks !== undefined));
    const { id, site } = this.store.caller;
    if (acks && !acks.has(id)) {
      acks.set(id, site ?? null);
      // A draft's readers do not know it yet: nothing goes out for it.
      if (!isDraft(post.publishAt, this.store.now())) {
        this.store.emit({ type: 'acknowledgement.changed', spaceId: post.spaceId, postId, count: acks.size, actorId: id });
      }
    }
    return this.posts.view(post);
  }

  /** Who acknowledged, per site, most first: for the post's author and the space's owners only. */
  private summary(postId: string): AcknowledgementSummary {
    const post = this.store.readablePost(postId);
    const acks = this.store.acks.get(postId);
    check(acknowledgementProblem(acks !== undefined));
    if (!canSeeAcknowledgements({ authorId: post.author.id }, this.store.caller.id, this.store.roleIn(post.spaceId))) {
      throw fail('forbidden', 'Only the author of the post and the owners of the space see who acknowledged it');
    }
    const bySite = new Map<string | null, number>();
    for (const site of acks?.values() ?? []) bySite.set(site, (bySite.get(site) ?? 0) + 1);
    return {
      postId,
      count: acks?.size ?? 0,
      bySite: [...bySite]
        .map(([site, count]) => ({ site, count }))
        .sort((a, b) => b.count - a.count || (a.site ?? '\uffff').localeCompare(b.site ?? '\uffff')),
    };
  }
}
