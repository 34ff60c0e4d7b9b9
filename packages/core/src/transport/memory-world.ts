/**
 * `MemoryWorld`: the in-memory backend behind {@link MemoryTransport}s. One
 * world holds everyone's spaces, memberships, posts, polls, comments,
 * reactions and notes; each person talks to it through a transport of
 * their own (`new MemoryTransport(world, actor)`), sees it as the server would show it
 * to them, and receives the live events meant for them. It answers the
 * protocol's routes, one module per feature behind a typed route table
 * (memory-routing.ts), deciding with the rules of `@ecotone/protocol/rules`.
 *
 * Browser-safe (no Node modules): tests, prototypes and demos run it in a
 * page; the conformance suite runs against it, its personas sharing one
 * world as they would share a server.
 */
import type { Actor, Comment, JoinRequest, KnowledgeNote, LinkPreview, Me, NotePatch, Poll, Post, Space, SpaceMember } from '@ecotone/protocol';
import type { TransportRequest } from '../types.js';
import { MemoryAnnouncements } from './memory-announcements.js';
import { MemoryComments } from './memory-comments.js';
import { MemoryNotes } from './memory-notes.js';
import { MemoryNotifications } from './memory-notifications.js';
import { MemoryPolls } from './memory-polls.js';
import { MemoryPosts, type MemoryTranslator } from './memory-posts.js';
import { MemoryPreviews } from './memory-previews.js';
import { MemoryReactions } from './memory-reactions.js';
import { answer, fail, mergeRouteTables, routeMatchers, type MemoryHandler, type MemoryRouteTable, type RouteMatcher, type RouteName } from './memory-routing.js';
import { MemoryPeople } from './memory-people.js';
import { MemorySearch } from './memory-search.js';
import { MemorySpaces } from './memory-spaces.js';
import { readSnapshot, WORLD_SNAPSHOT_FORMAT, WORLD_SNAPSHOT_VERSION, type WorldSnapshot } from './memory-snapshot.js';
import { MemoryStore, NOBODY, type PersonalEvent, type SpaceEvent } from './memory-store.js';
import { MemoryFiles } from './memory-files.js';
import { MemoryTalkShows } from './memory-talk-shows.js';

/** Reaction kinds of a world whose seed names none, as the reference server's default. */
const DEFAULT_REACTION_KINDS = ['like'];

/** Seed data of a {@link MemoryWorld}. */
export interface MemoryWorldSeed {
  /**
   * The person the seed speaks for: the spaces' `role` and the posts'
   * `reactions.mine`, polls' `myBallot` and `acknowledgement.mine` are
   * theirs, and `me.memberships` adds roles in spaces whose `role` is not
   * given. Without it, those fields are nobody's (their counts stay).
   */
  me?: Me;
  /** Reaction kinds the world accepts (default: `me.reactionKinds`, else `['like']`). */
  reactionKinds?: string[];
  /** What the world does (default: `me.capabilities`). */
  capabilities?: Me['capabilities'];
  /** Other people the world knows before they appear anywhere (to be added to spaces by id). */
  people?: Actor[];
  /**
   * People's IANA time zones, by id, for their person cards. Not part of
   * world snapshots: a restored world's cards say "local time unknown".
   */
  timeZones?: Record<string, string>;
  /** The spaces, each with the role of `me` in it (`role`), or none when not a member. */
  spaces: Space[];
  /**
   * Posts in any order; their `reactions` seed the reaction counts, their
   * `polls` the polls (`results`, when given, are the tally including the
   * `myBallot` of `me`).
   */
  posts: Post[];
  /** Standalone polls (`postId: null`), seeded the same way. */
  polls?: Poll[];
  /**
   * What `POST /previews` answers, by URL (as `new URL(url).href`). A URL not
   * listed answers a preview with no metadata (`{ url, fetchedAt }`), as the
   * server does for a page without any.
   */
  previews?: Record<string, LinkPreview>;
  /** Knowledge notes (`canEdit` is decided for each caller). */
  notes?: KnowledgeNote[];
  /** Comments of seeded posts (each post's `commentCount` is recomputed). */
  comments?: Comment[];
  /**
   * Who acknowledged posts that ask for it, by post id (`me` included when
   * `acknowledgement.mine`): their `site` makes the per-site summary. A post
   * with an `acknowledgement` but no list here counts its seeded `count` as
   * people without a site.
   */
  acknowledgements?: Record<string, Actor[]>;
  /** People in spaces, by space id (the role of `me` may also come from the space's `role`). */
  members?: Record<string, SpaceMember[]>;
  /** Pending requests to join private spaces. */
  joinRequests?: JoinRequest[];
}

