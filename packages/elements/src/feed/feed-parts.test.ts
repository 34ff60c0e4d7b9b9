/**
 * A feed adds a post once the modules of its parts (a poll, a talk show) have
 * arrived, so the post renders whole in its first render: in a file of its
 * own, so that the page has not loaded the polls' module yet, as on a page
 * that just opened.
 */
import { expect, fixture, html } from '@open-wc/testing';
import './feed.js';
import { PARTS_WAIT_MAX_MS, type EcoFeed } from './feed.component.js';
import { EcoPost } from '../post/post.component.js';
import { backend, makePoll, makePost, until } from '../_test-fixtures.js';

describe('eco-feed and the parts of its posts', () => {
  it('renders a post with a poll whole at once: it never shows its poll’s placeholder', async () => {
    expect(customElements.get('eco-poll'), 'the polls’ module, not loaded yet').to.equal(undefined);
    const poll = makePoll({ postId: 'p2', question: 'Lunch?' });
    const b = backend([makePost(1), makePost(2, { polls: [poll] }), makePost(3)], [poll]);
    const withTwoPolls = makePost(4, { polls: [makePoll({ id: 'q1', postId: 'p4' }), makePoll({ id: 'q2', postId: 'p4' })] });
    // The first poll of the page starts a slice of its own in the feed (its first render costs several times a later one).
    expect(EcoPost.bringsNewParts(makePost(2, { polls: [poll] })), 'a poll, before any rendered').to.equal(true);
    expect(EcoPost.bringsNewParts(makePost(1)), 'a post without parts').to.equal(false);
    // Every update of every post: whether it showed the placeholder of its polls.
    const placeholders: string[] = [];
    type Updated = (this: EcoPost, changed: Map<PropertyKey, unknown>) => void;
    const prototype = EcoPost.prototype as unknown as { updated: Updated };
    const updated = prototype.updated;
    const own = Object.getOwnPropertyDescriptor(prototype, 'updated');
    prototype.updated = function (changed) {
      if (this.shadowRoot?.querySelector('[part="polls"][aria-busy="true"]')) placeholders.push(this.currentPost?.id ?? '?');
      updated.call(this, changed);
    };
    try {
      const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news" lang="en"></eco-feed>`);
      const withPoll = await until(
        () => [...el.shadowRoot!.querySelectorAll<EcoPost>('eco-post')].find((p) => p.currentPost?.id === 'p2'),
        'the post with a poll',
      );
      await until(() => withPoll.shadowRoot!.querySelector('eco-poll')?.shadowRoot?.querySelector('legend'), 'its poll');
      await el.updateComplete;
      expect(placeholders, 'posts that showed the polls’ placeholder').to.deep.equal([]);
      expect(EcoPost.bringsNewParts(makePost(2, { polls: [poll] })), 'a poll, once one has rendered').to.equal(false);
      expect(EcoPost.bringsNewParts(withTwoPolls), 'a survey, before any rendered').to.equal(true);
    } finally {
      if (own) Object.defineProperty(prototype, 'updated', own);
      else delete (prototype as Partial<typeof prototype>).updated;
      b.client.close();
    }
  });

  it('adds a post whose parts never arrive (a stalled network) after PARTS_WAIT_MAX_MS: its parts come after it', async () => {
    const modulesFor = EcoPost.modulesFor;
    EcoPost.modulesFor = () => new Promise(() => undefined);
    const poll = makePoll({ id: 'stalled', postId: 'p2', question: 'Stalled?' });
    const b = backend([makePost(1), makePost(2, { polls: [poll] })], [poll]);
    try {
      const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news" lang="en"></eco-feed>`);
      await until(
        () => [...el.shadowRoot!.querySelectorAll<EcoPost>('eco-post')].find((p) => p.currentPost?.id === 'p2'),
        `the post with a poll, within ${PARTS_WAIT_MAX_MS} ms of each wait`,
      );
      const withPoll = [...el.shadowRoot!.querySelectorAll<EcoPost>('eco-post')].find((p) => p.currentPost?.id === 'p2')!;
      await until(() => withPoll.shadowRoot!.querySelector('eco-poll')?.shadowRoot?.querySelector('legend'), 'its poll, through the post’s own import');
    } finally {
      EcoPost.modulesFor = modulesFor;
      b.client.close();
    }
  });
});
