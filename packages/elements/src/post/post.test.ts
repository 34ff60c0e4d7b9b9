import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './post.js';
import { EcoPost } from './post.component.js';
import { createClient, loadMarkdown, MemoryTransport } from '@ecotone/core';
import type { Actor, Post, Role } from '@ecotone/protocol';
import {
  alice,
  backend,
  bob,
  makePoll,
  makePost,
  seed,
  shadow,
  spyEvents,
  textOf,
  until,
  laidOutLeftToRight,
  type TestBackend,
  localeLoaded,
} from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

function shadowOrNull(el: EcoPost, selector: string): Element | null {
  return el.shadowRoot?.querySelector(selector) ?? null;
}
function article(el: EcoPost): HTMLElement {
  return shadow(el, 'article');
}
function body(el: EcoPost): HTMLElement {
  return shadow(el, '[part="body"]');
}
function likeButtons(el: EcoPost) {
  return [...(el.shadowRoot?.querySelectorAll('eco-like-button') ?? [])];
}

const MARKDOWN = [
  '# Title',
  '',
  'Some **bold**, *em*, ~~gone~~ and `code`, a [site](https://example.com "Example").',
  '',
  '- one',
  '- two',
  '',
  '> quoted',
  '',
  '```',
  'const x = 1;',
  '```',
].join('\n');

