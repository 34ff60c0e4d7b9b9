import { expect, fixture, html } from '@open-wc/testing';
import './post.js';
import type { EcoPost } from './post.component.js';
import { backend, makePost, shadow, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

/** Alice (`me`) reads Bob's post 1 and her own post 2. */
describe('eco-post moderation', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backend([makePost(1), makePost(2)]);
  });
  afterEach(() => b.client.close());

  async function post(p = makePost(1)) {
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${p} lang="en"></eco-post>`);
    await until(() => el.shadowRoot?.querySelectorAll('eco-like-button').length === 4, 'the reaction bar');
    return el;
  }

  it('offers Report on others’ posts only, and opens the report dialog, loaded then', async () => {
    const own = await post(makePost(2));
    expect(own.shadowRoot!.querySelector('[part="report"]')).to.equal(null);
    const el = await post();
    const report = shadow(el, '[part="report"]');
    expect(textOf(report)).to.equal('Report');
    expect(report.getAttribute('aria-haspopup')).to.equal('dialog');
    (report as HTMLButtonElement).click();
    const dialog = await until(() => el.shadowRoot!.querySelector('eco-report-dialog'), 'the report dialog');
    expect(dialog.getAttribute('target-type')).to.equal('post');
    expect(dialog.getAttribute('target-id')).to.equal('p1');
    await until(() => dialog.shadowRoot?.querySelector('dialog')?.open, 'the dialog open');
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button[type="button"]')!.click();
    await until(() => !el.shadowRoot!.querySelector('eco-report-dialog'), 'the dialog gone');
    await until(() => el.shadowRoot!.activeElement === shadow(el, '[part="report"]'), 'focus back on Report');
  });

  it('tells its author why a post is hidden or held, and stays accessible', async () => {
    const hidden = await post(makePost(2, { moderation: { state: 'hidden', reason: 'Off topic here', at: '2026-11-27T10:00:00.000Z' } }));
    expect(textOf(shadow(hidden, '[part="moderation"]'))).to.equal('Hidden by the space\'s owners: Off topic here');
    await expectAccessible(hidden);
    const held = await post(makePost(2, { moderation: { state: 'held', reason: 'café', at: '2026-11-27T10:00:00.000Z' } }));
    expect(textOf(shadow(held, '[part="moderation"]'))).to.equal('Held for review by the space\'s owners (word filter: café)');
  });
});
