import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  KnowledgeNote,
  NOTE_TITLE_MAX_CHARS,
  NoteDraft,
  NoteList,
  NotePatch,
  NoteRevisionList,
  NoteSearchQuery,
  NoteSearchResult,
  PromoteRequest,
  routes,
  type ProblemFieldError,
} from '@ecotone/protocol';
import {
  editsEveryNote,
  findReadableSpace,
  readableSpaceRoles,
  requireEditableNote,
  requireNoteSpace,
  requireVisibleNote,
} from '../authz.js';
import { HttpProblem, notFound } from '../errors.js';
import { noteView, noteViews, revisionViews } from '../notes/note-view.js';
import { searchVisibleNotes } from '../notes/search.js';
import { indexText } from '../search/stemming.js';
import { firstLink } from '@ecotone/protocol';
import {
  deleteNote,
  findNote,
  insertNote,
  listDueNotes,
  listRevisions,
  updateNote,
  type NoteContent,
  type NoteIndexText,
  type NoteSourceRecord,
} from '../repositories/notes.js';
import { findPost } from '../repositories/posts.js';
import { listPostPreviews } from '../repositories/previews.js';
import { apiPath } from './paths.js';

/** Random bytes in a note id (base64url: 16 characters). */
const NOTE_ID_BYTES = 12;

const IdParam = Type.String({ minLength: 1, maxLength: 64 });
const SpaceParams = Type.Object({ space: IdParam });
const NoteParams = Type.Object({ note: IdParam });
const PostParams = Type.Object({ post: IdParam });

function indexOf(content: NoteContent): NoteIndexText {
  return {
    title: indexText(content.title, content.language),
    body: indexText(content.body, content.language),
    tags: indexText(content.tags.join(' '), content.language),
  };
}

/** Sources must be http(s) URLs: they become links on cards. */
function sourceErrors(urls: readonly string[] | undefined, path: string): ProblemFieldError[] {
  return (urls ?? []).flatMap((url, i) => {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return [];
    } catch {
      // reported below
    }
    return [{ path: `${path}/${i}`, message: 'must be an http or https URL' }];
  });
}

/** A calendar date that exists (the schema only checks its shape). */
function dateErrors(date: string | null | undefined, path: string): ProblemFieldError[] {
  if (!date) return [];
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? [] : [{ path, message: 'is not a date' }];
}

function check(errors: ProblemFieldError[]): void {
  if (errors.length > 0) throw new HttpProblem('validation_failed', 'The request is not valid', errors);
}

/** Tags once each, sorted: a set, so the same tags always read (and diff) the same. */
const uniqueTags = (tags: readonly string[]) => [...new Set(tags)].sort();

/** Sources from URLs, keeping the preview copies of URLs the note already had. */
function sourcesFrom(urls: readonly string[], previous: readonly NoteSourceRecord[] = []): NoteSourceRecord[] {
  const kept = new Map(previous.map((s) => [s.url, s.preview]));
  return urls.map((url) => ({ url, preview: kept.get(url) ?? null }));
}

