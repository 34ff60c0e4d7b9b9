import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Comment, KnowledgeNote } from '@ecotone/protocol';
import '../post/post.js';
import '../comments/comments.js';
import '../knowledge-note/knowledge-note.js';
import type { EcoPost } from '../post/post.component.js';
import type { EcoComments } from '../comments/comments.component.js';
import type { EcoKnowledgeNote } from '../knowledge-note/knowledge-note.component.js';
import { dialogOf } from './_harness.js';
import { backend, bob, makePost, spyEvents, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/** The button with the author's name in an element's shadow root. */
const authorButton = (host: Element) => host.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="author"]')!;

describe('person dialog (names and avatars open a person card)', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend([makePost(1)]);
  });
  afterEach(() => b.client.close());

  async function post() {
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} post-id="p1"></eco-post>`);
    await until(() => el.shadowRoot?.querySelector('button[part~="author"]'), 'the post');
    return el;
  }

  it("opens the author's card in a modal dialog from their name: focus moves in, Escape closes, focus returns", async () => {
    const el = await post();
    const opened = spyEvents(document, 'eco-open-person');
    authorButton(el).focus();
    await sendKeys({ press: 'Enter' });
    expect(opened.map((e) => e.detail.actorId)).to.deep.equal(['bob']);
    expect(opened[0]!.bubbles && opened[0]!.composed && opened[0]!.cancelable).to.equal(true);
    const dialog = await until(() => dialogOf(el), 'the dialog');
    await until(() => dialog.dialog.open && dialog.hasFocus, 'the open dialog with the focus');
    expect(dialog.dialog.matches(':modal')).to.equal(true);
    expect(dialog.dialog.getAttribute('aria-label')).to.equal('About Bob Keller');
    await until(() => dialog.card.name === 'Bob Keller', 'the card');
    await expectAccessible(el);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialogOf(el), 'the dialog gone');
    expect(el.shadowRoot!.activeElement).to.equal(authorButton(el));
  });

  it('opens from the avatar too, and closes with Close', async () => {
    const el = await post();
    el.shadowRoot!.querySelector<HTMLElement>('[part~="avatar"]')!.click();
    const dialog = await until(() => dialogOf(el), 'the dialog');
    await until(() => dialog.dialog.open, 'open');
    dialog.closeButton.click();
    await until(() => !dialogOf(el), 'the dialog gone');
    expect(el.shadowRoot!.activeElement).to.equal(authorButton(el));
  });

  it('opens nothing when the page prevents eco-open-person (it shows its own page)', async () => {
    const el = await post();
    const prevent = (e: Event) => e.preventDefault();
    document.addEventListener('eco-open-person', prevent);
    try {
      const opened = spyEvents(document, 'eco-open-person');
      authorButton(el).click();
      expect(opened).to.have.length(1);
      await el.updateComplete;
      expect(dialogOf(el)).to.equal(null);
    } finally {
      document.removeEventListener('eco-open-person', prevent);
    }
  });

  it("opens a comment author's card from <eco-comments>", async () => {
    const comment: Comment = {
      id: 'c1',
      postId: 'p1',
      spaceId: 'news',
      parentId: null,
      author: bob,
      body: 'Hello',
      locale: 'en',
      createdAt: '2026-11-27T09:00:00.000Z',
      deleted: false,
      reactions: { objectId: 'c1', counts: {}, mine: [] },
      canEdit: false,
      canDelete: false,
    };
    b.transport.addComment(comment);
    const el = await fixture<EcoComments>(html`<eco-comments .client=${b.client} post="p1"></eco-comments>`);
    const button = await until(() => el.shadowRoot?.querySelector<HTMLButtonElement>('button[part~="author"]'), 'the comment');
    const opened = spyEvents(el, 'eco-open-person');
    button.click();
    expect(opened.map((e) => e.detail.actorId)).to.deep.equal(['bob']);
    const dialog = await until(() => dialogOf(el), 'the dialog');
    await until(() => dialog.card.name === 'Bob Keller', 'the card');
  });

  it("opens a note owner's card from <eco-knowledge-note>", async () => {
    const note: KnowledgeNote = {
      id: 'n1',
      spaceId: 'news',
      owner: bob,
      title: 'Network security',
      body: 'The quick brown fox',
      language: 'en',
      sources: [],
      tags: [],
      maturity: 'draft',
      reviewBy: null,
      promotedFrom: null,
      revision: 1,
      createdAt: '2026-11-27T09:00:00.000Z',
      updatedAt: '2026-11-27T09:00:00.000Z',
      updatedBy: bob,
      canEdit: false,
    };
    b.transport.addNote(note);
    const el = await fixture<EcoKnowledgeNote>(html`<eco-knowledge-note .client=${b.client} note="n1"></eco-knowledge-note>`);
    const button = await until(() => el.shadowRoot?.querySelector<HTMLButtonElement>('button[part~="owner"]'), 'the note');
    expect(button.textContent!.trim()).to.equal('Bob Keller');
    const opened = spyEvents(el, 'eco-open-person');
    button.click();
    expect(opened.map((e) => e.detail.actorId)).to.deep.equal(['bob']);
    const dialog = await until(() => dialogOf(el), 'the dialog');
    await until(() => dialog.card.name === 'Bob Keller', 'the card');
  });
});
