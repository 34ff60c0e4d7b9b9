import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Poll } from '@ecotone/protocol';
import './poll.js';
import type { EcoPoll } from './poll.component.js';
import { PollHarness } from './_harness.js';
import { backend, localeLoaded, makePoll, scaleOptions, spyEvents, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

const DAY_MS = 86_400_000;

const multiplePoll = (overrides: Partial<Poll> = {}) =>
  makePoll({
    id: 'multi',
    question: 'Which snacks?',
    mode: 'multiple',
    maxChoices: 2,
    options: [
      { id: 'a', label: 'Apples' },
      { id: 'b', label: 'Bread' },
      { id: 'c', label: 'Cheese' },
    ],
    ...overrides,
  });

const scalePoll = (overrides: Partial<Poll> = {}) =>
  makePoll({
    id: 'scale',
    question: 'How was the week?',
    mode: 'scale',
    options: scaleOptions(1, 5),
    scale: { min: 1, max: 5, minLabel: 'Awful', maxLabel: 'Great' },
    ...overrides,
  });

describe('eco-poll', () => {
  let b: TestBackend;
  function setup(polls: Poll[] = [makePoll()]) {
    b = backend(undefined, polls);
  }
  afterEach(() => b?.client.close());

  /** A poll by id (attribute), after the first render of the fetched poll. */
  async function poll(id = 'poll1', lang = 'en') {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <button id="before">before</button>
      <eco-poll .client=${b.client} poll=${id} lang=${lang}></eco-poll>
    </div>`);
    const el = wrapper.querySelector<EcoPoll>('eco-poll')!;
    const h = new PollHarness(el);
    await until(() => h.legend || h.el.shadowRoot?.querySelector('h3'), 'poll rendered');
    await localeLoaded(b.client, el, lang);
    return { el, h, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
  }

  describe('accessibility', () => {
    it('is accessible while open (single, multiple, scale)', async () => {
      setup([makePoll(), multiplePoll(), scalePoll()]);
      for (const id of ['poll1', 'multi', 'scale']) {
        const { el } = await poll(id);
        await expectAccessible(el);
      }
    });

    it('is accessible once voted, with results', async () => {
      setup([makePoll({ myBallot: { choices: ['o1'] }, results: { voters: 4, counts: { o1: 3, o2: 1 } } })]);
      const { el, h } = await poll();
      expect(h.results).to.have.length(3);
      await expectAccessible(el);
    });

    it('is accessible when closed and when results are hidden', async () => {
      setup([
        makePoll({ closedAt: '2026-01-01T10:00:00Z', results: { voters: 2, counts: { o1: 2 } } }),
        makePoll({ id: 'hidden', resultsVisibility: 'after-close' }),
      ]);
      for (const id of ['poll1', 'hidden']) {
        const { el } = await poll(id);
        await expectAccessible(el);
      }
    });

    it('is accessible after a refusal and while loading fails', async () => {
      setup();
      const { el, h } = await poll();
      h.choose('o2');
      b.transport.failNext('poll_closed');
      h.button('vote')!.click();
      await until(() => h.message, 'refusal');
      await expectAccessible(el);
      const missing = await fixture<EcoPoll>(html`<eco-poll .client=${b.client} poll="nope"></eco-poll>`);
      await until(() => new PollHarness(missing).message, 'load error');
      await expectAccessible(missing);
    });
  });

  describe('attributes', () => {
    it('isolates the question, every option and every result label (dir="auto"), so none can reorder its neighbours', async () => {
      const spoofed = (text: string) => `\u202e${text}`;
      setup([
        makePoll({
          question: spoofed('Where?'),
          options: [
            { id: 'o1', label: spoofed('Lyon') },
            { id: 'o2', label: 'Basel' },
          ],
        }),
        makePoll({ id: 'voted', question: spoofed('Where?'), myBallot: { choices: ['o1'] }, results: { voters: 1, counts: { o1: 1 } } }),
        scalePoll({ scale: { min: 1, max: 5, minLabel: spoofed('Awful'), maxLabel: spoofed('Great') } }),
      ]);
      const isolated = (elements: Iterable<Element>) => [...elements].map((e) => e.getAttribute('dir'));
      const open = await poll();
      expect(isolated(open.el.shadowRoot!.querySelectorAll('legend'))).to.deep.equal(['auto']);
      expect(isolated(open.h.inputs.map((i) => i.closest('label')!.querySelector('span')!))).to.deep.equal(['auto', 'auto']);
      const voted = await poll('voted');
      expect(isolated(voted.el.shadowRoot!.querySelectorAll('h3#question, .result-label'))).to.deep.equal(['auto', 'auto', 'auto', 'auto']);
      const scale = await poll('scale');
      expect(isolated(scale.el.shadowRoot!.querySelectorAll('legend, .end'))).to.deep.equal(['auto', 'auto', 'auto']);
    });

    it('single choice: a radio group in a fieldset, the question as legend', async () => {
      setup();
      const { h } = await poll();
      expect(h.legend).to.equal('Where should the offsite be?');
      expect(h.inputs.map((i) => i.type)).to.deep.equal(['radio', 'radio', 'radio']);
      expect(new Set(h.inputs.map((i) => i.name)).size).to.equal(1);
      expect(h.optionLabels).to.deep.equal(['Lyon', 'Basel', 'Remote']);
      expect(h.button('vote')!.textContent!.trim()).to.equal('Vote');
    });

    it('multiple choice: checkboxes, "choose up to N", further boxes disabled at the max', async () => {
      setup([multiplePoll()]);
      const { el, h } = await poll('multi');
      expect(h.inputs.map((i) => i.type)).to.deep.equal(['checkbox', 'checkbox', 'checkbox']);
      const hint = el.shadowRoot!.querySelector('[part="hint"]')!;
      expect(hint.textContent!.trim()).to.equal('Choose up to 2 options.');
      expect(h.fieldset!.getAttribute('aria-describedby')).to.contain(hint.id);
      h.choose('a', 'c');
      await el.updateComplete;
      expect(h.inputs.map((i) => i.disabled)).to.deep.equal([false, true, false]);
      h.choose('a');
      await el.updateComplete;
      expect(h.inputs.every((i) => !i.disabled)).to.equal(true);
    });

    it('scale: a row of radios with its end labels', async () => {
      setup([scalePoll()]);
      const { el, h } = await poll('scale');
      expect(h.inputs.map((i) => i.value)).to.deep.equal(['1', '2', '3', '4', '5']);
      expect(h.inputs.every((i) => i.type === 'radio')).to.equal(true);
      const first = h.inputs[0]!;
      const last = h.inputs[4]!;
      expect(el.shadowRoot!.getElementById(first.getAttribute('aria-describedby')!)!.textContent).to.equal('Awful');
      expect(el.shadowRoot!.getElementById(last.getAttribute('aria-describedby')!)!.textContent).to.equal('Great');
    });

    it('shows loading, then an error with Retry for a poll that cannot be read', async () => {
      setup();
      const el = await fixture<EcoPoll>(html`<eco-poll .client=${b.client} poll="nope"></eco-poll>`);
      const h = new PollHarness(el);
      await until(() => h.message, 'error');
      // Error sentences load on a page's first error; the element re-renders when they arrive.
      const sentence = 'The poll could not be loaded. This content does not exist or is not visible to you.';
      await until(() => h.message === sentence, 'translated error');
      expect(h.message && el.shadowRoot!.querySelector('[role="alert"]')).to.exist;
      // Retry resubscribes: once the poll exists it shows.
      b.transport.addPoll(makePoll({ id: 'nope' }));
      h.button('retry')!.click();
      await until(() => h.legend === 'Where should the offsite be?', 'poll after retry');
    });

    it('keeps the room of the poll while it loads (--eco-poll-placeholder-height), and sizes to the poll once it arrives', async () => {
      setup();
      const release = b.transport.hold();
      const el = await fixture<EcoPoll>(html`<eco-poll .client=${b.client} poll="poll1" style="--eco-poll-placeholder-height: 300px"></eco-poll>`);
      const h = new PollHarness(el);
      await until(() => el.shadowRoot?.querySelector('[aria-busy="true"]'), 'loading state');
      expect(el.getBoundingClientRect().height).to.equal(300);
      el.style.removeProperty('--eco-poll-placeholder-height');
      // 14rem by default.
      expect(el.getBoundingClientRect().height).to.equal(14 * parseFloat(getComputedStyle(document.documentElement).fontSize));
      release();
      await until(() => h.legend, 'poll rendered');
      // Loaded, the card is as tall as its content, not the placeholder.
      el.style.setProperty('--eco-poll-placeholder-height', '2000px');
      expect(el.getBoundingClientRect().height).to.be.below(2000);
    });

    it('is translated (fr, de) with plurals', async () => {
      setup([multiplePoll({ results: { voters: 3, counts: { a: 2, b: 1 } } })]);
      const fr = await poll('multi', 'fr');
      expect(fr.h.button('vote')!.textContent!.trim()).to.equal('Voter');
      expect(fr.el.shadowRoot!.querySelector('[part="hint"]')!.textContent!.trim()).to.equal('Choisissez jusqu’à 2 options.');
      expect(fr.h.results[0]).to.match(/^Apples 67\s%\s\(2 voix\)$/);
      const de = await poll('multi', 'de');
      expect(de.h.button('vote')!.textContent!.trim()).to.equal('Abstimmen');
      expect(de.h.results[1]).to.match(/^Bread 33\s%\s\(1 Stimme\)$/);
    });
  });

  describe('properties', () => {
    it('renders a Poll object, and follows the live poll for it', async () => {
      setup([makePoll({ results: { voters: 0, counts: {} } })]);
      const el = await fixture<EcoPoll>(html`<eco-poll .client=${b.client} .poll=${makePoll({ results: { voters: 0, counts: {} } })}></eco-poll>`);
      const h = new PollHarness(el);
      expect(h.legend).to.equal('Where should the offsite be?');
      expect(h.summary).to.equal('No votes yet.');
      b.transport.castBallot('poll1', 'bob', ['o2']);
      b.transport.castBallot('poll1', 'carla', ['o2']);
      b.transport.castBallot('poll1', 'dan', ['o3']);
      await until(() => h.results[1] === 'Basel 67% (2 votes)', 'live tally');
      expect(h.results).to.deep.equal(['Lyon 0% (0 votes)', 'Basel 67% (2 votes)', 'Remote 33% (1 vote)']);
      expect(h.summary).to.equal('3 people voted. Most chosen: Basel, 67%.');
    });

    it('votes optimistically: pending, then confirmed, with the choice marked', async () => {
      setup([makePoll({ results: { voters: 1, counts: { o1: 1 } } })]);
      const { el, h } = await poll();
      h.choose('o2');
      const release = b.transport.hold();
      h.button('vote')!.click();
      await until(() => h.busy, 'pending');
      expect(h.status).to.contain('Saving your vote…');
      expect(h.fieldset).to.equal(null);
      expect(h.results[1]).to.equal('Basel Your choice 50% (1 vote)');
      release();
      await until(() => !h.busy && h.status.includes('You voted.'), 'confirmed');
      expect(h.results[1]).to.equal('Basel Your choice 50% (1 vote)');
      expect(h.button('change')).to.exist;
      expect(h.button('withdraw')).to.exist;
      expect(el.currentPoll!.myBallot).to.deep.equal({ choices: ['o2'] });
    });

    it('rolls back a refused vote with a visible, translated message and keeps the selection', async () => {
      setup([makePoll({ results: { voters: 1, counts: { o1: 1 } } })]);
      const { el, h } = await poll('poll1', 'fr');
      h.choose('o3');
      b.transport.failNext('poll_closed');
      h.button('vote')!.click();
      // The error sentences load on the page's first error: wait for the translated one, not the first text shown.
      await until(() => h.message === 'Votre vote n’a pas été enregistré. Ce sondage est clos. Votre choix est conservé.', 'translated refusal');
      expect(el.shadowRoot!.querySelector('[part="message"]')!.getAttribute('role')).to.equal('alert');
      expect(h.checked).to.deep.equal(['o3']);
      expect(el.currentPoll!.myBallot).to.equal(null);
      expect(h.results[2]).to.match(/^Remote 0\s%\s\(0 voix\)$/);
    });

    it('asks for a choice when Vote is pressed with none', async () => {
      setup();
      const { h } = await poll();
      h.button('vote')!.click();
      await until(() => h.message, 'message');
      expect(h.message).to.equal('Choose an answer first.');
      expect(h.fieldset!.getAttribute('aria-describedby')).to.contain('message');
    });

    it('changes and withdraws a vote', async () => {
      setup([makePoll({ myBallot: { choices: ['o1'] }, results: { voters: 1, counts: { o1: 1 } } })]);
      const { el, h } = await poll();
      expect(h.status).to.contain('You voted.');
      h.button('change')!.click();
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['o1']);
      h.choose('o3');
      h.button('vote')!.click();
      // Sent (not only shown): Withdraw is disabled while the vote is in flight.
      await until(() => h.results[2] === 'Remote Your choice 100% (1 vote)' && !h.busy, 'changed');
      h.button('withdraw')!.click();
      await until(() => h.fieldset && el.currentPoll!.myBallot === null, 'withdrawn');
      expect(h.checked).to.deep.equal([]);
    });

    it('explains each hidden-results mode', async () => {
      setup([
        makePoll({ id: 'av', resultsVisibility: 'after-vote' }),
        makePoll({ id: 'ac', resultsVisibility: 'after-close' }),
        makePoll({ id: 'ao', resultsVisibility: 'author-only' }),
      ]);
      expect((await poll('av')).h.status).to.equal('Results will be shown after you vote.');
      expect((await poll('ac')).h.status).to.equal('Results will be shown after the poll closes.');
      expect((await poll('ao')).h.status).to.equal('Only the author sees the results.');
    });

    it('after-vote: the results appear once the caller voted', async () => {
      setup([makePoll({ resultsVisibility: 'after-vote' })]);
      const { h } = await poll();
      expect(h.results).to.deep.equal([]);
      h.choose('o1');
      h.button('vote')!.click();
      await until(() => h.results.length === 3 && !h.busy, 'results');
      expect(h.results[0]).to.equal('Lyon Your choice 100% (1 vote)');
    });

    it('closed: "Closed on …", results, no inputs and no buttons', async () => {
      setup([makePoll({ closedAt: '2026-01-05T10:00:00Z', myBallot: { choices: ['o2'] }, results: { voters: 2, counts: { o1: 1, o2: 1 } } })]);
      const { el, h } = await poll();
      expect(h.inputs).to.have.length(0);
      expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
      expect(h.meta).to.match(/^Closed on January 5, 2026/);
      expect(h.results).to.have.length(3);
    });

    it('says how long it stays open, and that it is anonymous', async () => {
      setup([makePoll({ closesAt: new Date(Date.now() + 3 * DAY_MS + 60_000).toISOString(), anonymous: true })]);
      const { h } = await poll();
      expect(h.meta).to.equal('Closes in 3 days Anonymous: your name is not stored with your answer.');
      const de = await poll('poll1', 'de');
      expect(de.h.meta).to.equal('Endet in 3 Tagen Anonym: Ihr Name wird nicht mit Ihrer Antwort gespeichert.');
    });

    it('offers Close poll to who may close it, and closes it', async () => {
      setup([makePoll({ authorId: 'alice' })]);
      const { h } = await poll();
      h.button('close')!.click();
      await until(() => h.meta.startsWith('Closed on'), 'closed');
      expect(h.inputs).to.have.length(0);
    });
  });

  describe('events', () => {
    it('emits eco-vote once the server accepted, and with no choices after Withdraw', async () => {
      setup();
      const { el, h } = await poll();
      const votes = spyEvents(el, 'eco-vote');
      h.choose('o2');
      h.button('vote')!.click();
      await until(() => votes.length === 1, 'eco-vote');
      expect(votes[0]!.detail).to.deep.equal({ pollId: 'poll1', choices: ['o2'] });
      expect(votes[0]!.bubbles && votes[0]!.composed).to.equal(true);
      h.button('withdraw')!.click();
      await until(() => votes.length === 2, 'second eco-vote');
      expect(votes[1]!.detail).to.deep.equal({ pollId: 'poll1', choices: [] });
    });

    it('emits eco-error on refusal', async () => {
      setup();
      const { el, h } = await poll();
      const errors = spyEvents(el, 'eco-error');
      h.choose('o1');
      b.transport.failNext('invalid_ballot');
      h.button('vote')!.click();
      await until(() => errors.length === 1, 'eco-error');
      expect(errors[0]!.detail.action).to.equal('vote');
      // Error sentences load on a page's first error; the element re-renders when they arrive.
      await until(
        () => h.message === 'Your vote was not saved. This answer cannot be accepted by the poll. Your choice is kept.',
        'translated refusal',
      );
    });
  });

  describe('keyboard', () => {
    it('single choice: Tab to the group, ArrowDown to choose, Tab to Vote, Enter', async () => {
      setup();
      const { el, h, before } = await poll();
      const votes = spyEvents(el, 'eco-vote');
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(h.focused).to.equal(h.inputs[0]);
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['o2']);
      await sendKeys({ press: 'Tab' });
      expect(h.focused).to.equal(h.button('vote'));
      await sendKeys({ press: 'Enter' });
      await until(() => votes.length === 1, 'voted by keyboard');
      expect(votes[0]!.detail.choices).to.deep.equal(['o2']);
      // Focus does not fall out of the element when the form is replaced.
      await until(() => h.focused === h.button('change'), 'focus on Change vote');
    });

    it('multiple choice: Space toggles boxes; the box past the max is skipped', async () => {
      setup([multiplePoll()]);
      const { el, h, before } = await poll('multi');
      const votes = spyEvents(el, 'eco-vote');
      before.focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['a', 'b']);
      expect(h.inputs[2]!.disabled).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(h.focused).to.equal(h.button('vote'));
      await sendKeys({ press: 'Space' });
      await until(() => votes.length === 1, 'voted by keyboard');
      expect(votes[0]!.detail.choices).to.deep.equal(['a', 'b']);
    });

    it('scale: ArrowRight along the row, then Vote with Space', async () => {
      setup([scalePoll()]);
      const { el, h, before } = await poll('scale');
      const votes = spyEvents(el, 'eco-vote');
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(h.focused).to.equal(h.inputs[0]);
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['4']);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await until(() => votes.length === 1, 'voted by keyboard');
      expect(votes[0]!.detail.choices).to.deep.equal(['4']);
    });

    it('shows a visible focus ring on the inputs (:focus-visible)', async () => {
      setup();
      const { h, before } = await poll();
      before.focus();
      await sendKeys({ press: 'Tab' });
      const style = getComputedStyle(h.inputs[0]!);
      expect(h.inputs[0]!.matches(':focus-visible')).to.equal(true);
      expect(style.outlineStyle).to.equal('solid');
    });
  });
});
