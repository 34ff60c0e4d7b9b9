import { expect, fixture, html } from '@open-wc/testing';
import { NEVER, of } from 'rxjs';
import './watch-item.js';
import './watch-sources.js';
import '../post/post.js';
import { AccessError, createClient, type EcotoneClient, type Transport, type TransportRequest } from '@ecotone/core';
import type { Post, WatchSourceList } from '@ecotone/protocol';
import type { EcoWatchItem } from './watch-item.component.js';
import type { EcoWatchSources } from './watch-sources.component.js';
import type { EcoPost } from '../post/post.component.js';
import { backend, bob, localeLoaded, makePost, me as fixtureMe, textOf, until } from '../_test-fixtures.js';

const meOf = () => structuredClone(fixtureMe);
import { expectAccessible } from '../_test-a11y.js';

const watchPost = (overrides: Partial<NonNullable<Post['watch']>> = {}): Post =>
  makePost(7, {
    kind: 'watch',
    author: bob,
    body: '[Rust 2.0 released](https://blog.example/rust-2)\n\nNow stable.\n\n— Rust Blog',
    watch: {
      title: 'Rust 2.0 released',
      summary: 'Now stable.',
      link: 'https://blog.example/rust-2',
      publishedAt: '2026-11-26T10:00:00.000Z',
      source: { title: 'Rust Blog', url: 'https://blog.example/feed.xml' },
      triage: 'new',
      mayTriage: true,
      ...overrides,
    },
  });

/** A transport that answers with `answer(req)` and keeps what it was asked. */
function recording(answer: (req: TransportRequest) => unknown): { client: EcotoneClient; requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  const transport: Transport = {
    request: async <T,>(req: TransportRequest) => {
      requests.push(req);
      const value = answer(req);
      if (value instanceof Error) throw value;
      return value as T;
    },
    events$: NEVER,
    status$: of('connected' as const),
    close: () => {},
  };
  return { client: createClient({ transport, locale: 'en' }), requests };
}

const $ = <E extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<E>(selector);
const buttons = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="actions"] button')];

