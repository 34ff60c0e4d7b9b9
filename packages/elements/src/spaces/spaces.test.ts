import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './spaces.js';
import { MemoryTransport, createClient, type EcotoneClient } from '@ecotone/core';
import { membersPath, type Actor, type MemberPage, type Space } from '@ecotone/protocol';
import type { EcoSpaces } from './spaces.component.js';
import { bob, localeLoaded, me, spyEvents, textOf, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const carla: Actor = { id: 'carla', displayName: 'Carla Rossi', site: 'Lyon', locale: 'fr' };
const dieter: Actor = { id: 'dieter', displayName: 'Dieter Braun', site: 'Basel', locale: 'de' };

function space(id: string, overrides: Partial<Space>): Space {
  return { id, name: id, description: '', visibility: 'open', locale: 'en', role: null, canPublish: false, ...overrides };
}

const SPACES: Space[] = [
  space('lyon', { name: 'Lyon site', description: 'Everything about the Lyon site', site: 'Lyon', role: 'owner', canPublish: true }),
  space('basel', { name: 'Basel site', description: 'Neuigkeiten aus Basel', site: 'Basel' }),
  space('security', { name: 'Sécurité', description: 'Sécurité des systèmes', visibility: 'private', site: 'Lyon' }),
  space('oncology', { name: 'R&D oncology', description: 'Research', visibility: 'private', site: 'Basel', role: 'member', canPublish: true }),
  space('hidden', { name: 'Hidden', description: 'Secret work', visibility: 'secret' }),
];

interface Backend {
  transport: MemoryTransport;
  client: EcotoneClient;
}

function backend(moreLyonMembers: MemberPage['items'] = []): Backend {
  const transport = new MemoryTransport({
    me: { ...structuredClone(me), memberships: [{ spaceId: 'lyon', actorId: 'alice', role: 'owner' }, { spaceId: 'oncology', actorId: 'alice', role: 'member' }] },
    spaces: structuredClone(SPACES),
    posts: [],
    members: {
      lyon: [{ actor: bob, role: 'member', since: '2026-01-01T00:00:00Z' }, ...moreLyonMembers],
      basel: [{ actor: dieter, role: 'owner', since: '2026-01-01T00:00:00Z' }],
    },
    joinRequests: [{ spaceId: 'lyon', actor: carla, message: 'I work on the Lyon site', createdAt: '2026-11-27T08:00:00Z' }],
  });
  return { transport, client: createClient({ transport, locale: 'en' }) };
}

function spaceItem(el: EcoSpaces, name: string): HTMLElement {
  const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="space"]')];
  const found = items.find((li) => li.querySelector('.name')?.textContent?.trim() === name);
  if (!found) throw new Error(`No space ${name} in ${items.map((li) => li.querySelector('.name')?.textContent?.trim()).join(', ')}`);
  return found;
}

function names(el: EcoSpaces): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="space"] .name')].map((n) => n.textContent!.trim());
}

function findButton(root: ParentNode, text: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((b) => textOf(b) === text);
}

function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = findButton(root, text);
  if (!found) throw new Error(`No button ${text}`);
  return found;
}

