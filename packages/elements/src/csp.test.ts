/**
 * The elements under a strict Content-Security-Policy with Trusted Types
 * enforced: rendering must go through Lit templates only (no innerHTML, no
 * inline styles or scripts), or the browser reports a violation.
 */
import { expect, fixture, html } from '@open-wc/testing';
import './index.js';
import type { EcoFeed } from './feed/feed.component.js';
import type { EcoKnowledgeNote } from './knowledge-note/knowledge-note.component.js';
import { alice, backend, bob, makePoll, makePost, until } from './_test-fixtures.js';

const violations: SecurityPolicyViolationEvent[] = [];

before(() => {
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e));
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  // Lit's own policy is the only one allowed; style-src without 'unsafe-inline'
  // checks that styles come only from constructable stylesheets.
  meta.content = "require-trusted-types-for 'script'; trusted-types lit-html; style-src 'self'";
  document.head.append(meta);
});

describe('strict CSP with Trusted Types', () => {
  it('is enforced in this page, and reports violations', async () => {
    expect(() => {
      // eslint-disable-next-line no-restricted-properties -- proving the sink is blocked
      document.createElement('div').innerHTML = '<b>x</b>';
    }).to.throw();
    // The report is dispatched asynchronously; wait for it so that it is not
    // counted against the next test, and so that we know reports do arrive.
    await until(() => violations.length > 0, 'violation report');
    violations.length = 0;
  });

  it('renders every element without a violation', async () => {
    const preview = {
      url: 'https://example.com/article',
      title: 'Quarterly results',
      description: 'Revenue grew.',
      siteName: 'Example',
      imageUrl: new URL('/docs/images/intranet-example.png', location.href).href,
      fetchedAt: '2026-11-27T10:00:00.000Z',
    };
    const videoPreview = { ...preview, url: 'https://videos.example/1', video: { embedUrl: 'https://embed.invalid/1', width: 4, height: 3 } };
    const b = backend([
      makePost(4, { body: 'With a link https://example.com/article', linkPreview: preview }),
      makePost(1, { body: '**Hi** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>' }),
      makePost(2, { polls: [makePoll({ id: 'single', postId: 'p2', results: { voters: 2, counts: { o1: 1, o2: 1 } } })] }),
      makePost(3, {
        polls: [0, 1].map((i) => makePoll({ id: `s${i}`, postId: 'p3', position: i, results: { voters: 1, counts: { o1: 1 } } })),
      }),
    ], [makePoll({ id: 'alone', results: { voters: 3, counts: { o1: 1, o3: 2 } } })]);
    b.transport.addPreview(preview);
    const el = await fixture(html`<eco-provider .client=${b.client}>
      <eco-composer space="news"></eco-composer>
      <eco-feed space="news"></eco-feed>
      <eco-like-button object="p1"></eco-like-button>
      <eco-poll poll="alone"></eco-poll>
      <eco-survey post="p3"></eco-survey>
      <eco-link-card href="https://example.com/article"></eco-link-card>
      <eco-link-card .preview=${videoPreview}></eco-link-card>
    </eco-provider>`);
    const feed = el.querySelector<EcoFeed>('eco-feed')!;
    await until(() => feed.shadowRoot!.querySelectorAll('eco-post').length === 4, 'posts');
    await until(() => feed.shadowRoot!.querySelector('eco-post')!.shadowRoot!.querySelector('[part="body"]'), 'body');
    // Result bars set their width: through the CSSOM, which style-src allows, never a style attribute.
    const posts = [...feed.shadowRoot!.querySelectorAll('eco-post')];
    await until(() => posts.some((p) => p.shadowRoot!.querySelector('eco-poll')?.shadowRoot?.querySelector('[part="bar"]')), 'poll in post');
    await until(() => posts.some((p) => p.shadowRoot!.querySelector('eco-survey')?.shadowRoot?.querySelector('legend')), 'survey in post');
    await until(() => el.querySelector('eco-poll')!.shadowRoot!.querySelector('[part="bar"]'), 'standalone poll');
    await until(() => el.querySelector('eco-survey')!.shadowRoot!.querySelector('legend'), 'standalone survey');
    const [card, videoCard] = [...el.querySelectorAll('eco-link-card')];
    await until(() => card!.shadowRoot!.querySelector('[part="title"]'), 'standalone link card');
    await until(() => posts.some((p) => p.shadowRoot!.querySelector('eco-link-card')?.shadowRoot?.querySelector('[part="title"]')), 'card in post');
    // The video's aspect ratio is set through the CSSOM; then the click renders the iframe.
    videoCard!.shadowRoot!.querySelector<HTMLButtonElement>('[part="play"]')!.click();
    await until(() => videoCard!.shadowRoot!.querySelector('iframe'), 'video iframe');
    expect(violations.map((v) => `${v.violatedDirective}: ${v.sample}`)).to.deep.equal([]);
    b.client.close();
  });

  it('renders a knowledge note (read, history diff, edit, conflict) without a violation', async () => {
    const b = backend();
    const at = '2026-11-27T10:00:00.000Z';
    const preview = { url: 'https://example.com/a', title: 'A source', fetchedAt: at };
    b.transport.addNote({
      id: 'n1', spaceId: 'news', owner: alice, title: 'Note', language: 'en', tags: ['csp'], maturity: 'reviewed',
      body: '**Hi** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
      sources: [{ url: preview.url, preview }, { url: 'https://example.org/b' }],
      reviewBy: '2020-01-01', promotedFrom: 'p1', revision: 1, createdAt: at, updatedAt: at, updatedBy: alice, canEdit: true,
    });
    b.transport.editNoteAsOther('n1', bob, { body: 'Changed <b>body</b>' });
    const el = await fixture<EcoKnowledgeNote>(html`<eco-knowledge-note .client=${b.client} note="n1"></eco-knowledge-note>`);
    const button = (label: string) => [...el.shadowRoot!.querySelectorAll('button')].find((x) => x.textContent!.trim() === label);
    await until(() => el.shadowRoot!.querySelector('eco-link-card'), 'note sources');
    button('History')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="diff"] ins'), 'note diff');
    b.transport.editNoteAsOther('n1', bob, { title: 'Theirs' });
    button('Edit')!.click();
    await el.updateComplete;
    const body = el.shadowRoot!.querySelector('textarea')!;
    body.value = 'Mine';
    body.dispatchEvent(new Event('input'));
    await el.updateComplete;
    button('Save')!.click();
    await until(() => el.shadowRoot!.querySelector('[part~="conflict"]'), 'note conflict');
    expect(violations.map((v) => `${v.violatedDirective}: ${v.sample}`)).to.deep.equal([]);
    b.client.close();
  });
  it('renders comments (Markdown, replies, edit box, delete confirmation) and a post with variants without a violation', async () => {
    const b = backend([
      makePost(1, {
        body: 'Hallo **alle**',
        locale: 'de',
        commentCount: 2,
        variants: [
          { locale: 'fr', body: 'Bonjour <script>alert(1)</script>', machine: true },
          { locale: 'en', body: 'Hello [x](javascript:alert(1))', machine: false },
        ],
      }),
    ]);
    const comment = (id: string, parentId: string | null, body: string, author = bob) => ({
      id, postId: 'p1', spaceId: 'news', parentId, author, body, locale: 'en' as const, createdAt: '2026-11-27T10:00:00.000Z',
      deleted: false, reactions: { objectId: id, counts: { like: 1 }, mine: [] }, canEdit: false, canDelete: false,
    });
    b.transport.addComment(comment('c1', null, '**Hi** <img src=x onerror=alert(1)>'));
    b.transport.addComment(comment('c2', 'c1', '[x](javascript:alert(1)) mine', alice));
    const el = await fixture(html`<eco-post .client=${b.client} post-id="p1" lang="fr"></eco-post>`);
    await until(() => el.shadowRoot!.querySelector('[part="machine-note"]'), 'French machine variant');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="language-button"][lang="de"]')!.click();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="comments"]')!.click();
    const comments = await until(() => el.shadowRoot!.querySelector('eco-comments'), 'comments');
    await until(() => comments.shadowRoot!.querySelectorAll('[part="comment"]').length === 2, 'comments shown');
    comments.shadowRoot!.querySelector<HTMLButtonElement>('[data-reply]')!.click();
    comments.shadowRoot!.querySelector<HTMLButtonElement>('[data-delete]')!.click();
    await until(() => comments.shadowRoot!.querySelector('[data-confirm]'), 'confirmation');
    comments.shadowRoot!.querySelector<HTMLButtonElement>('[data-edit]')!.click();
    await until(() => comments.shadowRoot!.querySelector('#c-edit-c2'), 'edit box');
    expect(violations.map((v) => `${v.violatedDirective}: ${v.sample}`)).to.deep.equal([]);
    b.client.close();
  });

  it('renders the spaces directory (links, a leave confirmation) without a violation', async () => {
    const b = backend();
    const el = await fixture(html`<eco-spaces .client=${b.client} space-href="/spaces/{id}"></eco-spaces>`);
    await until(() => el.shadowRoot!.querySelectorAll('[part~="space"]').length === 3, 'spaces');
    [...el.shadowRoot!.querySelectorAll('button')].find((x) => x.textContent!.trim() === 'Leave')!.click();
    expect(violations.map((v) => `${v.violatedDirective}: ${v.sample}`)).to.deep.equal([]);
    b.client.close();
  });

  it('renders a knowledge search (highlights, a markup title, facets) without a violation', async () => {
    const b = backend();
    const at = '2026-11-27T10:00:00.000Z';
    b.transport.addNote({
      id: 'k1', spaceId: 'news', owner: alice, title: '<img src=x onerror=alert(1)> Sécurité', language: 'fr', tags: ['csp'],
      maturity: 'reference', body: 'La securite <script>alert(1)</script>', sources: [], reviewBy: null, promotedFrom: null,
      revision: 1, createdAt: at, updatedAt: at, updatedBy: alice, canEdit: true,
    });
    const el = await fixture(html`<eco-knowledge-search .client=${b.client} query="securite"></eco-knowledge-search>`);
    await until(() => el.shadowRoot!.querySelector('mark'), 'search highlights');
    expect(violations.map((v) => `${v.violatedDirective}: ${v.sample}`)).to.deep.equal([]);
    b.client.close();
  });
});
