import { expect, fixture, html } from '@open-wc/testing';
import './post.js';
import '../composer/composer.js';
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

function world(capabilities: SpaceCapabilities): EcotoneClient {
  const data = seed([post]);
  data.me.memberships = data.me.memberships.map((m) => (m.spaceId === 'news' ? { ...m, role: 'owner' as const } : m));
  data.spaces = data.spaces.map((s) => (s.id === 'news' ? { ...s, role: 'owner' as const, capabilities } : s));
  return createClient({ transport: new MemoryTransport(data), locale: 'en' });
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
});
