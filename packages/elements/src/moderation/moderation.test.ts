import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Subject, of } from 'rxjs';
import { createClient, errorFromProblem, type Transport, type TransportRequest } from '@ecotone/core';
import {
  hideContentPath,
  moderationQueuePath,
  problem,
  releasePostPath,
  reportsPath,
  restoreContentPath,
  type LiveEvent,
  type ModerationQueueItem,
} from '@ecotone/protocol';
import './moderation.js';
import './report-dialog.js';
import type { EcoModeration } from './moderation.component.js';
import type { EcoReportDialog } from './report-dialog.component.js';
import { alice, bob, me, spyEvents, until } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const reported: ModerationQueueItem = {
  targetType: 'post',
  targetId: 'p1',
  spaceId: 'general',
  postId: 'p1',
  author: alice,
  preview: 'Buy cheap watches <b>now</b>',
  reasons: { spam: 2, harassment: 1 },
  reports: 3,
  texts: ['An ad again'],
  at: '2026-12-01T09:00:00.000Z',
};
const reportedNote: ModerationQueueItem = {
  targetType: 'note',
  targetId: 'n1',
  spaceId: 'general',
  postId: null,
  author: bob,
  preview: 'A note about lunch',
  reasons: { off_topic: 1 },
  reports: 1,
  texts: [],
  at: '2026-12-01T07:00:00.000Z',
};
const held: ModerationQueueItem = {
  targetType: 'post',
  targetId: 'p2',
  spaceId: 'general',
  postId: 'p2',
  author: bob,
  preview: 'Un café crème',
  moderation: { state: 'held', reason: 'café crème', at: '2026-12-01T08:00:00.000Z' },
  reasons: {},
  reports: 0,
  texts: [],
  at: '2026-12-01T08:00:00.000Z',
};

/** A transport answering the moderation routes from `state.items`; `events` pushes live events. */
function fakeServer(options: { refuse?: boolean; failures?: number } = {}) {
  const requests: TransportRequest[] = [];
  const events = new Subject<LiveEvent>();
  const state = { items: [reported, held] as ModerationQueueItem[], failures: options.failures ?? 0 };
  const transport: Transport = {
    request: <T,>(req: TransportRequest): Promise<T> => {
      if (!req.path.includes('moderation') && !req.path.includes('reports') && !req.path.includes('release')) return Promise.resolve(me as T);
      requests.push(req);
      if (options.refuse) return Promise.reject(errorFromProblem(problem('forbidden', 'Only owners of the space moderate it')));
      if (state.failures > 0) {
        state.failures -= 1;
        return Promise.reject(errorFromProblem(problem('internal', 'Something broke')));
      }
      if (req.path === moderationQueuePath('general')) return Promise.resolve({ items: state.items } as T);
      if (req.path === hideContentPath('post', 'p1')) {
        state.items = [{ ...reported, reports: 0, reasons: {}, moderation: { state: 'hidden', reason: (req.body as { reason: string }).reason, at: reported.at } }, held];
        return Promise.resolve(undefined as T);
      }
      if (req.path === hideContentPath('note', 'n1')) {
        state.items = state.items.map((i) => (i.targetId === 'n1' ? { ...i, reports: 0, reasons: {}, moderation: { state: 'hidden', reason: (req.body as { reason: string }).reason, at: i.at } } : i));
        return Promise.resolve(undefined as T);
      }
      if (req.path === restoreContentPath('post', 'p1') || req.path === releasePostPath('p2')) {
        state.items = state.items.filter((i) => (req.path.includes('p1') ? i.targetId !== 'p1' : i.targetId !== 'p2'));
        return Promise.resolve(undefined as T);
      }
      if (req.path === reportsPath()) return Promise.resolve({ id: 'r1', spaceId: 'general', ...(req.body as object), createdAt: reported.at } as T);
      return Promise.reject(errorFromProblem(problem('not_found', 'Not found')));
    },
    events$: events,
    status$: of('connected' as const),
    close: () => {},
  };
  return { requests, events, state, client: createClient({ transport, locale: 'en' }) };
}

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const items = (el: EcoModeration) => [...el.shadowRoot!.querySelectorAll('[part="item"]')];
const button = (item: Element, part: string) => item.querySelector<HTMLButtonElement>(`[part="${part}"]`)!;

