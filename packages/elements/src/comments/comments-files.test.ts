import { expect, fixture, html } from '@open-wc/testing';
import './comments.js';
import type { CommentDraft } from '@ecotone/protocol';
import type { EcoComments } from './comments.component.js';
import { CommentsHarness } from './_harness.js';
import { backend, bob, localeLoaded, makePost, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { holdUploads } from '../_test-uploads.js';

const png = (name = 'lab.png') => new File([new Uint8Array(2048)], name, { type: 'image/png' });
const pdf = (name = 'report.pdf') => new File([new Uint8Array(3000)], name, { type: 'application/pdf' });

/** Reads and drives the files of a box of `<eco-comments>` (new comment, reply, edit). */
class FilesHarness extends CommentsHarness {
  form(area: HTMLTextAreaElement): HTMLFormElement {
    return area.closest('form')!;
  }
  attach(area: HTMLTextAreaElement): HTMLButtonElement | null {
    return this.form(area).querySelector<HTMLButtonElement>('[part="attach"]');
  }
  items(area: HTMLTextAreaElement): HTMLLIElement[] {
    return [...this.form(area).querySelectorAll<HTMLLIElement>('[part="attachment"]')];
  }
  item(area: HTMLTextAreaElement, name: string): HTMLLIElement | undefined {
    return this.items(area).find((li) => textOf(li).includes(name));
  }
  /** Chooses files with the box's file input, as the file dialog would. */
  async choose(area: HTMLTextAreaElement, ...files: File[]): Promise<void> {
    const input = this.form(area).querySelector<HTMLInputElement>('input[type="file"]')!;
    const data = new DataTransfer();
    for (const f of files) data.items.add(f);
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => this.items(area).length > 0, 'the box’s list of files');
  }
  /** The files shown by `<eco-attachments>` under the comment containing `text` (none while it is not there). */
  shownFiles(text: string): string[] {
    const comment = this.comments.find((c) => textOf(c).includes(text));
    const root = comment?.querySelector('eco-attachments')?.shadowRoot;
    return [...(root?.querySelectorAll<HTMLElement>('[part="file"], [part="image"] img') ?? [])].map((e) => e.getAttribute('alt') || textOf(e));
  }
}

