import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import {
  KnowledgeNote,
  NoteDraft,
  NoteList,
  NotePatch,
  NoteRevisionList,
  NoteSearchQuery,
  NoteSearchResult,
  PromoteRequest,
} from '@ecotone/protocol/schemas';
import { IdempotencyHeaders, sendCreated } from '../http/idempotency.js';
import { apiPath } from '../http/paths.js';
import { createNote, dueNotes, editNote, noteRevisions, promotePost, readNote, removeNote, searchNotes } from './note-service.js';

const IdParam = Type.String({ minLength: 1, maxLength: 64 });
const SpaceParams = Type.Object({ space: IdParam });
const NoteParams = Type.Object({ note: IdParam });
const PostParams = Type.Object({ post: IdParam });

/** Knowledge notes: search, review, writing, revisions and promotion; the rules are in note-service.ts. */
export const noteRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.notes),
    { schema: { querystring: NoteSearchQuery, response: { 200: NoteSearchResult } }, config: { limitClass: 'search' } },
    async (request): Promise<NoteSearchResult> => searchNotes(app.ecotone, request.actor, request.query),
  );

  app.get(
    apiPath(routes.notesDue),
    { schema: { response: { 200: NoteList } } },
    async (request): Promise<NoteList> => dueNotes(app.ecotone, request.actor),
  );

  app.post(
    apiPath(routes.spaceNotes, ':space'),
    { schema: { params: SpaceParams, headers: IdempotencyHeaders, body: NoteDraft, response: { 201: KnowledgeNote } } },
    async (request, reply) => {
      const created = await createNote(
        app.ecotone,
        request.actor,
        request.params.space,
        request.body,
        request.headers['idempotency-key'],
      );
      return sendCreated(reply, created);
    },
  );

  app.get(
    apiPath(routes.note, ':note'),
    { schema: { params: NoteParams, response: { 200: KnowledgeNote } } },
    async (request): Promise<KnowledgeNote> => readNote(app.ecotone, request.actor, request.params.note),
  );

  app.patch(
    apiPath(routes.note, ':note'),
    { schema: { params: NoteParams, body: NotePatch, response: { 200: KnowledgeNote } } },
    async (request): Promise<KnowledgeNote> => editNote(app.ecotone, request.actor, request.params.note, request.body),
  );

  app.delete(
    apiPath(routes.note, ':note'),
    { schema: { params: NoteParams } },
    async (request, reply) => {
      await removeNote(app.ecotone, request.actor, request.params.note);
      return reply.code(204).send();
    },
  );

  app.get(
    apiPath(routes.noteRevisions, ':note'),
    { schema: { params: NoteParams, response: { 200: NoteRevisionList } } },
    async (request): Promise<NoteRevisionList> => noteRevisions(app.ecotone, request.actor, request.params.note),
  );

  app.post(
    apiPath(routes.promotePost, ':post'),
    { schema: { params: PostParams, headers: IdempotencyHeaders, body: PromoteRequest, response: { 201: KnowledgeNote } } },
    async (request, reply) => {
      const created = await promotePost(
        app.ecotone,
        request.actor,
        request.params.post,
        request.body,
        request.headers['idempotency-key'],
      );
      return sendCreated(reply, created);
    },
  );
};
