import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { routes } from '@ecotone/protocol';
import { NotificationPage, NotificationPreferences, NotificationQuery, UnreadCount } from '@ecotone/protocol/schemas';
import { apiPath } from '../http/paths.js';
import {
  listMyNotifications,
  myPreferences,
  myUnreadCount,
  readAllNotifications,
  readNotification,
  setMyPreferences,
} from './notification-service.js';

const NotificationParams = Type.Object({ notification: Type.String({ minLength: 1, maxLength: 64 }) });

/** The caller's notifications and preferences (docs/notifications.md). */
export const notificationRoutes: FastifyPluginAsync = async (plain) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    apiPath(routes.notifications),
    { schema: { querystring: NotificationQuery, response: { 200: NotificationPage } } },
    async (request): Promise<NotificationPage> => listMyNotifications(app.ecotone, request.actor, request.query),
  );

  app.get(
    apiPath(routes.unreadNotifications),
    { schema: { response: { 200: UnreadCount } } },
    async (request): Promise<UnreadCount> => myUnreadCount(app.ecotone, request.actor),
  );

  app.post(apiPath(routes.notificationsReadAll), async (request, reply) => {
    await readAllNotifications(app.ecotone, request.actor);
    return reply.code(204).send();
  });

  app.post(apiPath(routes.notificationRead, ':notification'), { schema: { params: NotificationParams } }, async (request, reply) => {
    await readNotification(app.ecotone, request.actor, request.params.notification);
    return reply.code(204).send();
  });

  app.get(
    apiPath(routes.notificationPreferences),
    { schema: { response: { 200: NotificationPreferences } } },
    async (request): Promise<NotificationPreferences> => myPreferences(app.ecotone, request.actor),
  );

  app.put(
    apiPath(routes.notificationPreferences),
    { schema: { body: NotificationPreferences, response: { 200: NotificationPreferences } } },
    async (request): Promise<NotificationPreferences> => setMyPreferences(app.ecotone, request.actor, request.body),
  );
};
