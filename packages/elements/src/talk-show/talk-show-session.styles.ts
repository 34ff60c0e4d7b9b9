import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      margin-block: ${token('--eco-space-s')};
      --eco-talk-show-session-border-color: ${token('--eco-color-border')};
      --eco-talk-show-session-muted-color: ${token('--eco-color-text-muted')};
      --eco-talk-show-session-badge-background: ${token('--eco-color-accent-soft')};
      --eco-talk-show-session-badge-color: ${token('--eco-color-accent')};
      --eco-talk-show-session-live-background: ${token('--eco-color-danger')};
      --eco-talk-show-session-link-color: ${token('--eco-color-accent')};
    }
    [part='base'] {
      display: grid;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-talk-show-session-border-color);
      border-radius: ${token('--eco-radius')};
    }
    p {
      margin: 0;
    }
    .title {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .meta {
      color: var(--eco-talk-show-session-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .badge {
      padding: 0 ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius-pill')};
      background: var(--eco-talk-show-session-badge-background);
      color: var(--eco-talk-show-session-badge-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .badge.live {
      background: var(--eco-talk-show-session-live-background);
      color: ${token('--eco-color-accent-text')};
    }
    .badge.ended {
      background: none;
      border: 1px solid var(--eco-talk-show-session-border-color);
      color: inherit;
    }
    a {
      color: var(--eco-talk-show-session-link-color);
    }
    .recording {
      display: grid;
      gap: ${token('--eco-space-s')};
      margin-block-start: ${token('--eco-space-xs')};
      padding-block-start: ${token('--eco-space-s')};
      border-block-start: 1px solid var(--eco-talk-show-session-border-color);
    }
    .recording.dropping {
      outline: 2px dashed var(--eco-talk-show-session-link-color);
      outline-offset: 2px;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-s')};
    }
    .error {
      color: ${token('--eco-color-danger')};
    }
  `,
];
