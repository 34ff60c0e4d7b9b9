import { expect } from '@open-wc/testing';
import reactionsEn from './en.json' with { type: 'json' };
import reactionsFr from './fr.json' with { type: 'json' };
import reactionsDe from './de.json' with { type: 'json' };
import feedEn from './feed.en.json' with { type: 'json' };
import feedFr from './feed.fr.json' with { type: 'json' };
import feedDe from './feed.de.json' with { type: 'json' };
import pollEn from './poll.en.json' with { type: 'json' };
import pollFr from './poll.fr.json' with { type: 'json' };
import pollDe from './poll.de.json' with { type: 'json' };
import pollEditorEn from './poll-editor.en.json' with { type: 'json' };
import pollEditorFr from './poll-editor.fr.json' with { type: 'json' };
import pollEditorDe from './poll-editor.de.json' with { type: 'json' };
import linkCardEn from './link-card.en.json' with { type: 'json' };
import linkCardFr from './link-card.fr.json' with { type: 'json' };
import linkCardDe from './link-card.de.json' with { type: 'json' };
import knowledgeNoteEn from './knowledge-note.en.json' with { type: 'json' };
import knowledgeNoteFr from './knowledge-note.fr.json' with { type: 'json' };
import knowledgeNoteDe from './knowledge-note.de.json' with { type: 'json' };
import knowledgeSearchEn from './knowledge-search.en.json' with { type: 'json' };
import knowledgeSearchFr from './knowledge-search.fr.json' with { type: 'json' };
import knowledgeSearchDe from './knowledge-search.de.json' with { type: 'json' };
import commentsEn from './comments.en.json' with { type: 'json' };
import commentsFr from './comments.fr.json' with { type: 'json' };
import commentsDe from './comments.de.json' with { type: 'json' };
import spacesEn from './spaces.en.json' with { type: 'json' };
import spacesFr from './spaces.fr.json' with { type: 'json' };
import spacesDe from './spaces.de.json' with { type: 'json' };
import postSearchEn from './post-search.en.json' with { type: 'json' };
import postSearchFr from './post-search.fr.json' with { type: 'json' };
import postSearchDe from './post-search.de.json' with { type: 'json' };
import outboxEn from './outbox.en.json' with { type: 'json' };
import outboxFr from './outbox.fr.json' with { type: 'json' };
import outboxDe from './outbox.de.json' with { type: 'json' };
import connectionEn from './connection.en.json' with { type: 'json' };
import connectionFr from './connection.fr.json' with { type: 'json' };
import connectionDe from './connection.de.json' with { type: 'json' };
import notificationsEn from './notifications.en.json' with { type: 'json' };
import notificationsFr from './notifications.fr.json' with { type: 'json' };
import notificationsDe from './notifications.de.json' with { type: 'json' };
import notificationSettingsEn from './notification-settings.en.json' with { type: 'json' };
import notificationSettingsFr from './notification-settings.fr.json' with { type: 'json' };
import notificationSettingsDe from './notification-settings.de.json' with { type: 'json' };
import spaceSettingsEn from './space-settings.en.json' with { type: 'json' };
import spaceSettingsFr from './space-settings.fr.json' with { type: 'json' };
import spaceSettingsDe from './space-settings.de.json' with { type: 'json' };
import mentionPickerEn from './mention-picker.en.json' with { type: 'json' };
import mentionPickerFr from './mention-picker.fr.json' with { type: 'json' };
import mentionPickerDe from './mention-picker.de.json' with { type: 'json' };
import personEn from './person.en.json' with { type: 'json' };
import personFr from './person.fr.json' with { type: 'json' };
import personDe from './person.de.json' with { type: 'json' };
import lightboxEn from './lightbox.en.json' with { type: 'json' };
import attachmentsEn from './attachments.en.json' with { type: 'json' };
import attachmentsFr from './attachments.fr.json' with { type: 'json' };
import attachmentsDe from './attachments.de.json' with { type: 'json' };
import lightboxFr from './lightbox.fr.json' with { type: 'json' };
import lightboxDe from './lightbox.de.json' with { type: 'json' };
import videoEn from './video.en.json' with { type: 'json' };
import videoFr from './video.fr.json' with { type: 'json' };
import videoDe from './video.de.json' with { type: 'json' };
import attachEn from './attach.en.json' with { type: 'json' };
import attachFr from './attach.fr.json' with { type: 'json' };
import attachDe from './attach.de.json' with { type: 'json' };
import uploadsEn from './uploads.en.json' with { type: 'json' };
import uploadsFr from './uploads.fr.json' with { type: 'json' };
import uploadsDe from './uploads.de.json' with { type: 'json' };
import noteFilesEn from './note-files.en.json' with { type: 'json' };
import noteFilesFr from './note-files.fr.json' with { type: 'json' };
import noteFilesDe from './note-files.de.json' with { type: 'json' };
import talkShowEn from './talk-show.en.json' with { type: 'json' };
import talkShowFr from './talk-show.fr.json' with { type: 'json' };
import talkShowDe from './talk-show.de.json' with { type: 'json' };
import watchEn from './watch.en.json' with { type: 'json' };
import watchFr from './watch.fr.json' with { type: 'json' };
import watchDe from './watch.de.json' with { type: 'json' };
import quoteEn from './quote.en.json' with { type: 'json' };
import quoteFr from './quote.fr.json' with { type: 'json' };
import quoteDe from './quote.de.json' with { type: 'json' };
import talkShowEditorEn from './talk-show-editor.en.json' with { type: 'json' };
import talkShowEditorFr from './talk-show-editor.fr.json' with { type: 'json' };
import talkShowEditorDe from './talk-show-editor.de.json' with { type: 'json' };
import auditLogEn from './audit-log.en.json' with { type: 'json' };
import auditLogFr from './audit-log.fr.json' with { type: 'json' };
import auditLogDe from './audit-log.de.json' with { type: 'json' };
import moderationEn from './moderation.en.json' with { type: 'json' };
import moderationFr from './moderation.fr.json' with { type: 'json' };
import moderationDe from './moderation.de.json' with { type: 'json' };
import classificationEn from './classification.en.json' with { type: 'json' };
import classificationFr from './classification.fr.json' with { type: 'json' };
import classificationDe from './classification.de.json' with { type: 'json' };
import { reactionStrings } from './locales.js';
import { feedStrings } from './feed-strings.js';
import { pollStrings } from './poll-strings.js';
import { pollEditorStrings } from './poll-editor-strings.js';
import { linkCardStrings } from './link-card-strings.js';
import { knowledgeNoteStrings } from './knowledge-note-strings.js';
import { knowledgeSearchStrings } from './knowledge-search-strings.js';
import { commentsStrings } from './comments-strings.js';
import { spacesStrings } from './spaces-strings.js';
import { postSearchStrings } from './post-search-strings.js';
import { outboxStrings } from './outbox-strings.js';
import { connectionStrings } from './connection-strings.js';
import { notificationsStrings } from './notifications-strings.js';
import { notificationSettingsStrings } from './notification-settings-strings.js';
import { spaceSettingsStrings } from './space-settings-strings.js';
import { mentionPickerStrings } from './mention-picker-strings.js';
import { personStrings } from './person-strings.js';
import { lightboxStrings } from './lightbox-strings.js';
import { attachmentsStrings } from './attachments-strings.js';
import { videoStrings } from './video-strings.js';
import { attachStrings } from './attach-strings.js';
import { uploadsStrings } from './uploads-strings.js';
import { talkShowStrings } from './talk-show-strings.js';
import { watchStrings } from './watch-strings.js';
import { quoteStrings } from './quote-strings.js';
import { talkShowEditorStrings } from './talk-show-editor-strings.js';
import { noteFilesStrings } from './note-files-strings.js';
import { auditLogStrings } from './audit-log-strings.js';
import { moderationStrings } from './moderation-strings.js';
import { classificationStrings } from './classification-strings.js';

