import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-talk-show-questions-border-color: ${token('--eco-color-border')};
      --eco-talk-show-questions-muted-color: ${token('--eco-color-text-muted')};
      --eco-talk-show-questions-accent: ${token('--eco-color-accent')};
      --eco-talk-show-questions-accent-text: ${token('--eco-color-accent-text')};
      --eco-talk-show-questions-error-color: ${token('--eco-color-danger')};
      --eco-talk-show-questions-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-talk-show-questions-border-color);
      --_button-radius: ${token('--eco-radius-pill')};
      --_button-padding: 0 ${token('--eco-space-s')};
      --_button-size: 2rem;
      --_button-font-size: ${token('--eco-font-size-small')};
      --_button-accent: var(--eco-talk-show-questions-accent);
      --_button-accent-text: var(--eco-talk-show-questions-accent-text);
    }
    section {
      display: grid;
      gap: ${token('--eco-space-s')};
      padding-block-start: ${token('--eco-space-s')};
      border-block-start: 1px solid var(--eco-talk-show-questions-border-color);
    }
    h3 {
      margin: 0;
      font-size: ${token('--eco-font-size-small')};
      color: var(--eco-talk-show-questions-muted-color);
    }
    .ask {
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    textarea {
      inline-size: 100%;
      box-sizing: border-box;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border: 1px solid var(--eco-talk-show-questions-border-color);
      border-radius: ${token('--eco-radius')};
      font: inherit;
      resize: vertical;
    }
    .ask-row,
    .actions,
    .order {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .ask-row .primary {
      margin-inline-start: auto;
    }
    .muted,
    .meta,
    .votes {
      color: var(--eco-talk-show-questions-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    ol {
      display: grid;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: grid;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-talk-show-questions-border-color);
      border-radius: ${token('--eco-radius')};
    }
    li.hidden {
      border-style: dashed;
    }
    li p {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .vote[aria-pressed='true'] {
      background: var(--eco-talk-show-questions-accent);
      color: var(--eco-talk-show-questions-accent-text);
      border-color: var(--eco-talk-show-questions-accent);
    }
    .order button[aria-pressed='true'] {
      font-weight: 600;
      border-color: var(--eco-talk-show-questions-accent);
    }
    .error {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      color: var(--eco-talk-show-questions-error-color);
      background: var(--eco-talk-show-questions-error-background);
    }
  `,
];
