import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { LitElement, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { FocusController } from './focus-controller.js';

class FocusHost extends LitElement {
  @state() open = false;
  @state() second = false;
  readonly focusing = new FocusController(this);
  override render() {
    return html`<button id="toggle">toggle</button>
      ${this.open ? html`<input id="field" />` : nothing} ${this.second ? html`<input id="other" />` : nothing}`;
  }
  protected override updated(): void {
    // A render that asks for another one (as a lazily loaded part does).
    if (this.open && !this.second) this.second = true;
  }
}
customElements.define('eco-test-focus-host', FocusHost);

const active = (el: FocusHost) => el.shadowRoot!.activeElement?.id;

describe('FocusController', () => {
  it('focuses a control that the pending render creates, once it exists', async () => {
    const el = await fixture<FocusHost>(fixtureHtml`<eco-test-focus-host></eco-test-focus-host>`);
    el.open = true;
    el.focusing.focusAfterRender('#field');
    // Asked before the render: the field does not exist yet.
    expect(el.shadowRoot!.querySelector('#field')).to.equal(null);
    await el.updateComplete;
    expect(active(el)).to.equal('field');
  });

  it('waits for the renders that the first one asks for', async () => {
    const el = await fixture<FocusHost>(fixtureHtml`<eco-test-focus-host></eco-test-focus-host>`);
    el.open = true;
    el.focusing.focusAfterRender('#other');
    // updateComplete answers false while the update asked for another.
    while (!(await el.updateComplete));
    expect(active(el)).to.equal('other');
  });

  it('takes the first selector that matches, and the latest request wins', async () => {
    const el = await fixture<FocusHost>(fixtureHtml`<eco-test-focus-host></eco-test-focus-host>`);
    el.open = true;
    el.focusing.focusAfterRender('#toggle');
    el.focusing.focusAfterRender(['#missing', '#field', '#toggle']);
    await el.updateComplete;
    expect(active(el)).to.equal('field');
  });

  it('requests the render itself, and focuses what a function finds', async () => {
    const el = await fixture<FocusHost>(fixtureHtml`<eco-test-focus-host></eco-test-focus-host>`);
    el.focusing.focusAfterRender(() => el.shadowRoot!.querySelector<HTMLElement>('#toggle'));
    expect(el.isUpdatePending).to.equal(true);
    await el.updateComplete;
    expect(active(el)).to.equal('toggle');
  });

  it('focuses nothing in a host that left the page', async () => {
    const el = await fixture<FocusHost>(fixtureHtml`<eco-test-focus-host></eco-test-focus-host>`);
    const parent = el.parentElement!;
    el.open = true;
    el.focusing.focusAfterRender('#field');
    el.remove();
    parent.append(el);
    await el.updateComplete;
    expect(active(el)).to.equal(undefined);
  });
});
