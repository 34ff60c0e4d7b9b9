import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient, MemoryTransport, MemoryWorld, type EcotoneClient } from '@ecotone/core';
import { mentionMarkdown, routes, type Actor, type Comment, type Post, type Space } from '@ecotone/protocol';
import './notifications.js';
import type { EcoNotifications } from './notifications.component.js';
import type { EcoNotificationList } from './notification-list.component.js';
import { NotificationsHarness } from './_harness.js';
import { alice, bob, spyEvents, textOf, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const carla: Actor = { id: 'carla', displayName: 'Carla Rossi', locale: 'en' };
const dan: Actor = { id: 'dan', displayName: 'Dan Olsen', locale: 'en' };
const news: Space = { id: 'news', name: 'News', description: '', visibility: 'open', locale: 'en', role: null, canPublish: false };
const club: Space = { ...news, id: 'club', name: 'Club', visibility: 'private' };

/** Alice's client; everyone is a member of news; Alice owns the private club. */
function setup() {
  const world = new MemoryWorld({ spaces: [news, club], posts: [], people: [alice, bob, carla, dan] });
  for (const actor of [alice, bob, carla, dan]) world.addMember('news', { actor, role: 'member', since: '2026-01-01T00:00:00Z' });
  world.addMember('club', { actor: alice, role: 'owner', since: '2026-01-01T00:00:00Z' });
  const transport = new MemoryTransport(world, alice);
  const client = createClient({ transport, locale: 'en' });
  const as = (actor: Actor) => new MemoryTransport(world, actor);
  const publish = (actor: Actor, body: string) => as(actor).request<Post>({ method: 'POST', path: routes.publish('news'), body: { body } });
  const comment = (actor: Actor, postId: string, body = 'Nice') =>
    as(actor).request<Comment>({ method: 'POST', path: routes.comments(postId), body: { body } });
  return { world, transport, client, publish, comment, as };
}

async function render(client: EcotoneClient, lang = 'en') {
  const el = await fixture<EcoNotifications>(html`<eco-notifications .client=${client} lang=${lang}></eco-notifications>`);
  const h = new NotificationsHarness(el);
  return { el, h };
}

async function openPanel(h: NotificationsHarness) {
  h.bell.click();
  const list = await until(() => h.list, 'the panel');
  await until(() => list.items.length > 0 || list.status !== '' && !list.status.startsWith('Loading'), 'the list');
  return list;
}

describe('eco-notifications', () => {
  let b: ReturnType<typeof setup>;
  beforeEach(() => {
    b = setup();
  });
  afterEach(() => {
    // Back to the browser's own answer.
    delete (navigator as { onLine?: boolean }).onLine;
    b.client.close();
  });

  it('shows each notification\'s space label on a server with labels', async () => {
    const me = b.client.me.bind(b.client);
    b.client.me = async () => {
      const value = await me();
      return {
        ...value,
        memberships: value.memberships.map((m) => ({ ...m, label: m.spaceId === 'news' ? 'restricted' : 'public' })),
        classification: { labels: [{ id: 'public', color: '#2e7d32', names: { en: 'PUBLIC', fr: 'PUBLIC', de: 'ÖFFENTLICH' } }, { id: 'restricted', color: '#e65100', names: { en: 'RESTRICTED', fr: 'RESTREINT', de: 'VS' } }], clearance: 'restricted' },
      };
    };
    const post = await b.publish(alice, 'Lunch on Friday?');
    await b.comment(bob, post.id);
    const { h } = await render(b.client);
    const listEl = (await openPanel(h)).el;
    const badge = await until(() => {
      const found = listEl.shadowRoot!.querySelector<HTMLElement>('[part="meta"] [part~="classification"]');
      return found?.shadowRoot?.querySelector('[part="base"]') ? found : undefined;
    }, 'the badge');
    expect(badge.getAttribute('part')).to.equal('classification classification-restricted');
    expect(textOf(badge.shadowRoot!.querySelector('.visually-hidden')!)).to.equal('Classification: RESTRICTED');
  });

  it('is accessible, closed and open, and names its unread count', async () => {
    const post = await b.publish(alice, 'Lunch on Friday?');
    await b.comment(bob, post.id);
    const { el, h } = await render(b.client);
    await until(() => h.badge === '1', 'the count');
    expect(h.label).to.equal('Notifications, 1 unread');
    expect(h.bell.getAttribute('aria-expanded')).to.equal('false');
    await expectAccessible(el);
    const list = await openPanel(h);
    await until(() => list.items.length === 1, 'one notification');
    await expectAccessible(el);
  });

  it('shows 99+ when there are more than it counts', async () => {
    for (let i = 0; i < 100; i++) await b.publish(bob, `Hi ${mentionMarkdown(alice)} ${i}`);
    const { h } = await render(b.client);
    await until(() => h.badge === '99+', 'the capped count');
    expect(h.label).to.equal('Notifications, more than 99 unread');
  });

  it('announces what arrives, once each, but not what was there when the page loaded', async () => {
    const post = await b.publish(alice, 'Figures');
    await b.comment(bob, post.id);
    const { h } = await render(b.client);
    await until(() => h.badge === '1', 'the count');
    expect(h.announced).to.equal('');
    await b.publish(carla, `Thanks ${mentionMarkdown(alice)}`);
    await until(() => h.badge === '2', 'the new count');
    expect(h.announced).to.equal('New notification: Carla Rossi mentioned you in a post');
  });

  it('opens with the keyboard, closes with Escape and gives focus back to the bell', async () => {
    const post = await b.publish(alice, 'Figures');
    await b.comment(bob, post.id);
    const { el, h } = await render(b.client);
    h.bell.focus();
    await sendKeys({ press: 'Enter' });
    const list = await until(() => h.list, 'the panel');
    await until(() => list.items.length === 1, 'the list');
    expect(h.panelOpen).to.equal(true);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(h.panelOpen).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(h.bell);
  });

  it('says who did what for each kind, grouped, newest first', async () => {
    const post = await b.publish(alice, 'Lunch on Friday?');
    const first = await b.comment(bob, post.id, 'Yes');
    await b.comment(carla, post.id);
    await b.comment(dan, post.id);
    await b.as(bob).request({ method: 'POST', path: routes.comments(post.id), body: { body: `Reply ${mentionMarkdown(alice)}`, parentId: first.id } });
    await b.client.notifications().setPreferences({ kinds: ['mention', 'comment', 'reply', 'join_requested'], mutedSpaces: [] });
    await b.as(dan).request({ method: 'POST', path: routes.join('club'), body: {} });
    const { h } = await render(b.client);
    const list = await openPanel(h);
    await until(() => list.items.length === 3, 'three notifications');
    expect(list.sentences).to.deep.equal([
      'Dan Olsen asks to join Club',
      // Bob's reply mentions Alice: she is told once, by the most personal kind
      // (commentNotices), so the comment group keeps the three first comments.
      'Bob Keller mentioned you in a comment',
      'Dan Olsen and 2 others commented on your post',
    ]);
  });

  it('speaks French and German, with their plurals', async () => {
    const post = await b.publish(alice, 'Déjeuner ?');
    await b.comment(bob, post.id);
    await b.comment(carla, post.id);
    const fr = await render(b.client, 'fr');
    const list = await openPanel(fr.h);
    await until(() => list.sentences[0]?.includes('ont commenté'), 'French');
    expect(list.sentences).to.deep.equal(['Carla Rossi et Bob Keller ont commenté votre publication']);
    await until(() => fr.h.label === 'Notifications, 1 non lue', 'the French label');
    const de = await render(b.client, 'de');
    const deList = await openPanel(de.h);
    await until(() => deList.sentences[0] === 'Carla Rossi und Bob Keller haben Ihren Beitrag kommentiert', 'German');
  });

  it('marks read when opened, emits eco-open-notification, and shows the post in a dialog unless prevented', async () => {
    const post = await b.publish(alice, 'Lunch on Friday?');
    await b.comment(bob, post.id);
    await b.publish(carla, `Hi ${mentionMarkdown(alice)}`);
    const { el, h } = await render(b.client);
    const list = await openPanel(h);
    await until(() => list.items.length === 2, 'the list');
    const opened = spyEvents(el, 'eco-open-notification');
    // The page shows it itself: no dialog.
    el.addEventListener('eco-open-notification', (e) => e.preventDefault(), { once: true });
    list.items[0]!.click();
    await until(() => h.badge === '1', 'one read');
    expect(opened).to.have.length(1);
    expect(opened[0]!.cancelable).to.equal(true);
    expect(opened[0]!.composed).to.equal(true);
    expect(opened[0]!.detail.notification.kind).to.equal('mention');
    expect(list.dialog!.open).to.equal(false);
    await until(() => list.unread[0] === false, 'the first shown read');
    // Not prevented: the post (with its comments) in a modal dialog.
    list.items[1]!.click();
    await until(() => list.dialog?.open, 'the dialog');
    const shownPost = await until(() => list.dialog!.querySelector('eco-post'), 'the post');
    expect(shownPost.getAttribute('post-id')).to.equal(post.id);
    await until(() => list.dialog!.querySelector('eco-comments'), 'its comments');
    await until(() => h.badge === '', 'none unread');
    expect(h.label).to.equal('Notifications, none unread');
    // Escape closes the dialog, not the panel.
    await sendKeys({ press: 'Escape' });
    await until(() => !list.dialog!.open, 'the dialog closed');
    expect(h.panelOpen).to.equal(true);
  });

  it('opens a mention in a comment: the comment’s post, with the comment and its chip, in the dialog', async () => {
    const post = await b.publish(carla, 'Seminar programme');
    await b.comment(bob, post.id, `Could ${mentionMarkdown(alice)} check the Basel slot?`);
    const { h } = await render(b.client);
    await until(() => h.badge === '1', 'the mention counted');
    const list = await openPanel(h);
    await until(() => list.sentences[0] === 'Bob Keller mentioned you in a comment', 'the mention listed');
    list.items[0]!.click();
    await until(() => list.dialog?.open, 'the dialog');
    const shownPost = await until(() => list.dialog!.querySelector('eco-post'), 'the post');
    expect(shownPost.getAttribute('post-id')).to.equal(post.id);
    const comments = await until(() => list.dialog!.querySelector('eco-comments'), 'its comments');
    await until(() => textOf(comments).includes('check the Basel slot?'), 'the comment');
    const chip = comments.shadowRoot!.querySelector('[part="mention"]');
    expect(chip?.textContent).to.equal('@Alice Martin');
    await until(() => h.badge === '', 'read');
  });

  it('marks all as read, and every tab follows', async () => {
    await b.publish(bob, `One ${mentionMarkdown(alice)}`);
    await b.publish(bob, `Two ${mentionMarkdown(alice)}`);
    const otherTab = createClient({ transport: new MemoryTransport(b.world, alice), locale: 'en' });
    const { h } = await render(b.client);
    const other = await render(otherTab);
    await until(() => other.h.badge === '2', 'the other tab');
    const list = await openPanel(h);
    list.button('Mark all as read')!.click();
    await until(() => h.badge === '', 'none unread here');
    await until(() => other.h.badge === '', 'none unread in the other tab');
    expect(list.unread).to.deep.equal([false, false]);
    otherTab.close();
  });

  it('shows the empty state, and a failed load with its retry', async () => {
    b.transport.failNext('internal', 1, { match: (req) => req.path === routes.notifications() });
    const { h } = await render(b.client);
    h.bell.click();
    const list = await until(() => h.list, 'the panel');
    await until(() => list.error.startsWith('The notifications could not be loaded.'), 'the error');
    list.button('Retry')!.click();
    await until(() => list.status === 'You have no notifications.', 'the empty state');
  });

  it('says it is offline instead of failing when the network is gone', async () => {
    b.transport.failNext('network', 5, { match: (req) => req.path === routes.notifications() });
    const { h } = await render(b.client);
    h.bell.click();
    const list = await until(() => h.list, 'the panel');
    // The browser says the network is gone.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    window.dispatchEvent(new Event('offline'));
    await until(() => list.status === 'You are offline. Your notifications will show when you are back online.', 'the offline state');
  });

  it('loads more on demand', async () => {
    for (let i = 0; i < 25; i++) await b.publish(bob, `N${i} ${mentionMarkdown(alice)}`);
    const { h } = await render(b.client);
    const list = await openPanel(h);
    await until(() => list.items.length === 20, 'the first page');
    list.button('Show more notifications')!.click();
    await until(() => list.items.length === 25, 'the second page');
    expect(list.button('Show more notifications')).to.equal(undefined);
  });

  it('is themable through its parts and variables', async () => {
    const post = await b.publish(alice, 'x');
    await b.comment(bob, post.id);
    const { el, h } = await render(b.client);
    el.style.setProperty('--eco-notifications-badge-background', 'rgb(1, 2, 3)');
    await until(() => h.badge === '1', 'the count');
    const badge = el.shadowRoot!.querySelector('[part="badge"]')!;
    expect(getComputedStyle(badge).backgroundColor).to.equal('rgb(1, 2, 3)');
    const list = await openPanel(h);
    expect((list.el as EcoNotificationList).getAttribute('part')).to.equal('list');
  });
});
