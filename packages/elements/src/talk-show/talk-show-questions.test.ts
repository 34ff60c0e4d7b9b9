import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './talk-show-questions.js';
import '../post/post.js';
import { clientTalkShows, createClient, formatDateTime, MemoryTransport, type EcotoneClient } from '@ecotone/core';
import { publishPath, questionsPath, type Post } from '@ecotone/protocol';
import type { EcoTalkShowQuestions } from './talk-show-questions.component.js';
import type { EcoPost } from '../post/post.component.js';
import type { EcoTalkShowSession } from './talk-show-session.component.js';
import { backend, bob, localeLoaded, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const HOUR_MS = 3_600_000;

/** Alice (a member of `news`) and Bob, each with a client of their own on one world; a talk-show hosted by `hosts`. */
async function world(hosts: string[] = ['alice'], extra: Partial<Post['talkShow']> = {}) {
  const b: TestBackend = backend([]);
  b.transport.addMember('news', { actor: bob, role: 'member', since: '2026-01-01T00:00:00.000Z' });
  const bobTransport = new MemoryTransport(b.transport.world, bob);
  const bobClient = createClient({ transport: bobTransport, locale: 'en' });
  const post = await b.transport.request<Post>({
    method: 'POST',
    path: publishPath('news'),
    body: {
      body: 'Bring your questions',
      kind: 'talk_show',
      talkShow: { title: 'Ask the CFO', hosts, startsAt: new Date(Date.now() + 2 * HOUR_MS).toISOString(), ...extra },
    },
  });
  const bobPost = await bobTransport.request<Post>({ method: 'GET', path: `/api/v1/posts/${post.id}` });
  return { ...b, bobTransport, bobClient, post, bobPost };
}

async function queue(client: EcotoneClient, post: Post, lang = 'en') {
  const el = await fixture<EcoTalkShowQuestions>(html`<eco-talk-show-questions .client=${client} .post=${post} lang=${lang}></eco-talk-show-questions>`);
  await until(() => el.shadowRoot?.querySelector('section[aria-busy="false"]'), 'questions loaded');
  await localeLoaded(client, el, lang);
  return el;
}

const $ = <E extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<E>(selector);
/** In the session shown by a post (`<eco-talk-show-session>`, loaded with the queue). */
const inSession = <E extends Element = HTMLElement>(el: Element, selector: string) => $(el, 'eco-talk-show-session')?.shadowRoot?.querySelector<E>(selector) ?? null;
const $$ = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const questionsOf = (el: Element) => $$(el, '[part="question"]').map((q) => q.querySelector('.body')!.textContent);
const questionNamed = (el: Element, body: string) => $$(el, '[part="question"]').find((q) => q.querySelector('.body')?.textContent === body);
const voteOf = (el: Element, body: string) => questionNamed(el, body)?.querySelector<HTMLButtonElement>('[part="vote"]');

async function type(el: EcoTalkShowQuestions, text: string) {
  const input = $<HTMLTextAreaElement>(el, 'textarea')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

describe('eco-talk-show-questions', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => {
    w.client.close();
    w.bobClient.close();
  });

  it('is accessible, empty and with questions', async () => {
    const el = await queue(w.client, w.post);
    expect(textOf(el)).to.include('No questions yet');
    await expectAccessible(el);
    await clientTalkShows(w.bobClient).ask(w.post.id, 'What about the budget?');
    await until(() => questionsOf(el).length === 1, 'the question arrives');
    await expectAccessible(el);
  });

  it('asks a question: a labelled box with its character count, pending while sent, then in the queue', async () => {
    const el = await queue(w.client, w.post);
    const input = $<HTMLTextAreaElement>(el, 'textarea')!;
    expect($(el, `label[for="${input.id}"]`)?.textContent).to.equal('Ask a question');
    expect($<HTMLButtonElement>(el, '[part="send"]')!.disabled).to.equal(true);
    await type(el, 'Will we hire in Lyon?');
    expect($(el, '[part="count"]')!.textContent).to.equal('21 of 500 characters');
    const release = w.transport.hold();
    $<HTMLButtonElement>(el, '[part="send"]')!.click();
    await until(() => $(el, '[part="send"]')?.getAttribute('aria-busy') === 'true', 'pending');
    expect($(el, '[part="send"]')!.textContent!.trim()).to.equal('Sending…');
    release();
    await until(() => questionsOf(el).includes('Will we hire in Lyon?'), 'asked');
    expect(input.value).to.equal('');
    expect($(el, '[role="status"]')!.textContent).to.equal('Your question was sent.');
  });

  it('keeps the question and offers Retry when asking fails', async () => {
    const el = await queue(w.client, w.post);
    const errors = spyEvents(el, 'eco-error');
    await type(el, 'Lost on the way?');
    w.transport.failNext('internal', 1, { match: (r) => r.method === 'POST' && r.path === questionsPath(w.post.id) });
    $<HTMLButtonElement>(el, '[part="send"]')!.click();
    const alert = await until(() => $(el, '.ask [role="alert"]'), 'error shown');
    expect(alert.textContent).to.include('Your question was not sent.');
    expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Lost on the way?');
    expect(errors.map((e) => e.detail.action)).to.deep.equal(['ask-question']);
    alert.querySelector('button')!.click();
    await until(() => questionsOf(el).includes('Lost on the way?'), 'sent on retry');
    expect($(el, '.ask [role="alert"]')).to.equal(null);
  });

  it('sends with Ctrl+Enter from the box', async () => {
    const el = await queue(w.client, w.post);
    $<HTMLTextAreaElement>(el, 'textarea')!.focus();
    await sendKeys({ type: 'Keyboard question' });
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    await until(() => questionsOf(el).includes('Keyboard question'), 'sent by keyboard');
  });

  it('shows others’ questions live, and announces them', async () => {
    const el = await queue(w.client, w.post);
    await clientTalkShows(w.bobClient).ask(w.post.id, 'Remote days next year?');
    await until(() => questionsOf(el).includes('Remote days next year?'), 'live question');
    expect($(el, '[role="status"]')!.textContent).to.equal('Bob Keller asked: Remote days next year?');
  });

  it('up-votes at once (aria-pressed, count), once, and rolls back when the server refuses', async () => {
    await clientTalkShows(w.bobClient).ask(w.post.id, 'Vote for me');
    const el = await queue(w.client, w.post);
    const release = w.transport.hold();
    voteOf(el, 'Vote for me')!.click();
    await until(() => voteOf(el, 'Vote for me')?.getAttribute('aria-pressed') === 'true', 'optimistic vote');
    expect(voteOf(el, 'Vote for me')!.textContent).to.include('1');
    release();
    await until(() => voteOf(el, 'Vote for me')?.getAttribute('aria-busy') === 'false', 'vote settled');
    expect(voteOf(el, 'Vote for me')!.getAttribute('aria-label')).to.equal('Up-vote this question, 1 vote');
    // Taking it back, refused: the vote stays, with an error and a Retry.
    w.transport.failNext('conflict', 1, { match: (r) => r.method === 'DELETE' && r.path.endsWith('/vote') });
    voteOf(el, 'Vote for me')!.click();
    await until(() => $(el, 'section > [part="error"]'), 'vote error');
    expect(voteOf(el, 'Vote for me')!.getAttribute('aria-pressed')).to.equal('true');
    expect(voteOf(el, 'Vote for me')!.textContent).to.include('1');
    const requests = w.transport.requests.filter((r) => r.path.endsWith('/vote'));
    expect(requests.map((r) => r.method)).to.deep.equal(['PUT', 'DELETE']);
  });

  it('sorts by votes or newest (a toggle), and keeps answered questions apart', async () => {
    const first = await clientTalkShows(w.bobClient).ask(w.post.id, 'Older, popular');
    await clientTalkShows(w.bobClient).ask(w.post.id, 'Newer');
    await clientTalkShows(w.client).vote(first.id);
    const el = await queue(w.client, w.post);
    expect(questionsOf(el)).to.deep.equal(['Older, popular', 'Newer']);
    const [top, newest] = $$(el, '[part="order"] button');
    expect(top!.getAttribute('aria-pressed')).to.equal('true');
    newest!.click();
    await until(() => newest!.getAttribute('aria-pressed') === 'true' && questionsOf(el)[0] === 'Newer', 'newest first');
    // A host marks one answered: it moves to its own section, for everyone.
    const bobView = await queue(w.bobClient, w.bobPost);
    questionNamed(el, 'Older, popular')!.querySelector<HTMLButtonElement>('[part="action"]')!.click();
    await until(() => $(el, 'ol.answered')?.textContent?.includes('Older, popular'), 'answered section');
    await until(() => $(bobView, 'ol.answered')?.textContent?.includes('Older, popular'), 'answered, live for Bob');
    // Answered questions take no more votes: their count shows, without a button.
    expect(voteOf(el, 'Older, popular')).to.equal(null);
  });

  it('lets moderators hide and show again; others see the question go and come back, its author sees it marked', async () => {
    await clientTalkShows(w.bobClient).ask(w.post.id, 'Off topic');
    const carol = { id: 'carol', displayName: 'Carol Dupont', locale: 'en' as const };
    w.transport.addMember('news', { actor: carol, role: 'member', since: '2026-01-01T00:00:00.000Z' });
    const carolClient = createClient({ transport: new MemoryTransport(w.transport.world, carol), locale: 'en' });
    const host = await queue(w.client, w.post);
    const bobView = await queue(w.bobClient, w.bobPost);
    const carolView = await queue(carolClient, { ...w.bobPost });
    // Only moderators have the actions.
    expect($$(bobView, '[part="action"]')).to.have.length(0);
    const actions = questionNamed(host, 'Off topic')!.querySelectorAll<HTMLButtonElement>('[part="action"]');
    expect([...actions].map((b) => b.textContent)).to.deep.equal(['Mark answered', 'Hide']);
    actions[1]!.click();
    await until(() => !questionsOf(carolView).includes('Off topic'), 'gone for Carol');
    await until(() => questionNamed(bobView, 'Off topic')?.querySelector('[part="hidden"]'), 'marked for its author');
    expect(questionNamed(bobView, 'Off topic')!.querySelector('[part="hidden"]')!.textContent).to.include('only you and the moderators');
    const show = await until(() => questionNamed(host, 'Off topic')?.querySelector<HTMLButtonElement>('[part="action"]'), 'show again');
    expect(show.textContent).to.equal('Show again');
    show.click();
    await until(() => questionsOf(carolView).includes('Off topic'), 'back for Carol');
    carolClient.close();
  });

  it('shows a load error with Retry', async () => {
    w.transport.failNext('internal', 1, { match: (r) => r.method === 'GET' && r.path === questionsPath(w.post.id) });
    const el = await fixture<EcoTalkShowQuestions>(html`<eco-talk-show-questions .client=${w.client} .post=${w.post}></eco-talk-show-questions>`);
    const alert = await until(() => $(el, 'section > [part="error"]'), 'load error');
    expect(alert.textContent).to.include('The questions could not be loaded.');
    alert.querySelector('button')!.click();
    await until(() => textOf(el).includes('No questions yet'), 'loaded on retry');
  });

  it('speaks French and German', async () => {
    const fr = await queue(w.client, w.post, 'fr');
    expect($(fr, 'label')!.textContent).to.equal('Poser une question');
    const de = await queue(w.client, w.post, 'de');
    expect($(de, 'label')!.textContent).to.equal('Eine Frage stellen');
    expect($$(de, '[part="order"] button').map((b) => b.textContent!.trim())).to.deep.equal(['Meiste Stimmen', 'Neueste']);
  });
});

