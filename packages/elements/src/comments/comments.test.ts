import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './comments.js';
import { routes, type Comment } from '@ecotone/protocol';
import type { EcoComments } from './comments.component.js';
import { CommentsHarness } from './_harness.js';
import { LikeButtonHarness } from '../like-button/_harness.js';
import type { EcoLikeButton } from '../like-button/like-button.component.js';
import { alice, backend, bob, laidOutLeftToRight, localeLoaded, makePost, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const BASE = Date.parse('2026-11-27T09:00:00Z');
function makeComment(n: number, overrides: Partial<Comment> = {}): Comment {
  const id = overrides.id ?? `c${n}`;
  return {
    id,
    postId: 'p1',
    spaceId: 'news',
    parentId: null,
    author: bob,
    body: `Comment ${n}`,
    locale: 'en',
    createdAt: new Date(BASE + n * 60_000).toISOString(),
    deleted: false,
    reactions: { objectId: id, counts: {}, mine: [] },
    canEdit: false,
    canDelete: false,
    ...overrides,
  };
}

describe('eco-comments', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend([makePost(1), makePost(2, { spaceId: 'board' })]);
    b.transport.addComment(makeComment(1, { body: 'First **bold**' }));
    b.transport.addComment(makeComment(2, { author: alice, body: 'Mine' }));
    b.transport.addComment(makeComment(3, { parentId: 'c1', body: 'A reply' }));
  });
  afterEach(() => b.client.close());

  async function comments(post = 'p1', lang = 'en') {
    const el = await fixture<EcoComments>(html`<eco-comments .client=${b.client} post=${post} lang=${lang}></eco-comments>`);
    const h = new CommentsHarness(el);
    await until(() => el.shadowRoot?.querySelector('section[aria-busy="false"]'), 'comments loaded');
    await localeLoaded(b.client, el, lang);
    return { el, h };
  }

  it('shows a comment’s files under its body, with their addresses', async () => {
    const minutes = await b.transport.files.upload('news', Object.assign(new Blob(['Minutes.'], { type: 'text/plain' }), { name: 'minutes.txt' }));
    await b.transport.request({ method: 'POST', path: routes.comments('p1'), body: { body: 'The minutes', attachments: [{ file: minutes.id }] } });
    const { h } = await comments();
    const link = await until(() => {
      const files = h.comment('The minutes').querySelector('eco-attachments')?.shadowRoot;
      const found = files?.querySelector<HTMLAnchorElement>('[part="file"]');
      return found?.href.startsWith('blob:') ? found : null;
    }, 'the file’s link');
    expect(textOf(link)).to.contain('minutes.txt');
    expect(link.getAttribute('download')).to.equal('minutes.txt');
    // A comment without files has none of it.
    expect(h.comment('Mine').querySelector('eco-attachments')).to.equal(null);
  });

  describe('hostile bodies', () => {
    it('loads a thread holding a comment of 4,000 nested quotes, shown as readable text', async () => {
      b.transport.addComment(makeComment(4, { body: '>'.repeat(4000) + 'x' }));
      const { h } = await comments();
      expect(h.comments).to.have.length(4);
      const hostile = h.comment('>>>>');
      expect(textOf(hostile.querySelector('[part="body"]')!)).to.match(/>{3000,}x$/);
      expect(h.bodies).to.include('First bold');
    });
  });

  describe('accessibility', () => {
    it('is accessible with comments, replies and an open reply box', async () => {
      const { el, h } = await comments();
      h.button(h.comment('First'), 'Reply').click();
      await el.updateComplete;
      await expectAccessible(el);
    });

    it('is accessible loading, empty and in error', async () => {
      b.transport.failNext('internal');
      const failed = await fixture<EcoComments>(html`<eco-comments .client=${b.client} post="p1"></eco-comments>`);
      await until(() => new CommentsHarness(failed).errors.length, 'error');
      await expectAccessible(failed);
      const release = b.transport.hold();
      const loading = await fixture<EcoComments>(html`<eco-comments .client=${b.client} post="p2"></eco-comments>`);
      expect(new CommentsHarness(loading).status).to.equal('Loading comments…');
      await expectAccessible(loading);
      release();
      const empty = await comments('p2');
      expect(new CommentsHarness(empty.el).status).to.equal('No comments yet. Be the first to comment.');
      await expectAccessible(empty.el);
    });

    it('is accessible while editing, confirming a delete, sending, and after a refusal', async () => {
      const { el, h } = await comments();
      h.button(h.comment('Mine'), 'Delete').click();
      await el.updateComplete;
      await expectAccessible(el);
      h.button(h.comment('Mine'), 'Edit').click();
      await el.updateComplete;
      await expectAccessible(el);
      b.transport.failNext('forbidden', 1, { match: (r) => r.method === 'POST' });
      const release = b.transport.hold();
      h.type(h.newBox, 'Pending one');
      await el.updateComplete;
      h.submitOf(h.newBox).click();
      await until(() => h.comments.length === 4, 'pending');
      await expectAccessible(el);
      release();
      await until(() => h.errors.length, 'refusal');
      await expectAccessible(el);
    });
  });

  describe('attributes', () => {
    it('isolates author names, so a right-to-left override in one cannot reverse the time beside it', async () => {
      b.transport.addComment(makeComment(4, { author: { ...bob, displayName: '\u202eMallory' }, body: 'Spoofed' }));
      const { h } = await comments();
      const byline = h.comment('Spoofed').querySelector('[part="byline"]')!;
      expect(byline.querySelector('.author')!.getAttribute('dir')).to.equal('auto');
      expect(laidOutLeftToRight(byline.querySelector('time')!)).to.equal(true);
    });

    it('lists comments oldest first, replies indented under their parent, Markdown rendered', async () => {
      const { el, h } = await comments();
      expect(h.bodies).to.deep.equal(['First bold', 'A reply', 'Mine']);
      expect(h.repliesOf('First')).to.deep.equal(['A reply']);
      expect(h.comment('First').getAttribute('aria-label')).to.equal('Comment by Bob Keller');
      expect(h.comment('A reply').getAttribute('aria-label')).to.equal('Reply by Bob Keller');
      expect(h.comment('First').querySelector('strong')?.textContent).to.equal('bold');
      expect(h.comment('First').querySelector('time')).to.exist;
      expect(el.shadowRoot!.querySelector('section')!.getAttribute('aria-label')).to.equal('Comments');
    });

    it('offers Edit and Delete only on the caller comments, Reply only on top-level ones', async () => {
      const { h } = await comments();
      const labels = (c: HTMLElement) => [...c.querySelectorAll(':scope > [part="actions"] button')].map((x) => textOf(x));
      expect(labels(h.comment('Mine'))).to.deep.equal(['Reply', 'Edit', 'Delete']);
      expect(labels(h.comment('First'))).to.deep.equal(['Reply']);
      expect(labels(h.comment('A reply'))).to.deep.equal([]);
    });

    it('marks the author of a comment whose access has ended as a former member (en, fr, de)', async () => {
      b.transport.addComment(makeComment(4, { author: { ...bob, deactivated: true }, body: 'From the past' }));
      const former = (h: CommentsHarness, text: string) => h.comment(text).querySelector('[part="former-member"]');
      const expected = { en: 'former member', fr: 'ancien membre', de: 'ehemaliges Mitglied' } as const;
      for (const [lang, text] of Object.entries(expected)) {
        const { el, h } = await comments('p1', lang);
        expect(textOf(former(h, 'From the past')!)).to.equal(text);
        expect(former(h, 'First')).to.equal(null);
        if (lang === 'en') await expectAccessible(el);
      }
    });

    it('speaks French', async () => {
      const { h } = await comments('p1', 'fr');
      expect(h.comment('First').getAttribute('aria-label')).to.equal('Commentaire de Bob Keller');
      expect(textOf(h.newBox.labels![0]!)).to.equal('Écrire un commentaire');
    });

    it('pages with Load more', async () => {
      for (let n = 4; n <= 25; n++) b.transport.addComment(makeComment(n));
      const { el, h } = await comments();
      expect(h.comments.length).to.equal(20);
      h.loadMore!.click();
      await until(() => h.comments.length === 25, 'second page');
      await el.updateComplete;
      expect(h.loadMore).to.equal(null);
    });

    it('retries after an error', async () => {
      b.transport.failNext('internal');
      const el = await fixture<EcoComments>(html`<eco-comments .client=${b.client} post="p1"></eco-comments>`);
      const h = new CommentsHarness(el);
      await until(() => h.errors.length, 'error');
      expect(h.errors[0]).to.contain('The comments could not be loaded.');
      const retry = [...el.shadowRoot!.querySelectorAll('button')].find((x) => textOf(x) === 'Retry')!;
      retry.click();
      await until(() => h.comments.length === 3, 'comments after retry');
    });
  });

  describe('properties', () => {
    it('accepts the post object as .post', async () => {
      const el = await fixture<EcoComments>(html`<eco-comments .client=${b.client} .post=${makePost(1)}></eco-comments>`);
      await until(() => new CommentsHarness(el).comments.length === 3, 'comments');
    });
  });

  describe('events', () => {
    it('adds a comment: pending at once, then confirmed, with eco-comment', async () => {
      const { el, h } = await comments();
      const events = spyEvents(el, 'eco-comment');
      const release = b.transport.hold();
      h.type(h.newBox, 'Hello *all*');
      await el.updateComplete;
      h.submitOf(h.newBox).click();
      await until(() => h.comments.length === 4, 'pending comment');
      const pending = h.comment('Hello');
      expect(pending.getAttribute('aria-busy')).to.equal('true');
      expect(textOf(pending)).to.contain('Sending…');
      expect(h.newBox.value).to.equal('');
      release();
      await until(() => events.length === 1, 'eco-comment');
      await el.updateComplete;
      expect(h.comment('Hello').getAttribute('aria-busy')).to.equal('false');
      expect(events[0]!.detail.action).to.equal('create');
      expect(h.bodies.at(-1)).to.equal('Hello all');
    });

    it('keeps the draft and says why when the comment is refused', async () => {
      const { el, h } = await comments();
      const errors = spyEvents(el, 'eco-error');
      b.transport.failNext('forbidden', 1, { match: (r) => r.method === 'POST' });
      h.type(h.newBox, 'Refused');
      await el.updateComplete;
      h.submitOf(h.newBox).click();
      await until(() => h.errors.length, 'refusal');
      expect(h.errors[0]).to.contain('Your comment was not sent.');
      expect(h.newBox.value).to.equal('Refused');
      expect(h.comments.length).to.equal(3);
      expect(errors[0]!.detail.action).to.equal('comment');
    });

    it('replies under a top-level comment', async () => {
      const { el, h } = await comments();
      h.button(h.comment('Mine'), 'Reply').click();
      await el.updateComplete;
      const box = h.textarea('Reply to Alice Martin');
      h.type(box, 'Reply to mine');
      await el.updateComplete;
      h.submitOf(box).click();
      await until(() => h.repliesOf('Mine').includes('Reply to mine'), 'reply');
    });

    it('edits the caller comment', async () => {
      const { el, h } = await comments();
      h.button(h.comment('Mine'), 'Edit').click();
      await el.updateComplete;
      const box = h.textarea('Edit your comment');
      expect(box.value).to.equal('Mine');
      h.type(box, 'Mine, edited');
      await el.updateComplete;
      h.submitOf(box).click();
      await until(() => h.bodies.includes('Mine, edited'), 'edited');
      await until(() => textOf(h.comment('Mine, edited')).includes('edited ·') || textOf(h.comment('Mine, edited')).includes('· edited'), 'edited mark');
    });

    it('deletes after an inline confirmation; a parent with replies stays as a placeholder', async () => {
      b.transport.addComment(makeComment(4, { author: alice, body: 'My thread' }));
      b.transport.addComment(makeComment(5, { parentId: 'c4', body: 'Answer' }));
      const { el, h } = await comments();
      h.button(h.comment('Mine'), 'Delete').click();
      await el.updateComplete;
      expect(textOf(h.comment('Mine').parentElement!)).to.contain('Delete this comment?');
      h.button(h.comment('Mine'), 'Yes, delete').click();
      await until(() => !h.bodies.includes('Mine'), 'deleted');
      h.button(h.comment('My thread'), 'Delete').click();
      await el.updateComplete;
      h.button(h.comment('My thread'), 'Yes, delete').click();
      await until(() => h.bodies.includes('This comment was deleted.'), 'placeholder');
      expect(h.bodies).to.deep.equal(['First bold', 'A reply', 'This comment was deleted.', 'Answer']);
    });

    it('shows a comment from another person as it arrives', async () => {
      const { h } = await comments();
      b.transport.commentAsOther('p1', bob, 'Live from Basel');
      await until(() => h.bodies.includes('Live from Basel'), 'live comment');
      b.transport.commentAsOther('p1', bob, 'Live reply', 'c2');
      await until(() => h.repliesOf('Mine').includes('Live reply'), 'live reply');
    });

    it('likes a comment with the shared like button', async () => {
      const { h } = await comments();
      const like = new LikeButtonHarness(h.comment('First').querySelector<EcoLikeButton>('eco-like-button')!);
      await like.ready();
      like.button.click();
      await until(() => like.pressed, 'liked');
      await until(() => like.count === '1', 'count');
      // The count is shown at once; the write reaches the backend through the outbox, in its own time.
      await until(() => b.transport.requests.some((r) => r.method === 'PUT' && r.path.endsWith('/objects/c1/reactions/like')), 'the like sent');
      expect((await b.transport.request<{ mine: string[] }>({ method: 'GET', path: '/api/v1/objects/c1/reactions' })).mine).to.deep.equal(['like']);
    });
  });

  describe('keyboard', () => {
    it('sends with Ctrl+Enter', async () => {
      const { el, h } = await comments();
      h.newBox.focus();
      await sendKeys({ type: 'By keyboard' });
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Control' });
      await until(() => h.bodies.includes('By keyboard'), 'sent');
      await el.updateComplete;
    });

    it('opens a reply box with Enter on Reply, focuses it, and Escape closes it', async () => {
      const { el, h } = await comments();
      h.button(h.comment('First'), 'Reply').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => el.shadowRoot!.activeElement?.id === 'c-reply-c1', 'reply box focused');
      await sendKeys({ type: 'Typed reply' });
      await sendKeys({ press: 'Escape' });
      await until(() => !el.shadowRoot!.querySelector('#c-reply-c1'), 'closed');
      expect(textOf(el.shadowRoot!.activeElement!)).to.equal('Reply');
    });

    it('confirms a delete by keyboard', async () => {
      const { el, h } = await comments();
      h.button(h.comment('Mine'), 'Delete').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => textOf(el.shadowRoot!.activeElement ?? el) === 'Yes, delete', 'confirm focused');
      await sendKeys({ press: 'Enter' });
      await until(() => !h.bodies.includes('Mine'), 'deleted');
    });
  });
});
