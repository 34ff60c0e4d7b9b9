import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { routes, type KnowledgeNote } from '@ecotone/protocol';
import './knowledge-note.js';
import type { EcoKnowledgeNote } from './knowledge-note.component.js';
import { NoteHarness } from './_harness.js';
import { alice, backend, bob, localeLoaded, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const preview = {
  url: 'https://example.com/zero-trust',
  title: 'Zero trust in practice',
  description: 'What changed after a year.',
  siteName: 'Example',
  fetchedAt: '2026-11-27T10:00:00.000Z',
};

function makeNote(overrides: Partial<KnowledgeNote> = {}): KnowledgeNote {
  return {
    id: 'n1',
    spaceId: 'news',
    owner: alice,
    title: 'Network security',
    body: 'The quick brown fox',
    language: 'en',
    sources: [],
    tags: ['security', 'network'],
    maturity: 'draft',
    reviewBy: '2027-03-03',
    promotedFrom: null,
    revision: 1,
    createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
    updatedBy: alice,
    canEdit: true,
    ...overrides,
  };
}

describe('eco-knowledge-note', () => {
  let b: TestBackend;
  function setup(notes: KnowledgeNote[] = [makeNote()]) {
    b = backend();
    for (const note of notes) b.transport.addNote(note);
  }
  afterEach(() => b?.client.close());

  /** A note by id (attribute), after its first render. */
  async function note(id = 'n1', lang = 'en', extra: { postHrefTemplate?: string } = {}) {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <button id="before">before</button>
      <eco-knowledge-note .client=${b.client} note=${id} lang=${lang} post-href-template=${extra.postHrefTemplate ?? ''}></eco-knowledge-note>
    </div>`);
    const el = wrapper.querySelector<EcoKnowledgeNote>('eco-knowledge-note')!;
    const h = new NoteHarness(el);
    await until(() => h.title || h.messages, 'note rendered');
    await localeLoaded(b.client, el, lang);
    return { el, h, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
  }

  it('shows the note’s files under its body', async () => {
    setup();
    const photo = await b.transport.files.upload('news', Object.assign(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 1])], { type: 'image/jpeg' }), { name: 'rack.jpg' }));
    await b.transport.request({ method: 'PATCH', path: routes.note('n1'), body: { baseRevision: 1, attach: [{ file: photo.id, alt: 'The server rack' }] } });
    const { el } = await note();
    const image = await until(() => {
      const found = el.shadowRoot!.querySelector('eco-attachments')?.shadowRoot?.querySelector<HTMLImageElement>('[part="image"] img');
      return found?.src.startsWith('blob:') ? found : null;
    }, 'the image');
    expect(image.alt).to.equal('The server rack');
  });

  /** Opens the form and replaces the body with `body`. */
  async function editBody(h: NoteHarness, body: string) {
    h.button('Edit')!.click();
    await h.el.updateComplete;
    const textarea = h.field<HTMLTextAreaElement>('Body (Markdown)')!;
    textarea.value = body;
    textarea.dispatchEvent(new Event('input'));
    await h.el.updateComplete;
  }

  /** Opens the history and waits for its diff. */
  async function openHistory(h: NoteHarness) {
    h.button('History')!.click();
    await until(() => h.q('[part="diff"]'), 'diff');
  }

  describe('accessibility', () => {
    it('is accessible in the read view (sources, tags, overdue review, backlink)', async () => {
      setup([makeNote({ sources: [{ url: preview.url, preview }, { url: 'https://example.org/x' }], reviewBy: '2020-01-01', promotedFrom: 'p1' })]);
      const { el, h } = await note();
      await until(() => h.q('eco-link-card'), 'link cards');
      await expectAccessible(el);
    });

    it('is accessible while editing, with validation messages', async () => {
      setup();
      const { el, h } = await note();
      h.button('Edit')!.click();
      await el.updateComplete;
      await expectAccessible(el);
      const title = h.field('Title')!;
      title.value = '';
      title.dispatchEvent(new Event('input'));
      const tags = h.field('Tags')!;
      tags.value = 'ok, Not OK!';
      tags.dispatchEvent(new Event('input'));
      await el.updateComplete;
      h.button('Save')!.click();
      await el.updateComplete;
      expect(h.fieldError('Title')).to.equal('Enter a title.');
      expect(h.fieldError('Tags')).to.contain('not ok!');
      expect(title.getAttribute('aria-invalid')).to.equal('true');
      await expectAccessible(el);
    });

    it('is accessible in a conflict and in the history', async () => {
      setup();
      const { el, h } = await note();
      await editBody(h, 'Mine');
      b.transport.editNoteAsOther('n1', bob, { body: 'Theirs' });
      h.button('Save')!.click();
      await until(() => h.conflict, 'conflict');
      await expectAccessible(el);
      h.button('Take theirs')!.click();
      await el.updateComplete;
      await openHistory(h);
      await expectAccessible(el);
    });
  });

  describe('attributes', () => {
    it('note: fetches the note and shows title, maturity, review date, owner, update, language, tags and body', async () => {
      setup([makeNote({ body: 'Some **bold** text' })]);
      const { h } = await note();
      expect(h.title).to.equal('Network security');
      expect(h.maturity).to.equal('Maturity: Draft');
      expect(h.review).to.equal(`Review by ${new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2027, 2, 3))}`);
      expect(h.meta).to.contain('Owner: Alice Martin').and.contain('Updated 1 hour ago by Alice Martin').and.contain('Language: English');
      expect(h.tags).to.deep.equal(['security', 'network']);
      expect(h.body!.querySelector('strong')!.textContent).to.equal('bold');
      expect(h.body!.lang).to.equal('en');
    });

    it('opens a note of 20,000 nested quotes, its markers beyond the nesting cap shown as text', async () => {
      setup([makeNote({ body: '>'.repeat(20_000) })]);
      const { h } = await note();
      expect(h.title).to.equal('Network security');
      expect(h.messages).to.equal('');
      expect(textOf(h.body!)).to.match(/>{19000,}/);
    });

    it('marks an overdue review with text, not colour alone', async () => {
      setup([makeNote({ reviewBy: '2020-01-01' })]);
      const { h } = await note();
      expect(h.review).to.contain('Overdue');
      expect(h.q('[part~="review"]')!.getAttribute('part')).to.equal('review overdue');
    });

    it('lang: French and German strings and dates', async () => {
      setup([makeNote({ maturity: 'reference' })]);
      const fr = await note('n1', 'fr');
      expect(fr.h.maturity).to.equal('Maturité : Référence');
      expect(fr.h.review).to.equal('À revoir d’ici le 3 mars 2027');
      const de = await note('n1', 'de');
      expect(de.h.maturity).to.equal('Reifegrad: Referenz');
      expect(de.h.review).to.equal('Überprüfen bis 3. März 2027');
    });

    it('shows not found for an unknown note, and retry after another failure', async () => {
      setup();
      const { h } = await note('missing');
      expect(h.messages).to.equal('This note does not exist, or you cannot see it.');
      b.transport.failNext('internal');
      const other = await note('n1');
      await until(() => other.h.button('Retry'), 'retry');
      other.h.button('Retry')!.click();
      await until(() => other.h.title === 'Network security', 'note after retry');
    });

    it('post-href-template: the backlink is a link to the post', async () => {
      setup([makeNote({ promotedFrom: 'p1' })]);
      const { h } = await note('n1', 'en', { postHrefTemplate: '/posts/{id}' });
      const link = h.q<HTMLAnchorElement>('a[part="promoted"]')!;
      expect(link.textContent).to.equal('Promoted from a post');
      expect(link.href).to.equal(new URL('/posts/p1', location.href).href);
    });
  });

  describe('properties', () => {
    it('note (object): renders without a client; sources as link cards, with their preview or their href', async () => {
      const el = await fixture<EcoKnowledgeNote>(html`<eco-knowledge-note
        .note=${makeNote({ canEdit: false, sources: [{ url: preview.url, preview }, { url: 'https://example.org/x' }] })}
      ></eco-knowledge-note>`);
      const h = new NoteHarness(el);
      expect(h.title).to.equal('Network security');
      expect(h.button('Edit')).to.equal(undefined);
      const cards = await until(() => (h.all('eco-link-card').length === 2 ? h.all<HTMLElement & { preview?: unknown; href?: string }>('eco-link-card') : undefined), 'cards');
      expect(cards[0]!.preview).to.deep.equal(preview);
      expect(cards[1]!.href).to.equal('https://example.org/x');
    });

    it('a <script>, raw HTML and a javascript: link in the body stay text', async () => {
      const el = await fixture<EcoKnowledgeNote>(html`<eco-knowledge-note
        .note=${makeNote({ body: '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>' })}
      ></eco-knowledge-note>`);
      const body = new NoteHarness(el).body!;
      expect(body.querySelector('script, img')).to.equal(null);
      expect(body.querySelector('a')).to.equal(null);
      expect(body.textContent).to.contain('alert(1)');
    });
  });

  describe('events', () => {
    it('eco-note-save: sends only the changed fields with the base revision', async () => {
      setup();
      const { el, h } = await note();
      const saves = spyEvents(el, 'eco-note-save');
      await editBody(h, 'The quick red fox');
      const release = b.transport.hold();
      h.button('Save')!.click();
      await el.updateComplete;
      expect(h.button('Saving…')!.disabled).to.equal(true);
      release();
      await until(() => saves.length === 1, 'save event');
      expect(saves[0]!.detail.note.revision).to.equal(2);
      expect(saves[0]!.detail.note.body).to.equal('The quick red fox');
      expect(saves[0]!.detail.note.title).to.equal('Network security');
      await until(() => h.body?.textContent?.includes('red fox'), 'saved body');
      expect(h.status).to.contain('Note saved.');
    });

    it('eco-error on a refused save keeps the draft; eco-open-post without a template', async () => {
      setup([makeNote({ promotedFrom: 'p1' })]);
      const { el, h } = await note();
      const opens = spyEvents(el, 'eco-open-post');
      h.button('Promoted from a post')!.click();
      expect(opens.map((e) => e.detail.postId)).to.deep.equal(['p1']);
      const errors = spyEvents(el, 'eco-error');
      await editBody(h, 'Mine');
      b.transport.failNext('forbidden');
      h.button('Save')!.click();
      await until(() => errors.length === 1, 'error');
      expect(errors[0]!.detail.action).to.equal('save-note');
      await el.updateComplete;
      expect(h.messages).to.contain('The note was not saved');
      expect(h.field<HTMLTextAreaElement>('Body (Markdown)')!.value).to.equal('Mine');
    });
  });

  describe('conflict', () => {
    async function conflicted() {
      setup();
      const ctx = await note();
      await editBody(ctx.h, 'The quick brown fox, my edit');
      b.transport.editNoteAsOther('n1', bob, { title: 'Network security (Bob)', body: 'The quick brown fox, their edit' });
      ctx.h.button('Save')!.click();
      await until(() => ctx.h.conflict, 'conflict');
      return ctx;
    }

    it('keeps the draft and shows both versions', async () => {
      const { h } = await conflicted();
      expect(h.messages).to.contain('Someone else changed this note while you were editing.');
      const [theirs, yours] = h.versions;
      expect(theirs!.heading).to.equal('Their version (revision 2, by Bob Keller)');
      expect(theirs!.text).to.contain('The quick brown fox, their edit').and.contain('Network security (Bob)');
      expect(yours!.heading).to.equal('Your version');
      // Fields I did not touch take their value, so Keep mine loses nothing of theirs.
      expect(yours!.text).to.contain('The quick brown fox, my edit').and.contain('Network security (Bob)');
      expect(h.field<HTMLTextAreaElement>('Body (Markdown)')!.value).to.equal('The quick brown fox, my edit');
      expect(h.el.shadowRoot!.activeElement).to.equal(h.conflict);
    });

    it('Keep mine saves the draft over their revision', async () => {
      const { el, h } = await conflicted();
      const saves = spyEvents(el, 'eco-note-save');
      h.button('Keep mine')!.click();
      await until(() => saves.length === 1, 'save');
      const saved = saves[0]!.detail.note;
      expect(saved.revision).to.equal(3);
      expect(saved.body).to.equal('The quick brown fox, my edit');
      // Only the body was mine to change: their title stays.
      expect(saved.title).to.equal('Network security (Bob)');
      await el.updateComplete;
      expect(h.conflict).to.equal(null);
      expect(h.body!.textContent).to.contain('my edit');
    });

    it('Take theirs discards the draft and shows their version', async () => {
      const { el, h } = await conflicted();
      h.button('Take theirs')!.click();
      await el.updateComplete;
      expect(h.q('form')).to.equal(null);
      expect(h.title).to.equal('Network security (Bob)');
      expect(h.body!.textContent).to.contain('their edit');
    });
  });

  describe('history', () => {
    it('lists revisions and shows the words added and removed between a revision and its predecessor', async () => {
      setup();
      b.transport.editNoteAsOther('n1', bob, { title: 'Network security audit', body: 'The quick red fox jumps' });
      const { el, h } = await note();
      await openHistory(h);
      expect(h.revisions).to.have.length(2);
      expect(h.revisions[0]).to.contain('Revision 2').and.contain('by Bob Keller');
      expect(h.diffMarks('title')).to.deep.equal({ ins: ['audit'], del: [] });
      expect(h.diffMarks('body')).to.deep.equal({ ins: ['red', 'jumps'], del: ['brown'] });
      // Screen readers hear which words were added and removed.
      expect(h.q('.body-diff ins .visually-hidden')!.textContent).to.contain('added');
      expect(h.q('.body-diff del .visually-hidden')!.textContent).to.contain('removed');
      // Revision 1 against nothing: everything is added.
      h.all<HTMLButtonElement>('[part~="revision"]')[1]!.click();
      await el.updateComplete;
      expect(h.diffMarks('title')).to.deep.equal({ ins: ['Network security'], del: [] });
    });

    it('diff text is never parsed as HTML', async () => {
      setup();
      b.transport.editNoteAsOther('n1', bob, { body: 'The quick <img src=x onerror=alert(1)> fox' });
      const { h } = await note();
      await openHistory(h);
      expect(h.q('[part="diff"] img')).to.equal(null);
      expect(h.diffMarks('body').ins.join(' ')).to.contain('<img');
    });
  });

  describe('keyboard', () => {
    it('edits and saves by keyboard alone', async () => {
      setup();
      const { el, h, before } = await note();
      const saves = spyEvents(el, 'eco-note-save');
      before.focus();
      // The owner's name (it opens their card) comes first, then Edit.
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('owner');
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(h.button('Edit'));
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(h.field('Title'));
      await sendKeys({ press: 'End' });
      await sendKeys({ type: ' for SMEs' });
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(h.field('Body (Markdown)'));
      await sendKeys({ press: 'End' });
      await sendKeys({ type: ' jumps' });
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      await sendKeys({ press: 'Enter' });
      await until(() => saves.length === 1, 'save');
      expect(saves[0]!.detail.note.title).to.equal('Network security for SMEs');
      expect(saves[0]!.detail.note.body).to.equal('The quick brown fox jumps');
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(h.button('Edit'));
    });

    it('a validation error moves focus to the first invalid field; Cancel returns focus to Edit', async () => {
      setup();
      const { el, h } = await note();
      h.button('Edit')!.click();
      await el.updateComplete;
      const sources = h.field<HTMLTextAreaElement>('Sources')!;
      sources.value = 'javascript:alert(1)';
      sources.dispatchEvent(new Event('input'));
      await el.updateComplete;
      h.button('Save')!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(sources);
      expect(h.fieldError('Sources')).to.equal('Not a web address (http or https): javascript:alert(1)');
      h.button('Cancel')!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(h.button('Edit'));
    });
  });

  describe('moderation', () => {
    const mark = { state: 'hidden' as const, reason: 'Not about our work', at: '2026-11-27T10:00:00.000Z' };
    const hidden = (note: KnowledgeNote) => ({ type: 'content.hidden' as const, spaceId: note.spaceId, targetType: 'note' as const, targetId: note.id, postId: null, authorId: note.owner.id });

    it('tells its owner why it is hidden, live, in English, French and German, accessibly', async () => {
      setup();
      await b.client.me();
      const { el, h } = await note();
      expect(h.q('[part="moderation"]')).to.equal(null);
      b.transport.addNote(makeNote({ moderation: mark }));
      b.transport.emit(hidden(makeNote()));
      await until(() => h.q('[part="moderation"]'), 'the hidden notice');
      expect(h.text('[part="moderation"]')).to.equal("Hidden by the space's owners: Not about our work");
      expect(h.q('[part="moderation"]')!.getAttribute('role')).to.equal('note');
      expect(h.title).to.equal('Network security');
      await expectAccessible(el);
      for (const [lang, text] of [
        ['fr', 'Masquée par les propriétaires de l’espace : Not about our work'],
        ['de', 'Von den Eigentümern des Bereichs ausgeblendet: Not about our work'],
      ] as const) {
        const other = await note('n1', lang);
        await until(() => other.h.text('[part="moderation"]') === text, `the ${lang} notice`);
      }
      // Restored: the mark goes.
      b.transport.addNote(makeNote());
      b.transport.emit({ ...hidden(makeNote()), type: 'content.restored' });
      await until(() => !h.q('[part="moderation"]'), 'the notice gone');
    });

    it('goes at once for anyone else, and comes back when restored', async () => {
      const bobs = makeNote({ id: 'n2', owner: bob, updatedBy: bob, canEdit: false, title: 'Bob’s note' });
      setup([bobs]);
      await b.client.me();
      const { el, h } = await note('n2');
      expect(h.title).to.equal('Bob’s note');
      b.transport.emit(hidden(bobs));
      await until(() => !h.title, 'the note gone');
      await until(() => h.status === 'This note does not exist, or you cannot see it.', 'the not-found line');
      expect(h.q('[part="base status"]')!.getAttribute('aria-busy')).to.equal('false');
      await expectAccessible(el);
      b.transport.emit({ ...hidden(bobs), type: 'content.restored' });
      await until(() => h.title === 'Bob’s note', 'the note back');
    });
  });
});
