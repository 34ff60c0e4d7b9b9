import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './like-button.js';
import type { EcoLikeButton } from './like-button.component.js';
import { LikeButtonHarness } from './_harness.js';
import { backend, spyEvents, until, type TestBackend, localeLoaded } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

async function likeButton(b: TestBackend, attrs: { kind?: string; lang?: string } = {}) {
  const el = await fixture<EcoLikeButton>(
    html`<eco-like-button .client=${b.client} object="p1" kind=${attrs.kind ?? 'like'} lang=${attrs.lang ?? 'en'}></eco-like-button>`,
  );
  const h = new LikeButtonHarness(el);
  await h.ready();
  await localeLoaded(b.client, el, attrs.lang);
  return { el, h };
}

describe('eco-like-button', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend();
  });
  afterEach(() => b.client.close());

  it('is accessible', async () => {
    const { el } = await likeButton(b);
    await expectAccessible(el);
  });

  it('is accessible while pressed and after an error', async () => {
    const { el, h } = await likeButton(b);
    h.button.click();
    await until(() => h.pressed && !h.busy);
    b.transport.failNext('conflict');
    h.button.click();
    await until(() => h.error, 'error message');
    await expectAccessible(el);
  });

  describe('attributes', () => {
    it('shows the count and labels the button with it', async () => {
      const { h } = await likeButton(b);
      expect(h.count).to.equal('12');
      expect(h.label).to.equal('Like, 12 people');
      expect(h.pressed).to.equal(false);
    });

    it('uses the singular for one person', async () => {
      b = backend([{ ...(await import('../_test-fixtures.js')).makePost(1), reactions: { objectId: 'p1', counts: { like: 1 }, mine: [] } }]);
      const { h } = await likeButton(b);
      expect(h.label).to.equal('Like, 1 person');
    });

    it('supports the other reaction kinds with their own names', async () => {
      for (const [kind, name] of [
        ['celebrate', 'Celebrate'],
        ['insightful', 'Insightful'],
        ['support', 'Support'],
      ] as const) {
        const { h } = await likeButton(b, { kind });
        expect(h.label).to.equal(`${name}, 0 people`);
      }
    });

    it('is translated to French and German with plurals', async () => {
      const fr = await likeButton(b, { lang: 'fr' });
      expect(fr.h.label).to.equal('J’aime, 12 personnes');
      const de = await likeButton(b, { lang: 'de' });
      expect(de.h.label).to.equal('Gefällt mir, 12 Personen');
      de.el.setAttribute('lang', 'fr');
      await until(() => de.h.label === 'J’aime, 12 personnes', 'label in French after lang change');
    });

    it('follows strings added or removed after its first render', async () => {
      const { el, h } = await likeButton(b, { lang: 'fr' });
      expect(h.label).to.equal('J’aime, 12 personnes');
      // An integrator's override, after the button has rendered.
      b.client.i18n.addResourceBundle('fr', 'elements', { kindLike: 'Bravo' }, true, true);
      await until(() => h.label === 'Bravo, 12 personnes', 'overridden name');
      b.client.i18n.removeResourceBundle('fr', 'elements');
      el.requestUpdate();
      await el.updateComplete;
      expect(h.label).to.equal('Like, 12 people');
    });

    it('follows the client locale when no lang is set', async () => {
      const el = await fixture<EcoLikeButton>(html`<eco-like-button .client=${b.client} object="p1"></eco-like-button>`);
      const h = new LikeButtonHarness(el);
      await h.ready();
      await b.client.setLocale('de');
      await until(() => h.label === 'Gefällt mir, 12 Personen', 'German label');
      await b.client.setLocale('fr');
      await until(() => h.label === 'J’aime, 12 personnes', 'French label');
    });

    it('reflects disabled and ignores clicks then', async () => {
      const { el, h } = await likeButton(b);
      el.disabled = true;
      await el.updateComplete;
      expect(el.hasAttribute('disabled')).to.equal(true);
      expect(h.button.disabled).to.equal(true);
      h.button.click();
      await el.updateComplete;
      expect(h.count).to.equal('12');
    });
  });

  describe('properties', () => {
    it('toggles: count, aria-pressed and the reflected pressed attribute', async () => {
      const { el, h } = await likeButton(b);
      h.button.click();
      await el.updateComplete;
      expect(h.pressed).to.equal(true);
      expect(h.count).to.equal('13');
      await until(() => el.hasAttribute('pressed'), 'pressed attribute');
      await until(() => !h.busy, 'write settled');
      h.button.click();
      await until(() => !h.pressed && h.count === '12' && !el.pressed, 'unpressed');
    });

    it('shows a pending state while the write is in flight, with the optimistic value', async () => {
      const { el, h } = await likeButton(b);
      const release = b.transport.hold();
      h.button.click();
      await el.updateComplete;
      expect(h.busy).to.equal(true);
      expect(h.pressed).to.equal(true);
      expect(h.count).to.equal('13');
      release();
      await until(() => !h.busy, 'not busy');
      expect(h.count).to.equal('13');
    });

    it('rolls back and shows a visible, translated error when refused', async () => {
      const { h } = await likeButton(b, { lang: 'fr' });
      b.transport.failNext('forbidden');
      h.button.click();
      await until(() => h.error, 'error');
      expect(h.pressed).to.equal(false);
      expect(h.count).to.equal('12');
      // Error sentences load on a page's first error: the message completes when they arrive.
      await until(() => h.error === 'Votre réaction a été annulée. Vous n’êtes pas autorisé à faire cela.', 'translated sentence');
      expect(h.button.closest('[part="base"]')!.querySelector('[role="status"]')).to.exist;
    });

    it('keeps two buttons for the same object in sync', async () => {
      const one = await likeButton(b);
      const two = await likeButton(b);
      one.h.button.click();
      await until(() => two.h.pressed && two.h.count === '13', 'second button updated');
    });

    it('follows live reaction events from others', async () => {
      const { h } = await likeButton(b);
      b.transport.emit({ type: 'reaction.changed', spaceId: 'news', objectId: 'p1', counts: { like: 40 }, actorId: 'bob', kind: 'like', active: true });
      await until(() => h.count === '40', 'live count');
      expect(h.pressed).to.equal(false);
    });

    it('formats large counts for the locale', async () => {
      b = backend([{ ...(await import('../_test-fixtures.js')).makePost(1), reactions: { objectId: 'p1', counts: { like: 1234 }, mine: [] } }]);
      const { h } = await likeButton(b, { lang: 'de' });
      expect(h.count).to.equal('1.234');
      expect(h.label).to.equal('Gefällt mir, 1.234 Personen');
    });

    it('says why when the reactions cannot be read', async () => {
      const el = await fixture<EcoLikeButton>(html`<eco-like-button .client=${b.client} object="missing" lang="en"></eco-like-button>`);
      const h = new LikeButtonHarness(el);
      await until(() => h.error, 'load error');
      // Error sentences load on a page's first error; the element re-renders when they arrive.
      await until(() => h.error === 'This content does not exist or is not visible to you.', 'translated error');
      expect(h.button.disabled).to.equal(true);
      expect(h.busy).to.equal(false);
      await expectAccessible(el);
    });
  });

  describe('events', () => {
    it('emits eco-reaction-change once the server accepted', async () => {
      const { el, h } = await likeButton(b);
      const events = spyEvents(document, 'eco-reaction-change');
      h.button.click();
      await until(() => events.length === 1, 'event');
      expect(events[0]!.detail).to.deep.equal({ objectId: 'p1', kind: 'like', active: true });
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      expect(el.pressed).to.equal(true);
    });

    it('emits eco-error when refused', async () => {
      const { h } = await likeButton(b);
      const errors = spyEvents(document, 'eco-error');
      b.transport.failNext('not_found');
      h.button.click();
      await until(() => errors.length === 1, 'eco-error');
      expect(errors[0]!.detail.action).to.equal('react');
      await until(
        () => h.error === 'Your reaction was undone. This content does not exist or is not visible to you.',
        'translated error',
      );
    });
  });

  describe('keyboard', () => {
    it('toggles with Enter and Space', async () => {
      const { h } = await likeButton(b);
      h.button.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => h.pressed && !h.busy, 'pressed by Enter');
      await sendKeys({ press: 'Space' });
      await until(() => !h.pressed && !h.busy, 'unpressed by Space');
    });
  });
});