/**
 * The in-process backends keep no audit trail (it is the server's, in its
 * database): the auditors' route answers `not_found`, as an unknown route
 * would, with a title that says why.
 */
const NO_AUDIT_TRAIL: MemoryRouteTable = {
  audit: {
    GET: answer<'audit'>(() => {
      throw fail('not_found', 'This in-process backend keeps no audit trail: read it from an Ecotone server (GET /api/v1/audit)');
    }),
  },
};

/** Every moderation route answers `not_found`: the in-process backends keep no reports, queue or word filter. */
const noModeration = () => {
  throw fail('not_found', 'This in-process backend keeps no moderation: report and moderate on an Ecotone server');
};
const NO_MODERATION: MemoryRouteTable = {
  reports: { POST: answer<'reports'>(noModeration) },
  moderationQueue: { GET: answer<'moderationQueue'>(noModeration) },
  hideContent: { POST: answer<'hideContent'>(noModeration) },
  restoreContent: { POST: answer<'restoreContent'>(noModeration) },
  releasePost: { POST: answer<'releasePost'>(noModeration) },
  wordFilters: { GET: answer<'wordFilters'>(noModeration), PUT: answer<'wordFilters'>(noModeration) },
};

/**
 * The in-process backends fetch nothing from other hosts: technology-watch
 * sources answer `not_found`, as an unknown route would, with a title that
 * says why (watch posts, made only by a server, render like any other).
 */
const noWatch = () => {
  throw fail('not_found', 'This in-process backend fetches no feed: technology-watch sources live on an Ecotone server');
};
const NO_WATCH_SOURCES: MemoryRouteTable = {
  watchSources: { GET: answer<'watchSources'>(noWatch), POST: answer<'watchSources'>(noWatch) },
  watchSource: { DELETE: answer<'watchSource'>(noWatch) },
  watchOpml: { GET: answer<'watchOpml'>(noWatch), POST: answer<'watchOpml'>(noWatch) },
  watchTriage: { POST: answer<'watchTriage'>(noWatch) },
};

/**
 * The in-process backends do not move posts between spaces (nor quote them:
 * memory-posts.ts): the route answers `not_found`, with a title that says why.
 */
const NO_MOVES: MemoryRouteTable = {
  movePost: {
    POST: answer<'movePost'>(() => {
      throw fail('not_found', 'This in-process backend does not move posts: move them on an Ecotone server');
    }),
  },
};

/**
 * An in-process backend shared by several people: everyone's spaces,
 * memberships, posts, polls, comments, reactions, acknowledgements and notes,
 * deciding with the same rules as the reference server
 * (`@ecotone/protocol/rules`). Each person talks to it through a
 * {@link MemoryTransport} of their own, and sees the others' writes live.
 *
 * @example
 * const world = new MemoryWorld({ me: alice, spaces: [general], posts: [] });
 * const aliceClient = createClient({ transport: new MemoryTransport(world, alice) });
 * const bobClient = createClient({ transport: new MemoryTransport(world, bob) });
 */
export class MemoryWorld {
  /** @internal The shared state, for the transports of this world. */
  readonly store: MemoryStore;
  /** @internal The world's files, for the transports of this world. */
  readonly files: MemoryFiles;
  private readonly reactions: MemoryReactions;
  private readonly polls: MemoryPolls;
  private readonly previews: MemoryPreviews;
  private readonly posts: MemoryPosts;
  private readonly announcements: MemoryAnnouncements;
  private readonly comments: MemoryComments;
  private readonly notes: MemoryNotes;
  private readonly memberships: MemorySpaces;
  private readonly notifications: MemoryNotifications;
  private readonly people: MemoryPeople;
  private readonly talkShows: MemoryTalkShows;
  private readonly table: MemoryRouteTable;
  private readonly matchers: readonly RouteMatcher[];
  /** Results of keyed writes, per person and key, as the server keeps them. */
  private readonly idempotency = new Map<string, { fingerprint: string; result: unknown }>();