describe('eco-watch-item', () => {
  it('shows the title as a link to the item (new tab), the source, the date and the summary; no triage for readers', async () => {
    const { client } = recording(() => undefined);
    const el = await fixture<EcoWatchItem>(html`<eco-watch-item .client=${client} .post=${watchPost({ mayTriage: false })}></eco-watch-item>`);
    const link = $<HTMLAnchorElement>(el, '[part="title"] a')!;
    expect(link.href).to.equal('https://blog.example/rust-2');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.contain('noopener');
    expect(textOf($(el, '[part="meta"]')!)).to.contain('From Rust Blog');
    expect($(el, '[part="meta"] time')!.getAttribute('datetime')).to.equal('2026-11-26T10:00:00.000Z');
    expect(textOf($(el, '[part="summary"]')!)).to.equal('Now stable.');
    expect($(el, '[part="actions"]')).to.equal(null);
    await expectAccessible(el);
  });

  it('triages for those who may: Dismiss sends the action and shows the state the server answers', async () => {
    const { client, requests } = recording((req) => (req.path.endsWith('/watch/triage') ? watchPost({ triage: 'dismissed' }) : undefined));
    const el = await fixture<EcoWatchItem>(html`<eco-watch-item .client=${client} .post=${watchPost()}></eco-watch-item>`);
    expect(buttons(el).map((b) => b.textContent!.trim())).to.deep.equal(['Dismiss', 'Discuss', 'Promote to a note']);
    const triaged = new Promise<CustomEvent>((resolve) => el.addEventListener('eco-watch-triaged', (e) => resolve(e as CustomEvent), { once: true }));
    buttons(el)[0]!.click();
    await triaged;
    await el.updateComplete;
    expect(requests.map((r) => [r.method, r.path, r.body])).to.deep.equal([['POST', '/api/v1/posts/p7/watch/triage', { action: 'dismiss' }]]);
    expect(textOf($(el, '[part="triage-state"]')!)).to.equal('Dismissed');
    expect(buttons(el).map((b) => b.textContent!.trim())).to.deep.equal(['Discuss', 'Reopen', 'Promote to a note']);
    await expectAccessible(el);
  });

  it('says why a triage failed', async () => {
    const { client } = recording(() => new AccessError('forbidden', 'no', { status: 403 }));
    const el = await fixture<EcoWatchItem>(html`<eco-watch-item .client=${client} .post=${watchPost()}></eco-watch-item>`);
    buttons(el)[1]!.click();
    await until(() => $(el, '[part="message"]'), 'error message');
    expect(textOf($(el, '[part="message"]')!)).to.contain('could not be triaged');
  });

  it('is shown by <eco-post> for a watch post from an in-process transport, in the reader’s language', async () => {
    const b = backend([watchPost()]);
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} post-id="p7" lang="fr"></eco-post>`);
    await localeLoaded(b.client, el, 'fr');
    const item = await until(() => $<EcoWatchItem>(el, 'eco-watch-item'), 'the watch item element');
    await until(() => item.shadowRoot?.querySelector('[part="title"] a'), 'its title');
    await localeLoaded(b.client, item, 'fr');
    expect(textOf(item.shadowRoot!.querySelector('[part="meta"]')!)).to.contain('Source : Rust Blog');
    expect(textOf(item.shadowRoot!.querySelector('[part="actions"]')!)).to.contain('Écarter');
  });
});

describe('eco-watch-sources', () => {
  const LIST: WatchSourceList = {
    mayManage: true,
    items: [
      {
        id: 's1', spaceId: 'news', url: 'https://blog.example/feed.xml', title: 'Rust Blog', addedBy: bob, createdAt: '2026-11-20T09:00:00.000Z',
        lastSuccessAt: '2026-11-26T09:00:00.000Z', nextFetchAt: '2026-11-26T09:30:00.000Z',
      },
      {
        id: 's2', spaceId: 'news', url: 'https://down.example/rss', title: 'Down', addedBy: bob, createdAt: '2026-11-21T09:00:00.000Z',
        lastError: { at: '2026-11-26T09:00:00.000Z', code: 'unreachable' }, nextFetchAt: '2026-11-26T10:00:00.000Z',
      },
    ],
  };

  it('lists the sources with their fetch state; owners add one by its address and remove one', async () => {
    const { client, requests } = recording((req) => (req.method === 'GET' ? LIST : req.method === 'POST' ? LIST.items[0] : undefined));
    const el = await fixture<EcoWatchSources>(html`<eco-watch-sources .client=${client} space="news"></eco-watch-sources>`);
    await until(() => $(el, '[part="sources"]'), 'the list');
    const sources = [...el.shadowRoot!.querySelectorAll('[part="source"]')];
    expect(sources.map((s) => s.querySelector('.title')!.textContent)).to.deep.equal(['Rust Blog', 'Down']);
    expect(textOf(sources[1]!.querySelector('[part="fetch-state"]')!)).to.contain('unreachable');
    const input = $<HTMLInputElement>(el, '[part="add"] input')!;
    input.value = 'https://web.example/atom.xml';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    $<HTMLFormElement>(el, '[part="add"]')!.requestSubmit();
    await until(() => requests.some((r) => r.method === 'POST'), 'the add request', 4000);
    expect(requests.find((r) => r.method === 'POST')!.body).to.deep.equal({ url: 'https://web.example/atom.xml' });
    await until(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="remove"]:not([disabled])'), 'Remove enabled', 4000).then((b) => b.click());
    await until(() => requests.some((r) => r.method === 'DELETE'), 'the remove request', 4000);
    expect(requests.find((r) => r.method === 'DELETE')!.path).to.equal('/api/v1/watch/sources/s1');
    await expectAccessible(el);
  });

  it('offers members no change, only the list and the export', async () => {
    const { client } = recording(() => ({ ...LIST, mayManage: false }));
    const el = await fixture<EcoWatchSources>(html`<eco-watch-sources .client=${client} space="news"></eco-watch-sources>`);
    await until(() => $(el, '[part="sources"]'), 'the list');
    expect($(el, '[part="add"]')).to.equal(null);
    expect($(el, '[part="remove"]')).to.equal(null);
    expect($(el, '[part="import"]')).to.equal(null);
    expect($(el, '[part="export"]')).not.to.equal(null);
  });

  it('explains that the feature is unavailable when the server fetches nothing, in German', async () => {
    const { client } = recording(() => new AccessError('watch_unavailable', 'off', { status: 403 }));
    const el = await fixture<EcoWatchSources>(html`<eco-watch-sources .client=${client} space="news" lang="de"></eco-watch-sources>`);
    await localeLoaded(client, el, 'de');
    await until(() => $(el, '[part="unavailable"]'), 'the explanation');
    expect(textOf($(el, '[part="unavailable"]')!)).to.contain('nicht verfügbar');
    await expectAccessible(el);
  });

  it('does not even ask for the list when the server says it fetches nothing (Me.capabilities)', async () => {
    const { client, requests } = recording((req) => (req.path === '/api/v1/me' ? { ...meOf(), capabilities: { previews: false } } : LIST));
    const el = await fixture<EcoWatchSources>(html`<eco-watch-sources .client=${client} space="news"></eco-watch-sources>`);
    await until(() => $(el, '[part="unavailable"]'), 'the explanation');
    expect(requests.map((r) => r.path)).to.deep.equal(['/api/v1/me']);
  });

  it('is unavailable over an in-process transport, which fetches nothing', async () => {
    const b = backend([]);
    const el = await fixture<EcoWatchSources>(html`<eco-watch-sources .client=${b.client} space="news"></eco-watch-sources>`);
    await until(() => $(el, '[part="unavailable"]'), 'the explanation');
  });

  it('shows a load failure with Retry', async () => {
    let fail = true;
    const { client } = recording(() => (fail ? new AccessError('forbidden', 'no', { status: 500 }) : LIST));
    const el = await fixture<EcoWatchSources>(html`<eco-watch-sources .client=${client} space="news"></eco-watch-sources>`);
    const retry = await until(() => el.shadowRoot!.querySelector<HTMLButtonElement>('.error button'), 'Retry');
    fail = false;
    retry.click();
    await until(() => $(el, '[part="sources"]'), 'the list');
  });
});
