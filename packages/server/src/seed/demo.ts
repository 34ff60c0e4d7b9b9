import type { Kysely } from 'kysely';
import { DEFAULT_REACTION_KINDS, type Locale, type PostKind } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { countActors, insertActor } from '../people/actor-repository.js';
import { insertPost } from '../posts/post-repository.js';
import { insertReactions } from '../reactions/reaction-repository.js';
import { insertMembership, insertSpace } from '../spaces/space-repository.js';
import { FOLLOW_UPS, SPACE_TEXTS } from './demo-content.js';
import { seedDemoPolls } from './demo-polls.js';
import { seedDemoTalkShows } from './demo-talk-shows.js';
import { seedDemoNotes } from './demo-notes.js';
import { seedDemoComments } from './demo-comments.js';
import { seedDemoAnnouncements } from './demo-announcements.js';
import { DEMO_JOIN_REQUESTS, DEMO_PEOPLE, DEMO_SITE_TIME_ZONES, DEMO_SPACES, type DemoSpace } from './demo-people.js';
import { insertJoinRequest } from '../spaces/join-request-repository.js';

export { DEMO_JOIN_REQUESTS, DEMO_PEOPLE, DEMO_SPACES } from './demo-people.js';

/** Seed of the demo PRNG: the same seed and `now` give the same data. */
const DEMO_RANDOM_SEED = 20_261_127;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Posts are spread over this many days before `now`. */
const DEMO_HISTORY_DAYS = 30;
/** Most reactors per post. */
const MAX_REACTORS_PER_POST = 7;
const NEWS_POST_AGE_MS = 2 * 60 * 60 * 1000;

/** The article of examples/intranet (its like buttons use this id). */
export const NEWS_POST = {
  id: 'news-basel-lab',
  space_id: 'announcements',
  author_id: 'hannah',
  kind: 'announcement',
  locale: 'en',
  body:
    '**Basel opens its new cell-therapy lab.** After eighteen months of works, the Basel site opens a ' +
    '1,200 m² laboratory dedicated to cell therapy. Teams from Lyon and Cambridge will share its equipment ' +
    'from January.',
} as const;
const NEWS_POST_REACTIONS: readonly (readonly [string, string])[] = [
  ['lukas', 'like'],
  ['anna', 'celebrate'],
  ['priya', 'like'],
  ['thomas', 'insightful'],
];

export interface SeedResult {
  actors: number;
  spaces: number;
  posts: number;
  reactions: number;
  polls: number;
  ballots: number;
  notes: number;
  comments: number;
  /** Language variants of posts. */
  variants: number;
  /** Read acknowledgements of announcements. */
  acknowledgements: number;
  /** Pending requests to join private spaces. */
  joinRequests: number;
}

export interface SeedOptions {
  now?: Date;
  reactionKinds?: readonly string[];
  /** The key the server uses for anonymous ballots (`loadBallotSecret`): the demo's anonymous ballots are keyed with it. */
  ballotSecret: Buffer;
}

/** mulberry32: tiny, fast, and good enough for demo and generated data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Who may read a demo space's content (open: everyone). */
function readersOf(space: DemoSpace): string[] {
  return space.visibility === 'open' ? DEMO_PEOPLE.map((p) => p.id) : Object.keys(space.members);
}

/** The demo people cleared for the restricted security-watch space (its members); everyone else is cleared for internal. */
const DEMO_RESTRICTED_CLEARANCE = new Set(['julien', 'lukas', 'oliver']);

/**
 * Fills an empty database with the multilingual demo organisation: 12
 * people on 3 sites, 8 spaces of every visibility, 150 posts in English,
 * French and German, reactions, and 5 more posts carrying polls (one a
 * three-question survey) with ballots, 15 knowledge notes (12 in tech-watch),
 * 11 comments on 4 posts (replies, fr/de/en, reactions), 8 language variants
 * on 4 posts, and 2 pending requests to join rnd-oncology. Deterministic for
 * a given `now` (anonymous voter keys also depend on the ballot secret).
 */
