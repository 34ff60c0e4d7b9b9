export type * from './eco-reaction-change.js';
export type * from './eco-publish.js';
export type * from './eco-error.js';
export type * from './eco-load-more.js';
export type * from './eco-vote.js';
export type * from './eco-survey-submit.js';
export type * from './eco-note-save.js';
export type * from './eco-open-post.js';
export type * from './eco-note-select.js';
export type * from './eco-comment.js';
export type * from './eco-membership.js';
export type * from './eco-post-delete.js';
export type * from './eco-open-person.js';
export type * from './eco-open-notification.js';
export type * from './eco-watch-triaged.js';
import type { EcoReactionChangeDetail } from './eco-reaction-change.js';
import type { EcoPublishDetail } from './eco-publish.js';
import type { EcoErrorDetail } from './eco-error.js';
import type { EcoLoadMoreDetail } from './eco-load-more.js';
import type { EcoVoteDetail } from './eco-vote.js';
import type { EcoSurveySubmitDetail } from './eco-survey-submit.js';
import type { EcoNoteSaveDetail } from './eco-note-save.js';
import type { EcoOpenPostDetail } from './eco-open-post.js';
import type { EcoNoteSelectDetail } from './eco-note-select.js';
import type { EcoCommentDetail } from './eco-comment.js';
import type { EcoMembershipDetail } from './eco-membership.js';
import type { EcoPostDeleteDetail } from './eco-post-delete.js';
import type { EcoOpenPersonDetail } from './eco-open-person.js';
import type { EcoOpenNotificationDetail } from './eco-open-notification.js';
import type { EcoWatchTriagedDetail } from './eco-watch-triaged.js';

/** Detail type of every `eco-*` event, for the typed `emit()` of EcoElement. */
export interface EcoEventDetails {
  'eco-reaction-change': EcoReactionChangeDetail;
  'eco-publish': EcoPublishDetail;
  'eco-error': EcoErrorDetail;
  'eco-load-more': EcoLoadMoreDetail;
  'eco-vote': EcoVoteDetail;
  'eco-survey-submit': EcoSurveySubmitDetail;
  'eco-note-save': EcoNoteSaveDetail;
  'eco-open-post': EcoOpenPostDetail;
  'eco-note-select': EcoNoteSelectDetail;
  'eco-comment': EcoCommentDetail;
  'eco-membership': EcoMembershipDetail;
  'eco-post-delete': EcoPostDeleteDetail;
  'eco-open-person': EcoOpenPersonDetail;
  'eco-open-notification': EcoOpenNotificationDetail;
  'eco-watch-triaged': EcoWatchTriagedDetail;
}
