import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { Question, QuestionDraft, QuestionPage, QuestionQuery, QuestionStateRequest } from '@ecotone/protocol/schemas';
import { IdempotencyHeaders, sendCreated } from '../http/idempotency.js';
import { apiPath } from '../http/paths.js';
import { askQuestion, listTalkShowQuestions, setQuestionState, voteOnQuestion } from './talk-show-service.js';

const PostParams = Type.Object({ post: Type.String({ minLength: 1, maxLength: 64 }) });
const QuestionParams = Type.Object({ question: Type.String({ minLength: 1, maxLength: 64 }) });

/** Talk-shows' question queues: the rules are in talk-show-service.ts. */
export const talkShowRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.questions, ':post'),
    { schema: { params: PostParams, querystring: QuestionQuery, response: { 200: QuestionPage } } },
    async (request): Promise<QuestionPage> => listTalkShowQuestions(app.ecotone, request.actor, request.params.post, request.query),
  );

  app.post(
    apiPath(routes.questions, ':post'),
    { schema: { params: PostParams, headers: IdempotencyHeaders, body: QuestionDraft, response: { 201: Question } } },
    async (request, reply): Promise<Question> =>
      sendCreated(reply, await askQuestion(app.ecotone, request.actor, request.params.post, request.body, request.headers['idempotency-key'])),
  );

  app.put(
    apiPath(routes.questionVote, ':question'),
    { schema: { params: QuestionParams, response: { 200: Question } } },
    async (request): Promise<Question> => voteOnQuestion(app.ecotone, request.actor, request.params.question, true),
  );

  app.delete(
    apiPath(routes.questionVote, ':question'),
    { schema: { params: QuestionParams, response: { 200: Question } } },
    async (request): Promise<Question> => voteOnQuestion(app.ecotone, request.actor, request.params.question, false),
  );

  app.post(
    apiPath(routes.questionState, ':question'),
    { schema: { params: QuestionParams, body: QuestionStateRequest, response: { 200: Question } } },
    async (request): Promise<Question> => setQuestionState(app.ecotone, request.actor, request.params.question, request.body.state),
  );
};
