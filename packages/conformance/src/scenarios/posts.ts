/**
 * Posts and publishing: who may publish what where, editing, deleting,
 * announcements (pins, acknowledgements), scheduled drafts, translations
 * and validation of what is sent.
 */
import {
  acknowledgementsPath,
  feedPath,
  pinPath,
  postPath,
  publishPath,
  translationsPath,
  type AcknowledgementSummary,
  type FeedPage,
  type Post,
} from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';
import { VISIBILITY_LIST } from '../world.js';
import { publish } from './steps.js';

const publishing: Scenario[] = VISIBILITY_LIST.flatMap((v): Scenario[] => [
  {
    feature: 'posts',
    name: `in the ${v} space, a member publishes a note that the author reads back`,
    async run(ctx) {
      const post = await publish(ctx, 'member', v);
      ctx.check(post.spaceId === ctx.world.spaces[v] && post.author.id === ctx.world.actors.member && post.kind === 'note', 'wrong space, author or kind');
      ctx.check(post.commentCount === 0 && typeof post.reactions?.counts === 'object', 'a new post has no reaction summary or comments');
      const read = ctx.ok<Post>(await ctx.call('member', { method: 'GET', path: postPath(post.id) }));
      ctx.check(read.body === post.body, 'the post read back differs');
    },
  },
  {
    feature: 'roles',
    name: `in the ${v} space, a reader may not publish (403 forbidden)`,
    async run(ctx) {
      ctx.problem(await ctx.call('reader', { method: 'POST', path: publishPath(ctx.world.spaces[v]), body: { body: ctx.unique('Reader post') } }), 'forbidden');
    },
  },
  {
    feature: 'roles',
    name: `in the ${v} space, an outsider may not publish (${v === 'open' ? '403' : '404'})`,
    async run(ctx) {
      const exchange = await ctx.call('outsider', { method: 'POST', path: publishPath(ctx.world.spaces[v]), body: { body: ctx.unique('Outsider post') } });
      ctx.problem(exchange, v === 'open' ? 'forbidden' : 'not_found');
    },
  },
  {
    feature: 'roles',
    name: `in the ${v} space, a member may not publish an announcement (403), a correspondent may`,
    async run(ctx) {
      const path = publishPath(ctx.world.spaces[v]);
      ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body: ctx.unique('Announcement'), kind: 'announcement' } }), 'forbidden');
      const post = await publish(ctx, 'correspondent', v, { kind: 'announcement' });
      ctx.check(post.kind === 'announcement', `kind is ${post.kind}`);
    },
  },
]);

const editing: Scenario[] = [
  {
    feature: 'posts',
    name: 'its author edits a post; another member may not (403)',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open');
      const body = ctx.unique('Edited');
      const edited = ctx.ok<Post>(await ctx.call('member', { method: 'PATCH', path: postPath(post.id), body: { body } }));
      ctx.check(edited.body === body && typeof edited.editedAt === 'string', 'the edit is not in the answer, or no editedAt');
      ctx.problem(await ctx.call('correspondent', { method: 'PATCH', path: postPath(post.id), body: { body: 'not mine' } }), 'forbidden');
      ctx.problem(await ctx.call('outsider', { method: 'PATCH', path: postPath(ctx.world.posts.secret.published.id), body: { body: 'x' } }), 'not_found');
    },
  },
  {
    feature: 'posts',
    name: 'an author’s language variants are kept beside the source',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open', { variants: [{ locale: 'fr', body: 'Bonjour' }, { locale: 'de', body: 'Hallo' }] });
      const locales = (post.variants ?? []).map((x) => `${x.locale}:${String(x.machine)}`).sort();
      ctx.check(locales.join(',') === 'de:false,fr:false', `variants are ${locales.join(',') || 'absent'}`);
    },
  },
  {
    feature: 'posts',
    name: 'its author deletes a post, then it is 404 everywhere',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open');
      ctx.problem(await ctx.call('correspondent', { method: 'DELETE', path: postPath(post.id) }), 'forbidden');
      ctx.ok(await ctx.call('member', { method: 'DELETE', path: postPath(post.id) }), 204);
      ctx.problem(await ctx.call('member', { method: 'GET', path: postPath(post.id) }), 'not_found');
      ctx.problem(await ctx.call('member', { method: 'DELETE', path: postPath(post.id) }), 'not_found');
    },
  },
  {
    feature: 'posts',
    name: 'an owner of the space deletes a member’s post',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'private');
      ctx.ok(await ctx.call('owner', { method: 'DELETE', path: postPath(post.id) }), 204);
      ctx.problem(await ctx.call('member', { method: 'GET', path: postPath(post.id) }), 'not_found');
    },
  },
  {
    feature: 'posts',
    name: 'a publish request without a body is 400 validation_failed naming /body/body',
    async run(ctx) {
      const problem = ctx.problem(await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), body: { locale: 'en' } }), 'validation_failed');
      const paths = Array.isArray(problem.errors) ? problem.errors.map((e: { path?: string }) => e.path) : [];
      ctx.check(paths.some((p) => typeof p === 'string' && p.startsWith('/body')), `errors name ${paths.join(', ') || 'nothing'}`);
    },
  },
  {
    feature: 'posts',
    name: 'an unknown post is 404 not_found',
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'GET', path: postPath(`${ctx.world.prefix}missing`) }), 'not_found');
    },
  },
  {
    feature: 'posts',
    name: 'a machine translation is a variant, or 501 translation_unavailable without a translation service',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open');
      const exchange = await ctx.call('member', { method: 'POST', path: translationsPath(post.id), body: { locale: 'de' } });
      if (exchange.response.status === 501) ctx.problem(exchange, 'translation_unavailable');
      else ctx.check(ctx.ok<Post>(exchange).variants?.some((x) => x.locale === 'de' && x.machine), 'no machine variant in the answer');
      ctx.problem(await ctx.call('outsider', { method: 'POST', path: translationsPath(ctx.world.posts.secret.published.id), body: { locale: 'de' } }), 'not_found');
    },
  },
];

