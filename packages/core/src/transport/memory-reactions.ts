/**
 * Reactions of {@link MemoryTransport}, on posts and comments alike. As on
 * the server, an object's reactions are seen (and given) by whoever reads
 * its space and sees its post (a draft's are hidden with it); toggling is
 * idempotent and announces only a change.
 */
import type { ReactionSummary, WorldReactions } from '@ecotone/protocol';
import { canReact, reactionCounts } from '@ecotone/protocol/rules';
import { answer, fail, keyed, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';

interface StoredReactions {
  spaceId: string;
  /** The post the object is or belongs to. */
  postId: string;
  /** Everyone's, seeded people without a name included. */
  counts: Record<string, number>;
  /** Each person's own kinds, by actor id. */
  mine: Map<string, Set<string>>;
}

export class MemoryReactions {
  private readonly byObject = new Map<string, StoredReactions>();

  constructor(private readonly store: MemoryStore) {}

  readonly routes: MemoryRouteTable = {
    reactions: { GET: answer((_req, objectId) => this.summary(objectId)) },
    reaction: {
      PUT: keyed((_req, objectId, kind) => this.toggle(objectId, kind, true)),
      DELETE: keyed((_req, objectId, kind) => this.toggle(objectId, kind, false)),
    },
  };

  /** Makes an object (a post, or a comment of `postId`) take reactions, seeded with counts and the caller's own. */
  register(objectId: string, place: { spaceId: string; postId: string }, seed?: Pick<ReactionSummary, 'counts' | 'mine'>): void {
    const mine = new Map<string, Set<string>>();
    if (seed?.mine.length) mine.set(this.store.caller.id, new Set(seed.mine));
    this.byObject.set(objectId, { ...place, counts: { ...seed?.counts }, mine });
  }

  /** Every object's reactions, for a snapshot of the world. */
  dump(): WorldReactions[] {
    return [...this.byObject].map(([objectId, s]) => ({
      objectId,
      spaceId: s.spaceId,
      postId: s.postId,
      counts: { ...s.counts },
      mine: Object.fromEntries([...s.mine].filter(([, kinds]) => kinds.size > 0).map(([actorId, kinds]) => [actorId, [...kinds]])),
    }));
  }

  /** Replaces every object's reactions with those of a snapshot. */
  load(items: readonly WorldReactions[]): void {
    this.byObject.clear();
    for (const { objectId, spaceId, postId, counts, mine } of items) {
      this.byObject.set(objectId, { spaceId, postId, counts: { ...counts }, mine: new Map(Object.entries(mine).map(([id, kinds]) => [id, new Set(kinds)])) });
    }
  }

  remove(objectId: string): void {
    this.byObject.delete(objectId);
  }

  /** The object's reactions as the caller sees them; 404 when they may not see the object. */
  summary(objectId: string): ReactionSummary {
    const stored = this.visible(objectId);
    return { objectId, counts: this.counts(stored), mine: this.mineOf(stored) };
  }

  /** The object's reactions as they stand, for a view of an object already found visible. */
  current(objectId: string): ReactionSummary {
    const stored = this.byObject.get(objectId);
    return { objectId, counts: this.counts(stored), mine: this.mineOf(stored) };
  }

  private mineOf(stored: StoredReactions | undefined): string[] {
    return [...(stored?.mine.get(this.store.caller.id) ?? [])];
  }

  /** Every configured kind with its count, as the server gives them (and any other kind a test seeded). */
  private counts(stored: StoredReactions | undefined): Record<string, number> {
    return { ...reactionCounts(this.store.reactionKinds, (kind) => stored?.counts[kind]), ...stored?.counts };
  }

  private visible(objectId: string): StoredReactions {
    const stored = this.byObject.get(objectId);
    if (!stored || !this.store.visiblePost(stored.postId)) throw fail('not_found', `No object ${objectId}`);
    return stored;
  }

  private toggle(objectId: string, kind: string, active: boolean): ReactionSummary {
    const stored = this.visible(objectId);
    const space = this.store.spaces.get(stored.spaceId);
    if (!space || !canReact(space.visibility, this.store.roleIn(space.id))) throw fail('forbidden', 'You may not react here');
    if (!this.store.reactionKinds.includes(kind)) throw fail('unknown_reaction_kind', `Unknown kind ${kind}`);
    // Taking one's reaction back is always possible; a new one only of a kind the space offers.
    if (active) this.store.requireCapabilities(space.id, [{ capability: 'reactions', kind }]);
    const me = this.store.caller.id;
    let mine = stored.mine.get(me);
    if (!mine) stored.mine.set(me, (mine = new Set()));
    if (mine.has(kind) !== active) {
      if (active) mine.add(kind);
      else mine.delete(kind);
      stored.counts[kind] = Math.max(0, (stored.counts[kind] ?? 0) + (active ? 1 : -1));
      const event = { type: 'reaction.changed', spaceId: stored.spaceId, objectId, counts: this.counts(stored), actorId: me, kind, active } as const;
      this.store.emit(event, { about: this.store.posts.get(stored.postId) ?? null });
    }
    return this.summary(objectId);
  }
}