export async function seedDemo(db: Kysely<Database>, options: SeedOptions): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const kinds = options.reactionKinds ?? DEFAULT_REACTION_KINDS;
  const random = createRandom(DEMO_RANDOM_SEED);
  const localeOf = new Map(DEMO_PEOPLE.map((p) => [p.id, p.locale]));
  const joinedAt = new Date(now.getTime() - (DEMO_HISTORY_DAYS + 60) * DAY_MS).toISOString();
  const result: SeedResult = { actors: 0, spaces: 0, posts: 0, reactions: 0, polls: 0, ballots: 0, notes: 0, comments: 0, variants: 0, acknowledgements: 0, joinRequests: 0 };
  const ballotSecret = options.ballotSecret;

  await db.transaction().execute(async (trx) => {
    for (const person of DEMO_PEOPLE) {
      await insertActor(trx, {
        id: person.id,
        display_name: person.displayName,
        avatar_url: null,
        site: person.site,
        locale: person.locale,
        title: person.title,
        time_zone: DEMO_SITE_TIME_ZONES[person.site] ?? null,
        created_at: joinedAt,
        // Development tokens carry no claim: the demo's clearances (examples/classification.json) are stored.
        clearance: DEMO_RESTRICTED_CLEARANCE.has(person.id) ? 'restricted' : 'internal',
      });
      result.actors++;
    }
    for (const space of DEMO_SPACES) {
      await insertSpace(trx, {
        id: space.id,
        name: space.name,
        description: space.description,
        visibility: space.visibility,
        site: space.site ?? null,
        locale: space.locale,
        created_at: joinedAt,
        label: space.label ?? null,
      });
      result.spaces++;
      for (const [actorId, role] of Object.entries(space.members)) {
        await insertMembership(trx, { spaceId: space.id, actorId, role, createdAt: joinedAt });
      }
    }
    for (const request of DEMO_JOIN_REQUESTS) {
      const createdAt = new Date(now.getTime() - request.hoursAgo * 60 * 60 * 1000).toISOString();
      await insertJoinRequest(trx, { spaceId: request.spaceId, actorId: request.actorId, message: request.message, createdAt });
      result.joinRequests++;
    }

    const reactions: { objectId: string; actorId: string; kind: string; createdAt: string }[] = [];
    for (const space of DEMO_SPACES) {
      const texts = SPACE_TEXTS[space.id] ?? {};
      // Only people who write a language this space has texts in, and may publish.
      const authors = Object.entries(space.members)
        .filter(([id, role]) => role !== 'reader' && texts[localeOf.get(id) ?? 'en'])
        .map(([id]) => id);
      const usesPerLocale = new Map<Locale, number>();
      for (let n = 0; n < space.postCount; n++) {
        const authorId = pick(random, authors);
        const locale = localeOf.get(authorId) ?? 'en';
        const pool = texts[locale] ?? [];
        const counter = usesPerLocale.get(locale) ?? 0;
        usesPerLocale.set(locale, counter + 1);
        const reuse = Math.floor(counter / pool.length);
        const base = pool[counter % pool.length] ?? '';
        const followUps = FOLLOW_UPS[locale];
        const body = reuse === 0 ? base : `${base}\n\n${followUps[(counter + reuse) % followUps.length]}`;
        const kind: PostKind =
          space.id === 'announcements' ? 'announcement' : base.trimEnd().endsWith('?') ? 'question' : 'note';
        // Whole seconds within the history window, never in the future.
        const ageMs = Math.floor((0.02 + random() * (DEMO_HISTORY_DAYS - 0.02)) * DAY_MS / 1000) * 1000;
        const createdAt = new Date(now.getTime() - ageMs);
        const id = `demo-${space.id}-${String(n + 1).padStart(3, '0')}`;
        await insertPost(trx, {
          id,
          space_id: space.id,
          author_id: authorId,
          kind,
          body,
          locale,
          created_at: createdAt.toISOString(),
          edited_at: null,
        });
        result.posts++;

        const candidates = readersOf(space).filter((p) => p !== authorId);
        const reactorCount = Math.floor(random() * Math.min(MAX_REACTORS_PER_POST, candidates.length + 1));
        const reactors = [...candidates].sort(() => random() - 0.5).slice(0, reactorCount);
        for (const actorId of reactors) {
          // The first kind (like) dominates, as in real feeds.
          const chosen = new Set([random() < 0.55 ? (kinds[0] ?? 'like') : pick(random, kinds)]);
          if (random() < 0.15) chosen.add(pick(random, kinds));
          const reactedAt = new Date(Math.min(now.getTime() - 1000, createdAt.getTime() + random() * ageMs));
          for (const kind of chosen) {
            reactions.push({ objectId: id, actorId, kind, createdAt: reactedAt.toISOString() });
          }
        }
      }
    }
    // The news article the intranet example shows with its own like buttons:
    // a stable id, so a static page can point at it.
    const newsCreatedAt = new Date(now.getTime() - NEWS_POST_AGE_MS).toISOString();
    await insertPost(trx, {
      ...NEWS_POST,
      created_at: newsCreatedAt,
      edited_at: null,
    });
    result.posts++;
    for (const [actorId, kind] of NEWS_POST_REACTIONS) {
      if (!kinds.includes(kind)) continue;
      reactions.push({ objectId: NEWS_POST.id, actorId, kind, createdAt: newsCreatedAt });
    }
    await insertReactions(trx, reactions);
    result.reactions = reactions.length;
    const polls = await seedDemoPolls(trx, now, ballotSecret);
    result.posts += polls.posts;
    result.polls = polls.polls;
    result.ballots = polls.ballots;
    result.notes = await seedDemoNotes(trx, now);
    const threads = await seedDemoComments(trx, now, kinds);
    result.comments = threads.comments;
    result.variants = threads.variants;
    // Reactions on comments count with those on posts.
    result.reactions += threads.reactions;
    const announcements = await seedDemoAnnouncements(trx, now);
    result.posts += announcements.posts;
    result.acknowledgements = announcements.acks;
    result.posts += (await seedDemoTalkShows(trx, now)).posts;
  });
  return result;
}

/** Seeds only when no actor exists yet, so restarting a demo keeps its data. */
export async function seedDemoIfEmpty(db: Kysely<Database>, options: SeedOptions): Promise<SeedResult | null> {
  if ((await countActors(db)) > 0) return null;
  return seedDemo(db, options);
}