describe('eco-spaces', () => {
  let b: Backend;
  beforeEach(() => (b = backend()));
  afterEach(() => b.client.close());

  async function directory(attrs: { site?: string; lang?: string } = {}) {
    const el = await fixture<EcoSpaces>(
      html`<eco-spaces .client=${b.client} site=${attrs.site ?? ''} lang=${attrs.lang ?? 'en'}></eco-spaces>`,
    );
    await until(() => el.shadowRoot!.querySelector('section[aria-busy="false"]'), 'directory loaded');
    await localeLoaded(b.client, el, attrs.lang);
    return el;
  }

  it('lists the spaces the caller may see, never a secret space of which they are not a member', async () => {
    const el = await directory();
    expect(names(el)).to.deep.equal(['Basel site', 'Lyon site', 'R&D oncology', 'Sécurité']);
    expect(textOf(el.shadowRoot!.querySelector('[part="status"]')!)).to.equal('4 spaces');
    expect(textOf(spaceItem(el, 'Lyon site').querySelector('[part="meta"]')!)).to.equal('Open space · Lyon · 2 members · You are owner');
  });

  it('filters by site and searches without accents, asking the server', async () => {
    const el = await directory();
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('[part="site"]')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'Basel', 'Lyon']);
    select.value = 'Lyon';
    select.dispatchEvent(new Event('change'));
    await until(() => names(el).length === 2, 'Lyon spaces');
    expect(names(el)).to.deep.equal(['Lyon site', 'Sécurité']);
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('[part="search"]')!;
    search.focus();
    await sendKeys({ type: 'securite' });
    await until(() => names(el).length === 1, 'search result');
    expect(names(el)).to.deep.equal(['Sécurité']);
    await sendKeys({ type: 'zzz' });
    await until(() => textOf(el.shadowRoot!.querySelector('[part="status"]')!) === 'No space matches these filters.', 'no match');
  });

  it('joins an open space from the keyboard, then leaves it after confirming', async () => {
    const el = await directory();
    const events = spyEvents(el, 'eco-membership');
    const join = button(spaceItem(el, 'Basel site'), 'Join');
    expect(join.getAttribute('aria-label')).to.equal('Join Basel site');
    join.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => spaceItem(el, 'Basel site').querySelector('[part="meta"]')!.textContent!.includes('You are member'), 'joined');
    expect(textOf(spaceItem(el, 'Basel site').querySelector('[part="meta"]')!)).to.contain('2 members');
    expect(events.map((e) => e.detail)).to.deep.equal([{ action: 'join', spaceId: 'basel' }]);
    expect((await b.client.me()).memberships.some((m) => m.spaceId === 'basel' && m.role === 'member')).to.equal(true);
    // Focus stays in the space, on its new first action.
    await until(() => el.shadowRoot!.activeElement?.textContent?.trim() === 'Leave', 'focus on Leave');
    await sendKeys({ press: 'Enter' });
    await until(() => spaceItem(el, 'Basel site').querySelector('[part~="form"]'), 'confirmation');
    expect(textOf(spaceItem(el, 'Basel site').querySelector('[part~="form"]')!)).to.contain('Leave Basel site?');
    button(spaceItem(el, 'Basel site'), 'Yes, leave').click();
    await until(() => findButton(spaceItem(el, 'Basel site'), 'Join'), 'left');
    expect(events.at(-1)!.detail).to.deep.equal({ action: 'leave', spaceId: 'basel' });
  });

  it('asks to join a private space with a message, and can withdraw the request', async () => {
    const el = await directory();
    button(spaceItem(el, 'Sécurité'), 'Ask to join').click();
    await el.updateComplete;
    const textarea = spaceItem(el, 'Sécurité').querySelector('textarea')!;
    textarea.focus();
    await sendKeys({ type: 'Alice from Lyon' });
    button(spaceItem(el, 'Sécurité'), 'Send request').click();
    await until(() => textOf(spaceItem(el, 'Sécurité')).includes('Your request to join is waiting for an owner'), 'pending');
    expect(spaceItem(el, 'Sécurité').querySelector('textarea')).to.equal(null);
    button(spaceItem(el, 'Sécurité'), 'Withdraw request').click();
    await until(() => findButton(spaceItem(el, 'Sécurité'), 'Ask to join'), 'withdrawn');
  });

  it('shows a refused join as a message and changes nothing', async () => {
    const el = await directory();
    b.transport.failNext('forbidden', 1, { match: (r) => r.method === 'POST' });
    button(spaceItem(el, 'Basel site'), 'Join').click();
    const alert = await until(() => spaceItem(el, 'Basel site').querySelector('[role="alert"]'), 'error');
    await until(() => alert.textContent!.includes('You could not join.') && alert.textContent!.length > 'You could not join. '.length, 'reason');
    expect(button(spaceItem(el, 'Basel site'), 'Join')).to.exist;
  });

  it('lets an owner approve a request, change a role and remove a member; the last owner is kept', async () => {
    const el = await directory();
    const lyon = () => spaceItem(el, 'Lyon site');
    const manage = button(lyon(), 'Members');
    expect(manage.getAttribute('aria-expanded')).to.equal('false');
    manage.click();
    await until(() => lyon().querySelector('[part="requests"]'), 'requests');
    expect(textOf(lyon().querySelector('[part="requests"]')!)).to.contain('Carla Rossi');
    expect(textOf(lyon().querySelector('[part="requests"]')!)).to.contain('I work on the Lyon site');
    lyon().querySelector<HTMLButtonElement>('[aria-label="Approve the request of Carla Rossi"]')!.click();
    await until(() => !lyon().querySelector('[part="requests"]'), 'request answered');
    await until(() => lyon().querySelector('[aria-label="Role of Carla Rossi"]') || lyon().querySelector('label[for="role-lyon-carla"]'), 'Carla listed');
    expect(textOf(lyon().querySelector('[part="meta"]')!)).to.contain('3 members');

    const bobRole = lyon().querySelector<HTMLSelectElement>('#role-lyon-bob')!;
    bobRole.value = 'correspondent';
    bobRole.dispatchEvent(new Event('change'));
    await until(() => lyon().querySelector<HTMLSelectElement>('#role-lyon-bob')?.value === 'correspondent' && !lyon().querySelector('li[aria-busy="true"]'), 'role changed');
    const page = await b.transport.request<MemberPage>({ method: 'GET', path: membersPath('lyon') });
    expect(page.items.find((m) => m.actor.id === 'bob')?.role).to.equal('correspondent');

    // Alice is the only owner: demoting herself is refused, the select goes back.
    const mine = lyon().querySelector<HTMLSelectElement>('#role-lyon-alice')!;
    mine.value = 'member';
    mine.dispatchEvent(new Event('change'));
    const alert = await until(() => lyon().querySelector('[part="members"] [role="alert"]'), 'last owner');
    await until(() => alert.textContent!.includes('at least one owner'), 'last owner sentence');
    expect(lyon().querySelector<HTMLSelectElement>('#role-lyon-alice')!.value).to.equal('owner');

    lyon().querySelector<HTMLButtonElement>('[aria-label="Remove Bob Keller from the space"]')!.click();
    await el.updateComplete;
    button(lyon(), 'Yes, remove Bob Keller').click();
    await until(() => !lyon().querySelector('#role-lyon-bob'), 'Bob removed');
  });

  it('marks a member whose access has ended as a former member (en, fr, de)', async () => {
    b.client.close();
    b = backend([{ actor: { ...dieter, deactivated: true }, role: 'member', since: '2026-01-01T00:00:00Z' }]);
    const expected = { en: 'former member', fr: 'ancien membre', de: 'ehemaliges Mitglied' } as const;
    for (const [lang, text] of Object.entries(expected)) {
      const el = await directory({ lang });
      const lyon = () => spaceItem(el, 'Lyon site');
      lyon().querySelector<HTMLButtonElement>('button[aria-controls="members-lyon"]')!.click();
      const row = await until(() => lyon().querySelector('#role-lyon-dieter')?.closest('li'), 'members listed');
      expect(textOf(row.querySelector('.person')!)).to.equal('Dieter Braun');
      expect(textOf(row.querySelector('[part="former-member"]')!)).to.equal(text);
      expect(lyon().querySelector('#role-lyon-bob')!.closest('li')!.querySelector('[part="former-member"]')).to.equal(null);
      if (lang === 'en') await expectAccessible(el);
    }
  });

  it('follows live membership changes: a new request reaches the owner', async () => {
    const el = await directory();
    button(spaceItem(el, 'Lyon site'), 'Members').click();
    await until(() => spaceItem(el, 'Lyon site').querySelector('[part="requests"]'), 'requests');
    b.transport.addJoinRequest({ spaceId: 'lyon', actor: dieter, message: '', createdAt: '2026-11-27T09:00:00Z' });
    await until(() => textOf(spaceItem(el, 'Lyon site').querySelector('[part="requests"]')!).includes('Dieter Braun'), 'live request');
  });

  it('shows loading, empty and error states with a retry', async () => {
    b.transport.failNext('internal', 1, { match: (r) => r.path.endsWith('/spaces') });
    const el = await fixture<EcoSpaces>(html`<eco-spaces .client=${b.client}></eco-spaces>`);
    const alert = await until(() => el.shadowRoot!.querySelector('[role="alert"]'), 'error');
    await until(() => alert.textContent!.includes('The spaces could not be loaded.'), 'error text');
    await expectAccessible(el);
    button(el.shadowRoot!, 'Retry').click();
    await until(() => names(el).length === 4, 'retried');
  });

  it('is accessible with the directory, a join box, a leave confirmation and the members panel open', async () => {
    const el = await directory();
    await expectAccessible(el);
    button(spaceItem(el, 'Sécurité'), 'Ask to join').click();
    await el.updateComplete;
    await expectAccessible(el);
    button(spaceItem(el, 'R&D oncology'), 'Leave').click();
    button(spaceItem(el, 'Lyon site'), 'Members').click();
    await until(() => spaceItem(el, 'Lyon site').querySelector('[part="requests"]'), 'members panel');
    await expectAccessible(el);
  });

  it('speaks French and German, with plurals and formatted counts', async () => {
    const fr = await directory({ lang: 'fr' });
    await until(() => textOf(fr.shadowRoot!.querySelector('[part="status"]')!) === '4 espaces', 'French count');
    expect(textOf(spaceItem(fr, 'Lyon site').querySelector('[part="meta"]')!)).to.equal('Espace ouvert · Lyon · 2 membres · Vous êtes propriétaire');
    expect(button(spaceItem(fr, 'Basel site'), 'Rejoindre')).to.exist;
    const de = await directory({ lang: 'de' });
    await until(() => textOf(de.shadowRoot!.querySelector('[part="status"]')!) === '4 Bereiche', 'German count');
    expect(button(spaceItem(de, 'Sécurité'), 'Beitritt anfragen')).to.exist;
  });
});
