import { css, unsafeCSS } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

/** Question, inputs, result bars and the look of the buttons (with buttonStyles): shared by `<eco-poll>` and `<eco-survey>` (variables named per element). */
export const choiceStyles = (prefix: 'poll' | 'survey') => {
  const v = (name: string) => unsafeCSS(`var(--eco-${prefix}-${name})`);
  return css`
    fieldset {
      margin: 0;
      padding: 0;
      border: 0;
      min-inline-size: 0;
    }
    legend,
    .title {
      margin: 0 0 ${token('--eco-space-s')};
      padding: 0;
      font-size: inherit;
      font-weight: 600;
    }
    .hint {
      margin: 0 0 ${token('--eco-space-xs')};
      color: ${v('muted-color')};
      font-size: ${token('--eco-font-size-small')};
    }
    .option {
      display: flex;
      align-items: center;
      gap: ${token('--eco-space-s')};
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border: 1px solid ${v('border-color')};
      border-radius: ${v('radius')};
      margin-block-end: ${token('--eco-space-xs')};
      cursor: pointer;
    }
    .option.checked,
    .scale-option.checked {
      border-color: ${v('accent-color')};
    }
    input {
      accent-color: ${v('accent-color')};
      margin: 0;
      inline-size: 1.1rem;
      block-size: 1.1rem;
    }
    input:disabled + span {
      opacity: 0.6;
    }
    .scale-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .scale-values {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
    }
    .scale-option {
      display: inline-flex;
      flex-direction: column;
      align-items: center;
      min-inline-size: 2.25rem;
      padding: ${token('--eco-space-xs')};
      border: 1px solid ${v('border-color')};
      border-radius: ${v('radius')};
      cursor: pointer;
    }
    .end {
      color: ${v('muted-color')};
      font-size: ${token('--eco-font-size-small')};
    }
    .results {
      margin-block: ${token('--eco-space-s')};
    }
    .result-list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .result {
      margin-block-end: ${token('--eco-space-s')};
      padding: ${token('--eco-space-xs')};
      border-radius: ${v('radius')};
    }
    .result.mine {
      background: ${v('mine-background')};
    }
    .result-text {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-s')};
    }
    .share {
      margin-inline-start: auto;
      font-variant-numeric: tabular-nums;
    }
    .mine-badge {
      font-size: ${token('--eco-font-size-small')};
      font-weight: 600;
    }
    .bar {
      display: block;
      block-size: 0.5rem;
      margin-block-start: ${token('--eco-space-xs')};
      border-radius: ${token('--eco-radius-pill')};
      background: ${v('bar-background')};
      overflow: hidden;
    }
    .fill {
      display: block;
      block-size: 100%;
      background: ${v('accent-color')};
    }
    .average {
      margin: 0;
      color: ${v('muted-color')};
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-s')};
      margin-block-start: ${token('--eco-space-s')};
    }
    :host {
      --_button-border: ${v('border-color')};
      --_button-radius: ${v('radius')};
      --_button-background: ${v('background')};
      --_button-accent: ${v('accent-color')};
      --_button-accent-text: ${v('button-color')};
    }
    button.primary {
      font-weight: 600;
    }
    .message:empty {
      display: none;
    }
    .message {
      margin: ${token('--eco-space-s')} 0 0;
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
      border-radius: ${v('radius')};
      background: ${v('error-background')};
      color: ${v('error-color')};
    }
    .status,
    .meta {
      margin: ${token('--eco-space-s')} 0 0;
      color: ${v('muted-color')};
      font-size: ${token('--eco-font-size-small')};
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-s')};
    }
  `;
};

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-poll-background: ${token('--eco-color-surface')};
      --eco-poll-border-color: ${token('--eco-color-border')};
      --eco-poll-radius: ${token('--eco-radius')};
      --eco-poll-muted-color: ${token('--eco-color-text-muted')};
      --eco-poll-accent-color: ${token('--eco-color-accent')};
      --eco-poll-button-color: ${token('--eco-color-accent-text')};
      --eco-poll-bar-background: ${token('--eco-color-surface-raised')};
      --eco-poll-mine-background: ${token('--eco-color-accent-soft')};
      --eco-poll-error-color: ${token('--eco-color-danger')};
      --eco-poll-error-background: ${token('--eco-color-danger-soft')};
      --eco-poll-placeholder-height: 14rem;
    }
    .base {
      padding: ${token('--eco-space-m')};
      border: 1px solid var(--eco-poll-border-color);
      border-radius: var(--eco-poll-radius);
      background: var(--eco-poll-background);
    }
    /* While the poll loads, the card keeps the room the poll will take, so
       nothing below it moves when it arrives (layout shift). */
    .base[aria-busy='true']:not([aria-labelledby]) {
      min-height: var(--eco-poll-placeholder-height);
    }
  `,
  choiceStyles('poll'),
];
