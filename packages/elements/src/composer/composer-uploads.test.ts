import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ACCEPTED_FILE_TYPES, ATTACHMENTS_PER_OBJECT_MAX, type PublishRequest } from '@ecotone/protocol';
import { createClient } from '@ecotone/core';
import './composer.js';
import type { EcoComposer } from './composer.component.js';
import { backend, localeLoaded, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { holdUploads } from '../_test-uploads.js';

const png = (name = 'lab.png', size = 2048) => new File([new Uint8Array(size)], name, { type: 'image/png' });
const pdf = (name = 'report.pdf') => new File([new Uint8Array(3000)], name, { type: 'application/pdf' });
const svg = () => new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'logo.svg', { type: 'image/svg+xml' });

/** Hides the shadow DOM of the composer's attachments. */
class UploadsHarness {
  constructor(readonly el: EcoComposer) {}
  private q<E extends Element = HTMLElement>(selector: string): E | null {
    return this.el.shadowRoot!.querySelector<E>(selector);
  }
  private all<E extends Element = HTMLElement>(selector: string): E[] {
    return [...this.el.shadowRoot!.querySelectorAll<E>(selector)];
  }
  get attach(): HTMLButtonElement | null {
    return this.q<HTMLButtonElement>('[part="attach"]');
  }
  get input(): HTMLInputElement {
    return this.q<HTMLInputElement>('input[type="file"]')!;
  }
  get items(): HTMLLIElement[] {
    return this.all<HTMLLIElement>('[part="attachment"]');
  }
  item(name: string): HTMLLIElement | undefined {
    return this.items.find((li) => textOf(li).includes(name));
  }
  button(name: string, label: string): HTMLButtonElement | undefined {
    return [...(this.item(name)?.querySelectorAll('button') ?? [])].find((b) => textOf(b) === label);
  }
  progress(name: string): HTMLProgressElement | null {
    return this.item(name)?.querySelector('progress') ?? null;
  }
  alt(name: string): HTMLTextAreaElement | null {
    return this.item(name)?.querySelector<HTMLTextAreaElement>('[part="alt"]') ?? null;
  }
  get live(): string {
    return textOf(this.q('[role="status"].uploads-live')!);
  }
  get alerts(): string[] {
    return this.all('[role="alert"]').map(textOf).filter(Boolean);
  }
  get publish(): HTMLButtonElement {
    return this.q<HTMLButtonElement>('[part="publish"]')!;
  }
  get textarea(): HTMLTextAreaElement {
    return this.q<HTMLTextAreaElement>('#body')!;
  }
  /** Chooses files as the file dialog would. */
  async choose(...files: File[]): Promise<void> {
    const data = new DataTransfer();
    for (const f of files) data.items.add(f);
    this.input.files = data.files;
    this.input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => this.items.length > 0 || this.alerts.length > 0, 'the attachments list');
    await this.el.updateComplete;
  }
  async type(text: string): Promise<void> {
    this.textarea.focus();
    await sendKeys({ type: text });
    await this.el.updateComplete;
  }
}

