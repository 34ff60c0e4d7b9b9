import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import './post.js';
import type { EcoPost } from './post.component.js';
import type { Post } from '@ecotone/protocol';
import { postExtensionTag, registerPostExtension } from '../base/post-extensions.js';
import { backend, makePost, shadow, until } from '../_test-fixtures.js';

/** A vendor's card: renders what its post carries, through bindings. */
class TestCheerCard extends LitElement {
  static override properties = { post: { attribute: false } };
  post?: Post;
  override render() {
    return html`<p class="cheer">${String(this.post?.extension?.data['to'])} — ${String(this.post?.extension?.data['reason'])}</p>`;
  }
}

const cheer = (n: number, type: string) =>
  makePost(n, { body: 'Alice cheers Bob for the launch', extension: { type, data: { to: 'Bob Keller', reason: '<b>launch</b>' } } });

describe('<eco-post> and post extensions', () => {
  it('renders a registered, defined type with its widget in place of the body, and passes each new version of the post', async () => {
    registerPostExtension('test.cheer', 'test-cheer-card');
    customElements.define('test-cheer-card', TestCheerCard);
    const b = backend();
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${cheer(1, 'test.cheer')}></eco-post>`);
    const card = shadow<TestCheerCard>(el, '[part~="body"] test-cheer-card');
    expect(card.getAttribute('part')).to.equal('extension');
    await card.updateComplete;
    // Text, never markup: the data is bound, not parsed.
    expect(card.shadowRoot!.querySelector('.cheer')!.textContent).to.equal('Bob Keller — <b>launch</b>');
    expect(shadow(el, '[part~="body"]').textContent).not.to.contain('Alice cheers Bob');
    el.post = { ...cheer(1, 'test.cheer'), extension: { type: 'test.cheer', data: { to: 'Bob Keller', reason: 'the demo' } } };
    await el.updateComplete;
    expect(shadow(el, '[part~="body"] test-cheer-card')).to.equal(card);
    await card.updateComplete;
    expect(card.shadowRoot!.querySelector('.cheer')!.textContent).to.equal('Bob Keller — the demo');
    b.client.close();
  });

  it('shows the body of a type nobody registered, then the widget once it is registered and defined', async () => {
    const b = backend();
    const el = await fixture<EcoPost>(html`<eco-post .client=${b.client} .post=${cheer(2, 'test.late')}></eco-post>`);
    expect(shadow(el, '[part~="body"]').textContent).to.contain('Alice cheers Bob for the launch');
    registerPostExtension('test.late', 'test-late-card');
    await el.updateComplete;
    // Registered but not defined yet: still the body.
    expect(shadow(el, '[part~="body"]').textContent).to.contain('Alice cheers Bob for the launch');
    customElements.define('test-late-card', class extends TestCheerCard {});
    await until(() => el.shadowRoot!.querySelector('[part~="body"] test-late-card'), 'the late widget');
    b.client.close();
  });

  it('refuses bad types and tags, and a second tag for a type', () => {
    expect(() => registerPostExtension('Cheer', 'x-cheer')).to.throw(TypeError);
    expect(() => registerPostExtension('test.cheer2', 'cheer')).to.throw(TypeError);
    registerPostExtension('test.once', 'test-once-a');
    registerPostExtension('test.once', 'test-once-a');
    expect(() => registerPostExtension('test.once', 'test-once-b')).to.throw(/already rendered by <test-once-a>/);
    expect(postExtensionTag('test.once')).to.equal('test-once-a');
  });
});
