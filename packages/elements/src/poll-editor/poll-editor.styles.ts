import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-poll-editor-border-color: ${token('--eco-color-border')};
      --eco-poll-editor-radius: ${token('--eco-radius')};
      --eco-poll-editor-muted-color: ${token('--eco-color-text-muted')};
      --eco-poll-editor-error-color: ${token('--eco-color-danger')};
      --_button-border: var(--eco-poll-editor-border-color);
      --_button-radius: var(--eco-poll-editor-radius);
    }
    .base {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-s')};
    }
    fieldset {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')} ${token('--eco-space-m')};
      border: 1px solid var(--eco-poll-editor-border-color);
      border-radius: var(--eco-poll-editor-radius);
      min-inline-size: 0;
    }
    legend {
      font-weight: 600;
      padding: 0 ${token('--eco-space-xs')};
    }
    .field,
    .options {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-xs')};
    }
    .field.inline {
      flex-direction: row;
      align-items: center;
    }
    .group-label,
    label {
      color: var(--eco-poll-editor-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .option {
      display: grid;
      grid-template-columns: auto 1fr auto;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    input[type='text'],
    input[type='number'],
    input[type='datetime-local'],
    select {
      min-block-size: 2.25rem;
      padding: 0 ${token('--eco-space-s')};
      border: 1px solid var(--eco-poll-editor-border-color);
      border-radius: var(--eco-poll-editor-radius);
      font: inherit;
      color: inherit;
      background: inherit;
    }
    [aria-invalid='true'] {
      border-color: var(--eco-poll-editor-error-color);
    }
    .error {
      margin: 0;
      color: var(--eco-poll-editor-error-color);
      font-size: ${token('--eco-font-size-small')};
      font-weight: 600;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-s')};
    }
    button {
      align-self: flex-start;
    }
    button.icon {
      padding: 0 ${token('--eco-space-s')};
    }
  `,
];
