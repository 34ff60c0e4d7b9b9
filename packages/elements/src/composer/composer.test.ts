import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { POST_BODY_MAX_CHARS, problem, type ProblemFieldError, type Role } from '@ecotone/protocol';
import { createClient, errorFromProblem, MemoryTransport, type TransportRequest } from '@ecotone/core';
import './composer.js';
import type { EcoComposer } from './composer.component.js';
import type { EcoPollEditor } from '../poll-editor/poll-editor.component.js';
import { backend, seed, shadow, spyEvents, textOf, until, type TestBackend, localeLoaded } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

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
    await expectAccessible(el);
  });

  it('is accessible when the caller may not publish', async () => {
    const { el, h } = await composer('board');
    await until(() => h.notice, 'notice');
    await expectAccessible(el);
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
      // Error sentences load on the page's first error; the message is then re-rendered with them.
      const sentence = 'Ihr Beitrag wurde nicht veröffentlicht. Einige Felder sind ungültig. Bitte prüfen Sie sie und versuchen Sie es erneut. Ihr Entwurf bleibt erhalten.';
      await until(() => h.message === sentence, 'translated sentence');
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

  describe('translations', () => {
    it('is accessible with the translation boxes open', async () => {
      const { el } = await composer('news', 'fr');
      shadow<HTMLButtonElement>(el, '[part="add-translation"]').click();
      await el.updateComplete;
      await expectAccessible(el);
    });

    it('publishes the other languages as variants, skipping empty boxes', async () => {
      const { el, h } = await composer('news', 'fr');
      const events = spyEvents(el, 'eco-publish');
      const toggle = shadow<HTMLButtonElement>(el, '[part="add-translation"]');
      expect(textOf(toggle)).to.equal('Ajouter une traduction');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      const boxes = [...el.shadowRoot!.querySelectorAll<HTMLTextAreaElement>('[part="translation"]')];
      expect(boxes.map((x) => x.lang)).to.deep.equal(['en', 'de']);
      expect(boxes.map((x) => textOf(x.labels![0]!))).to.deep.equal(['Texte en anglais (facultatif)', 'Texte en allemand (facultatif)']);
      expect(el.shadowRoot!.activeElement).to.equal(boxes[0]);
      await sendKeys({ type: 'Hello all' });
      await h.type('Bonjour à tous');
      h.publish.click();
      await until(() => events.length === 1, 'eco-publish');
      const post = events[0]!.detail.post;
      expect(post.locale).to.equal('fr');
      expect(post.variants).to.deep.equal([{ locale: 'en', body: 'Hello all', machine: false }]);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="translation"]')).to.equal(null);
    });
  });

  describe('polls', () => {
    /** The inline poll editor, once "Add poll" loaded it. */
    async function addPoll(el: EcoComposer) {
      shadow<HTMLButtonElement>(el, '[part="add-poll"]').click();
      await until(() => el.shadowRoot!.querySelector('eco-poll-editor')?.shadowRoot?.querySelector('fieldset'), 'poll editor');
      return el.shadowRoot!.querySelector<EcoPollEditor>('eco-poll-editor')!;
    }
    const field = <E extends Element = HTMLInputElement>(editor: Element, selector: string) => shadow<E>(editor, selector);
    async function fill(editor: HTMLElement & { updateComplete: Promise<boolean> }, selector: string, value: string) {
      const input = field<HTMLInputElement | HTMLSelectElement>(editor, selector);
      input.value = value;
      input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
      await editor.updateComplete;
    }
    function published() {
      return b.transport.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/posts'));
    }

    it('attaches a poll: the editor loads on demand, is accessible, and its draft is sent in polls', async () => {
      const { el, h } = await composer();
      expect(customElements.get('eco-poll-editor')).to.equal(undefined);
      const editor = await addPoll(el);
      expect(editor.shadowRoot!.activeElement).to.equal(field(editor, '#q0-text'));
      await expectAccessible(el);
      await h.type('Team lunch');
      await fill(editor, '#q0-text', 'Where?');
      await fill(editor, '#q0-o0', 'Lyon');
      await fill(editor, '#q0-o1', 'Basel');
      shadow<HTMLButtonElement>(editor, '[part="add-option"]').click();
      await editor.updateComplete;
      await fill(editor, '#q0-o2', 'Remote');
      await fill(editor, '#q0-mode', 'multiple');
      await fill(editor, '#q0-max-choices', '2');
      field(editor, '#q0-anonymous').click();
      await fill(editor, '#q0-visibility', 'after-vote');
      const events = spyEvents(el, 'eco-publish');
      h.publish.click();
      await until(() => events.length === 1, 'published');
      expect(published()[0]!.body).to.deep.equal({
        body: 'Team lunch',
        polls: [
          { question: 'Where?', mode: 'multiple', resultsVisibility: 'after-vote', options: ['Lyon', 'Basel', 'Remote'], maxChoices: 2, anonymous: true },
        ],
      });
      expect(events[0]!.detail.post.polls).to.have.length(1);
      expect(el.shadowRoot!.querySelector('eco-poll-editor')).to.equal(null);
    });

    it('attaches a 3-question survey (single, scale 0-10 with labels and a closing time, multiple)', async () => {
      const { el, h } = await composer();
      const editor = await addPoll(el);
      await h.type('Quarterly survey');
      await fill(editor, '#q0-text', 'Office or home?');
      await fill(editor, '#q0-o0', 'Office');
      await fill(editor, '#q0-o1', 'Home');
      shadow<HTMLButtonElement>(editor, '[part="add-question"]').click();
      await editor.updateComplete;
      expect(editor.shadowRoot!.activeElement).to.equal(field(editor, '#q1-text'));
      await fill(editor, '#q1-text', 'How likely are you to recommend us?');
      await fill(editor, '#q1-mode', 'scale');
      await fill(editor, '#q1-range', '10');
      await fill(editor, '#q1-min', 'Not at all');
      await fill(editor, '#q1-max', 'Absolutely');
      await fill(editor, '#q1-closes', '2099-06-30T17:00');
      shadow<HTMLButtonElement>(editor, '[part="add-question"]').click();
      await editor.updateComplete;
      await fill(editor, '#q2-text', 'Which perks?');
      await fill(editor, '#q2-mode', 'multiple');
      await fill(editor, '#q2-o0', 'Gym');
      await fill(editor, '#q2-o1', 'Lunch');
      expect(editor.shadowRoot!.querySelectorAll('legend')[2]!.textContent).to.equal('Question 3');
      await expectAccessible(el);
      const events = spyEvents(el, 'eco-publish');
      h.publish.click();
      await until(() => events.length === 1, 'published');
      expect(published()[0]!.body).to.deep.equal({
        body: 'Quarterly survey',
        polls: [
          { question: 'Office or home?', mode: 'single', resultsVisibility: 'always', options: ['Office', 'Home'] },
          {
            question: 'How likely are you to recommend us?',
            mode: 'scale',
            resultsVisibility: 'always',
            scale: { min: 0, max: 10, minLabel: 'Not at all', maxLabel: 'Absolutely' },
            closesAt: new Date(2099, 5, 30, 17, 0).toISOString(),
          },
          { question: 'Which perks?', mode: 'multiple', resultsVisibility: 'always', options: ['Gym', 'Lunch'] },
        ],
      });
      expect(events[0]!.detail.post.polls!.map((p) => p.mode)).to.deep.equal(['single', 'scale', 'multiple']);
    });

    it('explains obvious mistakes before sending anything, and focuses the first', async () => {
      const { el, h } = await composer();
      const editor = await addPoll(el);
      await h.type('Body');
      await fill(editor, '#q0-o0', 'Only one');
      h.publish.click();
      await until(() => editor.shadowRoot!.querySelector('[part="error"]'), 'errors');
      const errors = [...editor.shadowRoot!.querySelectorAll('[part="error"]')].map((e) => e.textContent!.trim());
      expect(errors).to.deep.equal(['Enter a question.', 'Enter at least 2 options.']);
      expect(field(editor, '#q0-text').getAttribute('aria-invalid')).to.equal('true');
      expect(editor.shadowRoot!.activeElement).to.equal(field(editor, '#q0-text'));
      expect(published()).to.have.length(0);
      await expectAccessible(el);
      await fill(editor, '#q0-closes', '2001-01-01T10:00');
      await fill(editor, '#q0-text', 'Fixed?');
      await fill(editor, '#q0-o1', 'Two');
      h.publish.click();
      await until(() => editor.shadowRoot!.querySelectorAll('[part="error"]').length === 1, 'one error left');
      expect(textOf(shadow(editor, '[part="error"]'))).to.equal('Choose a closing time in the future.');
    });

    it('shows server refusals as today and keeps the poll', async () => {
      const { el, h } = await composer();
      const editor = await addPoll(el);
      await h.type('Body');
      await fill(editor, '#q0-text', 'Q?');
      await fill(editor, '#q0-o0', 'A');
      await fill(editor, '#q0-o1', 'B');
      b.transport.failNext('validation_failed');
      h.publish.click();
      await until(() => h.message, 'message');
      expect(h.message).to.contain('Your post was not published.');
      expect(field(editor, '#q0-text').value).to.equal('Q?');
    });

    it('removes the poll and returns focus to Add poll', async () => {
      const { el } = await composer();
      const editor = await addPoll(el);
      shadow<HTMLButtonElement>(editor, '[part="remove"]').click();
      await until(() => !el.shadowRoot!.querySelector('eco-poll-editor'), 'editor removed');
      expect(el.shadowRoot!.activeElement).to.equal(shadow(el, '[part="add-poll"]'));
    });

    it('is translated (fr)', async () => {
      const { el } = await composer('news', 'fr');
      expect(textOf(shadow(el, '[part="add-poll"]'))).to.equal('Ajouter un sondage');
      const editor = await addPoll(el);
      await b.client.loadLocale('fr');
      await until(() => textOf(shadow(editor, '[part="add-question"]')) === 'Ajouter une autre question', 'French editor');
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

describe('eco-composer announcements and scheduling', () => {
  let b: TestBackend;
  afterEach(() => b.client.close());
  const HOUR_MS = 3600_000;

  /** Refuses publishing with these field errors, as a server's validation would. */
  class RefusingTransport extends MemoryTransport {
    refusal: ProblemFieldError[] | undefined;
    override request<T>(req: TransportRequest): Promise<T> {
      if (this.refusal && req.method === 'POST' && req.path.endsWith('/posts')) {
        return Promise.reject(errorFromProblem(problem('validation_failed', 'The request is not valid', { errors: this.refusal })));
      }
      return super.request<T>(req);
    }
  }

  /** A composer in `news`, where the caller (Alice) has `role`. */
  async function composerAs(role: Role, lang = 'en') {
    const data = seed();
    data.me.memberships = data.me.memberships.map((m) => (m.spaceId === 'news' ? { ...m, role } : m));
    data.spaces = data.spaces.map((s) => (s.id === 'news' ? { ...s, role } : s));
    const transport = new RefusingTransport(data);
    b = { transport, client: createClient({ transport, locale: 'en' }) };
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${b.client} space="news" lang=${lang}></eco-composer>`);
    await localeLoaded(b.client, el, lang);
    if (role === 'owner' || role === 'correspondent') await until(() => el.shadowRoot!.querySelector('[part="kind"]'), 'kind choice');
    return { el, h: new ComposerHarness(el), transport };
  }
  const q = <E extends Element = HTMLInputElement>(el: EcoComposer, selector: string) => el.shadowRoot!.querySelector<E>(selector);
  const published = () => b.transport.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/posts'));
  /** A `datetime-local` value `ms` from now, in the browser's time zone. */
  function localValue(ms: number): string {
    const d = new Date(Date.now() + ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  async function setTime(el: EcoComposer, id: string, value: string) {
    const input = q(el, `#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
  }
  async function check(el: EcoComposer, id: string) {
    q(el, `#${id}`)!.click();
    await el.updateComplete;
  }

  it('is accessible with every option open', async () => {
    const { el } = await composerAs('owner');
    q(el, 'input[value="announcement"]')!.click();
    await el.updateComplete;
    await check(el, 'pin');
    await check(el, 'requireAcknowledgement');
    await check(el, 'scheduled');
    await expectAccessible(el);
  });

  it('is accessible with refused times', async () => {
    const { el, h } = await composerAs('owner');
    await h.type('Body');
    q(el, 'input[value="announcement"]')!.click();
    await el.updateComplete;
    await check(el, 'pin');
    await setTime(el, 'pinUntil', '2001-01-01T10:00');
    await check(el, 'scheduled');
    h.publish.click();
    await until(() => el.shadowRoot!.querySelectorAll('[part="field-error"]').length === 2, 'errors');
    await expectAccessible(el);
  });

  describe('attributes', () => {
    it('offers the announcement only to owners and correspondents; scheduling to everyone who publishes', async () => {
      const member = await composerAs('member');
      await member.el.updateComplete;
      expect(q(member.el, '[part="kind"]')).to.equal(null);
      expect(q(member.el, '#scheduled')).to.exist;
      b.client.close();
      const correspondent = await composerAs('correspondent');
      const kind = q<HTMLFieldSetElement>(correspondent.el, '[part="kind"]')!;
      expect(textOf(kind.querySelector('legend')!)).to.equal('Kind of post');
      expect([...kind.querySelectorAll('label')].map((l) => textOf(l))).to.deep.equal(['Post', 'Announcement']);
      expect(q(correspondent.el, 'input[value="note"]')!.checked).to.equal(true);
      expect(q(correspondent.el, '[part="announcement-options"]')).to.equal(null);
    });

    it('shows the announcement options once chosen, and the time zone with the times', async () => {
      const { el } = await composerAs('owner');
      q(el, 'input[value="announcement"]')!.click();
      await el.updateComplete;
      const options = q<HTMLElement>(el, '[part="announcement-options"]')!;
      expect([...options.querySelectorAll('label')].map((l) => textOf(l))).to.deep.equal([
        'Pin to the top',
        'Ask readers to confirm they have read it',
      ]);
      await check(el, 'pin');
      expect(q(el, '#pinUntil')!.labels![0]!.textContent).to.equal('Pinned until (optional)');
      expect(q(el, '#pinUntil')!.type).to.equal('datetime-local');
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      expect(textOf(q<HTMLElement>(el, '#time-zone')!)).to.equal(`Times are in your time zone (${zone}).`);
      expect(q(el, '#pinUntil')!.getAttribute('aria-describedby')).to.contain('time-zone');
    });

    it('is translated (fr, de)', async () => {
      const fr = await composerAs('owner', 'fr');
      expect(textOf(q<HTMLElement>(fr.el, '[part="kind"] legend')!)).to.equal('Type de publication');
      expect(textOf(q<HTMLElement>(fr.el, '[part="schedule"] label')!)).to.equal('Programmer');
      b.client.close();
      const de = await composerAs('correspondent', 'de');
      q(de.el, 'input[value="announcement"]')!.click();
      await de.el.updateComplete;
      expect(textOf(q<HTMLElement>(de.el, '[part="announcement-options"] label:last-of-type')!)).to.equal('Leser um eine Lesebestätigung bitten');
    });
  });

  describe('properties', () => {
    it('publishes a pinned announcement asking for acknowledgement, until a time given in local time', async () => {
      const { el, h } = await composerAs('correspondent');
      const events = spyEvents(el, 'eco-publish');
      await h.type('Safety week starts on Monday');
      q(el, 'input[value="announcement"]')!.click();
      await el.updateComplete;
      await check(el, 'pin');
      await check(el, 'requireAcknowledgement');
      const until_ = localValue(2 * 24 * HOUR_MS);
      await setTime(el, 'pinUntil', until_);
      h.publish.click();
      await until(() => events.length === 1, 'published');
      expect(published()[0]!.body).to.deep.equal({
        body: 'Safety week starts on Monday',
        kind: 'announcement',
        pin: true,
        pinUntil: new Date(until_).toISOString(),
        requireAcknowledgement: true,
      });
      const post = events[0]!.detail.post;
      expect(post.pinned).to.deep.equal({ until: new Date(until_).toISOString() });
      expect(post.acknowledgement).to.deep.equal({ mine: false, count: 0 });
      // Back to a plain post.
      await el.updateComplete;
      expect(q(el, 'input[value="note"]')!.checked).to.equal(true);
      expect(q(el, '[part="announcement-options"]')).to.equal(null);
    });

    it('schedules a post for a time in UTC, and refuses a past time without sending anything', async () => {
      const { el, h } = await composerAs('member');
      const events = spyEvents(el, 'eco-publish');
      await h.type('Canteen closed on Friday');
      await check(el, 'scheduled');
      h.publish.click();
      const required = await until(() => q<HTMLElement>(el, '[part="field-error"]'), 'required');
      expect(textOf(required)).to.equal('Choose a date and time.');
      await setTime(el, 'publishAt', localValue(-HOUR_MS));
      expect(q(el, '[part="field-error"]')).to.equal(null);
      h.publish.click();
      const past = await until(() => q<HTMLElement>(el, '[part="field-error"]'), 'past');
      expect(textOf(past)).to.equal('Choose a time in the future.');
      const input = q(el, '#publishAt')!;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain(past.id);
      expect(el.shadowRoot!.activeElement).to.equal(input);
      expect(published()).to.have.length(0);
      const at = localValue(3 * HOUR_MS);
      await setTime(el, 'publishAt', at);
      h.publish.click();
      await until(() => events.length === 1, 'published');
      expect(published()[0]!.body).to.deep.equal({ body: 'Canteen closed on Friday', publishAt: new Date(at).toISOString() });
      expect(events[0]!.detail.post.publishAt).to.equal(new Date(at).toISOString());
    });

    it('refuses a pin ending before the scheduled publication', async () => {
      const { el, h } = await composerAs('owner');
      await h.type('Later');
      q(el, 'input[value="announcement"]')!.click();
      await el.updateComplete;
      await check(el, 'pin');
      await check(el, 'scheduled');
      await setTime(el, 'publishAt', localValue(5 * HOUR_MS));
      await setTime(el, 'pinUntil', localValue(2 * HOUR_MS));
      h.publish.click();
      const error = await until(() => q<HTMLElement>(el, '#pinUntil-error'), 'error');
      expect(textOf(error)).to.equal('Choose a time after the publication.');
      expect(published()).to.have.length(0);
    });

    it('shows the server’s refusals under their fields, and keeps the draft', async () => {
      const { el, h, transport } = await composerAs('owner', 'de');
      await h.type('Entwurf');
      q(el, 'input[value="announcement"]')!.click();
      await el.updateComplete;
      await check(el, 'pin');
      await check(el, 'scheduled');
      await setTime(el, 'publishAt', localValue(HOUR_MS));
      transport.refusal = [
        { path: '/body/publishAt', message: 'is in the past' },
        { path: '/body/pin', message: 'is only for announcements' },
      ];
      h.publish.click();
      await until(() => h.message, 'message');
      expect(textOf(q<HTMLElement>(el, '#publishAt-error')!)).to.equal('Wählen Sie einen Zeitpunkt in der Zukunft.');
      expect(textOf(q<HTMLElement>(el, '#pin-error')!)).to.equal('Dieser Wert wurde nicht akzeptiert.');
      expect(q(el, '#pin')!.getAttribute('aria-invalid')).to.equal('true');
      expect(el.value).to.equal('Entwurf');
      // Changing a field forgets its refusal.
      await setTime(el, 'publishAt', localValue(2 * HOUR_MS));
      expect(q(el, '#publishAt-error')).to.equal(null);
      expect(q(el, '#pin-error')).to.exist;
    });
  });

  describe('keyboard', () => {
    it('chooses the kind with the arrow keys and the options with Space', async () => {
      const { el, h } = await composerAs('owner');
      const events = spyEvents(el, 'eco-publish');
      await h.type('Town hall');
      q(el, 'input[value="note"]')!.focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(q(el, 'input[value="announcement"]')!.checked).to.equal(true);
      expect(el.shadowRoot!.activeElement).to.equal(q(el, 'input[value="announcement"]'));
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#pin'));
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#pinUntil'));
      // Tab goes through the date and time segments of the picker: jump over them.
      q(el, '#requireAcknowledgement')!.focus();
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(q(el, '#scheduled'));
      h.textarea.focus();
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Control' });
      await until(() => events.length === 1, 'published');
      expect(published()[0]!.body).to.deep.equal({ body: 'Town hall', kind: 'announcement', pin: true, requireAcknowledgement: true });
    });
  });
});
