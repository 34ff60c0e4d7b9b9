import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import {
  JoinDecision,
  JoinRequestDraft,
  JoinRequestList,
  JoinResult,
  MemberPage,
  MemberQuery,
  MemberUpdate,
  SpaceMember,
} from '@ecotone/protocol/schemas';
import { notFound } from '../http/errors.js';
import {
  approveJoinRequest,
  dropJoinRequest,
  joinSpace,
  removeMember,
  setMemberRole,
} from './membership-changes.js';
import { listSpaceJoinRequests, listSpaceMembers } from './member-service.js';
import { spaceViews } from './space-view.js';
import { apiPath } from '../http/paths.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const SpaceParams = Type.Object({ space: Id });
const SpaceActorParams = Type.Object({ space: Id, actor: Id });

/** Members, join requests and joining: see member-service.ts for the lists and membership-changes.ts for the rules of each change. */
export const memberRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  // A join or an approval may come without a body: it means `{}`.
  const emptyBodyIsEmptyObject = async (request: { body: unknown }) => {
    request.body ??= {};
  };

  app.post(
    apiPath(routes.join, ':space'),
    { schema: { params: SpaceParams, body: JoinRequestDraft, response: { 200: JoinResult } }, preValidation: emptyBodyIsEmptyObject },
    async (request): Promise<JoinResult> => {
      const ctx = app.ecotone;
      const { status, access } = await joinSpace(ctx, request.actor, request.params.space, request.body.message ?? '');
      const [space] = await spaceViews(ctx.db, request.actor.id, [access]);
      if (!space) throw notFound('Space');
      return { status, space };
    },
  );

  app.get(
    apiPath(routes.members, ':space'),
    { schema: { params: SpaceParams, querystring: MemberQuery, response: { 200: MemberPage } } },
    async (request): Promise<MemberPage> => listSpaceMembers(app.ecotone.db, request.actor, request.params.space, request.query),
  );

  app.put(
    apiPath(routes.member, ':space', ':actor'),
    { schema: { params: SpaceActorParams, body: MemberUpdate, response: { 200: SpaceMember } } },
    async (request): Promise<SpaceMember> =>
      setMemberRole(app.ecotone, request.actor, request.params.space, request.params.actor, request.body.role),
  );

  app.delete(
    apiPath(routes.member, ':space', ':actor'),
    { schema: { params: SpaceActorParams } },
    async (request, reply) => {
      await removeMember(app.ecotone, request.actor, request.params.space, request.params.actor);
      return reply.code(204).send();
    },
  );

  app.get(
    apiPath(routes.joinRequests, ':space'),
    { schema: { params: SpaceParams, response: { 200: JoinRequestList } } },
    async (request): Promise<JoinRequestList> => listSpaceJoinRequests(app.ecotone.db, request.actor, request.params.space),
  );

  app.put(
    apiPath(routes.joinRequest, ':space', ':actor'),
    { schema: { params: SpaceActorParams, body: JoinDecision, response: { 200: SpaceMember } }, preValidation: emptyBodyIsEmptyObject },
    async (request): Promise<SpaceMember> =>
      approveJoinRequest(app.ecotone, request.actor, request.params.space, request.params.actor, request.body.role ?? 'member'),
  );

  app.delete(
    apiPath(routes.joinRequest, ':space', ':actor'),
    { schema: { params: SpaceActorParams } },
    async (request, reply) => {
      await dropJoinRequest(app.ecotone, request.actor, request.params.space, request.params.actor);
      return reply.code(204).send();
    },
  );
};
