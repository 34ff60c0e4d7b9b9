import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { ActorList, PeopleQuery, PersonCard } from '@ecotone/protocol/schemas';
import { apiPath } from '../http/paths.js';
import { personCard, searchPeople } from './people-service.js';

const PersonParams = Type.Object({ actor: Type.String({ minLength: 1, maxLength: 64 }) });

/** People search (the mention picker, directories) and person cards. */
export const peopleRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.people),
    { schema: { querystring: PeopleQuery, response: { 200: ActorList } }, config: { limitClass: 'search' } },
    async (request): Promise<ActorList> => ({ items: await searchPeople(app.ecotone, request.actor, request.query) }),
  );

  app.get(
    apiPath(routes.person, ':actor'),
    { schema: { params: PersonParams, response: { 200: PersonCard } } },
    async (request): Promise<PersonCard> => personCard(app.ecotone, request.actor, request.params.actor),
  );
};
