import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Comment } from '@ecotone/protocol';
import './comments.js';
import type { EcoComments } from './comments.component.js';
import { CommentsHarness } from './_harness.js';
import { alice, backendWithPeople, bob, lukas, makePost, peopleSearches, shadow, spyEvents, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';
import { dialogOf } from '../person/_harness.js';
import { MentionPickerHarness } from '../mentions/_harness.js';

function makeComment(n: number, overrides: Partial<Comment> = {}): Comment {
  const id = overrides.id ?? `c${n}`;
  return {
    id,
    postId: 'p1',
    spaceId: 'news',
    parentId: null,
    author: bob,
    body: `Comment ${n}`,
    locale: 'en',
    createdAt: new Date(Date.parse('2026-11-27T09:00:00Z') + n * 60_000).toISOString(),
    deleted: false,
    reactions: { objectId: id, counts: {}, mine: [] },
    canEdit: false,
    canDelete: false,
    ...overrides,
  };
}

describe('eco-comments: mentions', () => {
  let b: TestBackend;
  beforeEach(() => {
    b = backendWithPeople([makePost(1), makePost(2), makePost(3)]);
    b.transport.addComment(makeComment(1, { body: 'Ask [@Lukas](mention:lukas) about it' }));
    b.transport.addComment(makeComment(2, { author: alice, body: 'Mine', canEdit: true, canDelete: true }));
  });
  afterEach(() => b.client.close());

  async function comments(post = 'p1') {
    const el = await fixture<EcoComments>(html`<eco-comments .client=${b.client} post=${post}></eco-comments>`);
    const h = new CommentsHarness(el);
    await until(() => el.shadowRoot?.querySelector('section[aria-busy="false"]'), 'comments loaded');
    return { el, h };
  }

  it('shows a mention as a chip with the current name, which asks for the person card', async () => {
    // Lukas was renamed since he was mentioned: the chip shows his name of today.
    b.transport.world.addPerson({ ...lukas, displayName: 'Lukas Weber-Hofmann' });
    const { el, h } = await comments();
    await expectAccessible(el);
    const chip = h.comment('Ask').querySelector<HTMLButtonElement>('[part="mention"]')!;
    expect(chip.textContent).to.equal('@Lukas Weber-Hofmann');
    expect(chip.getAttribute('aria-label')).to.equal('Lukas Weber-Hofmann, person card');
    const opened = spyEvents(el, 'eco-open-person');
    chip.click();
    expect(opened.map((e) => e.detail)).to.deep.equal([{ actorId: 'lukas' }]);
    expect(opened[0]!.cancelable && opened[0]!.composed).to.equal(true);
  });

  it('opens the mentioned person’s card from the chip, as an author’s name does', async () => {
    const { el, h } = await comments();
    const chip = h.comment('Ask').querySelector<HTMLButtonElement>('[part="mention"]')!;
    chip.click();
    const dialog = await until(() => dialogOf(el), 'the dialog');
    await until(() => dialog.card.name === 'Lukas Weber', 'Lukas’s card');
    dialog.closeButton.click();
    await until(() => !dialogOf(el), 'the dialog gone');
    expect(el.shadowRoot!.activeElement).to.equal(chip);
  });

  it('mentions someone in a new comment, searching among the readers of the post’s space', async () => {
    const { el, h } = await comments();
    const box = h.newBox;
    box.focus();
    const picker = new MentionPickerHarness(box);
    await sendKeys({ type: 'Agreed, @pri' });
    await until(() => picker.options.length === 1, 'Priya');
    await expect(el).to.be.accessible({ ignoredRules: ['aria-allowed-role'] });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'what do you think?' });
    h.submitOf(box).click();
    await until(() => h.comments.some((c) => c.querySelector('[part="mention"]')?.textContent === '@Priya Raman'), 'the comment with its chip');
    // The chip shows at once (the comment being sent); the request follows.
    const sent = await until(() => b.transport.requests.find((r) => r.method === 'POST' && r.path.endsWith('/posts/p1/comments')), 'the comment sent');
    expect((sent?.body as { body: string }).body).to.equal('Agreed, [@Priya Raman](mention:priya) what do you think?');
    const searches = peopleSearches(b.transport);
    expect(searches).to.not.be.empty;
    expect(searches.map((s) => s.spaceId)).to.deep.equal(searches.map(() => 'news'));
  });

  it('finds the space of a post without comments from the post itself', async () => {
    const { h } = await comments('p3');
    h.newBox.focus();
    const picker = new MentionPickerHarness(h.newBox);
    await sendKeys({ type: '@ann' });
    await until(() => picker.options.length === 1, 'Anna');
    expect(peopleSearches(b.transport).at(-1)).to.include({ q: 'ann', spaceId: 'news' });
  });

  it('mentions in a reply, and in an edit, where Escape closes the picker before it cancels the edit', async () => {
    const { el, h } = await comments();
    h.button(h.comment('Ask'), 'Reply').click();
    await el.updateComplete;
    const reply = shadow<HTMLTextAreaElement>(el, '#c-reply-c1');
    reply.focus();
    const replyPicker = new MentionPickerHarness(reply);
    await sendKeys({ type: '@luk' });
    await until(() => replyPicker.options.length === 2, 'people named luk');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    expect(reply.value).to.equal('[@Lukas Weber](mention:lukas) ');

    h.button(h.comment('Mine'), 'Edit').click();
    await el.updateComplete;
    const edit = shadow<HTMLTextAreaElement>(el, '#c-edit-c2');
    edit.focus();
    edit.setSelectionRange(edit.value.length, edit.value.length);
    const editPicker = new MentionPickerHarness(edit);
    await sendKeys({ type: ' @ann' });
    await until(() => editPicker.options.length === 1, 'Anna');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(editPicker.closed).to.equal(true);
    expect(el.shadowRoot!.querySelector('#c-edit-c2'), 'still editing').to.equal(edit);
    expect(edit.value).to.equal('Mine @ann');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#c-edit-c2'), 'the edit is cancelled').to.equal(null);
  });
});
