import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PublishRequest, UploadedFile } from '@ecotone/protocol';
import { createClient, EcotoneError, type TransportFiles } from '@ecotone/core';
import './composer.js';
import type { EcoComposer } from './composer.component.js';
import { backend, localeLoaded, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/**
 * A real video Chromium decodes: 160×90 VP8 in WebM, about 1.9 s, red for
 * its first second and blue after (2 KB). Made once in Chromium with
 * MediaRecorder over a canvas's captureStream(10), the canvas filled red
 * for 1 s, then blue for 1 s.
 */
const VIDEO_URL = new URL('./_red-then-blue.webm', import.meta.url);

async function webm(name = 'talk.webm'): Promise<File> {
  const bytes = await (await fetch(VIDEO_URL)).arrayBuffer();
  return new File([bytes], name, { type: 'video/webm' });
}

/** An MP4 whose bytes no browser decodes (what a codec Chromium lacks looks like to the page). */
const undecodable = () => new File([new Uint8Array(4096).fill(7)], 'keynote.mp4', { type: 'video/mp4' });
const png = (name = 'cover.png') => new File([new Uint8Array(2048)], name, { type: 'image/png' });
const vtt = (name: string) => new File([`WEBVTT\n\n00:00.000 --> 00:01.000\n${name}\n`], name, { type: 'text/vtt' });

/** The colour at the middle of an image (a frame of the test video is red or blue). */
async function colourOf(image: Blob | string): Promise<'red' | 'blue' | 'other'> {
  const blob = typeof image === 'string' ? await (await fetch(image)).blob() : image;
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const [r, g, b] = context.getImageData(bitmap.width >> 1, bitmap.height >> 1, 1, 1).data;
  if (r! > 180 && g! < 80 && b! < 80) return 'red';
  if (b! > 180 && r! < 80 && g! < 80) return 'blue';
  return 'other';
}

interface Upload {
  file: Blob & { name?: string };
  uploaded?: UploadedFile;
  release(): void;
}

/**
 * The memory transport's files, every upload recorded; `hold` ones wait
 * until released, `fail` ones are refused once each (a network failure).
 */
function recordUploads(b: TestBackend, options: { hold?: (file: Blob) => boolean; fail?: (file: Blob & { name?: string }) => boolean } = {}): Upload[] {
  const real: TransportFiles = b.transport.files;
  const uploads: Upload[] = [];
  const failed = new Set<string>();
  const files: TransportFiles = {
    url: (id, size) => real.url(id, size),
    upload: (spaceId, file, uploadOptions) =>
      new Promise<UploadedFile>((resolve, reject) => {
        const upload: Upload = {
          file,
          release: () =>
            real.upload(spaceId, file).then((uploaded) => {
              upload.uploaded = uploaded;
              resolve(uploaded);
            }, reject),
        };
        uploads.push(upload);
        uploadOptions?.signal?.addEventListener('abort', () => reject(new EcotoneError('aborted', 'cancelled')));
        if (options.fail?.(file) && !failed.has(file.name ?? '')) {
          failed.add(file.name ?? '');
          reject(new EcotoneError('network', 'The network failed'));
        } else if (!options.hold?.(file)) upload.release();
      }),
  };
  Object.defineProperty(b.transport, 'files', { value: files });
  return uploads;
}

/** Hides the shadow DOM of a video's poster and captions in the composer. */
class VideoHarness {
  constructor(readonly el: EcoComposer) {}
  private get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }
  item(name: string): HTMLLIElement | undefined {
    return [...this.root.querySelectorAll<HTMLLIElement>('[part="attachment"]')].find((li) => textOf(li.querySelector('.upload-name')!) === name);
  }
  poster(name: string): HTMLFieldSetElement | null {
    return this.item(name)?.querySelector<HTMLFieldSetElement>('[part="poster"]') ?? null;
  }
  captions(name: string): HTMLFieldSetElement | null {
    return this.item(name)?.querySelector<HTMLFieldSetElement>('[part="captions"]') ?? null;
  }
  posterButton(name: string, label: string): HTMLButtonElement | undefined {
    return [...(this.poster(name)?.querySelectorAll('button') ?? [])].find((b) => textOf(b) === label);
  }
  frame(name: string): HTMLImageElement | null {
    return this.poster(name)?.querySelector<HTMLImageElement>('img[part="poster-frame"]') ?? null;
  }
  slider(name: string): HTMLInputElement | null {
    return this.poster(name)?.querySelector<HTMLInputElement>('input[type="range"]') ?? null;
  }
  posterThumb(name: string): HTMLImageElement | null {
    return this.poster(name)?.querySelector<HTMLImageElement>('img.upload-thumb') ?? null;
  }
  posterInput(name: string): HTMLInputElement {
    return this.poster(name)!.querySelector<HTMLInputElement>('input[type="file"]')!;
  }
  select(name: string): HTMLSelectElement | null {
    return this.captions(name)?.querySelector('select') ?? null;
  }
  languages(name: string): string[] {
    return [...(this.select(name)?.options ?? [])].map((o) => o.value);
  }
  captionInput(name: string): HTMLInputElement | null {
    return this.captions(name)?.querySelector<HTMLInputElement>('input[type="file"]') ?? null;
  }
  addCaptions(name: string): HTMLButtonElement | undefined {
    return [...(this.captions(name)?.querySelectorAll('button') ?? [])].find((b) => b.id.endsWith('-captions-add'));
  }
  caption(name: string, file: string): HTMLLIElement | undefined {
    return [...(this.captions(name)?.querySelectorAll<HTMLLIElement>('[part="caption"]') ?? [])].find((li) => textOf(li).includes(file));
  }
  captionButton(name: string, file: string, label: string): HTMLButtonElement | undefined {
    return [...(this.caption(name, file)?.querySelectorAll('button') ?? [])].find((b) => textOf(b) === label);
  }
  get live(): string {
    return textOf(this.root.querySelector('[role="status"].uploads-live')!);
  }
  get publish(): HTMLButtonElement {
    return this.root.querySelector<HTMLButtonElement>('[part="publish"]')!;
  }
  get active(): Element | null {
    return this.root.activeElement;
  }
  /** Gives an input files as the file dialog would. */
  async setFiles(input: HTMLInputElement, ...files: File[]): Promise<void> {
    const data = new DataTransfer();
    for (const f of files) data.items.add(f);
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await this.el.updateComplete;
  }
  async attach(...files: File[]): Promise<void> {
    await this.setFiles(this.root.querySelector<HTMLInputElement>('#files')!, ...files);
    // A video's poster and captions come with their module, loaded with the first video.
    await until(() => files.every((f) => this.item(f.name) && (!f.type.startsWith('video/') || this.poster(f.name))), 'the attachments list');
  }
  /** Chooses a caption language and a file for it. */
  async addCaptionFile(name: string, locale: string, file: File): Promise<void> {
    const select = this.select(name)!;
    select.value = locale;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await this.setFiles(this.captionInput(name)!, file);
  }
  async type(text: string): Promise<void> {
    const textarea = this.root.querySelector<HTMLTextAreaElement>('#body')!;
    textarea.focus();
    await sendKeys({ type: text });
    await this.el.updateComplete;
  }
}

