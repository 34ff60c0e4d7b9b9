import { expect, fixture, html } from '@open-wc/testing';
import './comments.js';
import type { EcoComments } from './comments.component.js';
import { createClient, MemoryTransport, MemoryWorld, type EcotoneClient } from '@ecotone/core';
import { bob, me, seed, until } from '../_test-fixtures.js';
import { CommentsHarness } from './_harness.js';
import { expectAccessible } from '../_test-a11y.js';

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}

/** Whether the page's IndexedDB holds the saved first page of the thread of `postId`. */
async function threadSaved(postId: string): Promise<boolean> {
  // Opening a database that does not exist would create it empty, at the version the client expects.
  if (!(await indexedDB.databases()).some((d) => d.name === 'ecotone-cache')) return false;
  const request = indexedDB.open('ecotone-cache');
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains('records')) return false;
    const all = db.transaction('records').objectStore('records').getAll();
    const records = await new Promise<{ kind: string; id: string }[]>((resolve) => (all.onsuccess = () => resolve(all.result)));
    return records.some((r) => r.kind === 'comments' && r.id === postId);
  } finally {
    db.close();
  }
}

async function untilAsync(check: () => Promise<boolean>, message: string, timeoutMs = 15_000): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

describe('eco-comments with the read cache', () => {
  let clients: EcotoneClient[] = [];
  beforeEach(() => deleteDatabase('ecotone-cache'));
  afterEach(async () => {
    for (const c of clients) c.close();
    clients = [];
    await deleteDatabase('ecotone-cache');
  });

  function client(world: MemoryWorld, transport = new MemoryTransport(world, me.actor)): EcotoneClient {
    const c = createClient({ transport, offline: true, locale: 'en' });
    clients.push(c);
    return c;
  }

  it('shows the saved thread while offline, says so politely, and clears the notice once updated', async () => {
    const world = new MemoryWorld(seed());
    world.commentAsOther('p1', bob, 'Saved words');
    const first = client(world);
    await first.me();
    const before = await fixture<EcoComments>(html`<eco-comments .client=${first} post="p1" lang="en"></eco-comments>`);
    await until(() => new CommentsHarness(before).comments.length === 1, 'first visit');
    await untilAsync(() => threadSaved('p1'), 'thread saved');
    before.remove();

    const transport = new MemoryTransport(world, me.actor);
    transport.failNext('network', 1, { match: (req) => req.path.includes('/comments') });
    const el = await fixture<EcoComments>(html`<eco-comments .client=${client(world, transport)} post="p1" lang="en"></eco-comments>`);
    const h = new CommentsHarness(el);
    const notice = () => el.shadowRoot!.querySelector('[part="saved-copy"]');
    await until(() => notice()?.textContent?.trim() === 'Saved copy — you are offline.', 'offline notice');
    expect(notice()!.getAttribute('role')).to.equal('status');
    expect(h.bodies).to.deep.equal(['Saved words']);
    await expectAccessible(el);

    await clients.at(-1)!.comments('p1').refresh();
    await until(() => notice()?.textContent?.trim() === '', 'notice cleared');
    expect(h.bodies).to.deep.equal(['Saved words']);
  });
});
