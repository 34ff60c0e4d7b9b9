import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-talk-show-editor-border-color: ${token('--eco-color-border')};
      --eco-talk-show-editor-radius: ${token('--eco-radius')};
      --eco-talk-show-editor-muted-color: ${token('--eco-color-text-muted')};
      --eco-talk-show-editor-error-color: ${token('--eco-color-danger')};
      --_button-border: var(--eco-talk-show-editor-border-color);
      --_button-radius: var(--eco-talk-show-editor-radius);
    }
    .base,
    .field {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-xs')};
      margin: 0;
      min-inline-size: 0;
    }
    .base {
      gap: ${token('--eco-space-s')};
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')} ${token('--eco-space-m')};
      border: 1px solid var(--eco-talk-show-editor-border-color);
      border-radius: var(--eco-talk-show-editor-radius);
    }
    legend {
      font-weight: 600;
      padding: 0 ${token('--eco-space-xs')};
    }
    label,
    .label,
    .hint,
    .detail {
      color: var(--eco-talk-show-editor-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .hint,
    .error {
      margin: 0;
    }
    /* The live region stays in the page (one that appears is not always announced); empty, it takes no room. */
    .status:empty {
      margin-block-end: calc(-1 * ${token('--eco-space-xs')});
    }
    input {
      min-block-size: 2.25rem;
      padding: 0 ${token('--eco-space-s')};
      border: 1px solid var(--eco-talk-show-editor-border-color);
      border-radius: var(--eco-talk-show-editor-radius);
      font: inherit;
      color: inherit;
      background: inherit;
    }
    [aria-invalid='true'] {
      border-color: var(--eco-talk-show-editor-error-color);
    }
    .error {
      color: var(--eco-talk-show-editor-error-color);
      font-size: ${token('--eco-font-size-small')};
      font-weight: 600;
    }
    .hosts {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .host {
      display: flex;
      align-items: center;
      gap: ${token('--eco-space-xs')};
      padding-inline-start: ${token('--eco-space-s')};
      border: 1px solid var(--eco-talk-show-editor-border-color);
      border-radius: var(--eco-talk-show-editor-radius);
    }
    .search {
      position: relative;
      display: flex;
      flex-direction: column;
    }
    .host-list {
      position: absolute;
      z-index: 2;
      inset-block-start: 100%;
      inset-inline: 0;
      max-inline-size: 24rem;
      max-block-size: 16rem;
      overflow: auto;
      margin: 0;
      padding: ${token('--eco-space-xs')};
      list-style: none;
      border: 1px solid var(--eco-talk-show-editor-border-color);
      border-radius: var(--eco-talk-show-editor-radius);
      background: ${token('--eco-color-surface')};
      color: ${token('--eco-color-text')};
      box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
    }
    [role='option'] {
      display: flex;
      flex-direction: column;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: var(--eco-talk-show-editor-radius);
      cursor: pointer;
    }
    [role='option']:hover,
    [aria-selected='true'] {
      background: ${token('--eco-color-accent-soft')};
    }
    [aria-selected='true'] {
      outline: ${token('--eco-focus-ring-width')} solid ${token('--eco-focus-ring-color')};
    }
    button {
      align-self: flex-start;
    }
    button.icon {
      padding: 0 ${token('--eco-space-s')};
    }
  `,
];
