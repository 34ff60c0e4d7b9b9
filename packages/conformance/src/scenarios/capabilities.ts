/**
 * What a space offers (`Space.capabilities`): every feature on unless its
 * owners switched it off; only owners switch them; a write a space does not
 * offer is refused with `capability_disabled`, and what exists stays
 * readable. Each scenario switches everything back on when it ends.
 */
import {
  commentsPath,
  mePath,
  postPath,
  publishPath,
  reactionPath,
  spaceCapabilitiesPath,
  spacePath,
  spacePollsPath,
  type Comment,
  type Me,
  type Post,
  type Space,
  type SpaceCapabilities,
  type SpaceCapabilitiesUpdate,
} from '@ecotone/protocol';
import type { Scenario, ScenarioContext } from '../scenario.js';

const ALL: SpaceCapabilities = { reactions: true, comments: true, polls: true, previews: true, attachments: true, translations: true, announcements: true };
const NONE: SpaceCapabilitiesUpdate = { reactions: false, comments: false, polls: false, previews: false, attachments: false, translations: false, announcements: false };
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Runs `body` with the open space's capabilities changed, and switches everything back on after. */
async function withCapabilities(ctx: ScenarioContext, update: SpaceCapabilitiesUpdate, body: (space: string) => Promise<void>): Promise<void> {
  const space = ctx.world.spaces.open;
  ctx.ok<Space>(await ctx.call('owner', { method: 'PUT', path: spaceCapabilitiesPath(space), body: update }));
  try {
    await body(space);
  } finally {
    await ctx.call('owner', { method: 'PUT', path: spaceCapabilitiesPath(space), body: { ...ALL, reactionKinds: null } });
  }
}

export const capabilityScenarios: Scenario[] = [
  {
    feature: 'capabilities',
    name: 'Space and Me carry what a space offers; only its owners switch it (403 forbidden for others)',
    async run(ctx) {
      const space = ctx.ok<Space>(await ctx.call('member', { method: 'GET', path: spacePath(ctx.world.spaces.open) }));
      ctx.check(same(space.capabilities, ALL), `an unchanged space offers ${JSON.stringify(space.capabilities)}`);
      const me = ctx.ok<Me>(await ctx.call('member', { method: 'GET', path: mePath() }));
      const membership = me.memberships.find((m) => m.spaceId === ctx.world.spaces.open);
      ctx.check(same(membership?.capabilities, ALL), `Me's membership carries ${JSON.stringify(membership?.capabilities)}`);
      for (const persona of ['correspondent', 'member', 'reader'] as const) {
        ctx.problem(await ctx.call(persona, { method: 'PUT', path: spaceCapabilitiesPath(ctx.world.spaces.open), body: { comments: false } }), 'forbidden');
      }
      ctx.problem(await ctx.call('outsider', { method: 'PUT', path: spaceCapabilitiesPath(ctx.world.spaces.secret), body: { comments: false } }), 'not_found');
      await withCapabilities(ctx, { comments: false, reactionKinds: [ctx.world.reactionKinds[0]!] }, async (id) => {
        const changed = ctx.ok<Space>(await ctx.call('reader', { method: 'GET', path: spacePath(id) }));
        ctx.check(changed.capabilities?.comments === false, 'comments are still offered after an owner switched them off');
        ctx.check(same(changed.capabilities?.reactionKinds, [ctx.world.reactionKinds[0]]), `reaction kinds offered: ${JSON.stringify(changed.capabilities?.reactionKinds)}`);
        const after = ctx.ok<Me>(await ctx.call('member', { method: 'GET', path: mePath() }));
        ctx.check(after.memberships.find((m) => m.spaceId === id)?.capabilities?.comments === false, 'Me does not tell that comments are off');
      });
    },
  },
  {
    feature: 'capabilities',
    name: 'an owner’s change reaches the space’s open streams as space.capabilities',
    needs: ['live'],
    async run(ctx) {
      const stream = await ctx.stream('reader');
      await withCapabilities(ctx, { polls: false }, async (space) => {
        try {
          // An earlier scenario's change may still be on its way: the one with polls off is this one.
          const ofThisChange = (f: { event: string; data: unknown }) => {
            const d = f.data as { spaceId?: unknown; capabilities?: SpaceCapabilities };
            return f.event === 'space.capabilities' && d.spaceId === space && d.capabilities?.polls === false;
          };
          const frame = await stream.waitFor(ofThisChange, ctx.liveWaitMs);
          const capabilities = (frame.data as { capabilities?: SpaceCapabilities }).capabilities;
          ctx.check(capabilities?.comments === true, `space.capabilities carries ${JSON.stringify(capabilities)}`);
        } catch (error) {
          ctx.fail(`no space.capabilities: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    },
  },
  {
    feature: 'capabilities',
    name: 'a write the space does not offer is refused with capability_disabled; existing content stays readable',
    async run(ctx) {
      const open = ctx.world.spaces.open;
      const [kept, other] = ctx.world.reactionKinds;
      const post = ctx.ok<Post>(await ctx.call('owner', { method: 'POST', path: publishPath(open), body: { body: ctx.unique('Before the switch'), kind: 'announcement' } }), 201);
      ctx.ok<Comment>(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: 'Before' } }), 201);
      await withCapabilities(ctx, { ...NONE, reactions: true, reactionKinds: [kept!] }, async (space) => {
        const draft = { question: 'Which?', mode: 'single', options: ['A', 'B'] };
        ctx.problem(await ctx.call('owner', { method: 'POST', path: publishPath(space), body: { body: ctx.unique('Poll'), polls: [draft] } }), 'capability_disabled');
        ctx.problem(await ctx.call('owner', { method: 'POST', path: publishPath(space), body: { body: ctx.unique('News'), kind: 'announcement' } }), 'capability_disabled');
        ctx.problem(await ctx.call('owner', { method: 'POST', path: publishPath(space), body: { body: ctx.unique('Hello'), variants: [{ locale: 'de', body: 'Hallo' }] } }), 'capability_disabled');
        ctx.problem(await ctx.call('owner', { method: 'POST', path: spacePollsPath(space), body: draft }), 'capability_disabled');
        ctx.problem(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: 'After' } }), 'capability_disabled');
        if (other !== undefined) ctx.problem(await ctx.call('member', { method: 'PUT', path: reactionPath(post.id, other) }), 'capability_disabled');
        ctx.ok(await ctx.call('member', { method: 'PUT', path: reactionPath(post.id, kept!) }));
        ctx.problem(await ctx.call('owner', { method: 'PATCH', path: postPath(post.id), body: { variants: [{ locale: 'de', body: 'Hallo' }] } }), 'capability_disabled');
        // Plain posts and edits that add nothing still go through; what exists is read as before.
        ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(space), body: { body: ctx.unique('Plain') } }), 201);
        const read = ctx.ok<Post>(await ctx.call('reader', { method: 'GET', path: postPath(post.id) }));
        ctx.check(read.kind === 'announcement' && read.commentCount === 1, `the existing announcement reads as ${read.kind} with ${read.commentCount} comments`);
      });
      ctx.ok<Comment>(await ctx.call('member', { method: 'POST', path: commentsPath(post.id), body: { body: 'Back on' } }), 201);
    },
  },
];
