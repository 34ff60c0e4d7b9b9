import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { Poll, PollBallot, PollDraft, PollList, SurveyBallot } from '@ecotone/protocol/schemas';
import { IdempotencyHeaders, markReplayed, sendCreated } from '../http/idempotency.js';
import { apiPath } from '../http/paths.js';
import { answerSurvey, castVote, closePoll, createPoll, readPoll, withdrawVote } from './poll-service.js';

const IdParam = Type.String({ minLength: 1, maxLength: 64 });
const SpaceParams = Type.Object({ space: IdParam });
const PollParams = Type.Object({ poll: IdParam });
const PostParams = Type.Object({ post: IdParam });

/** Polls, ballots and surveys: the rules are in poll-service.ts and poll-rules.ts. */
export const pollRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    apiPath(routes.spacePolls, ':space'),
    { schema: { params: SpaceParams, headers: IdempotencyHeaders, body: PollDraft, response: { 201: Poll } } },
    async (request, reply) => {
      const created = await createPoll(
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
    apiPath(routes.poll, ':poll'),
    { schema: { params: PollParams, response: { 200: Poll } } },
    async (request): Promise<Poll> => readPoll(app.ecotone, request.actor, request.params.poll),
  );

  app.put(
    apiPath(routes.ballot, ':poll'),
    { schema: { params: PollParams, body: PollBallot, response: { 200: Poll } } },
    async (request): Promise<Poll> => castVote(app.ecotone, request.actor, request.params.poll, request.body.choices),
  );

  app.delete(
    apiPath(routes.ballot, ':poll'),
    { schema: { params: PollParams, response: { 200: Poll } } },
    async (request): Promise<Poll> => withdrawVote(app.ecotone, request.actor, request.params.poll),
  );

  app.post(
    apiPath(routes.closePoll, ':poll'),
    { schema: { params: PollParams, response: { 200: Poll } } },
    async (request): Promise<Poll> => closePoll(app.ecotone, request.actor, request.params.poll),
  );

  app.put(
    apiPath(routes.surveyBallot, ':post'),
    { schema: { params: PostParams, headers: IdempotencyHeaders, body: SurveyBallot, response: { 200: PollList } } },
    async (request, reply): Promise<PollList> => {
      const { polls, replayed } = await answerSurvey(
        app.ecotone,
        request.actor,
        request.params.post,
        request.body,
        request.headers['idempotency-key'],
      );
      if (replayed) markReplayed(reply);
      return polls;
    },
  );
};