const announcements: Scenario[] = [
  {
    feature: 'announcements',
    name: 'a correspondent pins an announcement to the top of the feed and unpins it; a member may not (403)',
    async run(ctx) {
      const post = await publish(ctx, 'owner', 'open', { kind: 'announcement' });
      ctx.problem(await ctx.call('member', { method: 'PUT', path: pinPath(post.id), body: {} }), 'forbidden');
      const pinned = ctx.ok<Post>(await ctx.call('correspondent', { method: 'PUT', path: pinPath(post.id), body: {} }));
      ctx.check(pinned.pinned !== undefined, 'the answer is not pinned');
      const feed = ctx.ok<FeedPage>(await ctx.call('reader', { method: 'GET', path: feedPath(ctx.world.spaces.open) }));
      ctx.check((feed.pinned ?? []).some((p) => p.id === post.id), 'the pinned post is not in the first page’s `pinned`');
      ctx.check(!feed.items.some((p) => p.id === post.id), 'the pinned post is repeated in `items`');
      const unpinned = ctx.ok<Post>(await ctx.call('correspondent', { method: 'DELETE', path: pinPath(post.id) }));
      ctx.check(unpinned.pinned === undefined, 'still pinned');
    },
  },
  {
    feature: 'announcements',
    name: 'an announcement asking for acknowledgement counts each reader once; the author sees it per site',
    async run(ctx) {
      const post = await publish(ctx, 'correspondent', 'open', { kind: 'announcement', requireAcknowledgement: true });
      ctx.check(post.acknowledgement?.count === 0 && post.acknowledgement.mine === false, 'a new announcement has acknowledgements');
      const acked = ctx.ok<Post>(await ctx.call('reader', { method: 'PUT', path: acknowledgementsPath(post.id) }));
      ctx.check(acked.acknowledgement?.mine === true && acked.acknowledgement.count === 1, `after acknowledging: ${JSON.stringify(acked.acknowledgement)}`);
      const again = ctx.ok<Post>(await ctx.call('reader', { method: 'PUT', path: acknowledgementsPath(post.id) }));
      ctx.check(again.acknowledgement?.count === 1, 'acknowledging twice counted twice');
      const summary = ctx.ok<AcknowledgementSummary>(await ctx.call('correspondent', { method: 'GET', path: acknowledgementsPath(post.id) }));
      ctx.check(summary.count === 1 && summary.bySite.reduce((n, s) => n + s.count, 0) === 1, `summary ${JSON.stringify(summary)}`);
      ctx.problem(await ctx.call('member', { method: 'GET', path: acknowledgementsPath(post.id) }), 'forbidden');
    },
  },
  {
    feature: 'announcements',
    name: 'acknowledging a post that does not ask for it is 409 acknowledgement_not_requested',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open');
      ctx.problem(await ctx.call('reader', { method: 'PUT', path: acknowledgementsPath(post.id) }), 'acknowledgement_not_requested');
    },
  },
  {
    feature: 'announcements',
    name: 'pinning or asking acknowledgement on a note is 400 validation_failed',
    async run(ctx) {
      ctx.problem(await ctx.call('correspondent', { method: 'POST', path: publishPath(ctx.world.spaces.open), body: { body: ctx.unique('Note'), pin: true } }), 'validation_failed');
      ctx.problem(
        await ctx.call('correspondent', { method: 'POST', path: publishPath(ctx.world.spaces.open), body: { body: ctx.unique('Note'), requireAcknowledgement: true } }),
        'validation_failed',
      );
    },
  },
  {
    feature: 'announcements',
    name: 'an announcement published pinned comes first in the feed',
    async run(ctx) {
      const post = await publish(ctx, 'correspondent', 'open', { kind: 'announcement', pin: true });
      const feed = ctx.ok<FeedPage>(await ctx.call('outsider', { method: 'GET', path: feedPath(ctx.world.spaces.open) }));
      ctx.check((feed.pinned ?? []).some((p) => p.id === post.id), 'the pinned announcement is not in `pinned`');
      ctx.ok(await ctx.call('correspondent', { method: 'DELETE', path: pinPath(post.id) }));
    },
  },
];

