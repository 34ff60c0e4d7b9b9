/**
 * @ecotone/elements: every Ecotone element, registered. Import a single
 * element's module (`@ecotone/elements/like-button.js`) to load only that one,
 * or a `.component.js` module to get the class without registering a tag.
 *
 * @packageDocumentation
 */
import './provider/provider.js';
import './like-button/like-button.js';
import './post/post.js';
import './feed/feed.js';
import './composer/composer.js';
import './poll/poll.js';
import './survey/survey.js';
import './talk-show/talk-show-questions.js';
import './talk-show/talk-show-session.js';
import './link-card/link-card.js';
import './classification/classification.js';
import './knowledge-note/knowledge-note.js';
import './knowledge-search/knowledge-search.js';
import './comments/comments.js';
import './spaces/spaces.js';
import './post-search/post-search.js';
import './connection-status/connection-status.js';
import './notifications/notifications.js';
import './notifications/notification-list.js';
import './notification-settings/notification-settings.js';
import './audit-log/audit-log.js';
import './watch/watch-sources.js';
import './space-settings/space-settings.js';
import './moderation/moderation.js';
import './moderation/report-dialog.js';
import './person/person.js';
import './person/person-dialog.js';

// The core client, for page scripts that load only this module (the SDK
// served under /sdk/): `createClient({ baseUrl, token })` and its errors; `openLocalTransport()`, the
// backend in the browser, loaded only when called.
export { createClient, EcotoneError, openLocalTransport, type ClientOptions, type EcotoneClient, type LocalTransport } from '@ecotone/core';
export { EcoElement } from './base/eco-element.js';
export { clientContext } from './base/context.js';
export { defineElement } from './base/define.js';
export { registerPostExtension, postExtensionTag, postExtensionDefined } from './base/post-extensions.js';
export { ObservableController } from './controllers/observable-controller.js';
export { LocalizeController, registerElementsStrings } from './controllers/localize-controller.js';
export { AsyncStatusController, type AsyncStatus, type AsyncResult } from './controllers/async-status-controller.js';
export { ClockController } from './controllers/clock-controller.js';
export { FocusController, type FocusTarget } from './controllers/focus-controller.js';
export { LazyModuleController, preloadModule } from './controllers/lazy-module-controller.js';
export { PersonDialogController } from './controllers/person-dialog-controller.js';
export { buttonStyles } from './styles/buttons.js';
export { tokens, token, type TokenName } from './styles/tokens.js';
export { ELEMENTS_NAMESPACE, reactionStrings, type MessageKey, type StringSet } from './locales/locales.js';
export { feedStrings } from './locales/feed-strings.js';
export { pollStrings } from './locales/poll-strings.js';
export { talkShowStrings } from './locales/talk-show-strings.js';
export { linkCardStrings } from './locales/link-card-strings.js';
export { knowledgeNoteStrings } from './locales/knowledge-note-strings.js';
export { knowledgeSearchStrings } from './locales/knowledge-search-strings.js';
export { commentsStrings } from './locales/comments-strings.js';
export { spacesStrings } from './locales/spaces-strings.js';
export { postSearchStrings } from './locales/post-search-strings.js';
export { connectionStrings } from './locales/connection-strings.js';
export { notificationsStrings } from './locales/notifications-strings.js';
export { notificationSettingsStrings } from './locales/notification-settings-strings.js';
export { auditLogStrings } from './locales/audit-log-strings.js';
export { watchStrings } from './locales/watch-strings.js';
export { spaceSettingsStrings } from './locales/space-settings-strings.js';
export { moderationStrings } from './locales/moderation-strings.js';
export { classificationStrings } from './locales/classification-strings.js';
export { personStrings } from './locales/person-strings.js';
export type * from './events/events.js';
export { EcoProvider } from './provider/provider.component.js';
export { EcoLikeButton } from './like-button/like-button.component.js';
export { EcoPost } from './post/post.component.js';
export { EcoAttachments } from './attachments/attachments.component.js';
export { EcoFeed, VIRTUALIZE_ABOVE_ITEMS } from './feed/feed.component.js';
export { EcoComposer } from './composer/composer.component.js';
export { EcoPoll } from './poll/poll.component.js';
export { EcoSurvey } from './survey/survey.component.js';
export { EcoTalkShowQuestions } from './talk-show/talk-show-questions.component.js';
export { EcoTalkShowSession } from './talk-show/talk-show-session.component.js';
export { EcoLinkCard } from './link-card/link-card.component.js';
export { EcoClassification } from './classification/classification.component.js';
export { EcoKnowledgeNote } from './knowledge-note/knowledge-note.component.js';
export { EcoKnowledgeSearch, SEARCH_DEBOUNCE_MS } from './knowledge-search/knowledge-search.component.js';
export { EcoComments } from './comments/comments.component.js';
export { EcoSpaces } from './spaces/spaces.component.js';
export { EcoPostSearch, POST_SEARCH_DEBOUNCE_MS } from './post-search/post-search.component.js';
export { EcoConnectionStatus, CONNECTION_ANNOUNCE_DELAY_MS } from './connection-status/connection-status.component.js';
export { EcoNotifications } from './notifications/notifications.component.js';
export { EcoNotificationList } from './notifications/notification-list.component.js';
export { EcoNotificationSettings } from './notification-settings/notification-settings.component.js';
export { EcoAuditLog } from './audit-log/audit-log.component.js';
export { EcoWatchSources } from './watch/watch-sources.component.js';
export { EcoSpaceSettings } from './space-settings/space-settings.component.js';
export { EcoModeration } from './moderation/moderation.component.js';
export { EcoReportDialog } from './moderation/report-dialog.component.js';
export { EcoPerson, PERSON_CLOCK_MS } from './person/person.component.js';
export { EcoPersonDialog } from './person/person-dialog.component.js';
