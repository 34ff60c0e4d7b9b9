/**
 * Templates shared by `<eco-poll>` and `<eco-survey>`: the answer inputs of
 * one poll and its results. Plain functions of their inputs, so both elements
 * render a question the same way (and only one of them owns the state).
 */
import { html, noChange, nothing, type TemplateResult } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import { formatCount } from '@ecotone/core';
import type { Poll, PollResults } from '@ecotone/protocol';
import type { LocalizeController } from '../controllers/localize-controller.js';

/** Whether a poll takes no more ballots: closed by hand or by date. */
export function isClosed(poll: Poll, now: number): boolean {
  return poll.closedAt !== null || (poll.closesAt !== null && Date.parse(poll.closesAt) <= now);
}

/** The explanation shown when the results are hidden from the caller, or undefined. */
export function hiddenResultsKey(poll: Poll): 'hiddenAfterVote' | 'hiddenAfterClose' | 'hiddenAuthorOnly' | undefined {
  if (poll.results) return undefined;
  switch (poll.resultsVisibility) {
    case 'after-vote':
      return 'hiddenAfterVote';
    case 'after-close':
      return 'hiddenAfterClose';
    case 'author-only':
      return 'hiddenAuthorOnly';
    default:
      return undefined;
  }
}

/** `choices` after the person toggled `id` in `poll`'s mode (radios replace, checkboxes toggle). */
export function toggleChoice(poll: Poll, choices: readonly string[], id: string, checked: boolean): string[] {
  if (poll.mode !== 'multiple') return checked ? [id] : [];
  const without = choices.filter((c) => c !== id);
  return checked ? [...without, id] : without;
}

/**
 * Sets a bar's width through the CSSOM. A `style` attribute (what Lit's
 * styleMap writes on first render) is refused by a CSP without
 * 'unsafe-inline'; `element.style` is not.
 */
class BarWidthDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('barWidth() is an element directive');
  }
  render(_percent: number): unknown {
    return noChange;
  }
  override update(part: ElementPart, [percent]: [number]): unknown {
    (part.element as HTMLElement).style.inlineSize = `${percent}%`;
    return noChange;
  }
}
const barWidth = directive(BarWidthDirective);

