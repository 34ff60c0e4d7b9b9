/** Post search, multi-space feeds and link previews: their happy paths and refusals. */
import { multiFeedPath, postSearchPath, previewImagePath, previewsPath, type PostSearchResult } from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';
import { publish } from './steps.js';

export const searchScenarios: Scenario[] = [
  {
    feature: 'search',
    name: 'post search finds a post once, with highlights into the text that matched',
    async run(ctx) {
      const word = `${ctx.world.prefix}searchable`;
      const post = await publish(ctx, 'member', 'private', { body: `Conformance search ${word}`, variants: [{ locale: 'fr', body: `Recherche ${word}` }] });
      const result = ctx.ok<PostSearchResult>(await ctx.call('reader', { method: 'GET', path: postSearchPath(), query: { q: word } }));
      const hits = result.items.filter((h) => h.post.id === post.id);
      ctx.check(hits.length === 1, `the post came ${hits.length} times`);
      const hit = hits[0]!;
      ctx.check(hit.highlights.length > 0 && hit.highlights.every(([s, e]) => hit.text.slice(s, e).toLowerCase().includes(word.slice(0, 4))), 'highlights do not mark the word');
      const narrowed = ctx.ok<PostSearchResult>(await ctx.call('reader', { method: 'GET', path: postSearchPath(), query: { q: word, spaces: ctx.world.spaces.open } }));
      ctx.check(!narrowed.items.some((h) => h.post.id === post.id), '?spaces= did not narrow the search');
    },
  },
  {
    feature: 'search',
    name: 'a search without letters or digits is 400 validation_failed; a foreign cursor 400 invalid_cursor',
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'GET', path: postSearchPath(), query: { q: '!!!' } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'GET', path: postSearchPath(), query: { q: 'conformance', cursor: 'not-a-cursor' } }), 'invalid_cursor');
    },
  },
  {
    feature: 'search',
    name: 'searching a space the caller cannot read is 404',
    async run(ctx) {
      ctx.problem(await ctx.call('outsider', { method: 'GET', path: postSearchPath(), query: { q: 'conformance', spaces: ctx.world.spaces.secret } }), 'not_found');
    },
  },
  {
    feature: 'feeds',
    name: 'the multi-space feed refuses a space the caller cannot read (404) and more than 20 spaces (400)',
    async run(ctx) {
      const { open, secret } = ctx.world.spaces;
      ctx.problem(await ctx.call('outsider', { method: 'GET', path: multiFeedPath(), query: { spaces: `${open},${secret}` } }), 'not_found');
      const many = Array.from({ length: 21 }, (_, i) => `${ctx.world.prefix}s${i}`).join(',');
      ctx.problem(await ctx.call('member', { method: 'GET', path: multiFeedPath(), query: { spaces: many } }), 'validation_failed');
    },
  },
  {
    feature: 'previews',
    name: 'a preview of something other than http(s) is refused (400 invalid_url, or 403 previews_disabled when previews are off)',
    async run(ctx) {
      const exchange = await ctx.call('member', { method: 'POST', path: previewsPath(), body: { url: 'ftp://example.com/file' } });
      ctx.problem(exchange, ctx.world.previews ? 'invalid_url' : 'previews_disabled');
    },
  },
  {
    feature: 'previews',
    name: 'a preview of a loopback address is refused (403 egress_blocked, or previews_disabled)',
    async run(ctx) {
      const exchange = await ctx.call('member', { method: 'POST', path: previewsPath(), body: { url: 'http://127.0.0.1/' } });
      ctx.problem(exchange, ctx.world.previews ? 'egress_blocked' : 'previews_disabled');
    },
  },
  {
    feature: 'previews',
    name: 'an unknown preview image is 404 (asked without a token, as an <img> does)',
    needs: ['authFailures'],
    async run(ctx) {
      ctx.problem(await ctx.call('anonymous', { method: 'GET', path: previewImagePath(`${ctx.world.prefix}missing`) }), 'not_found');
    },
  },
];
