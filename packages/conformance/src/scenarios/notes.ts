/** Knowledge notes: create, edit with revisions, conflicts, search, promote, review, delete. */
import {
  noteRevisionsPath,
  notePath,
  notesDuePath,
  notesPath,
  promotePostPath,
  spaceNotesPath,
  type KnowledgeNote,
  type NoteList,
  type NoteRevisionList,
  type NoteSearchResult,
  type Visibility,
} from '@ecotone/protocol';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { publish } from './steps.js';

async function createNote(ctx: ScenarioContext, visibility: Visibility, as = 'member'): Promise<{ note: KnowledgeNote; word: string }> {
  const word = `${ctx.world.prefix}note${visibility}${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 5)}`;
  const exchange = await ctx.call(as, {
    method: 'POST',
    path: spaceNotesPath(ctx.world.spaces[visibility]),
    body: { title: `Conformance note ${word}`, body: `Body of ${word}`, language: 'en', tags: ['conformance'] },
  });
  const note = ctx.ok<KnowledgeNote>(exchange, 201);
  ctx.check(note.revision === 1 && note.spaceId === ctx.world.spaces[visibility] && note.canEdit, 'wrong new note');
  return { note, word };
}

export const noteScenarios: Scenario[] = [
  {
    feature: 'notes',
    name: 'a note with a file that is not an upload of its author, or an edit detaching what is not attached, is 400 naming it, and writes nothing',
    async run(ctx) {
      const title = ctx.unique('Note with someone else’s file');
      const attachments = [{ file: 'AAAAAAAAAAAAAAAAAAAAAA' }];
      const refused = ctx.problem(await ctx.call('member', { method: 'POST', path: spaceNotesPath(ctx.world.spaces.open), body: { title, attachments } }), 'validation_failed');
      const errors = (refused['errors'] ?? []) as { path: string; message: string }[];
      ctx.check(errors.some((e) => e.path === '/body/attachments/0/file' && e.message === 'is not a file you uploaded'), `no error names the file: ${JSON.stringify(errors)}`);
      const { note } = await createNote(ctx, 'open');
      const detached = ctx.problem(await ctx.call('member', { method: 'PATCH', path: notePath(note.id), body: { baseRevision: 1, detach: ['BBBBBBBBBBBBBBBBBBBBBB'] } }), 'validation_failed');
      const detachErrors = (detached['errors'] ?? []) as { path: string; message: string }[];
      ctx.check(detachErrors.some((e) => e.path === '/body/detach/0' && e.message === 'is not an attachment of this note'), `no error names it: ${JSON.stringify(detachErrors)}`);
      const read = ctx.ok<KnowledgeNote>(await ctx.call('member', { method: 'GET', path: notePath(note.id) }));
      ctx.check(read.revision === 1, 'the refused edit made a revision');
    },
  },
  {
    feature: 'notes',
    name: 'a member creates a note and edits it; each edit is a revision',
    async run(ctx) {
      const { note } = await createNote(ctx, 'open');
      const edited = ctx.ok<KnowledgeNote>(await ctx.call('member', { method: 'PATCH', path: notePath(note.id), body: { baseRevision: 1, title: ctx.unique('Retitled') } }));
      ctx.check(edited.revision === 2, `revision is ${edited.revision}`);
      const revisions = ctx.ok<NoteRevisionList>(await ctx.call('reader', { method: 'GET', path: noteRevisionsPath(note.id) }));
      ctx.check(revisions.items.map((r) => r.revision).join() === '1,2', 'revisions are not 1,2 oldest first');
    },
  },
  {
    feature: 'notes',
    name: 'an edit from a stale revision is 409 edit_conflict with the current note, and writes nothing',
    async run(ctx) {
      const { note } = await createNote(ctx, 'open');
      ctx.ok(await ctx.call('member', { method: 'PATCH', path: notePath(note.id), body: { baseRevision: 1, body: 'first edit' } }));
      const problem = ctx.problem(await ctx.call('owner', { method: 'PATCH', path: notePath(note.id), body: { baseRevision: 1, body: 'lost edit' } }), 'edit_conflict');
      const current = problem.current as KnowledgeNote | undefined;
      ctx.check(current?.revision === 2 && current.body === 'first edit', 'the problem’s `current` is not the note as it is');
      const read = ctx.ok<KnowledgeNote>(await ctx.call('member', { method: 'GET', path: notePath(note.id) }));
      ctx.check(read.body === 'first edit' && read.revision === 2, 'the refused edit was written');
    },
  },
  {
    feature: 'notes',
    name: 'readers may not create notes (403), members may not edit another’s (403), outsiders of a secret space get 404',
    async run(ctx) {
      ctx.problem(await ctx.call('reader', { method: 'POST', path: spaceNotesPath(ctx.world.spaces.open), body: { title: 'No' } }), 'forbidden');
      const { note } = await createNote(ctx, 'secret', 'correspondent');
      ctx.problem(await ctx.call('member', { method: 'PATCH', path: notePath(note.id), body: { baseRevision: 1, title: 'Mine now' } }), 'forbidden');
      ctx.problem(await ctx.call('outsider', { method: 'GET', path: notePath(note.id) }), 'not_found');
      ctx.problem(await ctx.call('outsider', { method: 'GET', path: noteRevisionsPath(note.id) }), 'not_found');
      const owner = ctx.ok<KnowledgeNote>(await ctx.call('owner', { method: 'PATCH', path: notePath(note.id), body: { baseRevision: 1, tags: ['edited'] } }));
      ctx.check(owner.revision === 2, 'an owner of the space could not edit');
    },
  },
  ...(['open', 'private', 'secret'] as const).map((v): Scenario => ({
    feature: 'notes',
    name: `note search finds a note of the ${v} space for a member${v === 'open' ? ' and an outsider' : ', not for an outsider'}`,
    async run(ctx) {
      const { note, word } = await createNote(ctx, v);
      const mine = ctx.ok<NoteSearchResult>(await ctx.call('reader', { method: 'GET', path: notesPath(), query: { q: word } }));
      ctx.check(mine.items.some((h) => h.note.id === note.id), 'a member does not find it');
      const theirs = ctx.ok<NoteSearchResult>(await ctx.call('outsider', { method: 'GET', path: notesPath(), query: { q: word } }));
      const found = theirs.items.some((h) => h.note.id === note.id);
      if (v === 'open') ctx.check(found, 'an outsider of an open space does not find it');
      else ctx.check(!found && theirs.total === 0 && !theirs.tags.some((t) => t.tag === 'conformance' && t.count > 0 && theirs.total === 0), 'an outsider finds it or counts it');
    },
  })),
  {
    feature: 'notes',
    name: 'a blank title is 400 validation_failed',
    async run(ctx) {
      ctx.problem(await ctx.call('member', { method: 'POST', path: spaceNotesPath(ctx.world.spaces.open), body: { title: ' \u200b ' } }), 'validation_failed');
    },
  },
  {
    feature: 'notes',
    name: 'its owner deletes a note; then it is 404',
    async run(ctx) {
      const { note } = await createNote(ctx, 'open');
      ctx.problem(await ctx.call('reader', { method: 'DELETE', path: notePath(note.id) }), 'forbidden');
      ctx.ok(await ctx.call('member', { method: 'DELETE', path: notePath(note.id) }), 204);
      ctx.problem(await ctx.call('member', { method: 'GET', path: notePath(note.id) }), 'not_found');
    },
  },
  {
    feature: 'notes',
    name: 'a post promoted to a note keeps its body and points back to it',
    async run(ctx) {
      const post = await publish(ctx, 'member', 'open', {}, 'Promoted post');
      const note = ctx.ok<KnowledgeNote>(await ctx.call('member', { method: 'POST', path: promotePostPath(post.id), body: { title: ctx.unique('From a post') }, idempotencyKey: ctx.key() }), 201);
      ctx.check(note.promotedFrom === post.id && note.body === post.body, 'no backlink or another body');
      ctx.problem(await ctx.call('outsider', { method: 'POST', path: promotePostPath(ctx.world.posts.secret.published.id), body: {} }), 'not_found');
      ctx.problem(await ctx.call('member', { method: 'POST', path: promotePostPath(ctx.world.posts.open.draft.id), body: {} }), 'not_found');
    },
  },
  {
    feature: 'notes',
    name: 'the review list holds only notes the caller may edit',
    async run(ctx) {
      const list = ctx.ok<NoteList>(await ctx.call('reader', { method: 'GET', path: notesDuePath() }));
      ctx.check(list.items.every((n) => n.canEdit), 'the review list holds a note the caller may not edit');
    },
  },
];
