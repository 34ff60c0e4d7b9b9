import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { POST_BODY_MAX_CHARS } from '@ecotone/protocol';
import './composer.js';
import type { EcoComposer } from './composer.component.js';
import { backend, shadow, spyEvents, textOf, until, type TestBackend, localeLoaded } from '../_test-fixtures.js';

class ComposerHarness {
  constructor(readonly el: EcoComposer) {}
  get textarea(): HTMLTextAreaElement {
    return shadow<HTMLTextAreaElement>(this.el, 'textarea');
  }
  get label(): string {
    return textOf(shadow(this.el, 'label'));
  }
  get publish(): HTMLButtonElement {
    return shadow<HTMLButtonElement>(this.el, '[part="publish"]');
  }
  get message(): string {
    return textOf(shadow(this.el, '[part="message"]'));
  }
  get count(): string {
    return textOf(shadow(this.el, '[part="count"]'));
  }
  get notice(): string {
    const n = this.el.shadowRoot!.querySelector('[part="notice"]');
    return n ? textOf(n) : '';
  }
  async type(text: string): Promise<void> {
    this.textarea.focus();
    await sendKeys({ type: text });
    await this.el.updateComplete;
  }
}

describe('eco-composer', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend();
  });
  afterEach(() => b.client.close());

  async function composer(space = 'news', lang = 'en') {
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${b.client} space=${space} lang=${lang}></eco-composer>`);
    await localeLoaded(b.client, el, lang);
    return { el, h: new ComposerHarness(el) };
  }

  it('is accessible', async () => {
    const { el } = await composer();
    await expect(el).to.be.accessible();
  });

  it('is accessible when the caller may not publish', async () => {
    const { el, h } = await composer('board');
    await until(() => h.notice, 'notice');
    await expect(el).to.be.accessible();
  });

  describe('attributes', () => {
    it('labels the textarea and shows the Markdown hint and the count', async () => {
      const { h } = await composer();
      expect(h.label).to.equal('Write a post');
      expect(h.textarea.labels?.[0]?.textContent).to.equal('Write a post');
      expect(textOf(shadow(h.el, '[part="hint"]'))).to.contain('**bold**');
      expect(h.count).to.equal('0 / 10,000 characters');
      expect(h.publish.disabled).to.equal(true);
    });

    it('is disabled with an explanation in a space where the caller only reads', async () => {
      const { h } = await composer('board');
      await until(() => h.notice, 'notice');
      expect(h.notice).to.equal('You can read and react in this space but not publish.');
      expect(h.textarea.disabled).to.equal(true);
      expect(h.publish.disabled).to.equal(true);
    });

    it('is translated (fr, de)', async () => {
      const fr = await composer('news', 'fr');
      expect(fr.h.label).to.equal('Rédiger une publication');
      expect(fr.h.publish.textContent!.trim()).to.equal('Publier');
      expect(fr.h.count).to.match(/^0 \/ 10\s000 caractères$/);
      const de = await composer('board', 'de');
      await until(() => de.h.notice, 'notice');
      expect(de.h.notice).to.equal('Sie können in diesem Bereich lesen und reagieren, aber nichts veröffentlichen.');
    });
  });

  describe('properties', () => {
    it('counts characters and refuses a body over the limit', async () => {
      const { el, h } = await composer();
      el.value = 'x'.repeat(POST_BODY_MAX_CHARS + 2);
      await el.updateComplete;
      expect(h.count).to.equal('2 characters too many');
      expect(h.textarea.getAttribute('aria-invalid')).to.equal('true');
      expect(h.publish.disabled).to.equal(true);
    });

    it('shows a pending state, then clears the draft on success', async () => {
      const { el, h } = await composer();
      await h.type('Hello **team**');
      const release = b.transport.hold();
      h.publish.click();
      await el.updateComplete;
      expect(h.publish.getAttribute('aria-busy')).to.equal('true');
      expect(h.publish.textContent!.trim()).to.equal('Publishing…');
      expect(h.textarea.readOnly).to.equal(true);
      release();
      await until(() => el.value === '', 'draft cleared');
      expect(h.message).to.equal('');
    });

    it('keeps the draft and explains a refusal (readers)', async () => {
      const { el, h } = await composer();
      await h.type('My draft');
      b.transport.failNext('forbidden');
      h.publish.click();
      await until(() => h.message, 'message');
      expect(h.message).to.equal('You can read and react in this space but not publish.');
      expect(shadow(el, '[part="message"]').getAttribute('role')).to.equal('alert');
      expect(el.value).to.equal('My draft');
      expect(h.textarea.value).to.equal('My draft');
    });

    it('keeps the draft and explains other refusals in the UI language', async () => {
      const { el, h } = await composer('news', 'de');
      await h.type('Entwurf');
      b.transport.failNext('validation_failed');
      h.publish.click();
      await until(() => h.message, 'message');
      expect(h.message).to.equal('Ihr Beitrag wurde nicht veröffentlicht. Einige Felder sind ungültig. Bitte prüfen Sie sie und versuchen Sie es erneut. Ihr Entwurf bleibt erhalten.');
      expect(el.value).to.equal('Entwurf');
    });
  });

  describe('events', () => {
    it('emits eco-publish with the post', async () => {
      const { el, h } = await composer();
      const events = spyEvents(el, 'eco-publish');
      await h.type('Hello');
      h.publish.click();
      await until(() => events.length === 1, 'eco-publish');
      expect(events[0]!.detail.post.body).to.equal('Hello');
      expect(events[0]!.detail.post.spaceId).to.equal('news');
    });

    it('emits eco-error on refusal', async () => {
      const { el, h } = await composer();
      const errors = spyEvents(el, 'eco-error');
      await h.type('Hello');
      b.transport.failNext('forbidden');
      h.publish.click();
      await until(() => errors.length === 1, 'eco-error');
      expect(errors[0]!.detail.action).to.equal('publish');
    });
  });

  describe('keyboard', () => {
    it('publishes with Ctrl+Enter', async () => {
      const { el, h } = await composer();
      const events = spyEvents(el, 'eco-publish');
      await h.type('Shortcut post');
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Control' });
      await until(() => events.length === 1, 'published');
      expect(el.value).to.equal('');
    });

    it('publishes with Meta+Enter (macOS)', async () => {
      const { el, h } = await composer();
      const events = spyEvents(el, 'eco-publish');
      await h.type('Mac post');
      await sendKeys({ down: 'Meta' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Meta' });
      await until(() => events.length === 1, 'published');
    });

    it('keeps a plain Enter as a new line', async () => {
      const { el, h } = await composer();
      await h.type('line one');
      await sendKeys({ press: 'Enter' });
      await sendKeys({ type: 'line two' });
      await el.updateComplete;
      expect(el.value).to.equal('line one\nline two');
    });
  });
});
