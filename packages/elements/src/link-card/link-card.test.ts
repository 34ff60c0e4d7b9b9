import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { routes, type LinkPreview } from '@ecotone/protocol';
import './link-card.js';
import '../post/post.js';
import '../feed/feed.js';
import type { EcoLinkCard } from './link-card.component.js';
import type { EcoPost } from '../post/post.component.js';
import type { EcoFeed } from '../feed/feed.component.js';
import { LinkCardHarness } from './_harness.js';
import { backend, localeLoaded, makePost, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const ARTICLE = 'https://example.com/article';
const VIDEO = 'https://videos.example/watch/42';
/** A host nothing in the page may contact before Play (`.invalid` never resolves, so a click costs no traffic). */
const EMBED_HOST = 'embed.invalid';
const EMBED = `https://${EMBED_HOST}/embed/42`;
/** On the page's own origin, as the server serves preview images from its origin. */
const IMAGE = new URL('/docs/images/intranet-example.png', location.href).href;

function article(overrides: Partial<LinkPreview> = {}): LinkPreview {
  return {
    url: ARTICLE,
    title: 'Quarterly results',
    description: 'Revenue grew in every region.',
    siteName: 'Example News',
    imageUrl: IMAGE,
    imageAlt: 'A chart going up',
    fetchedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  };
}

function video(overrides: Partial<LinkPreview> = {}): LinkPreview {
  return {
    url: VIDEO,
    title: 'Onboarding tour',
    siteName: 'Videos',
    imageUrl: IMAGE,
    video: { embedUrl: EMBED, width: 640, height: 360, provider: 'Videos' },
    fetchedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  };
}

const previewRequests = (b: TestBackend) => b.transport.requests.filter((r) => r.path === routes.previews());
const embedLoads = () => performance.getEntriesByType('resource').filter((e) => new URL(e.name).hostname === EMBED_HOST);

describe('eco-link-card', () => {
  let b: TestBackend;
  before(() => {
    // The default buffer (250 entries) is full of module loads long before these tests: a
    // full buffer would drop the very entries "nothing loaded from the video host" looks for.
    performance.setResourceTimingBufferSize(100_000);
  });
  beforeEach(() => {
    // Each test starts without the video loads of the previous one.
    performance.clearResourceTimings();
    b = backend([makePost(1)]);
    b.transport.addPreview(article());
    b.transport.addPreview(video());
  });
  afterEach(() => b.client.close());

  async function card(href: string) {
    const el = await fixture<EcoLinkCard>(html`<eco-link-card .client=${b.client} href=${href}></eco-link-card>`);
    return { el, h: new LinkCardHarness(el) };
  }

  async function ready(href: string) {
    const { el, h } = await card(href);
    await until(() => !h.busy && h.link, 'preview');
    await el.updateComplete;
    return { el, h };
  }

  describe('accessibility', () => {
    it('is accessible while loading, busy, with the link already usable', async () => {
      const release = b.transport.hold();
      const { el, h } = await card(ARTICLE);
      await until(() => h.busy, 'skeleton');
      expect(h.link?.href).to.equal(ARTICLE);
      expect(textOf(el)).to.contain('Loading link preview…');
      await expectAccessible(el);
      release();
      await until(() => h.isCard, 'card');
    });

    it('is accessible as a card: one link named by the title, described by the description', async () => {
      const { el, h } = await ready(ARTICLE);
      expect(h.links).to.have.length(1);
      expect(h.link!.textContent!.trim()).to.equal('Quarterly results');
      expect(h.linkDescription).to.equal('Revenue grew in every region.');
      await expectAccessible(el);
    });

    it('is accessible as a video, with a named Play button', async () => {
      const { el, h } = await ready(VIDEO);
      expect(h.playButton?.getAttribute('aria-label')).to.equal('Play video: Onboarding tour');
      await expectAccessible(el);
      h.playButton!.click();
      await until(() => h.iframe, 'iframe');
      await expectAccessible(el);
    });

    it('is accessible as a plain link', async () => {
      b.transport.disablePreviews();
      const { el, h } = await ready(ARTICLE);
      expect(h.isCard).to.equal(false);
      await expectAccessible(el);
    });
  });

  describe('attributes', () => {
    it('href: fetches through client.preview once and shows title, site, host, description and image', async () => {
      const { h } = await ready(ARTICLE);
      expect(previewRequests(b)).to.have.length(1);
      expect(previewRequests(b)[0]!.body).to.deep.equal({ url: ARTICLE });
      expect(textOf(h.part('title')!)).to.equal('Quarterly results');
      expect(textOf(h.part('site')!)).to.equal('Example News · example.com');
      expect(textOf(h.part('description')!)).to.equal('Revenue grew in every region.');
      const img = h.part('image') as HTMLImageElement;
      expect(img.src).to.equal(IMAGE);
      expect(img.alt).to.equal('A chart going up');
      expect(h.link!.href).to.equal(ARTICLE);
      expect(h.link!.target).to.equal('_blank');
      expect(h.link!.rel).to.equal('noopener noreferrer');
      // The description describes the link; it is not part of its name.
      expect(h.link!.contains(h.part('description'))).to.equal(false);
    });

    it('an image without alt text is decorative: the title carries the meaning', async () => {
      b.transport.addPreview(article({ imageAlt: undefined }));
      const { h } = await ready(ARTICLE);
      expect((h.part('image') as HTMLImageElement).getAttribute('alt')).to.equal('');
    });

    it('previews_disabled: a plain link, no error noise, no eco-error', async () => {
      b.transport.disablePreviews();
      const { el, h } = await card(VIDEO);
      const errors = spyEvents(el, 'eco-error');
      await until(() => !h.busy, 'settled');
      await el.updateComplete;
      expect(h.links).to.have.length(1);
      expect(h.link!.href).to.equal(VIDEO);
      expect(h.link!.textContent).to.equal(VIDEO);
      expect(h.part('reason')).to.equal(null);
      expect(h.playButton).to.equal(null);
      expect(textOf(el)).to.equal(VIDEO);
      expect(errors).to.have.length(0);
    });

    it('another failure: a plain link and the translated reason', async () => {
      await b.client.loadErrorMessages('en');
      b.transport.failNext('egress_blocked', 1, { match: (req) => req.path === '/api/v1/previews' });
      const { el, h } = await card(ARTICLE);
      await until(() => h.part('reason'), 'reason');
      expect(h.link!.href).to.equal(ARTICLE);
      await until(() => textOf(h.part('reason')!) === 'This server is not allowed to fetch this address.', 'translated reason');
      await expectAccessible(el);
    });

    it('a page without a title is a plain link', async () => {
      const { h } = await ready('https://example.org/untitled');
      expect(h.isCard).to.equal(false);
      expect(h.link!.href).to.equal('https://example.org/untitled');
    });

    it('javascript:, data: and mailto: are never links, and never fetched', async () => {
      for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'mailto:a@example.com']) {
        const { el, h } = await card(href);
        await el.updateComplete;
        expect(h.links, href).to.have.length(0);
        expect(textOf(el)).to.equal(href);
      }
      expect(previewRequests(b)).to.have.length(0);
    });

    it('is translated (fr, de)', async () => {
      for (const [lang, label] of [
        ['fr', 'Lire la vidéo : Onboarding tour'],
        ['de', 'Video abspielen: Onboarding tour'],
      ] as const) {
        const el = await fixture<EcoLinkCard>(html`<eco-link-card .client=${b.client} lang=${lang} href=${VIDEO}></eco-link-card>`);
        const h = new LinkCardHarness(el);
        await until(() => h.playButton, 'play');
        await localeLoaded(b.client, el, lang);
        await until(() => h.playButton!.getAttribute('aria-label') === label, `${lang} label`);
      }
    });
  });

  describe('properties', () => {
    it('preview: renders without fetching, and a javascript: url in it is not a link', async () => {
      const el = await fixture<EcoLinkCard>(html`<eco-link-card .client=${b.client} .preview=${article()}></eco-link-card>`);
      const h = new LinkCardHarness(el);
      expect(h.isCard).to.equal(true);
      el.preview = article({ url: 'javascript:alert(1)' });
      await el.updateComplete;
      expect(h.links).to.have.length(0);
      expect(previewRequests(b)).to.have.length(0);
    });

    it('an http embed URL is not played: the card stays a link', async () => {
      const el = await fixture<EcoLinkCard>(
        html`<eco-link-card .client=${b.client} .preview=${video({ video: { embedUrl: `http://${EMBED_HOST}/x` } })}></eco-link-card>`,
      );
      const h = new LinkCardHarness(el);
      expect(h.isCard).to.equal(true);
      expect(h.playButton).to.equal(null);
    });

    it('inside <eco-post>: the post loads the card for its link preview', async () => {
      const p = makePost(1, { body: `Read ${ARTICLE}`, linkPreview: article() });
      const post = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${p}></eco-post>`);
      const inner = await until(() => post.shadowRoot!.querySelector('eco-link-card'), 'card in post');
      const h = new LinkCardHarness(inner);
      await until(() => h.isCard, 'card');
      expect(textOf(h.part('title')!)).to.equal('Quarterly results');
      expect(previewRequests(b)).to.have.length(0);
      await expectAccessible(post);
    });

    it('a post without a preview renders no card', async () => {
      const post = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${makePost(2)}></eco-post>`);
      await post.updateComplete;
      expect(post.shadowRoot!.querySelector('eco-link-card')).to.equal(null);
    });

    it('post.updated makes the card appear live in a feed', async () => {
      b.client.close();
      b = backend([makePost(1, { body: `New report: ${ARTICLE}` })]);
      b.transport.addPreview(article());
      const feed = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news"></eco-feed>`);
      const post = await until(() => feed.shadowRoot!.querySelector('eco-post'), 'post');
      await until(() => post.shadowRoot!.querySelector('[part="body"]'), 'body');
      expect(post.shadowRoot!.querySelector('eco-link-card')).to.equal(null);
      b.transport.attachPreview('p1');
      const inner = await until(() => post.shadowRoot!.querySelector('eco-link-card'), 'card arrives live');
      await until(() => new LinkCardHarness(inner).isCard, 'card');
      expect(textOf(new LinkCardHarness(inner).part('title')!)).to.equal('Quarterly results');
    });
  });

  describe('events', () => {
    it('click-to-play: nothing from the video host before the click, a sandboxed iframe after', async () => {
      // A thumbnail URL of its own, so that it loads here rather than from the memory cache.
      const thumbnail = `${IMAGE}?probe=${Date.now()}`;
      b.transport.addPreview(video({ imageUrl: thumbnail }));
      const { el, h } = await ready(VIDEO);
      await el.updateComplete;
      expect(h.iframe).to.equal(null);
      expect(el.shadowRoot!.querySelector(`[src*="${EMBED_HOST}"], link, script`)).to.equal(null);
      // The probe does record this page's loads (the thumbnail, from our own origin), so its silence on the video host means something.
      expect((h.part('image') as HTMLImageElement).src).to.equal(thumbnail);
      await until(() => performance.getEntriesByType('resource').some((e) => e.name === thumbnail), 'thumbnail entry');
      expect(embedLoads()).to.deep.equal([]);
      h.playButton!.click();
      const iframe = await until(() => h.iframe, 'iframe');
      expect(iframe.src).to.equal(EMBED);
      expect(iframe.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin allow-presentation');
      expect(iframe.getAttribute('allow')).to.equal('fullscreen; picture-in-picture');
      expect(iframe.getAttribute('referrerpolicy')).to.equal('no-referrer');
      expect(iframe.title).to.equal('Video: Onboarding tour');
      expect(h.playButton).to.equal(null);
    });

    it('eco-error when the preview cannot be fetched', async () => {
      b.transport.failNext('preview_unreachable', 1, { match: (req) => req.path === '/api/v1/previews' });
      const el = document.createElement('eco-link-card');
      const errors = spyEvents(el, 'eco-error');
      el.client = b.client;
      el.href = ARTICLE;
      await fixture(html`<div>${el}</div>`);
      await until(() => errors.length === 1, 'eco-error');
      expect(errors[0]!.detail.action).to.equal('preview');
      expect(errors[0]!.detail.error).to.include({ code: 'preview_unreachable' });
    });
  });

  describe('keyboard', () => {
    /** What has focus inside the card, by part (elements are not compared: a failed diff of DOM nodes is unreadable). */
    const focused = (el: EcoLinkCard) => el.shadowRoot!.activeElement?.getAttribute('part') ?? el.shadowRoot!.activeElement?.localName;

    it('Tab reaches Play then the link (visual order); Enter plays and moves focus to the video', async () => {
      const { el, h } = await ready(VIDEO);
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(el)).to.equal('play');
      await sendKeys({ press: 'Tab' });
      expect(focused(el)).to.equal('link');
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(focused(el)).to.equal('play');
      expect(embedLoads()).to.deep.equal([]);
      await sendKeys({ press: 'Enter' });
      const iframe = await until(() => h.iframe, 'iframe');
      expect(iframe.src).to.equal(EMBED);
      await until(() => focused(el) === 'video', 'focus on the video');
      before.remove();
    });

    it('a card without video is one Tab stop', async () => {
      const { el } = await ready(ARTICLE);
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(el)).to.equal('link');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(null);
      before.remove();
    });
  });
});
