/**
 * Classification labels as elements show them (docs/security.md#classification):
 * a banner at the top of a feed of one space and of the composer, a badge on a
 * post shown on its own (or in a feed of several spaces) and on a knowledge
 * note; the label's name in the element's language, its colour from the
 * server, "Classification: …" for screen readers; nothing without labels.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../feed/feed.js';
import '../composer/composer.js';
import '../post/post.js';
import '../knowledge-note/knowledge-note.js';
import '../poll/poll.js';
import '../comments/comments.js';
import '../knowledge-search/knowledge-search.js';
import type { ClassificationLabel, KnowledgeNote, Me } from '@ecotone/protocol';
import { createClient, MemoryTransport } from '@ecotone/core';
import { alice, backend, localeLoaded, makePoll, makePost, seed, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { textOn } from './classification.component.js';

const LABELS: ClassificationLabel[] = [
  { id: 'public', color: '#2e7d32', names: { en: 'PUBLIC', fr: 'PUBLIC', de: 'ÖFFENTLICH' } },
  { id: 'restricted', color: '#e65100', names: { en: 'RESTRICTED', fr: 'DIFFUSION RESTREINTE', de: 'VS – NUR FÜR DEN DIENSTGEBRAUCH' } },
];
/** The fixtures' spaces: `news` is restricted, `board` public. */
const SPACE_LABELS: Record<string, string> = { news: 'restricted', board: 'public' };

/** The backend's `GET /me` as a server with labels answers it. */
function withLabels(b: TestBackend): void {
  const me = b.client.me.bind(b.client);
  b.client.me = async (): Promise<Me> => {
    const value = await me();
    return {
      ...value,
      memberships: value.memberships.map((m) => ({ ...m, label: SPACE_LABELS[m.spaceId] ?? 'public' })),
      classification: { labels: LABELS, clearance: 'restricted' },
    };
  };
}

/** The `<eco-classification>` parts in `host`'s shadow root, once they have rendered. */
function labelsIn(host: Element): HTMLElement[] {
  return [...host.shadowRoot!.querySelectorAll<HTMLElement>('[part~="classification"]')];
}
/** What a sighted reader sees of a label, and what a screen reader hears. */
function read(label: HTMLElement): { shown: string; heard: string } {
  const root = label.shadowRoot!;
  return { shown: textOf(root.querySelector('[aria-hidden="true"]')!), heard: textOf(root.querySelector('.visually-hidden')!) };
}
const rendered = (label: HTMLElement | undefined) => label?.shadowRoot?.querySelector('[part="base"]');

