import { expect, fixture, html } from '@open-wc/testing';
import { createClient, MemoryTransport, MemoryWorld, type EcotoneClient } from '@ecotone/core';
import type { Space } from '@ecotone/protocol';
import './space-settings.js';
import type { EcoSpaceSettings } from './space-settings.component.js';
import { alice, bob, localeLoaded, spyEvents, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const news: Space = { id: 'news', name: 'News', description: '', visibility: 'open', locale: 'en', role: null, canPublish: false };

function setup(space: Space = news): { alice: EcotoneClient; bob: EcotoneClient; transport: MemoryTransport } {
  const world = new MemoryWorld({ spaces: [space], posts: [], people: [alice, bob], reactionKinds: ['like', 'celebrate', 'insightful'] });
  world.addMember('news', { actor: alice, role: 'owner', since: '2026-01-01T00:00:00Z' });
  world.addMember('news', { actor: bob, role: 'member', since: '2026-01-01T00:00:00Z' });
  const transport = new MemoryTransport(world, alice);
  return {
    transport,
    alice: createClient({ transport, locale: 'en' }),
    bob: createClient({ transport: new MemoryTransport(world, bob), locale: 'en' }),
  };
}

const byLabel = (el: EcoSpaceSettings, text: string) => {
  const root = el.shadowRoot!;
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.replace(/\s+/g, ' ').trim() === text);
  if (!label) return undefined;
  return (label.htmlFor ? root.getElementById(label.htmlFor) : label.querySelector('input')) as HTMLInputElement | null;
};

describe('eco-space-settings', () => {
  it('is accessible, switches features for owners, saves, and the space refuses what it no longer offers', async () => {
    const { alice: client, bob: member } = setup();
    const el = await fixture<EcoSpaceSettings>(html`<eco-space-settings .client=${client} space="news" lang="en"></eco-space-settings>`);
    await until(() => byLabel(el, 'Comments'), 'the form');
    await expectAccessible(el);
    const comments = byLabel(el, 'Comments')!;
    expect(comments.checked).to.equal(true);
    expect(comments.getAttribute('role')).to.equal('switch');
    comments.click();
    byLabel(el, 'Celebrate')?.click();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="save"]')!.click();
    await until(() => el.shadowRoot!.querySelector('.actions [part="status"]')?.textContent?.includes('saved'), 'saved');
    const space = (await member.spaces()).find((s) => s.id === 'news')!;
    expect(space.capabilities).to.deep.include({ comments: false, reactionKinds: ['like', 'insightful'] });
    // Reactions off hides the kinds.
    byLabel(el, 'Reactions')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="kinds"]')).to.equal(null);
    client.close();
    member.close();
  });

  it('shows members what the space offers without switches, in French too', async () => {
    const { bob: client } = setup();
    const el = await fixture<EcoSpaceSettings>(html`<eco-space-settings .client=${client} space="news" lang="fr"></eco-space-settings>`);
    await localeLoaded(client, el, 'fr');
    await until(() => byLabel(el, 'Commentaires'), 'the form in French');
    expect(byLabel(el, 'Commentaires')!.disabled).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="save"]')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.include('Seuls les propriétaires');
    client.close();
  });

  it('says how long a space keeps its content, when the operator gave it a retention, in French too', async () => {
    const { alice: owner, bob: member } = setup({ ...news, retentionDays: 90 });
    const el = await fixture<EcoSpaceSettings>(html`<eco-space-settings .client=${owner} space="news" lang="en"></eco-space-settings>`);
    await until(() => el.shadowRoot!.querySelector('[part="retention"]'), 'the retention line');
    expect(el.shadowRoot!.querySelector('[part="retention"]')!.textContent).to.equal('Content is kept 90 days, then deleted.');
    await expectAccessible(el);
    const fr = await fixture<EcoSpaceSettings>(html`<eco-space-settings .client=${member} space="news" lang="fr"></eco-space-settings>`);
    await localeLoaded(member, fr, 'fr');
    await until(() => fr.shadowRoot!.querySelector('[part="retention"]')?.textContent?.includes('jours'), 'the retention line in French');
    expect(fr.shadowRoot!.querySelector('[part="retention"]')!.textContent).to.equal('Le contenu est conservé 90 jours, puis supprimé.');
    owner.close();
    member.close();
    // Kept for good (no retention): nothing said.
    const { alice: client } = setup();
    const plain = await fixture<EcoSpaceSettings>(html`<eco-space-settings .client=${client} space="news" lang="en"></eco-space-settings>`);
    await until(() => byLabel(plain, 'Comments'), 'the form');
    expect(plain.shadowRoot!.querySelector('[part="retention"]')).to.equal(null);
    client.close();
  });

  it('shows a failed load with Retry, and tells the page (eco-error)', async () => {
    const { alice: client, transport } = setup();
    transport.failNext('internal', 1);
    const el = document.createElement('eco-space-settings');
    const errors = spyEvents(el, 'eco-error');
    el.client = client;
    el.space = 'news';
    document.body.append(el);
    await until(() => el.shadowRoot?.querySelector('[part="error"]'), 'the error');
    expect(errors.length).to.be.greaterThan(0);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="error"] button')!.click();
    await until(() => byLabel(el, 'Comments'), 'the form after Retry');
    el.remove();
    client.close();
  });
});
