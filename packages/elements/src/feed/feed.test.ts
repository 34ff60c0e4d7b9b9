import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './feed.js';
import type { EcoFeed } from './feed.component.js';
import { RENDER_SLICE_MS, VIRTUALIZE_ABOVE_ITEMS } from './feed.component.js';
import type { EcoPost } from '../post/post.component.js';
import { createClient, MemoryTransport } from '@ecotone/core';
import type { Role } from '@ecotone/protocol';
import { backend, bob, makePost, seed, sleep, spyEvents, textOf, until, type TestBackend, localeLoaded } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/** Hides the feed's shadow structure from the tests. */
class FeedHarness {
  constructor(readonly el: EcoFeed) {}
  private q<E extends Element = HTMLElement>(selector: string): E | null {
    return this.el.shadowRoot!.querySelector<E>(selector);
  }
  get posts(): EcoPost[] {
    return [...this.el.shadowRoot!.querySelectorAll<EcoPost>('[role="feed"] > eco-post')];
  }
  get list(): HTMLElement | null {
    return this.q('[role="feed"]');
  }
  get skeleton(): HTMLElement | null {
    return this.q('[part="skeleton"]');
  }
  get empty(): string {
    return this.q('[part="empty"]')?.textContent?.trim() ?? '';
  }
  get error(): HTMLElement | null {
    return this.q('[part="error"]');
  }
  get retry(): HTMLButtonElement | null {
    return this.q<HTMLButtonElement>('[part="retry"]');
  }
  get loadMore(): HTMLButtonElement | null {
    return this.q<HTMLButtonElement>('[part="load-more"]');
  }
  get newPosts(): HTMLButtonElement | null {
    return this.q<HTMLButtonElement>('[part="new-posts"]');
  }
  get liveRegion(): string {
    return this.q('[aria-live="polite"]')?.textContent?.trim() ?? '';
  }
  get end(): string {
    return this.q('.end')?.textContent?.trim() ?? '';
  }
  get connection(): string {
    return this.q('[part="connection"]')?.textContent?.trim() ?? '';
  }
}

function posts(count: number) {
  return Array.from({ length: count }, (_, i) => makePost(i + 1));
}