type Bundle = Record<string, string>;
type Bundles = { en: Bundle; fr: Bundle; de: Bundle };

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Keys without their plural suffix. */
function baseKeys(bundle: Record<string, string>): string[] {
  return [...new Set(Object.keys(bundle).map((k) => k.replace(PLURAL, '')))].sort();
}

const SETS: Record<string, Bundles> = {
  reactions: { en: reactionsEn, fr: reactionsFr, de: reactionsDe },
  feed: { en: feedEn, fr: feedFr, de: feedDe },
  poll: { en: pollEn, fr: pollFr, de: pollDe },
  pollEditor: { en: pollEditorEn, fr: pollEditorFr, de: pollEditorDe },
  linkCard: { en: linkCardEn, fr: linkCardFr, de: linkCardDe },
  knowledgeNote: { en: knowledgeNoteEn, fr: knowledgeNoteFr, de: knowledgeNoteDe },
  knowledgeSearch: { en: knowledgeSearchEn, fr: knowledgeSearchFr, de: knowledgeSearchDe },
  comments: { en: commentsEn, fr: commentsFr, de: commentsDe },
  spaces: { en: spacesEn, fr: spacesFr, de: spacesDe },
  postSearch: { en: postSearchEn, fr: postSearchFr, de: postSearchDe },
  outbox: { en: outboxEn, fr: outboxFr, de: outboxDe },
  connection: { en: connectionEn, fr: connectionFr, de: connectionDe },
  notifications: { en: notificationsEn, fr: notificationsFr, de: notificationsDe },
  notificationSettings: { en: notificationSettingsEn, fr: notificationSettingsFr, de: notificationSettingsDe },
  mentionPicker: { en: mentionPickerEn, fr: mentionPickerFr, de: mentionPickerDe },
  person: { en: personEn, fr: personFr, de: personDe },
  lightbox: { en: lightboxEn, fr: lightboxFr, de: lightboxDe },
  attachments: { en: attachmentsEn, fr: attachmentsFr, de: attachmentsDe },
  video: { en: videoEn, fr: videoFr, de: videoDe },
  attach: { en: attachEn, fr: attachFr, de: attachDe },
  uploads: { en: uploadsEn, fr: uploadsFr, de: uploadsDe },
  talkShow: { en: talkShowEn, fr: talkShowFr, de: talkShowDe },
  watch: { en: watchEn, fr: watchFr, de: watchDe },
  quote: { en: quoteEn, fr: quoteFr, de: quoteDe },
  talkShowEditor: { en: talkShowEditorEn, fr: talkShowEditorFr, de: talkShowEditorDe },
  noteFiles: { en: noteFilesEn, fr: noteFilesFr, de: noteFilesDe },
  auditLog: { en: auditLogEn, fr: auditLogFr, de: auditLogDe },
  spaceSettings: { en: spaceSettingsEn, fr: spaceSettingsFr, de: spaceSettingsDe },
  moderation: { en: moderationEn, fr: moderationFr, de: moderationDe },
  classification: { en: classificationEn, fr: classificationFr, de: classificationDe },
};

