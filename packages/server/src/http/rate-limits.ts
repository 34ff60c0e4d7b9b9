/**
 * Limits on what one person, and one network address, can make the server
 * do: every write, every search, opening live streams and asking for link
 * previews, each class with its own budget per person and per address.
 * Counting is @fastify/rate-limit's (its in-memory store on SQLite, the
 * database on PostgreSQL so that instances share budgets: rate-limit-store.ts);
 * this module only decides which routes belong to which class and answers
 * a refusal as a `rate_limited` problem with `Retry-After`.
 *
 * Every authenticated route gets its class when it is registered (an
 * `onRoute` hook), from its method unless it names one (`config.limitClass`):
 * a new write route cannot forget its limit.
 */
import rateLimit, { normalizeIP, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiRoute } from '../context.js';
import { HttpProblem } from './errors.js';

export const RATE_LIMIT_CLASSES = ['write', 'search', 'stream', 'preview', 'upload'] as const;
/** What a route counts against: writes, searches, opening a live stream, link previews, the requests of a file upload (each chunk, each resume). */
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];

/** The longest window of any limit, in ms (how long the database keeps counts). */
export function longestWindowMs(settings: RateLimitSettings): number {
  return Math.max(...[settings.perPerson, settings.perAddress].flatMap((byClass) => Object.values(byClass).map((l) => l.windowMs)));
}

/** At most `max` requests in each window of `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface RateLimitSettings {
  /** Per authenticated person. */
  perPerson: Record<RateLimitClass, RateLimit>;
  /** Per client address (IPv6 by /64), all people behind it together. */
  perAddress: Record<RateLimitClass, RateLimit>;
}

const MINUTE_MS = 60_000;

/**
 * Defaults: far above what a person does by hand (a post, a comment or a
 * reaction every second for a minute), far below what a script does. An
 * address carries many people behind one proxy, so its budget is ten times
 * a person's.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  perPerson: {
    write: { max: 60, windowMs: MINUTE_MS },
    search: { max: 60, windowMs: MINUTE_MS },
    stream: { max: 30, windowMs: MINUTE_MS },
    preview: { max: 20, windowMs: MINUTE_MS },
    // Chunks of uploads (8 MiB each by default): 4.8 GiB a minute.
    upload: { max: 600, windowMs: MINUTE_MS },
  },
  perAddress: {
    write: { max: 600, windowMs: MINUTE_MS },
    search: { max: 600, windowMs: MINUTE_MS },
    stream: { max: 300, windowMs: MINUTE_MS },
    preview: { max: 200, windowMs: MINUTE_MS },
    upload: { max: 6_000, windowMs: MINUTE_MS },
  },
};

/** People and addresses tracked per class before the least recently seen are forgotten. */
const TRACKED_KEYS = 50_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The rate-limit class of a route, when its method alone does not say it (searches, the live stream, previews). */
    limitClass?: RateLimitClass;
  }
}

/** The class of a route: its own, else every write; reads other than searches and streams are not limited. */
export function rateLimitClassOf(method: string, config: { limitClass?: RateLimitClass } | undefined): RateLimitClass | null {
  if (config?.limitClass) return config.limitClass;
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? null : 'write';
}

type Check = (request: FastifyRequest) => Promise<{ exceeded: boolean; retryAfterS: number }>;

/**
 * Installs the limits on an authenticated scope (after its authentication
 * hook, so `request.actor` is known), and records each route's class in
 * `routes`. With `settings` false, classes are recorded and nothing is limited.
 */
export async function installRateLimits(
  scope: FastifyInstance,
  settings: RateLimitSettings | false,
  routes: ApiRoute[],
  /** Where limiters count (http/rate-limit-store.ts): the database on PostgreSQL; the plugin's memory by default. */
  store?: FastifyRateLimitStoreCtor,
): Promise<void> {
  const checks = new Map<RateLimitClass, Check[]>();
  if (settings !== false) {
    await scope.register(rateLimit, { global: false, ...(store ? { store } : {}) });
    for (const cls of RATE_LIMIT_CLASSES) {
      const limiter = (name: string, limit: RateLimit, key: (request: FastifyRequest) => string): Check => {
        // `cache` sizes the store of this limiter (the plugin passes its options to the store it makes).
        // `limiterName` names its counts in a shared store.
        const options = { max: limit.max, timeWindow: limit.windowMs, keyGenerator: key, cache: TRACKED_KEYS, limiterName: name };
        const count = scope.createRateLimit(options as Parameters<FastifyInstance['createRateLimit']>[0]);
        return async (request) => {
          const result = await count(request);
          return result.isAllowed ? { exceeded: false, retryAfterS: 0 } : { exceeded: result.isExceeded, retryAfterS: result.ttlInSeconds };
        };
      };
      checks.set(cls, [
        limiter(`${cls}:person`, settings.perPerson[cls], (request) => request.actor.id),
        limiter(`${cls}:address`, settings.perAddress[cls], (request) => normalizeIP(request.ip)),
      ]);
    }
  }
  scope.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const cls = rateLimitClassOf(String(methods[0]), route.config);
    for (const entry of routes) if (entry.url === route.url && methods.includes(entry.method)) entry.rateLimit = cls;
    const limits = cls ? checks.get(cls) : undefined;
    if (!limits) return;
    const enforce = async (request: FastifyRequest) => {
      // Both count, whichever refuses: a person behind a busy proxy and a
      // proxy full of people are each held to their own budget.
      const results = await Promise.all(limits.map((check) => check(request)));
      const refused = results.filter((r) => r.exceeded);
      if (refused.length === 0) return;
      const retryAfterS = Math.max(1, ...refused.map((r) => r.retryAfterS));
      throw new HttpProblem('rate_limited', `Too many requests of this kind; retry in ${retryAfterS} s`, undefined, undefined, {
        'retry-after': String(retryAfterS),
      });
    };
    const existing = route.onRequest;
    route.onRequest = existing ? [...(Array.isArray(existing) ? existing : [existing]), enforce] : [enforce];
  });
}
