import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { ClockController } from './clock-controller.js';

const TICK_MS = 60_000;

class ClockHost extends LitElement {
  readonly clock = new ClockController(this, TICK_MS);
  renders = 0;
  override render() {
    this.renders++;
    return html`${this.clock.now}`;
  }
}
customElements.define('eco-test-clock-host', ClockHost);

/**
 * The page's interval timers replaced by ones the test fires by hand: no
 * waiting, nothing timed.
 */
function fakeIntervals() {
  const timers = new Map<number, () => void>();
  const realSet = window.setInterval;
  const realClear = window.clearInterval;
  let next = 1;
  window.setInterval = ((fn: () => void) => {
    const id = next++;
    timers.set(id, fn);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => void timers.delete(id ?? -1)) as typeof window.clearInterval;
  return {
    timers,
    tick: () => [...timers.values()].forEach((fn) => fn()),
    restore: () => {
      window.setInterval = realSet;
      window.clearInterval = realClear;
    },
  };
}

describe('ClockController', () => {
  let intervals: ReturnType<typeof fakeIntervals>;
  beforeEach(() => (intervals = fakeIntervals()));
  afterEach(() => intervals.restore());

  it('ticks while the host is connected, re-rendering it with the new time', async () => {
    const el = await fixture<ClockHost>(fixtureHtml`<eco-test-clock-host></eco-test-clock-host>`);
    expect(intervals.timers.size).to.equal(1);
    const before = el.renders;
    const realNow = Date.now;
    Date.now = () => realNow() + TICK_MS;
    try {
      intervals.tick();
    } finally {
      Date.now = realNow;
    }
    await el.updateComplete;
    expect(el.renders).to.equal(before + 1);
    expect(Number(el.shadowRoot!.textContent)).to.be.greaterThan(realNow() + TICK_MS / 2);
  });

  it('holds no timer once the host is disconnected, and starts again when it comes back', async () => {
    const el = await fixture<ClockHost>(fixtureHtml`<eco-test-clock-host></eco-test-clock-host>`);
    const parent = el.parentElement!;
    el.remove();
    expect(intervals.timers.size).to.equal(0);
    const renders = el.renders;
    intervals.tick();
    await el.updateComplete;
    expect(el.renders).to.equal(renders);
    parent.append(el);
    expect(intervals.timers.size).to.equal(1);
  });
});
