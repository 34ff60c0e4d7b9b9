/**
 * People search and person cards: names found with case and accents
 * ignored, in name order; the space filter offers only people who can read
 * the space; and a secret-space matrix: an outsider learns nothing of a
 * secret space, its members or its posts, and nobody sees a draft on a card
 * before its publication unless the feed would show it to them.
 */
import { peoplePath, personPath, type Actor, type ActorList, type PersonCard, type Visibility } from '@ecotone/protocol';
import { comparePeople } from '@ecotone/protocol/rules';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { PERSONAS, VISIBILITY_LIST, type Persona } from '../world.js';
import { readsSpace } from './visibility.js';

/** The person behind a persona, as their card names them. */
async function personOf(ctx: ScenarioContext, persona: Persona): Promise<Actor> {
  const card = ctx.ok<PersonCard>(await ctx.call('member', { method: 'GET', path: personPath(ctx.world.actors[persona]!) }));
  return card.actor;
}

/** A search as `as`, with the ids found. */
async function search(ctx: ScenarioContext, as: Persona, q: string, spaceId?: string): Promise<string[]> {
  const query = { q, ...(spaceId === undefined ? {} : { spaceId }) };
  const list = ctx.ok<ActorList>(await ctx.call(as, { method: 'GET', path: peoplePath(), query }));
  const sorted = [...list.items].sort(comparePeople);
  ctx.check(list.items.every((a, i) => a.id === sorted[i]!.id), 'people are not in name order');
  ctx.check(list.items.every((a) => !a.deactivated), 'a deactivated person was found');
  return list.items.map((a) => a.id);
}

export const peopleScenarios: Scenario[] = [
  {
    feature: 'people',
    name: 'people search finds a person by the words of their name in other case, in name order',
    async run(ctx) {
      const outsider = await personOf(ctx, 'outsider');
      ctx.check(outsider.id === ctx.world.actors['outsider'], 'the card is of another person');
      ctx.check((await search(ctx, 'member', outsider.displayName.toUpperCase())).includes(outsider.id), 'the name in capitals did not find them');
      const words = outsider.displayName.split(/\s+/).filter(Boolean);
      ctx.check((await search(ctx, 'member', [...words].reverse().join(' ').toLowerCase())).includes(outsider.id), 'the words in another order did not find them');
      ctx.check(!(await search(ctx, 'member', `${outsider.displayName} ${ctx.world.prefix}nobody`)).includes(outsider.id), 'a word not in the name still found them');
      const one = ctx.ok<ActorList>(await ctx.call('member', { method: 'GET', path: peoplePath(), query: { q: '', limit: 1 } }));
      ctx.check(one.items.length === 1, `limit=1 gave ${one.items.length} people`);
    },
  },
  {
    feature: 'people',
    name: 'a people search over 20 is 400 validation_failed; an unknown person is 404',
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'GET', path: peoplePath(), query: { q: '', limit: 21 } }), 'validation_failed');
      ctx.problem(await ctx.call('member', { method: 'GET', path: personPath(`${ctx.world.prefix}nobody`) }), 'not_found');
    },
  },
  {
    feature: 'people',
    name: 'the space filter offers everyone for an open space and only members for a private or secret one',
    async run(ctx) {
      const outsider = await personOf(ctx, 'outsider');
      const owner = await personOf(ctx, 'owner');
      const { open, private: privateSpace, secret } = ctx.world.spaces;
      ctx.check((await search(ctx, 'member', outsider.displayName, open)).includes(outsider.id), 'an open space did not offer everyone');
      for (const space of [privateSpace, secret]) {
        ctx.check(!(await search(ctx, 'member', outsider.displayName, space)).includes(outsider.id), `${space} offered a non-member`);
        ctx.check((await search(ctx, 'member', owner.displayName, space)).includes(owner.id), `${space} did not offer its owner`);
      }
    },
  },
  {
    feature: 'people',
    name: 'secret-space matrix: searching the people of a space one cannot read is 404, as for a missing space',
    async run(ctx) {
      for (const persona of PERSONAS) {
        for (const visibility of VISIBILITY_LIST) {
          const exchange = await ctx.call(persona, { method: 'GET', path: peoplePath(), query: { q: '', spaceId: ctx.world.spaces[visibility] } });
          if (readsSpace(visibility, persona)) ctx.ok(exchange);
          else ctx.problem(exchange, 'not_found');
        }
      }
      ctx.problem(await ctx.call('outsider', { method: 'GET', path: peoplePath(), query: { q: '', spaceId: `${ctx.world.prefix}missing` } }), 'not_found');
    },
  },
  {
    feature: 'people',
    name: 'secret-space matrix: a person card lists only spaces in common and posts the viewer may read, never a draft',
    async run(ctx) {
      const drafts = new Set(VISIBILITY_LIST.map((v) => ctx.world.posts[v].draft.id));
      const spaceOf = new Map<string, Visibility>(VISIBILITY_LIST.map((v) => [ctx.world.spaces[v], v]));
      for (const persona of PERSONAS) {
        if (persona === 'owner') continue;
        const card = ctx.ok<PersonCard>(await ctx.call(persona, { method: 'GET', path: personPath(ctx.world.actors['owner']!) }));
        ctx.check(card.actor.id === ctx.world.actors['owner'], 'the card is of another person');
        for (const visibility of VISIBILITY_LIST) {
          const listed = card.spacesInCommon.some((s) => s.id === ctx.world.spaces[visibility]);
          ctx.check(listed === (persona !== 'outsider'), `${persona} ${listed ? 'sees' : 'misses'} the ${visibility} space in common`);
        }
        for (const post of card.recentPosts) {
          ctx.check(post.author.id === ctx.world.actors['owner'], 'a recent post is by someone else');
          ctx.check(!drafts.has(post.id) && post.publishAt === undefined, `${persona} sees a scheduled draft on the card`);
          const visibility = spaceOf.get(post.spaceId);
          ctx.check(visibility === undefined || readsSpace(visibility, persona), `${persona} sees a post of the ${visibility} space`);
        }
      }
    },
  },
];