const extensions: Scenario[] = [
  {
    feature: 'posts',
    name: 'a post carries a vendor extension (namespaced type, flat data) back to every reader, in the feed and on its own',
    async run(ctx) {
      const extension = { type: 'acme.kudos', data: { to: ctx.world.actors.reader ?? null, value: '\u202eteamwork\u202c', points: 3, public: true } };
      const post = await publish(ctx, 'member', 'open', { extension });
      const expected = { type: 'acme.kudos', data: { to: ctx.world.actors.reader ?? null, value: 'teamwork', points: 3, public: true } };
      ctx.check(JSON.stringify(post.extension) === JSON.stringify(expected), `the author got ${JSON.stringify(post.extension)}`);
      const read = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(post.id) }));
      ctx.check(JSON.stringify(read.extension) === JSON.stringify(expected), `a reader got ${JSON.stringify(read.extension)}`);
      const page = ctx.ok<FeedPage>(await ctx.call('reader', { method: 'GET', path: feedPath(ctx.world.spaces.open) }));
      const inFeed = page.items.find((item) => item.id === post.id);
      ctx.check(JSON.stringify(inFeed?.extension) === JSON.stringify(expected), 'the feed lost the extension');
      const plain = await publish(ctx, 'member', 'open');
      ctx.check(plain.extension === undefined, 'a plain post has an extension');
    },
  },
  {
    feature: 'posts',
    name: 'an extension with a bad type, nested data or too much of it is 400 validation_failed naming the field',
    async run(ctx) {
      const path = publishPath(ctx.world.spaces.open);
      for (const [extension, field] of [
        [{ type: 'Kudos', data: {} }, '/body/extension/type'],
        [{ type: 'acme.kudos', data: { nested: { a: 1 } } }, '/body/extension/data/nested'],
        [{ type: 'acme.kudos', data: { text: 'x'.repeat(501) } }, '/body/extension/data/text'],
      ] as const) {
        const body = ctx.unique('Refused extension');
        const problem = ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body, extension } }), 'validation_failed');
        const errors = (problem['errors'] ?? []) as { path: string }[];
        ctx.check(errors.some((e) => e.path.startsWith(field)), `no error names ${field}: ${JSON.stringify(errors)}`);
      }
    },
  },
];

const attachments: Scenario[] = [
  {
    feature: 'posts',
    name: 'attaching a file that is not an upload of the author is 400 validation_failed naming it, and publishes nothing',
    async run(ctx) {
      const body = ctx.unique('With someone else’s file');
      const path = publishPath(ctx.world.spaces.open);
      const attachments = [{ file: 'AAAAAAAAAAAAAAAAAAAAAA', alt: 'A photo' }];
      const problem = ctx.problem(await ctx.call('member', { method: 'POST', path, body: { body, attachments } }), 'validation_failed');
      const errors = (problem['errors'] ?? []) as { path: string; message: string }[];
      ctx.check(
        errors.some((e) => e.path === '/body/attachments/0/file' && e.message === 'is not a file you uploaded'),
        `no error names the file: ${JSON.stringify(errors)}`,
      );
      const page = ctx.ok<FeedPage>(await ctx.call('member', { method: 'GET', path: feedPath(ctx.world.spaces.open) }));
      ctx.check(!page.items.some((item) => item.body === body), 'the refused post was published');
    },
  },
  {
    feature: 'posts',
    name: 'an edit that attaches a file not the author’s, or detaches what is not attached, is 400 naming each, and changes nothing',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open');
      const body = ctx.unique('Edited with wrong files');
      const patch = { body, attach: [{ file: 'AAAAAAAAAAAAAAAAAAAAAA' }], detach: ['BBBBBBBBBBBBBBBBBBBBBB'] };
      const problem = ctx.problem(await ctx.call('member', { method: 'PATCH', path: postPath(post.id), body: patch }), 'validation_failed');
      const errors = (problem['errors'] ?? []) as { path: string; message: string }[];
      ctx.check(
        errors.some((e) => e.path === '/body/detach/0' && e.message === 'is not an attachment of this post'),
        `no error names the detached file: ${JSON.stringify(errors)}`,
      );
      ctx.check(
        errors.some((e) => e.path === '/body/attach/0/file' && e.message === 'is not a file you uploaded'),
        `no error names the attached file: ${JSON.stringify(errors)}`,
      );
      const read = ctx.ok<Post>(await ctx.call('member', { method: 'GET', path: postPath(post.id) }));
      ctx.check(read.body === post.body && read.editedAt === undefined, 'the refused edit changed the post');
    },
  },
];

export const postScenarios: Scenario[] = [...publishing, ...editing, ...announcements, ...extensions, ...attachments];
