import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import './provider.js';
import '../like-button/like-button.js';
import type { EcoProvider } from './provider.component.js';
import type { EcoLikeButton } from '../like-button/like-button.component.js';
import { LikeButtonHarness } from '../like-button/_harness.js';
import { backend, until, type TestBackend } from '../_test-fixtures.js';
import { AuthError, NetworkError } from '@ecotone/core';
import { expectAccessible } from '../_test-a11y.js';

describe('eco-provider', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend();
  });
  afterEach(() => b.client.close());

  async function provided(lang?: string) {
    const el = await fixture<EcoProvider>(
      html`<eco-provider .client=${b.client} lang=${lang ?? 'en'}><p>Intranet page <eco-like-button object="p1"></eco-like-button></p></eco-provider>`,
    );
    const button = el.querySelector<EcoLikeButton>('eco-like-button')!;
    const h = new LikeButtonHarness(button);
    await h.ready();
    return { el, h, button };
  }

  it('is accessible', async () => {
    const { el, button } = await provided();
    await expectAccessible(el, button);
  });

  describe('attributes', () => {
    it('is display: contents and renders its children', async () => {
      const { el, h } = await provided();
      expect(getComputedStyle(el).display).to.equal('contents');
      expect(h.count).to.equal('12');
    });

    it('shows its children from the moment it is defined, before it has rendered', () => {
      const el = document.createElement('eco-provider');
      const child = document.createElement('p');
      el.append(child);
      document.body.append(el);
      try {
        expect(el.hasUpdated).to.equal(false);
        expect(child.assignedSlot).to.not.equal(null);
      } finally {
        el.remove();
      }
    });

    describe('theme', () => {
      const LIGHT_TEXT = 'rgb(31, 35, 40)';
      const DARK_TEXT = 'rgb(230, 237, 243)';
      const textOf = (el: Element) => getComputedStyle(el).color;
      afterEach(() => emulateMedia({ colorScheme: 'light' }));

      it('follows the system without theme or with theme="auto", and theme="light" or "dark" forces one', async () => {
        const { el, button } = await provided();
        const paragraph = el.querySelector('p')!;
        await emulateMedia({ colorScheme: 'light' });
        expect(textOf(button)).to.equal(LIGHT_TEXT);
        await emulateMedia({ colorScheme: 'dark' });
        expect(textOf(button)).to.equal(DARK_TEXT);
        el.theme = 'light';
        await el.updateComplete;
        expect(el.getAttribute('theme')).to.equal('light');
        expect(textOf(button)).to.equal(LIGHT_TEXT);
        el.setAttribute('theme', 'auto');
        expect(textOf(button)).to.equal(DARK_TEXT);
        await emulateMedia({ colorScheme: 'light' });
        el.setAttribute('theme', 'dark');
        expect(textOf(button)).to.equal(DARK_TEXT);
        // The page's own content inside keeps the page's colour scheme.
        expect(getComputedStyle(paragraph).colorScheme).to.equal('normal');
        el.removeAttribute('theme');
        expect(textOf(button)).to.equal(LIGHT_TEXT);
      });

      it('wins over a page-wide --eco-color-scheme, and a page\'s own colours win in both themes', async () => {
        const root = document.documentElement.style;
        root.setProperty('--eco-color-scheme', 'dark');
        try {
          const { el, button } = await provided();
          expect(textOf(button)).to.equal(DARK_TEXT);
          el.setAttribute('theme', 'light');
          expect(textOf(button)).to.equal(LIGHT_TEXT);
          root.setProperty('--eco-color-text', 'rgb(1, 2, 3)');
          expect(textOf(button)).to.equal('rgb(1, 2, 3)');
          el.setAttribute('theme', 'dark');
          expect(textOf(button)).to.equal('rgb(1, 2, 3)');
        } finally {
          root.removeProperty('--eco-color-scheme');
          root.removeProperty('--eco-color-text');
        }
      });
    });

    it('sets the client locale from lang', async () => {
      const { el, h } = await provided('fr');
      await until(() => h.label === 'J’aime, 12 personnes', 'French');
      el.setAttribute('lang', 'de');
      await until(() => h.label === 'Gefällt mir, 12 Personen', 'German after lang change');
    });

    it('creates a client from endpoint and token, keeps it for a new token of the same person, and makes a new one for another person or server', async () => {
      const jwt = (sub: string, exp: number) => `h.${btoa(JSON.stringify({ sub, exp })).replace(/=+$/, '')}.s`;
      const el = await fixture<EcoProvider>(html`<eco-provider endpoint="https://social.example" token=${jwt('anna', 1)}></eco-provider>`);
      const first = el.currentClient!;
      expect(first).to.exist;
      let closed = false;
      const close = first.close.bind(first);
      first.close = () => {
        closed = true;
        close();
      };
      // Refreshed: the same person, the same client (and its store).
      el.token = jwt('anna', 2);
      await el.updateComplete;
      expect(el.currentClient).to.equal(first);
      expect(closed).to.equal(false);
      // Someone else signs in: a client of their own.
      el.token = jwt('boris', 3);
      await el.updateComplete;
      expect(el.currentClient).to.exist.and.not.equal(first);
      expect(closed).to.equal(true);
      const second = el.currentClient;
      el.endpoint = 'https://other.example';
      await el.updateComplete;
      expect(el.currentClient).to.exist.and.not.equal(second);
      el.remove();
    });

    it('treats its token being removed as a sign-out: the person\'s offline data is cleared, not for a new token', async () => {
      const jwt = (sub: string, exp: number) => `h.${btoa(JSON.stringify({ sub, exp })).replace(/=+$/, '')}.s`;
      const el = await fixture<EcoProvider>(html`<eco-provider endpoint="https://social.example" token=${jwt('anna', 1)}></eco-provider>`);
      const client = el.currentClient!;
      let cleared = 0;
      client.clearOfflineData = async () => void (cleared += 1);
      // A refreshed token of the same person is no sign-out.
      el.token = jwt('anna', 2);
      await el.updateComplete;
      expect(cleared).to.equal(0);
      el.token = undefined;
      await el.updateComplete;
      expect(cleared).to.equal(1);
      el.remove();
    });

    it('clears the previous person\'s offline data when a token of someone else replaces theirs', async () => {
      const jwt = (sub: string, exp: number) => `h.${btoa(JSON.stringify({ sub, exp })).replace(/=+$/, '')}.s`;
      const el = await fixture<EcoProvider>(html`<eco-provider endpoint="https://social.example" token=${jwt('anna', 1)}></eco-provider>`);
      const client = el.currentClient!;
      let cleared = 0;
      client.clearOfflineData = async () => void (cleared += 1);
      el.token = jwt('boris', 2);
      await el.updateComplete;
      expect(cleared).to.equal(1);
      expect(el.currentClient).to.not.equal(client);
      el.remove();
    });

    it('keeps nothing in the browser with offline="off": a write waits in memory, not in IndexedDB', async () => {
      const outboxStored = async () => (await indexedDB.databases()).some((d) => d.name === 'ecotone-outbox');
      const wipe = () =>
        new Promise<void>((resolve) => {
          localStorage.removeItem('ecotone-outbox-waiting');
          const request = indexedDB.deleteDatabase('ecotone-outbox');
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        });
      // A server nobody answers: the write waits, in the outbox the provider's client has.
      const attempt = async (offline: string | undefined) => {
        await wipe();
        const el = await fixture<EcoProvider>(html`<eco-provider endpoint="http://127.0.0.1:9" token="dev:anna" offline=${offline ?? ''}></eco-provider>`);
        if (offline === undefined) el.removeAttribute('offline');
        await el.updateComplete;
        const client = el.currentClient!;
        let settled = false;
        void client.react('p1', 'like').catch(() => undefined).finally(() => (settled = true));
        // Waiting in the memory outbox, or refused by the durable one (nobody known yet to file it under: it opened its database though).
        await until(() => latest(client).length > 0 || settled || undefined, 'the write to wait or fail');
        const stored = await outboxStored();
        el.remove();
        await wipe();
        return stored;
      };
      const written = new WeakMap<object, readonly unknown[]>();
      const latest = (client: { pendingWrites$: { subscribe(f: (e: readonly unknown[]) => void): unknown } }) => {
        if (!written.has(client)) {
          written.set(client, []);
          client.pendingWrites$.subscribe((e) => written.set(client, e));
        }
        return written.get(client)!;
      };
      expect(await attempt('off')).to.equal(false);
      expect(await attempt(undefined)).to.equal(true);
    });

    it('sends the token it has now, from getToken, token-url (kept until shortly before it expires) or token', async () => {
      const sent: string[] = [];
      let tokenFetches = 0;
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const issued = `h.${btoa(JSON.stringify({ sub: 'anna', exp })).replace(/=+$/, '')}.s`;
      const realFetch = window.fetch;
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith('/token')) {
          tokenFetches += 1;
          expect(init?.credentials).to.equal('include');
          return new Response(JSON.stringify({ access_token: issued }), { headers: { 'content-type': 'application/json' } });
        }
        sent.push(new Headers(init?.headers).get('authorization') ?? '');
        return new Response(JSON.stringify({ actor: { id: 'anna', displayName: 'Anna', locale: 'en' }, memberships: [], config: {} }), {
          headers: { 'content-type': 'application/json' },
        });
      };
      try {
        const el = await fixture<EcoProvider>(html`<eco-provider endpoint="https://social.example" token-url="https://sso.example/token"></eco-provider>`);
        const client = el.currentClient!;
        await client.me();
        await client.spaces().catch(() => undefined);
        // Two requests, one fetch of the token: it is kept until a minute before its exp.
        expect(sent.slice(0, 2)).to.deep.equal([`Bearer ${issued}`, `Bearer ${issued}`]);
        expect(tokenFetches).to.equal(1);
        el.getToken = async () => 'from-the-page';
        await el.updateComplete;
        await el.currentClient!.me();
        expect(sent.at(-1)).to.equal('Bearer from-the-page');
        el.remove();
      } finally {
        window.fetch = realFetch;
      }
    });

    it('reports a token-url that answers malformed JSON or cannot be reached as an EcotoneError', async () => {
      const realFetch = window.fetch;
      let answer: () => Promise<Response> = async () => new Response('{"token": ', { headers: { 'content-type': 'application/json' } });
      window.fetch = async (input: RequestInfo | URL) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith('/token')) return answer();
        return new Response('{}', { headers: { 'content-type': 'application/json' } });
      };
      try {
        const el = await fixture<EcoProvider>(html`<eco-provider endpoint="https://social.example" token-url="https://sso.example/token"></eco-provider>`);
        const malformed = await el.currentClient!.me().catch((error: unknown) => error);
        expect(malformed).to.be.instanceOf(AuthError);
        expect((malformed as AuthError).code).to.equal('token_unavailable');
        answer = () => Promise.reject(new TypeError('Failed to fetch'));
        const unreachable = await el.currentClient!.me().catch((error: unknown) => error);
        expect(unreachable).to.be.instanceOf(NetworkError);
        expect((unreachable as NetworkError).code).to.equal('network');
        el.remove();
      } finally {
        window.fetch = realFetch;
      }
    });
  });

  describe('properties', () => {
    it('provides a client given as a property, and an explicit client on an element wins', async () => {
      const { button, h } = await provided();
      const other = backend([]);
      other.transport.addPost({ ...(await import('../_test-fixtures.js')).makePost(1), reactions: { objectId: 'p1', counts: { like: 99 }, mine: [] } });
      button.client = other.client;
      await until(() => h.count === '99', 'explicit client wins');
      other.client.close();
    });

    it('switches the provided client', async () => {
      const { el, h } = await provided();
      const other = backend([]);
      other.transport.addPost({ ...(await import('../_test-fixtures.js')).makePost(1), reactions: { objectId: 'p1', counts: { like: 5 }, mine: [] } });
      el.client = other.client;
      await until(() => h.count === '5', 'new client provided');
      other.client.close();
    });
  });
});
