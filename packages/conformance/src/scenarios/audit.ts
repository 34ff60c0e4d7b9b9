/**
 * The audit trail, read by the server's auditors: everyone else is refused,
 * an auditor gets entries newest first, filtered and paged, and finds the
 * change just made.
 */
import { auditPath, publishPath, type AuditPage, type Me, type Post } from '@ecotone/protocol';
import { mePath } from '@ecotone/protocol';
import type { Scenario } from '../scenario.js';
import { AUDITOR_PERSONA, PERSONAS } from '../world.js';

export const auditScenarios: Scenario[] = [
  {
    feature: 'audit',
    name: 'only auditors read the audit trail: everyone else gets 403 forbidden, and Me.auditor only for them',
    needs: ['audit'],
    personas: [AUDITOR_PERSONA],
    async run(ctx) {
      for (const persona of PERSONAS) {
        ctx.problem(await ctx.call(persona, { method: 'GET', path: auditPath() }), 'forbidden');
        const me = ctx.ok<Me>(await ctx.call(persona, { method: 'GET', path: mePath() }));
        ctx.check(me.auditor === undefined, `${persona} is told they are an auditor`);
      }
      const me = ctx.ok<Me>(await ctx.call(AUDITOR_PERSONA, { method: 'GET', path: mePath() }));
      ctx.check(me.auditor === true, 'the auditor is not told they are one');
      ctx.problem(await ctx.call(AUDITOR_PERSONA, { method: 'GET', path: auditPath(), query: { limit: 0 } }), 'validation_failed');
      ctx.problem(await ctx.call(AUDITOR_PERSONA, { method: 'GET', path: auditPath(), query: { limit: 101 } }), 'validation_failed');
      ctx.problem(await ctx.call(AUDITOR_PERSONA, { method: 'GET', path: auditPath(), query: { before: 'not-a-cursor' } }), 'invalid_cursor');
    },
  },
  {
    feature: 'audit',
    name: 'an auditor finds a post just published, newest first, by action and author, page after page',
    needs: ['audit'],
    personas: [AUDITOR_PERSONA],
    async run(ctx) {
      const post = ctx.ok<Post>(await ctx.call('member', { method: 'POST', path: publishPath(ctx.world.spaces.open), body: { body: ctx.unique('Audited post') } }), 201);
      const query = { action: 'post.publish', actor: ctx.world.actors.member, limit: 2 };
      const first = ctx.ok<AuditPage>(await ctx.call(AUDITOR_PERSONA, { method: 'GET', path: auditPath(), query }));
      const newest = first.items[0];
      ctx.check(newest?.targetId === post.id && newest.spaceId === ctx.world.spaces.open && newest.targetType === 'post', `the newest post.publish of the member is not the post just published: ${JSON.stringify(newest)}`);
      ctx.check(first.items.every((e) => e.action === 'post.publish' && e.actorId === ctx.world.actors.member), 'an entry does not match the filters');
      const seqs = first.items.map((e) => e.seq);
      ctx.check(seqs.every((seq, i) => i === 0 || seq < seqs[i - 1]!), `not newest first: ${seqs.join(', ')}`);
      if (first.nextCursor !== null) {
        const next = ctx.ok<AuditPage>(await ctx.call(AUDITOR_PERSONA, { method: 'GET', path: auditPath(), query: { ...query, before: first.nextCursor } }));
        ctx.check(next.items.every((e) => e.seq < seqs.at(-1)! && e.action === 'post.publish'), 'the next page does not continue below the first');
      }
    },
  },
];
