/**
 * The elements under a strict Content-Security-Policy with Trusted Types
 * enforced: rendering must go through Lit templates only (no innerHTML, no
 * inline styles or scripts), or the browser reports a violation.
 */
import { expect, fixture, html } from '@open-wc/testing';
import './index.js';
import type { EcoFeed } from './feed/feed.component.js';
import { backend, makePost, until } from './_test-fixtures.js';

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
    const b = backend([
      makePost(1, { body: '**Hi** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>' }),
      makePost(2),
    ]);
    const el = await fixture(html`<eco-provider .client=${b.client}>
      <eco-composer space="news"></eco-composer>
      <eco-feed space="news"></eco-feed>
      <eco-like-button object="p1"></eco-like-button>
    </eco-provider>`);
    const feed = el.querySelector<EcoFeed>('eco-feed')!;
    await until(() => feed.shadowRoot!.querySelectorAll('eco-post').length === 2, 'posts');
    await until(() => feed.shadowRoot!.querySelector('eco-post')!.shadowRoot!.querySelector('[part="body"]'), 'body');
    expect(violations.map((v) => `${v.violatedDirective}: ${v.sample}`)).to.deep.equal([]);
    b.client.close();
  });
});
