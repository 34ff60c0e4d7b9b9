import { expect, fixture, html } from '@open-wc/testing';
import './provider.js';
import '../like-button/like-button.js';
import type { EcoProvider } from './provider.component.js';
import type { EcoLikeButton } from '../like-button/like-button.component.js';
import { LikeButtonHarness } from '../like-button/_harness.js';
import { backend, until, type TestBackend } from '../_test-fixtures.js';

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
    const { el } = await provided();
    await expect(el).to.be.accessible();
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

    it('sets the client locale from lang', async () => {
      const { el, h } = await provided('fr');
      await until(() => h.label === 'J’aime, 12 personnes', 'French');
      el.setAttribute('lang', 'de');
      await until(() => h.label === 'Gefällt mir, 12 Personen', 'German after lang change');
    });

    it('creates a client from endpoint and token, and recreates it when they change', async () => {
      const el = await fixture<EcoProvider>(html`<eco-provider endpoint="https://social.example" token="t1"></eco-provider>`);
      const first = el.currentClient!;
      expect(first).to.exist;
      let closed = false;
      const close = first.close.bind(first);
      first.close = () => {
        closed = true;
        close();
      };
      el.token = 't2';
      await el.updateComplete;
      expect(el.currentClient).to.exist.and.not.equal(first);
      expect(closed).to.equal(true);
      el.remove();
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