describe('eco-comments attachments', () => {
  let b: TestBackend;
  let sent: CommentDraft[];
  beforeEach(() => {
    b = backend([makePost(1), makePost(2, { spaceId: 'board' })]);
    sent = [];
    const request = b.transport.request.bind(b.transport);
    b.transport.request = ((r: Parameters<typeof request>[0]) => {
      if (r.method === 'POST' && /\/comments$/.test(r.path)) sent.push(structuredClone(r.body as CommentDraft));
      return request(r);
    }) as typeof b.transport.request;
  });
  afterEach(() => b.client.close());

  async function comments(post = 'p1', lang = 'en') {
    const el = await fixture<EcoComments>(html`<eco-comments .client=${b.client} post=${post} lang=${lang}></eco-comments>`);
    const h = new FilesHarness(el);
    await until(() => el.shadowRoot?.querySelector('section[aria-busy="false"]'), 'comments loaded');
    await localeLoaded(b.client, el, lang);
    return { el, h };
  }

  it('attaches a file with "Attach files"; Send waits, saying why, until it is uploaded; the comment carries it and shows it', async () => {
    const held = holdUploads(b);
    const { el, h } = await comments();
    const attach = await until(() => h.attach(h.newBox), '"Attach files"');
    expect(textOf(attach)).to.equal('Attach files');
    h.type(h.newBox, 'The minutes, attached');
    await h.choose(h.newBox, pdf('minutes.pdf'));
    await until(() => h.submitOf(h.newBox).disabled, 'Send waits');
    const describedBy = h.submitOf(h.newBox).getAttribute('aria-describedby')!;
    expect(textOf(el.shadowRoot!.getElementById(describedBy)!)).to.equal('Your comment can be sent once the files have finished uploading.');
    expect(h.item(h.newBox, 'minutes.pdf')!.querySelector('progress')).to.exist;
    await expectAccessible(el);
    held[0]!.release();
    await until(() => !h.submitOf(h.newBox).disabled, 'Send, once uploaded');
    expect(h.submitOf(h.newBox).hasAttribute('aria-describedby')).to.equal(false);
    h.submitOf(h.newBox).click();
    // The box is empty at once; the comment, once the server has it, shows its file.
    await until(() => h.items(h.newBox).length === 0, 'the list cleared');
    await until(() => h.shownFiles('The minutes, attached').some((n) => n.includes('minutes.pdf')), 'the file under the comment');
    expect(sent.at(-1)!.attachments).to.have.length(1);
    expect(sent.at(-1)!.attachments![0]!.file).to.be.a('string');
    await expectAccessible(el);
  });

  it('says why Send waits when an upload failed, until it is removed', async () => {
    const { el, h } = await comments();
    h.type(h.newBox, 'With a logo');
    await until(() => h.attach(h.newBox), '"Attach files"');
    await h.choose(h.newBox, new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'logo.svg', { type: 'image/svg+xml' }));
    const remove = await until(
      () => [...(h.item(h.newBox, 'logo.svg')?.querySelectorAll('button') ?? [])].find((x) => textOf(x) === 'Remove'),
      'Remove',
    );
    const describedBy = h.submitOf(h.newBox).getAttribute('aria-describedby')!;
    expect(h.submitOf(h.newBox).disabled).to.equal(true);
    expect(textOf(el.shadowRoot!.getElementById(describedBy)!)).to.equal(
      'Retry or remove the files that could not be uploaded to send your comment.',
    );
    remove.click();
    await until(() => !h.submitOf(h.newBox).disabled, 'Send, once the file is removed');
  });

  it('gives the files back with the draft when the comment is refused', async () => {
    const { el, h } = await comments();
    await until(() => h.attach(h.newBox), '"Attach files"');
    h.type(h.newBox, 'Refused with a file');
    await h.choose(h.newBox, pdf('plan.pdf'));
    await until(() => !h.submitOf(h.newBox).disabled, 'Send, once uploaded');
    b.transport.failNext('forbidden', 1, { match: (r) => r.method === 'POST' });
    h.submitOf(h.newBox).click();
    await until(() => h.errors.length, 'the refusal');
    await until(() => h.item(h.newBox, 'plan.pdf'), 'the file back in the box');
    expect(h.newBox.value).to.equal('Refused with a file');
    expect(h.submitOf(h.newBox).disabled).to.equal(false);
    await el.updateComplete;
    // Sent again, it carries the same upload.
    h.submitOf(h.newBox).click();
    await until(() => h.shownFiles('Refused with a file').some((n) => n.includes('plan.pdf')), 'the file under the comment');
    expect(sent.at(-1)!.attachments).to.deep.equal(sent.at(-2)!.attachments);
  });

  it('takes dropped files, with a visible drop state', async () => {
    holdUploads(b);
    const { el, h } = await comments();
    await until(() => h.attach(h.newBox), '"Attach files"');
    const data = new DataTransfer();
    data.items.add(pdf());
    const form = h.form(h.newBox);
    form.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(textOf(form.querySelector('[part="drop"]')!)).to.equal('Drop the files to attach them');
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await until(() => h.item(h.newBox, 'report.pdf'), 'the dropped file');
    expect(form.querySelector('[part="drop"]')).to.equal(null);
  });

  it('takes a pasted screenshot; pasted text stays text', async () => {
    holdUploads(b);
    const { el, h } = await comments();
    await until(() => h.attach(h.newBox), '"Attach files"');
    const data = new DataTransfer();
    data.items.add(png('image.png'));
    const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true });
    h.newBox.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    await until(() => h.item(h.newBox, 'image.png'), 'the pasted image');
    const text = new DataTransfer();
    text.setData('text/plain', 'hello');
    const pasteText = new ClipboardEvent('paste', { clipboardData: text, bubbles: true, composed: true, cancelable: true });
    h.newBox.dispatchEvent(pasteText);
    expect(pasteText.defaultPrevented).to.equal(false);
    await el.updateComplete;
    expect(h.items(h.newBox)).to.have.length(1);
  });

  it('replies with a file; an edit box has no "Attach files"', async () => {
    const { el, h } = await comments();
    h.type(h.newBox, 'Top');
    await el.updateComplete;
    h.submitOf(h.newBox).click();
    const top = await until(() => h.comments.find((c) => textOf(c).includes('Top') && c.getAttribute('aria-busy') === 'false'), 'the comment');
    h.button(top, 'Reply').click();
    const reply = await until(() => el.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea[id^="c-reply-"]'), 'the reply box');
    await until(() => h.attach(reply), '"Attach files" in the reply box');
    h.type(reply, 'Here is the photo');
    await h.choose(reply, png('bench.png'));
    await until(() => !h.submitOf(reply).disabled, 'Reply, once uploaded');
    h.submitOf(reply).click();
    await until(() => h.repliesOf('Top').includes('Here is the photo'), 'the reply');
    await until(() => h.shownFiles('Here is the photo').length === 1, 'the image under the reply');
    expect(sent.at(-1)!.parentId).to.be.a('string');
    expect(sent.at(-1)!.attachments).to.have.length(1);
    // The caller's own comment: Edit opens a box without files.
    h.button(h.comment('Here is the photo'), 'Edit').click();
    const edit = await until(() => el.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea[id^="c-edit-"]'), 'the edit box');
    await el.updateComplete;
    expect(h.attach(edit)).to.equal(null);
    expect(h.form(edit).querySelector('input[type="file"]')).to.equal(null);
  });

  it('offers no "Attach files" to people who may not comment in the space', async () => {
    b.transport.addComment({
      id: 'c9',
      postId: 'p2',
      spaceId: 'board',
      parentId: null,
      author: bob,
      body: 'On the board',
      locale: 'en',
      createdAt: '2026-11-27T09:00:00Z',
      deleted: false,
      reactions: { objectId: 'c9', counts: {}, mine: [] },
      canEdit: false,
      canDelete: false,
    });
    const { el, h } = await comments('p2');
    // Nothing shows that the caller may not comment (the box stays, the server answers for it): wait until the element asked.
    await until(() => (el as unknown as { attachFor?: unknown }).attachFor, 'the post’s space asked for');
    await b.client.spaces();
    await el.updateComplete;
    expect(h.attach(h.newBox)).to.equal(null);
    expect(h.form(h.newBox).querySelector('input[type="file"]')).to.equal(null);
  });

  it('speaks French', async () => {
    holdUploads(b);
    const { el, h } = await comments('p1', 'fr');
    const attach = await until(() => h.attach(h.newBox), '« Joindre des fichiers »');
    expect(textOf(attach)).to.equal('Joindre des fichiers');
    h.type(h.newBox, 'Le compte rendu');
    await h.choose(h.newBox, pdf('compte-rendu.pdf'));
    const describedBy = await until(() => h.submitOf(h.newBox).getAttribute('aria-describedby'), 'why Send waits');
    await until(
      () => textOf(el.shadowRoot!.getElementById(describedBy)!) === 'Vous pourrez envoyer votre commentaire une fois l’envoi des fichiers terminé.',
      'the reason in French',
    );
    expect(textOf(h.item(h.newBox, 'compte-rendu.pdf')!)).to.contain('Annuler');
  });
});
