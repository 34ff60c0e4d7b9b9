import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, MemoryTransport, type EcotoneClient } from '@ecotone/core';
import { routes, type KnowledgeNote } from '@ecotone/protocol';
import './knowledge-search.js';
import type { EcoKnowledgeSearch } from './knowledge-search.component.js';
import { KnowledgeSearchHarness } from './_harness.js';
import { alice, bob, localeLoaded, seed, sleep, spyEvents, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

function makeNote(id: string, overrides: Partial<KnowledgeNote> = {}): KnowledgeNote {
  return {
    id,
    spaceId: 'news',
    owner: bob,
    title: `Note ${id}`,
    body: '',
    language: 'en',
    sources: [],
    tags: [],
    maturity: 'draft',
    reviewBy: null,
    promotedFrom: null,
    revision: 1,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    updatedBy: bob,
    canEdit: false,
    ...overrides,
  };
}

const NOTES = [
  makeNote('sec', {
    title: 'Sécurité des réseaux',
    body: 'La securite des réseaux commence par les mises à jour.',
    language: 'fr',
    tags: ['securite', 'reseau'],
    maturity: 'reference',
    owner: alice,
    updatedAt: '2026-11-27T12:00:00.000Z',
  }),
  makeNote('xss', { title: '<script>alert(1)</script> Security headers', body: 'CSP et en-têtes de sécurité.', tags: ['securite', 'web'] }),
  makeNote('rust', { title: 'Rust in production', body: 'Memory safety without a collector.', tags: ['rust'], maturity: 'reviewed', spaceId: 'board' }),
];

interface Backend {
  transport: MemoryTransport;
  client: EcotoneClient;
}

function backend(notes: KnowledgeNote[] = NOTES): Backend {
  const transport = new MemoryTransport({ ...seed([]), notes });
  return { transport, client: createClient({ transport, locale: 'en' }) };
}

const searches = (b: Backend) => b.transport.requests.filter((r) => r.path === routes.notes());

async function mount(b: Backend, template = html`<eco-knowledge-search .client=${b.client}></eco-knowledge-search>`) {
  const el = await fixture<EcoKnowledgeSearch>(template);
  const h = new KnowledgeSearchHarness(el);
  await until(() => el.state?.status === 'ready' || el.state?.status === 'error', 'search answered');
  await el.updateComplete;
  return { el, h };
}

describe('eco-knowledge-search', () => {
  let b: Backend;
  beforeEach(() => {
    b = backend();
  });
  afterEach(() => b.client.close());

  describe('accessibility', () => {
    it('is accessible with results, facets and highlights', async () => {
      const { el, h } = await mount(b, html`<eco-knowledge-search .client=${b.client} query="securite"></eco-knowledge-search>`);
      expect(h.marks.length).to.be.greaterThan(0);
      await expectAccessible(el);
    });

    it('is accessible while loading, when empty and on error', async () => {
      const release = b.transport.hold();
      const el = await fixture<EcoKnowledgeSearch>(html`<eco-knowledge-search .client=${b.client}></eco-knowledge-search>`);
      const h = new KnowledgeSearchHarness(el);
      expect(h.status).to.equal('Searching…');
      await expectAccessible(el);
      release();
      await until(() => el.state?.status === 'ready');

      el.query = 'nothing-matches-this';
      await until(() => h.status === 'No notes match', 'empty state');
      await expectAccessible(el);

      b.transport.failNext('internal', 1, { match: (r) => r.path === routes.notes() });
      el.query = 'rust';
      await until(() => h.error, 'error');
      await expectAccessible(el);
    });

    it('labels the search box and announces the count politely', async () => {
      const { h } = await mount(b);
      expect(h.box.labels?.[0]?.textContent).to.equal('Search notes');
      expect(h.status).to.equal('3 notes');
      expect(h.box.getRootNode()).to.not.equal(document);
    });
  });

  describe('attributes', () => {
    it('query searches at once, with highlights as <mark> and titles as text', async () => {
      const { el, h } = await mount(b, html`<eco-knowledge-search .client=${b.client} query="securite"></eco-knowledge-search>`);
      expect(h.box.value).to.equal('securite');
      expect(h.titles).to.have.members(['Sécurité des réseaux', '<script>alert(1)</script> Security headers']);
      // Accents differ; the marks hold the note's own characters.
      expect(h.marks).to.include('Sécurité');
      expect(h.marks).to.include('securite');
      expect(h.marks).to.include('sécurité');
      // A title with markup stays text: no script element anywhere.
      expect(el.shadowRoot!.querySelector('script')).to.equal(null);
      expect(h.status).to.equal('2 notes');
    });

    it('space, tag and maturity filter the search', async () => {
      const { h: inSpace } = await mount(b, html`<eco-knowledge-search .client=${b.client} space="board"></eco-knowledge-search>`);
      expect(inSpace.titles).to.deep.equal(['Rust in production']);
      const { h: tagged } = await mount(b, html`<eco-knowledge-search .client=${b.client} tag="web"></eco-knowledge-search>`);
      expect(tagged.titles).to.deep.equal(['<script>alert(1)</script> Security headers']);
      expect(tagged.facet('web')!.getAttribute('aria-pressed')).to.equal('true');
      const { h: mature } = await mount(b, html`<eco-knowledge-search .client=${b.client} maturity="reference"></eco-knowledge-search>`);
      expect(mature.titles).to.deep.equal(['Sécurité des réseaux']);
      expect(mature.maturity.value).to.equal('reference');
    });

    it('href-template makes results links', async () => {
      const { h } = await mount(b, html`<eco-knowledge-search .client=${b.client} query="rust" href-template="note.html?id={id}"></eco-knowledge-search>`);
      const link = h.results[0] as HTMLAnchorElement;
      expect(link.localName).to.equal('a');
      expect(link.getAttribute('href')).to.equal('note.html?id=rust');
    });

    it('shows badges for space, maturity, language and tags', async () => {
      const { h } = await mount(b, html`<eco-knowledge-search .client=${b.client} query="rust"></eco-knowledge-search>`);
      await until(() => h.results[0]!.closest('li')!.textContent!.includes('Board'), 'space name');
      const text = h.results[0]!.closest('li')!.textContent!.replace(/\s+/g, ' ');
      for (const part of ['Board', 'Reviewed', 'English', '#rust']) expect(text).to.include(part);
    });

    it('renders in French once its strings load', async () => {
      const { el, h } = await mount(b, html`<eco-knowledge-search .client=${b.client} lang="fr"></eco-knowledge-search>`);
      await localeLoaded(b.client, el, 'fr');
      await until(() => h.status === '3 fiches', 'French count');
      expect(h.box.labels?.[0]?.textContent).to.equal('Rechercher dans les fiches');
    });
  });

  describe('properties', () => {
    it('typing searches once typing pauses (debounced)', async () => {
      const { h } = await mount(b);
      const before = searches(b).length;
      h.type('r');
      h.type('ru');
      h.type('rust');
      await sleep(100);
      expect(searches(b).length).to.equal(before);
      await until(() => h.titles.length === 1, 'debounced search');
      expect(searches(b).length).to.equal(before + 1);
      expect(searches(b).at(-1)!.query!['q']).to.equal('rust');
      expect(h.marks).to.deep.equal(['Rust']);
    });

    it('facets toggle the tag filter, with counts', async () => {
      const { el, h } = await mount(b);
      const facet = h.facet('securite')!;
      expect(facet.getAttribute('aria-pressed')).to.equal('false');
      expect(facet.getAttribute('aria-label')).to.equal('securite, 2 notes');
      facet.click();
      await until(() => h.titles.length === 2 && h.facet('securite')?.getAttribute('aria-pressed') === 'true', 'tag filter');
      expect(el.tag).to.equal('securite');
      expect(searches(b).at(-1)!.query!['tag']).to.equal('securite');
      h.facet('securite')!.click();
      await until(() => h.titles.length === 3, 'filter cleared');
      expect(el.tag).to.equal(undefined);
    });

    it('the maturity filter searches by maturity', async () => {
      const { el, h } = await mount(b);
      h.maturity.value = 'reviewed';
      h.maturity.dispatchEvent(new Event('change'));
      await until(() => h.titles.length === 1, 'maturity filter');
      expect(el.maturity).to.equal('reviewed');
      expect(h.titles).to.deep.equal(['Rust in production']);
    });

    it('loads more results', async () => {
      const many = Array.from({ length: 5 }, (_, i) => makeNote(`n${i}`, { updatedAt: `2026-11-2${i}T10:00:00.000Z` }));
      b = backend(many);
      const { h } = await mount(b, html`<eco-knowledge-search .client=${b.client} limit="2"></eco-knowledge-search>`);
      expect(h.titles).to.have.length(2);
      h.more!.click();
      await until(() => h.titles.length === 4, 'second page');
      h.more!.click();
      await until(() => h.titles.length === 5, 'last page');
      expect(h.more).to.equal(null);
    });

    it('shows an error with a Retry that searches again', async () => {
      b.transport.failNext('internal', 1, { match: (r) => r.path === routes.notes() });
      const errors: Event[] = [];
      document.addEventListener('eco-error', (e) => errors.push(e), { once: true });
      const { h } = await mount(b);
      expect(h.error).to.not.equal(null);
      expect(errors).to.have.length(1);
      h.retry!.click();
      await until(() => h.titles.length === 3, 'retried');
      expect(h.error).to.equal(null);
    });
  });

  describe('events', () => {
    it('clicking a result emits eco-note-select with its id', async () => {
      const { el, h } = await mount(b, html`<eco-knowledge-search .client=${b.client} query="rust"></eco-knowledge-search>`);
      const events = spyEvents(el, 'eco-note-select');
      h.results[0]!.click();
      expect(events.map((e) => e.detail)).to.deep.equal([{ noteId: 'rust' }]);
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    });
  });

  describe('keyboard', () => {
    it('ArrowDown moves from the box through the results, Enter selects, Escape returns to the box', async () => {
      const { el, h } = await mount(b);
      const events = spyEvents(el, 'eco-note-select');
      h.box.focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(h.focused).to.equal(h.results[0]);
      await sendKeys({ press: 'ArrowDown' });
      expect(h.focused).to.equal(h.results[1]);
      // Only the active result is in the Tab order.
      expect(h.results.map((r) => r.tabIndex)).to.deep.equal([-1, 0, -1]);
      await sendKeys({ press: 'Enter' });
      expect(events.map((e) => e.detail.noteId)).to.deep.equal([el.state!.hits[1]!.note.id]);
      await sendKeys({ press: 'ArrowUp' });
      expect(h.focused).to.equal(h.results[0]);
      await sendKeys({ press: 'ArrowUp' });
      expect(h.focused).to.equal(h.box);
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'End' });
      expect(h.focused).to.equal(h.results[2]);
      await sendKeys({ press: 'Escape' });
      expect(h.focused).to.equal(h.box);
    });

    it('typing and Enter search at once', async () => {
      const { h } = await mount(b);
      h.box.focus();
      await sendKeys({ type: 'produc' });
      await sendKeys({ press: 'Enter' });
      await until(() => h.titles.length === 1, 'search on Enter');
      expect(h.marks).to.deep.equal(['produc']);
    });
  });
});
