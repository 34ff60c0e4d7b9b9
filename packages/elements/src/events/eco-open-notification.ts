/**
 * Detail of `eco-open-notification`: the person opened a notification in
 * `<eco-notifications>`. Cancelable: a page that has its own URL for posts,
 * notes or spaces calls `preventDefault()` and navigates; otherwise the
 * element shows the object itself (a post in a dialog, a note, a space).
 */
import type { Notification } from '@ecotone/protocol';

export interface EcoOpenNotificationDetail {
  notification: Notification;
}
export type EcoOpenNotificationEvent = CustomEvent<EcoOpenNotificationDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-open-notification': EcoOpenNotificationEvent;
  }
}