  constructor(seed: MemoryWorldSeed) {
    const store = (this.store = new MemoryStore(
      [...(seed.reactionKinds ?? seed.me?.reactionKinds ?? DEFAULT_REACTION_KINDS)],
      structuredClone(seed.capabilities ?? seed.me?.capabilities),
    ));
    this.files = new MemoryFiles(store);
    this.reactions = new MemoryReactions(store);
    this.polls = new MemoryPolls(store);
    this.previews = new MemoryPreviews(store);
    // Read lazily: comments and notes are made after it, and record into it.
    const notifications = (this.notifications = new MemoryNotifications(store, {
      comment: (id) => this.comments.stored(id),
      note: (id) => this.notes.stored(id),
    }));
    this.talkShows = new MemoryTalkShows(store);
    this.posts = new MemoryPosts(store, this.reactions, this.polls, this.previews, notifications, this.talkShows);
    this.announcements = new MemoryAnnouncements(store, this.posts);
    this.comments = new MemoryComments(store, this.reactions, notifications);
    this.notes = new MemoryNotes(store, notifications);
    this.memberships = new MemorySpaces(store, notifications);
    const search = new MemorySearch(store, this.posts);
    const people = (this.people = new MemoryPeople(store, this.posts));
    this.table = mergeRouteTables(
      this.memberships.routes,
      this.posts.routes,
      this.announcements.routes,
      this.polls.routes,
      this.comments.routes,
      this.talkShows.routes,
      this.reactions.routes,
      this.notes.routes,
      this.previews.routes,
      this.notifications.routes,
      search.routes,
      people.routes,
      NO_AUDIT_TRAIL,
      NO_WATCH_SOURCES,
      NO_MOVES,
      NO_MODERATION,
    );
    this.matchers = routeMatchers(this.table);
    this.seed(seed);
  }

  private seed(seed: MemoryWorldSeed): void {
    const me = seed.me?.actor ?? NOBODY;
    const store = this.store;
    if (seed.me) store.know(me);
    for (const person of seed.people ?? []) store.know(person);
    for (const [actorId, timeZone] of Object.entries(seed.timeZones ?? {})) this.people.timeZones.set(actorId, timeZone);
    store.withCaller(me, () => {
      for (const { role, canPublish: _p, memberCount: _c, joinRequest: _r, ...space } of seed.spaces) {
        store.spaces.set(space.id, { ...structuredClone(space), role: null, canPublish: false });
        if (role && seed.me) store.seedRole(space.id, me, role);
      }
      for (const m of seed.me?.memberships ?? []) if (store.roleIn(m.spaceId) === null) store.seedRole(m.spaceId, me, m.role);
      for (const [spaceId, members] of Object.entries(seed.members ?? {})) for (const m of members) this.memberships.addMember(spaceId, m);
      for (const post of seed.posts) this.posts.add(post, seed.acknowledgements?.[post.id]);
      for (const poll of seed.polls ?? []) this.polls.add(poll);
      for (const [url, preview] of Object.entries(seed.previews ?? {})) this.previews.add(preview, url);
      for (const note of seed.notes ?? []) this.notes.add(note);
      for (const comment of seed.comments ?? []) this.comments.add(comment);
      for (const request of seed.joinRequests ?? []) this.memberships.addJoinRequest(request, true);
    });
  }

