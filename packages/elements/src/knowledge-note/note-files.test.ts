import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { routes, type KnowledgeNote, type NotePatch } from '@ecotone/protocol';
import './knowledge-note.js';
import type { EcoKnowledgeNote } from './knowledge-note.component.js';
import { NoteHarness } from './_harness.js';
import { alice, backend, bob, localeLoaded, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { holdUploads } from '../_test-uploads.js';

const pdf = (name: string) => new File([new Uint8Array(3000)], name, { type: 'application/pdf' });
const png = (name: string) => new File([new Uint8Array(2048)], name, { type: 'image/png' });

function makeNote(overrides: Partial<KnowledgeNote> = {}): KnowledgeNote {
  return {
    id: 'n1',
    spaceId: 'news',
    owner: alice,
    title: 'Network security',
    body: 'The quick brown fox',
    language: 'en',
    sources: [],
    tags: ['security'],
    maturity: 'draft',
    reviewBy: null,
    promotedFrom: null,
    revision: 1,
    createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
    updatedBy: alice,
    canEdit: true,
    ...overrides,
  };
}

/** Reads and drives the files of the note's editor. */
class FilesHarness extends NoteHarness {
  get fieldset(): HTMLFieldSetElement | null {
    return this.q<HTMLFieldSetElement>('[part~="files"]');
  }
  get attach(): HTMLButtonElement | null {
    return this.q<HTMLButtonElement>('[part~="attach"]');
  }
  get save(): HTMLButtonElement {
    return this.q<HTMLButtonElement>('[part~="save"]')!;
  }
  /** Why Save waits, as its description says. */
  get saveWaits(): string {
    const id = this.save.getAttribute('aria-describedby');
    return id ? textOf(this.q(`#${id}`)!) : '';
  }
  /** The uploads of the editor. */
  uploads(): HTMLLIElement[] {
    return this.all<HTMLLIElement>('[part="attachment"]');
  }
  upload(name: string): HTMLLIElement | undefined {
    return this.uploads().find((li) => textOf(li).includes(name));
  }
  /** The note's own files in the editor. */
  noteFiles(): HTMLLIElement[] {
    return this.all<HTMLLIElement>('[part~="note-file"]');
  }
  removeToggle(name: string): HTMLButtonElement | undefined {
    return this.all<HTMLButtonElement>('[part~="remove-file"]').find((b) => b.getAttribute('aria-label') === `Remove ${name}`);
  }
  /** Chooses files with the editor's file input, as the file dialog would. */
  async choose(...files: File[]): Promise<void> {
    const before = this.uploads().length;
    const input = this.q<HTMLInputElement>('input[type="file"]')!;
    const data = new DataTransfer();
    for (const f of files) data.items.add(f);
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => this.uploads().length > before, 'the editor’s list of files');
  }
  /** The files the read view shows with `<eco-attachments>`. */
  shownFiles(): string[] {
    const root = this.q('eco-attachments')?.shadowRoot;
    return [...(root?.querySelectorAll<HTMLElement>('[part="file"], [part="image"] img') ?? [])].map((e) => e.getAttribute('alt') || textOf(e));
  }
  /** Messages in the files' fieldset (the server's refusals about them). */
  get filesMessages(): string {
    return [...(this.fieldset?.querySelectorAll('[part~="message"]') ?? [])].map((n) => textOf(n)).join(' | ');
  }
}

