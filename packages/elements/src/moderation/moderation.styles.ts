import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-moderation-border-color: ${token('--eco-color-border')};
      --eco-moderation-muted-color: ${token('--eco-color-text-muted')};
      --eco-moderation-button-background: ${token('--eco-color-accent')};
      --eco-moderation-button-color: ${token('--eco-color-accent-text')};
      --eco-moderation-error-color: ${token('--eco-color-danger')};
      --eco-moderation-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-moderation-border-color);
      --_button-accent: var(--eco-moderation-button-background);
      --_button-accent-text: var(--eco-moderation-button-color);
    }
    :host([hidden]) {
      display: none;
    }
    .base {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .title {
      margin: 0;
      font-size: calc(${token('--eco-font-size')} * 1.125);
    }
    .items {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .item {
      border: 1px solid var(--eco-moderation-border-color);
      border-radius: ${token('--eco-radius')};
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    .meta,
    .help {
      color: var(--eco-moderation-muted-color);
      font-size: calc(${token('--eco-font-size')} * 0.875);
    }
    .preview {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .state {
      font-weight: 600;
    }
    .reasons,
    .texts {
      margin: 0;
      padding-inline-start: ${token('--eco-space-m')};
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      align-items: center;
    }
    .hide-form {
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    textarea {
      font: inherit;
      min-height: 3em;
      resize: vertical;
    }
    .error {
      color: var(--eco-moderation-error-color);
      background: var(--eco-moderation-error-background);
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
    }
    .error p {
      margin: 0;
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