  /**
   * The whole world as plain JSON (see {@link WorldSnapshot}): what
   * {@link restore} takes back, what `LocalTransport` keeps in IndexedDB and
   * exports. Replays of keyed writes are not in it (they stay with this world object).
   */
  snapshot(): WorldSnapshot {
    const store = this.store;
    const posts = this.posts.dump();
    const polls = this.polls.dump();
    const comments = this.comments.dump();
    const notes = this.notes.dump();
    return structuredClone({
      format: WORLD_SNAPSHOT_FORMAT,
      version: WORLD_SNAPSHOT_VERSION,
      exportedAt: store.now().toISOString(),
      reactionKinds: [...store.reactionKinds],
      ...(store.capabilities ? { capabilities: store.capabilities } : {}),
      people: [...store.people.values()],
      spaces: [...store.spaces.values()],
      members: Object.fromEntries([...store.members].map(([spaceId, members]) => [spaceId, [...members.values()]])),
      joinRequests: this.memberships.dump(),
      posts: [...store.posts.values()],
      acknowledgements: Object.fromEntries(
        [...store.acks].map(([postId, acks]) => [postId, [...acks].map(([actorId, site]) => ({ actorId, site }))]),
      ),
      scheduled: posts.scheduled,
      polls: polls.polls,
      reactions: this.reactions.dump(),
      comments: comments.comments,
      notes: notes.notes,
      previews: this.previews.dump(),
      previewsDisabled: this.previews.disabled,
      counters: { posts: posts.next, polls: polls.next, comments: comments.next, notes: notes.next },
      notifications: this.notifications.dump(),
    });
  }

  /**
   * Replaces everything this world holds with a snapshot (a {@link WorldSnapshot},
   * or its JSON), in place: transports of the world keep listening. Throws a
   * `SnapshotError` saying what is wrong with one it cannot read, and then
   * changes nothing.
   */
  restore(source: WorldSnapshot | string): void {
    const snapshot = structuredClone(readSnapshot(source));
    const store = this.store;
    store.reactionKinds = snapshot.reactionKinds;
    store.capabilities = snapshot.capabilities;
    store.people.clear();
    for (const person of snapshot.people) store.people.set(person.id, person);
    store.spaces.clear();
    for (const space of snapshot.spaces) store.spaces.set(space.id, space);
    store.members.clear();
    for (const [spaceId, members] of Object.entries(snapshot.members)) store.members.set(spaceId, new Map(members.map((m) => [m.actor.id, m])));
    store.posts.clear();
    for (const post of snapshot.posts) store.posts.set(post.id, post);
    store.acks.clear();
    for (const [postId, acks] of Object.entries(snapshot.acknowledgements)) store.acks.set(postId, new Map(acks.map((a) => [a.actorId, a.site])));
    this.memberships.load(snapshot.joinRequests);
    this.posts.load({ scheduled: snapshot.scheduled, next: snapshot.counters.posts });
    this.polls.load({ polls: snapshot.polls, next: snapshot.counters.polls });
    this.reactions.load(snapshot.reactions);
    this.comments.load({ comments: snapshot.comments, next: snapshot.counters.comments });
    this.notes.load({ notes: snapshot.notes, next: snapshot.counters.notes });
    this.previews.load(snapshot.previews);
    this.previews.disabled = snapshot.previewsDisabled;
    this.notifications.load(snapshot.notifications);
    // Replays of keyed writes stay, as a server keeps its keys: a write retried after a reload is not applied twice.
  }

  /** Registers a person (or updates their name, site, language) so that owners can add them to spaces by id. */
  addPerson(actor: Actor): void {
    this.store.know(actor);
  }

  /** @internal Answers one request of `caller` as the server would (the transport adds failures, delays and holds). */
  answer(caller: Actor, req: TransportRequest): unknown {
    return this.store.withCaller(caller, () => this.route(caller, req));
  }

  /** @internal Runs a test hook as `caller` (whose visibility and `mine` it uses). */
  as<T>(caller: Actor, act: () => T): T {
    return this.store.withCaller(caller, act);
  }

  /** @internal Delivers the events `actorId` may receive, shaped for them. */
  listen(actorId: string, push: (event: SpaceEvent | PersonalEvent) => void): () => void {
    return this.store.listen(actorId, push);
  }

  /** Finds the route in the table and runs its handler, replayed by key when it is a keyed write. */
  private route(caller: Actor, req: TransportRequest): unknown {
    for (const { name, pattern } of this.matchers) {
      const match = pattern.exec(req.path);
      if (!match) continue;
      const params = match.slice(1).map((segment) => decodeURIComponent(segment));
      const handler = this.table[name]?.[req.method] as MemoryHandler<RouteName> | undefined;
      if (!handler) throw fail('method_not_allowed', `${req.method} not allowed on ${req.path}`);
      const run = () => (handler.run as (req: TransportRequest, ...params: string[]) => unknown)(req, ...params);
      return handler.keyed ? this.idempotent(caller, req, run) : run();
    }
    throw fail('not_found', `No route ${req.method} ${req.path}`);
  }

