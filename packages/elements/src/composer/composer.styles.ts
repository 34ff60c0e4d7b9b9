import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-composer-background: ${token('--eco-color-surface')};
      --eco-composer-border-color: ${token('--eco-color-border')};
      --eco-composer-radius: ${token('--eco-radius')};
      --eco-composer-muted-color: ${token('--eco-color-text-muted')};
      --eco-composer-button-background: ${token('--eco-color-accent')};
      --eco-composer-button-color: ${token('--eco-color-accent-text')};
      --eco-composer-error-color: ${token('--eco-color-danger')};
      --eco-composer-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-composer-border-color);
      --_button-radius: var(--eco-composer-radius);
    }
    .base {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-s')};
      padding: ${token('--eco-space-m')};
      border: 1px solid var(--eco-composer-border-color);
      border-radius: var(--eco-composer-radius);
      background: var(--eco-composer-background);
    }
    label {
      font-weight: 600;
    }
    textarea {
      width: 100%;
      min-height: 6rem;
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-composer-border-color);
      border-radius: var(--eco-composer-radius);
      font: inherit;
      color: inherit;
      background: inherit;
      resize: vertical;
    }
    textarea[aria-invalid='true'] {
      border-color: var(--eco-composer-error-color);
    }
    .hint,
    .count {
      margin: 0;
      color: var(--eco-composer-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .count.over {
      color: var(--eco-composer-error-color);
      font-weight: 600;
    }
    .actions {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: ${token('--eco-space-s')};
    }
    /* Publish, the composer's point, is filled; the other buttons are marked secondary. */
    button:not(.secondary) {
      border-color: var(--eco-composer-button-background);
      background: var(--eco-composer-button-background);
      color: var(--eco-composer-button-color);
      font-weight: 600;
    }
    button.secondary {
      align-self: flex-start;
    }
    .message:empty {
      display: none;
    }
    .message {
      margin: 0;
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
      border-radius: var(--eco-composer-radius);
      background: var(--eco-composer-error-background);
      color: var(--eco-composer-error-color);
    }
    .queued:empty {
      display: none;
    }
    .queued {
      margin: 0;
      color: ${token('--eco-color-text-muted')};
    }
    .refused {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-s')};
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
      border-radius: var(--eco-composer-radius);
      background: var(--eco-composer-error-background);
      color: var(--eco-composer-error-color);
    }
    .refused p,
    .refused-text {
      margin: 0;
      overflow-wrap: anywhere;
      white-space: pre-wrap;
    }
    .refused-text {
      padding-inline-start: ${token('--eco-space-s')};
      border-inline-start: 2px solid currentColor;
    }
    .refused-actions {
      display: flex;
      gap: ${token('--eco-space-s')};
    }
    .notice {
      margin: 0;
      color: var(--eco-composer-muted-color);
    }
    .options {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-xs')} ${token('--eco-space-m')};
      margin: 0;
      padding: 0;
      border: 0;
    }
    .options legend {
      float: left;
      margin-inline-end: ${token('--eco-space-s')};
      padding: 0;
      font-weight: 600;
    }
    .choice {
      display: inline-flex;
      align-items: center;
      gap: ${token('--eco-space-xs')};
      font-weight: 400;
    }
    input[type='datetime-local'] {
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border: 1px solid var(--eco-composer-border-color);
      border-radius: var(--eco-composer-radius);
      font: inherit;
      color: inherit;
      background: inherit;
    }
    input[aria-invalid='true'] {
      outline: 2px solid var(--eco-composer-error-color);
    }
    .field-error {
      flex-basis: 100%;
      margin: 0;
      color: var(--eco-composer-error-color);
      font-size: ${token('--eco-font-size-small')};
      font-weight: 600;
    }
    /* Files dragged over the composer: the whole card is where they go. */
    .base.dropping {
      outline: 2px dashed ${token('--eco-color-accent')};
      outline-offset: 2px;
      background: ${token('--eco-color-accent-soft')};
    }
    .drop {
      margin: 0;
      font-weight: 600;
      text-align: center;
    }
`,
];
