import { expect, fixture, html } from '@open-wc/testing';
import { openDB } from 'idb';
import './feed.js';
import type { EcoFeed } from './feed.component.js';
import type { EcoPost } from '../post/post.component.js';
import { createClient, MemoryTransport, MemoryWorld, type EcotoneClient } from '@ecotone/core';
import { makePost, me, seed, until, localeLoaded } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/** Hides the feed's shadow structure from the tests. */
class CachedFeedHarness {
  constructor(readonly el: EcoFeed) {}
  get postIds(): string[] {
    return [...this.el.shadowRoot!.querySelectorAll<EcoPost>('[role="feed"] > eco-post')].map((p) => p.currentPost?.id ?? '');
  }
  get savedCopy(): HTMLElement {
    return this.el.shadowRoot!.querySelector<HTMLElement>('[part="saved-copy"]')!;
  }
  get savedCopyText(): string {
    return this.savedCopy.querySelector('span')?.textContent?.trim() ?? '';
  }
  get retry(): HTMLButtonElement | null {
    return this.savedCopy.querySelector<HTMLButtonElement>('[part="retry"]');
  }
}

/** Waits until an async check holds (polling every frame), or throws after a generous limit. */
async function untilAsync(check: () => Promise<boolean>, message: string, timeoutMs = 15_000): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Whether the real IndexedDB of the page holds the saved first page of `feed`. */
async function feedSaved(feed: string): Promise<boolean> {
  // Opening a database that does not exist would create it empty, at the version the client expects.
  if (!(await indexedDB.databases()).some((d) => d.name === 'ecotone-cache')) return false;
  const db = await openDB('ecotone-cache');
  try {
    if (!db.objectStoreNames.contains('records')) return false;
    const records = (await db.getAll('records')) as { kind: string; id: string }[];
    return records.some((r) => r.kind === 'feed' && r.id === feed);
  } finally {
    db.close();
  }
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}

describe('eco-feed with the read cache', () => {
  let clients: EcotoneClient[] = [];
  let world: MemoryWorld;

  function client(transport: MemoryTransport): EcotoneClient {
    const c = createClient({ transport, offline: true, locale: 'en' });
    clients.push(c);
    return c;
  }

  /** A first visit: the feed shown fresh, then saved on the device. */
  async function firstVisit(): Promise<void> {
    world = new MemoryWorld(seed());
    const first = client(new MemoryTransport(world, me.actor));
    const el = await fixture<EcoFeed>(html`<eco-feed .client=${first} space="news" lang="en" manual-load></eco-feed>`);
    await until(() => new CachedFeedHarness(el).postIds.length === 3, 'first visit posts');
    await untilAsync(() => feedSaved('news'), 'the feed saved in IndexedDB');
    el.remove();
    first.close();
  }

  beforeEach(() => deleteDatabase('ecotone-cache'));
  afterEach(async () => {
    for (const c of clients) c.close();
    clients = [];
    await deleteDatabase('ecotone-cache');
  });

  it('paints the saved copy before the server answers, says so politely, then shows fresh posts', async () => {
    await firstVisit();
    world.addPost(makePost(4));
    const transport = new MemoryTransport(world, me.actor);
    const release = transport.hold();
    const el = await fixture<EcoFeed>(html`<eco-feed .client=${client(transport)} space="news" lang="en" manual-load></eco-feed>`);
    const h = new CachedFeedHarness(el);
    await until(() => h.postIds.length === 3, 'the saved copy');
    expect(h.postIds).to.have.members(['p1', 'p2', 'p3']);
    expect(el.state?.fromCache).to.equal('revalidating');
    expect(h.savedCopy.getAttribute('role')).to.equal('status');
    expect(h.savedCopyText).to.equal('Saved copy — updating…');
    await expectAccessible(el);

    release();
    await until(() => h.postIds.length === 4, 'fresh posts');
    await until(() => h.savedCopyText === '', 'the saved-copy notice cleared');
    expect(el.state?.fromCache).to.equal(undefined);
    expect(h.postIds).to.include('p4');
  });

  it('says the copy could not be updated while offline, in French, and retries', async () => {
    await firstVisit();
    const transport = new MemoryTransport(world, me.actor);
    transport.failNext('network', 1, { match: (req) => req.path.includes('/feed') });
    const c = client(transport);
    const el = await fixture<EcoFeed>(html`<eco-feed .client=${c} space="news" lang="fr" manual-load></eco-feed>`);
    await localeLoaded(c, el, 'fr');
    const h = new CachedFeedHarness(el);
    await until(() => el.state?.fromCache === 'offline', 'offline state');
    await until(() => h.savedCopyText.startsWith('Copie enregistrée — vous êtes hors ligne'), 'French notice');
    // The saved posts render a slice at a time: all three, once the busy browser gets to them.
    await until(() => h.postIds.length === 3, 'the saved copy’s three posts');
    // The load error is told by the notice, not as a failed "load more".
    expect(el.shadowRoot!.querySelector('[part="footer"] [part="error"]')).to.equal(null);
    await expectAccessible(el);

    h.retry!.click();
    await until(() => h.savedCopyText === '' && el.state?.fromCache === undefined, 'fresh after retry');
    await el.updateComplete;
    expect(h.postIds).to.have.length(3);
  });
});