describe('eco-post with a talk-show', () => {
  let w: Awaited<ReturnType<typeof world>>;
  afterEach(() => {
    w.client.close();
    w.bobClient.close();
  });

  it('shows the title, hosts, start in the reader’s time zone, its state, and loads the question queue', async () => {
    w = await world(['alice', 'bob']);
    const el = await fixture<EcoPost>(html`<eco-post .client=${w.client} .post=${w.post}></eco-post>`);
    const show = await until(() => $(el, '[part="talk-show"]')?.shadowRoot?.querySelector('[part="base"]'), 'talk-show shown');
    const text = textOf(show);
    expect(text).to.include('Ask the CFO');
    expect(text).to.include('Hosted by Alice Martin and Bob Keller');
    expect(text).to.include(formatDateTime(new Date(w.post.talkShow!.startsAt), 'en', { dateStyle: 'full', timeStyle: 'short' }));
    expect(inSession(el, '[part~="talk-show-state"]')!.textContent).to.equal('Upcoming');
    expect($(el, '[part~="badge"]')!.textContent).to.equal('Talk-show');
    expect(inSession(el, '[part="stream"]')).to.equal(null);
    await until(() => $(el, 'eco-talk-show-questions'), 'question queue loaded lazily');
    await expectAccessible(el);
  });

  it('shows an http(s) stream link as a plain link, and never another scheme', async () => {
    w = await world();
    const live = { ...w.post, talkShow: { ...w.post.talkShow!, startsAt: new Date(Date.now() - 10 * 60_000).toISOString(), streamUrl: 'https://stream.corp.example/live' } };
    const el = await fixture<EcoPost>(html`<eco-post .client=${w.client} .post=${live}></eco-post>`);
    const link = await until(() => inSession<HTMLAnchorElement>(el, '[part="stream"]'), 'stream link');
    expect(link.href).to.equal('https://stream.corp.example/live');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(inSession(el, '[part~="talk-show-state"]')!.textContent).to.equal('Live now');
    expect($(el, 'iframe, embed, object, video')).to.equal(null);
    el.post = { ...live, talkShow: { ...live.talkShow, streamUrl: 'javascript:alert(1)' } };
    await el.updateComplete;
    await $<EcoTalkShowSession>(el, 'eco-talk-show-session')!.updateComplete;
    expect(inSession(el, '[part="stream"]')).to.equal(null);
    expect(textOf(el)).to.not.include('javascript');
  });
});

