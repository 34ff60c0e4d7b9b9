import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: inline-block;
      --eco-like-button-color: ${token('--eco-color-text')};
      --eco-like-button-background: ${token('--eco-color-surface')};
      --eco-like-button-border-color: ${token('--eco-color-border')};
      --eco-like-button-pressed-color: ${token('--eco-color-accent')};
      --eco-like-button-pressed-background: ${token('--eco-color-accent-soft')};
      --eco-like-button-radius: ${token('--eco-radius-pill')};
      --eco-like-button-error-color: ${token('--eco-color-danger')};
      --_button-border: var(--eco-like-button-border-color);
      --_button-radius: var(--eco-like-button-radius);
      --_button-background: var(--eco-like-button-background);
      --_button-color: var(--eco-like-button-color);
      --_button-padding: 0 ${token('--eco-space-s')};
      --_button-size: 2rem;
      --_button-font-size: ${token('--eco-font-size-small')};
    }
    .base {
      display: inline-flex;
      flex-direction: column;
      align-items: flex-start;
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: ${token('--eco-space-xs')};
    }
    button[aria-pressed='true'] {
      border-color: var(--eco-like-button-pressed-color);
      background: var(--eco-like-button-pressed-background);
      color: var(--eco-like-button-pressed-color);
      font-weight: 600;
    }
    button[aria-busy='true'] {
      cursor: progress;
      opacity: 0.8;
    }
    [part='icon'] {
      display: inline-flex;
    }
    .count {
      font-variant-numeric: tabular-nums;
    }
    .error:not(:empty) {
      margin-top: ${token('--eco-space-xs')};
    }
    .error {
      color: var(--eco-like-button-error-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .link {
      padding: 0;
      border: 0;
      background: none;
      color: inherit;
      font: inherit;
      font-size: ${token('--eco-font-size-small')};
      text-decoration: underline;
      cursor: pointer;
    }
  `,
];