/** First line of a post body as a note title: Markdown marks dropped, within the limit. */
function titleFromBody(body: string): string {
  const line = body.split('\n').find((l) => l.trim() !== '') ?? '';
  const unmarked = line.replace(/[*_`#>[\]]/g, '');
  // Link targets go, looked for only up to the last `)`: past it none can
  // close, and the expression would read to the end from every `(http`.
  const closed = unmarked.lastIndexOf(')') + 1;
  const plain = (unmarked.slice(0, closed).replace(/\(https?:\/\/[^)]*\)/g, '') + unmarked.slice(closed)).replace(/\s+/g, ' ').trim();
  const chars = Array.from(plain);
  const title = chars.length <= NOTE_TITLE_MAX_CHARS ? plain : `${chars.slice(0, NOTE_TITLE_MAX_CHARS - 1).join('').trimEnd()}…`;
  return title || 'Untitled';
}

export const noteRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.notes),
    { schema: { querystring: NoteSearchQuery, response: { 200: NoteSearchResult } } },
    async (request): Promise<NoteSearchResult> => {
      const ctx = app.ecotone;
      const readable = await readableSpaceRoles(ctx.db, request.actor);
      return searchVisibleNotes(ctx.db, { id: request.actor.id, readable }, request.query, ctx.now());
    },
  );

  app.get(
    apiPath(routes.notesDue),
    { schema: { response: { 200: NoteList } } },
    async (request): Promise<NoteList> => {
      const ctx = app.ecotone;
      const actor = request.actor;
      const readable = await readableSpaceRoles(ctx.db, actor);
      const now = ctx.now();
      // Calendar dates are compared in UTC, as reviewBy carries no zone.
      const notes = await listDueNotes(ctx.db, {
        today: now.toISOString().slice(0, 10),
        editorSpaceIds: [...readable].filter(([, role]) => editsEveryNote(role)).map(([id]) => id),
        ownSpaceIds: [...readable.keys()],
        ownerId: actor.id,
      });
      return { items: await noteViews(ctx.db, actor.id, readable, notes, now) };
    },
  );

  app.post(
    apiPath(routes.spaceNotes, ':space'),
    { schema: { params: SpaceParams, body: NoteDraft, response: { 201: KnowledgeNote } } },
    async (request, reply) => {
      const ctx = app.ecotone;
      const actor = request.actor;
      const { space, role } = await requireNoteSpace(ctx.db, actor, request.params.space);
      const draft = request.body;
      check([...sourceErrors(draft.sources, '/body/sources'), ...dateErrors(draft.reviewBy, '/body/reviewBy')]);
      const now = ctx.now();
      const content: NoteContent = {
        title: draft.title,
        body: draft.body ?? '',
        language: draft.language ?? actor.locale,
        tags: uniqueTags(draft.tags ?? []),
        sources: sourcesFrom(draft.sources ?? []),
        maturity: draft.maturity ?? 'draft',
        reviewBy: draft.reviewBy ?? null,
      };
      const id = randomBytes(NOTE_ID_BYTES).toString('base64url');
      await ctx.db.transaction().execute((trx) =>
        insertNote(
          trx,
          { ...content, id, spaceId: space.id, ownerId: actor.id, promotedFrom: null, createdAt: now.toISOString() },
          indexOf(content),
        ),
      );
      const note = await findNote(ctx.db, id);
      if (!note) throw notFound('Note');
      return reply.code(201).send(await noteView(ctx.db, actor.id, role, note, now));
    },
  );

  app.get(
    apiPath(routes.note, ':note'),
    { schema: { params: NoteParams, response: { 200: KnowledgeNote } } },
    async (request): Promise<KnowledgeNote> => {
      const ctx = app.ecotone;
      const { note, role } = await requireVisibleNote(ctx.db, request.actor, request.params.note);
      return noteView(ctx.db, request.actor.id, role, note, ctx.now());
    },
  );

  app.patch(
    apiPath(routes.note, ':note'),
    { schema: { params: NoteParams, body: NotePatch, response: { 200: KnowledgeNote } } },
    async (request): Promise<KnowledgeNote> => {
      const ctx = app.ecotone;
      const actor = request.actor;
      const { note, role } = await requireEditableNote(ctx.db, actor, request.params.note);
      const patch = request.body;
      check([...sourceErrors(patch.sources, '/body/sources'), ...dateErrors(patch.reviewBy, '/body/reviewBy')]);
      const now = ctx.now();
      const applied = await ctx.db.transaction().execute(async (trx) => {
        // Read inside the transaction so the fields a patch leaves out come
        // from the revision it is checked against.
        const current = await findNote(trx, note.id);
        if (!current) throw notFound('Note');
        const content: NoteContent = {
          title: patch.title ?? current.title,
          body: patch.body ?? current.body,
          language: patch.language ?? current.language,
          tags: patch.tags ? uniqueTags(patch.tags) : current.tags,
          sources: patch.sources ? sourcesFrom(patch.sources, current.sources) : current.sources,
          maturity: patch.maturity ?? current.maturity,
          reviewBy: patch.reviewBy !== undefined ? patch.reviewBy : current.reviewBy,
        };
        return updateNote(trx, {
          id: note.id,
          baseRevision: patch.baseRevision,
          content,
          index: indexOf(content),
          authorId: actor.id,
          at: now.toISOString(),
        });
      });
      const current = await findNote(ctx.db, note.id);
      if (!current) throw notFound('Note');
      const view = await noteView(ctx.db, actor.id, role, current, now);
      if (applied === null) {
        // Nothing was written: the caller keeps its text and gets the note as
        // it is now, to show both and merge.
        throw new HttpProblem(
          'edit_conflict',
          `The note changed since revision ${patch.baseRevision}; it is at revision ${current.revision}`,
          undefined,
          { current: view },
        );
      }
      return view;
    },
  );

  app.delete(
    apiPath(routes.note, ':note'),
    { schema: { params: NoteParams } },
    async (request, reply) => {
      const ctx = app.ecotone;
      const { note } = await requireEditableNote(ctx.db, request.actor, request.params.note);
      await ctx.db.transaction().execute((trx) => deleteNote(trx, note));
      return reply.code(204).send();
    },
  );

  app.get(
    apiPath(routes.noteRevisions, ':note'),
    { schema: { params: NoteParams, response: { 200: NoteRevisionList } } },
    async (request): Promise<NoteRevisionList> => {
      const ctx = app.ecotone;
      const { note } = await requireVisibleNote(ctx.db, request.actor, request.params.note);
      return { items: await revisionViews(ctx.db, await listRevisions(ctx.db, note.id)) };
    },
  );

  app.post(
    apiPath(routes.promotePost, ':post'),
    { schema: { params: PostParams, body: PromoteRequest, response: { 201: KnowledgeNote } } },
    async (request, reply) => {
      const ctx = app.ecotone;
      const actor = request.actor;
      const found = await findPost(ctx.db, request.params.post);
      if (!found || !(await findReadableSpace(ctx.db, actor, found.post.space_id))) throw notFound('Post');
      const { space, role } = await requireNoteSpace(ctx.db, actor, found.post.space_id);
      const post = found.post;
      const link = firstLink(post.body);
      // The card the post already shows, copied so the note keeps it.
      const preview = link ? (await listPostPreviews(ctx.db, [post.id])).get(post.id) : undefined;
      const body = request.body ?? {};
      const content: NoteContent = {
        title: body.title ?? titleFromBody(post.body),
        body: post.body,
        language: post.locale as NoteContent['language'],
        tags: uniqueTags(body.tags ?? []),
        sources: link ? [{ url: link, preview: preview ?? null }] : [],
        maturity: body.maturity ?? 'draft',
        reviewBy: null,
      };
      const now = ctx.now();
      const id = randomBytes(NOTE_ID_BYTES).toString('base64url');
      await ctx.db.transaction().execute((trx) =>
        insertNote(
          trx,
          { ...content, id, spaceId: space.id, ownerId: actor.id, promotedFrom: post.id, createdAt: now.toISOString() },
          indexOf(content),
        ),
      );
      const note = await findNote(ctx.db, id);
      if (!note) throw notFound('Note');
      return reply.code(201).send(await noteView(ctx.db, actor.id, role, note, now));
    },
  );
};