describe('eco-talk-show-session after the session', () => {
  let w: Awaited<ReturnType<typeof world>>;
  afterEach(() => {
    w.client.close();
    w.bobClient.close();
  });

  const ended = { startsAt: new Date(Date.now() - 3 * HOUR_MS).toISOString(), durationMinutes: 60 };
  const pdf = (name: string) => new File([new Uint8Array(3000)], name, { type: 'application/pdf' });

  async function session(client: EcotoneClient, post: Post) {
    const el = await fixture<EcoPost>(html`<eco-post .client=${client} .post=${post}></eco-post>`);
    const shown = await until(() => $<EcoTalkShowSession>(el, 'eco-talk-show-session'), 'the session');
    await until(() => inSession(el, '[part="base"]'), 'its box');
    return { el, shown };
  }

  /** Chooses files with the recording box's file input, as the file dialog would. */
  async function choose(shown: EcoTalkShowSession, ...files: File[]) {
    const input = shown.shadowRoot!.querySelector<HTMLInputElement>('[part="recording"] input[type="file"]')!;
    const data = new DataTransfer();
    for (const f of files) data.items.add(f);
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => shown.shadowRoot!.querySelectorAll('[part="attachment"]').length === files.length, 'the list of files');
  }

  it('lets the author add the recording once the session is over, as the post’s edit, and nobody else', async () => {
    w = await world(['alice', 'bob'], ended);
    const edits: unknown[] = [];
    const request = w.transport.request.bind(w.transport);
    w.transport.request = ((r: Parameters<typeof request>[0]) => {
      if (r.method === 'PATCH') edits.push(structuredClone(r.body));
      return request(r);
    }) as typeof w.transport.request;
    const { el, shown } = await session(w.client, w.post);
    const attach = await until(() => shown.shadowRoot!.querySelector<HTMLButtonElement>('[part="recording"] [part="attach"]'), '"Attach files"');
    expect(textOf(shown.shadowRoot!.querySelector('[part="recording"]')!)).to.include('The session is over: add its recording and captions to this post.');
    expect(attach.textContent!.trim()).to.equal('Attach files');
    await choose(shown, pdf('slides.pdf'));
    const add = await until(() => {
      const button = shown.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-recording"]');
      return button && !button.disabled ? button : undefined;
    }, '"Add to the post", once uploaded');
    await expectAccessible(el);
    add.click();
    await until(() => textOf(shown.shadowRoot!.querySelector('[part="recording"]')!).includes('Added to the post.'), 'added');
    expect(shown.shadowRoot!.querySelectorAll('[part="attachment"]')).to.have.length(0);
    expect(edits).to.have.length(1);
    expect((edits[0] as { attach: { file: string }[] }).attach).to.have.length(1);
    const stored = await w.transport.request<Post>({ method: 'GET', path: `/api/v1/posts/${w.post.id}` });
    expect(stored.attachments?.map((a) => a.name)).to.deep.equal(['slides.pdf']);

    // Bob, a host but not the author, may not change the post: no box for him.
    const bobs = await session(w.bobClient, w.bobPost);
    await bobs.shown.updateComplete;
    expect(bobs.shown.shadowRoot!.querySelector('[part="recording"]')).to.equal(null);
  });

  it('offers nothing before the session has ended', async () => {
    w = await world(['alice']);
    const { shown } = await session(w.client, w.post);
    await shown.updateComplete;
    expect(textOf(shown.shadowRoot!)).to.include('Upcoming');
    expect(shown.shadowRoot!.querySelector('[part="recording"]')).to.equal(null);
  });

  it('keeps the files and says why when the server refuses them', async () => {
    w = await world(['alice'], ended);
    const request = w.transport.request.bind(w.transport);
    let refuse = true;
    w.transport.request = ((r: Parameters<typeof request>[0]) => {
      if (r.method === 'PATCH' && refuse) {
        refuse = false;
        return Promise.reject(Object.assign(new Error('The request is not valid'), { code: 'validation_failed', status: 400 }));
      }
      return request(r);
    }) as typeof w.transport.request;
    const errors = spyEvents(document, 'eco-error');
    const { shown } = await session(w.client, w.post);
    await until(() => shown.shadowRoot!.querySelector('[part="recording"] [part="attach"]'), '"Attach files"');
    await choose(shown, pdf('recording-notes.pdf'));
    const add = await until(() => {
      const button = shown.shadowRoot!.querySelector<HTMLButtonElement>('[part="add-recording"]');
      return button && !button.disabled ? button : undefined;
    }, '"Add to the post"');
    add.click();
    const message = await until(() => shown.shadowRoot!.querySelector('[part="recording"] [role="alert"]'), 'the refusal');
    expect(textOf(message)).to.match(/^The files were not added\. .* They are kept below\.$/);
    expect(shown.shadowRoot!.querySelectorAll('[part="attachment"]')).to.have.length(1);
    expect(errors.some((e) => e.detail.action === 'add-recording')).to.equal(true);
    // Again: added this time.
    add.click();
    await until(() => textOf(shown.shadowRoot!.querySelector('[part="recording"]')!).includes('Added to the post.'), 'added on the second try');
  });
});
