import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, MemoryTransport } from '@ecotone/core';
import { personPath, type Actor } from '@ecotone/protocol';
import './person.js';
import type { EcoPerson } from './person.component.js';
import { PersonHarness } from './_harness.js';
import { alice, bob, localeLoaded, makePost, seed, spyEvents, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const carol: Actor = { id: 'carol', displayName: 'Carol Ündal', locale: 'en', site: 'Cambridge', title: 'Data Engineer', deactivated: true };

/** A world where Bob (Europe/Zurich) shares `news` with Alice (the caller) and wrote posts; Carol has left. */
function world(): TestBackend {
  const transport = new MemoryTransport({
    ...seed([
      makePost(1, { body: 'The **canteen** reopens on Monday, with a [new menu](https://example.com/menu).' }),
      makePost(3, { body: 'Second post by Bob' }),
      makePost(2),
    ]),
    people: [carol],
    timeZones: { bob: 'Europe/Zurich' },
  });
  transport.addMember('news', { actor: bob, role: 'member', since: '2026-01-01T00:00:00.000Z' });
  transport.addMember('news', { actor: alice, role: 'member', since: '2026-01-01T00:00:00.000Z' });
  return { transport, client: createClient({ transport, locale: 'en' }) };
}

describe('eco-person', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = world();
  });
  afterEach(() => b.client.close());

  async function person(actorId: string, lang = 'en') {
    const el = await fixture<EcoPerson>(html`<eco-person .client=${b.client} actor-id=${actorId} lang=${lang}></eco-person>`);
    const h = new PersonHarness(el);
    await until(() => !h.busy && (h.name || h.part('status') || h.part('error')), 'the card settled');
    await localeLoaded(b.client, el, lang);
    return { el, h };
  }

  describe('accessibility', () => {
    it('is accessible with a person, their spaces and posts', async () => {
      const { el } = await person('bob');
      await expectAccessible(el);
    });

    it('is accessible loading, not found, failed and for a former member', async () => {
      const release = b.transport.hold();
      const loading = await fixture<EcoPerson>(html`<eco-person .client=${b.client} actor-id="bob"></eco-person>`);
      expect(new PersonHarness(loading).busy).to.equal(true);
      await expectAccessible(loading);
      release();
      await expectAccessible((await person('nobody')).el);
      b.transport.failNext('internal');
      await expectAccessible((await person('bob')).el);
      await expectAccessible((await person('carol')).el);
    });
  });

  describe('attributes', () => {
    it('shows name, title, site, the spaces in common and recent posts as plain excerpts, newest first', async () => {
      const { h } = await person('bob');
      expect(h.name).to.equal('Bob Keller');
      expect(h.text('site')).to.equal('Basel');
      expect(h.spaces).to.deep.equal(['News']);
      expect(h.posts.map((p) => p.querySelector('.excerpt')!.textContent)).to.deep.equal([
        'The canteen reopens on Monday, with a new menu.',
        'Second post by Bob',
      ]);
      expect(h.part('avatar')!.textContent!.trim()).to.equal('BK');
    });

    it("shows the person's local time in their time zone, and says when it is unknown", async () => {
      const { h } = await person('bob');
      const expected = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', weekday: 'short', timeZone: 'Europe/Zurich' }).format(new Date());
      // The minute may turn between the two readings: either reading is the card's.
      const shown = h.text('local-time');
      expect(shown.startsWith('Local time: ')).to.equal(true);
      expect([expected, new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', weekday: 'short', timeZone: 'Europe/Zurich' }).format(new Date(Date.now() - 60_000))]).to.include(shown.slice('Local time: '.length));
      const alone = await person('alice');
      expect(alone.h.text('local-time')).to.equal('Local time unknown');
    });

    it('marks a former member, and says when there is nothing in common', async () => {
      const { h } = await person('carol');
      expect(h.name).to.equal('Carol Ündal');
      expect(h.text('former-member')).to.contain('Former member');
      expect(h.all).to.contain('No spaces in common.');
      expect(h.all).to.contain('No recent posts you can see.');
    });

    it('says an unknown person was not found, without an error event', async () => {
      const errors: Event[] = [];
      document.addEventListener('eco-error', (e) => errors.push(e), { once: true });
      const { h } = await person('nobody');
      expect(h.text('status')).to.equal('This person was not found.');
      expect(errors).to.have.length(0);
    });

    it('speaks French and German', async () => {
      expect((await person('carol', 'fr')).h.all).to.contain('Aucun espace en commun.');
      expect((await person('alice', 'de')).h.text('local-time')).to.equal('Ortszeit unbekannt');
    });
  });

  describe('properties', () => {
    it('loads another person when actorId changes', async () => {
      const { el, h } = await person('bob');
      el.actorId = 'carol';
      await until(() => h.name === 'Carol Ündal', 'the new person');
      expect(b.transport.requests.filter((r) => r.path === personPath('carol'))).to.have.length(1);
    });
  });

  describe('events', () => {
    it('emits eco-open-post when a recent post is activated', async () => {
      const { el, h } = await person('bob');
      const opened = spyEvents(el, 'eco-open-post');
      h.posts[1]!.click();
      expect(opened.map((e) => e.detail.postId)).to.deep.equal(['p3']);
      expect(opened[0]!.bubbles && opened[0]!.composed).to.equal(true);
    });

    it('reports a failure with eco-error and loads again on Retry', async () => {
      b.transport.failNext('internal');
      const errors = spyEvents(document, 'eco-error');
      const { h } = await person('bob');
      expect(h.part('error')!.getAttribute('role')).to.equal('alert');
      expect(errors.map((e) => e.detail.action)).to.deep.equal(['load']);
      h.retry!.click();
      await until(() => h.name === 'Bob Keller', 'loaded after Retry');
    });
  });

  describe('keyboard', () => {
    it('opens a recent post with Tab and Enter', async () => {
      const { el } = await person('bob');
      const opened = spyEvents(el, 'eco-open-post');
      el.focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' });
      expect(opened.map((e) => e.detail.postId)).to.deep.equal(['p1']);
    });
  });
});
