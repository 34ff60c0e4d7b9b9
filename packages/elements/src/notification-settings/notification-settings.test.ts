import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, MemoryTransport, MemoryWorld } from '@ecotone/core';
import { routes, type Space } from '@ecotone/protocol';
import './notification-settings.js';
import type { EcoNotificationSettings } from './notification-settings.component.js';
import { alice, bob, spyEvents, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const news: Space = { id: 'news', name: 'News', description: '', visibility: 'open', locale: 'en', role: null, canPublish: false };
const other: Space = { ...news, id: 'other', name: 'Elsewhere' };

function setup() {
  const world = new MemoryWorld({ spaces: [news, other], posts: [], people: [alice, bob] });
  world.addMember('news', { actor: alice, role: 'member', since: '2026-01-01T00:00:00Z' });
  const transport = new MemoryTransport(world, alice);
  return { transport, client: createClient({ transport, locale: 'en' }) };
}

/** Reads the settings as a person does. */
function harness(el: EcoNotificationSettings) {
  const root = el.shadowRoot!;
  const byLabel = (text: string) => {
    const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.replace(/\s+/g, ' ').trim() === text);
    return label ? root.getElementById(label.htmlFor) as HTMLInputElement : undefined;
  };
  return {
    byLabel,
    get legends() {
      return [...root.querySelectorAll('legend')].map((l) => l.textContent?.trim());
    },
    get status() {
      return root.querySelector('.actions [part="status"]')?.textContent?.trim() ?? root.querySelector('[part="status"]')?.textContent?.trim() ?? '';
    },
    get error() {
      return root.querySelector('[part="error"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    },
    get save() {
      return root.querySelector<HTMLButtonElement>('[part="save"]')!;
    },
  };
}

describe('eco-notification-settings', () => {
  it('is accessible, shows the defaults grouped and described, and the caller’s spaces only', async () => {
    const { client } = setup();
    const el = await fixture<EcoNotificationSettings>(html`<eco-notification-settings .client=${client} lang="en"></eco-notification-settings>`);
    const h = harness(el);
    await until(() => h.byLabel('Someone mentions me'), 'the form');
    await expectAccessible(el);
    expect(h.legends).to.deep.equal(['People talk to me', 'Announcements and reviews', 'Spaces', 'Muted spaces']);
    const mention = h.byLabel('Someone mentions me')!;
    expect(mention.checked).to.equal(true);
    expect(el.shadowRoot!.getElementById(mention.getAttribute('aria-describedby')!)!.textContent).to.contain('muted spaces');
    expect(h.byLabel('Someone adds me to a space')!.checked).to.equal(false);
    expect(h.byLabel('Mute News')!.getAttribute('role')).to.equal('switch');
    expect(h.byLabel('Mute Elsewhere')).to.equal(undefined);
    client.close();
  });

  it('saves with the keyboard, saying so, and the server keeps it', async () => {
    const { client } = setup();
    const el = await fixture<EcoNotificationSettings>(html`<eco-notification-settings .client=${client} lang="en"></eco-notification-settings>`);
    const h = harness(el);
    const added = await until(() => h.byLabel('Someone adds me to a space'), 'the form');
    added.focus();
    await sendKeys({ press: 'Space' });
    h.byLabel('Mute News')!.click();
    h.save.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => h.status === 'Your notification settings are saved.', 'saved');
    expect(await client.notifications().preferences()).to.deep.equal({
      kinds: ['mention', 'comment', 'reply', 'ack_request', 'ack_reminder', 'space_added'],
      mutedSpaces: ['news'],
    });
    client.close();
  });

  it('shows a refused save with its reason, and a failed load with Retry', async () => {
    const { client, transport } = setup();
    transport.failNext('internal', 1, { match: (req) => req.path === routes.notificationPreferences() });
    const el = await fixture<EcoNotificationSettings>(html`<eco-notification-settings .client=${client} lang="en"></eco-notification-settings>`);
    const h = harness(el);
    await until(() => h.error.startsWith('Your settings could not be loaded.'), 'the load error');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Retry')!.click();
    await until(() => h.byLabel('Someone mentions me'), 'the form');
    const errors = spyEvents(el, 'eco-error');
    transport.failNext('forbidden', 1, { match: (req) => req.method === 'PUT' });
    h.save.click();
    await until(() => h.error.startsWith('Your settings could not be saved.'), 'the save error');
    expect(errors.map((e) => e.detail.action)).to.deep.equal(['save-settings']);
    client.close();
  });

  it('speaks French', async () => {
    const { client } = setup();
    const el = await fixture<EcoNotificationSettings>(html`<eco-notification-settings .client=${client} lang="fr"></eco-notification-settings>`);
    const h = harness(el);
    await until(() => h.byLabel('Quelqu’un me mentionne'), 'French');
    expect(h.byLabel('Mettre News en sourdine')).to.not.equal(undefined);
    client.close();
  });
});
