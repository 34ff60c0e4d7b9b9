import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { openDB } from 'idb';
import { createClient, MemoryTransport, MemoryWorld, type EcotoneClient } from '@ecotone/core';
import './composer.js';
import type { EcoComposer } from './composer.component.js';
import { bob, me, seed, shadow, until } from '../_test-fixtures.js';

/** Drafts saved in the page's real IndexedDB (`ecotone-drafts`). */
async function savedDrafts(): Promise<{ key: string; value: { body: string } }[]> {
  // Opening a database that does not exist would create it empty, at the version the client expects.
  if (!(await indexedDB.databases()).some((d) => d.name === 'ecotone-drafts')) return [];
  const db = await openDB('ecotone-drafts');
  try {
    return db.objectStoreNames.contains('drafts') ? await db.getAll('drafts') : [];
  } finally {
    db.close();
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

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}

describe('eco-composer drafts', () => {
  let clients: EcotoneClient[] = [];
  let world: MemoryWorld;

  /** A new client, as after a reload (offline-capable: drafts go to IndexedDB). */
  function client(person = me.actor): EcotoneClient {
    const c = createClient({ transport: new MemoryTransport(world, person), offline: true, locale: 'en' });
    clients.push(c);
    return c;
  }

  async function composer(c: EcotoneClient, space = 'news'): Promise<EcoComposer> {
    return fixture<EcoComposer>(html`<eco-composer .client=${c} space=${space} lang="en"></eco-composer>`);
  }

  const textarea = (el: EcoComposer) => shadow<HTMLTextAreaElement>(el, 'textarea');

  beforeEach(async () => {
    await deleteDatabase('ecotone-drafts');
    world = new MemoryWorld(seed());
  });
  afterEach(async () => {
    for (const c of clients) c.close();
    clients = [];
    await deleteDatabase('ecotone-drafts');
  });

  it('keeps what was typed across a re-created element and a new client, then forgets it once published', async () => {
    const first = await composer(client());
    textarea(first).focus();
    await sendKeys({ type: 'Half-written news' });
    // Saved as the person types (debounced), without leaving the page.
    await untilAsync(async () => (await savedDrafts()).some((d) => d.value.body === 'Half-written news'), 'draft saved');
    first.remove();

    const second = await composer(client());
    await until(() => textarea(second).value === 'Half-written news', 'draft restored');
    expect(second.value).to.equal('Half-written news');

    await second.publish();
    await untilAsync(async () => (await savedDrafts()).length === 0, 'draft forgotten after publishing');
    second.remove();
    const third = await composer(client());
    await third.updateComplete;
    // Nothing comes back: wait for the restore to have answered (the drafts module loaded), then check.
    await clients.at(-1)!.loadDraft('composer:news');
    await third.updateComplete;
    expect(textarea(third).value).to.equal('');
  });

  it('saves the draft of an element removed before the pause', async () => {
    const el = await composer(client());
    textarea(el).focus();
    await sendKeys({ type: 'Quick' });
    el.remove();
    await untilAsync(async () => (await savedDrafts()).some((d) => d.value.body === 'Quick'), 'draft saved on removal');
  });

  it('keeps drafts per person and per space', async () => {
    const ana = await composer(client());
    textarea(ana).focus();
    await sendKeys({ type: 'Ana writes' });
    ana.remove();
    await untilAsync(async () => (await savedDrafts()).length === 1, 'draft saved');

    const other = client(bob);
    const bobs = await composer(other);
    await other.loadDraft('composer:news');
    await bobs.updateComplete;
    expect(textarea(bobs).value).to.equal('');

    const elsewhere = await composer(client(), 'board');
    await clients.at(-1)!.loadDraft('composer:board');
    await elsewhere.updateComplete;
    expect(textarea(elsewhere).value).to.equal('');
  });

  it('is not restored over a value the page set', async () => {
    const el = await composer(client());
    textarea(el).focus();
    await sendKeys({ type: 'Typed' });
    el.remove();
    await untilAsync(async () => (await savedDrafts()).length === 1, 'draft saved');
    const c = client();
    const prefilled = await fixture<EcoComposer>(html`<eco-composer .client=${c} space="news" lang="en" value="From the page"></eco-composer>`);
    await c.loadDraft('composer:news');
    await prefilled.updateComplete;
    expect(textarea(prefilled).value).to.equal('From the page');
  });
});
