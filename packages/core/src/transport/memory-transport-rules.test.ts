/**
 * Where MemoryTransport used to differ from the reference server, and now
 * decides with the same rules (`@ecotone/protocol/rules`): each case is the
 * server's answer.
 */
import { describe, expect, it } from 'vitest';
import {
  routes,
  type AcknowledgementSummary,
  type Comment,
  type CommentPage,
  type KnowledgeNote,
  type LiveEvent,
  type Poll,
  type Post,
  type Space,
} from '@ecotone/protocol';
import { ben, makePoll, makePost, me, newsSpace } from '../_fixtures.js';
import { MemoryTransport } from './memory-transport.js';
import { routeMatchers } from './memory-routing.js';

const HOUR_MS = 60 * 60 * 1000;
const later = () => new Date(Date.now() + HOUR_MS).toISOString();

/** The caller (ana) is a member of `news`, outside the open `town` and the private `lab`, and owns `hq`. */
const town: Space = { ...newsSpace, id: 'town', name: 'Town', role: null, canPublish: false };
const lab: Space = { ...newsSpace, id: 'lab', name: 'Lab', visibility: 'private', role: null, canPublish: false };
const hq: Space = { ...newsSpace, id: 'hq', name: 'HQ', role: 'owner' };

function fixture() {
  const t = new MemoryTransport({
    me,
    spaces: [newsSpace, town, lab, hq],
    posts: [
      makePost(1),
      makePost(2, { spaceId: 'town' }),
      makePost(3, { spaceId: 'lab', polls: [makePoll('lab-q', { spaceId: 'lab' })] }),
      makePost(4, { publishAt: later() }),
      makePost(5, { spaceId: 'hq', kind: 'announcement', publishAt: later(), acknowledgement: { mine: false, count: 0 } }),
      makePost(6, { spaceId: 'hq' }),
    ],
    polls: [makePoll('q1', { closedAt: '2020-01-01T00:00:00.000Z', authorId: 'ana' })],
    notes: [
      {
        id: 'n1', spaceId: 'lab', owner: ben, title: 'Lab note', body: '', language: 'en', sources: [], tags: [], maturity: 'draft',
        reviewBy: null, promotedFrom: null, revision: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: ben, canEdit: false,
      },
    ],
  });
  const events: LiveEvent[] = [];
  t.events$.subscribe((e) => events.push(e));
  return { t, events };
}

