import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './post.js';
import type { EcoPost } from './post.component.js';
import { backendWithPeople, gina, localeLoaded, lukas, makePost, spyEvents, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { dialogOf } from '../person/_harness.js';

const body = 'Thanks [@Lukas](mention:lukas) and [@Gina](mention:gina), see [@Old Name](mention:ghost).';

describe('eco-post: mentions', () => {
  let b: TestBackend;
  const mentioned = makePost(1, { body, mentions: [lukas, gina] });
  beforeEach(() => {
    b = backendWithPeople([mentioned]);
  });
  afterEach(() => b.client.close());

  async function post(lang = 'en') {
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${mentioned} lang=${lang}></eco-post>`);
    await localeLoaded(b.client, el, lang);
    return { el, chips: () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="body"] [part="mention"]')] };
  }

  it('is accessible with mention chips, light and dark', async () => {
    const { el } = await post();
    await expectAccessible(el);
  });

  it('shows each mention as a chip: current name, former member, or the name as written', async () => {
    const { chips } = await post();
    expect(chips().map((c) => c.textContent)).to.deep.equal(['@Lukas Weber', '@Gina Rossi', '@Old Name']);
    expect(chips().map((c) => c.getAttribute('aria-label'))).to.deep.equal([
      'Lukas Weber, person card',
      'Gina Rossi, former member, person card',
      'Old Name, person card',
    ]);
    expect(chips().map((c) => c.classList.contains('former'))).to.deep.equal([false, true, false]);
  });

  it('names the chips in French', async () => {
    const { chips } = await post('fr');
    expect(chips()[0]!.getAttribute('aria-label')).to.equal('Lukas Weber, fiche de la personne');
  });

  it('asks for the person card with eco-open-person, which the page may take over: then no dialog opens', async () => {
    const { el, chips } = await post();
    const opened = spyEvents(document, 'eco-open-person');
    el.addEventListener('eco-open-person', (e) => e.preventDefault(), { once: true });
    chips()[0]!.click();
    expect(opened.map((e) => e.detail)).to.deep.equal([{ actorId: 'lukas' }]);
    expect(opened[0]!.target, 'retargeted to the post').to.equal(el);
    expect(opened[0]!.defaultPrevented).to.equal(true);
    // The dialog's module is what an unprevented click would have waited for.
    await import('../person/person-dialog-view.js');
    await el.updateComplete;
    expect(dialogOf(el)).to.equal(null);
  });

  it('opens the card in a modal dialog as the author’s name does: focus moves in, Escape closes, focus returns to the chip', async () => {
    const { el, chips } = await post();
    const opened = spyEvents(document, 'eco-open-person');
    chips()[0]!.focus();
    await sendKeys({ press: 'Enter' });
    expect(opened.map((e) => e.detail.actorId)).to.deep.equal(['lukas']);
    const dialog = await until(() => dialogOf(el), 'the dialog');
    await until(() => dialog.dialog.open && dialog.hasFocus, 'the open dialog with the focus');
    expect(dialog.dialog.matches(':modal')).to.equal(true);
    expect(dialog.dialog.getAttribute('aria-label')).to.equal('About Lukas Weber');
    await until(() => dialog.card.name === 'Lukas Weber', 'the card, from the world’s people');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialogOf(el), 'the dialog gone');
    expect(el.shadowRoot!.activeElement).to.equal(chips()[0]);
  });

  it('asks from the keyboard: the chip is a button in the tab order (Enter and Space)', async () => {
    const { el, chips } = await post();
    // The page shows people itself, so the focus stays on the chip between the keys.
    el.addEventListener('eco-open-person', (e) => e.preventDefault());
    const opened = spyEvents(el, 'eco-open-person');
    chips()[1]!.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(opened.map((e) => e.detail.actorId)).to.deep.equal(['gina', 'gina']);
  });
});
