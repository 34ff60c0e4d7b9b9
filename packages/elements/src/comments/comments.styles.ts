import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';
import { mentionStyles } from '../mentions/mention-chip.js';
import { personLinkStyles } from '../styles/person-link.js';

export default [
  baseStyles,
  buttonStyles,
  personLinkStyles,
  css`
    :host {
      display: block;
      --eco-comments-border-color: ${token('--eco-color-border')};
      --eco-comments-muted-color: ${token('--eco-color-text-muted')};
      --eco-comments-link-color: ${token('--eco-color-accent')};
      --eco-comments-button-background: ${token('--eco-color-accent')};
      --eco-comments-button-color: ${token('--eco-color-accent-text')};
      --eco-comments-error-color: ${token('--eco-color-danger')};
      --eco-comments-error-background: ${token('--eco-color-danger-soft')};
      --eco-comments-code-background: ${token('--eco-color-surface-raised')};
      --_button-border: var(--eco-comments-border-color);
      --_button-radius: ${token('--eco-radius-pill')};
      --_button-padding: 0 ${token('--eco-space-s')};
      --_button-size: 0;
      --_button-font-size: ${token('--eco-font-size-small')};
      --_button-accent: var(--eco-comments-button-background);
      --_button-accent-text: var(--eco-comments-button-color);
    }
    section {
      display: grid;
      gap: ${token('--eco-space-s')};
      padding-block-start: ${token('--eco-space-s')};
      border-block-start: 1px solid var(--eco-comments-border-color);
    }
    ol {
      display: grid;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .replies {
      margin-block-start: ${token('--eco-space-s')};
      padding-inline-start: ${token('--eco-space-m')};
      border-inline-start: 2px solid var(--eco-comments-border-color);
    }
    /* Pending comments are marked by a dashed rule and "Sending…", not by fading (contrast). */
    .comment[aria-busy='true'] {
      padding-inline-start: ${token('--eco-space-xs')};
      border-inline-start: 2px dashed var(--eco-comments-border-color);
    }
    /* Kept in the page while empty (no height): a live region present before it speaks is announced reliably. */
    .saved-copy:empty {
      margin: 0;
    }
    .byline,
    .status,
    .saved-copy,
    .hint,
    .pending,
    .deleted {
      color: var(--eco-comments-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .author {
      font-weight: 600;
      color: ${token('--eco-color-text')};
    }
    .body {
      overflow-wrap: anywhere;
    }
    .body p {
      margin-block: ${token('--eco-space-xs')};
    }
    .body a {
      color: var(--eco-comments-link-color);
    }
    .body code {
      font-family: ${token('--eco-font-family-mono')};
      background: var(--eco-comments-code-background);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-xs')};
    }
    form {
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    textarea {
      font: inherit;
      min-height: 3.5rem;
      padding: ${token('--eco-space-xs')};
      border: 1px solid var(--eco-comments-border-color);
      border-radius: ${token('--eco-radius')};
      resize: vertical;
    }
    label {
      font-weight: 600;
      font-size: ${token('--eco-font-size-small')};
    }
    .error {
      margin: 0;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      background: var(--eco-comments-error-background);
      color: var(--eco-comments-error-color);
      font-size: ${token('--eco-font-size-small')};
    }
    /* Files dragged over a box: the whole box is where they go. */
    .dropping {
      outline: 2px dashed ${token('--eco-color-accent')};
    }
  `,
  mentionStyles,
];
