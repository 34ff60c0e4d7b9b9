import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: contents;
      --eco-report-dialog-border-color: ${token('--eco-color-border')};
      --eco-report-dialog-button-background: ${token('--eco-color-accent')};
      --eco-report-dialog-button-color: ${token('--eco-color-accent-text')};
      --eco-report-dialog-error-color: ${token('--eco-color-danger')};
      --eco-report-dialog-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-report-dialog-border-color);
      --_button-accent: var(--eco-report-dialog-button-background);
      --_button-accent-text: var(--eco-report-dialog-button-color);
    }
    dialog {
      max-inline-size: min(32rem, 100vw - 2rem);
      border: 1px solid var(--eco-report-dialog-border-color);
      border-radius: ${token('--eco-radius')};
      background: ${token('--eco-color-surface')};
      color: inherit;
    }
    .title {
      margin: 0 0 ${token('--eco-space-s')};
      font-size: calc(${token('--eco-font-size')} * 1.125);
    }
    .report-form {
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    fieldset {
      border: 1px solid var(--eco-report-dialog-border-color);
      border-radius: ${token('--eco-radius')};
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    textarea {
      font: inherit;
      min-height: 3em;
      resize: vertical;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      align-items: center;
    }
    .error {
      color: var(--eco-report-dialog-error-color);
      background: var(--eco-report-dialog-error-background);
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `,
];
