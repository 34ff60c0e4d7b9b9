import type { Kysely } from 'kysely';
import type { Actor, ClassificationLabel, LabelOrder, Locale } from '@ecotone/protocol';
import type { Database } from './db/schema.js';
import type { SearchRunner } from './search/runner.js';
import type { FeedCache } from './posts/feed-cache.js';
import type { ReaderCache } from './spaces/reader-cache.js';
import type { EventBus } from './live/bus.js';
import type { LiveHub } from './live/hub.js';
import type { Uploads } from './files/uploads.js';
import type { RateLimitClass } from './http/rate-limits.js';
import type { PollClosingScheduler } from './polls/poll-changes.js';
import type { PostPublishingScheduler } from './posts/post-publishing.js';
import type { LinkPreviewService } from './previews/service.js';
import type { EgressPolicy } from './egress/policy.js';
import type { WatchSources } from './watch/watch-service.js';
import type { NotificationDelivery } from './notifications/notify-hook.js';
import type { AckReminderScheduler } from './notifications/reminders.js';
import type { NotificationFanout } from './notifications/fanout.js';
import type { NoteReviewScheduler } from './notifications/note-review.js';

/** How many live events are kept for replay, and for how long. */
/**
 * The server's machine-translation hook: the administrator's own code (e.g.
 * a client of an on-premises service). Resolves with `text` in `to`.
 */
export type TranslateHook = (text: string, from: Locale, to: Locale) => Promise<string>;

export interface EventRetention {
  maxEvents: number;
  maxAgeMs: number;
}

/** What every route plugin needs, decorated on the Fastify instance as `ecotone`. */
export interface ServerContext {
  db: Kysely<Database>;
  bus: EventBus;
  reactionKinds: readonly string[];
  /** Ids of the people who may read the audit trail (`--auditor`); none by default. */
  auditors: ReadonlySet<string>;
  /** Classification labels, lowest first, and their ids in order; none by default (policy/classification.ts). */
  classification: { labels: readonly ClassificationLabel[]; order: LabelOrder };
  now: () => Date;
  retention: EventRetention;
  heartbeatMs: number;
  /** Key of the voter hashes of anonymous polls; never changes for a database. */
  ballotSecret: Buffer;
  /** Closing of polls whose date has passed; `closeDue()` runs it now (tests). */
  polls: PollClosingScheduler;
  /** Announcement of scheduled posts whose time has come; `publishDue()` runs it now (tests). */
  publishing: PostPublishingScheduler;
  /** Space-wide notices recorded in batches after their change commits (notifications/fanout.ts). */
  fanout: NotificationFanout;
  /** Owners told of notes due for review; `notifyDue()` runs it now (tests). */
  reviews: NoteReviewScheduler;
  /** Reminders before confirmation deadlines; `remindDue()` runs it now (tests). */
  reminders: AckReminderScheduler;
  /** The egress policy, for decisions that fetch nothing (the hosts of talk-shows' stream links). */
  egress: EgressPolicy;
  /** Link previews under the egress policy (disabled, and inert, with egress off). */
  previews: LinkPreviewService;
  /** Machine translation of posts; absent unless configured (then nothing is ever sent anywhere). */
  translate?: TranslateHook;
  /** Delivery of notifications by the company's own service (`--notify-module`); absent: nothing leaves the server. */
  notify?: NotificationDelivery;
  /** Technology-watch sources' fetching (watch/watch-service.ts); `fetchDue()` runs it now (tests). Set once the server is built. */
  watch?: WatchSources;
  /** Resumable uploads and the collection of what they left behind (files/uploads.ts); set once the server is built. */
  uploads?: Uploads;
  /** Feed pages kept for everyone who sees no draft in their spaces (posts/feed-cache.ts). */
  feedCache: FeedCache;
  /** People, their memberships and spaces, kept briefly for reads (spaces/reader-cache.ts). */
  readers: ReaderCache;
  /** Full-text searches: in a worker thread when the database is a file (search/runner.ts). */
  search: SearchRunner;
  /** The open live streams, by person: fan-out, limits, expiry (live/hub.ts). */
  live: LiveHub;
  /**
   * Every API route as registered (method and URL pattern): the tests check
   * that each one is covered by the draft-visibility matrix.
   */
  apiRoutes: ApiRoute[];
}

export interface ApiRoute {
  method: string;
  url: string;
  /** What it counts against (http/rate-limits.ts); null when it is not limited; absent outside the authenticated scope. */
  rateLimit?: RateLimitClass | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    ecotone: ServerContext;
  }
  interface FastifyRequest {
    /** The authenticated caller; set by the auth hook on every /api/v1 route. */
    actor: Actor;
    /** When the caller's token expires (live streams end then); null for tokens that do not expire (development). */
    tokenExpiresAt: Date | null;
  }
}
