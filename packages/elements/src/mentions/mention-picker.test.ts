import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Actor } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { baseStyles } from '../styles/tokens.js';
import { backendWithPeople, localeLoaded, lukas, lukasN, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { MentionsController, type MentionSearch } from './mentions-controller.js';
import { mentionQueryAt } from './mention-query.js';
import { MentionPickerHarness } from './_harness.js';

/** The smallest element with a picker: a labelled textarea, as the composer, comments and notes have. */
class MentionTestHost extends EcoElement {
  static override styles = baseStyles;
  static override properties = { value: { type: String } };
  value = '';
  search: MentionSearch | undefined;
  readonly mentions = new MentionsController(this, {
    search: () => this.search,
    client: () => this.resolvedClient,
    locale: () => this.locale,
    t: (key, values) => this.localize.t(key, values),
    errorText: (error) => this.errorText(error),
  });

  override render() {
    return html`<label for="body">Message</label>
      <textarea id="body" .value=${this.value} @input=${(e: Event) => (this.value = (e.target as HTMLTextAreaElement).value)} ${this.mentions.attach('body')}></textarea>
      ${this.mentions.render('body')}`;
  }
}
customElements.define('test-mention-host', MentionTestHost);

/** The client's people search (over the test world's people), recording what it was asked. */
function recordingSearch(b: TestBackend) {
  const calls: { query: string; signal: AbortSignal }[] = [];
  const search: MentionSearch = (query, signal) => {
    calls.push({ query, signal });
    return b.client.searchPeople(query, { signal });
  };
  return { calls, search };
}

describe('mentionQueryAt', () => {
  const cases: [string, string | undefined][] = [
    ['@luk', 'luk'],
    ['Thanks @Luk', 'Luk'],
    ['(@Anna M', 'Anna M'],
    ['Hi @Anna ', 'Anna '],
    ['line\n@émile', 'émile'],
    ['ana@example', undefined],
    ['@', undefined],
    ['@ luk', undefined],
    ['@1abc', undefined],
    ['@a b c d', undefined],
    ['@a  b', undefined],
  ];
  for (const [text, query] of cases) {
    it(`reads ${JSON.stringify(text)} as ${query === undefined ? 'no mention' : JSON.stringify(query)}`, () => {
      const found = mentionQueryAt(text, text.length);
      expect(found?.query).to.equal(query);
      if (found) expect(text.slice(found.start, found.end)).to.equal(`@${query}`);
    });
  }

  it('reads only up to the caret', () => {
    expect(mentionQueryAt('@lukas and more', 3)).to.deep.equal({ start: 0, end: 3, query: 'lu' });
  });
});

describe('the @ people picker', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backendWithPeople();
  });
  afterEach(() => b.client.close());

  async function host(search: MentionSearch | undefined, lang = 'en') {
    const el = await fixture<MentionTestHost>(html`<test-mention-host .client=${b.client} .search=${search} lang=${lang}></test-mention-host>`);
    await localeLoaded(b.client, el, lang);
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    textarea.focus();
    return { el, textarea, picker: new MentionPickerHarness(textarea) };
  }

  it('is accessible, closed and open (the open combobox on a textarea aside: see below)', async () => {
    const { el, picker } = await host(recordingSearch(b).search);
    await expectAccessible(el);
    await sendKeys({ type: 'Hi @luk' });
    await until(() => picker.options.length === 2, 'two people');
    await sendKeys({ press: 'ArrowDown' });
    // ARIA 1.2 makes the text box a combobox (role, aria-expanded, aria-controls,
    // aria-activedescendant), as GitHub's own mention picker does; ARIA in HTML
    // has no role for a <textarea>, which axe's best-practice rule
    // aria-allowed-role reports. That rule alone is left out while the picker is open.
    await expect(el).to.be.accessible({ ignoredRules: ['aria-allowed-role'] });
  });

  it('opens on @ and a letter at the start of a word, filtering as the person types, accents and case ignored', async () => {
    const { calls, search } = recordingSearch(b);
    const { el, textarea, picker } = await host(search);
    await sendKeys({ type: 'Thanks @Lu' });
    await until(() => picker.options.length === 2, 'people named Lu…');
    expect(picker.options).to.deep.equal(['Lukas Weber Controller · Basel', 'Nikola Lukáš Engineer · Brno']);
    expect(textarea.getAttribute('role')).to.equal('combobox');
    expect(textarea.getAttribute('aria-autocomplete')).to.equal('list');
    expect(textarea.getAttribute('aria-expanded')).to.equal('true');
    expect(picker.listbox!.getAttribute('role')).to.equal('listbox');
    expect(picker.listbox!.getAttribute('aria-label')).to.equal('People to mention');
    expect(textarea.hasAttribute('aria-activedescendant')).to.equal(false);
    expect(picker.status).to.equal('2 people found. Up and down arrows to choose, Enter to insert.');
    await sendKeys({ type: 'kas w' });
    await until(() => picker.options.length === 1, 'one Lukas W');
    expect(picker.options).to.deep.equal(['Lukas Weber Controller · Basel']);
    expect(calls.at(-1)!.query).to.equal('Lukas w');
    expect(el.value).to.equal('Thanks @Lukas w');
  });

  it('inserts the person with ArrowDown and Enter: [@Name](mention:id), a space, caret after it, and an input event', async () => {
    const { el, textarea, picker } = await host(recordingSearch(b).search);
    await sendKeys({ type: 'Hello @luk' });
    await until(() => picker.options.length === 2, 'two people');
    await sendKeys({ press: 'ArrowDown' });
    expect(picker.active).to.equal('Lukas Weber Controller · Basel');
    await sendKeys({ press: 'ArrowDown' });
    expect(picker.active).to.equal('Nikola Lukáš Engineer · Brno');
    await sendKeys({ press: 'ArrowDown' });
    expect(picker.active, 'wraps to the first').to.equal('Lukas Weber Controller · Basel');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    expect(picker.active).to.equal('Lukas Weber Controller · Basel');
    const inputs: Event[] = [];
    textarea.addEventListener('input', (e) => inputs.push(e));
    await sendKeys({ press: 'Enter' });
    expect(textarea.value).to.equal('Hello [@Lukas Weber](mention:lukas) ');
    expect(textarea.selectionStart).to.equal(textarea.value.length);
    expect(inputs).to.have.length(1);
    // The element saw it as typing: its value (a draft) followed.
    expect(el.value).to.equal(textarea.value);
    await el.updateComplete;
    expect(picker.closed).to.equal(true);
    await sendKeys({ type: 'thanks' });
    expect(textarea.value).to.equal('Hello [@Lukas Weber](mention:lukas) thanks');
  });

  it('inserts with Tab, and with a click on an option, keeping the focus in the text', async () => {
    const { textarea, picker } = await host(recordingSearch(b).search);
    await sendKeys({ type: '@pri' });
    await until(() => picker.options.length === 1, 'Priya');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    expect(textarea.value).to.equal('[@Priya Raman](mention:priya) ');
    expect(textarea.getRootNode()).to.have.property('activeElement', textarea);
    await sendKeys({ type: 'and @ann' });
    await until(() => picker.options.length === 1, 'Anna');
    picker.option('Anna Müller').dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    picker.option('Anna Müller').click();
    expect(textarea.value).to.equal('[@Priya Raman](mention:priya) and [@Anna Müller](mention:anna) ');
    expect(textarea.getRootNode()).to.have.property('activeElement', textarea);
  });

  it('closes with Escape without changing the text, keeps the element from seeing that Escape, and stays closed for that @', async () => {
    const { el, textarea, picker } = await host(recordingSearch(b).search);
    const escapes: KeyboardEvent[] = [];
    el.addEventListener('keydown', (e) => e.key === 'Escape' && escapes.push(e));
    await sendKeys({ type: 'See @luk' });
    await until(() => picker.options.length === 2, 'two people');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(textarea.value).to.equal('See @luk');
    expect(picker.closed).to.equal(true);
    expect(el.shadowRoot!.querySelector('[role="listbox"]')).to.equal(null);
    expect(escapes).to.deep.equal([]);
    await sendKeys({ type: 'a' });
    await el.updateComplete;
    expect(picker.closed, 'still closed for this @').to.equal(true);
    // Enter is a new line again.
    await sendKeys({ press: 'Enter' });
    expect(textarea.value).to.equal('See @luka\n');
    // A new @ opens it again.
    await sendKeys({ type: '@pri' });
    await until(() => picker.options.length === 1, 'Priya');
  });

  it('says so, on screen and to screen readers, when nobody matches', async () => {
    const { textarea, picker } = await host(recordingSearch(b).search);
    await sendKeys({ type: '@zzz' });
    await until(() => picker.status.includes('No one'), 'nobody found');
    expect(picker.status).to.equal('No one found for “zzz”');
    expect(picker.statusVisible).to.equal(true);
    expect(textarea.getAttribute('role')).to.equal('combobox');
    expect(textarea.getAttribute('aria-expanded')).to.equal('false');
    expect(picker.listbox!.hidden).to.equal(true);
    // Enter is a new line: nothing to insert.
    await sendKeys({ press: 'Enter' });
    expect(textarea.value).to.equal('@zzz\n');
    expect(picker.closed).to.equal(true);
  });

  it('closes when several words name nobody: the person is writing on', async () => {
    const { textarea, picker } = await host(recordingSearch(b).search);
    await sendKeys({ type: '@anna' });
    await until(() => picker.options.length === 1, 'Anna');
    await sendKeys({ type: ' said' });
    await until(() => picker.closed, 'closed');
    await sendKeys({ type: ' so' });
    expect(textarea.value).to.equal('@anna said so');
    expect(picker.closed).to.equal(true);
  });

  it('shows and announces a failed search, and searches again as the person types on', async () => {
    let fail = true;
    const search: MentionSearch = (query) => (fail ? Promise.reject(Object.assign(new Error('offline'), { code: 'network' })) : b.client.searchPeople(query));
    const { picker } = await host(search);
    await sendKeys({ type: '@luk' });
    await until(() => picker.status.startsWith('People could not be searched.'), 'the error');
    expect(picker.statusVisible).to.equal(true);
    expect(picker.options).to.deep.equal([]);
    fail = false;
    await sendKeys({ type: 'as w' });
    await until(() => picker.options.length === 1, 'Lukas after the retry');
    expect(picker.status).to.equal('1 person found. Up and down arrows to choose, Enter to insert.');
  });

  it('shows "Searching…" while waiting, aborts the search of a query the person typed past, and ignores its late answer', async () => {
    const answers: { query: string; signal: AbortSignal; resolve: (people: Actor[]) => void }[] = [];
    const search: MentionSearch = (query, signal) => new Promise((resolve) => answers.push({ query, signal, resolve }));
    const { picker } = await host(search);
    await sendKeys({ type: '@lu' });
    await until(() => answers.length === 1, 'the first search');
    expect(picker.status).to.equal('Searching people…');
    expect(picker.listbox!.getAttribute('aria-busy')).to.equal('true');
    await sendKeys({ type: 'kas w' });
    await until(() => answers.length === 2, 'the second search');
    expect(answers.map((a) => a.query)).to.deep.equal(['lu', 'lukas w']);
    expect(answers[0]!.signal.aborted).to.equal(true);
    expect(answers[1]!.signal.aborted).to.equal(false);
    answers[1]!.resolve([lukas]);
    await until(() => picker.options.length === 1, 'the answer to the last query');
    answers[0]!.resolve([lukas, lukasN]);
    await new Promise((resolve) => setTimeout(resolve));
    expect(picker.options).to.deep.equal(['Lukas Weber Controller · Basel']);
  });

  it('does not open for an e-mail address, or without a search', async () => {
    const { calls, search } = recordingSearch(b);
    const { textarea, picker } = await host(search);
    await sendKeys({ type: 'ana@luk' });
    expect(picker.closed).to.equal(true);
    expect(calls).to.deep.equal([]);
    const none = await host(undefined);
    await sendKeys({ type: '@luk' });
    expect(none.picker.closed).to.equal(true);
    expect(textarea.value).to.equal('ana@luk');
  });

  it('leaves Ctrl+Enter to the element (publishing) while open', async () => {
    const { el, picker } = await host(recordingSearch(b).search);
    const seen: KeyboardEvent[] = [];
    el.addEventListener('keydown', (e) => seen.push(e));
    await sendKeys({ type: '@luk' });
    await until(() => picker.options.length === 2, 'two people');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    expect(seen.filter((e) => e.key === 'Enter' && e.ctrlKey)).to.have.length(1);
  });

  it('speaks French and German', async () => {
    const fr = await host(recordingSearch(b).search, 'fr');
    await sendKeys({ type: '@zzz' });
    await until(() => fr.picker.status.includes('Aucune'), 'French');
    expect(fr.picker.status).to.equal('Aucune personne trouvée pour « zzz »');
    expect(fr.picker.listbox!.getAttribute('aria-label')).to.equal('Personnes à mentionner');
    const de = await host(recordingSearch(b).search, 'de');
    await sendKeys({ type: '@luk' });
    await until(() => de.picker.options.length === 2, 'German');
    await until(() => de.picker.status.startsWith('2 Personen gefunden'), 'German status');
  });
});