describe('eco-post', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend([makePost(1, { body: MARKDOWN, locale: 'fr', kind: 'announcement', commentCount: 3 }), makePost(2)]);
  });
  afterEach(() => b.client.close());

  async function post(p = makePost(1, { body: MARKDOWN, locale: 'fr', kind: 'announcement', commentCount: 3 }), lang = 'en') {
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${p} lang=${lang}></eco-post>`);
    await until(() => likeButtons(el).length === 4, 'reaction bar from me().reactionKinds');
    await localeLoaded(b.client, el, lang);
    return el;
  }

  it('is accessible', async () => {
    const el = await post();
    await until(() => likeButtons(el).every((lb) => lb.shadowRoot?.querySelector('[part="count"]')), 'counts');
    await expectAccessible(el);
  });

  describe('attributes', () => {
    it('is an article named after its author', async () => {
      const el = await post();
      expect(article(el).getAttribute('aria-label')).to.equal('Post by Bob Keller');
      expect(textOf(shadow(el, '[part="author"]'))).to.equal('Bob Keller');
      expect(textOf(shadow(el, '[part="meta"]'))).to.contain('Basel');
      expect(textOf(shadow(el, '[part="avatar"]'))).to.equal('BK');
      expect(textOf(shadow(el, '[part="badge"]'))).to.equal('Announcement');
      expect(textOf(shadow(el, '[part="comments"]'))).to.equal('3 comments');
    });

    it('shows the relative time in a <time> with the full date as title', async () => {
      const el = await post();
      const time = shadow(el, 'time');
      expect(time.getAttribute('datetime')).to.equal(makePost(1).createdAt);
      expect(time.title).to.match(/2026/);
      expect(time.textContent!.trim()).to.not.equal('');
    });

    it('marks an author whose access has ended as a former member (en, fr, de), and no one else', async () => {
      expect(shadowOrNull(await post(), '[part="former-member"]')).to.equal(null);
      const former = makePost(1, { author: { ...bob, deactivated: true } });
      const expected = { en: 'former member', fr: 'ancien membre', de: 'ehemaliges Mitglied' } as const;
      for (const [lang, text] of Object.entries(expected)) {
        const el = await post(former, lang);
        expect(textOf(shadow(el, '[part="author"]'))).to.equal('Bob Keller');
        expect(textOf(shadow(el, '[part="former-member"]'))).to.equal(text);
      }
      await expectAccessible(await post(former));
    });

    it('fetches by post-id through the client', async () => {
      const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} post-id="p2"></eco-post>`);
      await until(() => el.shadowRoot?.querySelector('[part="author"]'), 'fetched post');
      expect(textOf(body(el))).to.equal('Post number 2');
    });

    it('shows the text of a post of 9,999 nested quotes', async () => {
      b.transport.addPost(makePost(3, { body: '>'.repeat(9999) }));
      const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} post-id="p3"></eco-post>`);
      await until(() => el.shadowRoot?.querySelector('[part="author"]'), 'fetched post');
      expect(textOf(body(el))).to.match(/>{9000,}/);
    });

    it('says when a post-id is not available', async () => {
      const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} post-id="nope"></eco-post>`);
      await until(() => textOf(el).includes('This post is not available.'), 'unavailable message');
      await expectAccessible(el);
    });

    it('marks the body with the post locale', async () => {
      const el = await post();
      expect(body(el).getAttribute('lang')).to.equal('fr');
    });

    it('is translated (fr, de)', async () => {
      const fr = await post(undefined, 'fr');
      expect(article(fr).getAttribute('aria-label')).to.equal('Publication de Bob Keller');
      expect(textOf(shadow(fr, '[part="comments"]'))).to.equal('3 commentaires');
      const de = await post(undefined, 'de');
      expect(article(de).getAttribute('aria-label')).to.equal('Beitrag von Bob Keller');
      expect(textOf(shadow(de, '[part="badge"]'))).to.equal('Ankündigung');
    });

    it('isolates the author and the site, so a right-to-left override in them cannot reverse the time beside them', async () => {
      const el = await post(makePost(1, { author: { ...bob, displayName: '\u202eMallory Lee', site: '\u202eBasel' } }));
      expect(shadow(el, '[part="author"]').getAttribute('dir')).to.equal('auto');
      expect(shadow(el, '[part="meta"] bdi').textContent).to.equal('\u202eBasel');
      expect(laidOutLeftToRight(shadow(el, '[part="meta"] time'))).to.equal(true);
    });

    it('loads an avatar from a same-origin path or https only, without a referrer; initials otherwise', async () => {
      const avatarOf = async (avatarUrl: string) => {
        const el = await post(makePost(1, { author: { ...bob, avatarUrl } }));
        return shadow(el, '[part="avatar"]');
      };
      // Loopback addresses: the browser may try them, nothing leaves the machine.
      for (const refused of ['http://127.0.0.1:9/pixel.gif', '//127.0.0.1:9/pixel.gif', '/\\127.0.0.1:9/pixel.gif', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', 'javascript:alert(1)']) {
        const avatar = await avatarOf(refused);
        expect({ refused, img: avatar.querySelector('img'), text: textOf(avatar) }).to.deep.equal({ refused, img: null, text: 'BK' });
      }
      for (const [given, src] of [
        ['/avatars/bob.png', '/avatars/bob.png'],
        ['https://127.0.0.1:9/avatars/bob.png', 'https://127.0.0.1:9/avatars/bob.png'],
      ]) {
        const img = (await avatarOf(given!)).querySelector('img')!;
        expect({ src: img.getAttribute('src'), referrer: img.getAttribute('referrerpolicy') }).to.deep.equal({ src, referrer: 'no-referrer' });
      }
    });
  });

  describe('properties: Markdown body', () => {
    it('renders the Markdown subset as elements', async () => {
      const el = await post();
      const root = body(el);
      expect(root.querySelector('h3')!.textContent).to.equal('Title');
      expect(root.querySelector('strong')!.textContent).to.equal('bold');
      expect(root.querySelector('em')!.textContent).to.equal('em');
      expect(root.querySelector('del')!.textContent).to.equal('gone');
      expect(root.querySelector('p code')!.textContent).to.equal('code');
      expect(root.querySelectorAll('ul > li')).to.have.length(2);
      expect(root.querySelector('blockquote')!.textContent!.trim()).to.equal('quoted');
      expect(root.querySelector('pre code')!.textContent).to.contain('const x = 1;');
      const link = root.querySelector('a')!;
      expect(link.href).to.equal('https://example.com/');
      expect(link.rel).to.equal('noopener noreferrer');
      expect(link.target).to.equal('_blank');
      expect(link.title).to.equal('Example');
    });

    it('renders raw HTML and javascript: links as text, creating no element', async () => {
      const hostile = [
        '<script>window.__pwned = true</script>',
        '<img src=x onerror="window.__pwned = true">',
        '[click](javascript:window.__pwned=true) and <a href="javascript:alert(1)">x</a>',
      ].join('\n\n');
      const el = await post(makePost(1, { body: hostile }));
      const root = body(el);
      expect(root.querySelector('script, img, iframe, [onerror]')).to.equal(null);
      expect(root.querySelector('a')).to.equal(null);
      expect(root.textContent).to.contain('<script>');
      expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
    });

    it('updates when the post changes', async () => {
      const el = await post();
      el.post = makePost(1, { body: 'Changed *text*' });
      await el.updateComplete;
      expect(textOf(body(el))).to.equal('Changed text');
    });

    it('renders once, reaction bar included, when the caller is already known (a post a feed adds while scrolling)', async () => {
      await post();
      const renders = new Map<EcoPost, number>();
      const render = Object.getOwnPropertyDescriptor(EcoPost.prototype, 'render')!.value as EcoPost['render'];
      EcoPost.prototype.render = function (this: EcoPost) {
        renders.set(this, (renders.get(this) ?? 0) + 1);
        return render.call(this);
      };
      try {
        const added = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${makePost(2)} lang="en"></eco-post>`);
        expect(likeButtons(added)).to.have.length(4);
        await added.updateComplete;
        expect(renders.get(added)).to.equal(1);
      } finally {
        EcoPost.prototype.render = render;
      }
    });
  });

  describe('warm-up', () => {
    it('does the work of a first render that is done once per page ahead, in tasks of their own', async () => {
      // The parser loads once per page (its import waits for a timer, stubbed below): here it is loaded already.
      const { markdownWarmUpSteps } = await loadMarkdown();
      const timeout = window.setTimeout;
      const steps: (() => void)[] = [];
      const scheduling = (globalThis as { scheduler?: { yield?: unknown } }).scheduler;
      const yielding = scheduling?.yield;
      // Each step waits for a task: catch them (scheduler.yield is read when tasks.ts loads, so stub both ways).
      if (scheduling) scheduling.yield = () => new Promise<void>((resolve) => steps.push(resolve));
      window.setTimeout = ((run: () => void) => (steps.push(run), 0)) as typeof window.setTimeout;
      try {
        EcoPost.warmUp();
        for (let i = 0; i < 500; i++) {
          for (let tick = 0; tick < 10; tick++) await Promise.resolve();
          if (steps.length === i) break;
          // One step is waiting at a time; the next is asked for once it has run.
          expect(steps).to.have.length(i + 1);
          steps[i]!();
        }
        // The first date of the locale, then each of marked's rules, for both kinds of strings.
        expect(steps.length).to.equal(1 + markdownWarmUpSteps().length);
      } finally {
        window.setTimeout = timeout;
        if (scheduling) scheduling.yield = yielding;
      }
    });
  });

  describe('properties: polls', () => {
    it('renders one poll as <eco-poll>, loading its module on demand', async () => {
      const p = makePost(1, { polls: [makePoll({ postId: 'p1', question: 'Lunch?' })] });
      b = backend([p]);
      const el = await post(p);
      const poll = await until(() => el.shadowRoot!.querySelector('eco-poll')?.shadowRoot?.querySelector('legend'), 'eco-poll');
      expect(poll.textContent).to.equal('Lunch?');
      expect(customElements.get('eco-poll')).to.exist;
      expect(el.shadowRoot!.querySelector('eco-survey')).to.equal(null);
      await expectAccessible(el);
    });

    it('a poll shown alone and again in its post is one region: the post\'s copy is a group (axe landmark-unique)', async () => {
      const shared = makePoll({ id: 'lunch', postId: 'p1', question: 'Lunch?' });
      const p = makePost(1, { polls: [shared] });
      b = backend([p], [shared]);
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <eco-poll .client=${b.client} poll="lunch" lang="en"></eco-poll>
        <eco-post .client=${b.client} .post=${p} lang="en"></eco-post>
      </div>`);
      const alone = wrapper.querySelector('eco-poll')!;
      const inPost = await until(() => wrapper.querySelector('eco-post')!.shadowRoot!.querySelector('eco-poll'), 'poll in the post');
      const section = (el: Element) => until(() => el.shadowRoot?.querySelector('section[aria-labelledby="question"]'), 'poll rendered');
      expect((await section(alone)).getAttribute('role')).to.equal(null);
      expect((await section(inPost)).getAttribute('role')).to.equal('group');
      await until(() => likeButtons(wrapper.querySelector<EcoPost>('eco-post')!).length === 4, 'post rendered');
      await expectAccessible(wrapper, alone);
    });

    it('renders several polls as <eco-survey>', async () => {
      const polls = [0, 1, 2].map((i) => makePoll({ id: `q${i}`, postId: 'p1', position: i, question: `Q${i + 1}` }));
      const p = makePost(1, { polls });
      b = backend([p]);
      const el = await post(p);
      const survey = await until(() => el.shadowRoot!.querySelector('eco-survey')?.shadowRoot?.querySelector('[part="progress"]'), 'eco-survey');
      expect(textOf(survey)).to.equal('Question 1 of 3');
      expect(el.shadowRoot!.querySelector('eco-poll')).to.equal(null);
    });
  });

  describe('events', () => {
    it('lets reaction events of its buttons bubble out', async () => {
      const el = await post();
      const events = spyEvents(el, 'eco-reaction-change');
      const like = likeButtons(el)[0]!;
      await until(() => like.shadowRoot?.querySelector('[part="count"]'), 'count');
      like.shadowRoot!.querySelector('button')!.click();
      await until(() => events.length === 1, 'eco-reaction-change');
      expect(events[0]!.detail).to.deep.equal({ objectId: 'p1', kind: 'like', active: true });
    });
  });

  describe('keyboard', () => {
    it("reaches the author's name, its link and reaction buttons with Tab", async () => {
      const el = await post();
      article(el).focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('author');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.localName).to.equal('a');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.localName).to.equal('eco-like-button');
    });
  });

  describe('language variants', () => {
    const multilingual = makePost(1, {
      body: 'Hallo zusammen',
      locale: 'de',
      variants: [
        { locale: 'fr', body: 'Bonjour à tous', machine: false },
        { locale: 'en', body: 'Hello everyone', machine: true },
      ],
    });
    const switchButtons = (el: EcoPost) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="language-button"]')];
    const pressed = (el: EcoPost) => switchButtons(el).filter((x) => x.getAttribute('aria-pressed') === 'true').map((x) => textOf(x));

    it('is accessible with the language switch and a machine note', async () => {
      const el = await post(multilingual, 'en');
      await expectAccessible(el);
    });

    it('shows the French variant to a French reader, with a switch to the original', async () => {
      const el = await post(multilingual, 'fr');
      expect(textOf(body(el))).to.equal('Bonjour à tous');
      expect(body(el).getAttribute('lang')).to.equal('fr');
      expect(textOf(shadow(el, '[part="language"]'))).to.equal('FR');
      expect(shadow(el, '[part="languages"]').getAttribute('aria-label')).to.equal('Langues de cette publication');
      expect(switchButtons(el).map((x) => textOf(x))).to.deep.equal(['Original (Deutsch)', 'Français', 'English']);
      expect(pressed(el)).to.deep.equal(['Français']);
      expect(el.shadowRoot!.querySelector('[part="machine-note"]')).to.equal(null);
    });

    it('shows the source to a German reader and a marked machine translation to an English reader', async () => {
      const de = await post(multilingual, 'de');
      expect(textOf(body(de))).to.equal('Hallo zusammen');
      expect(pressed(de)).to.deep.equal(['Original (Deutsch)']);
      const en = await post(multilingual, 'en');
      expect(textOf(body(en))).to.equal('Hello everyone');
      expect(body(en).getAttribute('lang')).to.equal('en');
      expect(textOf(shadow(en, '[part="machine-note"]'))).to.equal('Machine translation');
    });

    it('falls back to the source when the reader language has no variant', async () => {
      const el = await post(makePost(1, { body: 'Hallo', locale: 'de', variants: [{ locale: 'fr', body: 'Salut', machine: false }] }), 'en');
      expect(textOf(body(el))).to.equal('Hallo');
      expect(body(el).getAttribute('lang')).to.equal('de');
      expect(textOf(shadow(el, '[part="language"]'))).to.equal('DE');
      expect(pressed(el)).to.deep.equal(['Original (Deutsch)']);
    });

    it('has no switch for a post in one language', async () => {
      const el = await post(makePost(2), 'fr');
      expect(el.shadowRoot!.querySelector('[part="languages"]')).to.equal(null);
      expect(textOf(shadow(el, '[part="language"]'))).to.equal('EN');
    });

    it('forgets the chosen language and open comments when it shows another post', async () => {
      const el = await post(multilingual, 'fr');
      switchButtons(el)[0]!.click();
      shadow<HTMLButtonElement>(el, '[part="comments"]').click();
      await el.updateComplete;
      el.post = { ...multilingual, id: 'p9' };
      await el.updateComplete;
      expect(textOf(body(el))).to.equal('Bonjour à tous');
      expect(shadow(el, '[part="comments"]').getAttribute('aria-expanded')).to.equal('false');
    });

    it('switches by keyboard, updating the body and its lang', async () => {
      const el = await post(multilingual, 'fr');
      switchButtons(el)[0]!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(textOf(body(el))).to.equal('Hallo zusammen');
      expect(body(el).getAttribute('lang')).to.equal('de');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: ' ' });
      await el.updateComplete;
      expect(textOf(body(el))).to.equal('Hello everyone');
      expect(pressed(el)).to.deep.equal(['English']);
      expect(shadow(el, '[part="machine-note"]')).to.exist;
    });
  });

  describe('comments', () => {
    it('toggles its comments, loading <eco-comments> on demand', async () => {
      const el = await post(makePost(2, { commentCount: 0 }));
      const toggle = shadow<HTMLButtonElement>(el, '[part="comments"]');
      expect(textOf(toggle)).to.equal('Comment');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      toggle.focus();
      await sendKeys({ press: 'Enter' });
      const comments = await until(() => el.shadowRoot!.querySelector('eco-comments'), 'eco-comments');
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      await until(() => comments.shadowRoot?.querySelector('section[aria-busy="false"]'), 'comments loaded');
      await expectAccessible(el);
      toggle.click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('eco-comments')).to.equal(null);
    });

    it('follows the comment count live', async () => {
      const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} post-id="p2"></eco-post>`);
      await until(() => el.shadowRoot!.querySelector('[part="comments"]'), 'post');
      b.transport.commentAsOther('p2', { id: 'bob', displayName: 'Bob Keller', locale: 'de' }, 'Hi');
      await until(() => textOf(shadow(el, '[part="comments"]')) === '1 comment', 'count');
    });
  });
});

describe('eco-post announcements', () => {
  const carla: Actor = { id: 'carla', displayName: 'Carla Roux', site: 'Lyon', locale: 'fr' };
  const dan: Actor = { id: 'dan', displayName: 'Dan Weber', site: 'Lyon', locale: 'de' };
  const announcement = (overrides: Partial<Post> = {}) =>
    makePost(1, { kind: 'announcement', pinned: { until: null }, acknowledgement: { mine: false, count: 3 }, ...overrides });
  let b: TestBackend;
  afterEach(() => b.client.close());

  /** A backend where the caller (Alice) has `role` in `news`; Bob, Carla and Dan acknowledged p1. */
  function backendAs(role: Role, posts: Post[] = [announcement()]): TestBackend {
    const data = seed(posts);
    data.me.memberships = data.me.memberships.map((m) => (m.spaceId === 'news' ? { ...m, role } : m));
    data.spaces = data.spaces.map((s) => (s.id === 'news' ? { ...s, role } : s));
    data.acknowledgements = { p1: [bob, carla, dan] };
    const transport = new MemoryTransport(data);
    return { transport, client: createClient({ transport, locale: 'en' }) };
  }

  /** `<eco-post post-id>`, kept current by the client, once its caller-dependent parts are there. */
  async function shown(role: Role, lang = 'en', posts?: Post[], id = 'p1') {
    b = backendAs(role, posts);
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} post-id=${id} lang=${lang}></eco-post>`);
    await until(() => likeButtons(el).length === 4, 'reaction bar from me()');
    await localeLoaded(b.client, el, lang);
    return el;
  }
  const part = <E extends HTMLElement = HTMLElement>(el: EcoPost, name: string) => el.shadowRoot!.querySelector<E>(`[part="${name}"]`);
  const ackButton = (el: EcoPost) => shadow<HTMLButtonElement>(el, '[part="acknowledge"]');
  const puts = () => b.transport.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/acks'));

  it('is accessible: badges, acknowledgement, readers by site and pin (an owner)', async () => {
    const el = await shown('owner');
    shadow<HTMLButtonElement>(el, '[part="readers-toggle"]').click();
    await until(() => el.shadowRoot!.querySelector('[part="readers"] dl'), 'readers by site');
    await expectAccessible(el);
  });

  it('is accessible after a refused acknowledgement', async () => {
    const el = await shown('member');
    b.transport.failNext('internal', 5, { match: (r) => r.method === 'PUT' });
    ackButton(el).click();
    await until(() => part(el, 'error'), 'error');
    await expectAccessible(el);
  });

  describe('attributes', () => {
    it('marks an announcement, its pin and its end, with dates in the reader’s language', async () => {
      const until_ = '2026-12-24T17:00:00.000Z';
      const el = await shown('member', 'en', [announcement({ pinned: { until: until_ } })]);
      expect(textOf(shadow(el, '[part="badge"]'))).to.equal('Announcement');
      const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(until_));
      expect(textOf(shadow(el, '[part="pinned"]'))).to.equal(`Pinned until ${date}`);
      const plain = await shown('member', 'de');
      expect(textOf(shadow(plain, '[part="pinned"]'))).to.equal('Angeheftet');
    });

    it('shows no pin once its end has passed', async () => {
      const el = await shown('member', 'en', [announcement({ pinned: { until: '2001-01-01T00:00:00.000Z' } })]);
      expect(part(el, 'pinned')).to.equal(null);
    });

    it('says when a scheduled draft will be published', async () => {
      const publishAt = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
      const draft = makePost(2, { author: alice, publishAt });
      const el = await shown('member', 'fr', [draft], 'p2');
      const date = new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(publishAt));
      expect(textOf(shadow(el, '[part="scheduled"]'))).to.equal(`Programmé pour le ${date}`);
      expect(shadow(el, '[part="scheduled"] time').getAttribute('datetime')).to.equal(publishAt);
      expect(part(el, 'acknowledgement')).to.equal(null);
    });

    it('shows the count to readers, and the readers by site only to the author and owners', async () => {
      const member = await shown('member');
      expect(textOf(shadow(member, '[part="read-count"]'))).to.equal('Read by 3 people');
      expect(part(member, 'readers-toggle')).to.equal(null);
      const owner = await shown('owner');
      expect(textOf(shadow(owner, '[part="readers-toggle"]'))).to.equal('Read by 3 people — by site');
      // The author, without any role.
      const author = await shown('reader', 'en', [announcement({ author: alice })]);
      expect(part(author, 'readers-toggle')).to.exist;
    });

    it('is translated (fr with plurals, de)', async () => {
      const fr = await shown('member', 'fr');
      expect(textOf(ackButton(fr))).to.equal('J’ai lu ce message');
      expect(textOf(shadow(fr, '[part="read-count"]'))).to.equal('Lu par 3 personnes');
      const de = await shown('owner', 'de');
      expect(textOf(shadow(de, '[part="readers-toggle"]'))).to.equal('Von 3 Personen gelesen – nach Standort');
      expect(textOf(shadow(de, '[part="pin"]'))).to.equal('Nicht mehr anheften');
    });
  });

  describe('acknowledging', () => {
    it('acknowledges at once, pending until the server has it, then stays done', async () => {
      const el = await shown('member');
      const button = ackButton(el);
      expect(textOf(button)).to.equal('I have read this');
      expect(button.getAttribute('aria-pressed')).to.equal('false');
      const release = b.transport.hold();
      button.click();
      await until(() => button.getAttribute('aria-busy') === 'true', 'pending');
      await until(() => button.getAttribute('aria-pressed') === 'true', 'optimistic');
      expect(textOf(button)).to.equal('You have read this');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(textOf(shadow(el, '[part="read-count"]'))).to.equal('Read by 4 people');
      expect(textOf(shadow(el, '[role="status"]'))).to.equal('Saving…');
      release();
      await until(() => button.getAttribute('aria-busy') === 'false', 'settled');
      expect(button.getAttribute('aria-pressed')).to.equal('true');
      // Done: pressing again sends nothing.
      button.click();
      await el.updateComplete;
      expect(puts()).to.have.length(1);
    });

    it('rolls back a refusal with a visible message, and Retry acknowledges', async () => {
      const el = await shown('member');
      const errors = spyEvents(el, 'eco-error');
      b.transport.failNext('internal', 5, { match: (r) => r.method === 'PUT' });
      ackButton(el).click();
      const error = await until(() => part(el, 'error'), 'error');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(errors.map((e) => [e.detail.action, (e.detail.error as { code?: string }).code])).to.deep.equal([['acknowledge', 'internal']]);
      expect(ackButton(el).getAttribute('aria-pressed')).to.equal('false');
      expect(textOf(shadow(el, '[part="read-count"]'))).to.equal('Read by 3 people');
      // Error sentences load on the first error.
      await until(() => textOf(error).startsWith('Your confirmation was not saved. Something went wrong on the server'), 'sentence');
      shadow<HTMLButtonElement>(el, '[part="retry"]').click();
      await until(() => ackButton(el).getAttribute('aria-pressed') === 'true' && !part(el, 'error'), 'acknowledged');
      await until(() => ackButton(el).getAttribute('aria-busy') === 'false', 'settled');
      expect(textOf(shadow(el, '[part="read-count"]'))).to.equal('Read by 4 people');
    });

    it('follows acknowledgements of others live', async () => {
      const el = await shown('member');
      b.transport.acknowledgeAsOther('p1', { ...carla, id: 'eve' });
      await until(() => textOf(shadow(el, '[part="read-count"]')) === 'Read by 4 people', 'live count');
      expect(ackButton(el).getAttribute('aria-pressed')).to.equal('false');
    });

    it('shows the readers by site, refreshed while open when someone acknowledges', async () => {
      const el = await shown('owner');
      const toggle = shadow<HTMLButtonElement>(el, '[part="readers-toggle"]');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(shadow(el, '#readers').hidden).to.equal(true);
      toggle.click();
      const rows = () => [...el.shadowRoot!.querySelectorAll('[part="readers"] dl > div')].map((d) => textOf(d));
      await until(() => rows().length === 2, 'rows');
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(toggle.getAttribute('aria-controls')).to.equal('readers');
      expect(rows()).to.deep.equal(['Lyon 2', 'Basel 1']);
      b.transport.acknowledgeAsOther('p1', { id: 'zed', displayName: 'Zed', locale: 'en' });
      await until(() => rows().length === 3, 'refreshed');
      expect(rows()).to.deep.equal(['Lyon 2', 'Basel 1', 'No site 1']);
      expect(textOf(toggle)).to.equal('Read by 4 people — by site');
      toggle.click();
      await el.updateComplete;
      expect(shadow(el, '#readers').hidden).to.equal(true);
    });

    it('explains when the readers by site cannot be loaded, with Retry', async () => {
      const el = await shown('owner');
      b.transport.failNext('forbidden', 1, { match: (r) => r.method === 'GET' && r.path.endsWith('/acks') });
      shadow<HTMLButtonElement>(el, '[part="readers-toggle"]').click();
      const error = await until(() => el.shadowRoot!.querySelector('[part="readers"] [part="error"]'), 'error');
      await until(() => textOf(error).startsWith('The readers by site could not be loaded.'), 'message');
      shadow<HTMLButtonElement>(el, '[part="readers"] [part="retry"]').click();
      await until(() => el.shadowRoot!.querySelector('[part="readers"] dl'), 'loaded');
    });
  });

  describe('pinning', () => {
    it('offers Pin / Unpin to owners and correspondents only, on announcements only', async () => {
      expect(part(await shown('member'), 'pin')).to.equal(null);
      expect(part(await shown('reader'), 'pin')).to.equal(null);
      expect(textOf(part(await shown('owner'), 'pin')!)).to.equal('Unpin');
      const note = await shown('correspondent', 'en', [makePost(1)]);
      expect(part(note, 'pin')).to.equal(null);
    });

    it('unpins and pins again (a correspondent)', async () => {
      const el = await shown('correspondent');
      const pin = shadow<HTMLButtonElement>(el, '[part="pin"]');
      pin.click();
      await until(() => !part(el, 'pinned'), 'unpinned');
      expect(textOf(pin)).to.equal('Pin to the top');
      pin.click();
      await until(() => part(el, 'pinned'), 'pinned');
      expect(textOf(pin)).to.equal('Unpin');
    });

    it('says when pinning was refused', async () => {
      const el = await shown('correspondent', 'en', [announcement({ pinned: undefined })]);
      const errors = spyEvents(el, 'eco-error');
      b.transport.failNext('forbidden', 1, { match: (r) => r.path.endsWith('/pin') });
      shadow<HTMLButtonElement>(el, '[part="pin"]').click();
      const error = await until(() => part(el, 'error'), 'error');
      expect(errors.map((e) => e.detail.action)).to.deep.equal(['pin']);
      await until(() => textOf(error).startsWith('The post could not be pinned.'), 'message');
      expect(part(el, 'pinned')).to.equal(null);
    });
  });

  describe('deleting', () => {
    it('offers Delete to the author and the space owners only', async () => {
      expect(part(await shown('member'), 'delete')).to.equal(null);
      expect(part(await shown('correspondent'), 'delete')).to.equal(null);
      expect(textOf(part(await shown('owner'), 'delete')!)).to.equal('Delete');
      const own = await shown('member', 'en', [announcement({ author: alice })]);
      expect(textOf(part(own, 'delete')!)).to.equal('Delete');
    });

    it('asks first, is accessible while asking, deletes on confirmation and says so', async () => {
      const el = await shown('owner');
      const deleted = spyEvents(el, 'eco-post-delete');
      shadow<HTMLButtonElement>(el, '[part="delete"]').click();
      const confirm = await until(() => part<HTMLButtonElement>(el, 'confirm-delete'), 'confirmation');
      await until(() => el.shadowRoot!.activeElement === confirm, 'focus on "Yes, delete"');
      expect(textOf(part(el, 'delete-confirm')!)).to.contain('Delete this post?');
      await expectAccessible(el);
      // Nothing is sent before confirming.
      expect(b.transport.requests.filter((r) => r.method === 'DELETE')).to.have.length(0);
      confirm.click();
      const gone = await until(() => part(el, 'deleted'), 'deleted');
      expect(textOf(gone)).to.equal('This post was deleted.');
      expect(deleted.map((e) => e.detail.postId)).to.deep.equal(['p1']);
      expect(b.transport.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).to.deep.equal(['/api/v1/posts/p1']);
    });

    it('cancels with Escape, giving focus back to Delete', async () => {
      const el = await shown('owner');
      shadow<HTMLButtonElement>(el, '[part="delete"]').click();
      await until(() => el.shadowRoot!.activeElement === part(el, 'confirm-delete'), 'focus on "Yes, delete"');
      await sendKeys({ press: 'Escape' });
      await until(() => el.shadowRoot!.activeElement === part(el, 'delete'), 'focus back on Delete');
      expect(part(el, 'delete-confirm')).to.equal(null);
      expect(b.transport.requests.filter((r) => r.method === 'DELETE')).to.have.length(0);
    });

    it('keeps the post and explains a refusal, with Retry (fr)', async () => {
      const el = await shown('owner', 'fr');
      const errors = spyEvents(el, 'eco-error');
      b.transport.failNext('forbidden', 1, { match: (r) => r.method === 'DELETE' });
      shadow<HTMLButtonElement>(el, '[part="delete"]').click();
      (await until(() => part<HTMLButtonElement>(el, 'confirm-delete'), 'confirmation')).click();
      const error = await until(() => part(el, 'error'), 'error');
      await until(() => textOf(error).startsWith('La publication n’a pas été supprimée.'), 'message');
      expect(errors.map((e) => e.detail.action)).to.deep.equal(['delete-post']);
      expect(part(el, 'deleted')).to.equal(null);
      error.querySelector('button')!.click();
      await until(() => part(el, 'deleted'), 'deleted on retry');
    });
  });

  describe('keyboard', () => {
    it('acknowledges with Space and opens the readers by site with Enter', async () => {
      const el = await shown('owner');
      ackButton(el).focus();
      await sendKeys({ press: 'Space' });
      await until(() => ackButton(el).getAttribute('aria-pressed') === 'true', 'acknowledged');
      // Focus stays on the (now done) button.
      expect(el.shadowRoot!.activeElement).to.equal(ackButton(el));
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(shadow(el, '[part="readers-toggle"]'));
      await sendKeys({ press: 'Enter' });
      await until(() => el.shadowRoot!.querySelector('[part="readers"] dl'), 'readers');
      // Alice, from Lyon, is counted: at once, or once her confirmation (still
      // on its way on a busy machine when the summary was asked) has arrived.
      await until(() => textOf(shadow(el, '[part="readers"] dl')) === 'Lyon 3 Basel 1', 'Alice counted in Lyon');
    });

    it('reaches Pin / Unpin with Tab and presses it with Enter', async () => {
      const el = await shown('owner');
      const likes = likeButtons(el);
      likes[likes.length - 1]!.shadowRoot!.querySelector('button')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(shadow(el, '[part="pin"]'));
      await sendKeys({ press: 'Enter' });
      await until(() => !part(el, 'pinned'), 'unpinned');
    });
  });
});
