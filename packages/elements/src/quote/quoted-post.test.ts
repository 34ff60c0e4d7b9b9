import { expect, fixture, html } from '@open-wc/testing';
import './quoted-post.js';
import '../post/post.js';
import type { EcoQuotedPost } from './quoted-post.component.js';
import type { EcoPost } from '../post/post.component.js';
import { NEVER, of } from 'rxjs';
import { createClient, EcotoneError, type Transport, type TransportRequest } from '@ecotone/core';
import { backend, bob, localeLoaded, makePost, textOf, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const $ = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const summary = { id: 'p9', spaceId: 'general', author: bob, excerpt: 'Blimp maintenance schedule', createdAt: '2026-11-26T10:00:00.000Z' };

describe('eco-quoted-post', () => {
  it('shows the summary the server gave as a card: author, date, excerpt and "Show the post", which asks the page to open it', async () => {
    const { client } = backend([]);
    const el = await fixture<EcoQuotedPost>(html`<eco-quoted-post .client=${client} .quoted=${summary}></eco-quoted-post>`);
    expect(textOf($(el, '[part="author"]')!)).to.equal('Bob Keller');
    expect($(el, '[part="meta"]')!.getAttribute('datetime')).to.equal(summary.createdAt);
    expect(textOf($(el, '[part="excerpt"]')!)).to.equal('Blimp maintenance schedule');
    expect($(el, '[part="base"]')!.getAttribute('aria-label')).to.equal('Quoted post by Bob Keller');
    const opened = new Promise<CustomEvent>((resolve) => el.addEventListener('eco-open-post', (e) => resolve(e as CustomEvent), { once: true }));
    $(el, '[part="open"]')!.click();
    expect((await opened).detail).to.deep.equal({ postId: 'p9' });
    await expectAccessible(el);
  });

  it('says the post is not available, in English, French and German', async () => {
    const { client } = backend([]);
    const el = await fixture<EcoQuotedPost>(html`<eco-quoted-post .client=${client} .quoted=${{ id: 'p9', unavailable: true as const }}></eco-quoted-post>`);
    expect(textOf($(el, '[part="unavailable"]')!)).to.equal('This post is not available');
    expect($(el, '[part="base"]')).to.equal(null);
    await expectAccessible(el);
    for (const [lang, text] of [['fr', 'Ce message n’est pas disponible'], ['de', 'Dieser Beitrag ist nicht verfügbar']] as const) {
      const other = await fixture<EcoQuotedPost>(html`<eco-quoted-post .client=${client} .quoted=${{ id: 'p9', unavailable: true as const }} lang=${lang}></eco-quoted-post>`);
      await localeLoaded(client, other, lang);
      await until(() => textOf($(other, '[part="unavailable"]')!) === text, `${lang} string`);
    }
  });

  it("asks the server what the reader sees of a live event's bare reference: the card, not available, or why it failed with Retry", async () => {
    let answer: unknown = { ...makePost(1), quoted: summary };
    const requests: string[] = [];
    const transport: Transport = {
      request: async <T,>(req: TransportRequest) => {
        requests.push(`${req.method} ${req.path}`);
        if (answer instanceof Error) throw answer;
        return answer as T;
      },
      events$: NEVER,
      status$: of('connected' as const),
      close: () => {},
    };
    const client = createClient({ transport, locale: 'en' });
    const el = await fixture<EcoQuotedPost>(html`<eco-quoted-post .client=${client} .quoted=${{ id: 'p9' }} post-id="p1"></eco-quoted-post>`);
    await until(() => $(el, '[part="excerpt"]'), 'the card');
    expect(textOf($(el, '[part="excerpt"]')!)).to.equal('Blimp maintenance schedule');
    expect(requests).to.deep.equal(['GET /api/v1/posts/p1']);
    answer = { ...makePost(2), quoted: { id: 'p9', unavailable: true } };
    const other = await fixture<EcoQuotedPost>(html`<eco-quoted-post .client=${client} .quoted=${{ id: 'p9' }} post-id="p2"></eco-quoted-post>`);
    await until(() => $(other, '[part="unavailable"]'), 'not available');
    answer = new EcotoneError('network', 'offline');
    const failing = await fixture<EcoQuotedPost>(html`<eco-quoted-post .client=${client} .quoted=${{ id: 'p9' }} post-id="p3"></eco-quoted-post>`);
    await until(() => failing.shadowRoot!.querySelector('[part="status"] button'), 'Retry');
    answer = { ...makePost(3), quoted: summary };
    failing.shadowRoot!.querySelector<HTMLButtonElement>('[part="status"] button')!.click();
    await until(() => $(failing, '[part="excerpt"]'), 'the card after Retry');
  });

  it('is shown by <eco-post> under a post that quotes another', async () => {
    const { client } = backend([]);
    const el = await fixture<EcoPost>(html`<eco-post .client=${client} .post=${makePost(1, { quoted: summary })}></eco-post>`);
    const card = await until(() => el.shadowRoot!.querySelector<EcoQuotedPost>('eco-quoted-post'), 'the quoted card');
    await card.updateComplete;
    expect(textOf($(card, '[part="excerpt"]')!)).to.equal('Blimp maintenance schedule');
  });
});