describe('eco-composer: a video’s poster and captions', function () {
  // Reading a video in the page takes a while on a busy machine; each wait has its own limit.
  this.timeout(60_000);
  let b: TestBackend;
  beforeEach(() => {
    b = backend();
  });
  afterEach(() => b.client.close());

  async function composer(lang = 'en') {
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${b.client} space="news" lang=${lang}></eco-composer>`);
    await localeLoaded(b.client, el, lang);
    return { el, h: new VideoHarness(el) };
  }

  /** Publishes and answers the request sent and the post. */
  async function publish(el: EcoComposer, h: VideoHarness) {
    await until(() => !h.publish.disabled, 'Publish enabled');
    const published = spyEvents(el, 'eco-publish');
    await el.publish();
    const request = b.transport.requests.find((r) => r.method === 'POST' && r.path.endsWith('/posts'))!;
    return { body: request.body as PublishRequest, post: published[0]!.detail.post };
  }

  it('is accessible with the frame picker open and captions listed', async () => {
    recordUploads(b);
    const { el, h } = await composer();
    await h.attach(await webm());
    await h.addCaptionFile('talk.webm', 'en', vtt('talk.en.vtt'));
    h.posterButton('talk.webm', 'Choose poster frame')!.click();
    await until(() => h.frame('talk.webm'), 'the first frame');
    await expectAccessible(el);
  });

  it('takes a frame from the video, lets another moment be chosen with the keyboard, and sends it as the poster', async () => {
    const uploads = recordUploads(b);
    const { el, h } = await composer();
    await h.type('Our new lab, on video');
    await h.attach(await webm());
    const choose = h.posterButton('talk.webm', 'Choose poster frame')!;
    expect(choose.getAttribute('aria-label')).to.equal('Choose poster frame for talk.webm');
    choose.click();
    // The frame 10% in is taken at once and shown: the video's red start.
    const first = await until(() => h.frame('talk.webm'), 'the first frame');
    const firstSrc = first.src;
    expect(first.alt).to.equal('Frame at 0:00');
    expect(await colourOf(firstSrc)).to.equal('red');
    const slider = h.slider('talk.webm')!;
    expect(slider.labels?.[0]?.textContent).to.equal('Moment of the frame');
    expect(slider.getAttribute('aria-valuetext')).to.equal('0:00 of 0:01');
    await until(() => h.active === slider, 'focus on the slider');
    // Another moment: the end of the video, which is blue.
    await sendKeys({ press: 'End' });
    await until(() => h.frame('talk.webm') && h.frame('talk.webm')!.src !== firstSrc, 'the frame at the end');
    expect(await colourOf(h.frame('talk.webm')!.src)).to.equal('blue');
    expect(h.frame('talk.webm')!.alt).to.equal('Frame at 0:01');
    h.posterButton('talk.webm', 'Use this frame')!.click();
    await until(() => h.live === 'Poster of talk.webm uploaded.', 'the poster announced');
    // An ordinary image upload: a JPEG of the frame chosen, named after the video.
    const poster = uploads.find((u) => u.file.type === 'image/jpeg')!;
    expect(poster.file.name).to.equal('talk-poster.jpg');
    expect(await colourOf(poster.file)).to.equal('blue');
    expect(poster.uploaded!.kind).to.equal('image');
    expect(h.posterThumb('talk.webm')!.alt).to.equal('Poster of talk.webm');
    // Focus stayed on the poster's Cancel, which became Remove poster.
    await until(() => h.active === h.posterButton('talk.webm', 'Remove poster'), 'focus on Remove poster');
    const { body, post } = await publish(el, h);
    const video = uploads.find((u) => u.file.type === 'video/webm')!;
    expect(body.attachments).to.deep.equal([{ file: video.uploaded!.id, poster: poster.uploaded!.id }]);
    expect(post.attachments![0]!.poster?.id).to.equal(poster.uploaded!.id);
  });

  it('takes an image file as the poster instead, and removes it again', async () => {
    const uploads = recordUploads(b);
    const { el, h } = await composer();
    await h.type('With a cover');
    await h.attach(await webm());
    h.posterButton('talk.webm', 'Choose poster frame')!.click();
    await until(() => h.posterButton('talk.webm', 'Choose an image instead'), 'the image choice');
    let opened = 0;
    h.posterInput('talk.webm').addEventListener('click', (e) => {
      opened++;
      e.preventDefault();
    });
    h.posterButton('talk.webm', 'Choose an image instead')!.click();
    expect(opened).to.equal(1);
    await h.setFiles(h.posterInput('talk.webm'), png('cover.png'));
    await until(() => h.live === 'Poster of talk.webm uploaded.', 'the poster announced');
    expect(h.slider('talk.webm')).to.equal(null);
    expect(textOf(h.poster('talk.webm')!)).to.contain('cover.png');
    // The video's thumbnail in the list is its poster now.
    expect(h.item('talk.webm')!.querySelector<HTMLImageElement>(':scope > img.upload-thumb')?.src).to.equal(h.posterThumb('talk.webm')!.src);
    // Removed: not sent, and "Choose poster frame" is back, focused.
    const remove = h.posterButton('talk.webm', 'Remove poster')!;
    expect(remove.getAttribute('aria-label')).to.equal('Remove poster of talk.webm');
    remove.click();
    await until(() => h.active === h.posterButton('talk.webm', 'Choose poster frame'), 'focus on Choose poster frame');
    expect(h.item('talk.webm')!.querySelector(':scope > img.upload-thumb')).to.equal(null);
    const { body } = await publish(el, h);
    expect(body.attachments![0]).not.to.have.property('poster');
    expect(uploads.map((u) => u.file.name)).to.deep.equal(['talk.webm', 'cover.png']);
  });

  it('says in words when the browser cannot decode the video, and offers an image only', async () => {
    recordUploads(b);
    const { h } = await composer();
    await h.attach(undecodable());
    h.posterButton('keynote.mp4', 'Choose poster frame')!.click();
    await until(() => textOf(h.poster('keynote.mp4')!).includes('cannot play'), 'the explanation', 30_000);
    expect(textOf(h.poster('keynote.mp4')!)).to.contain(
      'This browser cannot play keynote.mp4, so no frame can be taken from it. You can choose an image as its poster.',
    );
    expect(h.slider('keynote.mp4')).to.equal(null);
    expect(h.posterButton('keynote.mp4', 'Use this frame')).to.equal(undefined);
    const image = h.posterButton('keynote.mp4', 'Choose an image')!;
    await until(() => h.active === image, 'focus on Choose an image');
    await h.setFiles(h.posterInput('keynote.mp4'), png());
    await until(() => h.live === 'Poster of keynote.mp4 uploaded.', 'the poster announced');
  });

  it('Publish waits while the poster uploads, but not for a poster that failed', async () => {
    const uploads = recordUploads(b, { hold: (f) => f.type === 'image/png', fail: (f) => f.name === 'broken.png' });
    const { el, h } = await composer();
    await h.type('Waiting for the poster');
    await h.attach(await webm());
    await until(() => !h.publish.disabled, 'Publish enabled with the video');
    h.posterButton('talk.webm', 'Choose poster frame')!.click();
    await until(() => h.posterButton('talk.webm', 'Choose an image instead'), 'the image choice');
    await h.setFiles(h.posterInput('talk.webm'), png());
    expect(h.poster('talk.webm')!.querySelector('progress')!.getAttribute('aria-label')).to.equal('Uploading the poster of talk.webm');
    expect(h.publish.disabled).to.equal(true);
    expect(textOf(el.shadowRoot!.querySelector('#publish-waits')!)).to.equal('Publish is available once the files have finished uploading.');
    // Cancelled, then another that fails: Publish does not wait for it, Retry is offered.
    h.posterButton('talk.webm', 'Cancel')!.click();
    await until(() => !h.publish.disabled, 'Publish enabled after Cancel');
    h.posterButton('talk.webm', 'Choose poster frame')!.click();
    await until(() => h.posterButton('talk.webm', 'Choose an image instead'), 'the image choice');
    await h.setFiles(h.posterInput('talk.webm'), png('broken.png'));
    await until(() => h.live === 'The poster of talk.webm could not be uploaded.', 'the failure announced');
    expect(textOf(h.poster('talk.webm')!.querySelector('[part="upload-error"]')!)).to.match(
      /^The poster could not be uploaded\. .+ The post can be published without it\.$/,
    );
    expect(h.publish.disabled).to.equal(false);
    h.posterButton('talk.webm', 'Retry')!.click();
    await el.updateComplete;
    expect(h.publish.disabled).to.equal(true);
    uploads.at(-1)!.release();
    await until(() => h.live === 'Poster of talk.webm uploaded.', 'the retried poster');
    const { body } = await publish(el, h);
    expect(body.attachments![0]!.poster).to.equal(uploads.at(-1)!.uploaded!.id);
  });

  it('adds captions per language: the post’s first, only free languages offered, sent with their locales', async () => {
    const uploads = recordUploads(b);
    const { el, h } = await composer();
    await h.type('Captioned');
    await h.attach(await webm());
    expect(h.select('talk.webm')!.labels?.[0]?.textContent).to.equal('Language of the captions');
    expect(h.languages('talk.webm')).to.deep.equal(['en', 'fr', 'de']);
    expect(h.select('talk.webm')!.value).to.equal('en');
    expect(h.addCaptions('talk.webm')!.getAttribute('aria-label')).to.equal('Add captions to talk.webm');
    await h.addCaptionFile('talk.webm', 'en', vtt('talk.en.vtt'));
    await until(() => h.live === 'English captions of talk.webm uploaded.', 'the English captions');
    // English is taken: French and German remain, French chosen first.
    expect(h.languages('talk.webm')).to.deep.equal(['fr', 'de']);
    expect(h.select('talk.webm')!.value).to.equal('fr');
    await h.addCaptionFile('talk.webm', 'de', vtt('talk.de.vtt'));
    await until(() => h.live === 'German captions of talk.webm uploaded.', 'the German captions');
    expect(textOf(h.caption('talk.webm', 'talk.de.vtt')!)).to.contain('German · talk.de.vtt');
    // The third language is offered, a taken one is not.
    expect(h.languages('talk.webm')).to.deep.equal(['fr']);
    const { body, post } = await publish(el, h);
    const id = (name: string) => uploads.find((u) => u.file.name === name)!.uploaded!.id;
    expect(body.attachments).to.deep.equal([
      {
        file: id('talk.webm'),
        captions: [
          { file: id('talk.en.vtt'), locale: 'en' },
          { file: id('talk.de.vtt'), locale: 'de' },
        ],
      },
    ]);
    expect(post.attachments![0]!.captions?.map((c) => c.locale)).to.deep.equal(['de', 'en']);
  });

  it('offers no fourth language, and a removed one comes back', async () => {
    recordUploads(b);
    const { el, h } = await composer();
    await h.type('All three');
    await h.attach(await webm());
    for (const locale of ['en', 'fr', 'de']) await h.addCaptionFile('talk.webm', locale, vtt(`talk.${locale}.vtt`));
    await until(() => h.captionButton('talk.webm', 'talk.de.vtt', 'Remove'), 'all three uploaded');
    expect(h.select('talk.webm')).to.equal(null);
    expect(h.addCaptions('talk.webm')).to.equal(undefined);
    h.captionButton('talk.webm', 'talk.fr.vtt', 'Remove')!.click();
    await until(() => h.active === h.addCaptions('talk.webm'), 'focus on Add captions');
    expect(h.languages('talk.webm')).to.deep.equal(['fr']);
    const { body } = await publish(el, h);
    expect(body.attachments![0]!.captions!.map((c) => c.locale)).to.deep.equal(['en', 'de']);
  });

  it('shows a caption upload that failed with Retry; Publish waits until it is retried or removed', async () => {
    const uploads = recordUploads(b, { fail: (f) => f.name === 'talk.fr.vtt' });
    const { el, h } = await composer();
    await h.type('Retry the captions');
    await h.attach(await webm());
    await h.addCaptionFile('talk.webm', 'fr', vtt('talk.fr.vtt'));
    await until(() => h.live === 'French captions of talk.webm could not be uploaded.', 'the failure announced');
    const error = await until(() => h.caption('talk.webm', 'talk.fr.vtt')?.querySelector('[part="upload-error"]'), 'the error');
    await until(() => textOf(error).startsWith('talk.fr.vtt could not be uploaded. ') && textOf(error).length > 40, 'the reason in words');
    expect(h.publish.disabled).to.equal(true);
    expect(textOf(el.shadowRoot!.querySelector('#publish-waits')!)).to.equal('Retry or remove the files that could not be uploaded to publish.');
    // French is still taken while its file waits for Retry.
    expect(h.languages('talk.webm')).to.deep.equal(['en', 'de']);
    const retry = h.captionButton('talk.webm', 'talk.fr.vtt', 'Retry')!;
    expect(retry.getAttribute('aria-label')).to.equal('Retry uploading talk.fr.vtt');
    retry.click();
    await until(() => h.live === 'French captions of talk.webm uploaded.', 'the retried captions');
    const { body } = await publish(el, h);
    expect(body.attachments![0]!.captions).to.deep.equal([{ file: uploads.at(-1)!.uploaded!.id, locale: 'fr' }]);
  });

  it('refuses a caption file attached alone, pointing to Add captions', async () => {
    const uploads = recordUploads(b);
    const { el, h } = await composer();
    await h.type('Just captions');
    await h.attach(vtt('talk.en.vtt'));
    const item = h.item('talk.en.vtt')!;
    expect(textOf(item.querySelector('[part="upload-error"]')!)).to.equal(
      'talk.en.vtt could not be uploaded. Captions go with a video: attach the video, then use “Add captions” under it.',
    );
    expect([...item.querySelectorAll('button')].map(textOf)).to.deep.equal(['Remove']);
    expect(uploads).to.have.length(0);
    expect(h.publish.disabled).to.equal(true);
    item.querySelector('button')!.click();
    await until(() => !h.publish.disabled, 'Publish enabled once removed');
    expect(el.shadowRoot!.querySelector('[part="attachment"]')).to.equal(null);
  });

  it('lets go of the poster and captions with their video', async () => {
    const uploads = recordUploads(b, { hold: (f) => f.type === 'text/vtt' });
    const { el, h } = await composer();
    await h.type('Removed');
    await h.attach(await webm(), png('lab.png'));
    await h.addCaptionFile('talk.webm', 'en', vtt('talk.en.vtt'));
    expect(h.publish.disabled).to.equal(true);
    [...h.item('talk.webm')!.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Remove talk.webm')!.click();
    await until(() => !h.item('talk.webm') && !h.publish.disabled, 'the video gone, Publish enabled');
    const { body } = await publish(el, h);
    expect(body.attachments).to.deep.equal([{ file: uploads.find((u) => u.file.name === 'lab.png')!.uploaded!.id }]);
  });

  it('sends the poster and captions with a post the durable outbox keeps while the server cannot be reached', async () => {
    recordUploads(b);
    const c = createClient({ transport: b.transport, offline: true, locale: 'en' });
    try {
      const el = await fixture<EcoComposer>(html`<eco-composer .client=${c} space="news" lang="en"></eco-composer>`);
      const h = new VideoHarness(el);
      await h.type('From the train');
      await h.attach(await webm());
      h.posterButton('talk.webm', 'Choose poster frame')!.click();
      await until(() => h.posterButton('talk.webm', 'Choose an image instead'), 'the image choice');
      await h.setFiles(h.posterInput('talk.webm'), png());
      await h.addCaptionFile('talk.webm', 'en', vtt('talk.en.vtt'));
      await until(() => h.posterButton('talk.webm', 'Remove poster') && h.captionButton('talk.webm', 'talk.en.vtt', 'Remove'), 'uploaded');
      b.transport.failNext('network', 1, { match: (r) => r.method === 'POST' && r.path.endsWith('/posts') });
      const published = spyEvents(el, 'eco-publish');
      await until(() => !h.publish.disabled, 'Publish enabled');
      await el.publish();
      await el.updateComplete;
      // Stored to be sent later with the file ids as they are: the composer lets go of the video, its poster and captions.
      expect(textOf(el.shadowRoot!.querySelector('[part="queued"]')!)).not.to.equal('');
      expect(h.item('talk.webm')).to.equal(undefined);
      const post = (await until(() => published[0], 'the post sent from the outbox', 30_000)).detail.post;
      expect(post.attachments![0]!.poster).to.exist;
      expect(post.attachments![0]!.captions?.map((caption) => caption.locale)).to.deep.equal(['en']);
    } finally {
      c.close();
    }
  });

  it('is keyboard usable: Add captions opens the chooser with Enter', async () => {
    recordUploads(b);
    const { h } = await composer();
    await h.attach(await webm());
    let opened = 0;
    h.captionInput('talk.webm')!.addEventListener('click', (e) => {
      opened++;
      e.preventDefault();
    });
    h.addCaptions('talk.webm')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(opened).to.equal(1);
  });

  it('is translated (fr, de), captions first offered in the post’s language', async () => {
    recordUploads(b);
    const fr = await composer('fr');
    await fr.h.attach(await webm());
    await until(() => fr.h.posterButton('talk.webm', 'Choisir l’image d’aperçu'), 'French poster strings');
    expect(textOf(fr.h.captions('talk.webm')!.querySelector('legend')!)).to.equal('Sous-titres');
    expect(fr.h.select('talk.webm')!.value).to.equal('fr');
    expect([...fr.h.select('talk.webm')!.options].map((o) => o.textContent?.trim())).to.deep.equal(['français', 'anglais', 'allemand']);
    await fr.h.addCaptionFile('talk.webm', 'fr', vtt('talk.fr.vtt'));
    await until(() => fr.h.live === 'Sous-titres en français de talk.webm envoyés.', 'the French announcement');
    fr.h.posterButton('talk.webm', 'Choisir l’image d’aperçu')!.click();
    await until(() => fr.h.posterButton('talk.webm', 'Utiliser cette image'), 'the French picker');
    expect(fr.h.slider('talk.webm')!.labels?.[0]?.textContent).to.equal('Moment de l’image');

    const de = await composer('de');
    await de.h.attach(await webm('rundgang.webm'));
    await until(() => de.h.posterButton('rundgang.webm', 'Vorschaubild wählen'), 'German poster strings');
    expect(de.h.select('rundgang.webm')!.value).to.equal('de');
    expect(textOf(de.h.addCaptions('rundgang.webm')!)).to.equal('Untertitel hinzufügen');
    de.h.posterButton('rundgang.webm', 'Vorschaubild wählen')!.click();
    await until(() => de.h.frame('rundgang.webm'), 'the German picker');
    expect(de.h.frame('rundgang.webm')!.alt).to.equal('Bild bei 0:00');
  });
});