describe('<eco-moderation>', () => {
  it('is accessible, with the queue and with nothing to review', async () => {
    const { client, state } = fakeServer();
    const el = await fixture<EcoModeration>(html`<eco-moderation .client=${client} space="general"></eco-moderation>`);
    await until(() => items(el).length === 2, 'the queue');
    await expectAccessible(el);
    state.items = [];
    const empty = await fixture<EcoModeration>(html`<eco-moderation .client=${client} space="general"></eco-moderation>`);
    await until(() => empty.shadowRoot!.querySelector('[part="empty"]'), 'the empty state');
    expect(text(empty.shadowRoot!.querySelector('[part="empty"]'))).to.contain('Nothing to review');
    await expectAccessible(empty);
  });

  it('shows each item: what it is, who wrote it, reasons and counts, reporters’ texts, as text only', async () => {
    const { client } = fakeServer();
    const el = await fixture<EcoModeration>(html`<eco-moderation .client=${client} space="general"></eco-moderation>`);
    const [first, second] = await until(() => (items(el).length === 2 ? items(el) : null), 'the queue');
    expect(text(first)).to.contain('Post · by Alice Martin');
    expect(text(first!.querySelector('[part="preview"]'))).to.equal('Buy cheap watches <b>now</b>');
    expect(first!.querySelector('b')).to.equal(null);
    expect(text(first)).to.contain('3 reports');
    expect(text(first)).to.contain('Spam or advertising: 2');
    expect(text(first)).to.contain('Harassment: 1');
    expect(text(first)).to.contain('An ad again');
    expect(text(second!.querySelector('[part="state"]'))).to.equal('Held for review (word filter: café crème)');
    expect(button(second!, 'release')).to.exist;
    expect(second!.querySelector('[part="restore"]')).to.equal(null);
  });

  it('tells anyone but the owners that only they see it, and offers Retry after a failure', async () => {
    const refused = fakeServer({ refuse: true });
    const el = await fixture<EcoModeration>(html`<eco-moderation .client=${refused.client} space="general"></eco-moderation>`);
    await until(() => el.shadowRoot!.querySelector('[part="forbidden"]'), 'the forbidden message');
    expect(text(el.shadowRoot!.querySelector('[part="forbidden"]'))).to.contain('Only the space');

    const failing = fakeServer({ failures: 1 });
    const errors = spyEvents(document, 'eco-error');
    const el2 = await fixture<EcoModeration>(html`<eco-moderation .client=${failing.client} space="general"></eco-moderation>`);
    const error = await until(() => el2.shadowRoot!.querySelector('[part="error"]'), 'the error');
    expect(text(error)).to.contain('could not be loaded');
    expect(errors.at(-1)?.detail.action).to.equal('load');
    error.querySelector('button')!.click();
    await until(() => items(el2).length === 2, 'the queue after Retry');
  });

  it('reads the queue again when a live event says it changed', async () => {
    const { client, events, state, requests } = fakeServer();
    const el = await fixture<EcoModeration>(html`<eco-moderation .client=${client} space="general"></eco-moderation>`);
    await until(() => items(el).length === 2, 'the queue');
    state.items = [held];
    const before = requests.length;
    events.next({ type: 'moderation.changed', spaceId: 'other' });
    events.next({ type: 'moderation.changed', spaceId: 'general' });
    await until(() => items(el).length === 1, 'the queue updated live');
    expect(requests.length).to.equal(before + 1);
    expect(text(el.shadowRoot!.querySelector('[part="status"].visually-hidden'))).to.equal('The queue was updated.');
  });

  it('hides with a reason, by keyboard; Escape cancels; then restores', async () => {
    const { client, requests } = fakeServer();
    const el = await fixture<EcoModeration>(html`<eco-moderation .client=${client} space="general"></eco-moderation>`);
    const [first] = await until(() => (items(el).length === 2 ? items(el) : null), 'the queue');
    button(first!, 'hide').click();
    const reason = await until(() => el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="hide-reason"]'), 'the reason box');
    await until(() => el.shadowRoot!.activeElement === reason, 'focus in the reason box');
    await sendKeys({ press: 'Escape' });
    await until(() => !el.shadowRoot!.querySelector('[part="hide-reason"]'), 'the form closed');
    button(items(el)[0]!, 'hide').click();
    const box = await until(() => el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="hide-reason"]'), 'the reason box');
    await until(() => el.shadowRoot!.activeElement === box, 'focus in the reason box');
    await sendKeys({ type: 'Advertising is not allowed' });
    (el.shadowRoot!.querySelector('[part="confirm-hide"]') as HTMLButtonElement).click();
    await until(() => text(items(el)[0]!.querySelector('[part="state"]')) === 'Hidden: Advertising is not allowed', 'the hidden state');
    expect(requests.find((r) => r.path === hideContentPath('post', 'p1'))?.body).to.deep.equal({ reason: 'Advertising is not allowed' });
    expect(text(button(items(el)[0]!, 'restore'))).to.equal('Restore');
    button(items(el)[0]!, 'restore').click();
    await until(() => items(el).length === 1, 'restored and gone from the queue');
  });

  it('hides a reported note like a post', async () => {
    const { client, requests, state } = fakeServer();
    state.items = [reportedNote];
    const el = await fixture<EcoModeration>(html`<eco-moderation .client=${client} space="general"></eco-moderation>`);
    const [note] = await until(() => (items(el).length === 1 ? items(el) : null), 'the queue');
    expect(text(note)).to.contain('Note · by');
    button(note!, 'hide').click();
    const box = await until(() => el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="hide-reason"]'), 'the reason box');
    box.value = 'Not about our work';
    (el.shadowRoot!.querySelector('[part="confirm-hide"]') as HTMLButtonElement).click();
    await until(() => text(items(el)[0]!.querySelector('[part="state"]')) === 'Hidden: Not about our work', 'the hidden state');
    expect(requests.find((r) => r.path === hideContentPath('note', 'n1'))?.body).to.deep.equal({ reason: 'Not about our work' });
    expect(items(el)[0]!.querySelector('[part="hide"]')).to.equal(null);
  });

  it('publishes a held post', async () => {
    const { client } = fakeServer();
    const el = await fixture<EcoModeration>(html`<eco-moderation .client=${client} space="general"></eco-moderation>`);
    const [, second] = await until(() => (items(el).length === 2 ? items(el) : null), 'the queue');
    button(second!, 'release').click();
    await until(() => items(el).length === 1, 'released');
  });
});

