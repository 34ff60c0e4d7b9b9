import { expect, fixture, html } from '@open-wc/testing';
import type { BehaviorSubject } from 'rxjs';
import './connection-status.js';
import type { EcoConnectionStatus } from './connection-status.component.js';
import { ConnectionStatusHarness } from './_harness.js';
import { backend, localeLoaded, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/** The read cache's switch, which the cache turns on when it is all the page has (internal to core). */
const cacheOnly = (b: TestBackend) => (b.client as unknown as { cacheOnly: BehaviorSubject<boolean> }).cacheOnly;

/** Makes the browser say it is offline (or online again), as a lost network does. */
function browserOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

async function render(b: TestBackend, attrs: { lang?: string; delay?: number } = {}) {
  const el = await fixture<EcoConnectionStatus>(
    html`<eco-connection-status .client=${b.client} lang=${attrs.lang ?? 'en'} announce-delay=${attrs.delay ?? 3000}></eco-connection-status>`,
  );
  const h = new ConnectionStatusHarness(el);
  await until(() => h.label, 'the first state');
  return { el, h };
}

describe('eco-connection-status', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend();
  });
  afterEach(() => {
    // Back to the browser's own answer.
    delete (navigator as { onLine?: boolean }).onLine;
    b.client.close();
  });

  it('is accessible in every state, with a polite status region and nothing to focus', async () => {
    const { el, h } = await render(b);
    await expectAccessible(el);
    expect(h.region.getAttribute('role')).to.equal('status');
    expect(h.focusable).to.deep.equal([]);
    for (const state of ['reconnecting', 'offline'] as const) {
      b.transport.setStatus(state);
      await until(() => el.state === state, state);
      await expectAccessible(el);
    }
    cacheOnly(b).next(true);
    await until(() => el.state === 'cache-only', 'cache-only');
    await expectAccessible(el);
  });

  it('reflects the state as an attribute for page CSS', async () => {
    const { el } = await render(b);
    expect(el.getAttribute('state')).to.equal('online');
    b.transport.setStatus('reconnecting');
    await until(() => el.getAttribute('state') === 'reconnecting', 'reflected state');
  });

  it('shows the client’s connection: stream status, browser offline, cache only', async () => {
    const { el, h } = await render(b);
    expect(h.label).to.equal('Online');
    b.transport.setStatus('reconnecting');
    await until(() => h.label === 'Reconnecting…', 'reconnecting');
    browserOnline(false);
    await until(() => h.label === 'Offline', 'offline');
    cacheOnly(b).next(true);
    await until(() => h.label === 'Saved copy, read-only', 'cache only');
    // The stream back: the server is there, whatever the cache last said.
    browserOnline(true);
    b.transport.setStatus('connected');
    await until(() => h.label === 'Online', 'online again');
    expect(el.state).to.equal('online');
  });

  it('is translated', async () => {
    const fr = await render(b, { lang: 'fr' });
    await localeLoaded(b.client, fr.el, 'fr');
    await until(() => fr.h.label === 'En ligne', 'French label');
    const de = await render(b, { lang: 'de' });
    b.transport.setStatus('reconnecting');
    await localeLoaded(b.client, de.el, 'de');
    await until(() => de.h.label === 'Verbindet erneut…', 'German label');
  });

  it('announces a change that lasts, not the state it starts in', async () => {
    const { h } = await render(b, { delay: 0 });
    expect(h.announced).to.equal('');
    b.transport.setStatus('reconnecting');
    await until(() => h.announced === 'Connection lost. Reconnecting…', 'the announcement');
    b.transport.setStatus('connected');
    await until(() => h.announced === 'Back online.', 'back online');
  });

  it('says nothing while a change has not lasted the delay', async () => {
    const { el, h } = await render(b, { delay: 3_600_000 });
    b.transport.setStatus('offline');
    await until(() => h.label === 'Offline', 'offline shown at once');
    await el.updateComplete;
    expect(h.announced).to.equal('');
  });
});
