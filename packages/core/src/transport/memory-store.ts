/**
 * What the feature modules of {@link MemoryTransport} share: the caller,
 * the spaces and posts, acknowledgements, the clock and the live events;
 * and the visibility every feature asks before answering, decided by the
 * rules of `@ecotone/protocol/rules` as on the server.
 */
import type { LiveEvent, Me, Post, Role, Space } from '@ecotone/protocol';
import { canListSpace, canReadSpace, canSeePost } from '@ecotone/protocol/rules';
import { fail } from './memory-routing.js';

export class MemoryStore {
  readonly spaces = new Map<string, Space>();
  /** Stored posts: `publishAt` and `pinned` as written, without polls (see MemoryPolls). */
  readonly posts = new Map<string, Post>();
  /** Who acknowledged each post that asks for it: actor id → site (null: none). */
  readonly acks = new Map<string, Map<string, string | null>>();

  constructor(
    readonly me: Me,
    private readonly emitEvent: (event: LiveEvent) => void,
  ) {}

  /** The backend's clock: the rules take it, they never read it themselves. */
  now(): Date {
    return new Date();
  }

  /** A time after `latestMs` and not before now: strictly increasing timestamps keep newest-first order stable in fast tests. */
  nextTime(latestMs: number): string {
    return new Date(Math.max(this.now().getTime(), latestMs + 1)).toISOString();
  }

  emit(event: LiveEvent): void {
    this.emitEvent(event);
  }

  /** The caller's role in a space: the space's `role`, else their membership. */
  roleIn(spaceId: string): Role | null {
    return this.spaces.get(spaceId)?.role ?? this.me.memberships.find((m) => m.spaceId === spaceId)?.role ?? null;
  }

  /** Records the caller's role in the space and in `me.memberships`. */
  setMyRole(space: Space, role: Role | null): Space {
    const updated = { ...space, role };
    this.spaces.set(space.id, updated);
    const others = this.me.memberships.filter((m) => m.spaceId !== space.id);
    this.me.memberships = role ? [...others, { spaceId: space.id, actorId: this.me.actor.id, role }] : others;
    return updated;
  }

  /** The space if the caller may see it at all (secret spaces only to members); otherwise 404. */
  listedSpace(spaceId: string): Space {
    const space = this.spaces.get(spaceId);
    if (!space || !canListSpace(space.visibility, this.roleIn(spaceId))) throw fail('not_found', `No space ${spaceId}`);
    return space;
  }

  /** Whether the caller may read the space's content. */
  readsSpace(spaceId: string): boolean {
    const space = this.spaces.get(spaceId);
    return space !== undefined && canReadSpace(space.visibility, this.roleIn(spaceId));
  }

  /** The space if the caller may read its content (open, or a member); otherwise 404. */
  readableSpace(spaceId: string): Space {
    const space = this.spaces.get(spaceId);
    if (!space || !this.readsSpace(spaceId)) throw fail('not_found', `No space ${spaceId}`);
    return space;
  }

  /** The stored post if the caller may read it (a scheduled draft: its author and the space's owners); otherwise undefined. */
  visiblePost(postId: string): Post | undefined {
    const post = this.posts.get(postId);
    if (!post || !this.readsSpace(post.spaceId)) return undefined;
    return canSeePost({ authorId: post.author.id, publishAt: post.publishAt }, this.me.actor.id, this.roleIn(post.spaceId), this.now())
      ? post
      : undefined;
  }

  /** The stored post if the caller may read it; otherwise 404. */
  readablePost(postId: string): Post {
    const post = this.visiblePost(postId);
    if (!post) throw fail('not_found', `No post ${postId}`);
    return post;
  }
}
