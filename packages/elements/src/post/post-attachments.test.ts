/**
 * A post's files in `<eco-post>`: images whose room is kept before they
 * load, opened large in an accessible lightbox; videos that download
 * nothing before they are played; documents as download links.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './post.js';
import type { EcoPost } from './post.component.js';
import { createClient, MemoryTransport, type EcotoneClient, type Transport } from '@ecotone/core';
import { routes, type Post } from '@ecotone/protocol';
import { seed, shadow, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/** A 3×2 PNG (red), made in the page. */
async function png(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#c00';
  context.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** The post's `<eco-attachments>`, where its files are. */
const attachmentsOf = (post: EcoPost): Element => {
  const found = post.shadowRoot!.querySelector('eco-attachments');
  if (!found) throw new Error('No <eco-attachments> in <eco-post>');
  return found;
};
/** Its shadow root (empty until the element has files). */
const filesOf = (post: EcoPost): ShadowRoot => post.shadowRoot!.querySelector('eco-attachments')?.shadowRoot ?? document.createElement('div').attachShadow({ mode: 'open' });

describe('eco-post attachments', () => {
  let transport: MemoryTransport;
  let client: EcotoneClient;
  let post: Post;

  beforeEach(async () => {
    transport = new MemoryTransport(seed([]));
    client = createClient({ transport, locale: 'en' });
    const spaceId = 'news';
    const upload = (blob: Blob, name: string) => transport.files.upload(spaceId, Object.assign(blob, { name }));
    const [first, second, report, clip] = await Promise.all([
      upload(await png(300, 200), 'lab.png'),
      upload(await png(200, 200), 'bench.png'),
      upload(new Blob(['Minutes of the meeting.'], { type: 'text/plain' }), 'minutes.txt'),
      upload(new Blob([new Uint8Array(64)], { type: 'video/mp4' }), 'tour.mp4'),
    ]);
    post = await transport.request<Post>({
      method: 'POST',
      path: routes.publish(spaceId),
      body: {
        body: 'The lab',
        attachments: [
          { file: first!.id, alt: 'The new lab' },
          { file: second!.id, alt: 'A bench' },
          { file: report!.id },
          { file: clip!.id, alt: 'A tour of the lab' },
        ],
      },
    });
    // As the server sends them: dimensions known, so room is kept.
    post = { ...post, attachments: post.attachments!.map((a) => (a.name === 'lab.png' ? { ...a, width: 300, height: 200 } : a.name === 'bench.png' ? { ...a, width: 200, height: 200 } : a)) };
  });
  afterEach(() => client.close());

  it('shows images, a video and a document, each with its name for assistive technology', async () => {
    const el = await fixture<EcoPost>(html`<eco-post .client=${client} .post=${post} lang="en"></eco-post>`);
    const images = await until(() => {
      const found = [...filesOf(el).querySelectorAll<HTMLImageElement>('[part="image"] img')];
      return found.length === 2 && found.every((img) => img.src.startsWith('blob:')) ? found : null;
    }, 'image addresses');
    expect(images.map((img) => img.alt)).to.deep.equal(['The new lab', 'A bench']);
    const buttons = [...filesOf(el).querySelectorAll('[part="image"]')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Open image: The new lab', 'Open image: A bench']);
    // A video is a button until played: nothing of it is downloaded before.
    const video = shadow<HTMLButtonElement>(attachmentsOf(el), '[part~="video"]');
    expect(video.getAttribute('aria-label')).to.equal('Play video: A tour of the lab');
    expect(filesOf(el).querySelector('video')).to.equal(null);
    const file = shadow<HTMLAnchorElement>(attachmentsOf(el), '[part="file"]');
    expect(file.textContent).to.contain('minutes.txt');
    expect(file.textContent).to.match(/0\.1 kB/);
    expect(file.getAttribute('download')).to.equal('minutes.txt');
    await until(() => file.href.startsWith('blob:'), 'document address');
    await expectAccessible(el);
  });

  it('keeps an image’s room before its address arrives', async () => {
    // A transport whose file addresses never come.
    const slow: Transport = Object.assign(Object.create(transport) as MemoryTransport, {
      files: { upload: transport.files.upload, url: () => new Promise<string>(() => undefined) },
    });
    const slowClient = createClient({ transport: slow, locale: 'en' });
    const single = { ...post, attachments: [post.attachments![0]!] };
    const el = await fixture<EcoPost>(html`<div style="width: 600px"><eco-post .client=${slowClient} .post=${single} lang="en"></eco-post></div>`);
    const img = filesOf(el.querySelector('eco-post') as EcoPost).querySelector<HTMLImageElement>('[part="image"] img')!;
    expect(img.getAttribute('src')).to.equal(null);
    const box = img.getBoundingClientRect();
    // 300×200: two thirds of its width, before anything loads.
    expect(box.width).to.be.greaterThan(100);
    expect(Math.abs(box.height - (box.width * 2) / 3)).to.be.lessThan(2);
    slowClient.close();
  });

  it('opens an image large in a modal dialog, goes to the next with the keyboard, and gives focus back on Escape', async () => {
    const el = await fixture<EcoPost>(html`<eco-post .client=${client} .post=${post} lang="en"></eco-post>`);
    await until(() => filesOf(el).querySelector<HTMLImageElement>('[part="image"] img')?.src.startsWith('blob:'), 'image addresses');
    const first = filesOf(el).querySelector<HTMLButtonElement>('[part="image"]')!;
    first.focus();
    await sendKeys({ press: 'Enter' });
    const lightbox = await until(() => filesOf(el).querySelector('eco-lightbox'), 'the lightbox');
    const dialog = await until(() => {
      const found = lightbox.shadowRoot?.querySelector('dialog');
      return found?.open ? found : null;
    }, 'the open dialog');
    expect(dialog.getAttribute('aria-label')).to.equal('Image 1 of 2');
    expect(lightbox.shadowRoot!.querySelector('[part="caption"]')!.textContent).to.contain('The new lab');
    // Focus is in the dialog (the Close button), the page behind is inert.
    expect(lightbox.shadowRoot!.activeElement?.getAttribute('part')).to.equal('close');
    await sendKeys({ press: 'ArrowRight' });
    await until(() => lightbox.shadowRoot!.querySelector('[part="caption"]')!.textContent!.includes('A bench'), 'the next image');
    expect(lightbox.shadowRoot!.querySelector<HTMLImageElement>('[part="image"]')!.alt).to.equal('A bench');
    // The post again, with the same files in new objects (post.updated for a reaction): the lightbox stays open.
    el.post = { ...post, reactions: { ...post.reactions, counts: { like: 1 } }, attachments: post.attachments!.map((a) => ({ ...a })) };
    await el.updateComplete;
    await (filesOf(el).host as EcoPost).updateComplete;
    expect(filesOf(el).querySelector('eco-lightbox')).to.equal(lightbox);
    expect(dialog.open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await until(() => !filesOf(el).querySelector('eco-lightbox'), 'the lightbox closed');
    expect(filesOf(el).activeElement).to.equal(first);
  });

  it('says so, with a Retry, when the files’ addresses cannot be had', async () => {
    let fail = true;
    const flaky: Transport = Object.assign(Object.create(transport) as MemoryTransport, {
      files: { upload: transport.files.upload, url: (id: string) => (fail ? Promise.reject(new Error('offline')) : transport.files.url(id)) },
    });
    const flakyClient = createClient({ transport: flaky, locale: 'en' });
    const el = await fixture<EcoPost>(html`<eco-post .client=${flakyClient} .post=${post} lang="en"></eco-post>`);
    const error = await until(() => filesOf(el).querySelector('[part="error"]'), 'the error');
    expect(error.textContent).to.contain('These files could not be loaded');
    fail = false;
    error.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await until(() => filesOf(el).querySelector<HTMLImageElement>('[part="image"] img')?.src.startsWith('blob:'), 'image addresses after Retry');
    flakyClient.close();
  });
});

describe('eco-post video', () => {
  let transport: MemoryTransport;
  let client: EcotoneClient;
  let post: Post;
  const vtt = (lines: string[]) =>
    new Blob([['WEBVTT', '', ...lines.flatMap((line, i) => [`00:00:0${i}.000 --> 00:00:0${i + 1}.000`, line, ''])].join('\n')], { type: 'text/vtt' });

  beforeEach(async () => {
    transport = new MemoryTransport(seed([]));
    client = createClient({ transport, locale: 'fr' });
    const upload = (blob: Blob, name: string) => transport.files.upload('news', Object.assign(blob, { name }));
    const video = await upload(new Blob([new Uint8Array(64)], { type: 'video/mp4' }), 'tour.mp4');
    const poster = await upload(await png(320, 180), 'poster.png');
    const fr = await upload(vtt(['Bienvenue au laboratoire.', '<v Anna>Voici la paillasse.']), 'fr.vtt');
    const de = await upload(vtt(['Willkommen im Labor.', '<v Anna>Hier steht die <b>Zentrifuge</b>.']), 'de.vtt');
    post = await transport.request<Post>({
      method: 'POST',
      path: routes.publish('news'),
      body: { body: 'Visite', attachments: [{ file: video.id, alt: 'Visite du labo', poster: poster.id, captions: [{ file: fr.id, locale: 'fr' }, { file: de.id, locale: 'de' }] }] },
    });
  });
  afterEach(() => client.close());

  it('shows only the poster until played, then French captions for a French reader, German on request, and the transcript', async function () {
    this.timeout(60_000);
    const el = await fixture<EcoPost>(html`<eco-post .client=${client} .post=${post} lang="fr"></eco-post>`);
    await client.loadLocale('fr');
    const play = await until(() => {
      const button = filesOf(el).querySelector<HTMLButtonElement>('[part~="play"]');
      return button?.querySelector('img')?.src.startsWith('blob:') ? button : null;
    }, 'the poster');
    // Nothing of the video before it is played.
    expect(filesOf(el).querySelector('video, eco-video')).to.equal(null);
    await until(() => play.getAttribute('aria-label') === 'Lire la vidéo : Visite du labo', 'the French label');
    play.click();
    const player = await until(() => filesOf(el).querySelector('eco-video'), 'the player');
    const video = await until(() => player.shadowRoot?.querySelector('video'), 'the video');
    const tracks = () => [...video.querySelectorAll('track')].map((t) => [t.srclang, t.track.mode]);
    await until(() => JSON.stringify(tracks()) === JSON.stringify([['de', 'disabled'], ['fr', 'showing']]), 'French captions by default');
    const select = player.shadowRoot!.querySelector<HTMLSelectElement>('[part="captions"]')!;
    // The player's French strings load with it.
    await until(() => [...select.options].map((o) => o.textContent).join('|') === 'Désactivés|Deutsch|Français', 'the switch in French');
    // The transcript of the shown captions.
    player.shadowRoot!.querySelector<HTMLButtonElement>('[part="transcript-toggle"]')!.click();
    const lines = () => [...player.shadowRoot!.querySelectorAll('[part="line"] span')].map((line) => line.textContent);
    await until(() => lines().join('|') === 'Bienvenue au laboratoire.|Voici la paillasse.', 'the French transcript');
    // German, on request.
    select.value = 'de';
    select.dispatchEvent(new Event('change'));
    await until(() => JSON.stringify(tracks()) === JSON.stringify([['de', 'showing'], ['fr', 'disabled']]), 'German captions');
    await until(() => lines().join('|') === 'Willkommen im Labor.|Hier steht die Zentrifuge.', 'the German transcript');
    expect(player.shadowRoot!.querySelector('[part="transcript"]')!.getAttribute('lang')).to.equal('de');
    await expectAccessible(el);
  });
});