  private idempotent(caller: Actor, req: TransportRequest, apply: () => unknown): unknown {
    if (req.idempotencyKey === undefined) return apply();
    // Keys are each person's own, as on the server.
    const key = `${caller.id}\u0000${req.idempotencyKey}`;
    const fingerprint = JSON.stringify([req.method, req.path, req.body ?? null]);
    const previous = this.idempotency.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) throw fail('idempotency_key_reused', 'Key used for another request');
      return previous.result;
    }
    const result = apply();
    this.idempotency.set(key, { fingerprint, result: structuredClone(result) });
    return result;
  }

  /** See {@link MemoryTransport.addPost}. */
  addPost(post: Post, acknowledgedBy?: readonly Actor[]): void {
    this.posts.add(post, acknowledgedBy);
  }

  /** See {@link MemoryTransport.acknowledgeAsOther}. */
  acknowledgeAsOther(postId: string, actor: Actor): void {
    this.announcements.acknowledgeAsOther(postId, actor);
  }

  /** See {@link MemoryTransport.pinAsOther}. */
  pinAsOther(postId: string, pin: { until: string | null } | null): void {
    this.announcements.pinAsOther(postId, pin);
  }

  /** Publishes scheduled posts whose time has come, as the server's scheduler does: one `post.created` each; returns how many. */
  publishDue(): number {
    return this.posts.publishDue();
  }

  /** See {@link MemoryTransport.addPoll}. */
  addPoll(poll: Poll): void {
    this.polls.add(poll);
  }

  /** See {@link MemoryTransport.castBallot}. */
  castBallot(pollId: string, voterId: string, choices: string[] | null): void {
    this.polls.castBallot(pollId, voterId, choices);
  }

  /** Adds or replaces what `POST /previews` answers for `url` (default: `preview.url`). */
  addPreview(preview: LinkPreview, url: string = preview.url): void {
    this.previews.add(preview, url);
  }

  /** Turns link previews off (`--egress off`) or back on, for everyone. */
  disablePreviews(disabled = true): void {
    this.previews.disabled = disabled;
  }

  /**
   * The hosts whose talk-show stream links are kept (names, lowercase, or
   * literal addresses), as a server's egress allow-list; none by default,
   * as with `--egress off`: every link is refused with `stream_link_refused`.
   */
  permitStreamHosts(hosts: readonly string[]): void {
    this.talkShows.streamHosts = new Set(hosts.map((h) => h.toLowerCase()));
  }

  /** See {@link MemoryTransport.attachPreview}. */
  attachPreview(postId: string, preview?: LinkPreview): void {
    this.posts.attachPreview(postId, preview);
  }

  /** See {@link MemoryTransport.addNote}. */
  addNote(note: KnowledgeNote): void {
    this.notes.add(note);
  }

  /** See {@link MemoryTransport.editNoteAsOther}. */
  editNoteAsOther(noteId: string, author: Actor, patch: Omit<NotePatch, 'baseRevision'>): KnowledgeNote {
    return this.notes.editAsOther(noteId, author, patch);
  }

  /** See {@link MemoryTransport.addComment}. */
  addComment(comment: Comment): void {
    this.comments.add(comment);
  }

  /** See {@link MemoryTransport.commentAsOther}. */
  commentAsOther(postId: string, author: Actor, body: string, parentId: string | null = null): Comment {
    return structuredClone(this.comments.addAsOther(postId, author, body, parentId));
  }

  /** Creates a space owned by `owner` (emits `membership.changed` to them); throws when its id is taken. */
  createSpace(space: Space, owner: Actor): void {
    this.memberships.create(space, owner);
  }

  /** Adds a person to a space, or changes their role (no event). */
  addMember(spaceId: string, member: SpaceMember): void {
    this.memberships.addMember(spaceId, member);
  }

  /** A person asks to join a private space: emits `membership.changed` like the server. */
  addJoinRequest(request: JoinRequest): void {
    this.memberships.addJoinRequest(request);
  }

  /** Sets (or with undefined removes) the translation hook: without one, translations answer 501 `translation_unavailable`. */
  setTranslator(translate: MemoryTranslator | undefined): void {
    this.posts.translator = translate;
  }
}
