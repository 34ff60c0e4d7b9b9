import { expect, fixture, html } from '@open-wc/testing';
import './post.js';
import '../composer/composer.js';
import '../comments/comments.js';
import '../like-button/like-button.js';
import type { EcoComments } from '../comments/comments.component.js';
import type { EcoLikeButton } from '../like-button/like-button.component.js';
import type { EcoPost } from './post.component.js';
import type { EcoComposer } from '../composer/composer.component.js';
import { createClient, MemoryTransport, type EcotoneClient } from '@ecotone/core';
import type { SpaceCapabilities } from '@ecotone/protocol';
import { localeLoaded, makePost, seed, until } from '../_test-fixtures.js';

const ALL: SpaceCapabilities = { reactions: true, comments: true, polls: true, previews: true, attachments: true, translations: true, announcements: true };
const q = (el: Element, selector: string) => el.shadowRoot!.querySelector(selector);
const qa = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll(selector)];

/** A world where Alice owns `news`, which offers `capabilities`. */
const post = makePost(1, { linkPreview: { url: 'https://example.com/', title: 'Example', fetchedAt: '2026-11-27T10:00:00Z' } });

function world(capabilities: SpaceCapabilities, withTransport?: (transport: MemoryTransport) => void): EcotoneClient {
  const data = seed([post]);
  data.me.memberships = data.me.memberships.map((m) => (m.spaceId === 'news' ? { ...m, role: 'owner' as const } : m));
  data.spaces = data.spaces.map((s) => (s.id === 'news' ? { ...s, role: 'owner' as const, capabilities } : s));
  const transport = new MemoryTransport(data);
  withTransport?.(transport);
  return createClient({ transport, locale: 'en' });
}

describe('what a space offers', () => {
  let client: EcotoneClient;
  afterEach(() => client.close());

  it('eco-post shows only the reaction kinds, comments and link cards the space offers, and follows an owner’s change', async () => {
    client = world({ ...ALL, reactionKinds: ['like'], comments: false, previews: false });
    const el = await fixture<EcoPost>(html`<eco-post .client=${client} .post=${post}></eco-post>`);
    await until(() => qa(el, 'eco-like-button').length === 1, 'only the kinds offered');
    expect((qa(el, 'eco-like-button')[0] as HTMLElement).getAttribute('kind')).to.equal('like');
    expect(q(el, '[part="comments"]')).to.equal(null);
    expect(q(el, 'eco-link-card')).to.equal(null);
    await client.setSpaceCapabilities('news', { comments: true, reactionKinds: null, previews: true });
    await until(() => q(el, '[part="comments"]'), 'the comments once offered');
    await until(() => qa(el, 'eco-like-button').length === 4, 'every kind once offered');
    await until(() => q(el, 'eco-link-card'), 'the link card once previews are offered');
    await client.setSpaceCapabilities('news', { reactions: false });
    await until(() => qa(el, 'eco-like-button').length === 0, 'no reactions once switched off');
  });

  it('eco-composer offers no poll, files, translations or announcement where the space does not', async () => {
    client = world({ ...ALL, polls: false, attachments: false, translations: false, announcements: false });
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${client} space="news"></eco-composer>`);
    await localeLoaded(client, el);
    // Alice owns the space: the announcement choice would show were announcements offered.
    await client.setSpaceCapabilities('news', { announcements: true });
    await until(() => q(el, '[part="kind"]'), 'the announcement choice once offered');
    expect(q(el, '[part="add-poll"]')).to.equal(null);
    expect(q(el, '[part="add-translation"]')).to.equal(null);
    expect(q(el, '[part="attach"]')).to.equal(null);
    await client.setSpaceCapabilities('news', { polls: true, translations: true, announcements: false });
    await until(() => q(el, '[part="add-poll"]') && q(el, '[part="add-translation"]'), 'poll and translations once offered');
    await until(() => !q(el, '[part="kind"]'), 'no announcement choice once switched off');
  });

  it('eco-comments keeps a thread readable where comments are switched off, with no box, no Reply, and likes only where offered', async () => {
    client = world({ ...ALL, comments: false, reactions: false }, (transport) =>
      transport.addComment({
        id: 'c1', postId: post.id, spaceId: 'news', parentId: null, author: post.author, body: 'Before the switch', locale: 'en',
        createdAt: '2026-11-27T10:00:00Z', deleted: false, reactions: { objectId: 'c1', counts: {}, mine: [] }, canEdit: false, canDelete: false,
      }),
    );
    const el = await fixture<EcoComments>(html`<eco-comments .client=${client} post=${post.id}></eco-comments>`);
    await localeLoaded(client, el);
    await until(() => q(el, '[part="closed"]'), 'says comments are off');
    expect(q(el, '[part="closed"]')!.textContent).to.contain('Comments are switched off in this space.');
    expect(q(el, '[part="comment"]')!.textContent).to.contain('Before the switch');
    expect(q(el, '#c-new')).to.equal(null);
    expect(q(el, '[data-reply]')).to.equal(null);
    expect(q(el, 'eco-like-button')).to.equal(null);
    await client.setSpaceCapabilities('news', { comments: true, reactions: true });
    await until(() => q(el, '#c-new') && q(el, '[data-reply]') && q(el, 'eco-like-button'), 'the box, Reply and Like once offered');
    expect(q(el, '[part="closed"]')).to.equal(null);
  });

  it('a standalone eco-like-button given its space shows nothing while its kind is not offered there', async () => {
    client = world({ ...ALL, reactionKinds: ['celebrate'] });
    const el = await fixture<EcoLikeButton>(html`<eco-like-button .client=${client} object=${post.id} kind="like" space="news"></eco-like-button>`);
    await until(() => el.shadowRoot!.childElementCount === 0 && !q(el, 'button'), 'no button for a kind not offered');
    await client.setSpaceCapabilities('news', { reactionKinds: null });
    await until(() => q(el, 'button'), 'the button once every kind is offered');
    await client.setSpaceCapabilities('news', { reactions: false });
    await until(() => !q(el, 'button'), 'no button once reactions are off');
  });
});
