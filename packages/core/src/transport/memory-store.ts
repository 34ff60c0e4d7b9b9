/**
 * What the feature modules of a {@link MemoryWorld} share: the people, the
 * spaces and everyone's place in them, posts, acknowledgements, the clock,
 * the caller of the request being answered, and the live events with their
 * audience; and the visibility every feature asks before answering, decided
 * by the rules of `@ecotone/protocol/rules` as on the server.
 *
 * The world holds everyone's data; what differs per person (their role,
 * their reactions, their ballot, whether they may edit) is decided for the
 * current caller, set around each request (`withCaller`). Requests are
 * answered synchronously, so one caller is current at a time; the one
 * handler that awaits (a translation) sets its caller again after.
 */
import type { Actor, Attachment, Me, Post, Role, Space, SpaceCapabilities, SpaceMember } from '@ecotone/protocol';
import {
  canListSpace,
  canReadSpace,
  canSeePost,
  capabilityProblem,
  eventAudience,
  eventSubject,
  fixedAudience,
  receives,
  spaceCapabilities,
  type CapabilityUse,
  type ChangeEvent,
  type EventAudience,
} from '@ecotone/protocol/rules';
import { check, fail } from './memory-routing.js';

/** A live event about one space: every event a change makes. */
export type SpaceEvent = Exclude<ChangeEvent, PersonalEvent>;
/** Events about one person's own business (notifications): only their streams get them. */
export type PersonalEvent = Extract<ChangeEvent, { type: 'notification.created' | 'notification.read' }>;

export interface EmitOptions {
  /**
   * The post the event is about, when the event does not name it (a
   * reaction on a comment, a poll) or it is gone already (a deletion); null:
   * about no post (a standalone poll). Its drafts decide the audience.
   */
  about?: Post | null;
  /** The event as the current caller gets it (their results, their rights, their reactions), for each receiver. */
  shape?: () => SpaceEvent;
}

interface Listener {
  actorId: string;
  push(event: SpaceEvent | PersonalEvent): void;
}

/** The caller of world set-up and of hooks that act as nobody in particular. */
export const NOBODY: Actor = { id: '\u0000nobody', displayName: '', locale: 'en' };

const EPOCH = new Date(0).toISOString();

/** A file held by an in-process world: what the server's `files` row says, and its bytes. */
export interface MemoryFile {
  /** As a post lists it (a caption file's is never listed alone). */
  readonly attachment: Attachment;
  readonly kind: Attachment['kind'] | 'caption';
  readonly ownerId: string;
  readonly spaceId: string;
  /**
   * What it is attached to (a comment's with its post, for who may read
   * it); null until then.
   */
  attachedTo: { type: 'post' | 'note'; id: string } | { type: 'comment'; id: string; postId: string } | null;
  readonly bytes: Blob;
}

export class MemoryStore {
  /** Spaces as stored, without what depends on the viewer (`role`, `canPublish`, `memberCount`, `joinRequest`). */
  readonly spaces = new Map<string, Space>();
  /** Stored posts: `publishAt` and `pinned` as written, without polls (see MemoryPolls). */
  readonly posts = new Map<string, Post>();
  /** Files uploaded in this world (see {@link MemoryFile}), by id. */
  readonly files = new Map<string, MemoryFile>();
  /** Who acknowledged each post that asks for it: actor id → site (null: none). */
  readonly acks = new Map<string, Map<string, string | null>>();
  /** Everyone's place in each space: space id → actor id → membership. */
  readonly members = new Map<string, Map<string, SpaceMember>>();
  /** Everyone the world knows (members, people who asked to join, people connected), by id. */
  readonly people = new Map<string, Actor>();
  private readonly listeners = new Set<Listener>();
  private current: Actor = NOBODY;

  constructor(
    /** Reaction kinds the world accepts (replaced when a snapshot is restored). */
    public reactionKinds: readonly string[],
    /** What the world does (replaced when a snapshot is restored). */
    public capabilities: Me['capabilities'],
  ) {}

  /** The person whose request is being answered. */
  get caller(): Actor {
    return this.current;
  }

  /** What `GET /me` answers the caller. */
  get me(): Me {
    const memberships = [...this.members].flatMap(([spaceId, members]) => {
      const role = members.get(this.current.id)?.role;
      return role ? [{ spaceId, actorId: this.current.id, role, capabilities: this.capabilitiesOf(spaceId) }] : [];
    });
    return {
      actor: this.current,
      memberships,
      reactionKinds: [...this.reactionKinds],
      ...(this.capabilities ? { capabilities: { ...this.capabilities } } : {}),
    };
  }

