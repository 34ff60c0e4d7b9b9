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
      --eco-post-background: ${token('--eco-color-surface')};
      --eco-post-border-color: ${token('--eco-color-border')};
      --eco-post-radius: ${token('--eco-radius')};
      --_button-border: var(--eco-post-border-color);
      --_button-radius: ${token('--eco-radius-pill')};
      --_button-padding: 0 ${token('--eco-space-s')};
      --_button-size: 0;
      --eco-post-padding: ${token('--eco-space-m')};
      --eco-post-muted-color: ${token('--eco-color-text-muted')};
      --eco-post-link-color: ${token('--eco-color-accent')};
      --eco-post-avatar-background: ${token('--eco-color-accent-soft')};
      --eco-post-avatar-color: ${token('--eco-color-accent')};
      --eco-post-code-background: ${token('--eco-color-surface-raised')};
      --eco-post-flag-background: ${token('--eco-color-surface-raised')};
      --eco-post-error-color: ${token('--eco-color-danger')};
      --eco-post-error-background: ${token('--eco-color-danger-soft')};
    }
    article {
      padding: var(--eco-post-padding);
      border: 1px solid var(--eco-post-border-color);
      border-radius: var(--eco-post-radius);
      background: var(--eco-post-background);
    }
    header {
      display: flex;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      flex: none;
      width: 2.5rem;
      height: 2.5rem;
      border-radius: 50%;
      overflow: hidden;
      background: var(--eco-post-avatar-background);
      color: var(--eco-post-avatar-color);
      font-weight: 600;
    }
    .avatar img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .byline {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .author {
      font-weight: 600;
    }
    .meta,
    .former {
      color: var(--eco-post-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .badges {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: ${token('--eco-space-xs')};
      margin-inline-start: auto;
    }
    .badge {
      padding: 0 ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius-pill')};
      background: var(--eco-post-avatar-background);
      color: var(--eco-post-avatar-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .badge svg,
    .acknowledge svg {
      vertical-align: -0.125em;
    }
    .flag {
      border: 1px solid var(--eco-post-border-color);
      background: var(--eco-post-flag-background);
      color: inherit;
    }
    .body {
      overflow-wrap: anywhere;
    }
    .body a {
      color: var(--eco-post-link-color);
    }
    .body code {
      font-family: ${token('--eco-font-family-mono')};
      background: var(--eco-post-code-background);
      border-radius: 0.25rem;
      padding: 0 0.2em;
    }
    .body pre {
      overflow-x: auto;
      padding: ${token('--eco-space-s')};
      background: var(--eco-post-code-background);
      border-radius: 0.25rem;
    }
    .body pre code {
      padding: 0;
    }
    .body blockquote {
      margin-inline: 0;
      padding-inline-start: ${token('--eco-space-m')};
      border-inline-start: 3px solid var(--eco-post-border-color);
      color: var(--eco-post-muted-color);
    }
    .polls,
    eco-link-card {
      margin-block: ${token('--eco-space-s')};
    }
    footer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .reactions {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
    }
    .comments {
      margin-inline-start: auto;
      color: var(--eco-post-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .acknowledgement {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
      margin-block: ${token('--eco-space-s')};
    }
    .acknowledge {
      min-height: 2.25rem;
      padding: 0 ${token('--eco-space-m')};
      border: 1px solid var(--eco-post-avatar-color);
      border-radius: ${token('--eco-radius')};
      background: var(--eco-post-background);
      color: var(--eco-post-avatar-color);
      font-weight: 600;
      cursor: pointer;
    }
    .acknowledge[aria-pressed='true'] {
      border-color: var(--eco-post-avatar-background);
      background: var(--eco-post-avatar-background);
      cursor: default;
    }
    .acknowledge[aria-busy='true'] {
      cursor: progress;
    }
    .link {
      padding: 0;
      border: 0;
      background: none;
      color: var(--eco-post-link-color);
      text-decoration: underline;
      cursor: pointer;
    }
    .readers dl {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')} ${token('--eco-space-m')};
      margin: 0 0 ${token('--eco-space-s')};
    }
    .readers dl > div {
      display: flex;
      gap: ${token('--eco-space-xs')};
    }
    .readers dt::after {
      content: ':';
    }
    .readers dd {
      margin: 0;
      font-weight: 600;
    }
    .error {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: var(--eco-post-radius);
      background: var(--eco-post-error-background);
      color: var(--eco-post-error-color);
    }
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-xs')};
    }
    .danger {
      border-color: var(--eco-post-error-color);
      color: var(--eco-post-error-color);
    }
    .languages {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      font-size: ${token('--eco-font-size-small')};
    }
    .languages button[aria-pressed='true'] {
      background: var(--eco-post-avatar-background);
      color: var(--eco-post-avatar-color);
    }
    .language {
      text-decoration: none;
      color: var(--eco-post-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .language {
      margin-inline-start: auto;
    }
    .badges:not(:empty) + .language {
      margin-inline-start: 0;
    }
    .badges:empty {
      display: none;
    }
    [hidden] {
      display: none;
    }
    .status {
      color: var(--eco-post-muted-color);
    }
    /* About the room of a talk-show's session (title, start, hosts), kept until it arrives. */
    .session-pending {
      min-height: 5.5rem;
      margin-block: ${token('--eco-space-s')};
    }
  `,
  mentionStyles,
];
