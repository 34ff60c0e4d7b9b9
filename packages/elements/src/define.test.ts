import { expect } from '@open-wc/testing';
import { EcoLikeButton } from './like-button/like-button.component.js';
import { EcoPost } from './post/post.component.js';
import { EcoFeed } from './feed/feed.component.js';
import { EcoComposer } from './composer/composer.component.js';
import { EcoProvider } from './provider/provider.component.js';
import { EcoPoll } from './poll/poll.component.js';
import { EcoTalkShowQuestions } from './talk-show/talk-show-questions.component.js';
import { EcoSurvey } from './survey/survey.component.js';
import { EcoLinkCard } from './link-card/link-card.component.js';
import { EcoKnowledgeNote } from './knowledge-note/knowledge-note.component.js';
import { EcoComments } from './comments/comments.component.js';
import { EcoSpaces } from './spaces/spaces.component.js';
import { EcoPostSearch } from './post-search/post-search.component.js';
import { EcoConnectionStatus } from './connection-status/connection-status.component.js';
import { EcoNotifications } from './notifications/notifications.component.js';
import { EcoNotificationList } from './notifications/notification-list.component.js';
import { EcoNotificationSettings } from './notification-settings/notification-settings.component.js';
import { EcoAuditLog } from './audit-log/audit-log.component.js';
import { EcoWatchItem } from './watch/watch-item.component.js';
import { EcoQuotedPost } from './quote/quoted-post.component.js';
import { EcoWatchSources } from './watch/watch-sources.component.js';
import { EcoSpaceSettings } from './space-settings/space-settings.component.js';
import { EcoModeration } from './moderation/moderation.component.js';
import { EcoReportDialog } from './moderation/report-dialog.component.js';
import { EcoPerson } from './person/person.component.js';
import { EcoPersonDialog } from './person/person-dialog.component.js';
import { EcoClassification } from './classification/classification.component.js';
import { defineElement } from './base/define.js';

const TAGS = [
  'eco-provider', 'eco-like-button', 'eco-post', 'eco-feed', 'eco-composer', 'eco-poll', 'eco-survey', 'eco-link-card', 'eco-knowledge-note',
  'eco-comments', 'eco-spaces', 'eco-post-search', 'eco-connection-status', 'eco-notifications', 'eco-notification-list',
  'eco-notification-settings', 'eco-person', 'eco-person-dialog', 'eco-talk-show-questions', 'eco-audit-log', 'eco-classification',
  'eco-watch-sources',
  'eco-space-settings',
  'eco-moderation', 'eco-report-dialog',
];

describe('registration', () => {
  it('importing the classes registers no tag', () => {
    expect([
      EcoLikeButton, EcoPost, EcoFeed, EcoComposer, EcoProvider, EcoPoll, EcoSurvey, EcoLinkCard, EcoKnowledgeNote, EcoComments, EcoSpaces, EcoPostSearch,
      EcoConnectionStatus, EcoNotifications, EcoNotificationList, EcoNotificationSettings, EcoPerson, EcoPersonDialog, EcoTalkShowQuestions, EcoAuditLog,
      EcoWatchItem, EcoWatchSources, EcoSpaceSettings, EcoModeration, EcoReportDialog, EcoClassification, EcoQuotedPost,
    ]).to.have.length(27);
    expect([...TAGS, 'eco-watch-item', 'eco-quoted-post'].filter((t) => customElements.get(t))).to.deep.equal([]);
  });

  it('a define module registers its tag and the tags it renders, once', async () => {
    await import('./feed/feed.js');
    expect(customElements.get('eco-feed')).to.equal(EcoFeed);
    expect(customElements.get('eco-post')).to.equal(EcoPost);
    expect(customElements.get('eco-like-button')).to.equal(EcoLikeButton);
    expect(customElements.get('eco-composer')).to.equal(undefined);
    // Posts import the poll elements only when one has polls.
    expect(customElements.get('eco-poll')).to.equal(undefined);
    expect(customElements.get('eco-survey')).to.equal(undefined);
    // Nor the link card, only when one has a link preview.
    expect(customElements.get('eco-link-card')).to.equal(undefined);
    // Nor a talk-show's questions, only under a talk-show.
    expect(customElements.get('eco-talk-show-questions')).to.equal(undefined);
    // Nor a technology-watch item, only with a watch post (not in the index either).
    expect(customElements.get('eco-watch-item')).to.equal(undefined);
    // Nor a quoted post's card, only with a post that quotes another (not in the index either).
    expect(customElements.get('eco-quoted-post')).to.equal(undefined);
    // Nor the comments, only when a reader opens them.
    expect(customElements.get('eco-comments')).to.equal(undefined);
    // Nor the person card and its dialog, only when a reader activates a name.
    expect(customElements.get('eco-person-dialog')).to.equal(undefined);
    expect(customElements.get('eco-person')).to.equal(undefined);
    // Nor a classification label, only on a server with labels.
    expect(customElements.get('eco-classification')).to.equal(undefined);
    await import('./index.js');
    expect(TAGS.filter((t) => !customElements.get(t))).to.deep.equal([]);
  });

  it('starts the warm-up of an element once, when it defines its tag', () => {
    let warmUps = 0;
    class Warmed extends HTMLElement {
      static warmUp(): void {
        warmUps++;
      }
    }
    defineElement('eco-test-warmed', Warmed);
    defineElement('eco-test-warmed', Warmed);
    expect(customElements.get('eco-test-warmed')).to.equal(Warmed);
    expect(warmUps).to.equal(1);
  });
});
