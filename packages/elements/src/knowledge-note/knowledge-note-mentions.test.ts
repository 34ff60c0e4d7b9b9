import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { KnowledgeNote } from '@ecotone/protocol';
import './knowledge-note.js';
import type { EcoKnowledgeNote } from './knowledge-note.component.js';
import { NoteHarness } from './_harness.js';
import { alice, backendWithPeople, gina, lukas, peopleSearches, spyEvents, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { MentionPickerHarness } from '../mentions/_harness.js';

function makeNote(overrides: Partial<KnowledgeNote> = {}): KnowledgeNote {
  return {
    id: 'n1',
    spaceId: 'empty',
    owner: alice,
    title: 'Closing the books',
    body: 'Ask [@Lukas](mention:lukas) and [@Gina](mention:gina) before the 5th.',
    language: 'en',
    sources: [],
    tags: [],
    maturity: 'draft',
    reviewBy: null,
    promotedFrom: null,
    revision: 1,
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
    updatedBy: alice,
    canEdit: true,
    mentions: [lukas, gina],
    ...overrides,
  };
}

describe('eco-knowledge-note: mentions', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backendWithPeople();
    b.transport.addNote(makeNote());
  });
  afterEach(() => b.client.close());

  async function note(lang = 'en', id = 'n1') {
    const el = await fixture<EcoKnowledgeNote>(html`<eco-knowledge-note .client=${b.client} note=${id} lang=${lang}></eco-knowledge-note>`);
    const h = new NoteHarness(el);
    await until(() => h.title, 'note rendered');
    if (lang !== 'en') await b.client.loadLocale(lang);
    await el.updateComplete;
    return { el, h };
  }

  it('shows mentions as chips with current names, a former member as such', async () => {
    const { el, h } = await note();
    await expectAccessible(el);
    const chips = h.all<HTMLButtonElement>('[part="mention"]');
    expect(chips.map((c) => c.textContent)).to.deep.equal(['@Lukas Weber', '@Gina Rossi']);
    expect(chips.map((c) => c.getAttribute('aria-label'))).to.deep.equal(['Lukas Weber, person card', 'Gina Rossi, former member, person card']);
    expect(chips[1]!.classList.contains('former')).to.equal(true);
    const opened = spyEvents(el, 'eco-open-person');
    chips[1]!.click();
    expect(opened.map((e) => e.detail.actorId)).to.deep.equal(['gina']);
  });

  it('names the chips in French and German', async () => {
    const fr = await note('fr');
    await until(() => fr.h.all('[part="mention"]')[1]?.getAttribute('aria-label') === 'Gina Rossi, ancien membre, fiche de la personne', 'French');
    const de = await note('de');
    await until(() => de.h.all('[part="mention"]')[0]?.getAttribute('aria-label') === 'Lukas Weber, Personenkarte', 'German');
  });

  it('mentions in the editor among the readers of the note’s space, and saves the body with it', async () => {
    // Without Gina: every write checks every mention, and a former member may no longer be mentioned.
    b.transport.addNote(makeNote({ id: 'n2', body: 'Ask [@Lukas](mention:lukas) before the 5th.' }));
    const { el, h } = await note('en', 'n2');
    h.button('Edit')!.click();
    await el.updateComplete;
    const body = h.field<HTMLTextAreaElement>('Body (Markdown)')!;
    body.focus();
    body.setSelectionRange(body.value.length, body.value.length);
    const picker = new MentionPickerHarness(body);
    await sendKeys({ type: ' Also @pri' });
    await until(() => picker.options.length === 1, 'Priya');
    await expect(el).to.be.accessible({ ignoredRules: ['aria-allowed-role'] });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    expect(body.value).to.equal('Ask [@Lukas](mention:lukas) before the 5th. Also [@Priya Raman](mention:priya) ');
    expect(peopleSearches(b.transport)).to.not.be.empty;
    expect(peopleSearches(b.transport).every((s) => s.spaceId === 'empty')).to.equal(true);
    const saved = spyEvents(el, 'eco-note-save');
    h.button('Save')!.click();
    await until(() => saved.length === 1, 'saved');
    expect(saved[0]!.detail.note.body).to.contain('[@Priya Raman](mention:priya)');
  });
});
