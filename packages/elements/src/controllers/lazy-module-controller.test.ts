import { expect, fixture, html as fixtureHtml, waitUntil } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { LazyModuleController } from './lazy-module-controller.js';

interface Module {
  name: string;
}

/** A loader whose import the test settles by hand, counting how often it was started. */
function deferredLoader() {
  let resolve!: (m: Module) => void;
  let reject!: (e: Error) => void;
  const calls = { count: 0 };
  const loader = () => {
    calls.count++;
    return new Promise<Module>((res, rej) => ((resolve = res), (reject = rej)));
  };
  return { loader, calls, resolve: (m: Module) => resolve(m), reject: (e: Error) => reject(e) };
}

let currentLoader: () => Promise<Module>;
const errors: Error[] = [];

class LazyHost extends LitElement {
  readonly module = new LazyModuleController(this, currentLoader, (error) => errors.push(error));
  rendersWithout = 0;
  override render() {
    if (!this.module.ready) this.rendersWithout++;
    return html`${this.module.value?.name ?? 'loading'}`;
  }
}
customElements.define('eco-test-lazy-host', LazyHost);

const text = (el: LazyHost) => el.shadowRoot!.textContent!.trim();

describe('LazyModuleController', () => {
  beforeEach(() => (errors.length = 0));

  it('imports on the first load() only, once for every host, and re-renders each host when it arrives', async () => {
    const deferred = deferredLoader();
    currentLoader = deferred.loader;
    const a = await fixture<LazyHost>(fixtureHtml`<eco-test-lazy-host></eco-test-lazy-host>`);
    const b = await fixture<LazyHost>(fixtureHtml`<eco-test-lazy-host></eco-test-lazy-host>`);
    expect(deferred.calls.count).to.equal(0);
    void a.module.load();
    void b.module.load();
    void a.module.load();
    expect(deferred.calls.count).to.equal(1);
    expect(text(a)).to.equal('loading');
    deferred.resolve({ name: 'poll' });
    await waitUntil(() => text(a) === 'poll' && text(b) === 'poll', 'both hosts show the module', { timeout: 5000 });
  });

  it('gives a host created after the module arrived the module on its first render', async () => {
    const deferred = deferredLoader();
    currentLoader = deferred.loader;
    const first = await fixture<LazyHost>(fixtureHtml`<eco-test-lazy-host></eco-test-lazy-host>`);
    const loaded = first.module.load();
    deferred.resolve({ name: 'card' });
    await loaded;
    const later = await fixture<LazyHost>(fixtureHtml`<eco-test-lazy-host></eco-test-lazy-host>`);
    expect(later.rendersWithout).to.equal(0);
    expect(text(later)).to.equal('card');
  });

  it('reports a failed import, and tries again on the next load()', async () => {
    const deferred = deferredLoader();
    currentLoader = deferred.loader;
    const el = await fixture<LazyHost>(fixtureHtml`<eco-test-lazy-host></eco-test-lazy-host>`);
    const failed = el.module.load();
    deferred.reject(new Error('offline'));
    await failed.catch(() => undefined);
    await waitUntil(() => errors.length === 1, 'the failure is reported', { timeout: 5000 });
    expect(errors[0]!.message).to.equal('offline');
    expect((el.module.error as Error).message).to.equal('offline');
    expect(el.module.ready).to.equal(false);
    const retried = el.module.load();
    expect(deferred.calls.count).to.equal(2);
    expect(el.module.error).to.equal(undefined);
    deferred.resolve({ name: 'comments' });
    await retried;
    await waitUntil(() => text(el) === 'comments', 'the retry shows the module', { timeout: 5000 });
  });
});
