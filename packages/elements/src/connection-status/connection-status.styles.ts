import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export default [
  baseStyles,
  css`
    :host {
      display: inline-block;
      --eco-connection-status-color: ${token('--eco-color-text')};
      --eco-connection-status-background: ${token('--eco-color-surface')};
      --eco-connection-status-border-color: ${token('--eco-color-border')};
      --eco-connection-status-radius: ${token('--eco-radius-pill')};
      --eco-connection-status-online-color: ${token('--eco-color-accent')};
      --eco-connection-status-reconnecting-color: ${token('--eco-color-text-muted')};
      --eco-connection-status-offline-color: ${token('--eco-color-danger')};
      border-radius: var(--eco-connection-status-radius);
    }
    .base {
      display: inline-flex;
      align-items: center;
      gap: ${token('--eco-space-xs')};
      padding: 0 ${token('--eco-space-s')};
      min-height: 1.75rem;
      border: 1px solid var(--eco-connection-status-border-color);
      border-radius: var(--eco-connection-status-radius);
      background: var(--eco-connection-status-background);
      color: var(--eco-connection-status-color);
      font-size: ${token('--eco-font-size-small')};
      white-space: nowrap;
    }
    .indicator {
      width: 0.625rem;
      height: 0.625rem;
      border-radius: 50%;
      border: 2px solid currentColor;
      background: currentColor;
      flex: none;
    }
    .online {
      color: var(--eco-connection-status-online-color);
    }
    .reconnecting {
      color: var(--eco-connection-status-reconnecting-color);
      background: transparent;
    }
    .offline {
      color: var(--eco-connection-status-offline-color);
    }
    .cache-only {
      color: var(--eco-connection-status-offline-color);
      background: transparent;
    }
  `,
];
