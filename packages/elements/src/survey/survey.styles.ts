import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';
import { choiceStyles } from '../poll/poll.styles.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-survey-background: ${token('--eco-color-surface')};
      --eco-survey-border-color: ${token('--eco-color-border')};
      --eco-survey-radius: ${token('--eco-radius')};
      --eco-survey-muted-color: ${token('--eco-color-text-muted')};
      --eco-survey-accent-color: ${token('--eco-color-accent')};
      --eco-survey-button-color: ${token('--eco-color-accent-text')};
      --eco-survey-bar-background: ${token('--eco-color-surface-raised')};
      --eco-survey-mine-background: ${token('--eco-color-accent-soft')};
      --eco-survey-error-color: ${token('--eco-color-danger')};
      --eco-survey-error-background: ${token('--eco-color-danger-soft')};
      --eco-survey-placeholder-height: 14rem;
    }
    .base {
      padding: ${token('--eco-space-m')};
      border: 1px solid var(--eco-survey-border-color);
      border-radius: var(--eco-survey-radius);
      background: var(--eco-survey-background);
    }
    /* While the survey loads, the card keeps the room its first question will
       take, so nothing below it moves when it arrives (layout shift). */
    .base:has(> .status[aria-busy='true']) {
      min-height: var(--eco-survey-placeholder-height);
    }
    .progress {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-xs')};
      margin-block-end: ${token('--eco-space-m')};
      color: var(--eco-survey-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    progress {
      appearance: none;
      inline-size: 100%;
      block-size: 0.5rem;
      border: 0;
      border-radius: ${token('--eco-radius-pill')};
      background: var(--eco-survey-bar-background);
      overflow: hidden;
    }
    progress::-webkit-progress-bar {
      background: var(--eco-survey-bar-background);
    }
    progress::-webkit-progress-value {
      background: var(--eco-survey-accent-color);
    }
    progress::-moz-progress-bar {
      background: var(--eco-survey-accent-color);
    }
    .survey-result + .survey-result {
      margin-block-start: ${token('--eco-space-m')};
    }
  `,
  choiceStyles('survey'),
];
