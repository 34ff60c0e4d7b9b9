import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, MemoryTransport } from '@ecotone/core';
import '../composer/composer.js';
import type { EcoComposer } from '../composer/composer.component.js';
import type { EcoTalkShowEditor } from './talk-show-editor.component.js';
import type { EcoPollEditor } from '../poll-editor/poll-editor.component.js';
import { lukas, PEOPLE, priya, seed, shadow, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/** The editor through what a person perceives: fields by label, their messages, the hosts chosen. */
class TalkShowEditorHarness {
  constructor(readonly el: EcoTalkShowEditor) {}
  input(id: 'title' | 'start' | 'duration' | 'stream' | 'host-search'): HTMLInputElement {
    return shadow<HTMLInputElement>(this.el, `#${id}`);
  }
  async fill(id: 'title' | 'start' | 'duration' | 'stream', value: string): Promise<void> {
    const input = this.input(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await this.el.updateComplete;
  }
  /** The message under a field, as its aria-describedby points at it ('' when none). */
  messageOf(id: 'title' | 'start' | 'duration' | 'stream' | 'host-search'): string {
    const ids = (this.input(id).getAttribute('aria-describedby') ?? '').split(' ').filter((d) => d.endsWith('-error'));
    return ids.map((d) => textOf(shadow(this.el, `#${d}`))).join(' ');
  }
  get hosts(): string[] {
    return [...this.el.shadowRoot!.querySelectorAll('[part="host"] span')].map((s) => textOf(s));
  }
  get options(): string[] {
    return [...this.el.shadowRoot!.querySelectorAll('[part="host-option"]')].map((o) => textOf(o));
  }
  get active(): Element | null {
    return this.el.shadowRoot!.activeElement;
  }
}

describe('eco-talk-show-editor (in eco-composer)', () => {
  let b: TestBackend;

  /** A world where Alice is a member (or owner) of `news`, Priya a member, Lukas known but not a member. */
  function world(role: 'member' | 'owner' = 'member'): TestBackend {
    const s = { ...seed([]), people: structuredClone([...PEOPLE]) };
    s.me.memberships = s.me.memberships.map((m) => (m.spaceId === 'news' ? { ...m, role } : m));
    s.spaces = s.spaces.map((space) => (space.id === 'news' ? { ...space, role } : space));
    const transport = new MemoryTransport(s);
    transport.addMember('news', { actor: priya, role: 'member', since: '2026-01-01T00:00:00.000Z' });
    return { transport, client: createClient({ transport, locale: 'en' }) };
  }

  beforeEach(() => {
    b = world();
  });
  afterEach(() => b.client.close());

  async function composer(lang = 'en') {
    const el = await fixture<EcoComposer>(html`<eco-composer .client=${b.client} space="news" lang=${lang}></eco-composer>`);
    if (lang !== 'en') await b.client.loadLocale(lang);
    await el.updateComplete;
    return el;
  }

  /** Clicks "Schedule a talk-show" and waits for the editor, with the author as its first host. */
  async function open(el: EcoComposer) {
    shadow<HTMLButtonElement>(el, '[part="add-talk-show"]').click();
    const editor = await until(() => el.shadowRoot!.querySelector<EcoTalkShowEditor>('eco-talk-show-editor')?.shadowRoot?.querySelector('fieldset') && el.shadowRoot!.querySelector<EcoTalkShowEditor>('eco-talk-show-editor'), 'editor');
    const h = new TalkShowEditorHarness(editor);
    await until(() => h.hosts.length === 1, 'the author as host');
    return h;
  }

  async function typeBody(el: EcoComposer, text: string) {
    shadow<HTMLTextAreaElement>(el, 'textarea').focus();
    await sendKeys({ type: text });
    await el.updateComplete;
  }

  function published() {
    return b.transport.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/posts'));
  }

  /** Types a name in "Add a host", picks the first person found with the arrow keys and Enter. */
  async function addHost(h: TalkShowEditorHarness, name: string, expected: string) {
    h.input('host-search').focus();
    await sendKeys({ type: name });
    await until(() => h.options.some((o) => o.startsWith(expected)), `${expected} found`);
    await sendKeys({ press: 'ArrowDown' });
    await h.el.updateComplete;
    expect(h.input('host-search').getAttribute('aria-activedescendant')).to.equal('host-option-0');
    await sendKeys({ press: 'Enter' });
    await until(() => h.hosts.includes(expected), `${expected} added`);
  }

  it('loads on demand, is accessible, and publishes a talk-show post with its draft', async () => {
    const el = await composer();
    expect(customElements.get('eco-talk-show-editor')).to.equal(undefined);
    const h = await open(el);
    expect(h.active).to.equal(h.input('title'));
    expect(h.hosts).to.deep.equal(['Alice Martin']);
    expect(textOf(shadow(h.el, '#start-hint'))).to.equal(`Time zone: ${Intl.DateTimeFormat().resolvedOptions().timeZone}.`);
    await typeBody(el, 'Ask us anything about the move to Basel.');
    await h.fill('title', '  Town hall: the move  ');
    await addHost(h, 'Pri', 'Priya Raman');
    expect(h.active).to.equal(h.input('host-search'));
    await h.fill('start', '2099-06-30T17:00');
    await h.fill('duration', '90');
    await expectAccessible(el);
    const events = spyEvents(el, 'eco-publish');
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => events.length === 1, 'published');
    expect(published()[0]!.body).to.deep.equal({
      body: 'Ask us anything about the move to Basel.',
      kind: 'talk_show',
      talkShow: { title: 'Town hall: the move', hosts: ['alice', 'priya'], startsAt: new Date(2099, 5, 30, 17, 0).toISOString(), durationMinutes: 90 },
    });
    const post = events[0]!.detail.post;
    expect(post.kind).to.equal('talk_show');
    expect(post.talkShow?.hosts.map((a) => a.id)).to.deep.equal(['alice', 'priya']);
    expect(el.shadowRoot!.querySelector('eco-talk-show-editor')).to.equal(null);
    expect(shadow(el, '[part="add-talk-show"]')).to.exist;
  });

  it('sends a talk-show with a poll, which the server accepts', async () => {
    const el = await composer();
    const h = await open(el);
    await typeBody(el, 'Vote for the first topic.');
    await h.fill('title', 'Q&A');
    await h.fill('start', '2099-01-01T09:00');
    shadow<HTMLButtonElement>(el, '[part="add-poll"]').click();
    const poll = await until(() => el.shadowRoot!.querySelector('eco-poll-editor')?.shadowRoot?.querySelector('#q0-text') && el.shadowRoot!.querySelector<EcoPollEditor>('eco-poll-editor')!, 'poll editor');
    for (const [id, value] of [['#q0-text', 'First topic?'], ['#q0-o0', 'Offices'], ['#q0-o1', 'Teams']]) {
      const input = shadow<HTMLInputElement>(poll, id!);
      input.value = value!;
      input.dispatchEvent(new Event('input'));
      await poll.updateComplete;
    }
    const events = spyEvents(el, 'eco-publish');
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => events.length === 1 || textOf(shadow(el, '[part="message"]')), 'published');
    expect(textOf(shadow(el, '[part="message"]'))).to.equal('');
    expect(events[0]!.detail.post.kind).to.equal('talk_show');
    expect(events[0]!.detail.post.polls).to.have.length(1);
    expect((published()[0]!.body as { talkShow: { durationMinutes: number } }).talkShow.durationMinutes).to.equal(60);
  });

  it('refuses a blank title and no host before sending anything, with a message on each field', async () => {
    const el = await composer();
    const h = await open(el);
    await typeBody(el, 'Body');
    await h.fill('title', '   ');
    await h.fill('start', '2099-01-01T09:00');
    shadow<HTMLButtonElement>(h.el, '#host-0').click();
    await until(() => h.hosts.length === 0, 'host removed');
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => h.messageOf('title'), 'title message');
    expect(h.messageOf('title')).to.equal('Enter a title.');
    expect(h.input('title').getAttribute('aria-invalid')).to.equal('true');
    expect(h.messageOf('host-search')).to.equal('Add at least one host.');
    expect(h.input('host-search').getAttribute('aria-invalid')).to.equal('true');
    expect(h.active).to.equal(h.input('title'));
    expect(published()).to.have.length(0);
    await expectAccessible(el);
    // Typing in a field takes its message away.
    await h.fill('title', 'Fixed');
    expect(h.messageOf('title')).to.equal('');
    expect(h.input('title').getAttribute('aria-invalid')).to.equal('false');
  });

  it('refuses a missing start, one already over, a duration out of bounds and a link that is not http(s)', async () => {
    const el = await composer();
    const h = await open(el);
    await typeBody(el, 'Body');
    await h.fill('title', 'Show');
    await h.fill('duration', '5');
    await h.fill('stream', 'ftp://stream.example.com/live');
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => h.messageOf('start'), 'start message');
    expect(h.messageOf('start')).to.equal('Choose when it starts.');
    expect(h.messageOf('duration')).to.equal('Enter a whole number of minutes from 15 to 480.');
    expect(h.messageOf('stream')).to.equal('Enter an http or https link, without a user name or password.');
    await h.fill('duration', '60');
    await h.fill('start', '2001-01-01T10:00');
    await h.fill('stream', '');
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => h.messageOf('start') === 'This talk-show would already be over: choose a later start.', 'over');
    expect(h.messageOf('duration')).to.equal('');
    expect(published()).to.have.length(0);
  });

  it('shows the server refusing the stream link (egress off) on the link field, and keeps the draft', async () => {
    const el = await composer();
    const h = await open(el);
    await typeBody(el, 'Watch live');
    await h.fill('title', 'Launch');
    await h.fill('start', '2099-01-01T09:00');
    await h.fill('stream', 'https://stream.example.com/live');
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => h.messageOf('stream'), 'stream message');
    expect(published()).to.have.length(1);
    expect(h.messageOf('stream')).to.equal('This server’s policy does not allow links to this site. Remove the link or use another one.');
    expect(h.input('stream').getAttribute('aria-invalid')).to.equal('true');
    expect(h.active).to.equal(h.input('stream'));
    expect(textOf(shadow(el, '[part="message"]'))).to.contain('Your post was not published.');
    // Nothing lost: the post's text, the editor and its fields.
    expect(shadow<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Watch live');
    expect(h.input('title').value).to.equal('Launch');
    expect(h.input('stream').value).to.equal('https://stream.example.com/live');
    expect(h.hosts).to.deep.equal(['Alice Martin']);
    await expectAccessible(el);
    // Without the link, it goes.
    await h.fill('stream', '');
    const events = spyEvents(el, 'eco-publish');
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => events.length === 1, 'published');
    expect(events[0]!.detail.post.talkShow?.title).to.equal('Launch');
  });

  it('shows a host the server refused (not a member of the space) on the hosts', async () => {
    const el = await composer();
    const h = await open(el);
    await typeBody(el, 'Body');
    await h.fill('title', 'Show');
    await h.fill('start', '2099-01-01T09:00');
    await addHost(h, 'Weber', lukas.displayName);
    shadow<HTMLButtonElement>(el, '[part="publish"]').click();
    await until(() => h.messageOf('host-search'), 'hosts message');
    expect(published()).to.have.length(1);
    expect(h.messageOf('host-search')).to.equal('Lukas Weber is not a member of this space.');
    expect(h.hosts).to.deep.equal(['Alice Martin', 'Lukas Weber']);
  });

  it('does not offer the announcement kind while the post is a talk-show', async () => {
    b.client.close();
    b = world('owner');
    const el = await composer();
    await until(() => el.shadowRoot!.querySelector('[part="kind"]'), 'kind choice');
    const h = await open(el);
    expect(el.shadowRoot!.querySelector('[part="kind"]')).to.equal(null);
    shadow<HTMLButtonElement>(h.el, '[part="remove"]').click();
    await until(() => el.shadowRoot!.querySelector('[part="kind"]'), 'kind choice back');
  });

  describe('keyboard', () => {
    it('opens with the keyboard, picks hosts with the arrows, and removes with the keyboard back to a plain post', async () => {
      const el = await composer();
      await typeBody(el, 'Plain post');
      shadow<HTMLButtonElement>(el, '[part="add-talk-show"]').focus();
      await sendKeys({ press: 'Enter' });
      const editor = await until(() => el.shadowRoot!.querySelector<EcoTalkShowEditor>('eco-talk-show-editor'), 'editor');
      const h = new TalkShowEditorHarness(editor);
      await until(() => h.active === h.input('title'), 'title focused');
      // Escape closes the list of people found without choosing.
      h.input('host-search').focus();
      await sendKeys({ type: 'Pri' });
      await until(() => h.options.length > 0, 'people found');
      expect(h.input('host-search').getAttribute('aria-expanded')).to.equal('true');
      await sendKeys({ press: 'Escape' });
      await until(() => h.options.length === 0, 'list closed');
      expect(h.input('host-search').getAttribute('aria-expanded')).to.equal('false');
      // Remove talk-show, by keyboard: focus goes back to its button, and the post is a plain one.
      shadow<HTMLButtonElement>(h.el, '[part="remove"]').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => !el.shadowRoot!.querySelector('eco-talk-show-editor'), 'editor removed');
      expect(el.shadowRoot!.activeElement).to.equal(shadow(el, '[part="add-talk-show"]'));
      const events = spyEvents(el, 'eco-publish');
      shadow<HTMLButtonElement>(el, '[part="publish"]').click();
      await until(() => events.length === 1, 'published');
      expect(published()[0]!.body).to.deep.equal({ body: 'Plain post' });
    });

    it('removes a host with its button, focus staying in the hosts', async () => {
      const el = await composer();
      const h = await open(el);
      await addHost(h, 'Pri', 'Priya Raman');
      shadow<HTMLButtonElement>(h.el, '#host-0').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => h.hosts.length === 1, 'host removed');
      expect(h.hosts).to.deep.equal(['Priya Raman']);
      expect(h.active).to.equal(shadow(h.el, '#host-0'));
      expect(shadow(h.el, '#host-0').getAttribute('aria-label')).to.equal('Remove Priya Raman as host');
    });
  });

  it('is translated (fr)', async () => {
    const el = await composer('fr');
    await until(() => textOf(shadow(el, '[part="add-talk-show"]')) === 'Programmer un talk-show', 'French button');
    const h = await open(el);
    await until(() => textOf(shadow(h.el, '[part="remove"]')) === 'Retirer le talk-show', 'French editor');
    expect(shadow(h.el, 'label[for="title"]').textContent).to.equal('Titre');
  });
});