describe('element string sets', () => {
  it('bundle English and load French and German lazily, as the JSON files say', async () => {
    for (const [set, files] of [
      [reactionStrings, SETS['reactions']!],
      [feedStrings, SETS['feed']!],
      [pollStrings, SETS['poll']!],
      [pollEditorStrings, SETS['pollEditor']!],
      [linkCardStrings, SETS['linkCard']!],
      [knowledgeNoteStrings, SETS['knowledgeNote']!],
      [knowledgeSearchStrings, SETS['knowledgeSearch']!],
      [commentsStrings, SETS['comments']!],
      [spacesStrings, SETS['spaces']!],
      [postSearchStrings, SETS['postSearch']!],
      [outboxStrings, SETS['outbox']!],
      [connectionStrings, SETS['connection']!],
      [notificationsStrings, SETS['notifications']!],
      [notificationSettingsStrings, SETS['notificationSettings']!],
      [spaceSettingsStrings, SETS['spaceSettings']!],
      [mentionPickerStrings, SETS['mentionPicker']!],
      [personStrings, SETS['person']!],
      [lightboxStrings, SETS['lightbox']!],
      [attachmentsStrings, SETS['attachments']!],
      [videoStrings, SETS['video']!],
      [attachStrings, SETS['attach']!],
      [uploadsStrings, SETS['uploads']!],
      [talkShowStrings, SETS['talkShow']!],
      [watchStrings, SETS['watch']!],
      [quoteStrings, SETS['quote']!],
      [talkShowEditorStrings, SETS['talkShowEditor']!],
      [noteFilesStrings, SETS['noteFiles']!],
      [auditLogStrings, SETS['auditLog']!],
      [moderationStrings, SETS['moderation']!],
      [classificationStrings, SETS['classification']!],
    ] as const) {
      expect(set.en).to.deep.equal(files.en);
      expect(typeof set.fr).to.equal('function');
      expect(await (set.fr as () => Promise<Bundle>)()).to.deep.equal(files.fr);
      expect(await (set.de as () => Promise<Bundle>)()).to.deep.equal(files.de);
    }
  });
});