describe('eco-composer attachments', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend();
  });
  afterEach(() => b.client.close());

  async function composer(lang = 'en') {
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${b.client} space="news" lang=${lang}></eco-composer>`);
    await localeLoaded(b.client, el, lang);
    return { el, h: new UploadsHarness(el) };
  }

  it('is accessible with files uploading, uploaded and failed', async () => {
    const held = holdUploads(b);
    const { el, h } = await composer();
    await h.choose(png(), pdf(), svg());
    held[1]!.release();
    held[2]!.release();
    await until(() => h.button('logo.svg', 'Retry'), 'Retry');
    await until(() => h.button('report.pdf', 'Remove'), 'Remove');
    await expectAccessible(el);
  });

  it('offers "Attach files", a real button, and an input accepting the accepted media types', async () => {
    const { h } = await composer();
    expect(h.attach?.localName).to.equal('button');
    expect(textOf(h.attach!)).to.equal('Attach files');
    expect(h.input.multiple).to.equal(true);
    expect(h.input.hidden).to.equal(true);
    // The chooser offers exactly the extensions of the accepted types (captions go with a video, not alone).
    const accept = h.input.accept.split(',');
    const expected = ACCEPTED_FILE_TYPES.filter(([kind]) => kind !== 'caption').map(([, , extension]) => `.${extension}`);
    expect([...new Set(accept.filter((a) => a !== '.jpeg'))].sort()).to.deep.equal([...new Set(expected)].sort());
    expect(accept).not.to.include('.svg');
    expect(accept).not.to.include('.vtt');
  });

  it('shows no attach controls where the transport keeps no files', async () => {
    const files = b.transport.files;
    Object.defineProperty(b.transport, 'files', { value: undefined });
    const { h } = await composer();
    expect(h.attach).to.equal(null);
    expect(h.el.shadowRoot!.querySelector('input[type="file"]')).to.equal(null);
    Object.defineProperty(b.transport, 'files', { value: files });
  });

  it('uploads a chosen file at once: name, kind, size, thumbnail, progress, then done', async () => {
    const held = holdUploads(b);
    const { el, h } = await composer();
    await h.choose(png('lab.png', 2048));
    expect(held).to.have.length(1);
    const item = h.item('lab.png')!;
    expect(textOf(item)).to.contain('Image');
    expect(textOf(item)).to.match(/2(\.0)? kB/);
    const thumb = item.querySelector('img')!;
    expect(thumb.src).to.match(/^blob:/);
    const progress = h.progress('lab.png')!;
    expect(progress.getAttribute('aria-label')).to.equal('Uploading lab.png');
    held[0]!.options!.onProgress!(1024, 2048);
    await el.updateComplete;
    expect(h.progress('lab.png')!.value).to.equal(1024);
    expect(h.progress('lab.png')!.max).to.equal(2048);
    expect(h.button('lab.png', 'Cancel')?.getAttribute('aria-label')).to.equal('Cancel uploading lab.png');
    held[0]!.release();
    await until(() => h.live === 'lab.png uploaded.', 'the live announcement');
    expect(h.progress('lab.png')).to.equal(null);
    expect(h.button('lab.png', 'Remove')?.getAttribute('aria-label')).to.equal('Remove lab.png');
  });

  it('cancels an upload: aborted, removed, thumbnail revoked, focus back on Attach files', async () => {
    const held = holdUploads(b);
    const { el, h } = await composer();
    await h.choose(png());
    const url = h.item('lab.png')!.querySelector('img')!.src;
    h.button('lab.png', 'Cancel')!.click();
    await el.updateComplete;
    expect(held[0]!.aborted).to.equal(true);
    expect(h.items).to.have.length(0);
    await until(() => el.shadowRoot!.activeElement === h.attach, 'focus on Attach files');
    const revoked = await fetch(url).then(
      () => false,
      () => true,
    );
    expect(revoked).to.equal(true);
  });

  it('takes dropped files, with a visible drop state', async () => {
    holdUploads(b);
    const { el, h } = await composer();
    const data = new DataTransfer();
    data.items.add(pdf());
    const base = el.shadowRoot!.querySelector('[part="base"]')!;
    base.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(textOf(el.shadowRoot!.querySelector('[part="drop"]')!)).to.equal('Drop the files to attach them');
    base.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await until(() => h.item('report.pdf'), 'the dropped file');
    expect(el.shadowRoot!.querySelector('[part="drop"]')).to.equal(null);
    expect(textOf(h.item('report.pdf')!)).to.contain('Document');
  });

  it('takes a pasted screenshot; pasted text stays text', async () => {
    holdUploads(b);
    const { el, h } = await composer();
    const data = new DataTransfer();
    data.items.add(png('image.png'));
    const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true });
    h.textarea.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    await until(() => h.item('image.png'), 'the pasted image');
    const text = new DataTransfer();
    text.setData('text/plain', 'hello');
    const pasteText = new ClipboardEvent('paste', { clipboardData: text, bubbles: true, composed: true, cancelable: true });
    h.textarea.dispatchEvent(pasteText);
    expect(pasteText.defaultPrevented).to.equal(false);
    await el.updateComplete;
    expect(h.items).to.have.length(1);
  });

  it('explains a refused type (SVG) in words, with Retry and Remove; Publish waits until it is dealt with', async () => {
    const { el, h } = await composer();
    await h.type('With a logo');
    await h.choose(svg());
    await until(() => h.button('logo.svg', 'Retry'), 'Retry');
    // Core's error sentences load on the first error; the element shows them once they arrive.
    const sentence = 'logo.svg could not be uploaded. This type of file cannot be shared here. Images, documents and videos can.';
    await until(() => textOf(h.item('logo.svg')!.querySelector('[part="upload-error"]')!) === sentence, 'the error in words');
    expect(h.live).to.equal('logo.svg could not be uploaded.');
    expect(h.publish.disabled).to.equal(true);
    expect(textOf(el.shadowRoot!.querySelector('#publish-waits')!)).to.equal('Retry or remove the files that could not be uploaded to publish.');
    h.button('logo.svg', 'Retry')!.click();
    await until(() => h.live === 'logo.svg could not be uploaded.' && h.button('logo.svg', 'Retry'), 'refused again');
    h.button('logo.svg', 'Remove')!.click();
    await el.updateComplete;
    expect(h.items).to.have.length(0);
    expect(h.publish.disabled).to.equal(false);
  });

  it('Publish waits while a file uploads, then carries the attachments in order with their alt text, and clears the list', async () => {
    const held = holdUploads(b);
    const { el, h } = await composer();
    await h.type('The new lab');
    await h.choose(png('lab.png'), pdf());
    expect(h.publish.disabled).to.equal(true);
    expect(h.publish.getAttribute('aria-describedby')).to.equal('publish-waits');
    expect(textOf(el.shadowRoot!.querySelector('#publish-waits')!)).to.equal('Publish is available once the files have finished uploading.');
    // Alt text is asked for images (not documents); empty is allowed, said gently.
    expect(h.alt('report.pdf')).to.equal(null);
    const alt = h.alt('lab.png')!;
    expect(alt.labels?.[0]?.textContent).to.equal('Describe this image for people who cannot see it');
    expect(alt.maxLength).to.equal(1000);
    expect(textOf(h.item('lab.png')!)).to.contain('treated as decoration');
    alt.focus();
    await sendKeys({ type: 'Bright benches by the window' });
    await el.updateComplete;
    expect(textOf(h.item('lab.png')!)).not.to.contain('treated as decoration');
    held.forEach((u) => u.release());
    await until(() => !h.publish.disabled, 'Publish enabled');
    const published = spyEvents(el, 'eco-publish');
    await el.publish();
    const request = b.transport.requests.find((r) => r.method === 'POST' && r.path.endsWith('/posts'))!;
    const body = request.body as PublishRequest;
    expect(body.attachments).to.have.length(2);
    expect(body.attachments![0]).to.deep.include({ alt: 'Bright benches by the window' });
    expect(body.attachments![1]).not.to.have.property('alt');
    const post = published[0]!.detail.post;
    expect(post.attachments?.map((a) => [a.kind, a.name, a.alt])).to.deep.equal([
      ['image', 'lab.png', 'Bright benches by the window'],
      ['document', 'report.pdf', undefined],
    ]);
    await el.updateComplete;
    expect(h.items).to.have.length(0);
  });

  it('keeps the files when the publish is refused', async () => {
    const { el, h } = await composer();
    await h.type('Refused');
    await h.choose(pdf());
    await until(() => h.button('report.pdf', 'Remove'), 'uploaded');
    b.transport.failNext('validation_failed');
    await el.publish();
    await el.updateComplete;
    expect(h.items).to.have.length(1);
    expect(h.button('report.pdf', 'Remove')).to.exist;
  });

  it('sends the files with a post the durable outbox keeps while the server cannot be reached', async () => {
    // An offline-first client: a post that cannot be sent is stored in IndexedDB as it is, and sent later.
    const c = createClient({ transport: b.transport, offline: true, locale: 'en' });
    try {
      const el = await fixture<EcoComposer>(html`<eco-composer .client=${c} space="news" lang="en"></eco-composer>`);
      const h = new UploadsHarness(el);
      await h.type('From the train');
      await h.choose(pdf());
      await until(() => h.button('report.pdf', 'Remove'), 'uploaded');
      b.transport.failNext('network', 1, { match: (r) => r.method === 'POST' && r.path.endsWith('/posts') });
      const published = spyEvents(el, 'eco-publish');
      await el.publish();
      await el.updateComplete;
      // Stored to be sent later: the composer lets go of the text and the files.
      expect(textOf(el.shadowRoot!.querySelector('[part="queued"]')!)).not.to.equal('');
      expect(h.items).to.have.length(0);
      const post = (await until(() => published[0], 'the post sent from the outbox', 30_000)).detail.post;
      expect(post.attachments?.map((a) => [a.kind, a.name])).to.deep.equal([['document', 'report.pdf']]);
    } finally {
      c.close();
    }
  });

  it(`keeps ${ATTACHMENTS_PER_OBJECT_MAX} files of 11 and says why`, async () => {
    holdUploads(b);
    const { h } = await composer();
    await h.choose(...Array.from({ length: 11 }, (_, i) => pdf(`doc-${i + 1}.pdf`)));
    expect(h.items).to.have.length(10);
    expect(h.item('doc-11.pdf')).to.equal(undefined);
    expect(h.alerts).to.include('A post holds at most 10 files: 1 file was not added.');
  });

  it('is translated (fr, de)', async () => {
    holdUploads(b);
    const fr = await composer('fr');
    expect(textOf(fr.h.attach!)).to.equal('Joindre des fichiers');
    await fr.h.choose(png());
    await until(() => fr.h.alt('lab.png')?.labels?.[0]?.textContent?.startsWith('Décrivez'), 'French list strings');
    expect(fr.h.progress('lab.png')!.getAttribute('aria-label')).to.equal('Envoi de lab.png');
    const de = await composer('de');
    expect(textOf(de.h.attach!)).to.equal('Dateien anhängen');
    await de.h.choose(pdf());
    await until(() => de.h.button('report.pdf', 'Abbrechen'), 'German list strings');
  });

  it('is keyboard usable: Attach files is reached with Tab and opens the chooser with Enter', async () => {
    const { el, h } = await composer();
    let opened = 0;
    h.input.addEventListener('click', (e) => {
      opened++;
      e.preventDefault();
    });
    h.attach!.focus();
    await sendKeys({ press: 'Enter' });
    expect(opened).to.equal(1);
    expect(el.shadowRoot!.activeElement).to.equal(h.attach);
  });
});

// The local transport keeps no files: canUpload says so, and nothing is offered.
describe('eco-composer attachments without files', () => {
  it('has nothing to attach with a client over a transport without files', async () => {
    const b = backend();
    Object.defineProperty(b.transport, 'files', { value: undefined });
    const client = createClient({ transport: b.transport, locale: 'en' });
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${client} space="news"></eco-composer>`);
    expect(el.shadowRoot!.querySelector('[part="attach"]')).to.equal(null);
    client.close();
    b.client.close();
  });
});
