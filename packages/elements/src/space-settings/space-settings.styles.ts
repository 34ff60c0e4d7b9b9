import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-space-settings-border-color: ${token('--eco-color-border')};
      --eco-space-settings-muted-color: ${token('--eco-color-text-muted')};
      --eco-space-settings-button-background: ${token('--eco-color-accent')};
      --eco-space-settings-button-color: ${token('--eco-color-accent-text')};
      --eco-space-settings-error-color: ${token('--eco-color-danger')};
      --eco-space-settings-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-space-settings-border-color);
      --_button-accent: var(--eco-space-settings-button-background);
      --_button-accent-text: var(--eco-space-settings-button-color);
    }
    .base {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .title {
      margin: 0;
      font-size: calc(${token('--eco-font-size')} * 1.125);
    }
    .kinds {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-s')};
      margin: 0 0 0 ${token('--eco-space-m')};
      border: 1px solid var(--eco-space-settings-border-color);
      border-radius: ${token('--eco-radius')};
    }
    .lead {
      margin: 0;
      font-weight: 600;
    }
    .group {
      display: grid;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
      border: 1px solid var(--eco-space-settings-border-color);
      border-radius: ${token('--eco-radius')};
    }
    legend {
      padding: 0 ${token('--eco-space-xs')};
      font-weight: 600;
    }
    .option {
      display: grid;
      grid-template-columns: auto 1fr;
      column-gap: ${token('--eco-space-s')};
      align-items: baseline;
    }
    .option .help {
      grid-column: 2;
    }
    .help,
    .status {
      margin: 0;
      color: var(--eco-space-settings-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .actions {
      display: flex;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .error {
      margin: 0;
      padding: ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      color: var(--eco-space-settings-error-color);
      background: var(--eco-space-settings-error-background);
    }
    .error p {
      margin: 0 0 ${token('--eco-space-xs')};
    }
  `,
];
