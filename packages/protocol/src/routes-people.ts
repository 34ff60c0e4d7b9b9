/**
 * Route paths of people (search, person cards) and notifications, in a module
 * of their own so that a client bundle keeps them with the code that calls
 * them (see routes.ts).
 */
import { API_PREFIX } from './routes-core.js';

/** GET (PeopleQuery): people by name, for the mention picker and directories (ActorList). */
export const peoplePath = () => `${API_PREFIX}/people`;
/** GET: a person card (PersonCard), filtered for the viewer. */
export const personPath = (actorId: string) => `${API_PREFIX}/people/${encodeURIComponent(actorId)}`;
/** GET (NotificationQuery): the caller's notifications (NotificationPage). */
export const notificationsPath = () => `${API_PREFIX}/notifications`;
/** GET: the caller's unread count (UnreadCount). */
export const unreadNotificationsPath = () => `${API_PREFIX}/notifications/unread`;
/** POST: mark one notification read (204). */
export const notificationReadPath = (notificationId: string) =>
  `${API_PREFIX}/notifications/${encodeURIComponent(notificationId)}/read`;
/** POST: mark all the caller's notifications read (204). */
export const notificationsReadAllPath = () => `${API_PREFIX}/notifications/read-all`;
/** GET and PUT (NotificationPreferences): what the caller wants to be notified of. */
export const notificationPreferencesPath = () => `${API_PREFIX}/me/notification-preferences`;
