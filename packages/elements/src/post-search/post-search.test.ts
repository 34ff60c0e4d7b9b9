import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './post-search.js';
import type { EcoPostSearch } from './post-search.component.js';
import { excerpt, plainText } from './post-search.component.js';
import { backend, bob, localeLoaded, makePost, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const posts = () => [
  makePost(1, {
    body: 'Die Sicherheitswoche beginnt am Montag.',
    locale: 'de',
    author: bob,
    variants: [{ locale: 'fr', body: 'La semaine de la sécurité commence lundi.', machine: false }],
  }),
  makePost(2, { body: 'Parking opens on Monday at the Lyon site.' }),
  ...Array.from({ length: 25 }, (_, i) => makePost(10 + i, { body: `Canteen menu number ${i}` })),
];

describe('eco-post-search', () => {
  let b: TestBackend;
  beforeEach(() => (b = backend(posts())));
  afterEach(() => b.client.close());

  async function search(attrs: { query?: string; lang?: string; href?: string } = {}) {
    const el = await fixture<EcoPostSearch>(
      html`<eco-post-search .client=${b.client} query=${attrs.query ?? ''} lang=${attrs.lang ?? 'en'} post-href=${attrs.href ?? ''}></eco-post-search>`,
    );
    await localeLoaded(b.client, el, attrs.lang);
    return el;
  }
  const status = (el: EcoPostSearch) => textOf(el.shadowRoot!.querySelector('[part~="status"], [part~="error"]')!);
  const results = (el: EcoPostSearch) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="result"]')];

  it('finds a post by its French variant, and shows that language with the words marked', async () => {
    const el = await search({ query: 'securite' });
    await until(() => results(el).length === 1, 'one result');
    const result = results(el)[0]!;
    const excerptEl = result.querySelector('[part="excerpt"]')!;
    expect(excerptEl.getAttribute('lang')).to.equal('fr');
    expect(excerptEl.querySelector('mark')!.textContent).to.equal('sécurité');
    expect(result.querySelector('[part="language"]')!.textContent).to.equal('FR');
    expect(result.querySelector('[part="language"]')!.getAttribute('title')).to.equal('Français');
    expect(status(el)).to.equal('1 post found');
  });

  it('searches as one types, after a pause, and says when nothing matches', async () => {
    const el = await search();
    expect(status(el)).to.equal('Type words to find posts, in any language they are written in.');
    el.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: 'parking' });
    await until(() => results(el).length === 1, 'found as typed');
    expect(textOf(results(el)[0]!)).to.contain('Parking opens on Monday');
    await sendKeys({ type: 'zzz' });
    await until(() => status(el) === 'No post matches “parkingzzz”.', 'nothing');
    expect(results(el)).to.have.length(0);
  });

  it('moves through results with the arrow keys and opens one with the keyboard', async () => {
    const el = await search({ query: 'monday' });
    await until(() => results(el).length === 1, 'results');
    const opened = spyEvents(el, 'eco-open-post');
    el.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(results(el)[0]);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('open');
    await sendKeys({ press: 'Enter' });
    expect(opened.map((e) => e.detail.postId)).to.deep.equal(['p2']);
  });

  it('links results with post-href', async () => {
    const el = await search({ query: 'parking', href: '/posts/{id}' });
    await until(() => results(el).length === 1, 'result');
    expect(results(el)[0]!.querySelector('a[part="open"]')!.getAttribute('href')).to.equal('/posts/p2');
  });

  it('loads more results', async () => {
    const el = await search({ query: 'canteen' });
    await until(() => results(el).length === 20, 'first page');
    expect(status(el)).to.equal('25 posts found');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="more"]')!.click();
    await until(() => results(el).length === 25, 'all');
    expect(el.shadowRoot!.querySelector('[part="more"]')).to.equal(null);
  });

  it('shows a failed search with Retry, and emits eco-error', async () => {
    b.transport.failNext('internal', 1, { match: (r) => r.path.endsWith('/posts/search') });
    const el = await fixture<EcoPostSearch>(html`<eco-post-search .client=${b.client} query="parking"></eco-post-search>`);
    const errors = spyEvents(el, 'eco-error');
    await until(() => el.shadowRoot!.querySelector('[role="alert"]'), 'error');
    await until(() => status(el).startsWith('The search failed. Something went wrong on the server'), 'sentence');
    await expectAccessible(el);
    [...el.shadowRoot!.querySelectorAll('button')].find((x) => x.textContent!.trim() === 'Retry')!.click();
    await until(() => results(el).length === 1, 'retried');
    expect(errors.length).to.be.at.most(1);
  });

  it('is accessible with results', async () => {
    const el = await search({ query: 'monday' });
    await until(() => results(el).length === 1, 'results');
    await expectAccessible(el);
  });

  it('speaks French and German', async () => {
    const fr = await search({ query: 'canteen', lang: 'fr' });
    await until(() => status(fr) === '25 publications trouvées', 'French');
    expect(fr.shadowRoot!.querySelector('label')!.textContent).to.equal('Rechercher des publications');
    const de = await search({ query: 'parking', lang: 'de' });
    await until(() => status(de) === '1 Beitrag gefunden', 'German');
  });
});

describe('excerpt', () => {
  it('keeps short texts whole and cuts long ones around the first match, at word boundaries', () => {
    expect(excerpt('short text', [[0, 5]])).to.deep.equal({ text: 'short text', ranges: [[0, 5]], before: false, after: false });
    const long = `${'word '.repeat(60)}needle ${'tail '.repeat(60)}`;
    const at = long.indexOf('needle');
    const cut = excerpt(long, [[at, at + 6]]);
    expect(cut.before && cut.after).to.equal(true);
    const [[start, end]] = cut.ranges as [[number, number]];
    expect(cut.text.slice(start, end)).to.equal('needle');
    expect(cut.text.length).to.be.at.most(220);
    expect(cut.text.startsWith('word')).to.equal(true);
  });
});

describe('plainText', () => {
  const marked = (md: string, word: string) => {
    const at = md.indexOf(word);
    const { text, ranges } = plainText(md, [[at, at + word.length]]);
    return { text, marked: ranges.map(([s, e]) => text.slice(s, e)) };
  };

  it('drops Markdown markers and keeps highlights on the same words', () => {
    expect(marked('Rappel : **exercice d’évacuation** jeudi', 'évacuation')).to.deep.equal({
      text: 'Rappel : exercice d’évacuation jeudi',
      marked: ['évacuation'],
    });
    expect(marked('See [the *new* parking](https://example.org/p) and `code`', 'parking')).to.deep.equal({
      text: 'See the new parking and code',
      marked: ['parking'],
    });
    expect(marked('> quoted\n- first item\n- second parking', 'parking')).to.deep.equal({
      text: 'quoted first item second parking',
      marked: ['parking'],
    });
  });

  it('leaves plain text and snake_case words alone', () => {
    expect(plainText('file_name and a*b', []).text).to.equal('file_name and a*b');
  });
});