for (const [setName, elementsResources] of Object.entries(SETS)) describe(`element strings: ${setName}`, () => {
  const { en, fr, de } = elementsResources;

  it('have the same keys in en, fr and de', () => {
    expect(baseKeys(fr)).to.deep.equal(baseKeys(en));
    expect(baseKeys(de)).to.deep.equal(baseKeys(en));
  });

  for (const [lng, bundle] of Object.entries(elementsResources)) {
    it(`${lng}: every plural key has each form Intl.PluralRules selects`, () => {
      const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
      const plurals = new Set(Object.keys(bundle).filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const key of plurals) {
        for (const category of categories) expect(bundle, `${lng} ${key}_${category}`).to.have.property(`${key}_${category}`);
      }
    });

    it(`${lng}: uses the same placeholders as English`, () => {
      const placeholders = (s: string | undefined) => [...(s ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const key of Object.keys(bundle)) {
        const english = en[key] ?? en[key.replace(PLURAL, '_other')];
        expect(placeholders(bundle[key]), `${lng} ${key}`).to.deep.equal(placeholders(english));
      }
    });

    it(`${lng}: has no empty string`, () => {
      expect(Object.entries(bundle).filter(([, v]) => !v.trim())).to.deep.equal([]);
    });
  }

  it('French and German are translated, not copied', () => {
    const same = (other: Record<string, string>) => Object.keys(en).filter((k) => en[k] === other[k] && !/^[\d{}/ .]*$/.test(en[k]!));
    // Words that are the same in both languages (German says Online and Offline too).
    const allowed = new Set(['postKindQuestion', 'editorQuestionN', 'editorOptionN', 'linkCardVideo', 'postOriginal', 'spacesSite',
      'connectionOnline', 'connectionOffline', 'notifTitle', 'videoLabel', 'attachmentKind_image', 'attachmentKind_document', 'attachmentKind_video',
      'postKindTalkShow', 'tsEditorLabel', 'questionsLabel', 'talkShowWhen', 'questionVotes_one', 'questionVotes_other',
      // The same words in French or German: Action, Details, Note, Person, Server, Token; a dash for no detail.
      'auditFilterAction', 'auditColAction', 'auditColDetail', 'auditNoDetail', 'auditTarget_note', 'auditTarget_person', 'auditTarget_server', 'auditTarget_token']);
    expect(same(fr).filter((k) => !allowed.has(k))).to.deep.equal([]);
    expect(same(de).filter((k) => !allowed.has(k))).to.deep.equal([]);
  });
});
