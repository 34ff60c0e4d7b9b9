import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';
import { mentionStyles } from '../mentions/mention-chip.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-feed-gap: ${token('--eco-space-m')};
      --eco-feed-muted-color: ${token('--eco-color-text-muted')};
      --eco-feed-skeleton-color: ${token('--eco-color-surface-raised')};
      --eco-feed-button-background: ${token('--eco-color-surface')};
      --eco-feed-button-border-color: ${token('--eco-color-border')};
      --eco-feed-banner-background: ${token('--eco-color-accent')};
      --eco-feed-banner-color: ${token('--eco-color-accent-text')};
      --eco-feed-error-color: ${token('--eco-color-danger')};
      --eco-feed-error-background: ${token('--eco-color-danger-soft')};
      --eco-feed-pinned-background: ${token('--eco-color-accent-soft')};
      --eco-feed-pinned-border-color: ${token('--eco-color-accent')};
      --_button-border: var(--eco-feed-button-border-color);
      --_button-background: var(--eco-feed-button-background);
    }
    .pinned {
      display: flex;
      flex-direction: column;
      gap: var(--eco-feed-gap);
      margin-bottom: var(--eco-feed-gap);
      padding: ${token('--eco-space-s')};
      border: 2px solid var(--eco-feed-pinned-border-color);
      border-radius: ${token('--eco-radius')};
      background: var(--eco-feed-pinned-background);
    }
    .outgoing {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-s')};
      margin-bottom: var(--eco-feed-gap);
    }
    .outgoing-title {
      margin: 0;
      font-weight: 600;
    }
    .outgoing-post {
      padding: ${token('--eco-space-s')};
      border: 1px dashed var(--eco-feed-button-border-color);
      border-radius: ${token('--eco-radius')};
      overflow-wrap: anywhere;
    }
    .outgoing-body > :first-child {
      margin-top: 0;
    }
    .outgoing-status {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
      margin: 0;
      color: var(--eco-feed-muted-color);
    }
    .pinned-title {
      margin: 0;
      font-weight: 600;
    }
    .pinned-title svg {
      vertical-align: -0.125em;
    }
    .list {
      display: flex;
      flex-direction: column;
      gap: var(--eco-feed-gap);
    }
    /* Posts out of view skip style, layout and paint until they come near it
       (the virtualised list keeps only those near the view in the DOM anyway,
       and must measure every post it keeps). */
    .list:not(.virtual) > eco-post {
      content-visibility: auto;
      contain-intrinsic-size: auto 16rem;
    }
    .list.virtual {
      display: block;
    }
    .list.virtual > eco-post {
      width: 100%;
      padding-bottom: var(--eco-feed-gap);
    }
    .new-posts {
      display: block;
      margin: 0 auto var(--eco-feed-gap);
      border-color: var(--eco-feed-banner-background);
      border-radius: ${token('--eco-radius-pill')};
      background: var(--eco-feed-banner-background);
      color: var(--eco-feed-banner-color);
      font-weight: 600;
    }
    .skeleton {
      display: flex;
      flex-direction: column;
      gap: var(--eco-feed-gap);
    }
    .ghost {
      height: 7rem;
      border-radius: ${token('--eco-radius')};
      background: var(--eco-feed-skeleton-color);
    }
    @media (prefers-reduced-motion: no-preference) {
      .ghost {
        animation: pulse 1.5s ease-in-out infinite;
      }
    }
    @keyframes pulse {
      50% {
        opacity: 0.5;
      }
    }
    .empty,
    .end {
      color: var(--eco-feed-muted-color);
      text-align: center;
    }
    .error {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
      border-radius: ${token('--eco-radius')};
      background: var(--eco-feed-error-background);
      color: var(--eco-feed-error-color);
    }
    .error p {
      margin: 0;
    }
    .footer {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: ${token('--eco-space-s')};
      margin-top: var(--eco-feed-gap);
    }
    /* Not counted as moving (layout shift) while posts come in above it; still focusable. */
    .footer.pending {
      opacity: 0;
    }
    .sentinel {
      height: 1px;
    }
    .connection:empty {
      display: none;
    }
    .connection {
      margin: 0 0 var(--eco-feed-gap);
      color: var(--eco-feed-muted-color);
      font-size: ${token('--eco-font-size-small')};
      text-align: center;
    }
    .saved-copy {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
      align-items: center;
      justify-content: center;
      margin: 0 0 var(--eco-feed-gap);
      color: var(--eco-feed-muted-color);
      font-size: ${token('--eco-font-size-small')};
      text-align: center;
    }
    /* Kept in the page while empty (no height): a live region present before it speaks is announced reliably. */
    .saved-copy.empty {
      margin: 0;
    }
  `,
  mentionStyles,
];