describe('eco-feed', () => {
  let b: TestBackend;
  afterEach(() => b.client.close());

  async function feed(opts: { count?: number; space?: string; lang?: string; manual?: boolean; hold?: boolean } = {}) {
    b = backend(posts(opts.count ?? 3));
    const release = opts.hold ? b.transport.hold() : undefined;
    const el = await fixture<EcoFeed>(
      html`<eco-feed .client=${b.client} space=${opts.space ?? 'news'} lang=${opts.lang ?? 'en'} ?manual-load=${opts.manual ?? true}></eco-feed>`,
    );
    await localeLoaded(b.client, el, opts.lang);
    return { el, h: new FeedHarness(el), release };
  }

  it('is accessible with posts', async () => {
    const { el, h } = await feed();
    await until(() => h.posts.length === 3, 'posts');
    await until(() => h.posts.every((p) => p.shadowRoot?.querySelectorAll('eco-like-button').length === 4), 'reaction bars');
    await expectAccessible(el);
  });

  it('is accessible while loading, empty and in error', async () => {
    const loading = await feed({ hold: true });
    expect(loading.h.skeleton).to.exist;
    expect(loading.h.skeleton!.getAttribute('aria-busy')).to.equal('true');
    await expectAccessible(loading.el);
    loading.release!();
    b.client.close();

    const empty = await feed({ space: 'empty' });
    await until(() => empty.h.empty, 'empty state');
    await expectAccessible(empty.el);
    b.client.close();

    b = backend(posts(3));
    b.transport.failNext('forbidden');
    const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news"></eco-feed>`);
    const h = new FeedHarness(el);
    await until(() => h.error, 'error state');
    await expectAccessible(el);
  });

  describe('attributes', () => {
    it('goes from the loading skeleton to the items, as a WAI-ARIA feed', async () => {
      const { h, release } = await feed({ hold: true });
      expect(h.skeleton).to.exist;
      expect(textOf(h.skeleton!)).to.equal('Loading posts…');
      release!();
      await until(() => h.posts.length === 3, 'posts');
      expect(h.skeleton).to.equal(null);
      expect(h.list!.getAttribute('aria-label')).to.equal('Posts');
      const articles = h.posts.map((p) => p.shadowRoot!.querySelector('article')!);
      expect(articles.map((a) => a.getAttribute('aria-posinset'))).to.deep.equal(['1', '2', '3']);
      expect(articles.every((a) => a.getAttribute('aria-setsize') === '3')).to.equal(true);
      expect(h.end).to.equal('You are all caught up.');
    });

    it('shows one feed over several spaces named in `space`, newest first', async () => {
      b = backend([makePost(1), makePost(2, { spaceId: 'board', body: 'On the board' }), makePost(3)]);
      const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news, board" manual-load></eco-feed>`);
      const h = new FeedHarness(el);
      await until(() => h.posts.length === 3, 'posts of both spaces');
      expect(textOf(h.posts[1]!)).to.contain('On the board');
      expect(b.transport.requests.find((r) => r.path === '/api/v1/feed')?.query?.['spaces']).to.equal('board,news');
    });

    it('shows the empty state', async () => {
      const { h } = await feed({ space: 'empty' });
      await until(() => h.empty, 'empty');
      expect(h.empty).to.equal('No posts here yet.');
    });

    it('shows an error with Retry that refetches', async () => {
      b = backend(posts(2));
      b.transport.failNext('forbidden');
      const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news"></eco-feed>`);
      const h = new FeedHarness(el);
      await until(() => h.retry, 'retry button');
      expect(h.error!.getAttribute('role')).to.equal('alert');
      await until(() => textOf(h.error!).includes('The posts could not be loaded. You are not allowed to do this.'), 'translated error');
      h.retry!.click();
      await until(() => h.posts.length === 2, 'posts after retry');
    });

    it('is translated (fr, de)', async () => {
      const fr = await feed({ space: 'empty', lang: 'fr' });
      await until(() => fr.h.empty, 'fr empty');
      expect(fr.h.empty).to.equal('Aucune publication pour le moment.');
      b.client.close();
      const de = await feed({ count: 25, lang: 'de' });
      await until(() => de.h.loadMore, 'de load more');
      expect(de.h.loadMore!.textContent!.trim()).to.equal('Mehr laden');
      expect(de.h.list!.getAttribute('aria-label')).to.equal('Beiträge');
    });
  });

  describe('properties', () => {
    it('loads more with the button, with a loading state, and sets aria-setsize -1 while more remain', async () => {
      const { el, h } = await feed({ count: 25 });
      await until(() => h.posts.length === 20, 'first page');
      const first = h.posts[0]!.shadowRoot!.querySelector('article')!;
      expect(first.getAttribute('aria-setsize')).to.equal('-1');
      const release = b.transport.hold();
      h.loadMore!.click();
      await until(() => h.loadMore?.textContent?.trim() === 'Loading more posts…', 'loading more label');
      expect(h.list!.getAttribute('aria-busy')).to.equal('true');
      release();
      await until(() => h.posts.length === 25, 'second page');
      expect(h.loadMore).to.equal(null);
      expect(h.end).to.equal('You are all caught up.');
      expect(el.state!.hasMore).to.equal(false);
    });

    it('says when live updates are interrupted, and stops saying it when they are back', async () => {
      const { h } = await feed({ count: 3, lang: 'fr' });
      await until(() => h.posts.length === 3, 'posts');
      expect(h.connection).to.equal('');
      b.transport.setStatus('reconnecting');
      await until(() => h.connection === 'Reconnexion…', 'reconnecting notice');
      b.transport.setStatus('offline');
      await until(() => h.connection !== 'Reconnexion…' && h.connection !== '', 'offline notice');
      b.transport.setStatus('connected');
      await until(() => h.connection === '', 'notice gone');
      expect(h.posts).to.have.length(3);
    });

    it('shows a load-more error with its own Retry', async () => {
      const { h } = await feed({ count: 25 });
      await until(() => h.posts.length === 20, 'first page');
      b.transport.failNext('forbidden');
      h.loadMore!.click();
      await until(() => h.retry, 'retry');
      expect(textOf(h.error!)).to.contain('Older posts could not be loaded.');
      expect(h.posts).to.have.length(20);
      h.retry!.click();
      await until(() => h.posts.length === 25, 'second page after retry');
    });

    it('loads more on its own only for what the browser saw of the end once every post was in', async () => {
      // The browser's reports, delivered by the test: one seen while the posts came in (stale), one after.
      const observers: { report: IntersectionObserverCallback; observed: number }[] = [];
      /** When the end was first observed: the first posts were coming in. */
      let firstObserved: number | undefined;
      const Observer = window.IntersectionObserver;
      window.IntersectionObserver = class {
        private readonly entry: { report: IntersectionObserverCallback; observed: number };
        constructor(report: IntersectionObserverCallback) {
          this.entry = { report, observed: 0 };
          observers.push(this.entry);
        }
        observe(): void {
          this.entry.observed++;
          firstObserved ??= performance.now();
        }
        unobserve(): void {}
        disconnect(): void {}
      } as unknown as typeof IntersectionObserver;
      try {
        b = backend(posts(45));
        const release = b.transport.hold();
        const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news"></eco-feed>`);
        const loads = spyEvents(el, 'eco-load-more');
        release();
        await until(() => el.state?.status === 'ready', 'first page');
        await el.updateComplete;
        const observer = observers[0]!;
        // Observed again once the last posts were in, so that the browser reports where the end is now.
        expect(observer.observed).to.be.at.least(2);
        const report = (time: number) =>
          observer.report([{ isIntersecting: true, time } as IntersectionObserverEntry], {} as IntersectionObserver);
        report(firstObserved!);
        expect(loads).to.have.length(0);
        report(performance.now());
        expect(loads).to.have.length(1);
      } finally {
        window.IntersectionObserver = Observer;
      }
    });

    it('loads more on its own when the end scrolls into view', async () => {
      b = backend(posts(25));
      const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news"></eco-feed>`);
      const h = new FeedHarness(el);
      await until(() => h.posts.length === 20, 'first page');
      expect(h.posts.length).to.equal(20);
      window.scrollTo(0, document.documentElement.scrollHeight);
      await until(() => h.posts.length === 25, 'auto-loaded second page', 5000);
      window.scrollTo(0, 0);
    });

    it('announces new posts and shows them on request', async () => {
      const { el, h } = await feed();
      await until(() => h.posts.length === 3, 'posts');
      for (const n of [100, 101]) {
        b.transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(n, { id: `new${n}`, author: bob, createdAt: new Date().toISOString() }) });
      }
      await until(() => h.newPosts, 'banner');
      expect(h.newPosts!.textContent!.trim()).to.equal('2 new posts');
      expect(h.liveRegion).to.equal('2 new posts');
      expect(h.posts).to.have.length(3);
      // The banner: accent text on the accent, in both themes.
      await expectAccessible(el);
      h.newPosts!.click();
      await until(() => h.posts.length === 5, 'new posts shown');
      expect(h.newPosts).to.equal(null);
      expect(h.posts[0]!.post!.id).to.equal('new101');
    });

    it('uses the singular for one new post', async () => {
      const { h } = await feed({ lang: 'fr' });
      await until(() => h.posts.length === 3, 'posts');
      b.transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(100, { id: 'x1', author: bob, createdAt: new Date().toISOString() }) });
      await until(() => h.newPosts, 'banner');
      expect(h.newPosts!.textContent!.trim()).to.equal('1 nouvelle publication');
    });

    it('renders the list, then its first post in a task of its own and the rest in later tasks, in order, painting the first screen as it fills', async () => {
      const { el, h, release } = await feed({ count: 20, hold: true });
      // No time for rendering posts in a task: each comes in a task of its own.
      el.renderSliceMs = 0;
      // What each task rendered (a task's mutations are delivered before the next task), and the frames in between.
      const seen: string[] = [];
      /** Posts in the list when it first showed: the first post's first render (the costliest) is not part of the feed's. */
      let postsWithTheList: number | undefined;
      const observer = new MutationObserver(() => {
        seen.push(`posts ${h.posts.length}`);
        if (h.list && postsWithTheList === undefined) postsWithTheList = h.posts.length;
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true });
      let watching = true;
      const frame = () => requestAnimationFrame(() => (seen.push('frame'), watching && frame()));
      frame();
      release!();
      await until(() => el.state?.status === 'ready', 'first page');
      await el.updateComplete;
      watching = false;
      observer.disconnect();
      expect(h.posts).to.have.length(20);
      expect(h.posts.map((p) => p.post!.id)).to.deep.equal(el.state!.items.map((p) => p.id));
      const counts = seen.filter((s) => s.startsWith('posts ')).map((s) => Number(s.slice(6))).filter((n, i, all) => n > 0 && n !== all[i - 1]);
      expect(counts).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(postsWithTheList).to.equal(0);
      // The first post was painted before the second one was rendered.
      const firstPost = seen.indexOf('posts 1');
      expect(seen.indexOf('frame', firstPost)).to.be.greaterThan(firstPost).and.lessThan(seen.indexOf('posts 2'));
    });

    it('shows its end (Load more, end of feed) once its posts are in, so that it is not seen moving down as they come', async () => {
      const { el, h, release } = await feed({ count: 8, hold: true });
      el.renderSliceMs = 0;
      const footer = () => el.shadowRoot!.querySelector<HTMLElement>('[part="footer"]');
      const seen: string[] = [];
      const observer = new MutationObserver(() => {
        if (footer()) seen.push(`${h.posts.length} posts, opacity ${getComputedStyle(footer()!).opacity}`);
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true, attributes: true });
      release!();
      await until(() => el.state?.status === 'ready', 'first page');
      await el.updateComplete;
      observer.disconnect();
      const before = seen.filter((s) => !s.startsWith('8 posts'));
      expect(before.length, seen.join('; ')).to.be.greaterThan(0);
      expect(before.every((s) => s.endsWith('opacity 0')), seen.join('; ')).to.equal(true);
      expect(getComputedStyle(footer()!).opacity).to.equal('1');
      expect(h.end).to.not.equal('');
    });

    it('renders every post in a hidden tab, where no frame comes', async () => {
      const { el, h, release } = await feed({ count: 8, hold: true });
      el.renderSliceMs = 0;
      release!();
      await until(() => el.state?.status === 'ready', 'first page');
      const frame = window.requestAnimationFrame;
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      window.requestAnimationFrame = () => 0;
      try {
        const done = await Promise.race([el.updateComplete.then(() => true), sleep(5000).then(() => false)]);
        expect(done, 'every post rendered without a frame').to.equal(true);
        expect(h.posts).to.have.length(8);
      } finally {
        delete (document as { hidden?: boolean }).hidden;
        window.requestAnimationFrame = frame;
      }
    });

    it(`renders posts in tasks of about ${RENDER_SLICE_MS} ms, updateComplete waiting for them all`, async () => {
      const { el, h } = await feed({ count: 20 });
      await until(() => el.state?.status === 'ready', 'first page');
      await el.updateComplete;
      expect(el.renderSliceMs).to.equal(RENDER_SLICE_MS);
      expect(h.posts).to.have.length(20);
      expect(h.posts.every((p) => p.shadowRoot!.querySelector('article'))).to.equal(true);
      expect(h.posts.map((p) => p.post!.id)).to.deep.equal(el.state!.items.map((p) => p.id));
    });

    it('shows a post added at the top at once, without dropping any shown below it', async () => {
      const { el, h } = await feed({ count: 6 });
      await until(() => el.state?.status === 'ready', 'first page');
      await el.updateComplete;
      expect(h.posts).to.have.length(6);
      b.transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(100, { id: 'mine', createdAt: new Date().toISOString() }) });
      await until(() => h.posts.length === 7, 'own post on top');
      expect(h.posts[0]!.post!.id).to.equal('mine');
    });

    it(`virtualises above ${VIRTUALIZE_ABOVE_ITEMS} posts and stays accessible`, async () => {
      const { el, h } = await feed({ count: 70 });
      await until(() => h.posts.length === 20, 'first page');
      h.loadMore!.click();
      await until(() => el.state!.items.length === 40, 'second page');
      h.loadMore!.click();
      await until(() => el.state!.items.length === 60, 'third page');
      await until(() => h.list!.classList.contains('virtual'), 'virtual list');
      await until(() => h.posts.length > 0, 'rendered posts');
      expect(h.posts.length).to.be.lessThan(60);
      await expectAccessible(el);
    });

    it('scrolls a virtualised list without ResizeObserver errors, its posts in view in place in every frame', async function () {
      // Frames, not time: each step waits for one, however slow the machine.
      this.timeout(60_000);
      const loopErrors: string[] = [];
      const onError = (event: ErrorEvent) => {
        if (String(event.message).includes('ResizeObserver loop')) loopErrors.push(event.message);
      };
      window.addEventListener('error', onError);
      // Posts of different heights: measuring each one changes the list's height.
      b = backend(Array.from({ length: 100 }, (_, i) => makePost(i + 1, { body: 'A longer body. '.repeat((i % 4) * 25 + 1) })));
      const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news" lang="en" manual-load></eco-feed>`);
      const h = new FeedHarness(el);
      try {
        for (let loaded = 20; loaded < 100; loaded += 20) {
          await until(() => el.state?.status === 'ready' && el.state.items.length === loaded && !el.state.loadingMore, `${loaded} posts`);
          el.loadMore();
        }
        const postsInView = () =>
          h.posts
            .map((post) => post.getBoundingClientRect())
            .filter((r) => r.height > 0 && r.bottom > 0 && r.top < innerHeight)
            .sort((a, b2) => a.top - b2.top);
        // The posts in view follow each other at one distance, none overlapping, no hole between.
        const misplacedInView = () => {
          const inView = postsInView();
          const gaps = inView.slice(1).map((r, i) => Math.round(r.top - inView[i]!.bottom));
          return gaps.some((gap) => Math.abs(gap - gaps[0]!) > 1) ? `at ${scrollY}: ${gaps.join(', ')}` : '';
        };
        await until(() => h.list?.classList.contains('virtual') && postsInView().length > 1 && !misplacedInView(), 'virtual list laid out');
        // What each frame painted, read at the start of the next one.
        const misplaced: string[] = [];
        const checkPainted = () => {
          const found = misplacedInView();
          if (found) misplaced.push(found);
        };
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        // 200 px a frame (12,000 px a second): a fast wheel, down to the end and back.
        const bottom = () => document.documentElement.scrollHeight - innerHeight;
        for (let y = 0; y < bottom(); y += 200) {
          await frame();
          checkPainted();
          scrollTo(0, y);
        }
        for (let y = scrollY; y > 0; y -= 200) {
          await frame();
          checkPainted();
          scrollTo(0, y);
        }
        await frame();
        await frame();
        expect(misplaced, misplaced.join('; ')).to.deep.equal([]);
        expect(loopErrors).to.deep.equal([]);
      } finally {
        window.removeEventListener('error', onError);
        scrollTo(0, 0);
      }
    });
    it(`keeps the reader's place when a page takes the list past ${VIRTUALIZE_ABOVE_ITEMS} posts`, async function () {
      this.timeout(60_000);
      b = backend(Array.from({ length: 100 }, (_, i) => makePost(i + 1, { body: 'A longer body. '.repeat((i % 4) * 25 + 1) })));
      const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news" lang="en" manual-load></eco-feed>`);
      const h = new FeedHarness(el);
      try {
        for (let loaded = 20; loaded < 40; loaded += 20) {
          await until(() => el.state?.status === 'ready' && el.state.items.length === loaded && !el.state.loadingMore, `${loaded} posts`);
          el.loadMore();
        }
        await until(() => el.state?.items.length === 40 && h.posts.length === 40, '40 posts shown');
        await el.updateComplete;
        const reading = h.posts[29]!;
        const id = reading.currentPost!.id;
        const topOf = () => h.posts.find((p) => p.currentPost?.id === id)?.getBoundingClientRect().top;
        // The next page is held on its way while the reader settles on the 30th
        // post, its top 40 px below the window's (the posts above may still
        // grow as they finish rendering on a busy machine: it must stay put).
        const release = b.transport.hold();
        el.loadMore();
        let last = NaN;
        let still = 0;
        await until(() => {
          scrollBy(0, topOf()! - 40);
          const top = topOf()!;
          still = top === last ? still + 1 : 0;
          last = top;
          return still >= 10;
        }, 'the post read settled');
        expect(Math.abs(topOf()! - 40)).to.be.at.most(1);
        release();
        await until(() => h.list?.classList.contains('virtual') && h.posts.length > 0, 'virtual list');
        // The post read is still where it was once the list is laid out again, whatever the frames it takes.
        await until(() => {
          const top = topOf();
          return top !== undefined && Math.abs(top - 40) <= 2;
        }, `post ${id} back at 40 px`).catch((error: Error) => {
          throw new Error(`${error.message}: it is at ${topOf()} px, scrolled to ${scrollY} of ${document.documentElement.scrollHeight}, ${h.posts.length} posts in the list (min-height ${h.list?.style.minHeight})`);
        });
      } finally {
        scrollTo(0, 0);
      }
    });
  });

  describe('events', () => {
    it('emits eco-load-more and eco-error', async () => {
      const { el, h } = await feed({ count: 25 });
      const more = spyEvents(el, 'eco-load-more');
      const errors = spyEvents(el, 'eco-error');
      await until(() => h.loadMore, 'load more');
      b.transport.failNext('forbidden');
      h.loadMore!.click();
      await until(() => errors.length === 1, 'eco-error');
      expect(more[0]!.detail).to.deep.equal({ spaceId: 'news', trigger: 'button' });
      expect(errors[0]!.detail.action).to.equal('load-more');
    });
  });

  describe('keyboard', () => {
    it('moves between posts with Page Down / Page Up', async () => {
      const { h } = await feed();
      await until(() => h.posts.length === 3, 'posts');
      h.posts[0]!.focus();
      await sendKeys({ press: 'PageDown' });
      expect(h.posts[1]!.shadowRoot!.activeElement?.localName).to.equal('article');
      await sendKeys({ press: 'PageDown' });
      expect(h.posts[2]!.shadowRoot!.activeElement?.localName).to.equal('article');
      await sendKeys({ press: 'PageUp' });
      expect(h.posts[1]!.shadowRoot!.activeElement?.localName).to.equal('article');
    });

    it('activates Load more and the new posts banner from the keyboard', async () => {
      const { h } = await feed({ count: 25 });
      await until(() => h.loadMore, 'load more');
      h.loadMore!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => h.posts.length === 25, 'second page');
      b.transport.emit({ type: 'post.created', spaceId: 'news', post: makePost(100, { id: 'n1', author: bob, createdAt: new Date().toISOString() }) });
      await until(() => h.newPosts, 'banner');
      h.newPosts!.focus();
      await sendKeys({ press: 'Space' });
      await until(() => h.posts.length === 26, 'new post shown');
      await until(() => h.posts[0]!.shadowRoot!.activeElement?.localName === 'article', 'focus on the newest post');
    });
  });
});