describe('classification labels', () => {
  let b: TestBackend;
  afterEach(() => b.client.close());

  it('shows nothing on a server without labels, and loads no label element', async () => {
    b = backend([makePost(1, { spaceId: 'news' })]);
    const feed = await fixture(html`<eco-feed .client=${b.client} space="news"></eco-feed>`);
    await until(() => feed.shadowRoot!.querySelector('eco-post'), 'posts');
    const post = feed.shadowRoot!.querySelector('eco-post')!;
    const composer = await fixture(html`<eco-composer .client=${b.client} space="news"></eco-composer>`);
    await b.client.me();
    await Promise.all([(feed as unknown as { updateComplete: Promise<unknown> }).updateComplete, (post as unknown as { updateComplete: Promise<unknown> }).updateComplete]);
    expect(labelsIn(feed)).to.deep.equal([]);
    expect(labelsIn(post)).to.deep.equal([]);
    expect(labelsIn(composer)).to.deep.equal([]);
    expect(customElements.get('eco-classification')).to.equal(undefined);
  });

  for (const [lang, name, heard] of [
    ['en', 'RESTRICTED', 'Classification: RESTRICTED'],
    ['fr', 'DIFFUSION RESTREINTE', 'Classification : DIFFUSION RESTREINTE'],
    ['de', 'VS – NUR FÜR DEN DIENSTGEBRAUCH', 'Einstufung: VS – NUR FÜR DEN DIENSTGEBRAUCH'],
  ] as const) {
    it(`shows a feed's label as a banner, in ${lang}, in its colour, and no badge on its posts`, async () => {
      b = backend([makePost(1, { spaceId: 'news' })]);
      withLabels(b);
      const feed = await fixture(html`<eco-feed .client=${b.client} space="news" lang=${lang}></eco-feed>`);
      await localeLoaded(b.client, feed as unknown as { updateComplete: Promise<boolean> }, lang);
      const banner = await until(() => {
        const found = labelsIn(feed)[0];
        return rendered(found) && read(found!).heard === heard ? found : undefined;
      }, 'the banner');
      expect(banner.localName).to.equal('eco-classification');
      expect(banner.getAttribute('part')).to.equal('classification classification-restricted');
      expect(banner.hasAttribute('badge')).to.equal(false);
      expect(read(banner)).to.deep.equal({ shown: name, heard });
      const style = getComputedStyle(banner);
      expect(style.backgroundColor).to.equal('rgb(230, 81, 0)');
      // Black reads better than white on that orange.
      expect(style.color).to.equal('rgb(0, 0, 0)');
      // The banner comes first, before the posts.
      expect(feed.shadowRoot!.querySelector('[part="base"]')!.firstElementChild).to.equal(banner);
      const post = await until(() => feed.shadowRoot!.querySelector('eco-post'), 'a post');
      await (post as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(labelsIn(post)).to.deep.equal([]);
      if (lang === 'en') await expectAccessible(feed);
    });
  }

  it('shows a badge on each post of a feed over several spaces, none on the feed', async () => {
    b = backend([makePost(1, { spaceId: 'news' }), makePost(2, { spaceId: 'board' })]);
    withLabels(b);
    const feed = await fixture(html`<eco-feed .client=${b.client} space="news board"></eco-feed>`);
    const badges = await until(() => {
      const posts = [...feed.shadowRoot!.querySelectorAll('eco-post')];
      const found = posts.map((p) => labelsIn(p)[0]);
      return posts.length === 2 && found.every((l) => rendered(l)) ? (found as HTMLElement[]) : undefined;
    }, 'the badges');
    expect(badges.map((l) => read(l).shown).sort()).to.deep.equal(['PUBLIC', 'RESTRICTED']);
    expect(badges.every((l) => l.hasAttribute('badge'))).to.equal(true);
    expect(labelsIn(feed)).to.deep.equal([]);
  });

  it('shows a badge on a post shown on its own', async () => {
    b = backend();
    withLabels(b);
    const post = await fixture(html`<eco-post .client=${b.client} .post=${makePost(1, { spaceId: 'board' })}></eco-post>`);
    const badge = await until(() => (rendered(labelsIn(post)[0]) ? labelsIn(post)[0] : undefined), 'the badge');
    expect(badge.hasAttribute('badge')).to.equal(true);
    expect(read(badge)).to.deep.equal({ shown: 'PUBLIC', heard: 'Classification: PUBLIC' });
    expect(getComputedStyle(badge).backgroundColor).to.equal('rgb(46, 125, 50)');
    expect(getComputedStyle(badge).color).to.equal('rgb(255, 255, 255)');
    await expectAccessible(post);
  });

  it('shows a badge on a poll and on comments shown on their own, and none on a post\'s poll (the post shows it)', async () => {
    const poll = makePoll({ spaceId: 'news' });
    b = backend([makePost(1, { spaceId: 'board', polls: [makePoll({ id: 'poll2', spaceId: 'board', postId: 'p1' })] })], [poll]);
    withLabels(b);
    const alone = await fixture(html`<eco-poll .client=${b.client} poll="poll1"></eco-poll>`);
    const pollBadge = await until(() => (rendered(labelsIn(alone)[0]) ? labelsIn(alone)[0] : undefined), 'the poll\'s badge');
    expect(read(pollBadge)).to.deep.equal({ shown: 'RESTRICTED', heard: 'Classification: RESTRICTED' });
    expect(pollBadge.hasAttribute('badge')).to.equal(true);
    const comments = await fixture(html`<eco-comments .client=${b.client} post="p1"></eco-comments>`);
    const commentsBadge = await until(() => (rendered(labelsIn(comments)[0]) ? labelsIn(comments)[0] : undefined), 'the comments\' badge');
    expect(read(commentsBadge).shown).to.equal('PUBLIC');
    const post = await fixture(html`<eco-post .client=${b.client} .post=${makePost(1, { spaceId: 'board', polls: [makePoll({ id: 'poll2', spaceId: 'board', postId: 'p1' })] })}></eco-post>`);
    await until(() => rendered(labelsIn(post)[0]), 'the post\'s badge');
    const inner = await until(() => post.shadowRoot!.querySelector('eco-poll')?.shadowRoot?.querySelector('[part="base"]') && post.shadowRoot!.querySelector('eco-poll'), 'the post\'s poll');
    await (inner as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(labelsIn(inner)).to.deep.equal([]);
  });

  it('shows a badge on each knowledge search result, after its space', async () => {
    const note = (id: string, spaceId: string): KnowledgeNote => ({
      id, spaceId, owner: alice, title: `Findings ${id}`, body: '', language: 'en', sources: [], tags: [], maturity: 'draft', reviewBy: null, promotedFrom: null,
      revision: 1, createdAt: '2026-11-27T10:00:00.000Z', updatedAt: '2026-11-27T10:00:00.000Z', updatedBy: alice, canEdit: false,
    });
    const transport = new MemoryTransport({ ...seed([]), notes: [note('n1', 'news'), note('n2', 'board')] });
    b = { transport, client: createClient({ transport, locale: 'en' }) };
    withLabels(b);
    const search = await fixture(html`<eco-knowledge-search .client=${b.client}></eco-knowledge-search>`);
    const badges = await until(() => {
      const found = [...search.shadowRoot!.querySelectorAll<HTMLElement>('[part~="classification"]')];
      return found.length === 2 && found.every((l) => rendered(l)) ? found : undefined;
    }, 'a badge per result');
    expect(badges.map((l) => read(l).shown).sort()).to.deep.equal(['PUBLIC', 'RESTRICTED']);
    expect(badges.every((l) => l.hasAttribute('badge'))).to.equal(true);
  });

  it('shows a banner at the top of the composer: writers see where they write', async () => {
    b = backend();
    withLabels(b);
    const composer = await fixture(html`<eco-composer .client=${b.client} space="news"></eco-composer>`);
    const banner = await until(() => (rendered(labelsIn(composer)[0]) ? labelsIn(composer)[0] : undefined), 'the banner');
    expect(read(banner).heard).to.equal('Classification: RESTRICTED');
    expect(composer.shadowRoot!.querySelector('form')!.firstElementChild).to.equal(banner);
  });

  it('shows a badge on a knowledge note', async () => {
    b = backend();
    withLabels(b);
    const now = new Date().toISOString();
    b.transport.addNote({
      id: 'n1', spaceId: 'news', owner: alice, title: 'Network security', body: 'Text', language: 'en', sources: [], tags: [], maturity: 'draft',
      reviewBy: null, promotedFrom: null, revision: 1, createdAt: now, updatedAt: now, updatedBy: alice, canEdit: true,
    });
    const note = await fixture(html`<eco-knowledge-note .client=${b.client} note="n1"></eco-knowledge-note>`);
    const badge = await until(() => (rendered(labelsIn(note)[0]) ? labelsIn(note)[0] : undefined), 'the badge');
    expect(badge.hasAttribute('badge')).to.equal(true);
    expect(read(badge).shown).to.equal('RESTRICTED');
  });

  it('picks black or white text for contrast with the label colour', () => {
    expect(textOn('#e65100')).to.equal('#000000');
    expect(textOn('#1565c0')).to.equal('#ffffff');
    expect(textOn('#b71c1c')).to.equal('#ffffff');
    expect(textOn('#ffeb3b')).to.equal('#000000');
  });
});
