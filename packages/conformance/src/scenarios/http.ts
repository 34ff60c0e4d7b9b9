/**
 * What only HTTP shows: authentication failures, problem+json and caching
 * headers, malformed and oversized bodies, methods, and rate limits.
 */
import { BODY_LIMIT_BYTES, mePath, postSearchPath, publishPath, reactionPath } from '@ecotone/protocol';
import { LIMITED_PERSONA } from '../world.js';
import type { Scenario } from '../scenario.js';

/** The streams scenario gives up after opening this many streams of one person without a 429. */
const STREAMS_PER_PERSON_MAX = 20;

/** The rate-limit scenario gives up after this many searches without a 429. */
const RATE_LIMIT_ATTEMPTS_MAX = 400;

export const httpScenarios: Scenario[] = [
  {
    feature: 'auth',
    name: 'no credentials is 401 unauthenticated, on reads and writes',
    needs: ['authFailures'],
    async run(ctx) {
      ctx.problem(await ctx.call('anonymous', { method: 'GET', path: mePath() }), 'unauthenticated');
      ctx.problem(await ctx.call('anonymous', { method: 'POST', path: publishPath(ctx.world.spaces.open), body: { body: 'x' } }), 'unauthenticated');
    },
  },
  {
    feature: 'auth',
    name: 'a token no one issued is 401 invalid_token, and writes nothing',
    needs: ['authFailures'],
    async run(ctx) {
      ctx.problem(await ctx.call('badToken', { method: 'GET', path: mePath() }), 'invalid_token');
      const kind = ctx.world.reactionKinds[0]!;
      const post = ctx.world.posts.open.published;
      const before = ctx.ok<{ counts: Record<string, number> }>(await ctx.call('member', { method: 'GET', path: `/api/v1/objects/${post.id}/reactions` }));
      ctx.problem(await ctx.call('badToken', { method: 'PUT', path: reactionPath(post.id, kind) }), 'invalid_token');
      const after = ctx.ok<{ counts: Record<string, number> }>(await ctx.call('member', { method: 'GET', path: `/api/v1/objects/${post.id}/reactions` }));
      ctx.check(after.counts[kind] === before.counts[kind], 'a refused request changed the count');
    },
  },
  {
    feature: 'http',
    name: 'answers are Cache-Control private, no-store',
    needs: ['httpHeaders'],
    async run(ctx) {
      for (const exchange of [await ctx.call('member', { method: 'GET', path: mePath() }), await ctx.call('member', { method: 'GET', path: `/api/v1/posts/${ctx.world.posts.secret.published.id}` })]) {
        const value = exchange.response.headers['cache-control'] ?? '';
        ctx.check(/private/.test(value) && /no-store/.test(value), `Cache-Control is "${value}"`, exchange);
      }
    },
  },
  {
    feature: 'http',
    name: 'a body that is not JSON is 400 malformed_json',
    needs: ['rawBodies'],
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), rawBody: '{"body": "unterminated' }), 'malformed_json');
    },
  },
  {
    feature: 'http',
    name: 'a body that is not application/json is 415 unsupported_media_type',
    needs: ['rawBodies'],
    async run(ctx) {
      ctx.problem(
        await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), rawBody: 'body=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        'unsupported_media_type',
      );
    },
  },
  {
    feature: 'http',
    name: `a body over ${BODY_LIMIT_BYTES} bytes is 413 body_too_large`,
    needs: ['rawBodies'],
    async run(ctx) {
      const rawBody = JSON.stringify({ body: 'x'.repeat(BODY_LIMIT_BYTES + 10) });
      ctx.problem(await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), rawBody }), 'body_too_large');
    },
  },
  {
    feature: 'http',
    name: 'an unknown route under /api/v1 is 404 not_found',
    needs: ['httpHeaders'],
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'GET', path: `/api/v1/${ctx.world.prefix}-nothing-here` }), 'not_found');
    },
  },
  {
    feature: 'http',
    name: 'a method a route does not take is 405 method_not_allowed',
    needs: ['httpHeaders'],
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'DELETE', path: mePath() }), 'method_not_allowed');
    },
  },
  {
    feature: 'rate limits',
    name: 'one person opening stream after stream ends in 429 too_many_streams with Retry-After',
    needs: ['live', 'rateLimits', 'httpHeaders'],
    personas: [LIMITED_PERSONA],
    async run(ctx) {
      for (let i = 0; i < STREAMS_PER_PERSON_MAX; i++) {
        const opening = await ctx.openStream(LIMITED_PERSONA);
        if (opening.stream) continue;
        const exchange = ctx.last!;
        ctx.problem(exchange, 'too_many_streams');
        const retry = Number(exchange.response.headers['retry-after']);
        ctx.check(Number.isInteger(retry) && retry > 0, `Retry-After is "${exchange.response.headers['retry-after'] ?? ''}"`, exchange);
        return;
      }
      ctx.fail(`${STREAMS_PER_PERSON_MAX} streams of one person were all opened`);
    },
  },
  {
    feature: 'rate limits',
    name: 'searching without pause ends in 429 rate_limited with Retry-After',
    needs: ['rateLimits', 'httpHeaders'],
    personas: [LIMITED_PERSONA],
    async run(ctx) {
      for (let i = 0; i < RATE_LIMIT_ATTEMPTS_MAX; i++) {
        const exchange = await ctx.call(LIMITED_PERSONA, { method: 'GET', path: postSearchPath(), query: { q: 'conformance' }, retryRateLimited: false });
        if (exchange.response.status === 429) {
          ctx.problem(exchange, 'rate_limited');
          const retry = Number(exchange.response.headers['retry-after']);
          ctx.check(Number.isInteger(retry) && retry > 0, `Retry-After is "${exchange.response.headers['retry-after'] ?? ''}"`, exchange);
          return;
        }
        ctx.ok(exchange);
      }
      ctx.fail(`${RATE_LIMIT_ATTEMPTS_MAX} searches in a row were never limited`);
    },
  },
];