describe('eco-feed pinned posts', () => {
  let b: TestBackend;
  afterEach(() => b.client.close());

  /** Four posts in `news` (p1 newest), p2 a pinned announcement; the caller (Alice) has `role` there. */
  async function pinnedFeed(role: Role = 'member', lang = 'en') {
    const data = seed([
      makePost(1),
      makePost(2, { kind: 'announcement', pinned: { until: null }, acknowledgement: { mine: false, count: 0 } }),
      makePost(3, { kind: 'announcement' }),
      makePost(4),
    ]);
    data.me.memberships = data.me.memberships.map((m) => (m.spaceId === 'news' ? { ...m, role } : m));
    data.spaces = data.spaces.map((s) => (s.id === 'news' ? { ...s, role } : s));
    const transport = new MemoryTransport(data);
    b = { transport, client: createClient({ transport, locale: 'en' }) };
    const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news" lang=${lang} manual-load></eco-feed>`);
    await localeLoaded(b.client, el, lang);
    const section = () => el.shadowRoot!.querySelector<HTMLElement>('[part="pinned"]');
    const pinned = () => [...el.shadowRoot!.querySelectorAll<EcoPost>('[part="pinned"] > eco-post')];
    const listed = () => [...el.shadowRoot!.querySelectorAll<EcoPost>('[role="feed"] > eco-post')];
    const idsOf = (posts: EcoPost[]) => posts.map((p) => p.currentPost?.id);
    await until(() => pinned().length === 1 && listed().length === 3, 'pinned and listed posts');
    return { el, section, pinned, listed, idsOf };
  }

  it('is accessible with a pinned section', async () => {
    const { el, pinned, listed } = await pinnedFeed();
    await until(() => [...pinned(), ...listed()].every((p) => p.shadowRoot?.querySelectorAll('eco-like-button').length === 4), 'reaction bars');
    await expectAccessible(el);
  });

  it('shows pinned posts in a labelled section before the list, and not in the list', async () => {
    const { el, section, pinned, listed, idsOf } = await pinnedFeed();
    const labelledBy = section()!.getAttribute('aria-labelledby')!;
    expect(textOf(el.shadowRoot!.getElementById(labelledBy)!)).to.equal('Pinned posts');
    expect(section()!.localName).to.equal('section');
    expect(idsOf(pinned())).to.deep.equal(['p2']);
    expect(idsOf(listed())).to.deep.equal(['p1', 'p3', 'p4']);
    // Before the list in the document.
    expect(section()!.compareDocumentPosition(el.shadowRoot!.querySelector('[role="feed"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
  });

  it('follows pins and unpins made elsewhere, live', async () => {
    const { section, pinned, listed, idsOf } = await pinnedFeed();
    b.transport.pinAsOther('p3', { until: null });
    await until(() => pinned().length === 2, 'p3 pinned');
    expect(idsOf(pinned())).to.deep.equal(['p2', 'p3']);
    expect(idsOf(listed())).to.deep.equal(['p1', 'p4']);
    b.transport.pinAsOther('p2', null);
    b.transport.pinAsOther('p3', null);
    await until(() => !section(), 'no pinned section');
    expect(idsOf(listed())).to.deep.equal(['p1', 'p2', 'p3', 'p4']);
  });

  it('is translated (fr)', async () => {
    const { section } = await pinnedFeed('member', 'fr');
    expect(textOf(section()!.querySelector('[part="pinned-title"]')!)).to.equal('Publications épinglées');
  });

  describe('keyboard', () => {
    it('moves from the pinned posts into the list with Page Down', async () => {
      const { pinned, listed } = await pinnedFeed();
      pinned()[0]!.focus();
      await sendKeys({ press: 'PageDown' });
      expect(listed()[0]!.shadowRoot!.activeElement?.localName).to.equal('article');
      await sendKeys({ press: 'PageUp' });
      expect(pinned()[0]!.shadowRoot!.activeElement?.localName).to.equal('article');
    });

    it('keeps focus on a post that Unpin moves back into the list', async () => {
      const { el, pinned, listed, idsOf } = await pinnedFeed('owner');
      const unpin = await until(() => pinned()[0]!.shadowRoot!.querySelector<HTMLButtonElement>('[part="pin"]'), 'Unpin');
      unpin.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => pinned().length === 0, 'unpinned');
      expect(idsOf(listed())).to.deep.equal(['p1', 'p2', 'p3', 'p4']);
      const moved = listed()[1]!;
      await until(() => moved.shadowRoot!.activeElement?.localName === 'article', 'focus on the moved post');
      expect(el.shadowRoot!.activeElement).to.equal(moved);
    });
  });
});

describe('eco-feed hidden posts', () => {
  let b: TestBackend;
  afterEach(() => b.client.close());

  /** Three posts in `news` (p1 and p3 Bob's); the caller (Alice) has `role` there. */
  async function feedAs(role: Role) {
    const data = seed([makePost(1), makePost(2), makePost(3)]);
    data.me.memberships = data.me.memberships.map((m) => (m.spaceId === 'news' ? { ...m, role } : m));
    data.spaces = data.spaces.map((s) => (s.id === 'news' ? { ...s, role } : s));
    const transport = new MemoryTransport(data);
    b = { transport, client: createClient({ transport, locale: 'en' }) };
    await b.client.me();
    const el = await fixture<EcoFeed>(html`<eco-feed .client=${b.client} space="news" manual-load></eco-feed>`);
    const h = new FeedHarness(el);
    await until(() => h.posts.length === 3, 'the posts');
    const ids = () => h.posts.map((p) => p.currentPost?.id);
    const markOf = (id: string) => {
      const post = h.posts.find((p) => p.currentPost?.id === id);
      return post?.shadowRoot?.querySelector('[part="moderation"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    };
    return { el, h, ids, markOf };
  }
  const mark = { state: 'hidden' as const, reason: 'Off topic here', at: '2026-11-27T10:00:00.000Z' };
  const event = (type: 'content.hidden' | 'content.restored') => ({ type, spaceId: 'news', targetType: 'post' as const, targetId: 'p1', postId: 'p1', authorId: 'bob' });

  it('keeps a post the owners hid for an owner, with its mark, and takes the mark away when restored', async () => {
    const { ids, markOf } = await feedAs('owner');
    b.transport.addPost(makePost(1, { moderation: mark }));
    b.transport.emit(event('content.hidden'));
    await until(() => markOf('p1') === "Hidden by the space's owners: Off topic here", 'the hidden mark');
    expect(ids()).to.deep.equal(['p1', 'p2', 'p3']);
    b.transport.addPost(makePost(1));
    b.transport.emit(event('content.restored'));
    await until(() => markOf('p1') === '', 'the mark gone');
    expect(ids()).to.deep.equal(['p1', 'p2', 'p3']);
  });

  it('removes it at once for a member who did not write it', async () => {
    const { ids } = await feedAs('member');
    b.transport.emit(event('content.hidden'));
    await until(() => ids().length === 2, 'the post gone');
    expect(ids()).to.deep.equal(['p2', 'p3']);
  });
});