describe('eco-knowledge-note files in the editor', () => {
  let b: TestBackend;
  let patches: NotePatch[];

  /** A world with the note, its files (uploaded and attached as the note's), and every PATCH of it recorded. */
  async function setup(files: File[] = [], overrides: Partial<KnowledgeNote> = {}) {
    b = backend();
    b.transport.addNote(makeNote(overrides));
    if (files.length) {
      const ids = [];
      for (const file of files) ids.push((await b.transport.files.upload('news', file)).id);
      await b.transport.request({ method: 'PATCH', path: routes.note('n1'), body: { baseRevision: 1, attach: ids.map((file) => ({ file })) } });
    }
    patches = [];
    const request = b.transport.request.bind(b.transport);
    b.transport.request = ((r: Parameters<typeof request>[0]) => {
      if (r.method === 'PATCH') patches.push(structuredClone(r.body as NotePatch));
      return request(r);
    }) as typeof b.transport.request;
  }
  afterEach(() => b?.client.close());

  /** The note as the server has it now. */
  const current = () => b.transport.request<KnowledgeNote>({ method: 'GET', path: routes.note('n1') });

  async function note(lang = 'en') {
    const el = await fixture<EcoKnowledgeNote>(html`<eco-knowledge-note .client=${b.client} note="n1" lang=${lang}></eco-knowledge-note>`);
    const h = new FilesHarness(el);
    await until(() => h.title, 'note rendered');
    await localeLoaded(b.client, el, lang);
    return { el, h };
  }

  /** Opens the editor and waits for its files. */
  async function edit(h: FilesHarness) {
    h.button('Edit')!.click();
    await until(() => h.attach, '"Attach files"');
  }

  function type(h: FilesHarness, label: string, value: string) {
    const field = h.field<HTMLTextAreaElement>(label)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  it('attaches a file: Save waits, saying why, until it is uploaded; the note then has it and shows it', async () => {
    await setup();
    const held = holdUploads(b);
    const { el, h } = await note();
    await edit(h);
    expect(textOf(h.attach!)).to.equal('Attach files');
    type(h, 'Body (Markdown)', 'The minutes are attached');
    await h.choose(pdf('minutes.pdf'));
    await until(() => h.save.disabled, 'Save waits');
    expect(h.saveWaits).to.equal('Save is available once the files have finished uploading.');
    expect(!!h.upload('minutes.pdf')!.querySelector('progress'), 'a progress bar').to.equal(true);
    await expectAccessible(el);
    // Enter in a field does not save either.
    h.field('Title')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(patches).to.have.length(0);
    held[0]!.release();
    await until(() => !h.save.disabled, 'Save, once uploaded');
    expect(h.save.hasAttribute('aria-describedby')).to.equal(false);
    h.save.click();
    await until(() => h.status.includes('Note saved.'), 'saved');
    expect(patches).to.have.length(1);
    expect(patches[0]!.body).to.equal('The minutes are attached');
    expect(patches[0]!.attach).to.have.length(1);
    expect(patches[0]!.attach![0]!.file).to.be.a('string');
    expect(patches[0]!.detach).to.equal(undefined);
    await until(() => h.shownFiles().some((n) => n.includes('minutes.pdf')), 'the file in the read view');
    // Opened again, the editor lists it as the note's, and no upload is left over.
    await edit(h);
    expect(h.noteFiles().map((li) => textOf(li.querySelector('span')!))).to.deep.equal(['minutes.pdf']);
    expect(h.uploads()).to.have.length(0);
  });

  it('Save waits from the moment a file is chosen, while the list of uploads is still loading: the file is not left behind', async () => {
    await setup();
    const { el, h } = await note();
    await edit(h);
    // The list's module, held as a slow network would (in this page it may have loaded already).
    const module = (el as unknown as { edit: { files: { attach: { module: { load(): Promise<unknown> } } } } }).edit.files.attach.module;
    const load = module.load.bind(module);
    let arrive!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    module.load = () => arrived.then(load);
    const input = h.q<HTMLInputElement>('input[type="file"]')!;
    const data = new DataTransfer();
    data.items.add(pdf('minutes.pdf'));
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(h.save.disabled, 'Save, before the file is in the list').to.equal(true);
    expect(h.saveWaits).to.equal('Save is available once the files have finished uploading.');
    // Enter in a field does not save either.
    h.field('Title')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(patches).to.have.length(0);
    arrive();
    await until(() => h.upload('minutes.pdf'), 'the file in the list');
    await until(() => !h.save.disabled, 'Save, once uploaded');
    h.save.click();
    await until(() => h.status.includes('Note saved.'), 'saved');
    expect(patches).to.have.length(1);
    expect(patches[0]!.attach).to.have.length(1);
  });

  it('saves files alone, with no other change', async () => {
    await setup();
    const { h } = await note();
    await edit(h);
    await h.choose(png('rack.png'));
    await until(() => !h.save.disabled, 'Save, once uploaded');
    h.save.click();
    await until(() => h.status.includes('Note saved.'), 'saved');
    expect(Object.keys(patches[0]!).sort()).to.deep.equal(['attach', 'baseRevision']);
    await until(() => h.shownFiles().length === 1, 'the image in the read view');
  });

  it('removes one of the note’s files with its Remove toggle; the other stays', async () => {
    await setup([pdf('old-plan.pdf'), pdf('budget.pdf')]);
    const { el, h } = await note();
    await until(() => h.shownFiles().length === 2, 'both files in the read view');
    await edit(h);
    const toggle = h.removeToggle('old-plan.pdf')!;
    expect(textOf(toggle)).to.equal('Remove');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    // Reached with the keyboard, pressed with Space.
    toggle.focus();
    await sendKeys({ press: 'Space' });
    await until(() => toggle.getAttribute('aria-pressed') === 'true', 'pressed');
    expect(textOf(h.noteFiles()[0]!)).to.contain('Removed when you save');
    expect(el.shadowRoot!.activeElement === toggle, 'focus stays on the toggle').to.equal(true);
    await expectAccessible(el);
    h.save.click();
    await until(() => h.status.includes('Note saved.'), 'saved');
    const budget = (await current()).attachments!;
    expect(patches[0]!.detach).to.have.length(1);
    expect(patches[0]!.detach![0]).to.not.equal(budget[0]!.id);
    expect(budget.map((a) => a.name)).to.deep.equal(['budget.pdf']);
    await until(() => h.shownFiles().length === 1, 'one file in the read view');
    expect(h.shownFiles()[0]).to.contain('budget.pdf');
  });

  it('keeps a file whose removal was undone before saving', async () => {
    await setup([pdf('old-plan.pdf')]);
    const { el, h } = await note();
    await edit(h);
    const toggle = h.removeToggle('old-plan.pdf')!;
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(textOf(h.noteFiles()[0]!)).to.not.contain('Removed when you save');
    type(h, 'Title', 'Network security, revised');
    await el.updateComplete;
    h.save.click();
    await until(() => h.status.includes('Note saved.'), 'saved');
    expect(patches[0]!.detach).to.equal(undefined);
    expect((await current()).attachments!.map((a) => a.name)).to.deep.equal(['old-plan.pdf']);
  });

  it('Cancel forgets the removals and the uploads', async () => {
    await setup([pdf('old-plan.pdf')]);
    const { el, h } = await note();
    await edit(h);
    h.removeToggle('old-plan.pdf')!.click();
    await h.choose(pdf('new.pdf'));
    h.button('Cancel')!.click();
    await el.updateComplete;
    await edit(h);
    expect(h.removeToggle('old-plan.pdf')!.getAttribute('aria-pressed')).to.equal('false');
    expect(h.uploads()).to.have.length(0);
    expect(patches).to.have.length(0);
  });

  it('shows a refusal about a file beside the files, keeping the text and the uploads, and saves on retry', async () => {
    await setup();
    const { el, h } = await note();
    await edit(h);
    type(h, 'Body (Markdown)', 'With the rack photo');
    await h.choose(png('rack.png'));
    await until(() => !h.save.disabled, 'Save, once uploaded');
    // The server finds the file attached elsewhere meanwhile (here: the request names one that is not the caller's).
    const request = b.transport.request.bind(b.transport);
    let tampered = false;
    b.transport.request = ((r: Parameters<typeof request>[0]) => {
      const body = r.body as NotePatch | undefined;
      if (r.method === 'PATCH' && body?.attach && !tampered) {
        tampered = true;
        return request({ ...r, body: { ...body, attach: [{ file: 'someone-elses' }] } });
      }
      return request(r);
    }) as typeof b.transport.request;
    h.save.click();
    await until(() => h.filesMessages, 'the refusal beside the files');
    expect(h.filesMessages).to.equal('rack.png could not be attached.');
    expect(h.field<HTMLTextAreaElement>('Body (Markdown)')!.value).to.equal('With the rack photo');
    expect(!!h.upload('rack.png'), 'the upload kept').to.equal(true);
    expect(h.save.disabled).to.equal(false);
    await expectAccessible(el);
    h.save.click();
    await until(() => h.status.includes('Note saved.'), 'saved on retry');
    await until(() => h.shownFiles().length === 1, 'the image in the read view');
    expect((await current()).body).to.equal('With the rack photo');
  });

  it('names the file a refused removal was about', async () => {
    await setup([pdf('old-plan.pdf')]);
    const { h } = await note();
    await edit(h);
    h.removeToggle('old-plan.pdf')!.click();
    b.transport.failNext('validation_failed', 1, { match: (r) => r.method === 'PATCH' });
    // failNext answers without field paths: the general sentence shows in the form.
    h.save.click();
    await until(() => h.messages.includes('The note was not saved'), 'the refusal');
    expect(h.removeToggle('old-plan.pdf')!.getAttribute('aria-pressed')).to.equal('true');
    // A removal the server refuses by its path: the file is named.
    const request = b.transport.request.bind(b.transport);
    let tampered = false;
    b.transport.request = ((r: Parameters<typeof request>[0]) => {
      const body = r.body as NotePatch | undefined;
      if (r.method === 'PATCH' && body?.detach && !tampered) {
        tampered = true;
        return request({ ...r, body: { ...body, detach: ['not-this-notes'] } });
      }
      return request(r);
    }) as typeof b.transport.request;
    h.save.click();
    await until(() => h.filesMessages, 'the refusal beside the files');
    expect(h.filesMessages).to.equal('old-plan.pdf could not be removed.');
    h.save.click();
    await until(() => h.status.includes('Note saved.'), 'saved on retry');
    expect((await current()).attachments ?? []).to.have.length(0);
  });

  it('keeps the files through a conflict: nothing is attached until Keep mine', async () => {
    await setup([pdf('old-plan.pdf')]);
    const { el, h } = await note();
    await edit(h);
    type(h, 'Body (Markdown)', 'Mine');
    h.removeToggle('old-plan.pdf')!.click();
    await h.choose(pdf('new-plan.pdf'));
    await until(() => !h.save.disabled, 'Save, once uploaded');
    b.transport.editNoteAsOther('n1', bob, { title: 'Theirs' });
    h.save.click();
    await until(() => h.conflict, 'conflict');
    expect(patches.at(-1)!.attach).to.have.length(1);
    // Refused for the conflict: their note has the old file and not the new one.
    expect((await current()).attachments!.map((a) => a.name)).to.deep.equal(['old-plan.pdf']);
    expect(!!h.upload('new-plan.pdf'), 'the upload kept').to.equal(true);
    expect(h.removeToggle('old-plan.pdf')!.getAttribute('aria-pressed')).to.equal('true');
    expect(textOf(h.fieldset!)).to.contain('Your files and removals are kept');
    await expectAccessible(el);
    h.button('Keep mine')!.click();
    await until(() => h.status.includes('Note saved.'), 'saved');
    const saved = await current();
    expect(saved.title).to.equal('Theirs');
    expect(saved.body).to.equal('Mine');
    expect(saved.attachments!.map((a) => a.name)).to.deep.equal(['new-plan.pdf']);
  });

  it('takes files dropped on the form and pasted into the body', async () => {
    await setup();
    holdUploads(b);
    const { el, h } = await note();
    await edit(h);
    const form = h.q('[part~="form"]')!;
    const data = new DataTransfer();
    data.items.add(pdf('dropped.pdf'));
    const body = h.field<HTMLTextAreaElement>('Body (Markdown)')!;
    body.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(textOf(h.fieldset!.querySelector('[part="drop"]')!)).to.equal('Drop the files to attach them');
    // Dragged on over the note's header, out of the form: the drop state goes.
    h.q('[part="header"]')!.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(!!h.fieldset!.querySelector('[part="drop"]'), 'the drop state').to.equal(false);
    body.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    expect(!!h.fieldset!.querySelector('[part="drop"]'), 'the drop state').to.equal(true);
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await until(() => h.upload('dropped.pdf'), 'the dropped file');
    expect(!!h.fieldset!.querySelector('[part="drop"]'), 'the drop state').to.equal(false);
    const clip = new DataTransfer();
    clip.items.add(png('image.png'));
    const paste = new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, composed: true, cancelable: true });
    body.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    await until(() => h.upload('image.png'), 'the pasted image');
    const text = new DataTransfer();
    text.setData('text/plain', 'hello');
    const pasteText = new ClipboardEvent('paste', { clipboardData: text, bubbles: true, composed: true, cancelable: true });
    body.dispatchEvent(pasteText);
    expect(pasteText.defaultPrevented).to.equal(false);
    expect(h.uploads()).to.have.length(2);
  });

  it('lets the list take only what the note has room for', async () => {
    await setup(Array.from({ length: 9 }, (_, i) => pdf(`file-${i}.pdf`)));
    holdUploads(b);
    const { h } = await note();
    await edit(h);
    await h.choose(pdf('a.pdf'), pdf('b.pdf'));
    expect(h.uploads()).to.have.length(1);
    expect(textOf(h.fieldset!)).to.contain('A note holds at most 10 files: 1 file was not added.');
  });

  it('shows no files group where the client keeps no files and the note has none', async () => {
    await setup();
    // A transport without files (as the local one): canUpload(client) is false.
    Object.defineProperty(b.transport, 'files', { value: undefined });
    const { el, h } = await note();
    h.button('Edit')!.click();
    // The files' code has arrived and the form rendered with it.
    await until(() => (el as unknown as { edit: { files?: unknown } }).edit.files, 'the files’ module');
    await el.updateComplete;
    expect(!!h.q('[part~="form"]'), 'the form').to.equal(true);
    expect(!!h.fieldset, 'a files group').to.equal(false);
    expect(!!h.attach, '"Attach files"').to.equal(false);
  });

  it('speaks French', async () => {
    await setup([pdf('ancien-plan.pdf')]);
    holdUploads(b);
    const { el, h } = await note('fr');
    h.button('Modifier')!.click();
    const attach = await until(() => h.attach, '« Joindre des fichiers »');
    await until(() => textOf(attach) === 'Joindre des fichiers', 'the button in French');
    const toggle = await until(() => h.all('[part~="remove-file"]')[0], 'Retirer');
    await until(() => toggle.getAttribute('aria-label') === 'Retirer ancien-plan.pdf', 'its label in French');
    expect(textOf(h.fieldset!.querySelector('legend')!)).to.equal('Fichiers');
    await h.choose(pdf('compte-rendu.pdf'));
    await until(() => h.saveWaits === 'Vous pourrez enregistrer une fois l’envoi des fichiers terminé.', 'why Save waits, in French');
    await el.updateComplete;
  });
});
