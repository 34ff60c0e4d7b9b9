import { expect } from '@open-wc/testing';
import * as base from './index.js';

describe('@ecotone/elements/base', () => {
  it('gives a custom widget its building blocks and registers no element', () => {
    for (const name of ['EcoElement', 'ObservableController', 'LocalizeController', 'AsyncStatusController', 'registerPostExtension', 'clientContext', 'defineElement', 'MentionsController']) {
      expect(base, name).to.have.property(name);
    }
    const ecotoneTags = ['provider', 'like-button', 'post', 'feed', 'composer', 'poll', 'survey', 'link-card', 'knowledge-note', 'knowledge-search', 'comments', 'spaces', 'post-search', 'connection-status', 'notifications', 'notification-list', 'notification-settings']
      .map((name) => `eco-${name}`)
      .filter((tag) => customElements.get(tag) !== undefined);
    expect(ecotoneTags).to.deep.equal([]);
  });
});
