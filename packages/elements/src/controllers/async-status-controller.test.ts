import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { EcotoneError } from '@ecotone/core';
import { AsyncStatusController } from './async-status-controller.js';

class StatusHost extends LitElement {
  readonly write = new AsyncStatusController<string>(this);
  override render() {
    return html`${this.write.status}`;
  }
}
customElements.define('eco-test-status-host', StatusHost);

/** An action the test settles by hand, with the signal it was given. */
function deferred() {
  let resolve!: (v: string) => void;
  let reject!: (e: unknown) => void;
  let signal!: AbortSignal;
  const action = (s: AbortSignal) => {
    signal = s;
    return new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  };
  return { action, resolve: (v: string) => resolve(v), reject: (e: unknown) => reject(e), signal: () => signal };
}

const shown = async (el: StatusHost) => (await el.updateComplete, el.shadowRoot!.textContent!.trim());

describe('AsyncStatusController', () => {
  it('goes pending, then complete with the value', async () => {
    const el = await fixture<StatusHost>(fixtureHtml`<eco-test-status-host></eco-test-status-host>`);
    const op = deferred();
    const run = el.write.run(op.action);
    expect(await shown(el)).to.equal('pending');
    op.resolve('saved');
    expect(await run).to.deep.equal({ ok: true, value: 'saved' });
    expect(await shown(el)).to.equal('complete');
    expect(el.write.value).to.equal('saved');
  });

  it('aborts the run in flight when a newer one starts, and ignores its late result', async () => {
    const el = await fixture<StatusHost>(fixtureHtml`<eco-test-status-host></eco-test-status-host>`);
    const older = deferred();
    const newer = deferred();
    const first = el.write.run(older.action);
    const second = el.write.run(newer.action);
    expect(older.signal().aborted).to.equal(true);
    expect(newer.signal().aborted).to.equal(false);
    newer.resolve('new');
    expect(await second).to.deep.equal({ ok: true, value: 'new' });
    older.resolve('stale');
    expect(await first).to.equal(undefined);
    expect(el.write.value).to.equal('new');
    expect(await shown(el)).to.equal('complete');
  });

  it('a stale failure does not overwrite a newer success', async () => {
    const el = await fixture<StatusHost>(fixtureHtml`<eco-test-status-host></eco-test-status-host>`);
    const older = deferred();
    const newer = deferred();
    const first = el.write.run(older.action);
    const second = el.write.run(newer.action);
    newer.resolve('new');
    await second;
    older.reject(new EcotoneError('conflict', 'too late'));
    expect(await first).to.equal(undefined);
    expect(el.write.status).to.equal('complete');
    expect(el.write.error).to.equal(undefined);
  });

  it('aborts when the host leaves the page, and ignores the answer', async () => {
    const el = await fixture<StatusHost>(fixtureHtml`<eco-test-status-host></eco-test-status-host>`);
    const op = deferred();
    const run = el.write.run(op.action);
    el.remove();
    expect(op.signal().aborted).to.equal(true);
    op.resolve('late');
    expect(await run).to.equal(undefined);
    expect(el.write.status).to.equal('idle');
    expect(el.write.value).to.equal(undefined);
  });

  it('aborts on reset()', async () => {
    const el = await fixture<StatusHost>(fixtureHtml`<eco-test-status-host></eco-test-status-host>`);
    const op = deferred();
    const run = el.write.run(op.action);
    el.write.reset();
    expect(op.signal().aborted).to.equal(true);
    op.resolve('late');
    expect(await run).to.equal(undefined);
    expect(await shown(el)).to.equal('idle');
  });

  it('keeps an EcotoneError as it is, and wraps anything else thrown in one', async () => {
    const el = await fixture<StatusHost>(fixtureHtml`<eco-test-status-host></eco-test-status-host>`);
    const refused = new EcotoneError('forbidden', 'not allowed', { status: 403 });
    const a = deferred();
    const first = el.write.run(a.action);
    a.reject(refused);
    const result = await first;
    expect(result).to.deep.equal({ ok: false, error: refused });
    expect(el.write.error).to.equal(refused);
    expect(await shown(el)).to.equal('error');

    const b = deferred();
    const second = el.write.run(b.action);
    b.reject(new TypeError('boom'));
    const wrapped = await second;
    expect(wrapped?.ok).to.equal(false);
    const error = (wrapped as { ok: false; error: EcotoneError }).error;
    expect(error).to.be.instanceOf(EcotoneError);
    expect(error.message).to.equal('boom');
    expect(el.write.error?.code).to.equal(error.code);
  });
});