/** "42 %" in the locale's own format. */
function formatPercent(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

export interface ChoicesOptions {
  poll: Poll;
  choices: readonly string[];
  /** Unique within the shadow root (several questions may share one). */
  idPrefix: string;
  disabled: boolean;
  t: LocalizeController['t'];
  locale: string;
  /** An input was toggled; the host applies it to its current choices with {@link toggleChoice}. */
  onToggle: (id: string, checked: boolean) => void;
  /** Extra id for the fieldset's `aria-describedby` (a validation message). */
  describedBy?: string;
}

/**
 * The question as a `<fieldset>` with its `<legend>`, and native radios
 * (single, scale) or checkboxes (multiple), so arrow keys, Space and the
 * accessible names are the browser's own.
 */
export function renderChoices(o: ChoicesOptions): TemplateResult {
  const { poll, choices, idPrefix, t, locale } = o;
  const multiple = poll.mode === 'multiple';
  const atMax = multiple && choices.length >= poll.maxChoices;
  const hintId = `${idPrefix}-hint`;
  const hint = multiple
    ? poll.maxChoices < poll.options.length
      ? t('chooseUpTo', { count: poll.maxChoices, formatted: formatCount(poll.maxChoices, locale) })
      : t('chooseAny')
    : '';
  const describedBy = [hint ? hintId : '', o.describedBy ?? ''].filter(Boolean).join(' ');
  const name = `${idPrefix}-choice`;
  const handle = (event: Event) => {
    const input = event.target as HTMLInputElement;
    o.onToggle(input.value, input.checked);
  };
  const input = (id: string, extraDescribedBy?: string) => {
    const checked = choices.includes(id);
    return html`<input
      id="${idPrefix}-${id}"
      type=${multiple ? 'checkbox' : 'radio'}
      name=${name}
      .value=${id}
      .checked=${checked}
      ?disabled=${o.disabled || (atMax && !checked)}
      aria-describedby=${extraDescribedBy ?? nothing}
      @change=${handle}
    />`;
  };
  if (poll.mode === 'scale') {
    const first = poll.options[0]?.id;
    const last = poll.options[poll.options.length - 1]?.id;
    const minId = `${idPrefix}-min`;
    const maxId = `${idPrefix}-max`;
    return html`<fieldset part="question" class="question scale" aria-describedby=${describedBy || nothing}>
      <legend part="legend" dir="auto">${poll.question}</legend>
      <div class="scale-row">
        ${poll.scale?.minLabel ? html`<span class="end" id=${minId} dir="auto">${poll.scale.minLabel}</span>` : nothing}
        <span class="scale-values">
          ${poll.options.map(
            (option) => html`<label part="option" class="scale-option ${choices.includes(option.id) ? 'checked' : ''}"
              >${input(
                option.id,
                option.id === first && poll.scale?.minLabel
                  ? minId
                  : option.id === last && poll.scale?.maxLabel
                    ? maxId
                    : undefined,
              )}<span>${option.label}</span></label
            >`,
          )}
        </span>
        ${poll.scale?.maxLabel ? html`<span class="end" id=${maxId} dir="auto">${poll.scale.maxLabel}</span>` : nothing}
      </div>
    </fieldset>`;
  }
  return html`<fieldset part="question" class="question" aria-describedby=${describedBy || nothing}>
    <legend part="legend" dir="auto">${poll.question}</legend>
    ${hint ? html`<p part="hint" class="hint" id=${hintId}>${hint}</p>` : nothing}
    ${poll.options.map(
      (option) => html`<label part="option" class="option ${choices.includes(option.id) ? 'checked' : ''}"
        >${input(option.id)}<span dir="auto">${option.label}</span></label
      >`,
    )}
  </fieldset>`;
}

/**
 * Results as bars. Each option's text carries its share and count ("42 %
 * (21 votes)"), so nothing depends on seeing the bar; a visually hidden
 * sentence sums it up for screen readers.
 */
export function renderResults(poll: Poll, results: PollResults, t: LocalizeController['t'], locale: string): TemplateResult {
  const mine = new Set(poll.myBallot?.choices ?? []);
  const { voters } = results;
  const share = (id: string) => (voters > 0 ? (results.counts[id] ?? 0) / voters : 0);
  const top = Math.max(0, ...poll.options.map((o) => results.counts[o.id] ?? 0));
  const leaders = poll.options.filter((o) => top > 0 && (results.counts[o.id] ?? 0) === top);
  const summary =
    voters === 0 || leaders.length === 0
      ? t('noVotesYet')
      : t('resultsSummary', {
          count: voters,
          formatted: formatCount(voters, locale),
          leader: leaders.map((o) => o.label).join(', '),
          percent: formatPercent(share(leaders[0]!.id), locale),
        });
  let average: string | undefined;
  if (poll.mode === 'scale' && voters > 0) {
    let total = 0;
    let n = 0;
    for (const o of poll.options) {
      const c = results.counts[o.id] ?? 0;
      total += Number(o.id) * c;
      n += c;
    }
    if (n > 0) average = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(total / n);
  }
  return html`<div part="results" class="results">
    <p class="visually-hidden">${summary}</p>
    <ul class="result-list" aria-label=${t('resultsLabel')}>
      ${poll.options.map((option) => {
        const count = results.counts[option.id] ?? 0;
        const s = share(option.id);
        const chosen = mine.has(option.id);
        return html`<li part="result" class="result ${chosen ? 'mine' : ''}">
          <span class="result-text">
            <span class="result-label" dir="auto">${option.label}</span>
            ${chosen ? html`<span part="mine" class="mine-badge">${t('yourChoice')}</span>` : nothing}
            <span part="share" class="share"
              >${t('share', { count, formatted: formatCount(count, locale), percent: formatPercent(s, locale) })}</span
            >
          </span>
          <span part="bar" class="bar" aria-hidden="true"
            ><span class="fill" ${barWidth(Math.round(s * 1000) / 10)}></span
          ></span>
        </li>`;
      })}
    </ul>
    ${average ? html`<p class="average">${t('scaleAverage', { value: average })}</p>` : nothing}
  </div>`;
}
