/**
 * A feed mounted over a client that already holds thousands of posts (another
 * feed of the page read them, or a saved copy): in a file of its own, so that
 * the page has not loaded the virtual list yet, as on a page that just opened.
 */
import { expect, fixture, html } from '@open-wc/testing';
import './feed.js';
import type { EcoFeed } from './feed.component.js';
import { VIRTUALIZE_ABOVE_ITEMS } from './feed.component.js';
import type { EcoPost } from '../post/post.component.js';
import type { FeedState } from '@ecotone/core';
import { backend, makePost, until } from '../_test-fixtures.js';

const HELD_POSTS = 2_000;

describe('eco-feed mounted over thousands of loaded posts', () => {
  it('renders a screen of them, then turns virtual, never rendering them all', async function () {
    this.timeout(120_000);
    const b = backend(Array.from({ length: HELD_POSTS }, (_, i) => makePost(i + 1)));
    let state: FeedState | undefined;
    const held = b.client.feed('news').state$.subscribe((s) => (state = s));
    try {
      await until(() => state?.status === 'ready', 'first page');
      while (state!.hasMore) await b.client.feed('news').loadMore();
      expect(state!.items.length).to.equal(HELD_POSTS);

      // Counted at every change of the feed's DOM as it happens (a microtask), not only when a frame comes.
      let most = 0;
      const rendered = () => el.shadowRoot!.querySelectorAll<EcoPost>('[role="feed"] > eco-post');
      const counter = new MutationObserver(() => (most = Math.max(most, rendered().length)));
      const el = document.createElement('eco-feed') as EcoFeed;
      el.client = b.client;
      el.setAttribute('space', 'news');
      el.setAttribute('lang', 'en');
      el.setAttribute('manual-load', '');
      const container = await fixture<HTMLElement>(html`<div></div>`);
      container.append(el);
      counter.observe(el.shadowRoot!, { childList: true, subtree: true });
      await until(() => el.shadowRoot!.querySelector('[role="feed"]')?.classList.contains('virtual') && rendered().length > 0, 'virtual list', 60_000);
      await el.updateComplete;
      counter.disconnect();

      expect(most, `at most ${most} posts rendered at once`).to.be.at.most(VIRTUALIZE_ABOVE_ITEMS);
      // The newest post first, at the top of the list.
      const first = [...rendered()].sort((x, y) => x.getBoundingClientRect().top - y.getBoundingClientRect().top)[0]!;
      expect(first.currentPost?.id).to.equal('p1');
    } finally {
      held.unsubscribe();
      b.client.close();
    }
  });
});