describe('<eco-report-dialog>', () => {
  it('opens modal, is accessible, sends a reason and text, and thanks', async () => {
    const { client, requests } = fakeServer();
    const el = await fixture<EcoReportDialog>(html`<eco-report-dialog .client=${client} target-type="comment" target-id="c1"></eco-report-dialog>`);
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    await until(() => dialog.open, 'the dialog open');
    await expectAccessible(el);
    el.shadowRoot!.querySelector<HTMLInputElement>('input[value="harassment"]')!.click();
    el.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea')!.value = ' Twice today ';
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="sent"]'), 'the thanks');
    expect(requests.at(-1)?.body).to.deep.equal({ targetType: 'comment', targetId: 'c1', reason: 'harassment', text: 'Twice today' });
    const closed = spyEvents(el, 'close' as keyof GlobalEventHandlersEventMap);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close"]')!.click();
    await until(() => closed.length === 1, 'close');
  });

  it('asks for a reason before sending, and says why a report was refused', async () => {
    const { client, requests } = fakeServer({ failures: 1 });
    const el = await fixture<EcoReportDialog>(html`<eco-report-dialog .client=${client} target-id="p1"></eco-report-dialog>`);
    await until(() => el.shadowRoot!.querySelector('dialog')!.open, 'the dialog open');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.click();
    expect(requests.filter((r) => r.path === reportsPath())).to.have.length(0);
    el.shadowRoot!.querySelector<HTMLInputElement>('input[value="spam"]')!.click();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="error"]'), 'the refusal');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="sent"]'), 'the thanks');
  });
});
