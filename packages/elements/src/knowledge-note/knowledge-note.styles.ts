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
      --eco-knowledge-note-background: ${token('--eco-color-surface')};
      --eco-knowledge-note-border-color: ${token('--eco-color-border')};
      --eco-knowledge-note-radius: ${token('--eco-radius')};
      --eco-knowledge-note-padding: ${token('--eco-space-m')};
      --eco-knowledge-note-muted-color: ${token('--eco-color-text-muted')};
      --eco-knowledge-note-accent-color: ${token('--eco-color-accent')};
      --eco-knowledge-note-accent-text-color: ${token('--eco-color-accent-text')};
      --eco-knowledge-note-badge-background: ${token('--eco-color-accent-soft')};
      --eco-knowledge-note-danger-color: ${token('--eco-color-danger')};
      --eco-knowledge-note-danger-background: ${token('--eco-color-danger-soft')};
      --eco-knowledge-note-inserted-background: ${token('--eco-color-accent-soft')};
      --eco-knowledge-note-code-background: ${token('--eco-color-surface-raised')};
      --_button-border: var(--eco-knowledge-note-accent-color);
      --_button-radius: var(--eco-knowledge-note-radius);
      --_button-background: var(--eco-knowledge-note-background);
      --_button-color: var(--eco-knowledge-note-accent-color);
      --_button-padding: ${token('--eco-space-xs')} ${token('--eco-space-m')};
      --_button-size: 0;
      --_button-accent: var(--eco-knowledge-note-accent-color);
      --_button-accent-text: var(--eco-knowledge-note-accent-text-color);
    }
    .base {
      display: block;
      padding: var(--eco-knowledge-note-padding);
      border: 1px solid var(--eco-knowledge-note-border-color);
      border-radius: var(--eco-knowledge-note-radius);
      background: var(--eco-knowledge-note-background);
    }
    .title {
      margin: 0 0 ${token('--eco-space-s')};
      font-size: 1.25rem;
    }
    h3 {
      margin: ${token('--eco-space-m')} 0 ${token('--eco-space-s')};
      font-size: 1rem;
    }
    h4,
    h5 {
      margin: ${token('--eco-space-s')} 0 ${token('--eco-space-xs')};
      font-size: ${token('--eco-font-size-small')};
    }
    .line,
    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
      margin: 0 0 ${token('--eco-space-s')};
    }
    .meta,
    .muted,
    .hint,
    .status {
      color: var(--eco-knowledge-note-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .badge,
    .tag {
      display: inline-block;
      padding: 0 ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius-pill')};
      background: var(--eco-knowledge-note-badge-background);
      font-size: ${token('--eco-font-size-small')};
    }
    /* The maturity is in the badge's text; the colour and border only repeat it. */
    .maturity {
      border: 1px solid var(--eco-knowledge-note-border-color);
    }
    .maturity.reviewed,
    .maturity.reference {
      border-color: var(--eco-knowledge-note-accent-color);
    }
    .maturity.reference {
      font-weight: 600;
    }
    .maturity.draft {
      border-style: dashed;
    }
    .maturity.obsolete {
      border-color: var(--eco-knowledge-note-danger-color);
      color: var(--eco-knowledge-note-danger-color);
      background: var(--eco-knowledge-note-danger-background);
      text-decoration: line-through;
    }
    .review {
      font-size: ${token('--eco-font-size-small')};
    }
    .review.overdue {
      color: var(--eco-knowledge-note-danger-color);
    }
    .tags {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .body a,
    a {
      color: var(--eco-knowledge-note-accent-color);
    }
    .body code,
    .body pre {
      background: var(--eco-knowledge-note-code-background);
      font-family: ${token('--eco-font-family-mono')};
    }
    .body pre {
      padding: ${token('--eco-space-s')};
      overflow-x: auto;
    }
    .sources ul,
    .revisions {
      display: grid;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .source-url {
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
      margin-block-start: ${token('--eco-space-m')};
    }
    .actions .status {
      margin: 0;
      flex-basis: 100%;
    }
    button[aria-pressed='true'] {
      background: var(--eco-knowledge-note-accent-color);
      color: var(--eco-knowledge-note-accent-text-color);
    }
    .form {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .field {
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-m')};
    }
    label {
      font-weight: 600;
    }
    input,
    textarea,
    select {
      font: inherit;
      padding: ${token('--eco-space-xs')};
      border: 1px solid var(--eco-knowledge-note-border-color);
      border-radius: var(--eco-knowledge-note-radius);
      background: var(--eco-knowledge-note-background);
      color: inherit;
    }
    textarea {
      resize: vertical;
    }
    [aria-invalid='true'] {
      border-color: var(--eco-knowledge-note-danger-color);
    }
    .field-error,
    .message {
      color: var(--eco-knowledge-note-danger-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .message {
      margin: ${token('--eco-space-s')} 0;
      padding: ${token('--eco-space-s')};
      border-radius: var(--eco-knowledge-note-radius);
      background: var(--eco-knowledge-note-danger-background);
    }
    .message p {
      margin: 0;
    }
    .conflict {
      margin-block-end: ${token('--eco-space-m')};
    }
    .versions {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: ${token('--eco-space-m')};
    }
    .version {
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-knowledge-note-border-color);
      border-radius: var(--eco-knowledge-note-radius);
    }
    .version h3 {
      margin-block-start: 0;
    }
    dt {
      font-weight: 600;
      font-size: ${token('--eco-font-size-small')};
    }
    dd {
      margin: 0 0 ${token('--eco-space-xs')};
    }
    .pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .history {
      border-block-start: 1px solid var(--eco-knowledge-note-border-color);
      margin-block-start: ${token('--eco-space-m')};
    }
    .revisions li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .compare {
      margin-block: ${token('--eco-space-s')};
    }
    .diff-text {
      margin: 0;
    }
    ins {
      background: var(--eco-knowledge-note-inserted-background);
      text-decoration: underline;
    }
    del {
      background: var(--eco-knowledge-note-danger-background);
      color: var(--eco-knowledge-note-danger-color);
      text-decoration: line-through;
    }
  `,
  mentionStyles,
];
