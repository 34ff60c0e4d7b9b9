import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './composer.js';
import type { EcoComposer } from './composer.component.js';
import { backendWithPeople, peopleSearches, shadow, spyEvents, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { MentionPickerHarness } from '../mentions/_harness.js';

describe('eco-composer: mentions', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backendWithPeople();
  });
  afterEach(() => b.client.close());

  async function composer(space = 'news') {
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${b.client} space=${space}></eco-composer>`);
    const textarea = shadow<HTMLTextAreaElement>(el, '#body');
    textarea.focus();
    return { el, textarea, picker: new MentionPickerHarness(textarea) };
  }

  it('is accessible with its picker closed', async () => {
    const { el } = await composer();
    await expectAccessible(el);
  });

  it('offers people who can read the space, and publishes the post with the mention', async () => {
    const { el, textarea, picker } = await composer();
    const published = spyEvents(el, 'eco-publish');
    await sendKeys({ type: 'Thanks @luk' });
    await until(() => picker.options.length === 2, 'people named luk');
    // The combobox role on a textarea is the one rule left out while the picker is open (see the picker's tests).
    await expect(el).to.be.accessible({ ignoredRules: ['aria-allowed-role'] });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    expect(textarea.value).to.equal('Thanks [@Lukas Weber](mention:lukas) ');
    await sendKeys({ type: 'for the figures' });
    expect(el.value).to.equal('Thanks [@Lukas Weber](mention:lukas) for the figures');
    // Only people who can read the space being written in.
    expect(peopleSearches(b.transport).map((s) => s.spaceId)).to.satisfy((ids: (string | undefined)[]) => ids.length > 0 && ids.every((id) => id === 'news'));
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    await until(() => published.length === 1, 'published');
    expect(published[0]!.detail.post.body).to.equal('Thanks [@Lukas Weber](mention:lukas) for the figures');
    const sent = await until(() => b.transport.requests.find((r) => r.method === 'POST' && r.path.endsWith('/spaces/news/posts')), 'the post sent');
    expect((sent?.body as { body: string }).body).to.contain('[@Lukas Weber](mention:lukas)');
    expect(textarea.value).to.equal('');
  });

  it('saves the draft with the mention it inserted (the insertion is an input)', async () => {
    const { picker } = await composer();
    await sendKeys({ type: '@pri' });
    await until(() => picker.options.length === 1, 'Priya');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    let saved: { body: string } | undefined;
    await until(() => {
      void b.client.loadDraft<{ body: string }>('composer:news').then((draft) => (saved = draft));
      return saved?.body;
    }, 'a saved draft');
    expect(saved!.body).to.equal('[@Priya Raman](mention:priya) ');
  });

  it('offers the picker in a translation box too, with a listbox of its own', async () => {
    const { el } = await composer();
    shadow<HTMLButtonElement>(el, '[part="add-translation"]').click();
    await el.updateComplete;
    const german = shadow<HTMLTextAreaElement>(el, '#tr-de');
    german.focus();
    const picker = new MentionPickerHarness(german);
    await sendKeys({ type: 'Danke @ann' });
    await until(() => picker.options.length === 1, 'Anna');
    expect(german.getAttribute('aria-controls')).to.equal('mentions-tr-de');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    expect(german.value).to.equal('Danke [@Anna Müller](mention:anna) ');
  });
});
