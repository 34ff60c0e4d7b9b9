import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { NEVER, of } from 'rxjs';
import { createClient, errorFromProblem, type Transport, type TransportRequest } from '@ecotone/core';
import { auditPath, problem, type AuditEntry, type AuditPage } from '@ecotone/protocol';
import './audit-log.js';
import type { EcoAuditLog } from './audit-log.component.js';
import { me, spyEvents, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

function entry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: new Date(Date.UTC(2026, 11, 1, 9, 0, seq)).toISOString(),
    actorId: 'thomas',
    actorName: 'Thomas Moreau',
    action: 'post.publish',
    targetType: 'post',
    targetId: `post-${seq}`,
    spaceId: 'general',
    detail: { kind: 'post' },
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

/** The trail the fake server holds, oldest first. */
const TRAIL: AuditEntry[] = [
  entry(1, { actorId: null, actorName: null, action: 'server.start', targetType: 'server', targetId: null, spaceId: null, detail: { database: 'sqlite', cors: [] } }),
  entry(2, { actorId: 'camille', actorName: 'Camille Bernard', action: 'member.role', targetType: 'person', targetId: 'camille', detail: { role: 'member' } }),
  entry(3),
  entry(4, { action: 'post.delete', detail: { authorId: 'thomas' } }),
  entry(5, { actorId: 'camille', actorName: 'Camille Bernard', spaceId: 'lyon-site' }),
  entry(6, { actorId: 'gone', actorName: null, action: 'vendor.custom_thing', targetType: 'widget', targetId: 'w1', detail: { note: '<b>not html</b>' } }),
  entry(7),
];

/**
 * A transport that answers `GET /audit` as the server does (filters, newest
 * first, a cursor), from `TRAIL`; `refuse` makes it answer 403, `failures`
 * makes the next requests fail with a server error.
 */
function fakeServer(options: { refuse?: boolean } = {}) {
  const requests: TransportRequest[] = [];
  const state = { failures: 0, refuse: options.refuse ?? false };
  const transport: Transport = {
    request: <T,>(req: TransportRequest): Promise<T> => {
      if (req.path !== auditPath()) return Promise.resolve(me as T);
      requests.push(req);
      if (state.refuse) return Promise.reject(errorFromProblem(problem('forbidden', 'Only the server\'s auditors may read the audit trail')));
      if (state.failures > 0) {
        state.failures -= 1;
        return Promise.reject(errorFromProblem(problem('internal', 'Something broke')));
      }
      const q = req.query ?? {};
      const before = q['before'] === undefined ? Infinity : Number(q['before']);
      const limit = Number(q['limit'] ?? 50);
      const matching = [...TRAIL]
        .reverse()
        .filter((e) => e.seq < before && (q['action'] === undefined || e.action === q['action']) && (q['actor'] === undefined || e.actorId === q['actor']) && (q['space'] === undefined || e.spaceId === q['space']));
      const items = matching.slice(0, limit);
      const page: AuditPage = { items, nextCursor: matching.length > limit ? String(items.at(-1)!.seq) : null };
      return Promise.resolve(page as T);
    },
    events$: NEVER,
    status$: of('connected' as const),
    close: () => {},
  };
  return { transport, requests, state, client: createClient({ transport, locale: 'en' }) };
}

/** Reads the log as a person does. */
function harness(el: EcoAuditLog) {
  const root = el.shadowRoot!;
  const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return {
    get rows() {
      // A detail is a list of name-value pairs: one "name value" each, separated by ";".
      const cell = (td: Element) => (td.querySelector('dl') ? [...td.querySelector('dl')!.children].map(text).join('; ') : text(td));
      return [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(cell));
    },
    get headers() {
      return [...root.querySelectorAll('thead th')].map((th) => text(th));
    },
    get caption() {
      return text(root.querySelector('caption'));
    },
    get error() {
      return text(root.querySelector('[part="error"]'));
    },
    get forbidden() {
      return text(root.querySelector('[part="forbidden"]'));
    },
    get empty() {
      return text(root.querySelector('[part="empty"]'));
    },
    get more() {
      return root.querySelector<HTMLButtonElement>('[part="more"]');
    },
    button(label: string) {
      return [...root.querySelectorAll('button')].find((b) => text(b) === label);
    },
    field(id: string) {
      return root.getElementById(id) as HTMLInputElement & HTMLSelectElement;
    },
    get table() {
      return root.querySelector('table');
    },
  };
}

describe('eco-audit-log', () => {
  it('is accessible: a table with a caption and column headers, newest first, actions in words', async () => {
    const { client, requests } = fakeServer();
    const el = await fixture<EcoAuditLog>(html`<eco-audit-log .client=${client} lang="en"></eco-audit-log>`);
    const h = harness(el);
    await until(() => h.rows.length === 7, 'the entries');
    await expectAccessible(el);
    expect(h.caption).to.equal('Audit trail entries, newest first');
    expect(h.headers).to.deep.equal(['Time', 'Who', 'Action', 'Target', 'Space', 'Details']);
    expect(el.shadowRoot!.querySelectorAll('th[scope="col"]')).to.have.length(6);
    const [newest, unknown, , , , joined, started] = h.rows;
    expect(newest!.slice(1)).to.deep.equal(['Thomas Moreau thomas', 'Published a post post.publish', 'Post post-7', 'general', 'kind post']);
    // The time in the reader's language and time zone, the exact instant in datetime.
    const time = el.shadowRoot!.querySelector('tbody time')!;
    expect(time.getAttribute('datetime')).to.equal(TRAIL[6]!.at);
    expect(newest![0]).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(TRAIL[6]!.at)));
    // An action this element does not know shows as its code; a person the server no longer knows, by id; content stays text.
    expect(unknown!.slice(1)).to.deep.equal(['Unknown person gone', 'vendor.custom_thing', 'widget w1', 'general', 'note <b>not html</b>']);
    expect(el.shadowRoot!.querySelector('tbody b')).to.equal(null);
    expect(joined!.slice(1, 3)).to.deep.equal(['Camille Bernard camille', 'Gave a role in a space member.role']);
    expect(started!.slice(1)).to.deep.equal(['The server', 'Server started server.start', 'Server', '—', 'database sqlite; cors —']);
    expect(requests.map((r) => r.query)).to.deep.equal([{ limit: 50 }]);
    expect(h.more).to.equal(null);
    client.close();
  });

  it('sends the filters as the query: the action on change, person and space on submit, with the keyboard', async () => {
    const { client, requests } = fakeServer();
    const el = await fixture<EcoAuditLog>(html`<eco-audit-log .client=${client} lang="en"></eco-audit-log>`);
    const h = harness(el);
    await until(() => h.rows.length === 7, 'the entries');
    const select = h.field('action');
    select.value = 'post.publish';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => h.rows.length === 3, 'the post.publish entries');
    expect(requests.at(-1)!.query).to.deep.equal({ action: 'post.publish', limit: 50 });
    h.field('actor').focus();
    await sendKeys({ type: 'camille' });
    await sendKeys({ press: 'Enter' });
    await until(() => h.rows.length === 1, 'camille\'s post');
    expect(requests.at(-1)!.query).to.deep.equal({ action: 'post.publish', actor: 'camille', limit: 50 });
    expect(h.rows[0]![4]).to.equal('lyon-site');
    h.field('space').focus();
    await sendKeys({ type: 'general' });
    await sendKeys({ press: 'Enter' });
    await until(() => h.empty === 'No entries match these filters.', 'the empty message');
    expect(requests.at(-1)!.query).to.deep.equal({ action: 'post.publish', actor: 'camille', space: 'general', limit: 50 });
    // An id the server would refuse is not sent.
    const sent = requests.length;
    h.field('space').value = 'not an id';
    h.button('Apply')!.click();
    await el.updateComplete;
    expect(requests.length).to.equal(sent);
    h.button('Clear filters')!.click();
    await until(() => h.rows.length === 7, 'every entry again');
    expect(requests.at(-1)!.query).to.deep.equal({ limit: 50 });
    client.close();
  });

  it('pages with Load more, the cursor of the previous page as before', async () => {
    const { client, requests } = fakeServer();
    const el = await fixture<EcoAuditLog>(html`<eco-audit-log .client=${client} page-size="3" lang="en"></eco-audit-log>`);
    const h = harness(el);
    await until(() => h.rows.length === 3, 'the first page');
    h.more!.click();
    await until(() => h.rows.length === 6, 'the second page');
    expect(requests.map((r) => r.query)).to.deep.equal([{ limit: 3 }, { limit: 3, before: '5' }]);
    h.more!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => h.rows.length === 7, 'the last page');
    expect(h.rows.map((r) => r[3])).to.deep.equal(['Post post-7', 'widget w1', 'Post post-5', 'Post post-4', 'Post post-3', 'Person camille', 'Server']);
    expect(h.more).to.equal(null);
    expect(el.shadowRoot!.querySelector('.count')!.textContent!.trim()).to.equal('7 entries shown');
    client.close();
  });

  it('tells someone who is no auditor so, without a table or an eco-error', async () => {
    const { client } = fakeServer({ refuse: true });
    const errors: Event[] = [];
    const el = await fixture<EcoAuditLog>(html`<eco-audit-log .client=${client} lang="en" @eco-error=${(e: Event) => errors.push(e)}></eco-audit-log>`);
    const h = harness(el);
    await until(() => h.forbidden, 'the message');
    expect(h.forbidden).to.contain('Only the server’s auditors can read the audit trail');
    expect(h.table).to.equal(null);
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    expect(errors).to.have.length(0);
    await expectAccessible(el);
    client.close();
  });

  it('shows a failed load with Retry, and a failed page with its own Retry', async () => {
    const { client, state } = fakeServer();
    state.failures = 1;
    const el = await fixture<EcoAuditLog>(html`<eco-audit-log .client=${client} page-size="4" lang="en"></eco-audit-log>`);
    const errors = spyEvents(el, 'eco-error');
    const h = harness(el);
    await until(() => h.error.startsWith('The audit trail could not be loaded.'), 'the load error');
    await expectAccessible(el);
    h.button('Retry')!.click();
    await until(() => h.rows.length === 4, 'the entries');
    state.failures = 1;
    h.more!.click();
    await until(() => h.error.startsWith('Older entries could not be loaded.'), 'the page error');
    expect(h.rows).to.have.length(4);
    h.more!.click();
    await until(() => h.rows.length === 7, 'the rest');
    expect(h.error).to.equal('');
    expect(errors.map((e) => e.detail.action)).to.deep.equal(['load-more']);
    client.close();
  });

  it('speaks French and German', async () => {
    for (const [lang, title, action] of [
      ['fr', 'Journal d’audit', 'Publication d’un message post.publish'],
      ['de', 'Audit-Protokoll', 'Beitrag veröffentlicht post.publish'],
    ] as const) {
      const { client } = fakeServer();
      const el = await fixture<EcoAuditLog>(html`<eco-audit-log .client=${client} lang=${lang}></eco-audit-log>`);
      const h = harness(el);
      await until(() => h.rows.length === 7 && el.shadowRoot!.querySelector('h2')!.textContent === title, lang);
      expect(h.rows[0]![2]).to.equal(action);
      client.close();
    }
  });
});
