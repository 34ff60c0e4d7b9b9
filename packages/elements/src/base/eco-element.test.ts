import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { EcoElement } from './eco-element.js';
import { aheadOfRendering, RENDER_SLICE_MS, sliceRoom } from './tasks.js';

/** Milliseconds each test element's render takes, on a clock the test moves (no real waiting, nothing timed). */
const RENDER_MS = 10;
let clockMs = 0;

class SlowElement extends EcoElement {
  override render() {
    clockMs += RENDER_MS;
    return html`<span>${this.localName}</span>`;
  }
}
customElements.define('eco-test-slow', SlowElement);

class SlowHost extends EcoElement {
  override render() {
    clockMs += RENDER_SLICE_MS;
    return html`<eco-test-slow></eco-test-slow><eco-test-slow></eco-test-slow>`;
  }
}
customElements.define('eco-test-slow-host', SlowHost);

/** Renders once, then again at once (as a post does when its poll module is already loaded). */
class TwoStepElement extends EcoElement {
  step = 0;
  override render() {
    clockMs += RENDER_SLICE_MS;
    return html`${this.step}`;
  }
  protected override updated(): void {
    if (this.step === 0) {
      void Promise.resolve().then(() => {
        this.step = 1;
        this.requestUpdate();
      });
    }
  }
}
customElements.define('eco-test-two-step', TwoStepElement);

/** Notes its renders in `renders`, to tell what ran before them. */
const renders: string[] = [];
class NotedElement extends EcoElement {
  override render() {
    renders.push('render');
    return html``;
  }
}
customElements.define('eco-test-noted', NotedElement);

/** A class no test renders before the one about first renders of a class. */
class FirstOfClassElement extends EcoElement {
  override render() {
    clockMs += RENDER_MS;
    return html`first`;
  }
}
customElements.define('eco-test-first-of-class', FirstOfClassElement);

/** Lets every pending microtask run, without letting a task pass. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe('EcoElement', () => {
  const now = performance.now;
  beforeEach(() => {
    clockMs = now.call(performance);
    performance.now = () => clockMs;
  });
  afterEach(() => {
    performance.now = now;
    document.querySelectorAll('eco-test-slow, eco-test-slow-host, eco-test-two-step, eco-test-first-of-class').forEach((el) => el.remove());
  });

  it(`renders elements upgraded together for ${RENDER_SLICE_MS} ms, and the others in a later task`, async () => {
    const count = Math.ceil(RENDER_SLICE_MS / RENDER_MS) + 2;
    const elements = Array.from({ length: count }, () => document.createElement('eco-test-slow') as SlowElement);
    document.body.append(...elements);
    await microtasks();
    // Each render is checked against the slice before it starts: the one that crosses it still runs.
    const inFirstTask = Math.ceil(RENDER_SLICE_MS / RENDER_MS);
    expect(elements.map((el) => el.hasUpdated)).to.deep.equal(elements.map((_, i) => i < inFirstTask));
    await Promise.all(elements.map((el) => el.updateComplete));
    expect(elements.every((el) => el.shadowRoot!.textContent === 'eco-test-slow')).to.equal(true);
  });

  it('renders an element inside another one with it, even past the slice', async () => {
    const host = document.createElement('eco-test-slow-host') as SlowHost;
    document.body.append(host);
    await microtasks();
    // The host's render spent the slice: its children render all the same.
    const children = [...host.shadowRoot!.querySelectorAll<SlowElement>('eco-test-slow')];
    expect(children).to.have.length(2);
    expect(children.every((child) => child.hasUpdated)).to.equal(true);
  });

  it('finishes its first render in the same task, even past the slice: nothing is painted half done', async () => {
    const element = document.createElement('eco-test-two-step') as TwoStepElement;
    document.body.append(element);
    await microtasks();
    expect(element.step).to.equal(1);
    expect(element.isUpdatePending).to.equal(false);
    expect(element.shadowRoot!.textContent).to.equal('1');
  });

  it('renders again in a later task once the slice is spent', async () => {
    const element = document.createElement('eco-test-slow') as SlowElement;
    document.body.append(element);
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    element.requestUpdate();
    await microtasks();
    // A fresh task: room for it.
    expect(element.isUpdatePending).to.equal(false);
    clockMs += RENDER_SLICE_MS;
    element.requestUpdate();
    await microtasks();
    expect(element.isUpdatePending).to.equal(true);
    await element.updateComplete;
    expect(element.isUpdatePending).to.equal(false);
  });

  it('waits for the work ahead, a task per step, before a new slice renders', async () => {
    const order = renders;
    aheadOfRendering([
      () => order.push('step 1'),
      () => {
        throw new Error('a step that fails only loses its head start');
      },
      () => order.push('step 3'),
    ]);
    sliceRoom(); // starts this task's slice
    clockMs += RENDER_SLICE_MS;
    const element = document.createElement('eco-test-noted') as NotedElement;
    document.body.append(element);
    await microtasks();
    // The slice is spent: the element waits, and no step ran in this task.
    expect(element.hasUpdated).to.equal(false);
    expect(order).to.deep.equal([]);
    await element.updateComplete;
    element.remove();
    expect(order).to.deep.equal(['step 1', 'step 3', 'render']);
  });

  it("starts a class's first render only in a slice that has barely begun, and the class's later ones in any slice with room", async () => {
    await new Promise((resolve) => setTimeout(resolve));
    sliceRoom(); // starts this task's slice
    clockMs += RENDER_MS; // another element rendered in it: room is left, but not a fresh slice
    const first = document.createElement('eco-test-first-of-class') as FirstOfClassElement;
    document.body.append(first);
    await microtasks();
    expect(first.hasUpdated).to.equal(false);
    await first.updateComplete;
    expect(first.shadowRoot!.textContent).to.equal('first');

    await new Promise((resolve) => setTimeout(resolve));
    sliceRoom();
    clockMs += RENDER_MS;
    const second = document.createElement('eco-test-first-of-class') as FirstOfClassElement;
    document.body.append(second);
    await microtasks();
    expect(second.hasUpdated).to.equal(true);
  });
});
