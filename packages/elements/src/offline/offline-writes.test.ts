/**
 * Writes made while the server cannot be reached, in real Chromium with its
 * IndexedDB: the composer lets go of a post the durable outbox keeps, the
 * feed shows it waiting, and a post the server refuses after it waited comes
 * back to the composer with Edit and Discard.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { createClient, MemoryTransport, type EcotoneClient } from '@ecotone/core';
import '../composer/composer.js';
import '../feed/feed.js';
import '../like-button/like-button.js';
import '../comments/comments.js';
import '../poll/poll.js';
import '../post/post.js';
import '../spaces/spaces.js';
import '../knowledge-note/knowledge-note.js';
import type { KnowledgeNote } from '@ecotone/protocol';
import type { EcoPoll } from '../poll/poll.component.js';
import type { EcoComments } from '../comments/comments.component.js';
import type { EcoLikeButton } from '../like-button/like-button.component.js';
import type { EcoComposer } from '../composer/composer.component.js';
import type { EcoFeed } from '../feed/feed.component.js';
import { alice, makePoll, makePost, seed, shadow, spyEvents, textOf, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const OUTBOX_DB = 'ecotone-outbox';

const NOTE: KnowledgeNote = {
  id: 'n1',
  spaceId: 'news',
  owner: alice,
  title: 'Network security',
  body: 'The quick brown fox',
  language: 'en',
  sources: [],
  tags: [],
  maturity: 'draft',
  reviewBy: '2027-03-03',
  promotedFrom: null,
  revision: 1,
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
  updatedBy: alice,
  canEdit: true,
};

function deleteOutbox(): Promise<void> {
  localStorage.removeItem('ecotone-outbox-waiting');
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(OUTBOX_DB);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

describe('offline writes (durable outbox)', function () {
  // A write waits out a retry delay (about a second) once the server is back.
  this.timeout(60_000);
  let transport: MemoryTransport;
  let client: EcotoneClient;
  /** While true, every request fails as if the server could not be reached. */
  let unreachable: boolean;

  beforeEach(async () => {
    await deleteOutbox();
    transport = new MemoryTransport(seed([]));
    unreachable = false;
    transport.failNext('network', Number.MAX_SAFE_INTEGER, { match: () => unreachable });
    client = createClient({ transport, locale: 'en', offline: true });
    await client.me();
  });

  afterEach(async () => {
    client.close();
    await deleteOutbox();
  });

  it('clears the composer once the post is stored, shows it waiting in the feed, and publishes it when the server is back', async () => {
    const feed = await fixture<EcoFeed>(html`<eco-feed .client=${client} space="news"></eco-feed>`);
    const composer = await fixture<EcoComposer>(html`<eco-composer .client=${client} space="news"></eco-composer>`);
    await until(() => feed.shadowRoot!.querySelector('[part="empty"]'), 'the empty feed');
    const published = spyEvents(composer, 'eco-publish');
    unreachable = true;
    const textarea = shadow<HTMLTextAreaElement>(composer, 'textarea');
    textarea.value = 'Written in the lift';
    textarea.dispatchEvent(new InputEvent('input'));
    await composer.publish();

    expect(textarea.value).to.equal('');
    expect(textOf(shadow(composer, '[part="queued"]'))).to.contain('will be sent when');
    const waiting = await until(() => feed.shadowRoot!.querySelector('[part="outgoing-post"]'), 'the waiting post in the feed');
    expect(textOf(waiting)).to.contain('Written in the lift');
    await until(() => textOf(waiting).includes('Will be sent when'), 'its status');
    await expectAccessible(feed);

    unreachable = false;
    window.dispatchEvent(new Event('online'));
    await until(() => published.length === 1, 'the post to be published', 60_000);
    expect(published[0]!.detail.post.body).to.equal('Written in the lift');
    await until(() => !feed.shadowRoot!.querySelector('[part="outgoing-post"]'), 'the waiting post to go');
    const page = await client.fetchFeedPage('news');
    expect(page.items.map((p) => p.body)).to.deep.equal(['Written in the lift']);
  });

  it('brings a post the server refused after it waited back to the composer, with Edit and Discard', async () => {
    const composer = await fixture<EcoComposer>(html`<eco-composer .client=${client} space="news"></eco-composer>`);
    unreachable = true;
    const textarea = shadow<HTMLTextAreaElement>(composer, 'textarea');
    textarea.value = 'Not for this space';
    textarea.dispatchEvent(new InputEvent('input'));
    await composer.publish();
    expect(textarea.value).to.equal('');

    // The server is back, and refuses it.
    transport.failNext('forbidden');
    unreachable = false;
    window.dispatchEvent(new Event('online'));
    const refused = await until(() => composer.shadowRoot!.querySelector('[part="refused"]'), 'the refusal', 60_000);
    expect(textOf(refused)).to.contain('Your post was not published.');
    expect(textOf(refused)).to.contain('Not for this space');
    await expectAccessible(composer);

    shadow<HTMLButtonElement>(composer, '[part="refused-edit"]').click();
    await until(() => textarea.value === 'Not for this space', 'the text back in the editor');
    await until(() => !composer.shadowRoot!.querySelector('[part="refused"]'), 'the refusal to go once edited');
    const writes = await new Promise<readonly unknown[]>((resolve) => {
      const s = client.pendingWrites$.subscribe((e) => {
        if (e.length === 0) {
          resolve(e);
          queueMicrotask(() => s.unsubscribe());
        }
      });
    });
    expect(writes).to.deep.equal([]);
  });

  /**
   * A write made while the server cannot be reached, then a reload (a new
   * client on the same IndexedDB) once it is back, refusing `refused` requests.
   */
  async function refusedAfterReload(write: (c: EcotoneClient) => Promise<unknown>, refused: (req: { method: string }) => boolean): Promise<void> {
    transport = new MemoryTransport({
      ...seed([makePost(1), makePost(2, { acknowledgement: { mine: false, count: 0 } })], [makePoll()]),
      spaces: [...seed().spaces, { id: 'club', name: 'Running club', description: 'Saturdays', visibility: 'open', locale: 'en', role: null, canPublish: false }],
    });
    transport.addNote(NOTE);
    let down = true;
    transport.failNext('network', Number.MAX_SAFE_INTEGER, { match: () => down });
    client.close();
    const first = createClient({ transport, locale: 'en', offline: true });
    down = false;
    await first.me();
    down = true;
    void write(first).catch(() => undefined);
    await new Promise<void>((resolve) => {
      const s = first.pendingWrites$.subscribe((e) => {
        // Tried, and waiting again: no attempt in flight when the page goes.
        if (e.length === 1 && e[0]!.attempts > 0 && e[0]!.status === 'queued') {
          resolve();
          queueMicrotask(() => s.unsubscribe());
        }
      });
    });
    first.close();
    down = false;
    transport.failNext('forbidden', 1, { match: refused });
    client = createClient({ transport, locale: 'en', offline: true });
  }

  it('shows a confirmation refused after a reload in its post, with Retry and Discard', async () => {
    await refusedAfterReload((c) => c.acknowledge('p2'), (req) => req.method === 'PUT');
    const el = await fixture(html`<eco-post .client=${client} post-id="p2"></eco-post>`);
    await until(() => el.shadowRoot!.querySelector('[part="discard"]'), 'the refusal');
    expect(textOf(shadow(el, '[part="error"]'))).to.contain('Your confirmation could not be sent.');
    shadow<HTMLButtonElement>(el, '[part="discard"]').click();
    await until(() => !el.shadowRoot!.querySelector('[part="discard"]'), 'the refusal to go');
  });

  it('shows a join refused after a reload with its space, with Retry and Discard', async () => {
    await refusedAfterReload((c) => c.joinSpace('club'), (req) => req.method === 'POST');
    const el = await fixture(html`<eco-spaces .client=${client}></eco-spaces>`);
    const refused = await until(() => el.shadowRoot!.querySelector('[data-space="club"] [part="error"]'), 'the refusal');
    expect(textOf(refused)).to.contain('Your request to join could not be sent.');
    await expectAccessible(el);
    (refused.querySelectorAll('button')[1] as HTMLButtonElement).click();
    await until(() => !el.shadowRoot!.querySelector('[data-space="club"] [part="error"]'), 'the refusal to go');
  });

  it('brings a note edit refused after a reload back to the editor, with Discard', async () => {
    await refusedAfterReload((c) => c.saveNote('n1', { title: 'Network security', body: 'Written offline', baseRevision: 1 }), (req) => req.method === 'PATCH');
    const el = await fixture(html`<eco-knowledge-note .client=${client} note="n1"></eco-knowledge-note>`);
    const refused = await until(
      () => [...el.shadowRoot!.querySelectorAll('[part="message"]')].find((m) => textOf(m).includes('could not be sent')),
      'the refusal',
    );
    await expectAccessible(el);
    (refused.querySelector('button') as HTMLButtonElement).click();
    await until(() => [...el.shadowRoot!.querySelectorAll('textarea')].some((t) => t.value === 'Written offline'), 'the text in the editor');
  });

  it('brings a comment refused after a reload back to its thread, with Edit and Discard', async () => {
    await refusedAfterReload((c) => c.comment('p1', { body: 'Sent from the tunnel' }), (req) => req.method === 'POST');
    const el = await fixture<EcoComments>(html`<eco-comments .client=${client} post="p1"></eco-comments>`);
    const refused = await until(() => el.shadowRoot!.querySelector('[part="refused"]'), 'the refusal');
    expect(textOf(refused)).to.contain('Your comment could not be sent.');
    expect(textOf(refused)).to.contain('Sent from the tunnel');
    await expectAccessible(el);
    (refused.querySelector('button') as HTMLButtonElement).click();
    await until(() => !el.shadowRoot!.querySelector('[part="refused"]'), 'the refusal to go');
    expect(shadow<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Sent from the tunnel');
  });

  it('shows a vote refused after a reload in its poll, with Retry and Discard', async () => {
    await refusedAfterReload((c) => c.vote('poll1', ['o1']), (req) => req.method === 'PUT');
    const el = await fixture<EcoPoll>(html`<eco-poll .client=${client} poll="poll1"></eco-poll>`);
    await until(() => el.shadowRoot!.querySelector('[part="message"]')?.textContent?.includes('Your vote could not be sent.'), 'the refusal');
    await expectAccessible(el);
    // Sent again, it goes through.
    shadow<HTMLButtonElement>(el, '[part="retry-vote"]').click();
    await until(() => !el.shadowRoot!.querySelector('[part="retry-vote"]') && el.currentPoll?.myBallot?.choices[0] === 'o1', 'the vote', 60_000);
  });

  it('shows a reaction refused after a reload in its like button, with Retry and Discard', async () => {
    // The page is reloaded; the server is back and refuses it.
    await refusedAfterReload((c) => c.react('p1', 'like'), (req) => req.method === 'PUT');
    const el = await fixture<EcoLikeButton>(html`<eco-like-button .client=${client} object="p1" kind="like"></eco-like-button>`);
    await until(() => textOf(shadow(el, '[part="error"]')).includes('could not be sent'), 'the refusal');
    await expectAccessible(el);
    shadow<HTMLButtonElement>(el, '[part="discard"]').click();
    await until(() => !el.shadowRoot!.querySelector('[part="discard"]'), 'the refusal to go');
    expect(textOf(shadow(el, '[part="error"]'))).to.equal('');
  });

  it('says a like waits to be sent while the server cannot be reached, then shows it sent', async () => {
    transport = new MemoryTransport(seed([makePost(1)]));
    unreachable = false;
    transport.failNext('network', Number.MAX_SAFE_INTEGER, { match: () => unreachable });
    client.close();
    client = createClient({ transport, locale: 'en', offline: true });
    await client.me();
    const el = await fixture<EcoLikeButton>(html`<eco-like-button .client=${client} object="p1" kind="like"></eco-like-button>`);
    await until(() => el.shadowRoot!.querySelector('[part="count"]'), 'the count');
    unreachable = true;
    shadow<HTMLButtonElement>(el, 'button').click();
    await until(() => textOf(shadow(el, '[part="error"]')) === 'Will be sent when you are back online.', 'the waiting note');
    expect(el.pressed).to.equal(true);
    unreachable = false;
    window.dispatchEvent(new Event('online'));
    await until(() => textOf(shadow(el, '[part="error"]')) === '' && el.pressed, 'the like sent', 60_000);
    const summary = await client.request<{ mine: string[] }>({ method: 'GET', path: '/api/v1/objects/p1/reactions' });
    expect(summary.mine).to.deep.equal(['like']);
  });

  it('discards a waiting post from the feed', async () => {
    const feed = await fixture<EcoFeed>(html`<eco-feed .client=${client} space="news"></eco-feed>`);
    unreachable = true;
    void client.publish('news', { body: 'Never mind' }).catch(() => undefined);
    const discard = await until(() => feed.shadowRoot!.querySelector<HTMLButtonElement>('[part="outgoing-discard"]'), 'the Discard button');
    expect(discard.getAttribute('aria-label')).to.equal('Discard this post before it is sent');
    discard.click();
    await until(() => !feed.shadowRoot!.querySelector('[part="outgoing-post"]'), 'the post to go');
    unreachable = false;
    window.dispatchEvent(new Event('online'));
    const page = await client.fetchFeedPage('news');
    expect(page.items).to.deep.equal([]);
  });
});
