/**
 * Technology-watch sources: a server that fetches nothing says the feature
 * is unavailable with a stable code (and writes nothing); one that fetches
 * lists a space's sources to its readers and lets only its owners and
 * correspondents change them. Only watch posts are triaged, and nobody
 * publishes one by hand. In-process transports fetch nothing: HTTP only.
 */
import { publishPath, watchOpmlPath, watchSourcePath, watchSourcesPath, watchTriagePath, type Post, type WatchSourceList } from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';

const FEED = 'https://feeds.example/rss.xml';

export const watchScenarios: Scenario[] = [
  {
    feature: 'watch',
    name: 'technology-watch sources are unavailable (watch_unavailable) when the server fetches nothing, else listed and managed by owners only',
    needs: ['watch'],
    async run(ctx) {
      const space = ctx.world.spaces.open;
      const listed = await ctx.call('owner', { method: 'GET', path: watchSourcesPath(space) });
      if (listed.response.status === 403) {
        ctx.problem(listed, 'watch_unavailable');
        ctx.problem(await ctx.call('owner', { method: 'POST', path: watchSourcesPath(space), body: { url: FEED } }), 'watch_unavailable');
        ctx.problem(await ctx.call('owner', { method: 'POST', path: watchOpmlPath(space), body: { opml: `<opml version="2.0"><body><outline xmlUrl="${FEED}"/></body></opml>` } }), 'watch_unavailable');
        ctx.problem(await ctx.call('owner', { method: 'GET', path: watchOpmlPath(space) }), 'watch_unavailable');
      } else {
        const list = ctx.ok<WatchSourceList>(listed);
        ctx.check(Array.isArray(list.items) && list.mayManage, 'the owner is not told they manage the sources');
        const asMember = ctx.ok<WatchSourceList>(await ctx.call('member', { method: 'GET', path: watchSourcesPath(space) }));
        ctx.check(!asMember.mayManage, 'a member is told they manage the sources');
        ctx.problem(await ctx.call('member', { method: 'POST', path: watchSourcesPath(space), body: { url: FEED } }), 'forbidden');
        ctx.problem(await ctx.call('member', { method: 'POST', path: watchOpmlPath(space), body: { opml: '<opml version="2.0"><body/></opml>' } }), 'forbidden');
        const exported = await ctx.call('member', { method: 'GET', path: watchOpmlPath(space) });
        ctx.check(exported.response.status === 200 && typeof exported.response.body === 'string' && exported.response.body.includes('<opml'), 'the OPML export is not an OPML document');
      }
      ctx.problem(await ctx.call('owner', { method: 'DELETE', path: watchSourcePath('no-such-source') }), 'not_found');
    },
  },
  {
    feature: 'watch',
    name: 'only watch posts are triaged (409 conflict for another post), and nobody publishes a watch post by hand',
    needs: ['watch'],
    async run(ctx) {
      const space = ctx.world.spaces.open;
      const post = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(space), body: { body: ctx.unique('Not a watch item') } }), 201);
      ctx.problem(await ctx.call('member', { method: 'POST', path: watchTriagePath(post.id), body: { action: 'dismiss' } }), 'conflict');
      ctx.problem(await ctx.call('member', { method: 'POST', path: watchTriagePath(post.id), body: { action: 'archive' } }), 'validation_failed');
      ctx.problem(await ctx.call('owner', { method: 'POST', path: publishPath(space), body: { body: ctx.unique('Forged'), kind: 'watch' } }), 'forbidden');
    },
  },
];
