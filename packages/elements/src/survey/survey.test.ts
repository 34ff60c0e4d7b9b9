import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Poll, Post } from '@ecotone/protocol';
import './survey.js';
import type { EcoSurvey } from './survey.component.js';
import { PollHarness } from '../poll/_harness.js';
import { backend, localeLoaded, makePoll, makePost, scaleOptions, spyEvents, textOf, until, type TestBackend } from '../_test-fixtures.js';
import { expectAccessible } from '../_test-a11y.js';

function surveyPolls(overrides: Partial<Poll> = {}): Poll[] {
  const base = { postId: 'p1', ...overrides };
  return [
    makePoll({ ...base, id: 's1', position: 0, question: 'Where?' }),
    makePoll({
      ...base,
      id: 's2',
      position: 1,
      question: 'Which snacks?',
      mode: 'multiple',
      maxChoices: 3,
      options: [
        { id: 'a', label: 'Apples' },
        { id: 'b', label: 'Bread' },
        { id: 'c', label: 'Cheese' },
      ],
    }),
    makePoll({ ...base, id: 's3', position: 2, question: 'How excited?', mode: 'scale', options: scaleOptions(1, 5), scale: { min: 1, max: 5 } }),
  ];
}

const surveyPost = (overrides: Partial<Poll> = {}): Post => makePost(1, { polls: surveyPolls(overrides) });

class SurveyHarness extends PollHarness {
  get progress(): string {
    return textOf(this.el.shadowRoot!.querySelector('[part="progress"]')!);
  }
  get bar(): HTMLProgressElement {
    return this.el.shadowRoot!.querySelector('progress')!;
  }
}