describe('MemoryTransport follows the server’s rules', () => {
  it('hides a private space’s polls, notes and comments from non-members (404), as its posts', async () => {
    const { t } = fixture();
    for (const path of [routes.poll('lab-q'), routes.note('n1'), routes.comments('p3'), routes.post('p3'), routes.reactions('p3')]) {
      await expect(t.request({ method: 'GET', path }), path).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(t.request({ method: 'PUT', path: routes.ballot('lab-q'), body: { choices: ['a'] } })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets a non-member of an open space read and react, but not publish, comment or create polls and notes (403)', async () => {
    const { t } = fixture();
    await expect(t.request({ method: 'PUT', path: routes.reaction('p2', 'like') })).resolves.toMatchObject({ mine: ['like'] });
    const refused = [
      { method: 'POST', path: routes.publish('town'), body: { body: 'Hello' } },
      { method: 'POST', path: routes.comments('p2'), body: { body: 'Hello' } },
      { method: 'POST', path: routes.spacePolls('town'), body: { question: 'Q?', mode: 'single', options: ['a', 'b'] } },
      { method: 'POST', path: routes.spaceNotes('town'), body: { title: 'T' } },
    ] as const;
    for (const req of refused) await expect(t.request(req), req.path).rejects.toMatchObject({ code: 'forbidden' });
    const space = await t.request<Space>({ method: 'GET', path: routes.space('town') });
    expect(space).toMatchObject({ role: null, canPublish: false });
  });

  it('hides another author’s draft, its reactions and its comments from a member', async () => {
    const { t } = fixture();
    for (const path of [routes.post('p4'), routes.reactions('p4'), routes.comments('p4')]) {
      await expect(t.request({ method: 'GET', path }), path).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('offers no closing of a closed poll, even to its author', async () => {
    const { t } = fixture();
    expect((await t.request<Poll>({ method: 'GET', path: routes.poll('q1') })).canClose).toBe(false);
  });

  it('checks every poll draft rule, all at once', async () => {
    const { t } = fixture();
    const refused = await t
      .request({ method: 'POST', path: routes.spacePolls('news'), body: { question: 'Q?', mode: 'single', options: ['a', 'b'], maxChoices: 1, closesAt: '2020-01-01T00:00:00Z' } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'validation_failed',
      problem: { errors: [{ path: '/body/maxChoices', message: 'is only allowed for multiple choice' }, { path: '/body/closesAt', message: 'must be in the future' }] },
    });
  });

  it('refuses a reply to a deleted comment, and removes a placeholder with its last reply', async () => {
    const { t, events } = fixture();
    const top = await t.request<Comment>({ method: 'POST', path: routes.comments('p6'), body: { body: 'Top' } });
    const reply = t.commentAsOther('p6', ben, 'Reply', top.id);
    await t.request({ method: 'DELETE', path: routes.comment(top.id) });
    await expect(t.request({ method: 'POST', path: routes.comments('p6'), body: { body: 'Again', parentId: top.id } })).rejects.toMatchObject({
      code: 'validation_failed',
      problem: { errors: [{ path: '/body/parentId', message: 'is deleted' }] },
    });
    events.length = 0;
    // The caller owns hq: they delete ben's reply, and the placeholder goes with it.
    await t.request({ method: 'DELETE', path: routes.comment(reply.id) });
    const deleted = events.flatMap((e) => (e.type === 'comment.deleted' ? [e.commentId] : []));
    expect(deleted).toEqual([reply.id, top.id]);
    expect((await t.request<CommentPage>({ method: 'GET', path: routes.comments('p6') })).items).toEqual([]);
  });

  it('announces no acknowledgement of a draft, and answers acknowledgement_not_requested on a post that asks none', async () => {
    const { t, events } = fixture();
    await t.request<Post>({ method: 'PUT', path: routes.acknowledgements('p5') });
    expect(events.filter((e) => e.type === 'acknowledgement.changed')).toEqual([]);
    const summary = await t.request<AcknowledgementSummary>({ method: 'GET', path: routes.acknowledgements('p5') });
    expect(summary.count).toBe(1);
    await expect(t.request({ method: 'GET', path: routes.acknowledgements('p1') })).rejects.toMatchObject({ code: 'acknowledgement_not_requested' });
  });

  it('checks note fields, keeps tags as a sorted set and titles a promoted post from its first line', async () => {
    const { t } = fixture();
    const refused = await t
      .request({ method: 'POST', path: routes.spaceNotes('news'), body: { title: 'Watch', tags: ['ai'], sources: ['ftp://files.example'], reviewBy: '2026-02-30' } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'validation_failed',
      problem: { errors: [{ path: '/body/sources/0', message: 'must be an http or https URL' }, { path: '/body/reviewBy', message: 'is not a date' }] },
    });
    const note = await t.request<KnowledgeNote>({ method: 'POST', path: routes.spaceNotes('news'), body: { title: 'Watch', tags: ['lab', 'ai', 'lab'] } });
    expect(note.tags).toEqual(['ai', 'lab']);
    const post = await t.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: '# Big **news**\nmore' } });
    const promoted = await t.request<KnowledgeNote>({ method: 'POST', path: routes.promotePost(post.id), body: {} });
    expect(promoted.title).toBe('Big news');
  });

  it('keeps an author’s variant rather than asking the translation hook', async () => {
    const { t } = fixture();
    const asked: string[] = [];
    t.setTranslator((text, _from, to) => {
      asked.push(to);
      return `${to}: ${text}`;
    });
    const post = await t.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: 'Hello', locale: 'en', variants: [{ locale: 'fr', body: 'Bonjour' }] } });
    const translated = await t.request<Post>({ method: 'POST', path: routes.translations(post.id), body: { locale: 'fr' } });
    expect(asked).toEqual([]);
    expect(translated.variants).toEqual([{ locale: 'fr', body: 'Bonjour', machine: false }]);
    await expect(
      t.request({ method: 'POST', path: routes.publish('news'), body: { body: 'Hi', locale: 'en', variants: [{ locale: 'en', body: 'Hi' }] } }),
    ).rejects.toMatchObject({ code: 'validation_failed', problem: { errors: [{ path: '/body/variants/0/locale', message: 'is the language of the post itself' }] } });
  });
});

describe('the memory route table', () => {
  it('answers every route of the protocol but the live stream, the dev actors and preview images', () => {
    const t = new MemoryTransport({ me, spaces: [], posts: [] });
    const answered = new Set(routeMatchers((t.world as unknown as { table: Parameters<typeof routeMatchers>[0] }).table).map((m) => m.name));
    const unanswered = Object.keys(routes).filter((name) => !answered.has(name as keyof typeof routes));
    expect(unanswered.sort()).toEqual(['devActors', 'events', 'previewImage']);
  });

  it('matches literal paths before parameters', async () => {
    const t = new MemoryTransport({ me, spaces: [newsSpace], posts: [makePost(1, { body: 'search me' })] });
    await expect(t.request({ method: 'GET', path: routes.postSearch(), query: { q: 'search' } })).resolves.toMatchObject({ total: 1 });
    await expect(t.request({ method: 'PUT', path: routes.postSearch() })).rejects.toMatchObject({ code: 'method_not_allowed' });
  });
});