  /** What a space offers (everything unless an owner switched it off), as the server answers it. */
  capabilitiesOf(spaceId: string): SpaceCapabilities {
    return spaceCapabilities(this.spaces.get(spaceId)?.capabilities, this.reactionKinds);
  }

  /** Refuses (`capability_disabled`) a write the space does not offer, with the rule the server uses. */
  requireCapabilities(spaceId: string, uses: readonly CapabilityUse[]): void {
    if (uses.length > 0) check(capabilityProblem(this.capabilitiesOf(spaceId), uses, this.reactionKinds));
  }

  /** Runs `answer` as `caller`, then gives the previous caller back. */
  withCaller<T>(caller: Actor, answer: () => T): T {
    const previous = this.current;
    this.current = caller;
    try {
      return answer();
    } finally {
      this.current = previous;
    }
  }

  /** Adds or updates someone the world knows. */
  know(actor: Actor): void {
    this.people.set(actor.id, structuredClone(actor));
  }

  /** The backend's clock: the rules take it, they never read it themselves. */
  now(): Date {
    return new Date();
  }

  /** A time after `latestMs` and not before now: strictly increasing timestamps keep newest-first order stable in fast tests. */
  nextTime(latestMs: number): string {
    return new Date(Math.max(this.now().getTime(), latestMs + 1)).toISOString();
  }

  /** Delivers live events to `push` as `actorId` may receive them; returns the way to stop. */
  listen(actorId: string, push: (event: SpaceEvent | PersonalEvent) => void): () => void {
    const listener = { actorId, push };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Announces a change to everyone listening who may receive it, as the
   * server's live hub does: the audience is decided now (a draft's events
   * stay with those who may read the draft), each receiver gets the event
   * shaped for them.
   */
  /** Announces a person's own event (a notification) to their streams only, as the server's `only` audience. */
  emitTo(actorId: string, event: PersonalEvent): void {
    for (const listener of [...this.listeners]) {
      if (receives({ kind: 'only', actorId }, listener.actorId, false, null)) listener.push(event);
    }
  }

  emit(event: SpaceEvent, options: EmitOptions = {}): void {
    const audience = this.audienceOf(event, options.about);
    for (const listener of [...this.listeners]) {
      const person = this.people.get(listener.actorId) ?? { ...NOBODY, id: listener.actorId };
      const shaped = this.withCaller(person, () => {
        if (!receives(audience, person.id, this.readsSpace(event.spaceId), this.roleIn(event.spaceId))) return undefined;
        return options.shape ? options.shape() : event;
      });
      if (shaped) listener.push(shaped);
    }
  }

  private audienceOf(event: SpaceEvent, about: Post | null | undefined): EventAudience {
    const fixed = fixedAudience(event);
    if (fixed) return fixed;
    // Reactions and polls name an object, not a post: their modules pass the post as `about`.
    const subject = eventSubject(event);
    const post = about !== undefined ? about : subject && 'postId' in subject ? this.posts.get(subject.postId) : undefined;
    return eventAudience(null, post ? { authorId: post.author.id, publishAt: post.publishAt } : null, this.now());
  }

  /** Members of a space, everyone's (the map itself: callers change it). */
  membersOf(spaceId: string): Map<string, SpaceMember> {
    let members = this.members.get(spaceId);
    if (!members) this.members.set(spaceId, (members = new Map()));
    return members;
  }

  /** Someone's role in a space (the caller's by default). */
  roleIn(spaceId: string, actorId: string = this.current.id): Role | null {
    return this.members.get(spaceId)?.get(actorId)?.role ?? null;
  }

  /** Gives someone a role in a space (null: takes them out), keeping when they joined. */
  setRole(spaceId: string, actor: Actor, role: Role | null, since: string = this.now().toISOString()): void {
    const members = this.membersOf(spaceId);
    this.know(actor);
    if (role === null) members.delete(actor.id);
    else members.set(actor.id, { actor: structuredClone(actor), role, since: members.get(actor.id)?.since ?? since });
  }

  /** Seeds a membership that has always been there. */
  seedRole(spaceId: string, actor: Actor, role: Role): void {
    this.setRole(spaceId, actor, role, EPOCH);
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
    return canSeePost({ authorId: post.author.id, publishAt: post.publishAt }, this.current.id, this.roleIn(post.spaceId), this.now())
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
