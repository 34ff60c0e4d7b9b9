/**
 * UI strings of the elements, i18next namespace `elements`, in two sets so a
 * page with only `<eco-like-button>` does not download the feed's strings:
 *
 * - `en.json`, `fr.json`, `de.json`: reactions (every element uses them);
 * - `feed.<lng>.json`: post, feed and composer;
 * - `poll.<lng>.json`: poll, survey and the composer's poll editor (loaded
 *   with those elements, which `<eco-post>` and `<eco-composer>` import lazily);
 * - `link-card.<lng>.json`: the link card (loaded with it; `<eco-post>` imports
 *   it lazily for posts with a link preview);
 * - `knowledge-note.<lng>.json`: `<eco-knowledge-note>` (loaded with it);
 * - `knowledge-search.<lng>.json`: `<eco-knowledge-search>` (loaded with it);
 * - `comments.<lng>.json`: `<eco-comments>` (loaded with it; `<eco-post>`
 *   imports it lazily when a reader opens the comments);
 * - `spaces.<lng>.json`: `<eco-spaces>` (loaded with it);
 * - `post-search.<lng>.json`: `<eco-post-search>` (loaded with it);
 * - `outbox.<lng>.json`: writes waiting to be sent or refused, in `<eco-feed>` and `<eco-composer>`;
 * - `connection.<lng>.json`: `<eco-connection-status>` (loaded with it);
 * - `notifications.<lng>.json`: `<eco-notifications>` and its panel `<eco-notification-list>` (loaded with them);
 * - `notification-settings.<lng>.json`: `<eco-notification-settings>` (loaded with it);
 * - `space-settings.<lng>.json`: `<eco-space-settings>` (loaded with it);
 * - `mention-picker.<lng>.json`: the `@` people picker (loaded with it, on the
 *   first `@` typed in a composer, a comment box or a note's editor).
 * - `attach.<lng>.json`: the composer's "Attach files" button and drop zone (with it);
 * - `uploads.<lng>.json`: the composer's list of files being attached (loaded
 *   with it, on the first file chosen, dropped or pasted).
 * - `note-files.<lng>.json`: the files in `<eco-knowledge-note>`'s editor (loaded
 *   with them, when the editor first opens).
 * - `person.<lng>.json`: `<eco-person>` and the person dialog (loaded with them; names and
 *   avatars of other elements import them lazily when first activated).
 * - `talk-show.<lng>.json`: `<eco-talk-show-questions>`, a talk-show's question
 *   queue (loaded with it; `<eco-post>` imports it lazily for talk-show posts).
 * - `watch.<lng>.json`: `<eco-watch-item>` (a technology-watch post's item
 *   and triage, which `<eco-post>` imports lazily) and `<eco-watch-sources>`.
 * - `talk-show-editor.<lng>.json`: `<eco-talk-show-editor>`, the composer's
 *   talk-show editor (loaded with it, on the first "Schedule a talk-show").
 * - `audit-log.<lng>.json`: `<eco-audit-log>`, the auditors' reading of the
 *   audit trail (loaded with it).
 * - `quote.<lng>.json`: `<eco-quoted-post>`, the post a post quotes (which
 *   `<eco-post>` imports lazily with the first quoting post).
 * - `moderation.<lng>.json`: `<eco-moderation>`, the owners' queue, and the
 *   report dialog (loaded with them; `<eco-post>` imports the dialog lazily).
 * - `classification.<lng>.json`: `<eco-classification>`, a space's label (loaded
 *   with it, only on a server with labels).
 *
 * Plurals use i18next's `_one` / `_other` (and French `_many`) suffixes chosen
 * by `Intl.PluralRules`; `{{formatted}}` is the locale-formatted count.
 */
import type { LocaleStrings } from '@ecotone/core';
import en from './en.json' with { type: 'json' };
// For the key type: a type-only import keeps the declaration file free of a
// JSON value import, which TypeScript emits without its `with` attribute.
import type reactionsEn from './en.json';
import type feedEn from './feed.en.json';
import type pollEn from './poll.en.json';
import type pollEditorEn from './poll-editor.en.json';
import type linkCardEn from './link-card.en.json';
import type knowledgeNoteEn from './knowledge-note.en.json';
import type knowledgeSearchEn from './knowledge-search.en.json';
import type commentsEn from './comments.en.json';
import type spacesEn from './spaces.en.json';
import type postSearchEn from './post-search.en.json';
import type outboxEn from './outbox.en.json';
import type connectionEn from './connection.en.json';
import type notificationsEn from './notifications.en.json';
import type notificationSettingsEn from './notification-settings.en.json';
import type mentionPickerEn from './mention-picker.en.json';
import type personEn from './person.en.json';
import type lightboxEn from './lightbox.en.json';
import type videoEn from './video.en.json';
import type attachEn from './attach.en.json';
import type uploadsEn from './uploads.en.json';
import type noteFilesEn from './note-files.en.json';
import type attachmentsEn from './attachments.en.json';
import type talkShowEn from './talk-show.en.json';
import type talkShowEditorEn from './talk-show-editor.en.json';
import type auditLogEn from './audit-log.en.json';
import type watchEn from './watch.en.json';
import type spaceSettingsEn from './space-settings.en.json';
import type moderationEn from './moderation.en.json';
import type classificationEn from './classification.en.json';
import type quoteEn from './quote.en.json';

/** i18next namespace the elements register their strings under. */
export const ELEMENTS_NAMESPACE = 'elements';

/** One set of strings in every shipped locale: English bundled, the others loaded when first used. */
export type StringSet = LocaleStrings<Readonly<Record<string, string>>>;

type AllKeys = keyof typeof reactionsEn | keyof typeof feedEn | keyof typeof pollEn | keyof typeof pollEditorEn | keyof typeof linkCardEn
  | keyof typeof knowledgeNoteEn | keyof typeof knowledgeSearchEn | keyof typeof commentsEn | keyof typeof spacesEn
  | keyof typeof postSearchEn | keyof typeof outboxEn | keyof typeof connectionEn | keyof typeof notificationsEn
  | keyof typeof notificationSettingsEn | keyof typeof mentionPickerEn | keyof typeof personEn | keyof typeof lightboxEn | keyof typeof videoEn
  | keyof typeof attachEn | keyof typeof uploadsEn | keyof typeof attachmentsEn | keyof typeof talkShowEn
  | keyof typeof talkShowEditorEn | keyof typeof noteFilesEn | keyof typeof auditLogEn
  | keyof typeof watchEn
  | keyof typeof spaceSettingsEn
  | keyof typeof moderationEn
  | keyof typeof classificationEn
  | keyof typeof quoteEn;
/** Keys callers pass to `t()`: plural suffixes stripped. */
export type MessageKey = AllKeys extends infer K ? (K extends `${infer Base}_${'one' | 'many' | 'other'}` ? Base : K) : never;

/** The reaction strings, used by every element. */
export const reactionStrings: StringSet = {
  en,
  fr: () => import('./fr.json', { with: { type: 'json' } }).then((m) => m.default),
  de: () => import('./de.json', { with: { type: 'json' } }).then((m) => m.default),
};