describe('eco-survey', () => {
  let b: TestBackend;
  afterEach(() => b?.client.close());

  async function survey(post: Post = surveyPost(), lang = 'en') {
    b = backend([post]);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <button id="before">before</button>
      <eco-survey .client=${b.client} post=${post.id} lang=${lang}></eco-survey>
    </div>`);
    const el = wrapper.querySelector<EcoSurvey>('eco-survey')!;
    const h = new SurveyHarness(el);
    await until(() => h.legend || h.status, 'survey rendered');
    await localeLoaded(b.client, el, lang);
    return { el, h, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
  }

  async function answerAll(el: EcoSurvey, h: SurveyHarness) {
    h.choose('o2');
    h.button('next')!.click();
    await el.updateComplete;
    h.choose('a', 'c');
    h.button('next')!.click();
    await el.updateComplete;
    h.choose('4');
    await el.updateComplete;
  }

  it('keeps the room of the survey while it loads (--eco-survey-placeholder-height), and sizes to it once it arrives', async () => {
    const post = surveyPost();
    b = backend([post]);
    const release = b.transport.hold();
    const el = await fixture<EcoSurvey>(html`<eco-survey .client=${b.client} post=${post.id} style="--eco-survey-placeholder-height: 300px"></eco-survey>`);
    const h = new SurveyHarness(el);
    await until(() => h.status, 'loading state');
    expect(el.getBoundingClientRect().height).to.equal(300);
    release();
    await until(() => h.legend, 'survey rendered');
    el.style.setProperty('--eco-survey-placeholder-height', '2000px');
    expect(el.getBoundingClientRect().height).to.be.below(2000);
  });

  it('is accessible on a question, after submitting, and after a refusal', async () => {
    const { el, h } = await survey();
    await expectAccessible(el);
    await answerAll(el, h);
    b.transport.failNext('poll_closed');
    h.button('submit')!.click();
    await until(() => h.message, 'refusal');
    await expectAccessible(el);
    h.button('submit')!.click();
    await until(() => h.status.includes('Thank you'), 'thanks');
    await expectAccessible(el);
  });

  describe('attributes', () => {
    it('shows one question at a time with its progress', async () => {
      const { h } = await survey();
      expect(h.progress).to.equal('Question 1 of 3');
      expect(h.bar.value).to.equal(1);
      expect(h.bar.max).to.equal(3);
      expect(h.bar.getAttribute('aria-labelledby')).to.exist;
      expect(h.legend).to.equal('Where?');
      expect(h.button('back')).to.equal(null);
      expect(h.button('submit')).to.equal(null);
    });

    it('is translated (fr, de)', async () => {
      const fr = await survey(surveyPost(), 'fr');
      expect(fr.h.progress).to.equal('Question 1 sur 3');
      expect(fr.h.button('next')!.textContent!.trim()).to.equal('Suivant');
      const de = await survey(surveyPost(), 'de');
      expect(de.h.progress).to.equal('Frage 1 von 3');
    });

    it('shows the answered state with Change answers when the caller already answered', async () => {
      const polls = surveyPolls().map((p) => ({ ...p, myBallot: { choices: [p.options[0]!.id] } }));
      const { el, h } = await survey(makePost(1, { polls }));
      expect(h.status).to.contain('You answered this survey.');
      expect(h.results.length).to.equal(3 + 3 + 5);
      h.button('change')!.click();
      await el.updateComplete;
      expect(h.progress).to.equal('Question 1 of 3');
      expect(h.checked).to.deep.equal(['o1']);
    });
  });

  describe('properties', () => {
    it('keeps answers while navigating Back and Next', async () => {
      const { el, h } = await survey();
      h.choose('o3');
      h.button('next')!.click();
      await el.updateComplete;
      expect(h.progress).to.equal('Question 2 of 3');
      h.choose('b');
      h.button('back')!.click();
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['o3']);
      h.button('next')!.click();
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['b']);
    });

    it('asks for an answer before moving on', async () => {
      const { el, h } = await survey();
      h.button('next')!.click();
      await el.updateComplete;
      expect(h.message).to.equal('Choose an answer first.');
      expect(h.progress).to.equal('Question 1 of 3');
    });

    it('submits every answer at once, then thanks and shows the results', async () => {
      const { el, h } = await survey();
      await answerAll(el, h);
      const release = b.transport.hold();
      h.button('submit')!.click();
      await until(() => h.busy, 'pending');
      expect(h.button('submit')!.textContent!.trim()).to.equal('Sending your answers…');
      release();
      await until(() => h.status.includes('Thank you, your answers were saved.'), 'thanks');
      const request = b.transport.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/ballots'))!;
      expect(request.body).to.deep.equal({
        answers: [
          { pollId: 's1', choices: ['o2'] },
          { pollId: 's2', choices: ['a', 'c'] },
          { pollId: 's3', choices: ['4'] },
        ],
      });
      expect(h.results).to.include('Basel Your choice 100% (1 vote)');
    });

    it('all or nothing: a refusal saves nothing, says why and keeps the answers', async () => {
      const { el, h } = await survey();
      await answerAll(el, h);
      b.transport.failNext('invalid_ballot');
      h.button('submit')!.click();
      await until(() => h.message, 'refusal');
      // Error sentences load on a page's first error; the element re-renders when they arrive.
      await until(
        () =>
          h.message === 'Your answers were not saved. This answer cannot be accepted by the poll. They are kept; you can try again.',
        'translated refusal',
      );
      expect(h.checked).to.deep.equal(['4']);
      expect(el.polls.every((p) => p.myBallot === null)).to.equal(true);
      h.button('back')!.click();
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['a', 'c']);
    });
  });

  describe('events', () => {
    it('emits eco-survey-submit, and eco-error on refusal', async () => {
      const { el, h } = await survey();
      const submits = spyEvents(el, 'eco-survey-submit');
      const errors = spyEvents(el, 'eco-error');
      await answerAll(el, h);
      b.transport.failNext('poll_closed');
      h.button('submit')!.click();
      await until(() => errors.length === 1, 'eco-error');
      expect(errors[0]!.detail.action).to.equal('submit-survey');
      h.button('submit')!.click();
      await until(() => submits.length === 1, 'eco-survey-submit');
      expect(submits[0]!.detail.postId).to.equal('p1');
      expect(submits[0]!.detail.answers).to.have.length(3);
    });
  });

  describe('keyboard', () => {
    it('answers and submits by keyboard alone', async () => {
      const { el, h, before } = await survey();
      const submits = spyEvents(el, 'eco-survey-submit');
      before.focus();
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Tab' });
      expect(h.focused).to.equal(h.button('next'));
      await sendKeys({ press: 'Enter' });
      await until(() => h.progress === 'Question 2 of 3', 'question 2');
      // Focus moves to the new question's first input.
      expect(h.focused).to.equal(h.inputs[0]);
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(h.checked).to.deep.equal(['a']);
      // Enter in a form submits it: Next.
      await sendKeys({ press: 'Enter' });
      await until(() => h.progress === 'Question 3 of 3', 'question 3');
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'Tab' });
      expect(h.focused).to.equal(h.button('back'));
      await sendKeys({ press: 'Tab' });
      expect(h.focused).to.equal(h.button('submit'));
      await sendKeys({ press: 'Enter' });
      await until(() => submits.length === 1, 'submitted by keyboard');
      expect(submits[0]!.detail.answers.map((a) => a.choices)).to.deep.equal([['o2'], ['a'], ['2']]);
    });
  });
});
